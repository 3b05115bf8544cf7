//! `portal-audit check`: files, folders or single URLs, without crawling.

use clap::Args;
use portal_audit::check::{self, CheckOptions};
use portal_audit::gate::FailOn;

use super::{GateArgs, Global, OutputArgs, RenderArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit check public/                       every *.html / *.htm under public/
  portal-audit check index.html lien-he.html --lang en
  portal-audit check https://example.gov.vn/ --as-of 2021-06-30
  portal-audit check site/ --fail-on warning --out build/audit
  portal-audit check site/ --rule img-alt-missing --rule html-lang-missing
  portal-audit check public/ --format json,sarif,junit,md --baseline .portal-audit-baseline.json
  portal-audit check vpubnd/ --role vpubnd --profile qd-1526-2019-travinh --as-of 2019-08-20
  portal-audit check https://example.gov.vn/ --render chromium   also check the page as a browser builds it";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// HTML files, folders (searched for *.html and *.htm), or http(s) URLs.
    #[arg(required = true, value_name = "FILE|DIR|URL")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// The lowest severity of a failed finding that fails the gate (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// The role of the checked site(s), for the rules that depend on it
    /// (e.g. portal, so-khdt, ubnd-huyen; `audit --config` sets roles per site).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Also apply a legal profile: a built-in id (e.g. qd-1526-2019-travinh)
    /// or a profile file for another province (repeatable; see docs/profiles.md).
    #[arg(long = "profile", value_name = "ID|FILE")]
    pub profiles: Vec<String>,
    /// Findings listed in the terminal summary at most.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub max_listed: usize,
    /// Longest analysis of one linked local document or feed, in seconds
    /// (`audit` reads `analysis_timeout_secs` from its configuration).
    #[arg(long, default_value_t = portal_audit::resource::DEFAULT_ANALYSIS_TIMEOUT.as_secs_f64(), value_name = "SECS")]
    pub analysis_timeout: f64,
    #[command(flatten)]
    pub render: RenderArgs,
    /// Read files through symlinks that lead out of the checked folder (off: nothing outside DIR is read).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Keep the SQLite store the pages are recorded in (the layout `audit` writes) in FILE [default: a temporary file, removed after the run].
    #[arg(long, value_name = "FILE")]
    pub keep_store: Option<std::path::PathBuf>,
}

pub(super) fn run(args: CheckArgs, global: &Global) -> anyhow::Result<u8> {
    let ruleset = global.ruleset()?;
    // A bad --format is said before any work.
    args.output.formats()?;
    let lang = global.lang;
    let render_deadline = args.render.deadline()?;
    let options = CheckOptions {
        inputs: args.inputs,
        as_of: global
            .as_of()?
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        lang,
        gate: args.gate.policy(args.fail_on)?,
        only_rules: args.rules,
        role: args.role,
        profiles: args.profiles,
        ca_certs: global.ca_certs()?,
        dns_server: global.dns_server(),
        follow_symlinks: args.follow_symlinks,
        store: args.keep_store,
        analysis_timeout: std::time::Duration::try_from_secs_f64(args.analysis_timeout).map_err(
            |_| {
                portal_audit::Error::Usage(
                    "--analysis-timeout takes a number of seconds, like 20 or 0.5".into(),
                )
            },
        )?,
        render: args
            .render
            .render
            .map(|_| portal_audit::render::RenderOptions {
                deadline: std::time::Duration::from_secs_f64(
                    render_deadline.unwrap_or(portal_audit::config::DEFAULT_RENDER_DEADLINE_SECS),
                ),
                tabs: args
                    .render
                    .render_tabs
                    .unwrap_or(portal_audit::config::DEFAULT_RENDER_TABS)
                    as usize,
                repeat: args
                    .render
                    .measure_runs
                    .unwrap_or(portal_audit::config::DEFAULT_MEASURE_RUNS)
                    as usize,
                ..portal_audit::render::RenderOptions::default()
            }),
    };
    let finished = check::run_to_store(&options, &ruleset)?;
    let listing = super::Listing {
        max: args.max_listed,
        accepted: args.gate.list_accepted,
    };
    let (formats, out) = (args.output.formats()?, args.output.out_dir());
    let passed = super::write_finished(
        &finished,
        &args.output,
        (&formats, &out),
        listing,
        global,
        |_| {},
    )?;
    Ok(if passed { 0 } else { 1 })
}
