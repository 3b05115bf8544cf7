//! Getting pages from the network. The crawler judges nothing: it fetches,
//! records what happened, and hands bytes and headers to the page model.

pub mod dns;
pub mod fetch;
pub mod local;
pub mod polite;
pub mod robots;
pub mod sitemap;
pub mod styles;
pub mod tls;
pub mod transport;
pub mod url;
