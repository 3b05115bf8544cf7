//! An audit's browser mode (`[crawl] render`): the renderer on its own
//! runtime (the analysis workers block on it), which pages it renders (all,
//! or the sample: each site's and section's first page), and the site roots'
//! page-load measurements (`measure`), written to the store after the crawl.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::Instant;

use crate::config::{Config, RenderPages};
use crate::crawl::fetch::{ClientOptions, FetchLimits};
use crate::crawl::{self, Observer};
use crate::error::{Error, Result};
use crate::facts::Problem;
use crate::lang::Lang;
use crate::messages;
use crate::pipeline;
use crate::render::{RenderOptions, Renderer};
use crate::rules::engine::Context;
use crate::store::Store;

use super::measure;

/// The browser mode of an audit: its own runtime (the parse workers block on
/// it), the renderer, and which sections the sample has rendered already.
pub(super) struct BrowserMode {
    pub(super) renderer: Renderer,
    pub(super) runtime: tokio::runtime::Runtime,
    pages: RenderPages,
    sections: Mutex<HashSet<(String, String)>>,
    /// The configured site roots: their pages are measured (page-load
    /// metrics) when `measure_runs` is not 0.
    measured: HashSet<String>,
    /// Measures the roots once rendered, when the machine is quiet.
    pub(super) measurer: Option<measure::Measurer>,
}

impl BrowserMode {
    /// The browser mode of `config`, its connections vetted by the crawl's
    /// address policy, pins and resolver (`client`).
    pub(super) fn new(config: &Config, client: &ClientOptions) -> Result<Option<BrowserMode>> {
        let pages = config.crawl.render;
        if pages == RenderPages::Off {
            return Ok(None);
        }
        let gate = client
            .browser_gate(&FetchLimits::from(&config.limits))
            .map_err(|e| Error::Client(e.to_string()))?;
        let renderer = Renderer::new(RenderOptions {
            deadline: config.crawl.render_deadline(),
            tabs: config.crawl.render_tabs(),
            repeat: config.crawl.measure_runs() as usize,
            gate: Some(std::sync::Arc::new(gate)),
            ..RenderOptions::default()
        })
        .map_err(|e| Error::NoBrowser(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| Error::Client(e.to_string()))?;
        // The browser starts while the crawl fetches its first pages (a
        // start that fails is tried again, and said, by the first render).
        let starting = renderer.clone();
        runtime.spawn(async move {
            let _ = starting.start().await;
        });
        let measurer = (config.crawl.measure_runs() > 0)
            .then(|| measure::Measurer::start(&runtime, renderer.clone()));
        Ok(Some(BrowserMode {
            measurer,
            renderer,
            runtime,
            pages,
            sections: Mutex::new(HashSet::new()),
            measured: if config.crawl.measure_runs() == 0 {
                HashSet::new()
            } else {
                config.sites.iter().map(|s| page_key(&s.root)).collect()
            },
        }))
    }

    /// Whether this rendered page's loading is measured: a configured
    /// site's root page, when measuring is on.
    pub(super) fn measures(&self, url: &str) -> bool {
        self.measured.contains(&page_key(url))
    }

    /// Whether this page is rendered: every page with `all`; with `sample`
    /// the first page of each site and section (first path segment, the
    /// root page's being empty).
    pub(super) fn wants(&self, site: &str, url: &str) -> bool {
        match self.pages {
            RenderPages::Off => false,
            RenderPages::All => true,
            RenderPages::Sample => {
                let section = url::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        u.path_segments()
                            .and_then(|mut s| s.next().map(str::to_string))
                    })
                    .unwrap_or_default();
                self.sections
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert((site.to_string(), section))
            }
        }
    }
}

impl BrowserMode {
    /// After the crawl: every site root rendered and not yet measured (in
    /// this run or, resumed, in the one before; the page it redirects to,
    /// when it does) gets what its measurement gave — metrics and page-load
    /// findings, or a problem — in the store.
    /// None starts after `until` (the audit's time budget spent): the roots
    /// left get a problem that says so.
    /// A `stopped` audit keeps what was measured and leaves the rest to
    /// `--resume`.
    pub(super) fn finish(
        self,
        store: &mut Store,
        ctx: &Context<'_>,
        stopped: bool,
        until: Option<Instant>,
        observer: &dyn Observer,
        lang: Lang,
    ) -> Result<()> {
        if self.measurer.is_none() {
            return Ok(());
        }
        // A test's kill between the crawl and the measurements (feature
        // `test-hooks`): the browser is stopped first, so its profile folder
        // goes too (after a real `kill -9` the browser ends when its pipe
        // closes, and the next run removes the folder).
        if cfg!(feature = "test-hooks")
            && std::env::var("PORTAL_AUDIT_TEST_CRASH_AT").is_ok_and(|at| at == "measuring")
        {
            drop(self);
            std::process::abort();
        }
        let Some(measurer) = self.measurer else {
            return Ok(());
        };
        // Each root's page: where it landed when it redirects (a portal's
        // "/" often leads to its home page's own address).
        let mut pages = BTreeSet::new();
        for root in &self.measured {
            pages.insert(
                crawl::Frontier::final_url_of(&*store, root)?.unwrap_or_else(|| root.clone()),
            );
        }
        let mut waiting = Vec::new();
        for url in &pages {
            if let Some(report) = store.page_report(url)?
                && report
                    .rendered
                    .as_ref()
                    .is_some_and(|r| r.metrics.is_none())
            {
                waiting.push(report);
            }
        }
        // Said when some are still to be measured: those measured during the
        // crawl are only written now.
        let done: HashSet<String> = measurer.done().iter().map(|url| page_key(url)).collect();
        let left = waiting
            .iter()
            .filter(|report| !done.contains(&page_key(&report.url)))
            .count();
        if !stopped && left > 0 && !measure::past(until) {
            observer.phase(&crawl::Phase::Measure { pages: left });
        }
        let mut results: HashMap<String, _> = measurer
            .finish(&self.runtime, stopped, until)
            .into_iter()
            .map(|(url, result)| (page_key(&url), result))
            .collect();
        for mut report in waiting {
            let result = match results.remove(&page_key(&report.url)) {
                Some(result) => result,
                None if stopped => continue,
                None if measure::past(until) => {
                    let problem = budget_spent(&report.url, lang);
                    store.put_measurement(&report, &[], Some(&problem))?;
                    continue;
                }
                None => self.runtime.block_on(self.renderer.measure(&report.url)),
            };
            match result {
                Ok(metrics) => {
                    let findings = pipeline::measured(&mut report, metrics, ctx);
                    store.put_measurement(&report, &findings, None)?;
                }
                Err(error) => {
                    let problem = error.measure_problem(&report.url, lang);
                    store.put_measurement(&report, &[], Some(&problem))?;
                }
            }
        }
        Ok(())
    }
}

/// The problem of a root left unmeasured when the audit's time budget ran
/// out: its served and rendered checks stand.
fn budget_spent(url: &str, lang: Lang) -> Problem {
    crate::render::unmeasured(url, &messages::text("measure-budget", lang, &[]), lang)
}

/// A page address as the measured set compares it: parsed, without its
/// fragment (the text itself when it does not parse).
fn page_key(url: &str) -> String {
    url::Url::parse(url).map_or_else(
        |_| url.to_string(),
        |mut u| {
            u.set_fragment(None);
            u.to_string()
        },
    )
}
