//! What the integration tests share: the scripted HTTP server and the
//! synthetic portal (`server`, `synthetic`; `examples/synth_portal.rs` serves
//! the same portal outside the tests by including this module), running the
//! built binary and validating its reports (`cli`), the snapshot settings
//! (`snapshot`), serving a site fixture folder (`site`), and headless
//! Chromium over DevTools (`browser`).

pub mod browser;
#[cfg(test)]
pub mod dns;
pub mod server;
pub mod site;
pub mod synthetic;

// These run the binary cargo builds for the tests (`CARGO_BIN_EXE_*` exists
// only there), so they are left out of the example.
#[cfg(test)]
pub mod cli;
#[cfg(test)]
pub mod snapshot;
