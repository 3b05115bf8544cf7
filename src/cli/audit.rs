//! `portal-audit audit`: crawl the portal and its component sites.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use portal_audit::audit::{self, Request};
use portal_audit::config::{Overrides, Shard, SiteSelection};
use portal_audit::gate::FailOn;
use portal_audit::report::{self as reports, Format};
use portal_audit::store::OutputSettings;

use super::progress::Display;
use super::{GateArgs, Global, OutputArgs, RenderArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit audit https://travinh.gov.vn/             the portal and the component sites it links to
  portal-audit audit --config audit.toml                 the sites, limits and gate of a configuration
  portal-audit audit --config audit.toml --resume        continue an interrupted audit from its store
  portal-audit audit https://staging.example.gov.vn/ --max-pages 200 --ignore-robots --fail-on warning
  portal-audit audit --config audit.toml --render chromium  also render a sample of pages in headless Chromium
  portal-audit audit --config audit.toml --sites portal,sokhdt   only these sites of the configuration
  portal-audit audit --config audit.toml --shard 0/4 --out shard-0   one machine's quarter (then: portal-audit merge)";

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// The portal's URL (without --config).
    #[arg(value_name = "URL")]
    pub url: Option<String>,
    /// A configuration file (docs/config.md).
    #[arg(long, value_name = "FILE", conflicts_with = "url")]
    pub config: Option<PathBuf>,
    /// Continue the interrupted audit in the store.
    #[arg(long)]
    pub resume: bool,
    /// Audit only these sites of the configuration, comma-separated (each its id or root URL).
    #[arg(long, value_delimiter = ',', value_name = "NAME,...", requires = "config", conflicts_with_all = ["resume", "shard"])]
    pub sites: Vec<String>,
    /// Audit shard I of N (0 ≤ I < N): a fixed share of the configuration's sites, never splitting a site; `portal-audit merge` joins the shards' report.json (docs/scale.md).
    #[arg(
        long,
        value_name = "I/N",
        requires = "config",
        conflicts_with = "resume"
    )]
    pub shard: Option<String>,
    /// The SQLite store [default: <out>/audit.sqlite].
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// Where and how the reports (and, by default, the store) are written.
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    /// The lowest severity of a failed finding that fails the gate [default: the config's, else error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Findings listed in the terminal summary at most.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub max_listed: usize,
    /// Do not read robots.txt (an agency auditing its own sites); recorded in the report.
    #[arg(long)]
    pub ignore_robots: bool,
    /// Send a browser-like User-Agent (for hosts that turn bots away).
    #[arg(long)]
    pub browser_agent: bool,
    /// Pages audited per site.
    #[arg(long, value_name = "N")]
    pub max_pages: Option<usize>,
    /// Link depth from each root.
    #[arg(long, value_name = "N")]
    pub depth: Option<u32>,
    /// Requests in flight in all.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Requests in flight per host.
    #[arg(long, value_name = "N")]
    pub per_host: Option<usize>,
    /// Pause between two requests to one host, seconds.
    #[arg(long, value_name = "SECS")]
    pub delay: Option<f64>,
    /// Total time for one request, seconds.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Wall-clock budget of each site's crawl, seconds: then the site is ended, marked incomplete.
    #[arg(long, value_name = "SECS")]
    pub site_budget: Option<f64>,
    /// Wall-clock budget of the whole crawl, seconds: then every site still crawling is ended
    /// (and, with --render, no site root's page-load measurement starts after it).
    #[arg(long, value_name = "SECS")]
    pub audit_budget: Option<f64>,
    /// Do not check links to other hosts.
    #[arg(long)]
    pub no_external: bool,
    /// Resolve a host name to a fixed address, `HOST=IP` (repeatable, like curl's --resolve).
    #[arg(long, value_name = "HOST=IP")]
    pub resolve: Vec<String>,
    #[command(flatten)]
    pub render: RenderArgs,
    /// Let links, redirects and sitemaps lead to loopback, private and reserved addresses (an intranet audit).
    #[arg(long)]
    pub allow_private: bool,
}

impl AuditArgs {
    /// The library's request: these arguments and the global ones.
    fn request(&self, global: &Global) -> anyhow::Result<Request> {
        Ok(Request {
            url: self.url.clone(),
            config: self.config.clone(),
            resume: self.resume,
            store: self.store_path(),
            overrides: Overrides {
                max_pages: self.max_pages,
                depth: self.depth,
                concurrency: self.concurrency,
                per_host: self.per_host,
                delay: self.delay,
                timeout: self.timeout,
                site_budget: self.site_budget,
                audit_budget: self.audit_budget,
                ignore_robots: self.ignore_robots,
                browser_agent: self.browser_agent,
                no_external: self.no_external,
                resolve: self.resolve.clone(),
                render: self.render.render.is_some(),
                render_deadline: self.render.deadline()?,
                render_tabs: self.render.render_tabs,
                measure_runs: self.render.measure_runs,
                allow_private: self.allow_private,
                select: self.selection(global)?,
            },
            fail_on: self.fail_on,
            max_findings: self.gate.max_findings,
            baseline: self.gate.baseline()?,
            gate_by: self.gate.gate_by,
            as_of: global.as_of()?,
            lang: global.lang,
            only_rules: self.rules.clone(),
            ca_certs: global.ca_certs()?,
            dns_server: global.dns_server(),
        })
    }

    /// `--sites` or `--shard`, checked.
    fn selection(&self, global: &Global) -> anyhow::Result<Option<SiteSelection>> {
        // clap's `requires` does not hold against the positional URL, so it is said here.
        if (self.shard.is_some() || !self.sites.is_empty()) && self.config.is_none() {
            let lang = super::lang(global);
            return Err(portal_audit::Error::Usage(portal_audit::messages::text(
                "selection-needs-config",
                lang,
                &[],
            ))
            .into());
        }
        if let Some(text) = &self.shard {
            return Ok(Some(SiteSelection::Shard(Shard::parse(text)?)));
        }
        Ok((!self.sites.is_empty()).then(|| SiteSelection::Sites(self.sites.clone())))
    }

    fn store_path(&self) -> PathBuf {
        self.store
            .clone()
            .unwrap_or_else(|| self.output.out_dir().join("audit.sqlite"))
    }
}

pub(super) fn run(args: AuditArgs, global: &Global) -> anyhow::Result<u8> {
    let listing = super::Listing {
        max: args.max_listed,
        accepted: args.gate.list_accepted,
    };
    run_request(args.request(global)?, &args.output, listing, global)
}

/// Runs an audit, writes its reports, prints its summary (unless quiet);
/// shared with `demo`, which builds its request its own way.
pub(super) fn run_request(
    request: Request,
    output: &OutputArgs,
    listing: super::Listing,
    global: &Global,
) -> anyhow::Result<u8> {
    // A bad --format is said before any work.
    let asked = (!output.format.is_empty())
        .then(|| super::parse_formats(&output.format))
        .transpose()?;
    let lang = global.lang;
    let mut ruleset = global.ruleset()?;
    let mut options = request.options(&mut ruleset, global.ruleset.is_some())?;
    // Each site's own HTML report: --split-sites, or the configuration's [report] split_sites.
    let output = &OutputArgs {
        split_sites: output.split_sites || options.config.report.split_sites,
        ..output.clone()
    };
    // Where the reports go, kept in a new store so that --resume writes them
    // there again: --format, else the configuration's [report] formats, else
    // json and html; --out, else audit-out (absolute, as --resume may run elsewhere).
    let formats = match (&asked, &options.config.report.formats) {
        (Some(asked), _) => asked.clone(),
        (None, Some(names)) => super::parse_formats(names)?,
        (None, None) => vec![Format::Json, Format::Html],
    };
    let out = output.out_dir();
    options.output = OutputSettings {
        out: Some(std::path::absolute(&out).unwrap_or(out)),
        formats: formats.iter().map(|f| f.id().to_string()).collect(),
    };
    // A shard that got no site (more shards than sites) writes an empty
    // report, so that every shard of a split has one to merge. (A URL run or
    // a resume has no sites here yet: only a selection can leave none.)
    if options.config.selected.is_some() && options.config.sites.is_empty() {
        let mut report = empty_report(&options, &ruleset);
        if output.province.is_some() {
            report.run.province.clone_from(&output.province);
        }
        let written = output.write_to(&report, lang, &formats, &out_dir(output))?;
        if !global.quiet {
            super::print_summary(&report, &written, lang, listing.max, listing.accepted)?;
        }
        return Ok(0);
    }
    let store = options.store.clone();
    let stop = stop_on_ctrl_c();
    let names = options
        .config
        .sites
        .iter()
        .filter_map(|site| Some((options.config.site_id(site), site.name.clone()?)))
        .collect();
    let display = Display::new(global.quiet, lang, names);
    let outcome = audit::run(options, &ruleset, &display, &stop)?;
    // A resumed audit's reports go where the interrupted one's were asked,
    // unless --out or --format says otherwise.
    let out = match (&output.out, &outcome.output.out) {
        (None, Some(stored)) => stored.clone(),
        _ => output.out_dir(),
    };
    let formats = match asked {
        Some(asked) => asked,
        None if !outcome.output.formats.is_empty() => {
            super::parse_formats(&outcome.output.formats)?
        }
        None => formats,
    };
    let passed = super::write_finished(
        &outcome.finished,
        output,
        (&formats, &out),
        listing,
        global,
        |report| {
            if !outcome.interrupted {
                display.sites_done(report);
            }
        },
    )?;
    if outcome.interrupted {
        let store = store.display().to_string();
        eprintln!(
            "{}",
            portal_audit::messages::text("audit-stopped", lang, &[("store", &store)])
        );
        return Ok(3);
    }
    Ok(if passed { 0 } else { 1 })
}

fn out_dir(output: &OutputArgs) -> PathBuf {
    output.out_dir()
}

/// The report of a shard without sites: nothing audited, the gate passed.
fn empty_report(
    options: &audit::AuditOptions,
    ruleset: &portal_audit::ruleset::Ruleset,
) -> reports::model::Report {
    // Judged like any run: with a baseline, every entry is absent here.
    let gate = portal_audit::gate::judge(&mut [], &options.gate);
    let mut report = reports::assemble(reports::ReportParts {
        command: "audit",
        inputs: Vec::new(),
        started_at: chrono::Utc::now(),
        as_of: options.as_of,
        lang: options.lang,
        gate,
        ruleset,
        sites: Vec::new(),
        pages: Vec::new(),
        findings: Vec::new(),
        problems: Vec::new(),
    });
    report.run.province = options.config.province.as_ref().map(|p| p.name.clone());
    report.run.selection.clone_from(&options.config.selected);
    report
}

/// A stop flag set by Ctrl-C (SIGINT): the audit then stops cleanly, its
/// store ready for `--resume`. The library only reads the flag.
fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build();
    if let Ok(runtime) = runtime {
        std::thread::spawn(move || {
            runtime.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    flag.store(true, Ordering::SeqCst);
                }
            });
        });
    }
    stop
}
