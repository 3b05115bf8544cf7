//! `audit`: crawl the portal and its component sites, audit every page, check
//! every link, and build the report from the store.
//!
//! ```text
//! sites ─► robots.txt, sitemaps ─► frontier (store) ─► fetch tasks (tokio, per-host limits)
//!        ─► bounded channel ─► rayon: Page::parse + page rules + link extraction
//!        ─► coordinator: scope decisions, one transaction per page ─► store
//!        ─► site rules over the store ─► report
//! ```
//!
//! The coordinator owns the store and decides what is crawled, checked or
//! skipped; fetch tasks only fetch; the rayon side only parses and runs rules.
//! A parsed page is dropped as soon as its results are extracted, and at most
//! `concurrency` bodies are held at once, so memory stays flat.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use regex::Regex;
use tokio::sync::{mpsc, oneshot};
use url::Url;

use crate::config::{Config, SiteConfig};
use crate::crawl::fetch::{self, FetchError, Fetched, Method};
use crate::crawl::robots::Robots;
use crate::crawl::transport::SiteFacts;
use crate::crawl::url::{self as curl, TrapLimits};
use crate::crawl::{sitemap, url::host_key};
use crate::error::{Error, Result};
use crate::facts::{LinkStatus, RedirectHop, SitemapFile, XmlSitemapFacts};
use crate::gate::FailOn;
use crate::messages;
use crate::page::links::{self, LinkKind};
use crate::page::{Page, PageInput, Stylesheet};
use crate::report::model::{Finding, PageReport, Problem, Report};
use crate::resource::{MAX_RESOURCE_BYTES, ResourceFacts};
use crate::rules::engine::{self, Context};
use crate::ruleset::{Lang, Ruleset};
use crate::store::{Action, NewUrl, Queued, SiteRow, Store, StoredLink, UrlResult};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Nothing (`--quiet`).
    Quiet,
    /// A live bar on a terminal.
    Bar,
    /// A plain line every few seconds (CI logs).
    Log,
}

/// What `audit` was asked to do.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The sites, limits and crawl settings.
    pub config: Config,
    /// The SQLite store.
    pub store: PathBuf,
    /// Continue the audit in `store` instead of starting afresh.
    pub resume: bool,
    /// Reference date for legal bases.
    pub as_of: NaiveDate,
    /// Display language.
    pub lang: Lang,
    /// Gate threshold.
    pub fail_on: FailOn,
    /// Run only these rules (all when empty).
    pub only_rules: Vec<String>,
    /// Progress display.
    pub progress: Progress,
    /// Extra trusted root certificates for the crawl and the transport checks (`--ca-cert`).
    pub ca_certs: Vec<rustls::pki_types::CertificateDer<'static>>,
    /// The resolver for the crawl and the DNS checks (`--dns-server`); `resolve` pins win over it.
    pub dns_server: crate::crawl::dns::DnsServer,
}

/// The result of an audit run.
#[derive(Debug)]
pub struct AuditOutcome {
    /// The report as the store holds it.
    pub report: Report,
    /// Stopped by Ctrl-C before the end (`--resume` continues).
    pub interrupted: bool,
}

/// Runs an audit. `stop` is set by the caller (Ctrl-C) to stop cleanly.
///
/// # Errors
/// [`Error::Store`] when the store cannot be written, [`Error::Config`] when a
/// resumed store holds no configuration, [`Error::NothingAudited`] when no
/// page could be fetched.
pub fn run(
    options: AuditOptions,
    ruleset: &Ruleset,
    stop: Arc<AtomicBool>,
) -> Result<AuditOutcome> {
    let started = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut store = if options.resume {
        Store::open(&options.store)?
    } else {
        if let Ok(previous) = Store::open(&options.store)
            && previous.meta("state")?.as_deref() != Some("complete")
        {
            return Err(Error::Usage(format!(
                "{} holds an unfinished audit: continue it with --resume, or delete the file (or give another --store) to start afresh",
                options.store.display()
            )));
        }
        Store::create(&options.store)?
    };
    let config = if options.resume {
        let text = store.meta("config")?.unwrap_or_default();
        serde_json::from_str::<Config>(&text).map_err(|e| Error::Config {
            file: options.store.display().to_string(),
            message: format!("the stored configuration does not parse: {e}"),
        })?
    } else {
        let c = options.config.clone();
        store.set_meta("config", &serde_json::to_string(&c).unwrap_or_default())?;
        store.set_meta("started_at", &started)?;
        store.set_meta("as_of", &options.as_of.to_string())?;
        store.set_meta("lang", options.lang.id())?;
        store.set_meta("fail_on", options.fail_on.id())?;
        store.set_meta("only_rules", &options.only_rules.join(","))?;
        c
    };
    let as_of = store
        .meta("as_of")?
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or(options.as_of);
    let only: Vec<String> = store
        .meta("only_rules")?
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let user_agent = match config.crawl.user_agent.as_deref() {
        None | Some("honest" | "") => fetch::USER_AGENT.to_string(),
        Some("browser") => fetch::BROWSER_USER_AGENT.to_string(),
        Some(other) => other.to_string(),
    };
    store.set_meta("user_agent", &user_agent)?;
    store.set_meta(
        "ignore_robots",
        if config.crawl.ignore_robots {
            "true"
        } else {
            "false"
        },
    )?;
    store.set_meta("state", "running")?;
    store.start_run(&started)?;

    let limits = config.limits.fetch_limits();
    let resolve = config
        .crawl
        .resolve
        .iter()
        .filter_map(|r| crate::config::parse_resolve(r).ok())
        .collect();
    // One set of client options for the crawl and the transport probes:
    // `--ca-cert`, `resolve` pins and `--dns-server` apply to both.
    let client_options = fetch::ClientOptions {
        user_agent: Some(user_agent),
        resolve,
        ca_certs: options.ca_certs.clone(),
        dns_server: options.dns_server,
        ..fetch::ClientOptions::default()
    };
    let client =
        fetch::client_with(&limits, &client_options).map_err(|e| Error::Client(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Client(e.to_string()))?;

    let ctx = Context {
        ruleset,
        as_of,
        only,
    };
    let workers = rayon::current_num_threads().max(1);
    let (job_tx, job_rx) = mpsc::channel::<ParseJob>(workers * 2);
    let job_rx = std::sync::Mutex::new(job_rx);
    let mut crawler = Crawler {
        config: config.clone(),
        scope: Scope::new(&config)?,
        shared: Arc::new(Shared {
            client,
            limits,
            jobs: job_tx,
            hosts: std::sync::Mutex::new(HashMap::new()),
            delay: config.limits.delay(),
            styles: std::sync::Mutex::new(HashMap::new()),
            strip: config.crawl.strip_params.clone(),
            analysis_timeout: config.limits.analysis_timeout(),
            lang: options.lang,
        }),
        robots: HashMap::new(),
        crawl_counts: BTreeMap::new(),
        resource_counts: BTreeMap::new(),
        discover: config.sites.len() == 1 && config.sites[0].id.is_none(),
        progress: options.progress,
        stop: stop.clone(),
    };
    let mut interrupted = false;
    rayon::in_place_scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| parse_worker(&job_rx, &ctx));
        }
        let result = runtime.block_on(async {
            let stop_signal = stop.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    stop_signal.store(true, Ordering::SeqCst);
                }
            });
            crawler.prepare(&mut store, options.resume).await?;
            crawler.crawl(&mut store).await
        });
        // Closing the channel ends the parse workers.
        drop(std::mem::replace(
            &mut crawler.shared,
            Arc::new(Shared::closed()),
        ));
        // Shutting the runtime down drops every task (and its sender) even
        // when the crawl ended early, so the parse workers see the channel close.
        runtime.shutdown_timeout(Duration::from_millis(100));
        match result {
            Ok(done) => interrupted = !done,
            Err(e) => {
                interrupted = true;
                tracing::error!("{e}");
            }
        }
    });
    let finished = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if !interrupted {
        // How each site root is served (HTTPS, TLS, HSTS, DNS): a few requests
        // per site, after the crawl, for the standards rules.
        let probe_runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Client(e.to_string()))?;
        let probe_limits = config.limits.fetch_limits();
        for site in store.sites()? {
            let mut data = store.site_data(&site)?;
            // Probed once per audit: resuming a finished audit (its sites
            // may be down by then) judges the facts of the audit's time.
            let probe_key = format!("site_probe:{}", site.id);
            let stored = store
                .meta(&probe_key)?
                .and_then(|json| serde_json::from_str::<SiteFacts>(&json).ok());
            let facts = match stored {
                Some(facts) => Some(facts),
                None => {
                    let probed = probe_runtime.block_on(crate::crawl::transport::probe_site(
                        &site.root,
                        &client_options,
                        &probe_limits,
                        config.limits.delay().max(Duration::from_secs_f64(
                            site.crawl_delay.unwrap_or(0.0).clamp(0.0, 60.0),
                        )),
                    ));
                    if let Some(facts) = &probed
                        && let Ok(json) = serde_json::to_string(facts)
                    {
                        store.set_meta(&probe_key, &json)?;
                    }
                    probed
                }
            };
            if let Some(facts) = facts {
                data.transport = Some(facts.transport);
                data.dns = facts.dns;
            }
            let result = engine::run_site(&data, &ctx);
            store.put_site_results(
                &site.id,
                &result.outcomes,
                &result.findings,
                result.checklist.as_ref(),
            )?;
        }
        store.set_meta("state", "complete")?;
    } else {
        store.set_meta("state", "interrupted")?;
    }
    store.finish_run(&finished)?;
    if !interrupted && store.page_count()? == 0 {
        let report = crate::store::build_report(&store, ruleset)?;
        let reasons: Vec<String> = report
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.input, p.message))
            .collect();
        return Err(Error::NothingAudited(if reasons.is_empty() {
            "no page could be fetched".into()
        } else {
            reasons.join("; ")
        }));
    }
    let report = crate::store::build_report(&store, ruleset)?;
    Ok(AuditOutcome {
        report,
        interrupted,
    })
}

/// A page to parse and check on the rayon side.
struct ParseJob {
    input: PageInput,
    reply: oneshot::Sender<Parsed>,
}

/// What the rayon side made of a page.
struct Parsed {
    report: PageReport,
    /// What site rules will need of the page (the DOM is dropped here).
    site_page: crate::rules::site::SitePage,
    findings: Vec<Finding>,
    links: Vec<links::Link>,
    base: Option<String>,
    anchors: Vec<String>,
}

fn parse_worker(rx: &std::sync::Mutex<mpsc::Receiver<ParseJob>>, ctx: &Context<'_>) {
    loop {
        let job = {
            let Ok(mut guard) = rx.lock() else { return };
            guard.blocking_recv()
        };
        let Some(ParseJob { input, reply }) = job else {
            return;
        };
        // A page that makes the analysis panic must not take the worker
        // (and with it the crawl) down: the reply is dropped, and the crawl
        // loop reports the page as not analysed.
        let url = input.url.clone();
        match crate::resource::guarded("page", || analyse_page(input, ctx)) {
            Ok(parsed) => {
                let _ = reply.send(parsed);
            }
            Err(why) => tracing::error!("{url}: {why}"),
        }
    }
}

/// Parses a fetched page and runs the page rules on it.
fn analyse_page(input: PageInput, ctx: &Context<'_>) -> Parsed {
    if hook::panics_on(&input.url) {
        panic!("test hook: PORTAL_AUDIT_TEST_PANIC_URL");
    }
    let page = Page::parse(input);
    let result = engine::run_page(&page, ctx);
    let links = links::extract(&page);
    Parsed {
        report: crate::check::page_report(&page, &result),
        site_page: crate::rules::site::SitePage::from_page(&page, &links),
        findings: result.findings,
        links,
        base: links::base_href(&page),
        anchors: links::anchors(&page),
    }
}

/// A test hook: the page whose URL ends with `PORTAL_AUDIT_TEST_PANIC_URL`
/// makes the analysis panic, so the tests can show the audit goes on
/// without finding a page that really crashes a parser.
mod hook {
    use std::sync::LazyLock;

    static PANIC_URL: LazyLock<Option<String>> =
        LazyLock::new(|| std::env::var("PORTAL_AUDIT_TEST_PANIC_URL").ok());

    pub(super) fn panics_on(url: &str) -> bool {
        PANIC_URL
            .as_deref()
            .is_some_and(|end| !end.is_empty() && url.ends_with(end))
    }
}

/// When a host may next be asked, and its interval.
type HostGate = Arc<tokio::sync::Mutex<(Instant, Duration)>>;

/// A stylesheet fetched once, however many pages ask for it at the same time.
type StyleCell = Arc<tokio::sync::OnceCell<Option<Arc<Stylesheet>>>>;

/// What fetch tasks share.
struct Shared {
    client: reqwest::Client,
    limits: fetch::FetchLimits,
    jobs: mpsc::Sender<ParseJob>,
    hosts: std::sync::Mutex<HashMap<String, HostGate>>,
    delay: Duration,
    styles: std::sync::Mutex<HashMap<String, StyleCell>>,
    /// Query parameters stripped in normalisation.
    strip: Vec<String>,
    /// How long the analysis of one document or feed may take.
    analysis_timeout: Duration,
    /// The language of the problems reported.
    lang: Lang,
}

impl Shared {
    fn closed() -> Self {
        let (jobs, _) = mpsc::channel(1);
        Self {
            client: reqwest::Client::new(),
            limits: fetch::FetchLimits::default(),
            jobs,
            hosts: std::sync::Mutex::new(HashMap::new()),
            delay: Duration::ZERO,
            styles: std::sync::Mutex::new(HashMap::new()),
            strip: Vec::new(),
            analysis_timeout: Duration::ZERO,
            lang: Lang::Vi,
        }
    }

    /// Waits until the host may be asked again (per-host interval).
    async fn polite(&self, host: &str) {
        let gate = {
            let Ok(mut hosts) = self.hosts.lock() else {
                return;
            };
            hosts
                .entry(host.to_string())
                .or_insert_with(|| Arc::new(tokio::sync::Mutex::new((Instant::now(), self.delay))))
                .clone()
        };
        let wait = {
            let mut slot = gate.lock().await;
            let now = Instant::now();
            let at = slot.0.max(now);
            slot.0 = at + slot.1;
            at - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    fn set_delay(&self, host: &str, delay: Duration) {
        if let Ok(mut hosts) = self.hosts.lock() {
            hosts.insert(
                host.to_string(),
                Arc::new(tokio::sync::Mutex::new((Instant::now(), delay))),
            );
        }
    }
}

/// Which URLs belong to which site.
struct Scope {
    sites: Vec<(String, String, String)>,
    include: Vec<Regex>,
    exclude: Vec<Regex>,
    strip: Vec<String>,
    traps: TrapLimits,
    year: i32,
}

impl Scope {
    fn new(config: &Config) -> Result<Self> {
        let compile = |patterns: &[String]| -> Result<Vec<Regex>> {
            patterns
                .iter()
                .map(|p| {
                    Regex::new(p).map_err(|e| Error::Config {
                        file: "audit.toml".into(),
                        message: format!("pattern `{p}`: {e}"),
                    })
                })
                .collect()
        };
        let mut scope = Self {
            sites: Vec::new(),
            include: compile(&config.crawl.include)?,
            exclude: compile(&config.crawl.exclude)?,
            strip: config.crawl.strip_params.clone(),
            traps: TrapLimits::default(),
            year: chrono::Datelike::year(&chrono::Utc::now()),
        };
        for site in &config.sites {
            scope.add(&config.site_id(site), &site.root);
        }
        Ok(scope)
    }

    fn add(&mut self, id: &str, root: &str) {
        if let Ok(url) = Url::parse(root) {
            let prefix = url
                .path()
                .rsplit_once('/')
                .map_or("/", |(p, _)| p)
                .to_string();
            let prefix = if prefix.ends_with('/') {
                prefix
            } else {
                format!("{prefix}/")
            };
            self.sites.push((id.to_string(), host_key(&url), prefix));
        }
    }

    fn site_of(&self, url: &Url) -> Option<&str> {
        let key = host_key(url);
        self.sites
            .iter()
            .filter(|(_, host, prefix)| *host == key && url.path().starts_with(prefix.as_str()))
            .max_by_key(|(_, _, prefix)| prefix.len())
            .map(|(id, _, _)| id.as_str())
    }

    fn excluded(&self, url: &str) -> Option<String> {
        self.exclude
            .iter()
            .find(|r| r.is_match(url))
            .map(|r| format!("matches the exclude pattern `{}`", r.as_str()))
    }

    fn included(&self, url: &str) -> bool {
        self.include.is_empty() || self.include.iter().any(|r| r.is_match(url))
    }
}

struct Crawler {
    config: Config,
    scope: Scope,
    shared: Arc<Shared>,
    robots: HashMap<String, Arc<Robots>>,
    crawl_counts: BTreeMap<String, usize>,
    /// Documents and feeds to fetch per site (at most `pages_per_site`).
    resource_counts: BTreeMap<String, usize>,
    discover: bool,
    progress: Progress,
    stop: Arc<AtomicBool>,
}

/// What a fetch task brings back.
enum TaskOutput {
    Page {
        queued: Queued,
        result: UrlResult,
        final_url: String,
        parsed: Box<Parsed>,
    },
    Url {
        queued: Queued,
        result: UrlResult,
        problem: Option<Problem>,
    },
    /// A linked document or feed, fetched and analysed.
    Resource {
        queued: Queued,
        result: UrlResult,
        facts: Option<Box<ResourceFacts>>,
    },
}

impl TaskOutput {
    fn queued(&self) -> &Queued {
        match self {
            TaskOutput::Page { queued, .. }
            | TaskOutput::Url { queued, .. }
            | TaskOutput::Resource { queued, .. } => queued,
        }
    }
}

/// A page fetched and handed to the parse pool: its network slot is free
/// again; the crawl loop waits for the parse apart ([`parsed`] gives the
/// [`TaskOutput::Page`]).
struct PendingParse {
    queued: Queued,
    result: UrlResult,
    final_url: String,
    wait: oneshot::Receiver<Parsed>,
}

/// What a fetch task hands back: a result to record, or a page whose parse
/// is still to be waited for.
enum FetchOutput {
    Ready(TaskOutput),
    Parsing(PendingParse),
}

impl FetchOutput {
    fn queued(&self) -> &Queued {
        match self {
            FetchOutput::Ready(output) => output.queued(),
            FetchOutput::Parsing(pending) => &pending.queued,
        }
    }
}

impl Crawler {
    /// Reads robots.txt of every site; on a fresh run also seeds the roots and sitemaps.
    async fn prepare(&mut self, store: &mut Store, resume: bool) -> Result<()> {
        if resume {
            for site in store.sites()? {
                if !self.scope.sites.iter().any(|(id, _, _)| *id == site.id) {
                    self.scope.add(&site.id, &site.root);
                }
                self.load_robots(&site.root).await;
                let root = Url::parse(&site.root)
                    .ok()
                    .and_then(|r| curl::normalize(&r, "", &self.scope.strip));
                if let Some(root) = root
                    && let Some(final_url) = store.final_url_of(root.url.as_str())?
                {
                    self.alias_root(&site.id, root.url.as_str(), &final_url)
                        .await;
                }
            }
            self.crawl_counts = store.crawl_counts()?;
            self.resource_counts = store.resource_counts()?;
            return Ok(());
        }
        let sites: Vec<SiteConfig> = self.config.sites.clone();
        for site in &sites {
            let id = self.config.site_id(site);
            self.add_site(store, &id, site, false).await?;
        }
        Ok(())
    }

    async fn load_robots(&mut self, root: &str) -> Arc<Robots> {
        let Ok(url) = Url::parse(root) else {
            return Arc::new(Robots::allow_all(None));
        };
        let key = host_key(&url);
        if let Some(r) = self.robots.get(&key) {
            return r.clone();
        }
        let robots = if self.config.crawl.ignore_robots {
            Robots::allow_all(Some("ignored (--ignore-robots)".into()))
        } else {
            let robots_url = url
                .join("/robots.txt")
                .map(|u| u.to_string())
                .unwrap_or_default();
            self.shared.polite(&key).await;
            match fetch::fetch(&self.shared.client, &robots_url, &self.shared.limits).await {
                Ok(f) if (200..300).contains(&f.status) => Robots::parse(&f.body),
                Ok(f) if (400..500).contains(&f.status) => Robots::allow_all(None),
                Ok(f) => Robots::allow_all(Some(format!(
                    "robots.txt answered HTTP {}; everything allowed",
                    f.status
                ))),
                Err(e) => Robots::allow_all(Some(format!(
                    "robots.txt could not be read ({e}); everything allowed"
                ))),
            }
        };
        let delay = robots.delay.unwrap_or_default().max(self.shared.delay);
        self.shared.set_delay(&key, delay);
        let robots = Arc::new(robots);
        self.robots.insert(key, robots.clone());
        robots
    }

    async fn add_site(
        &mut self,
        store: &mut Store,
        id: &str,
        site: &SiteConfig,
        discovered: bool,
    ) -> Result<()> {
        let robots = self.load_robots(&site.root).await;
        store.put_site(&SiteRow {
            id: id.to_string(),
            name: site.name.clone().unwrap_or_else(|| id.to_string()),
            root: site.root.clone(),
            role: site.role.clone(),
            discovered,
            robots: robots.note.clone(),
            crawl_delay: robots
                .delay
                .map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
        })?;
        let Ok(root) = Url::parse(&site.root) else {
            return Ok(());
        };
        let mut seeds = Vec::new();
        if let Some(n) = curl::normalize(&root, "", &self.scope.strip) {
            seeds.push(self.decide(&n.url, false, LinkKind::Navigation, 0, true));
        }
        if self.config.crawl.sitemaps() {
            let mut queue: Vec<String> = robots.sitemaps.clone();
            if let Ok(default) = root.join("/sitemap.xml") {
                queue.push(default.to_string());
            }
            let mut seen = HashSet::new();
            let mut seeded: HashSet<String> = seeds.iter().map(|s| s.url.clone()).collect();
            let mut files = 0;
            // What was found is kept for the rules on the XML sitemap.
            let mut found = XmlSitemapFacts::default();
            while let Some(map) = queue.pop() {
                let full = self.crawl_counts.get(id).copied().unwrap_or(0)
                    >= self.config.limits.pages_per_site();
                if full {
                    break;
                }
                if !seen.insert(map.clone()) || files >= 20 {
                    continue;
                }
                files += 1;
                let key = Url::parse(&map).map(|u| host_key(&u)).unwrap_or_default();
                self.shared.polite(&key).await;
                let (parsed, state) =
                    match fetch::fetch(&self.shared.client, &map, &self.shared.limits).await {
                        Ok(f) if (200..300).contains(&f.status) => {
                            sitemap::read(&f.body, self.shared.limits.max_body_bytes)
                        }
                        Ok(f) => (None, sitemap::absent(format!("HTTP {}", f.status))),
                        Err(e) => (None, sitemap::absent(e.to_string())),
                    };
                found.files.push(SitemapFile {
                    url: map.clone(),
                    state,
                });
                let Some(parsed) = parsed else {
                    continue;
                };
                queue.extend(parsed.sitemaps);
                for page in parsed.pages {
                    if let Some(n) = curl::normalize(&root, &page, &self.scope.strip)
                        && self.scope.site_of(&n.url) == Some(id)
                        && seeded.insert(n.url.to_string())
                        && store.known(n.url.as_str())?.is_none()
                    {
                        // Sitemap pages beyond the page limit are not links
                        // of any page: they are left out, not checked.
                        let seed = self.decide(&n.url, false, LinkKind::Navigation, 1, false);
                        if seed.action != Action::Check {
                            seeds.push(seed);
                        }
                    }
                }
            }
            if !found.files.is_empty() {
                store.put_xml_sitemap(id, &found)?;
            }
        }
        store.add_urls(&seeds)?;
        Ok(())
    }

    /// A site whose root redirects to another host (`travinh.gov.vn` to
    /// `www.travinh.gov.vn`) also owns that host.
    async fn alias_root(&mut self, site: &str, root: &str, final_url: &str) {
        let (Ok(root), Ok(mut landed)) = (Url::parse(root), Url::parse(final_url)) else {
            return;
        };
        if host_key(&root) == host_key(&landed) || self.scope.site_of(&landed).is_some() {
            return;
        }
        landed.set_path("/");
        landed.set_query(None);
        self.scope.add(site, landed.as_str());
        self.load_robots(landed.as_str()).await;
    }

    /// Makes a host under the portal's registered domain a (discovered) site.
    async fn add_discovered(&mut self, store: &mut Store, host: &Url) -> Result<()> {
        let mut root = host.clone();
        root.set_path("/");
        root.set_query(None);
        let site_config = SiteConfig {
            root: root.to_string(),
            discovered: true,
            ..SiteConfig::default()
        };
        let id = self.config.site_id(&site_config);
        self.scope.add(&id, &site_config.root);
        self.config.sites.push(site_config.clone());
        self.add_site(store, &id, &site_config, true).await
    }

    /// Decides what to do with an http(s) URL found at `depth`.
    fn decide(
        &mut self,
        url: &Url,
        need_anchors: bool,
        kind: LinkKind,
        depth: u32,
        root: bool,
    ) -> NewUrl {
        let text = url.to_string();
        let site = self.scope.site_of(url).map(str::to_string);
        let mut new = NewUrl {
            url: text.clone(),
            site: site.clone(),
            depth,
            action: Action::Check,
            need_anchors,
            skip: None,
        };
        if let Some(reason) = self.scope.excluded(&text) {
            new.action = Action::Skip;
            new.skip = Some((LinkStatus::Excluded, reason));
            return new;
        }
        let Some(site) = site else {
            if !self.config.crawl.check_external() {
                new.action = Action::Skip;
                new.skip = Some((
                    LinkStatus::Excluded,
                    "external links are not checked".into(),
                ));
            }
            return new;
        };
        let allowed = self
            .robots
            .get(&host_key(url))
            .is_none_or(|r| r.allowed(&text));
        if !allowed {
            new.action = Action::Skip;
            new.skip = Some((
                LinkStatus::RobotsDisallowed,
                "robots.txt disallows it".into(),
            ));
            return new;
        }
        if !root && let Some(reason) = curl::trap_reason(url, &self.scope.traps, self.scope.year) {
            new.action = Action::Skip;
            new.skip = Some((LinkStatus::Excluded, format!("crawl trap: {reason}")));
            return new;
        }
        let limit = self.config.limits.pages_per_site();
        let count = self.crawl_counts.entry(site).or_default();
        if kind == LinkKind::Navigation
            && depth <= self.config.limits.max_depth()
            && self.scope.included(&text)
            && *count < limit
        {
            *count += 1;
            new.action = Action::Crawl;
        }
        new
    }

    /// Runs the frontier to the end. Returns false when stopped by Ctrl-C.
    async fn crawl(&mut self, store: &mut Store) -> Result<bool> {
        let concurrency = self.config.limits.concurrency();
        let per_host = self.config.limits.per_host();
        let mut tasks: tokio::task::JoinSet<FetchOutput> = tokio::task::JoinSet::new();
        // Fetched pages waiting for the parse pool (bounded by its channel).
        let mut parsing: tokio::task::JoinSet<TaskOutput> = tokio::task::JoinSet::new();
        let mut inflight: HashSet<i64> = HashSet::new();
        let mut host_load: HashMap<String, usize> = HashMap::new();
        let mut shown = Shown::new(self.progress);
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        // Results are committed in batches (see `Store::begin_batch`): at
        // most this many, and none waits longer than this.
        const BATCH_RECORDS: usize = 64;
        const BATCH_AGE: Duration = Duration::from_millis(500);
        let mut batch: Option<(Instant, usize)> = None;
        loop {
            if batch.is_some_and(|(since, n)| n >= BATCH_RECORDS || since.elapsed() >= BATCH_AGE) {
                store.commit_batch()?;
                batch = None;
            }
            if self.stop.load(Ordering::SeqCst) {
                store.commit_batch()?;
                tasks.abort_all();
                parsing.abort_all();
                while tasks.join_next().await.is_some() {}
                while parsing.join_next().await.is_some() {}
                shown.finish();
                return Ok(false);
            }
            // Requests in flight are limited by `concurrency`; pages fetched and
            // waiting for the parse pool or the store count too (at most as many
            // again), so memory stays bounded when recording is the slow step.
            let room = concurrency
                .saturating_sub(tasks.len())
                .min((2 * concurrency).saturating_sub(tasks.len() + parsing.len()));
            if room > 0 {
                for q in store.next_queued(room * 8, &inflight)? {
                    if tasks.len() >= concurrency {
                        break;
                    }
                    let host = Url::parse(&q.url).map(|u| host_key(&u)).unwrap_or_default();
                    let load = host_load.entry(host.clone()).or_default();
                    if *load >= per_host {
                        continue;
                    }
                    *load += 1;
                    inflight.insert(q.id);
                    let shared = self.shared.clone();
                    tasks.spawn(async move { run_task(shared, q, host).await });
                }
            }
            if tasks.is_empty() && parsing.is_empty() {
                store.commit_batch()?;
                shown.finish();
                return Ok(true);
            }
            let output = tokio::select! {
                done = tasks.join_next(), if !tasks.is_empty() => {
                    let Some(Ok(output)) = done else { continue };
                    // The request is over: its host slot is free.
                    let host = Url::parse(&output.queued().url)
                        .map(|u| host_key(&u))
                        .unwrap_or_default();
                    if let Some(load) = host_load.get_mut(&host) {
                        *load = load.saturating_sub(1);
                    }
                    match output {
                        FetchOutput::Parsing(pending) => {
                            parsing.spawn(parsed(pending, self.shared.lang));
                            continue;
                        }
                        FetchOutput::Ready(output) => output,
                    }
                }
                done = parsing.join_next(), if !parsing.is_empty() => {
                    let Some(Ok(output)) = done else { continue };
                    output
                }
                // The tick also lets a Ctrl-C be seen while every task waits.
                _ = tick.tick() => {
                    if self.progress != Progress::Quiet {
                        shown.tick(&store.pages_per_site()?, store.queued_count()?);
                    }
                    continue;
                }
            };
            inflight.remove(&output.queued().id);
            let is_error = matches!(
                &output,
                TaskOutput::Url {
                    problem: Some(_),
                    ..
                }
            );
            if batch.is_none() {
                store.begin_batch()?;
            }
            batch.get_or_insert_with(|| (Instant::now(), 0)).1 += 1;
            if let Err(error) = self.record(store, output).await {
                // What the batch holds before this result is kept (the
                // result's page or resource writes were undone in their
                // savepoint; its URL stays queued for --resume); the audit
                // stops on the error.
                let _ = store.commit_batch();
                return Err(error);
            }
            shown.done(is_error);
        }
    }

    async fn record(&mut self, store: &mut Store, output: TaskOutput) -> Result<()> {
        let (TaskOutput::Url { queued, result, .. }
        | TaskOutput::Page { queued, result, .. }
        | TaskOutput::Resource { queued, result, .. }) = &output;
        self.record_outage(store, &queued.url, result)?;
        match output {
            TaskOutput::Url {
                queued,
                result,
                problem,
            } => store.finish_url(&queued.url, &result, problem.as_ref()),
            TaskOutput::Resource {
                queued,
                result,
                facts,
            } => self.record_resource(store, &queued, &result, facts.as_deref()),
            TaskOutput::Page {
                queued,
                mut result,
                final_url,
                mut parsed,
            } => {
                let portal_id = self
                    .scope
                    .sites
                    .first()
                    .map(|s| s.0.clone())
                    .unwrap_or_default();
                let page_url = Url::parse(&queued.url).ok();
                let final_url = Url::parse(&final_url).ok().or_else(|| page_url.clone());
                let Some(final_url) = final_url else {
                    return store.finish_url(&queued.url, &result, None);
                };
                if queued.depth == 0
                    && let Some(site) = &queued.site
                {
                    self.alias_root(site, &queued.url, final_url.as_str()).await;
                }
                // Redirected: the page is audited once, at its final address,
                // and only when that address is a page of the same site.
                let address = parsed.report.url.clone();
                let also_done = if address == queued.url {
                    None
                } else {
                    let same_site = Url::parse(&address)
                        .ok()
                        .is_some_and(|u| self.scope.site_of(&u) == queued.site.as_deref());
                    if !same_site || store.known(&address)?.is_some() {
                        return store.finish_url(&queued.url, &result, None);
                    }
                    Some(address.as_str())
                };
                let base = parsed
                    .base
                    .as_deref()
                    .and_then(|b| final_url.join(b).ok())
                    .unwrap_or_else(|| final_url.clone());
                // Linked documents and advertised feeds are named by their
                // frontier URL (resolved against the page's base), under
                // which their facts are stored.
                parsed.site_page.resource_links =
                    crate::rules::site::resource_links(&parsed.links, |href| {
                        curl::normalize(&base, href, &self.scope.strip).map(|n| n.url.to_string())
                    });
                let mut resources: HashMap<String, crate::resource::LinkKind> = HashMap::new();
                for link in &parsed.site_page.resource_links {
                    resources.entry(link.url.clone()).or_insert(link.kind);
                }
                let mut stored = Vec::with_capacity(parsed.links.len());
                let mut new_urls: Vec<NewUrl> = Vec::new();
                let mut seen: HashMap<String, (usize, bool)> = HashMap::new();
                let mut discovered: Vec<Url> = Vec::new();
                let rows: Vec<_> = parsed
                    .links
                    .iter()
                    .map(|link| (link, stored_link(link, &base, &self.scope.strip)))
                    .collect();
                // What the frontier already knows of this page's targets, asked
                // once for the page (the store does not change until the page is
                // finished, except when a discovered site is added: then each
                // later target is asked again).
                let mut known_before = Some(
                    store.known_many(
                        rows.iter()
                            .filter(|(_, (_, n))| n.is_some())
                            .map(|(_, (row, _))| row.target.as_str()),
                    )?,
                );
                for (link, (link_row, normalized)) in rows {
                    let (target, fragment) = (link_row.target.clone(), link_row.fragment.clone());
                    stored.push(link_row);
                    let Some(n) = normalized else { continue };
                    if n.url.as_str() == queued.url.as_str()
                        || n.url.as_str() == address
                        || Some(&n.url) == page_url.as_ref()
                    {
                        continue;
                    }
                    if self.discover
                        && queued.site.as_deref() == Some(portal_id.as_str())
                        && self.scope.site_of(&n.url).is_none()
                        && is_component_host(&final_url, &n.url)
                        && !discovered.iter().any(|d| host_key(d) == host_key(&n.url))
                    {
                        discovered.push(n.url.clone());
                    }
                    if let Some(&(i, upgradable)) = seen.get(&target) {
                        let existing: &mut NewUrl = &mut new_urls[i];
                        existing.need_anchors |= fragment.is_some();
                        if upgradable
                            && link.kind == LinkKind::Navigation
                            && existing.action == Action::Check
                        {
                            let upgraded = self.decide(
                                &n.url,
                                existing.need_anchors,
                                LinkKind::Navigation,
                                queued.depth + 1,
                                false,
                            );
                            new_urls[i] = upgraded;
                        }
                        continue;
                    }
                    // A URL already in the frontier keeps its decision (and its
                    // place in the page limit); only a queued check may become
                    // a crawl, and a fragment asks for its anchors.
                    let known = match &known_before {
                        Some(known) => known.get(&target).map(|&(a, q, _)| (a, q)),
                        None => store.known(&target)?,
                    };
                    if let Some((action, queued_still)) = known {
                        let upgradable = action == Action::Check && queued_still;
                        seen.insert(target.clone(), (new_urls.len(), upgradable));
                        let known = if upgradable && link.kind == LinkKind::Navigation {
                            self.decide(
                                &n.url,
                                fragment.is_some(),
                                link.kind,
                                queued.depth + 1,
                                false,
                            )
                        } else {
                            known_url(target, action, queued.depth + 1, fragment.is_some())
                        };
                        new_urls.push(known);
                        continue;
                    }
                    // Discovered hosts become sites before the decision.
                    for host in discovered.drain(..) {
                        self.add_discovered(store, &host).await?;
                        known_before = None;
                    }
                    let decided = self.decide(
                        &n.url,
                        fragment.is_some(),
                        link.kind,
                        queued.depth + 1,
                        false,
                    );
                    seen.insert(target, (new_urls.len(), true));
                    new_urls.push(decided);
                }
                self.fetch_resources(store, &mut new_urls, &resources)?;
                // A URL the frontier holds already, with the same action and
                // its anchors asked for if needed, would be written again for
                // nothing (most of a page's links lead to known URLs).
                if let Some(known) = &known_before {
                    new_urls.retain(|u| {
                        !known.get(&u.url).is_some_and(|&(action, _, anchors)| {
                            u.skip.is_none() && u.action == action && (anchors || !u.need_anchors)
                        })
                    });
                }
                result.anchors = Some(parsed.anchors);
                store.finish_page(
                    &queued.url,
                    &result,
                    also_done,
                    crate::store::PageRecord {
                        report: &parsed.report,
                        facts: &parsed.site_page,
                    },
                    &parsed.findings,
                    &stored,
                    &new_urls,
                )
            }
        }
    }
}

impl Crawler {
    /// Keeps a request to an audited site's own URL that got no usable
    /// answer, with its time, for the availability summary (Quy chế Điều 15.2).
    fn record_outage(&self, store: &Store, url: &str, result: &UrlResult) -> Result<()> {
        use crate::report::availability::{Outage, kind_of};
        let Some(kind) = kind_of(result.status, result.http_status) else {
            return Ok(());
        };
        let Some(site) = Url::parse(url)
            .ok()
            .and_then(|u| self.scope.site_of(&u).map(str::to_string))
        else {
            return Ok(());
        };
        let outage = Outage {
            url: url.to_string(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            kind: kind.to_string(),
        };
        store.record_outage(&site, &outage)
    }

    /// Turns the decisions for a page's linked documents and feeds into
    /// fetches for analysis, when they are inside an audited site and would
    /// otherwise be crawled or checked (skipped ones stay skipped; documents
    /// on other hosts are only link-checked). A document does not count
    /// against the page limit.
    fn fetch_resources(
        &mut self,
        store: &Store,
        new_urls: &mut [NewUrl],
        resources: &HashMap<String, crate::resource::LinkKind>,
    ) -> Result<()> {
        for new in new_urls.iter_mut() {
            let Some(&kind) = resources.get(&new.url) else {
                continue;
            };
            let Some(site) = Url::parse(&new.url)
                .ok()
                .and_then(|u| self.scope.site_of(&u).map(str::to_string))
            else {
                continue;
            };
            // Only a URL not fetched yet can still become a resource fetch.
            let known = store.known(&new.url)?;
            let fetched = self.resource_counts.entry(site.clone()).or_default();
            if !matches!(new.action, Action::Crawl | Action::Check)
                || known.is_some_and(|(_, queued)| !queued)
                || *fetched >= self.config.limits.pages_per_site()
            {
                continue;
            }
            *fetched += 1;
            if new.action == Action::Crawl
                && known.is_none()
                && let Some(count) = self.crawl_counts.get_mut(&site)
            {
                *count = count.saturating_sub(1);
            }
            new.action = Action::Resource(kind);
            new.site = Some(site);
        }
        Ok(())
    }

    /// Stores a fetched document or feed; a feed's item links join the
    /// site's links (their source is the feed) and the frontier, so they
    /// are checked like a page's links.
    fn record_resource(
        &mut self,
        store: &mut Store,
        queued: &Queued,
        result: &UrlResult,
        facts: Option<&ResourceFacts>,
    ) -> Result<()> {
        let base = result
            .final_url
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
            .or_else(|| Url::parse(&queued.url).ok());
        let mut stored = Vec::new();
        let mut new_urls: Vec<NewUrl> = Vec::new();
        let items = facts
            .and_then(|f| f.feed.as_ref())
            .map(|f| f.item_links.as_slice());
        if let (Some(base), Some(items)) = (base, items) {
            let mut seen = HashSet::new();
            for item in items {
                let (link_row, normalized) = stored_link(&item.to_link(), &base, &self.scope.strip);
                let (target, fragment) = (link_row.target.clone(), link_row.fragment.clone());
                stored.push(link_row);
                let Some(n) = normalized else { continue };
                if !seen.insert(target.clone()) {
                    continue;
                }
                let new = match store.known(&target)? {
                    Some((action, _)) => {
                        known_url(target, action, queued.depth + 1, fragment.is_some())
                    }
                    None => self.decide(
                        &n.url,
                        fragment.is_some(),
                        LinkKind::Navigation,
                        queued.depth + 1,
                        false,
                    ),
                };
                new_urls.push(new);
            }
        }
        let problem = facts.and_then(|f| f.problem(self.shared.lang));
        store.finish_resource(
            result,
            crate::store::ResourceRecord {
                url: &queued.url,
                site: queued.site.as_deref(),
                facts,
                problem: problem.as_ref(),
            },
            &stored,
            &new_urls,
        )
    }
}

/// A URL already in the frontier, linked again: it keeps its decision; a
/// fragment asks for its anchors.
fn known_url(url: String, action: Action, depth: u32, need_anchors: bool) -> NewUrl {
    NewUrl {
        url,
        site: None,
        depth,
        action,
        need_anchors,
        skip: None,
    }
}

/// A link as the store keeps it: http(s) and relative links resolved against
/// `base` and normalised (returned too, for the frontier); other schemes as written.
fn stored_link(
    link: &links::Link,
    base: &Url,
    strip: &[String],
) -> (StoredLink, Option<curl::Normalized>) {
    let scheme = links::scheme_of(&link.href);
    let normalized = if matches!(scheme.as_str(), "" | "http" | "https") && !link.href.is_empty() {
        curl::normalize(base, &link.href, strip)
    } else {
        None
    };
    let (target, scheme, fragment) = match &normalized {
        Some(n) => (
            n.url.to_string(),
            n.url.scheme().to_string(),
            n.fragment.clone(),
        ),
        None => (link.href.clone(), scheme, None),
    };
    let row = StoredLink {
        href: link.href.clone(),
        target,
        scheme,
        fragment,
        tag: link.tag.clone(),
        text: link.text.clone(),
        element: link.target.clone(),
    };
    (row, normalized)
}

/// Whether `other` is a host under the registered domain of `portal` (another host).
fn is_component_host(portal: &Url, other: &Url) -> bool {
    let (Some(a), Some(b)) = (portal.host_str(), other.host_str()) else {
        return false;
    };
    a != b
        && b.parse::<std::net::IpAddr>().is_err()
        && curl::registered_domain(a) == curl::registered_domain(b)
}

async fn run_task(shared: Arc<Shared>, queued: Queued, host: String) -> FetchOutput {
    shared.polite(&host).await;
    match queued.action {
        Action::Crawl => crawl_task(&shared, queued).await,
        Action::Resource(kind) => FetchOutput::Ready(resource_task(&shared, queued, kind).await),
        _ => FetchOutput::Ready(check_task(&shared, queued).await),
    }
}

async fn crawl_task(shared: &Shared, queued: Queued) -> FetchOutput {
    let fetched = fetch::fetch_with(&shared.client, &queued.url, &shared.limits, Method::Get).await;
    let result = url_result(&fetched);
    let problem = |kind: &str, message: String| Problem {
        input: queued.url.clone(),
        kind: kind.to_string(),
        message,
    };
    let f = match fetched {
        Ok(f) => f,
        Err(e) => {
            let kind = if matches!(e, FetchError::TooLarge { .. }) {
                "too_large"
            } else {
                "fetch"
            };
            let p = problem(kind, e.message(shared.lang));
            return FetchOutput::Ready(TaskOutput::Url {
                queued,
                result,
                problem: Some(p),
            });
        }
    };
    if !(200..300).contains(&f.status) {
        let status = f.status.to_string();
        let p = problem(
            "http",
            messages::text("problem-http-status", shared.lang, &[("status", &status)]),
        );
        return FetchOutput::Ready(TaskOutput::Url {
            queued,
            result,
            problem: Some(p),
        });
    }
    let content_type = f
        .header("content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let looks_html = sniff_html(&f.body);
    let declared_html = content_type.contains("html");
    if f.body.is_empty() {
        let status = f.status.to_string();
        let p = problem(
            "empty",
            messages::text("problem-empty-body", shared.lang, &[("status", &status)]),
        );
        return FetchOutput::Ready(TaskOutput::Url {
            queued,
            result,
            problem: Some(p),
        });
    }
    if declared_html && f.body[..f.body.len().min(8000)].contains(&0) {
        let p = problem(
            "binary",
            messages::text(
                "problem-served-binary",
                shared.lang,
                &[("type", &content_type)],
            ),
        );
        return FetchOutput::Ready(TaskOutput::Url {
            queued,
            result,
            problem: Some(p),
        });
    }
    if !declared_html {
        let p = (looks_html || content_type.is_empty()).then(|| {
            let served = if content_type.is_empty() {
                messages::text("problem-no-content-type", shared.lang, &[])
            } else {
                content_type.clone()
            };
            problem(
                "content_type",
                messages::text("problem-served-html", shared.lang, &[("type", &served)]),
            )
        });
        return FetchOutput::Ready(TaskOutput::Url {
            queued,
            result,
            problem: p.filter(|_| looks_html),
        });
    }
    let final_url = f.final_url.clone();
    let stylesheets = stylesheets(shared, &final_url, &f.body).await;
    // A page that was redirected is the page at its final address.
    let address = Url::parse(&final_url)
        .ok()
        .and_then(|u| curl::normalize(&u, "", &shared.strip))
        .map_or_else(|| queued.url.clone(), |n| n.url.to_string());
    let input = PageInput {
        url: address,
        site: queued.site.clone().unwrap_or_default(),
        bytes: f.body,
        status: Some(f.status),
        headers: f.headers,
        stylesheets,
    };
    let (reply, wait) = oneshot::channel();
    if shared.jobs.send(ParseJob { input, reply }).await.is_err() {
        return FetchOutput::Ready(TaskOutput::Url {
            queued,
            result: UrlResult::default(),
            problem: None,
        });
    }
    FetchOutput::Parsing(PendingParse {
        queued,
        result,
        final_url,
        wait,
    })
}

/// Waits for the parse of a fetched page. When the analysis failed, the
/// fetch is still recorded, with the problem.
async fn parsed(pending: PendingParse, lang: Lang) -> TaskOutput {
    let PendingParse {
        queued,
        result,
        final_url,
        wait,
    } = pending;
    match wait.await {
        Ok(parsed) => TaskOutput::Page {
            queued,
            result,
            final_url,
            parsed: Box::new(parsed),
        },
        Err(_) => {
            let problem = Problem {
                input: queued.url.clone(),
                kind: "page_not_analysed".to_string(),
                message: messages::text("problem-page-not-analysed", lang, &[]),
            };
            TaskOutput::Url {
                queued,
                result,
                problem: Some(problem),
            }
        }
    }
}

/// Fetches a linked document or feed (up to [`MAX_RESOURCE_BYTES`], with the
/// crawl's timeouts) and analyses it off the async workers, within the
/// configured deadline. An HTTP error or a network failure leaves no facts:
/// the link rules report the link.
async fn resource_task(
    shared: &Shared,
    queued: Queued,
    kind: crate::resource::LinkKind,
) -> TaskOutput {
    let mut limits = shared.limits.clone();
    limits.max_body_bytes = MAX_RESOURCE_BYTES as u64;
    let fetched = fetch::fetch_with(&shared.client, &queued.url, &limits, Method::Get).await;
    let result = url_result(&fetched);
    let facts = match fetched {
        Ok(f) if (200..300).contains(&f.status) => {
            let (url, deadline) = (queued.url.clone(), shared.analysis_timeout);
            tokio::task::spawn_blocking(move || {
                Box::new(ResourceFacts::analyse_within(&url, kind, f.body, deadline))
            })
            .await
            .ok()
        }
        Err(FetchError::TooLarge { limit }) => Some(Box::new(ResourceFacts::unavailable(
            &queued.url,
            kind,
            crate::resource::NotAnalysed::TooLarge { limit },
        ))),
        _ => None,
    };
    TaskOutput::Resource {
        queued,
        result,
        facts,
    }
}

/// Stylesheets a page links to on its own host, for the CSS cascade: fetched
/// once per audit (a bounded cache), at most [`MAX_STYLESHEETS`] per page.
async fn stylesheets(shared: &Shared, page_url: &str, body: &[u8]) -> Vec<Stylesheet> {
    // On bytes: the body need not be checked as UTF-8 to find its `<link>` tags.
    static LINK: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?is-u)<link\b[^>]*>"#).expect("valid regex")
    });
    static HREF: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"(?is)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#).expect("valid regex")
    });
    static REL: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"(?is)\brel\s*=\s*["']?[^"'>]*stylesheet"#).expect("valid regex")
    });
    let Ok(base) = Url::parse(page_url) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for tag in LINK.find_iter(&body[..body.len().min(256 * 1024)]) {
        let tag = String::from_utf8_lossy(tag.as_bytes());
        if out.len() >= MAX_STYLESHEETS || !REL.is_match(&tag) {
            continue;
        }
        let Some(href) = HREF
            .captures(&tag)
            .and_then(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        else {
            continue;
        };
        let Ok(url) = base.join(href.as_str().trim()) else {
            continue;
        };
        if host_key(&url) != host_key(&base) {
            continue;
        }
        let key = url.to_string();
        let cell = {
            let Ok(mut cache) = shared.styles.lock() else {
                continue;
            };
            if cache.len() >= MAX_CACHED_STYLESHEETS && !cache.contains_key(&key) {
                cache.clear();
            }
            cache.entry(key.clone()).or_default().clone()
        };
        let sheet = cell
            .get_or_init(|| async {
                shared.polite(&host_key(&url)).await;
                let mut limits = shared.limits.clone();
                limits.max_body_bytes = limits.max_body_bytes.min(MAX_STYLESHEET_BYTES);
                match fetch::fetch(&shared.client, &key, &limits).await {
                    Ok(f) if (200..300).contains(&f.status) => Some(Arc::new(Stylesheet {
                        url: key.clone(),
                        text: String::from_utf8_lossy(&f.body).into_owned(),
                    })),
                    _ => None,
                }
            })
            .await
            .clone();
        if let Some(sheet) = sheet {
            out.push((*sheet).clone());
        }
    }
    out
}

/// Stylesheets attached to one page at most.
const MAX_STYLESHEETS: usize = 16;
/// Largest stylesheet read.
const MAX_STYLESHEET_BYTES: u64 = 2 * 1024 * 1024;
/// Stylesheets kept between pages at most.
const MAX_CACHED_STYLESHEETS: usize = 64;

fn sniff_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

async fn check_task(shared: &Shared, queued: Queued) -> TaskOutput {
    let mut fetched = if queued.need_anchors {
        fetch::fetch_with(&shared.client, &queued.url, &shared.limits, Method::Get).await
    } else {
        fetch::fetch_with(&shared.client, &queued.url, &shared.limits, Method::Head).await
    };
    if let Ok(f) = &fetched
        && !queued.need_anchors
        && matches!(f.status, 400 | 403 | 404 | 405 | 501)
    {
        fetched = fetch::fetch_with(
            &shared.client,
            &queued.url,
            &shared.limits,
            Method::GetHeadersOnly,
        )
        .await;
    }
    let mut result = url_result(&fetched);
    if let Ok(f) = &fetched
        && queued.need_anchors
        && f.header("content-type").is_some_and(|c| c.contains("html"))
    {
        result.anchors = Some(scan_anchors(&f.body));
    }
    TaskOutput::Url {
        queued,
        result,
        problem: None,
    }
}

/// Ids and names in an HTML body, without building a DOM (external pages).
fn scan_anchors(body: &[u8]) -> Vec<String> {
    static ANCHOR: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#)
            .expect("valid regex")
    });
    let text = String::from_utf8_lossy(body);
    let mut out: Vec<String> = ANCHOR
        .captures_iter(&text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        .map(|m| m.as_str().to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The status class of a fetch, as the store records it.
fn url_result(fetched: &std::result::Result<Fetched, FetchError>) -> UrlResult {
    match fetched {
        Ok(f) => {
            let redirects: Vec<RedirectHop> = f
                .redirects
                .iter()
                .map(|h| RedirectHop {
                    url: h.url.clone(),
                    status: h.status,
                })
                .collect();
            let status = match f.status {
                200..=299 if redirects.is_empty() => LinkStatus::Ok,
                200..=299 => LinkStatus::Redirect,
                401 | 403 | 429 | 999 => LinkStatus::Blocked,
                400..=599 => LinkStatus::Broken,
                _ => LinkStatus::Error,
            };
            let detail = (f.attempts > 1).then(|| format!("{} attempts", f.attempts));
            UrlResult {
                status: Some(status),
                http_status: Some(f.status),
                final_url: Some(f.final_url.clone()),
                redirects,
                detail,
                anchors: None,
            }
        }
        Err(e) => {
            let status = match e {
                FetchError::Timeout { .. } => LinkStatus::Timeout,
                FetchError::Dns(_) => LinkStatus::Dns,
                FetchError::Tls(_) => LinkStatus::Tls,
                FetchError::Refused(_) => LinkStatus::Refused,
                FetchError::RedirectLoop { .. } | FetchError::TooManyRedirects { .. } => {
                    LinkStatus::RedirectLoop
                }
                FetchError::UnsafeRedirect { .. } => LinkStatus::UnsafeRedirect,
                // The target answers; it is only too big to audit.
                FetchError::TooLarge { .. } => LinkStatus::Ok,
                FetchError::InvalidUrl { .. } | FetchError::Reset(_) | FetchError::Network(_) => {
                    LinkStatus::Error
                }
            };
            let (redirects, final_url) = match e {
                FetchError::RedirectLoop { hops, to }
                | FetchError::TooManyRedirects { hops, to, .. } => (
                    hops.iter()
                        .map(|h| RedirectHop {
                            url: h.url.clone(),
                            status: h.status,
                        })
                        .collect(),
                    Some(to.clone()),
                ),
                _ => (Vec::new(), None),
            };
            UrlResult {
                status: Some(status),
                detail: Some(e.to_string()),
                redirects,
                final_url,
                ..UrlResult::default()
            }
        }
    }
}

/// The progress display.
struct Shown {
    mode: Progress,
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last_log: Instant,
    done: usize,
    errors: usize,
}

impl Shown {
    fn new(mode: Progress) -> Self {
        let bar = (mode == Progress::Bar).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self {
            mode,
            bar,
            started: Instant::now(),
            last_log: Instant::now(),
            done: 0,
            errors: 0,
        }
    }

    fn done(&mut self, error: bool) {
        self.done += 1;
        self.errors += usize::from(error);
    }

    fn line(&self, per_site: &BTreeMap<String, usize>, queued: usize) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let pages: usize = per_site.values().sum();
        let mut sites: Vec<String> = per_site
            .iter()
            .take(6)
            .map(|(site, n)| format!("{site} {n}"))
            .collect();
        if per_site.len() > 6 {
            sites.push("…".into());
        }
        format!(
            "{pages} pages audited ({}), {} URLs done, {queued} queued, {:.1} pages/s, {} errors",
            sites.join(", "),
            self.done,
            pages as f64 / secs,
            self.errors
        )
    }

    fn tick(&mut self, pages: &BTreeMap<String, usize>, queued: usize) {
        match self.mode {
            Progress::Quiet => {}
            Progress::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_message(self.line(pages, queued));
                }
            }
            Progress::Log => {
                if self.last_log.elapsed() >= Duration::from_secs(5) {
                    self.last_log = Instant::now();
                    eprintln!("portal-audit: {}", self.line(pages, queued));
                }
            }
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_anchor_scan() {
        assert_eq!(
            scan_anchors(b"<p id=\"a\"><a name='b'></a><div id=c>"),
            vec!["a", "b", "c"]
        );
        assert!(sniff_html(b"\n <!DOCTYPE html><html>"));
        assert!(!sniff_html(b"%PDF-1.4"));
    }
}
