//! `audit.toml`: the province and its sites (portal and component sites with
//! their roles and contacts), the crawl limits, include/exclude patterns and
//! the gate. Every field but the sites is optional; accessors apply the named
//! defaults documented in `docs/config.md`, and a test keeps the two in step.
//! The whole configuration is saved in the store, so `--resume` continues with
//! exactly what the interrupted run was given.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

mod selection;

/// Default pages audited per site.
pub const DEFAULT_PAGES_PER_SITE: usize = 1000;
/// Default link depth from the root.
pub const DEFAULT_MAX_DEPTH: u32 = 10;
/// Default requests in flight in all.
pub const DEFAULT_CONCURRENCY: usize = 16;
/// Default requests in flight per host.
pub const DEFAULT_PER_HOST: usize = 2;
/// Default pause between two requests to one host, in seconds.
pub const DEFAULT_DELAY_SECS: f64 = 0.25;
/// Default connect timeout, seconds.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: f64 = 10.0;
/// Default read-idle timeout, seconds.
pub const DEFAULT_READ_TIMEOUT_SECS: f64 = 20.0;
/// Default total timeout of one request, seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 30.0;
/// Default largest page, bytes (after decompression).
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Default retries.
pub const DEFAULT_RETRIES: u32 = 2;
/// Default first backoff, seconds.
pub const DEFAULT_BACKOFF_SECS: f64 = 0.5;
/// Default longest `Retry-After` honoured, seconds.
pub const DEFAULT_MAX_RETRY_AFTER_SECS: f64 = 30.0;

/// The configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The province (or agency) audited.
    #[serde(default)]
    pub province: Option<Province>,
    /// The portal and its component sites.
    #[serde(default, rename = "site")]
    pub sites: Vec<SiteConfig>,
    /// Crawl limits.
    #[serde(default)]
    pub limits: Limits,
    /// What to crawl and how to behave.
    #[serde(default)]
    pub crawl: CrawlConfig,
    /// Reference date for legal bases (YYYY-MM-DD).
    #[serde(default)]
    pub as_of: Option<String>,
    /// A ruleset file, relative to the config file.
    #[serde(default)]
    pub ruleset: Option<String>,
    /// Provincial legal profiles applied to every site: built-in ids or
    /// files relative to the config file (like `check --profile`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    /// How long a dated category may go without an update (`news = 30`,
    /// `work-schedule = "week"`, `"off"`): the tool's policy, not the law's.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub freshness: std::collections::BTreeMap<String, crate::ruleset::catalog::FreshnessLimit>,
    /// The gate.
    #[serde(default)]
    pub gate: GateConfig,
    /// The reports written.
    #[serde(default)]
    pub report: ReportConfig,
    /// Set by `audit --sites` / `--shard`, never in the file: which of the
    /// file's sites this run audits (`sites` then holds only those). The
    /// portal's rules about its component sites still read every site of
    /// the file from here, so a shard judges the portal as a whole run does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<Selected>,
}

pub use selection::{ConfiguredSite, Selected, Shard, SiteSelection};

/// The reports `audit` writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Formats written when `--format` is not given (default `json`, `html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formats: Option<Vec<String>>,
    /// With `html`, also `sites/<id>.html` for each site (`--split-sites`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub split_sites: bool,
}

/// The province or agency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// Its name.
    pub name: String,
}

/// One site to audit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Id used in reports (defaults to the host).
    #[serde(default)]
    pub id: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Root URL: the site is this host (and path prefix).
    pub root: String,
    /// Role (an id of `rulesets/categories.toml`): `portal`, `vpubnd`, `so-khdt`, `so-tnmt`, `ubnd-huyen`, `ubnd-xa`, …
    #[serde(default)]
    pub role: Option<String>,
    /// Who answers for it.
    #[serde(default)]
    pub contact: Option<String>,
    /// Found by the crawler rather than configured (reported so a person confirms it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub discovered: bool,
}

/// Limits; `None` means the default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Pages audited per site.
    pub pages_per_site: Option<usize>,
    /// Link depth from the root (the root is 0).
    pub max_depth: Option<u32>,
    /// Requests in flight in all.
    pub concurrency: Option<usize>,
    /// Requests in flight per host.
    pub per_host: Option<usize>,
    /// Pause between two requests to one host (seconds); robots.txt
    /// `Crawl-delay` wins when longer.
    pub delay_secs: Option<f64>,
    /// Connect timeout (seconds).
    pub connect_timeout_secs: Option<f64>,
    /// Longest silence while reading (seconds).
    pub read_timeout_secs: Option<f64>,
    /// Total time for one request (seconds).
    pub timeout_secs: Option<f64>,
    /// Largest page or file (bytes, after decompression).
    pub max_page_bytes: Option<u64>,
    /// Retries after 429, 5xx and timeouts.
    pub retries: Option<u32>,
    /// First backoff (seconds), doubled at each retry.
    pub backoff_secs: Option<f64>,
    /// Longest `Retry-After` waited for (seconds); a longer one is retried once after it.
    pub max_retry_after_secs: Option<f64>,
    /// Longest analysis of one linked document or feed (seconds).
    pub analysis_timeout_secs: Option<f64>,
    /// Wall-clock time one site's crawl may take in a run (seconds, from its
    /// first request); then the site is ended, marked incomplete with what
    /// was left, its findings kept. No budget when absent.
    pub site_budget_secs: Option<f64>,
    /// Wall-clock time the crawl of the whole audit may take in a run
    /// (seconds); then every site still crawling is ended like that, and no
    /// site root's page-load measurement starts after it.
    pub audit_budget_secs: Option<f64>,
}

/// What to crawl and how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlConfig {
    /// Only URLs matching one of these regular expressions are crawled (all when empty).
    #[serde(default)]
    pub include: Vec<String>,
    /// URLs matching one of these are neither crawled nor checked (reported as excluded).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Query parameters removed before de-duplication, besides the built-in
    /// tracking and session ones.
    #[serde(default)]
    pub strip_params: Vec<String>,
    /// Do not read robots.txt (for an agency auditing its own sites); recorded in the report.
    #[serde(default)]
    pub ignore_robots: bool,
    /// `honest` (default), `browser`, or a User-Agent string of your own.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Check links to other hosts (never crawled). Default true.
    #[serde(default)]
    pub check_external: Option<bool>,
    /// Read sitemap.xml (and the sitemaps robots.txt names). Default true.
    #[serde(default)]
    pub sitemaps: Option<bool>,
    /// Fixed addresses for host names, `host=ip` (like curl's `--resolve`).
    #[serde(default)]
    pub resolve: Vec<String>,
    /// The browser mode: which pages are also rendered in headless Chromium
    /// (`off`, the default; `sample`; `all`).
    #[serde(default)]
    pub render: RenderPages,
    /// The most one rendered page may take, seconds (default 30).
    #[serde(default)]
    pub render_deadline_secs: Option<f64>,
    /// Pages the browser mode loads at the same time, each in its own tab
    /// (default 2, 1 to [`MAX_RENDER_TABS`]).
    #[serde(default)]
    pub render_tabs: Option<u32>,
    /// How many times the browser mode loads each site's home page under
    /// the fixed mobile profile to measure it (medians are judged); 0: no
    /// measurement (default 3, 1 with `render = "sample"`, at most
    /// [`MAX_MEASURE_RUNS`]).
    #[serde(default)]
    pub measure_runs: Option<u32>,
    /// Let links, redirects, robots.txt and sitemaps lead to loopback,
    /// private and reserved addresses (`--allow-private`; an intranet audit).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_private: bool,
}

/// Which pages the browser mode renders (`[crawl] render`, `--render`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RenderPages {
    /// None: the served HTML only.
    #[default]
    Off,
    /// Each site's root page and the first page audited in each section
    /// (first path segment): a cheap view of a province's templates.
    Sample,
    /// Every audited page.
    All,
}

/// The default per-page deadline of the browser mode, seconds.
pub const DEFAULT_RENDER_DEADLINE_SECS: f64 = 30.0;

/// Pages the browser mode loads at the same time by default.
pub const DEFAULT_RENDER_TABS: u32 = 2;

/// The most pages the browser mode may load at the same time.
pub const MAX_RENDER_TABS: u32 = 8;

/// How many measured loads a page gets by default in the browser mode.
pub const DEFAULT_MEASURE_RUNS: u32 = 3;

/// How many measured loads a site's root gets by default with `render =
/// "sample"`, the cheap first look at a province: one (a throttled load
/// takes seconds, and three of each root made the sample more than double
/// a province's audit); `measure_runs` sets more.
pub const DEFAULT_SAMPLE_MEASURE_RUNS: u32 = 1;

/// The most measured loads a page may get.
pub const MAX_MEASURE_RUNS: u32 = 10;

/// The gate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    /// `error` (default), `warning`, `notice` or `never`.
    #[serde(default)]
    pub fail_on: Option<crate::finding::FailOn>,
}

fn secs(value: Option<f64>, default: f64) -> Duration {
    // Values are validated when read ([`Limits::check`]); a store written
    // before that still never panics here.
    value
        .and_then(|v| Duration::try_from_secs_f64(v).ok())
        .unwrap_or_else(|| Duration::from_secs_f64(default))
}

/// The longest time any `[limits]` duration may be (one day).
pub const MAX_SECS: f64 = 86_400.0;

/// The longest time budget (`site_budget_secs`, `audit_budget_secs`): 30 days.
pub const MAX_BUDGET_SECS: f64 = 30.0 * 86_400.0;

impl Limits {
    /// Checks every number: finite, not negative (timeouts above zero),
    /// within sane bounds, so no value can panic or stall the audit.
    ///
    /// # Errors
    /// The key and what is wrong with its value.
    pub fn check(&self) -> std::result::Result<(), (&'static str, String)> {
        let seconds = [
            ("delay_secs", self.delay_secs, false),
            ("connect_timeout_secs", self.connect_timeout_secs, true),
            ("read_timeout_secs", self.read_timeout_secs, true),
            ("timeout_secs", self.timeout_secs, true),
            ("backoff_secs", self.backoff_secs, false),
            ("max_retry_after_secs", self.max_retry_after_secs, false),
            ("analysis_timeout_secs", self.analysis_timeout_secs, true),
        ];
        for (key, value, positive) in seconds {
            let Some(value) = value else { continue };
            let low_ok = if positive { value > 0.0 } else { value >= 0.0 };
            if !value.is_finite() || !low_ok || value > MAX_SECS {
                let low = if positive { "above 0" } else { "from 0" };
                return Err((
                    key,
                    format!("{value:?} is not a number of seconds {low} to {MAX_SECS}"),
                ));
            }
        }
        for (key, value) in [
            ("site_budget_secs", self.site_budget_secs),
            ("audit_budget_secs", self.audit_budget_secs),
        ] {
            if let Some(value) = value
                && !(value.is_finite() && value > 0.0 && value <= MAX_BUDGET_SECS)
            {
                return Err((
                    key,
                    format!("{value:?} is not a number of seconds above 0 to {MAX_BUDGET_SECS}"),
                ));
            }
        }
        let counts: [(&'static str, Option<u64>, u64, u64); 6] = [
            (
                "pages_per_site",
                self.pages_per_site.map(|v| v as u64),
                1,
                10_000_000,
            ),
            ("max_depth", self.max_depth.map(u64::from), 0, 10_000),
            ("concurrency", self.concurrency.map(|v| v as u64), 1, 1024),
            ("per_host", self.per_host.map(|v| v as u64), 1, 256),
            ("max_page_bytes", self.max_page_bytes, 1, 1 << 30),
            ("retries", self.retries.map(u64::from), 0, 20),
        ];
        for (key, value, low, high) in counts {
            if let Some(value) = value
                && !(low..=high).contains(&value)
            {
                return Err((key, format!("{value} is not between {low} and {high}")));
            }
        }
        Ok(())
    }
}

/// The most of a configuration, ruleset or profile file read (4 MiB): such
/// files are a few kilobytes, and `ruleset = "/dev/zero"` must not fill the
/// memory.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file a configuration or flag names, at most
/// [`MAX_CONFIG_BYTES`].
///
/// # Errors
/// [`Error::Read`] when it cannot be read, is larger, or is not UTF-8.
pub fn read_text_file(path: &Path) -> Result<String> {
    crate::ruleset::read_text_file(path, MAX_CONFIG_BYTES)
}

/// The 1-based line of `key = ` in `text` (the first one), for messages.
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

impl Limits {
    /// Pages per site.
    #[must_use]
    pub fn pages_per_site(&self) -> usize {
        self.pages_per_site.unwrap_or(DEFAULT_PAGES_PER_SITE)
    }
    /// Depth.
    #[must_use]
    pub fn max_depth(&self) -> u32 {
        self.max_depth.unwrap_or(DEFAULT_MAX_DEPTH)
    }
    /// Total concurrency (at least 1).
    #[must_use]
    pub fn concurrency(&self) -> usize {
        self.concurrency.unwrap_or(DEFAULT_CONCURRENCY).max(1)
    }
    /// Per-host concurrency (at least 1).
    #[must_use]
    pub fn per_host(&self) -> usize {
        self.per_host.unwrap_or(DEFAULT_PER_HOST).max(1)
    }
    /// How long one site's crawl may take in a run, if limited.
    #[must_use]
    pub fn site_budget(&self) -> Option<Duration> {
        self.site_budget_secs
            .and_then(|v| Duration::try_from_secs_f64(v).ok())
    }
    /// How long the whole crawl may take in a run, if limited.
    #[must_use]
    pub fn audit_budget(&self) -> Option<Duration> {
        self.audit_budget_secs
            .and_then(|v| Duration::try_from_secs_f64(v).ok())
    }
    /// Per-host delay.
    #[must_use]
    pub fn delay(&self) -> Duration {
        secs(self.delay_secs, DEFAULT_DELAY_SECS)
    }
    /// How long the analysis of one linked document or feed may take.
    #[must_use]
    pub fn analysis_timeout(&self) -> Duration {
        secs(
            self.analysis_timeout_secs,
            crate::resource::DEFAULT_ANALYSIS_TIMEOUT.as_secs_f64(),
        )
    }
    /// Connect timeout.
    #[must_use]
    pub fn connect_timeout(&self) -> Duration {
        secs(self.connect_timeout_secs, DEFAULT_CONNECT_TIMEOUT_SECS)
    }
    /// Longest silence while reading.
    #[must_use]
    pub fn read_timeout(&self) -> Duration {
        secs(self.read_timeout_secs, DEFAULT_READ_TIMEOUT_SECS)
    }
    /// Total time for one request.
    #[must_use]
    pub fn timeout(&self) -> Duration {
        secs(self.timeout_secs, DEFAULT_TIMEOUT_SECS)
    }
    /// Largest page or file, in bytes.
    #[must_use]
    pub fn max_page_bytes(&self) -> u64 {
        self.max_page_bytes.unwrap_or(DEFAULT_MAX_PAGE_BYTES)
    }
    /// Retries after 429, 5xx and timeouts.
    #[must_use]
    pub fn retries(&self) -> u32 {
        self.retries.unwrap_or(DEFAULT_RETRIES)
    }
    /// First backoff.
    #[must_use]
    pub fn backoff(&self) -> Duration {
        secs(self.backoff_secs, DEFAULT_BACKOFF_SECS)
    }
    /// Longest `Retry-After` honoured.
    #[must_use]
    pub fn max_retry_after(&self) -> Duration {
        secs(self.max_retry_after_secs, DEFAULT_MAX_RETRY_AFTER_SECS)
    }
}

/// What the command line sets over a configuration file (`audit --max-pages`
/// and the like); `None` and `false` leave the file's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// Pages audited per site.
    pub max_pages: Option<usize>,
    /// Link depth from each root.
    pub depth: Option<u32>,
    /// Requests in flight in all.
    pub concurrency: Option<usize>,
    /// Requests in flight per host.
    pub per_host: Option<usize>,
    /// Pause between two requests to one host, seconds.
    pub delay: Option<f64>,
    /// Total time for one request, seconds.
    pub timeout: Option<f64>,
    /// Wall-clock budget of one site's crawl, seconds.
    pub site_budget: Option<f64>,
    /// Wall-clock budget of the whole crawl, seconds.
    pub audit_budget: Option<f64>,
    /// Do not read robots.txt.
    pub ignore_robots: bool,
    /// Send a browser-like User-Agent.
    pub browser_agent: bool,
    /// Do not check links to other hosts.
    pub no_external: bool,
    /// More `host=ip` pins.
    pub resolve: Vec<String>,
    /// `--render chromium`: the browser mode on (`sample` unless the
    /// configuration says `all`).
    pub render: bool,
    /// The most one rendered page may take, seconds.
    pub render_deadline: Option<f64>,
    /// Pages rendered at the same time (`--render-tabs`).
    pub render_tabs: Option<u32>,
    /// Measured loads per measured page (`--measure-runs`).
    pub measure_runs: Option<u32>,
    /// Allow private addresses for every host.
    pub allow_private: bool,
    /// Audit only some of the configuration's sites (`--sites`, `--shard`).
    pub select: Option<SiteSelection>,
}

impl CrawlConfig {
    /// Whether external links are checked.
    #[must_use]
    pub fn check_external(&self) -> bool {
        self.check_external.unwrap_or(true)
    }
    /// Whether sitemaps are read.
    #[must_use]
    pub fn sitemaps(&self) -> bool {
        self.sitemaps.unwrap_or(true)
    }
    /// The per-page deadline of the browser mode.
    #[must_use]
    pub fn render_deadline(&self) -> Duration {
        secs(self.render_deadline_secs, DEFAULT_RENDER_DEADLINE_SECS)
    }
    /// Pages the browser mode loads at the same time.
    #[must_use]
    pub fn render_tabs(&self) -> usize {
        self.render_tabs
            .unwrap_or(DEFAULT_RENDER_TABS)
            .clamp(1, MAX_RENDER_TABS) as usize
    }
    /// Measured loads per measured page (0: none); by default
    /// [`DEFAULT_SAMPLE_MEASURE_RUNS`] with `render = "sample"`, else
    /// [`DEFAULT_MEASURE_RUNS`].
    #[must_use]
    pub fn measure_runs(&self) -> u32 {
        self.measure_runs
            .unwrap_or(match self.render {
                RenderPages::Sample => DEFAULT_SAMPLE_MEASURE_RUNS,
                RenderPages::Off | RenderPages::All => DEFAULT_MEASURE_RUNS,
            })
            .min(MAX_MEASURE_RUNS)
    }
}

impl Config {
    /// Reads and validates a configuration file.
    ///
    /// # Errors
    /// [`Error::Config`] naming the file, line and problem.
    pub fn load(path: &Path) -> Result<Self> {
        let text = read_text_file(path)?;
        let config = Self::parse(&text).map_err(|message| Error::Config {
            file: path.display().to_string(),
            message,
        })?;
        Ok(config)
    }

    /// Parses and validates configuration text.
    ///
    /// # Errors
    /// A message with the line and column when known.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let mut message = e.message().to_string();
            if let Some(span) = e.span() {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                message = format!("line {line}: {message}");
            }
            message
        })?;
        if let Err((key, problem)) = config.limits.check() {
            return Err(match line_of(text, key) {
                Some(line) => format!("line {line}: limits.{key} = {problem}"),
                None => format!("limits.{key} = {problem}"),
            });
        }
        if config.selected.is_some() {
            return Err("unknown field `selected`: the sites a run audits are chosen with `audit --sites` or `--shard`".into());
        }
        config.validate()?;
        Ok(config)
    }

    /// Sets the command line's values over the file's.
    ///
    /// # Errors
    /// [`Error::Usage`] for a `resolve` entry that is not `host=ip`, or a
    /// limit out of its bounds (`--delay 1e308`).
    pub fn apply(&mut self, overrides: &Overrides) -> Result<()> {
        let limits = &mut self.limits;
        limits.pages_per_site = overrides.max_pages.or(limits.pages_per_site);
        limits.max_depth = overrides.depth.or(limits.max_depth);
        limits.concurrency = overrides.concurrency.or(limits.concurrency);
        limits.per_host = overrides.per_host.or(limits.per_host);
        limits.delay_secs = overrides.delay.or(limits.delay_secs);
        limits.timeout_secs = overrides.timeout.or(limits.timeout_secs);
        limits.site_budget_secs = overrides.site_budget.or(limits.site_budget_secs);
        limits.audit_budget_secs = overrides.audit_budget.or(limits.audit_budget_secs);
        limits.check().map_err(|(key, problem)| {
            Error::Usage(format!("limits.{key} (or its option) = {problem}"))
        })?;
        self.crawl.ignore_robots |= overrides.ignore_robots;
        self.crawl.allow_private |= overrides.allow_private;
        if overrides.browser_agent {
            self.crawl.user_agent = Some("browser".into());
        }
        if overrides.no_external {
            self.crawl.check_external = Some(false);
        }
        for entry in &overrides.resolve {
            parse_resolve(entry).map_err(Error::Usage)?;
            self.crawl.resolve.push(entry.clone());
        }
        if overrides.render && self.crawl.render == RenderPages::Off {
            self.crawl.render = RenderPages::Sample;
        }
        self.crawl.render_deadline_secs = overrides
            .render_deadline
            .or(self.crawl.render_deadline_secs);
        self.crawl.measure_runs = overrides.measure_runs.or(self.crawl.measure_runs);
        self.crawl.render_tabs = overrides.render_tabs.or(self.crawl.render_tabs);
        if let Some(selection) = &overrides.select {
            self.select(selection)?;
        }
        Ok(())
    }

    /// Keeps only the sites `selection` names in `sites` (in the file's
    /// order; none when a shard gets no site) and records the selection in
    /// `selected`. The kept sites get their id written out, so that one site
    /// left of several is not taken for a single start URL (whose crawl
    /// discovers sites).
    ///
    /// # Errors
    /// [`Error::UnknownSite`] for a name that is neither a site's id nor its root.
    pub fn select(&mut self, selection: &SiteSelection) -> Result<()> {
        let configured: Vec<ConfiguredSite> = self
            .sites
            .iter()
            .map(|site| ConfiguredSite {
                id: self.site_id(site),
                root: site.root.clone(),
                name: site.name.clone(),
                role: site.role.clone(),
            })
            .collect();
        let ids: Vec<String> = configured.iter().map(|c| c.id.clone()).collect();
        let (keep, shard): (Vec<bool>, Option<Shard>) = match selection {
            SiteSelection::Sites(names) => {
                let mut keep = vec![false; ids.len()];
                for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                    let bare = name.trim_end_matches('/');
                    let at = configured
                        .iter()
                        .position(|c| c.id == name || c.root.trim_end_matches('/') == bare)
                        .ok_or_else(|| Error::UnknownSite {
                            name: name.to_string(),
                            known: ids.join(", "),
                        })?;
                    keep[at] = true;
                }
                (keep, None)
            }
            SiteSelection::Shard(shard) => (
                Shard::deal(shard.count, &ids)
                    .into_iter()
                    .map(|s| s == shard.index)
                    .collect(),
                Some(*shard),
            ),
        };
        if keep.iter().any(|k| !k) {
            let mut kept = Vec::new();
            for (site, keep) in std::mem::take(&mut self.sites).into_iter().zip(&keep) {
                if *keep {
                    let id = self.site_id(&site);
                    kept.push(SiteConfig {
                        id: Some(id),
                        ..site
                    });
                }
            }
            self.sites = kept;
        }
        self.selected = Some(Selected {
            shard,
            audited: ids
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(id, _)| id.clone())
                .collect(),
            configured,
        });
        Ok(())
    }

    /// The reference date the file names, if any.
    ///
    /// # Errors
    /// [`Error::BadDate`] when it is not `YYYY-MM-DD`.
    pub fn as_of(&self) -> Result<Option<chrono::NaiveDate>> {
        self.as_of
            .as_deref()
            .map(|text| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Error::BadDate {
                    option: "as_of".into(),
                    text: text.to_string(),
                })
            })
            .transpose()
    }

    /// A configuration for one start URL.
    #[must_use]
    pub fn for_url(url: &str) -> Self {
        Self {
            sites: vec![SiteConfig {
                root: url.to_string(),
                role: Some("portal".into()),
                ..SiteConfig::default()
            }],
            ..Self::default()
        }
    }

    /// Checks what types cannot: roots are http(s) URLs, ids unique, patterns compile.
    ///
    /// # Errors
    /// What is wrong.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.sites.is_empty() {
            return Err("no [[site]]: name at least the portal".into());
        }
        if self
            .crawl
            .measure_runs
            .is_some_and(|n| n > MAX_MEASURE_RUNS)
        {
            return Err(format!(
                "crawl.measure_runs must be 0 to {MAX_MEASURE_RUNS}"
            ));
        }
        if self
            .crawl
            .render_tabs
            .is_some_and(|n| !(1..=MAX_RENDER_TABS).contains(&n))
        {
            return Err(format!("crawl.render_tabs must be 1 to {MAX_RENDER_TABS}"));
        }
        let mut ids = std::collections::BTreeSet::new();
        for site in &self.sites {
            let url = url::Url::parse(&site.root)
                .map_err(|e| format!("site root `{}` is not a URL: {e}", site.root))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(format!(
                    "site root `{}` must be an http:// or https:// URL",
                    site.root
                ));
            }
            if !ids.insert(self.site_id(site)) {
                return Err(format!("two sites have the id `{}`", self.site_id(site)));
            }
        }
        for pattern in self.crawl.include.iter().chain(&self.crawl.exclude) {
            regex::Regex::new(pattern)
                .map_err(|e| format!("pattern `{pattern}` is not a regular expression: {e}"))?;
        }
        for entry in &self.crawl.resolve {
            parse_resolve(entry)?;
        }
        Ok(())
    }

    /// A site's id: configured, or its host (with the port when not the default).
    #[must_use]
    pub fn site_id(&self, site: &SiteConfig) -> String {
        site.id.clone().unwrap_or_else(|| {
            url::Url::parse(&site.root).map_or_else(
                |_| site.root.clone(),
                |u| match u.port() {
                    Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                    None => u.host_str().unwrap_or_default().to_string(),
                },
            )
        })
    }
}

/// Parses `host=ip` into the pair a client resolves.
///
/// # Errors
/// When it is not `host=ip`.
pub fn parse_resolve(entry: &str) -> std::result::Result<(String, std::net::SocketAddr), String> {
    let (host, ip) = entry
        .split_once('=')
        .ok_or_else(|| format!("resolve `{entry}` must be host=ip"))?;
    let ip: std::net::IpAddr = ip
        .trim()
        .parse()
        .map_err(|_| format!("resolve `{entry}`: `{ip}` is not an IP address"))?;
    Ok((
        host.trim().to_ascii_lowercase(),
        std::net::SocketAddr::new(ip, 0),
    ))
}

#[cfg(test)]
mod tests;
