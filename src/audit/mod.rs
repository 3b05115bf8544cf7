//! `audit`: the wiring of one audit. Its settings and store, the crawl
//! ([`crate::crawl::crawl`] with the page pipeline as its analysis and the
//! store as its frontier), how each site root is served (probed once), the
//! site rules over what the store holds, and the report assembled from the
//! store and gated once. The browser mode's part is in `browser` and
//! `measure`.
//!
//! ```text
//! settings ─► store ─► crawl (fetch, admit, pipeline::analyse, record) ─► probe each site
//!   ─► site rules ─► store ─► Finished (the report assembled in memory, or streamed from the store; gated once)
//! ```

mod browser;
mod measure;
mod report;

use browser::BrowserMode;

pub use report::{
    Finished, RunKind, is_store, load_any, load_report, report_of, store_ruleset,
    streamed_report_of,
};

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::{Config, RenderPages};
use crate::crawl::address::AddressPolicy;
use crate::crawl::fetch::{self, ClientOptions, FetchLimits};
use crate::crawl::{self, Analyse, Analysed, CrawlOptions, Ended, LinksAhead, Observer};
use crate::error::{Error, Result};
use crate::gate;
use crate::lang::Lang;
use crate::page::{PageInput, StyleSource};
use crate::pipeline;
use crate::rules::engine::{self, Context};
use crate::ruleset::Ruleset;
use crate::store::{OutputSettings, PageRecord, RunSettings, RunState, Store, StoreLock};

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
    /// The gate: threshold (kept in the store for later renders), tolerance, baseline.
    pub gate: gate::Policy,
    /// Run only these rules (all when empty).
    pub only_rules: Vec<String>,
    /// Extra trusted root certificates for the crawl and the transport checks (`--ca-cert`).
    pub ca_certs: Vec<rustls::pki_types::CertificateDer<'static>>,
    /// The resolver for the crawl and the DNS checks (`--dns-server`); `resolve` pins win over it.
    pub dns_server: crate::crawl::dns::DnsServer,
    /// Where the reports go, kept in a new store for `--resume`.
    pub output: OutputSettings,
}

/// What the command line (or the demo) asks of an audit, before any file is
/// read: [`Request::options`] reads the configuration, sets the command
/// line's values over it, resolves the files it names and checks the rule ids.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The portal's URL (without a configuration file).
    pub url: Option<String>,
    /// A configuration file (docs/config.md).
    pub config: Option<PathBuf>,
    /// Continue the interrupted audit in the store.
    pub resume: bool,
    /// The SQLite store.
    pub store: PathBuf,
    /// Settings over the file's.
    pub overrides: crate::config::Overrides,
    /// The gate threshold over the file's (else `error`).
    pub fail_on: Option<crate::finding::FailOn>,
    /// Counted findings tolerated.
    pub max_findings: usize,
    /// Accepted findings.
    pub baseline: Option<crate::baseline::Baseline>,
    /// A template defect counted once (default) or per occurrence.
    pub gate_by: crate::finding::GateBy,
    /// The reference date over the file's (else today).
    pub as_of: Option<NaiveDate>,
    /// Display language.
    pub lang: Lang,
    /// Run only these rules (all when empty).
    pub only_rules: Vec<String>,
    /// Extra trusted root certificates (`--ca-cert`).
    pub ca_certs: Vec<rustls::pki_types::CertificateDer<'static>>,
    /// The resolver (`--dns-server`).
    pub dns_server: crate::crawl::dns::DnsServer,
}

impl Request {
    /// The audit's options, and its ruleset made ready: the configuration
    /// read (or, on `--resume` without one, the stored audit's ruleset and
    /// profiles), the command line's values set over it, the files it names
    /// resolved from its folder (kept absolute, so `--resume` finds them from
    /// anywhere), its ruleset file applied to `ruleset` unless `user_ruleset`
    /// (`--ruleset` wins), its profiles selected.
    ///
    /// # Errors
    /// [`Error::NoScheme`], [`Error::NoTarget`], [`Error::Usage`],
    /// [`Error::UnknownRule`], [`Error::BadDate`], and what reading the
    /// configuration, the ruleset or a profile gives.
    pub fn options(self, ruleset: &mut Ruleset, user_ruleset: bool) -> Result<AuditOptions> {
        crate::rules::check_ids(&self.only_rules)?;
        let mut config = match (&self.config, &self.url) {
            (Some(path), _) => Config::load(path)?,
            (None, Some(url)) => {
                if !url.contains("://") {
                    return Err(Error::NoScheme(url.trim_end_matches('/').to_string()));
                }
                let config = Config::for_url(url);
                config.validate().map_err(Error::Usage)?;
                config
            }
            // The stored configuration's ruleset and provincial profiles
            // (kept as absolute paths) apply to the resumed part too.
            (None, None) if self.resume => Store::open(&self.store)
                .and_then(|s| s.settings())
                .map(|stored| Config {
                    ruleset: stored.config.ruleset,
                    profiles: stored.config.profiles,
                    freshness: stored.config.freshness,
                    ..Config::default()
                })
                .unwrap_or_default(),
            (None, None) => return Err(Error::NoTarget),
        };
        config.apply(&self.overrides)?;
        let base = self
            .config
            .as_deref()
            .and_then(Path::parent)
            .map(|dir| std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()))
            .unwrap_or_default();
        if let Some(file) = &config.ruleset {
            let path = base.join(file);
            if !user_ruleset {
                ruleset.apply_user_file(&path)?;
            }
            config.ruleset = Some(path.display().to_string());
        }
        if !config.profiles.is_empty() {
            let mut resolved = Vec::new();
            for profile in &config.profiles {
                if ruleset.content.profile(profile).is_some() {
                    ruleset.content.select(profile)?;
                    resolved.push(profile.clone());
                } else {
                    let path = base.join(profile).display().to_string();
                    ruleset.content.select(&path)?;
                    resolved.push(path);
                }
            }
            config.profiles = resolved;
            ruleset.validate()?;
        }
        ruleset.content.set_freshness(&config.freshness)?;
        // A role the catalog does not know would silently drop its checks.
        for site in &config.sites {
            if let Some(role) = &site.role
                && ruleset.content.role(role).is_none()
            {
                return Err(ruleset.content.unknown_role(role));
            }
        }
        let as_of = match self.as_of {
            Some(date) => date,
            None => config
                .as_of()?
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        };
        let fail_on = self.fail_on.or(config.gate.fail_on).unwrap_or_default();
        Ok(AuditOptions {
            config,
            store: self.store,
            resume: self.resume,
            as_of,
            lang: self.lang,
            gate: gate::Policy {
                fail_on,
                max_findings: self.max_findings,
                baseline: self.baseline,
                gate_by: self.gate_by,
            },
            only_rules: self.only_rules,
            output: OutputSettings::default(),
            ca_certs: self.ca_certs,
            dns_server: self.dns_server,
        })
    }
}

/// The result of an audit run.
#[derive(Debug)]
pub struct AuditOutcome<'r> {
    /// The run's store, its report assembled in memory or streamed from it
    /// as the formats asked need (the store stays locked until it is dropped).
    pub finished: Finished<'r>,
    /// Stopped by the caller's stop flag before the end (`--resume` continues).
    pub interrupted: bool,
    /// Where the audit's reports go, as its store keeps it (on `--resume`,
    /// what the interrupted run was asked).
    pub output: OutputSettings,
}

/// The page pipeline as the crawler's analysis: what a page gives the store.
struct PageAnalysis<'a> {
    ctx: Context<'a>,
    /// The browser mode, when `[crawl] render` is not `off`.
    browser: Option<BrowserMode>,
    lang: Lang,
}

impl Analyse for PageAnalysis<'_> {
    type Page = PageRecord;

    fn waiting_workers(&self) -> usize {
        // A worker waits for its page's render; measurements wait for no
        // worker (`measure`).
        self.browser
            .as_ref()
            .map_or(0, |b| b.renderer.options().tabs)
    }

    fn analyse(
        &self,
        input: PageInput,
        styles: &dyn StyleSource,
        mut ahead: LinksAhead,
    ) -> Analysed<PageRecord> {
        let browser = self
            .browser
            .as_ref()
            .filter(|b| b.wants(&input.site, &input.url));
        let served_input = browser.map(|_| PageInput {
            url: input.url.clone(),
            site: input.site.clone(),
            status: input.status,
            headers: input.headers.clone(),
            ..PageInput::default()
        });
        let mut analysed = pipeline::analyse(input, styles, &self.ctx);
        let mut problems: Vec<_> = pipeline::depth_problem(&analysed.report, self.lang)
            .into_iter()
            .collect();
        if let (Some(browser), Some(served_input)) = (browser, served_input) {
            // The crawl follows the served page's links while the browser
            // renders (and measures) it; links only the rendered page has
            // join when this analysis ends.
            ahead.send(analysed.links.clone(), analysed.base.clone());
            // A page the browser cannot render keeps its served analysis.
            // A site root is measured later, when the machine is quiet.
            match browser
                .runtime
                .block_on(browser.renderer.render(&served_input.url, false))
            {
                Ok(rendered) => {
                    if let Some(measurer) = &browser.measurer
                        && browser.measures(&served_input.url)
                    {
                        measurer.queue(&served_input.url);
                    }
                    problems.extend(
                        rendered
                            .blocked
                            .iter()
                            .map(|b| b.problem(&served_input.url, self.lang)),
                    );
                    analysed = pipeline::with_rendered(
                        analysed,
                        &served_input,
                        &rendered,
                        styles,
                        &self.ctx,
                    );
                }
                Err(error) => problems.push(error.problem(&served_input.url, self.lang)),
            }
        }
        // Encoded here, on the analysis worker: the crawl loop's thread,
        // which writes every page, only writes the blobs.
        let page = PageRecord::new(
            analysed.report,
            analysed.site_page,
            analysed.findings,
            problems,
        )
        .encode(&analysed.links);
        Analysed {
            links: analysed.links,
            base: analysed.base,
            anchors: analysed.anchors,
            page,
        }
    }
}

/// Runs an audit: crawls (or resumes), probes, runs the site rules and
/// builds the report from the store. Progress goes to `observer`; setting
/// `stop` ends the crawl cleanly (the report then says it is incomplete).
///
/// # Errors
/// [`Error::Store`] when the store cannot be written (at any point: the crawl
/// stops there, what was committed is kept), [`Error::Usage`] when the store
/// holds an unfinished audit and `resume` is not asked, [`Error::StoreInUse`]
/// when another run holds the store, [`Error::NotAStore`] when `--store` names
/// a file that is not a store, [`Error::UnknownRule`] for an unknown
/// `only_rules` id, [`Error::NothingAudited`] when no page could be fetched.
pub fn run<'r>(
    options: AuditOptions,
    ruleset: &'r Ruleset,
    observer: &dyn Observer,
    stop: &AtomicBool,
) -> Result<AuditOutcome<'r>> {
    let started = now();
    crate::rules::check_ids(&options.only_rules)?;
    // The browser mode without a browser is said before a store is made, so
    // no unfinished audit is left behind.
    if !options.resume && options.config.crawl.render != RenderPages::Off {
        crate::render::chromium::find().map_err(|e| Error::NoBrowser(e.to_string()))?;
    }
    // Held until the run ends: a second run on this store stops at once.
    let lock = StoreLock::acquire(&options.store)?;
    let store = open_store(&options)?;
    let settings = store.settings()?;
    store.set_state(RunState::Running)?;
    store.start_run(&started)?;
    let client = client_options(&settings, &options);
    #[cfg(feature = "test-hooks")]
    store.test_hook_fill_up()?;

    let mut ctx = Context::new(ruleset, settings.as_of, settings.only_rules.clone());
    // The configured sites, for the portal's links to its component sites.
    ctx.sites = crate::rules::content::components::configured(&settings.config);
    let mut store = store;
    // When the audit's time budget runs out, counted over every run as the
    // crawl counts it: the measurements after the crawl stop there too.
    let until = match settings.config.limits.audit_budget() {
        Some(budget) => {
            let counted = crawl::Frontier::spent(&store)?.audit;
            Some(std::time::Instant::now() + budget.saturating_sub(counted))
        }
        None => None,
    };
    observer.phase(&crawl::Phase::Crawl);
    let analysis = PageAnalysis {
        ctx: ctx.clone(),
        browser: BrowserMode::new(&settings.config, &client)?,
        lang: options.lang,
    };
    let ended = crawl::crawl(
        CrawlOptions {
            config: &settings.config,
            client: &client,
            resume: options.resume,
            lang: options.lang,
            stop,
        },
        &analysis,
        &mut store,
        observer,
    )?;
    let interrupted = ended == Ended::Stopped;
    // The site roots' page-load measurements, on a quiet machine.
    if let Some(browser) = analysis.browser {
        browser.finish(&mut store, &ctx, interrupted, until, observer, options.lang)?;
    }
    // The crawl wrote its links without their index by target: one sort now.
    store.index_links()?;
    if interrupted {
        store.set_state(RunState::Interrupted)?;
    } else {
        // What each component site carries, for the items the portal may
        // carry by linking to the supplying unit's site.
        ctx.components = crate::rules::content::components::of_sites(
            store.sites()?.iter().map(|site| store.site_data(site)),
            ruleset,
            settings.as_of,
        )?;
        judge_sites(&mut store, &settings.config, &client, &ctx, observer)?;
        store.set_state(RunState::Complete)?;
    }
    store.finish_run(&now())?;
    observer.phase(&crawl::Phase::Report);
    if !interrupted && crawl::Frontier::pages_per_site(&store)?.is_empty() {
        let (_, problems, _) = store.report_head()?;
        let reasons: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.input, p.message))
            .collect();
        return Err(Error::NothingAudited(if reasons.is_empty() {
            "no page could be fetched".into()
        } else {
            reasons.join("; ")
        }));
    }
    Ok(AuditOutcome {
        finished: Finished::new(
            store,
            std::borrow::Cow::Borrowed(ruleset),
            options.gate,
            None,
            Box::new(lock),
        ),
        interrupted,
        output: settings.output,
    })
}

/// The store of this audit: the one to resume, or a new one (never over an
/// unfinished audit).
fn open_store(options: &AuditOptions) -> Result<Store> {
    if options.resume {
        if !options.store.exists() {
            // Killed in its first moments (the store is made whole beside
            // it, then renamed): nothing to resume, and the way to start.
            return Err(if crate::store::creation_stopped(&options.store) {
                Error::StoppedBeforeStore(options.store.clone())
            } else {
                Error::NothingToResume(options.store.clone())
            });
        }
        return Store::open(&options.store);
    }
    if let Ok(previous) = Store::open(&options.store)
        && previous.state()? != RunState::Complete
    {
        return Err(Error::UnfinishedStore(options.store.clone()));
    }
    let config = options.config.clone();
    let user_agent = match config.crawl.user_agent.as_deref() {
        None | Some("honest" | "") => fetch::USER_AGENT.to_string(),
        Some("browser") => fetch::BROWSER_USER_AGENT.to_string(),
        Some(other) => other.to_string(),
    };
    Store::create(
        &options.store,
        &RunSettings {
            format: crate::store::FORMAT,
            config,
            started_at: now(),
            as_of: options.as_of,
            lang: options.lang,
            fail_on: options.gate.fail_on,
            only_rules: options.only_rules.clone(),
            user_agent,
            output: options.output.clone(),
        },
    )
}

/// One set of client options for the crawl and the probes: the User-Agent,
/// `resolve` pins, `--ca-cert` and `--dns-server` apply to both.
/// The address policy names every site root and pinned host: those may be
/// anywhere, other hosts only at public addresses (`crawl::address`).
fn client_options(settings: &RunSettings, options: &AuditOptions) -> ClientOptions {
    let config = &settings.config;
    let resolve: Vec<(String, std::net::SocketAddr)> = config
        .crawl
        .resolve
        .iter()
        .filter_map(|r| crate::config::parse_resolve(r).ok())
        .collect();
    // Every site of the file, also those another shard audits (`--shard`).
    let selected = config.selected.iter().flat_map(|s| &s.configured);
    let roots: Vec<String> = config
        .sites
        .iter()
        .map(|s| &s.root)
        .chain(selected.map(|s| &s.root))
        .filter_map(|root| url::Url::parse(root).ok()?.host_str().map(str::to_string))
        .collect();
    let named = roots
        .iter()
        .map(String::as_str)
        .chain(resolve.iter().map(|(host, _)| host.as_str()));
    ClientOptions {
        user_agent: Some(settings.user_agent.clone()),
        addresses: std::sync::Arc::new(AddressPolicy::new(named, config.crawl.allow_private)),
        resolve,
        ca_certs: options.ca_certs.clone(),
        dns_server: options.dns_server,
        ..ClientOptions::default()
    }
}

/// After the crawl: how each site root is served (HTTPS, TLS, HSTS, DNS: a
/// few requests per site, keeping the crawl's delay, once per audit), then
/// the site rules over what the store holds.
///
/// The site rules of as many sites as the rayon pool has threads run at once,
/// each site read through a connection of its own ([`Store::reader`]; the
/// pages' facts of a site are most of a site judgment's time); what they
/// concluded is written by this thread, in the sites' order. At most that
/// many sites' facts are in memory at once.
fn judge_sites(
    store: &mut Store,
    config: &Config,
    client: &ClientOptions,
    ctx: &Context<'_>,
    observer: &dyn Observer,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Client(e.to_string()))?;
    let limits = FetchLimits::from(&config.limits);
    let sites = store.sites()?;
    let total = sites.len();
    for (i, site) in sites.iter().enumerate() {
        if store.site_probe(&site.id)?.is_none() {
            observer.phase(&crawl::Phase::Probes {
                name: site.name.clone(),
                index: i + 1,
                total,
            });
            let pause = config.limits.delay().max(Duration::from_secs_f64(
                site.crawl_delay.unwrap_or(0.0).clamp(0.0, 60.0),
            ));
            let probed = runtime.block_on(crawl::transport::probe_site(
                &site.root, client, &limits, pause,
            ));
            if let Some(facts) = &probed {
                store.put_site_probe(&site.id, facts)?;
            }
        }
    }
    let at_once = rayon::current_num_threads().max(1);
    let mut readers: Vec<Store> = Vec::new();
    for (chunk, group) in sites.chunks(at_once).enumerate() {
        for (k, site) in group.iter().enumerate() {
            observer.phase(&crawl::Phase::Site {
                name: site.name.clone(),
                index: chunk * at_once + k + 1,
                total,
            });
        }
        while readers.len() < group.len() {
            readers.push(store.reader()?);
        }
        let judged: Vec<Result<(String, engine::RunResult)>> = group
            .par_iter()
            .zip(readers.par_iter_mut())
            .map(|(site, reader)| {
                let data = reader.site_data(site)?;
                Ok((data.id.clone(), engine::run_site(&data, ctx)))
            })
            .collect();
        for judged in judged {
            let (id, result) = judged?;
            put_site_result(store, &id, &result)?;
        }
    }
    Ok(())
}

/// Runs the site rules over what the store holds of one site (`data`, read
/// by [`Store::site_data`]) and writes what they concluded back to the store:
/// the last step of `check` for each site (`audit` runs them on several
/// sites at once, see [`judge_sites`]).
///
/// # Errors
/// [`Error::Store`].
pub(crate) fn judge_site(
    store: &mut Store,
    data: &crate::rules::SiteData,
    ctx: &Context<'_>,
) -> Result<()> {
    put_site_result(store, &data.id, &engine::run_site(data, ctx))
}

/// Writes what the site rules concluded of site `id`.
fn put_site_result(store: &mut Store, id: &str, result: &engine::RunResult) -> Result<()> {
    store.put_site_results(
        id,
        &result.outcomes,
        &result.findings,
        result.checklist.as_ref(),
    )?;
    store.put_site_emc(id, result.emc.as_ref())
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
