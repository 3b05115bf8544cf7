//! The crawler: from the configured sites to every page audited and every
//! link checked, recorded as it goes.
//!
//! ```text
//! sites ─► robots.txt, sitemaps (seed) ─► Frontier (the store) ─► fetch tasks (tokio,
//!   per-host limits and turns) ─► bounded channel ─► parse workers (rayon): Analyse
//!   ─► the crawl loop: scope decisions, each result recorded all or nothing, in batches
//! ```
//!
//! The crawler fetches, decides what is in scope and records facts; it judges
//! nothing. What a page means is the [`Analyse`] implementation's (the page
//! pipeline), where it is kept is the [`Frontier`]'s (the store), and how
//! progress is shown is the [`Observer`]'s (the command line): the library
//! never prints, and stops when the caller's stop flag is set.

pub mod address;
pub mod dns;
pub mod fetch;
pub mod frontier;
pub mod local;
pub mod polite;
pub mod robots;
pub mod scope;
pub mod sitemap;
pub mod styles;
pub mod tls;
pub mod transport;
pub mod url;

mod budget;
mod crawler;
mod decide;
mod record;
mod seed;
mod tasks;
mod turns;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

pub use budget::{AUDIT_BUDGET_SPENT, SITE_BUDGET_SPENT};
pub use crawler::crawl;
pub use frontier::{
    Action, Frontier, Known, NewUrl, PageDone, Queued, ResourceDone, SiteRow, SpentTime, UrlResult,
};

use crate::config::Config;
use crate::lang::Lang;
use crate::page::links::Link;
use crate::page::{PageInput, StyleSource};

/// A crash point for the tests (feature `test-hooks`, which `cargo test`
/// enables; never in a release build): the process aborts where
/// `PORTAL_AUDIT_TEST_CRASH_AT` names, as `kill -9` would stop it there, so
/// the tests can resume from every early moment of an audit.
#[cfg(feature = "test-hooks")]
pub fn crash_point(name: &str) {
    if std::env::var("PORTAL_AUDIT_TEST_CRASH_AT").is_ok_and(|at| at == name) {
        std::process::abort();
    }
}

/// Without the `test-hooks` feature: nothing.
#[cfg(not(feature = "test-hooks"))]
#[inline]
pub fn crash_point(_name: &str) {}

/// What the crawler asks of the analysis of a page: the page pipeline,
/// run on a parse worker (off the async runtime).
pub trait Analyse: Sync {
    /// What the analysis gives the [`Frontier`] (the crawler does not look).
    type Page: Send + 'static;

    /// Analyses an admitted page; its linked stylesheets come from `styles`.
    /// An analysis that will take long for a reason other than this page's
    /// links (the browser rendering it) hands the links it has to `ahead`
    /// first, so the crawl follows them meanwhile.
    fn analyse(
        &self,
        input: PageInput,
        styles: &dyn StyleSource,
        ahead: LinksAhead,
    ) -> Analysed<Self::Page>;

    /// How many pages this analysis can usefully work on at the same time
    /// while it mostly waits on something other than this process's CPU
    /// (the browser mode's tabs): the crawler runs this many analysis
    /// workers on threads of their own besides one per core (`0`, the
    /// default), so waiting pages do not hold the cores' workers.
    fn waiting_workers(&self) -> usize {
        0
    }
}

/// Where an analysis sends a page's links before its analysis ends: the
/// crawl queues them at once (one write, [`Frontier::add_urls`]), and the
/// page itself is recorded when its analysis ends, with every link it then
/// has (links found later, e.g. only in the rendered page, join then). A
/// crawl stopped in between has the links queued and the page still
/// queued: `--resume` fetches and analyses it again.
#[derive(Debug)]
pub struct LinksAhead(Option<tokio::sync::oneshot::Sender<(Vec<Link>, Option<String>)>>);

impl LinksAhead {
    /// Hands the page's links (and its `<base href>`) to the crawl now;
    /// only the first call counts.
    pub fn send(&mut self, links: Vec<Link>, base: Option<String>) {
        if let Some(sender) = self.0.take() {
            let _ = sender.send((links, base));
        }
    }
}

/// What the analysis of a page gives the crawler.
#[derive(Debug)]
pub struct Analysed<P> {
    /// Every link of the page.
    pub links: Vec<Link>,
    /// Its `<base href>`, if any.
    pub base: Option<String>,
    /// Its fragment targets.
    pub anchors: Vec<String>,
    /// What the [`Frontier`] keeps of it.
    pub page: P,
}

/// How far the crawl is, for a progress display.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Pages audited per site.
    pub pages_per_site: BTreeMap<String, usize>,
    /// URLs still queued.
    pub queued: usize,
    /// URLs done in this run.
    pub done: usize,
    /// Of them, those that failed (no answer, or a page not audited).
    pub errors: usize,
    /// Time since this run started.
    pub elapsed: Duration,
}

/// Told how the crawl goes (the command line shows it; tests ignore it).
pub trait Observer: Sync {
    /// Whether [`Observer::progress`] is wanted (counting costs store reads).
    fn wants_progress(&self) -> bool {
        true
    }
    /// About four times a second while the crawl runs.
    fn progress(&self, _progress: &Progress) {}
    /// Once, when the crawl ends or stops.
    fn finished(&self) {}
    /// When the audit enters a phase (the crawl, each site's tail of linked
    /// documents and feeds, each site's probes and site rules, the report),
    /// so a log shows where a long run is.
    fn phase(&self, _phase: &Phase) {}
}

/// A phase of an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Crawling and checking the pages (and the documents and feeds they link).
    Crawl,
    /// One site's pages are done (none queued or in flight) while documents
    /// or feeds it links are still being fetched and analysed; said once per
    /// site, and only when there is such a tail.
    Documents {
        /// Display name.
        name: String,
    },
    /// One site's transport probes (1-based `index` of `total`); not when a
    /// resumed audit has them already.
    Probes {
        /// Display name.
        name: String,
        /// Which site.
        index: usize,
        /// How many sites.
        total: usize,
    },
    /// One site's site rules (1-based `index` of `total`).
    Site {
        /// Display name.
        name: String,
        /// Which site.
        index: usize,
        /// How many sites.
        total: usize,
    },
    /// Measuring the loading of the site roots the crawl left to measure
    /// (the browser mode, when the machine was too busy during the crawl).
    Measure {
        /// How many pages.
        pages: usize,
    },
    /// Building the report from the store.
    Report,
}

/// An observer that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn wants_progress(&self) -> bool {
        false
    }
}

/// How a crawl ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Nothing is left queued.
    Complete,
    /// The stop flag was set; what is queued stays for `--resume`.
    Stopped,
}

/// What a crawl needs besides its frontier and its analysis.
#[derive(Debug)]
pub struct CrawlOptions<'a> {
    /// The sites, limits and crawl settings.
    pub config: &'a Config,
    /// The HTTP client's options (User-Agent, pins, CA certificates, resolver).
    pub client: &'a fetch::ClientOptions,
    /// Continue the frontier as it is (robots.txt read again, nothing seeded).
    pub resume: bool,
    /// The language of the problems recorded.
    pub lang: Lang,
    /// Set by the caller to stop cleanly.
    pub stop: &'a AtomicBool,
}
