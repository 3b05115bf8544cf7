//! portal-audit: audits a Vietnamese state agency's web portal and its
//! component sites for accessibility, Vietnamese Unicode (TCVN 6909:2001),
//! mandatory information, links and web standards.
//!
//! The pipeline (see `docs/architecture.md`):
//!
//! ```text
//! inputs ─► crawl (fetch; judges nothing) ─► page (decode like a browser,
//! parse once with positions, index) ─► rules (pure functions, ACT outcomes)
//! ─► report model (JSON is canonical) ─► gate (exit code)
//! ```
//!
//! Rules never do I/O, the crawler never judges content, and reports never
//! re-check anything. Rule metadata (severity, legal bases with validity
//! windows, WCAG criteria, vi/en texts) is data in `rulesets/*.toml`.

pub mod audit;
pub mod baseline;
pub mod check;
pub mod config;
pub mod crawl;
pub mod demo;
pub mod error;
pub mod facts;
pub mod finding;
pub mod gate;
pub mod lang;
pub mod legal;
pub mod messages;
pub mod page;
pub mod pipeline;
pub mod process;
pub mod render;
pub mod report;
pub mod resource;
pub mod rules;
pub mod ruleset;
pub mod store;
pub mod synth;
pub mod vietnamese;

pub use error::{Error, ErrorKind, Result};
