//! The crawl loop: fetch tasks in flight within the concurrency limits, the
//! parse workers fed through a bounded channel, each result recorded as it
//! comes, in batches.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use url::Url;

use super::budget::Budget;
use super::fetch::{self, FetchLimits};
use super::frontier::{Action, Queued};
use super::polite::Hosts;
use super::robots::Robots;
use super::scope::Scope;
use super::styles::RemoteStyles;
use super::tasks::{self, Analysis, FetchOutput, ParseJob, Shared, TaskOutput};
use super::turns::{InFlight, Lanes, Slots};
use super::url::host_key;
use super::{Analyse, CrawlOptions, Ended, Frontier, Observer, Phase, Progress};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::page::StyleSource;

/// Results committed together at most, and the longest a result waits for
/// its commit (see [`Frontier::begin_batch`]).
const BATCH_RECORDS: usize = 64;
const BATCH_AGE: Duration = Duration::from_millis(500);
/// How often the time the budgets counted is kept in the store (a kill loses
/// at most this much of it).
const SPENT_EVERY: Duration = Duration::from_secs(1);

/// The crawl's state between the loop and its decisions.
pub(super) struct Crawler<P> {
    /// The configuration, with the sites discovered on the way.
    pub config: Config,
    pub scope: Scope,
    pub shared: Arc<Shared<P>>,
    pub robots: HashMap<String, Arc<Robots>>,
    /// Page slots per site (the page limit), given at fetch time.
    pub slots: BTreeMap<String, Slots>,
    /// The sites taking turns.
    pub lanes: Lanes,
    /// Sitemap entries queued as pages that no audited page links to (yet).
    pub listed_only: HashSet<String>,
    /// The time budgets.
    pub budget: Budget,
    /// The fetches in flight, by frontier id: to abandon those of a site
    /// whose budget ran out.
    pub handles: HashMap<i64, (tokio::task::AbortHandle, Option<String>)>,
    /// Documents and feeds to fetch per site (at most `pages_per_site`).
    pub resource_counts: BTreeMap<String, usize>,
    /// Documents and feeds in flight per site, and the sites whose tail of
    /// them (pages done, documents left) was said ([`Phase::Documents`]).
    pub documents: Documents,
    /// Hosts under the portal's domain become sites (a single site configured without an id).
    pub discover: bool,
}

/// Crawls the configured sites (or, with `options.resume`, what `frontier`
/// still holds queued) to the end or until the stop flag is set. Pages are
/// analysed by `analyser` on the rayon pool; every result is recorded in
/// `frontier` as it comes.
///
/// # Errors
/// The first error of the frontier (a store that cannot be written: the crawl
/// stops there, what was committed is kept), [`Error::Config`] for a bad
/// include or exclude pattern, [`Error::Client`] when the HTTP client or the
/// runtime cannot be set up.
pub fn crawl<A, F>(
    options: CrawlOptions<'_>,
    analyser: &A,
    frontier: &mut F,
    observer: &dyn Observer,
) -> Result<Ended>
where
    A: Analyse,
    F: Frontier<Page = A::Page>,
{
    let config = options.config;
    let limits = FetchLimits::from(&config.limits);
    let client =
        fetch::client_with(&limits, options.client).map_err(|e| Error::Client(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Client(e.to_string()))?;
    let hosts = Arc::new(Hosts::new(config.limits.delay()));
    let styles = RemoteStyles::new(
        client.clone(),
        &limits,
        hosts.clone(),
        runtime.handle().clone(),
    );
    // One analysis worker per core on the rayon pool, and as many more on
    // threads of their own as pages can wait at once (a page in a browser
    // tab): the tabs are all in use while the cores analyse other pages.
    let on_pool = rayon::current_num_threads().max(1);
    let workers = on_pool + analyser.waiting_workers();
    let (jobs, job_rx) = mpsc::channel::<ParseJob<A::Page>>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    let crawler = Crawler {
        config: config.clone(),
        scope: Scope::new(config)?,
        shared: Arc::new(Shared {
            client,
            limits,
            jobs,
            hosts,
            strip: config.crawl.strip_params.clone(),
            analysis_timeout: config.limits.analysis_timeout(),
            lang: options.lang,
        }),
        robots: HashMap::new(),
        slots: BTreeMap::new(),
        lanes: Lanes::default(),
        listed_only: HashSet::new(),
        budget: Budget::new(&config.limits),
        handles: HashMap::new(),
        resource_counts: BTreeMap::new(),
        documents: Documents::default(),
        discover: config.sites.len() == 1 && config.sites[0].id.is_none(),
    };
    let mut ended = Ok(Ended::Stopped);
    std::thread::scope(|threads| {
        for _ in on_pool..workers {
            threads.spawn(|| parse_worker(&job_rx, analyser, &styles));
        }
        rayon::in_place_scope(|scope| {
            for _ in 0..on_pool {
                scope.spawn(|_| parse_worker(&job_rx, analyser, &styles));
            }
            ended = runtime.block_on(async move {
                let mut crawler = crawler;
                crawler.prepare(frontier, options.resume).await?;
                crawler.run(frontier, observer, options.stop).await
                // The crawler and its tasks drop here: the channel closes
                // and the parse workers end.
            });
        });
    });
    // Every task was dropped with the loop (and its aborted requests with
    // the runtime), so no parse worker waits any more.
    runtime.shutdown_timeout(Duration::from_millis(100));
    observer.finished();
    ended
}

/// Analyses the pages of the channel until it closes. A page that makes the
/// analysis panic does not take the worker (and with it the crawl) down: its
/// reply is dropped, and the loop records the page as not analysed.
fn parse_worker<A: Analyse>(
    jobs: &Mutex<mpsc::Receiver<ParseJob<A::Page>>>,
    analyser: &A,
    styles: &dyn StyleSource,
) {
    loop {
        let job = {
            let Ok(mut guard) = jobs.lock() else { return };
            guard.blocking_recv()
        };
        let Some(ParseJob {
            input,
            reply,
            ahead,
        }) = job
        else {
            return;
        };
        let url = input.url.clone();
        let analysed = crate::resource::guarded("page", || {
            #[cfg(feature = "test-hooks")]
            hooks::panic_on(&input.url);
            analyser.analyse(input, styles, ahead)
        });
        match analysed {
            Ok(analysed) => {
                let _ = reply.send(analysed);
            }
            Err(why) => tracing::error!(
                "{}",
                crate::messages::log_text(
                    "log-analysis-failed",
                    &[("url", &url), ("detail", &why)]
                )
            ),
        }
    }
}

impl<P: Send + 'static> Crawler<P> {
    /// Runs the frontier to its end, or until `stop` is set.
    async fn run<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        observer: &dyn Observer,
        stop: &AtomicBool,
    ) -> Result<Ended> {
        let concurrency = self.config.limits.concurrency();
        let mut fetching: tokio::task::JoinSet<FetchOutput<P>> = tokio::task::JoinSet::new();
        // Fetched pages waiting for their analysis (bounded by the channel).
        let mut analysing: tokio::task::JoinSet<Analysis<P>> = tokio::task::JoinSet::new();
        let mut in_flight: HashSet<i64> = HashSet::new();
        // Pages whose links came ahead of their analysis (see `ahead_depth`).
        let mut ahead: HashSet<i64> = HashSet::new();
        let mut host_load: HashMap<String, usize> = HashMap::new();
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let started = Instant::now();
        let (mut done, mut errors) = (0, 0);
        let mut batch: Option<(Instant, usize)> = None;
        let mut counted = Instant::now();
        loop {
            if self.budget.any() && counted.elapsed() >= SPENT_EVERY {
                // The budgets' clocks, kept for --resume (with the open batch, if any).
                frontier.put_spent(&self.budget.spent())?;
                counted = Instant::now();
            }
            if batch.is_some_and(|(since, n)| n >= BATCH_RECORDS || since.elapsed() >= BATCH_AGE) {
                frontier.commit_batch()?;
                batch = None;
            }
            self.spend_budgets(frontier)?;
            if stop.load(Ordering::SeqCst) {
                if self.budget.any() {
                    frontier.put_spent(&self.budget.spent())?;
                }
                frontier.commit_batch()?;
                fetching.abort_all();
                analysing.abort_all();
                while fetching.join_next().await.is_some() {}
                while analysing.join_next().await.is_some() {}
                return Ok(Ended::Stopped);
            }
            // Requests in flight are limited by `concurrency`; pages fetched and
            // waiting for their analysis or their record count too (at most as
            // many again), so memory stays bounded when recording is the slow step.
            let room = concurrency
                .saturating_sub(fetching.len())
                .min((2 * concurrency).saturating_sub(fetching.len() + analysing.len()));
            if room > 0 {
                let mut flight = InFlight {
                    fetching: &mut fetching,
                    ids: &mut in_flight,
                    host_load: &mut host_load,
                };
                self.dispatch(frontier, room, &mut flight)?;
            }
            self.documents_tail(frontier, observer)?;
            if fetching.is_empty() && analysing.is_empty() {
                // Nothing in flight (whatever a lost task held is free again):
                // done once no URL is queued, else the next turns.
                in_flight.clear();
                ahead.clear();
                host_load.clear();
                self.handles.clear();
                self.nothing_in_flight();
                if self.lanes.is_empty() && frontier.queued_sites()?.is_empty() {
                    frontier.commit_batch()?;
                    return Ok(Ended::Complete);
                }
                continue;
            }
            let output = tokio::select! {
                fetched = fetching.join_next(), if !fetching.is_empty() => {
                    let Some(Ok(output)) = fetched else { continue };
                    // The request is over: its host slot is free.
                    let host = Url::parse(&output.queued().url)
                        .map(|u| host_key(&u))
                        .unwrap_or_default();
                    if let Some(load) = host_load.get_mut(&host) {
                        *load = load.saturating_sub(1);
                    }
                    match output {
                        FetchOutput::Parsing(pending) => {
                            analysing.spawn(tasks::analysed(pending, self.shared.lang));
                            continue;
                        }
                        FetchOutput::Dropped(queued) => {
                            in_flight.remove(&queued.id);
                            self.handles.remove(&queued.id);
                            self.fetch_ended(&queued, false);
                            self.lanes.wake(queued.site.as_deref());
                            continue;
                        }
                        FetchOutput::Ready(output) => output,
                    }
                }
                analysed = analysing.join_next(), if !analysing.is_empty() => {
                    let Some(Ok(analysis)) = analysed else { continue };
                    match analysis {
                        Analysis::Done(output) => output,
                        Analysis::Ahead(first) => {
                            // The page's links are queued now, in the open
                            // batch; the page is recorded when its analysis
                            // ends.
                            if batch.is_none() {
                                frontier.begin_batch()?;
                            }
                            batch.get_or_insert_with(|| (Instant::now(), 0)).1 += 1;
                            let tasks::LinksFirst { links, base, pending } = first;
                            if let Err(error) =
                                self.record_links_ahead(frontier, &pending, links, base).await
                            {
                                let _ = frontier.commit_batch();
                                return Err(error);
                            }
                            let queued = pending.queued();
                            if ahead.insert(queued.id) {
                                self.ahead_depth(queued, queued.depth, queued.depth + 1);
                            }
                            analysing.spawn(tasks::analysed(pending, self.shared.lang));
                            continue;
                        }
                    }
                }
                // The tick also lets a stop be seen while every task waits.
                _ = tick.tick() => {
                    if !observer.wants_progress() {
                        continue;
                    }
                    observer.progress(&Progress {
                        pages_per_site: frontier.pages_per_site()?,
                        queued: frontier.queued_count()?,
                        done,
                        errors,
                        elapsed: started.elapsed(),
                    });
                    continue;
                }
            };
            in_flight.remove(&output.queued().id);
            self.handles.remove(&output.queued().id);
            let queued = output.queued().clone();
            let failed = matches!(
                &output,
                TaskOutput::Url {
                    problem: Some(_),
                    ..
                }
            );
            if batch.is_none() {
                frontier.begin_batch()?;
            }
            batch.get_or_insert_with(|| (Instant::now(), 0)).1 += 1;
            if ahead.remove(&queued.id) {
                self.ahead_depth(&queued, queued.depth + 1, queued.depth);
            }
            match self.record(frontier, output).await {
                Ok(page) => self.fetch_ended(&queued, page),
                Err(error) => {
                    // What the batch holds before this result is kept (the
                    // result's writes were undone in their savepoint; its URL
                    // stays queued); the crawl stops on the error.
                    let _ = frontier.commit_batch();
                    return Err(error);
                }
            }
            done += 1;
            errors += usize::from(failed);
        }
    }
}

impl<P: Send + 'static> Crawler<P> {
    /// Moves a page in flight from depth `from` to `to` in its site's page
    /// slots. The pages of a depth are fetched only once no shallower page
    /// is in flight (breadth first, see `turns`); a page whose served links
    /// came ahead of its analysis counts at its links' depth until it is
    /// recorded: the pages it links to may be fetched meanwhile, the pages
    /// below them wait for the links only its rendered view may add.
    fn ahead_depth(&mut self, queued: &Queued, from: u32, to: u32) {
        if queued.action != Action::Crawl {
            return;
        }
        let Some(slots) = queued.site.as_ref().and_then(|s| self.slots.get_mut(s)) else {
            return;
        };
        let Some(n) = slots.depths.get_mut(&from) else {
            return;
        };
        *n -= 1;
        if *n == 0 {
            slots.depths.remove(&from);
        }
        *slots.depths.entry(to).or_default() += 1;
    }
}

/// The documents and feeds of each site in flight, for the log's phase line
/// of a site whose pages are done while its documents are still analysed.
#[derive(Debug, Default)]
pub(super) struct Documents {
    /// In flight, per site.
    pub in_flight: BTreeMap<String, usize>,
    /// The sites whose tail was said.
    pub said: HashSet<String>,
}

impl<P: Send + 'static> Crawler<P> {
    /// Says [`Phase::Documents`] once for each site whose pages are done (none
    /// in flight, none queued) while documents or feeds it links are still
    /// fetched or analysed: in a log, the end of a crawl spent on PDFs and
    /// Office files then shows as such.
    fn documents_tail<F: Frontier<Page = P>>(
        &mut self,
        frontier: &F,
        observer: &dyn Observer,
    ) -> Result<()> {
        let waiting: Vec<String> = self
            .documents
            .in_flight
            .iter()
            .filter(|(site, n)| **n > 0 && !self.documents.said.contains(*site))
            .filter(|(site, _)| self.slots.get(*site).is_none_or(|s| s.fetching == 0))
            .map(|(site, _)| site.clone())
            .collect();
        for site in waiting {
            if frontier.pages_queued_in(&site)? {
                continue;
            }
            self.documents.said.insert(site.clone());
            let name = frontier
                .sites()?
                .into_iter()
                .find(|row| row.id == site)
                .map_or(site, |row| row.name);
            observer.phase(&Phase::Documents { name });
        }
        Ok(())
    }
}

/// Test hooks, built only with the `test-hooks` feature (which `cargo test`
/// enables): never in a release build.
#[cfg(feature = "test-hooks")]
mod hooks {
    use std::sync::LazyLock;

    static PANIC_URL: LazyLock<Option<String>> =
        LazyLock::new(|| std::env::var("PORTAL_AUDIT_TEST_PANIC_URL").ok());

    /// The page whose URL ends with `PORTAL_AUDIT_TEST_PANIC_URL` makes the
    /// analysis panic, so the tests can show the audit goes on without
    /// finding a page that really crashes a parser.
    pub(super) fn panic_on(url: &str) {
        if PANIC_URL
            .as_deref()
            .is_some_and(|end| !end.is_empty() && url.ends_with(end))
        {
            panic!("test hook: PORTAL_AUDIT_TEST_PANIC_URL");
        }
    }
}
