//! The command line: arguments (clap derive), one file per command, and what
//! they share (output and gate options, writing reports). The commands call
//! the library and print; `main.rs` turns their errors into messages and
//! exit codes.

mod audit;
mod check;
mod convert;
mod demo;
mod init;
mod merge;
mod progress;
mod report;
mod rules;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use portal_audit::gate::{self, FailOn};
use portal_audit::report::stream::Body;
use portal_audit::report::{self as reports, Format};
use portal_audit::ruleset::{Lang, Ruleset};

const MAIN_EXAMPLES: &str = "\
Exit codes: 0 the gate passed · 1 the gate failed · 2 usage or configuration error · 3 the audit could not run

Examples:
  portal-audit demo
  portal-audit init --example travinh
  portal-audit check fixtures/sites/sample
  portal-audit audit --config audit.toml
  portal-audit rules --format json
  portal-audit --lang en check site/ --fail-on never";

/// Audits Vietnamese state agency web portals: accessibility (WCAG 2.0,
/// Thông tư 32/2017 Điều 18), Vietnamese Unicode (TCVN 6909:2001), mandatory
/// information, links and web standards.
#[derive(Debug, Parser)]
#[command(name = "portal-audit", version, about, after_help = MAIN_EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Language of messages and reports.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Reference date (YYYY-MM-DD): the legal bases in force on that day apply [default: today].
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// A ruleset file that changes severities or disables rules.
    #[arg(long, global = true, value_name = "FILE")]
    pub ruleset: Option<PathBuf>,
    /// Also trust the CA certificates in this PEM file (an agency's own CA), besides the Mozilla roots.
    #[arg(long, global = true, value_name = "PEM")]
    pub ca_cert: Option<PathBuf>,
    /// Ask this DNS server (IP:PORT) instead of the system resolver, for the DNS checks and every fetch (resolve pins win).
    #[arg(long, global = true, value_name = "IP:PORT")]
    pub dns_server: Option<std::net::SocketAddr>,
    /// Only print errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More log output: -v each request that failed, -vv also the crawl's decisions (skips, retries), -vvv everything.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl Global {
    /// The `--as-of` date, when given.
    fn as_of(&self) -> anyhow::Result<Option<chrono::NaiveDate>> {
        let Some(text) = &self.as_of else {
            return Ok(None);
        };
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            portal_audit::Error::BadDate {
                option: "--as-of".into(),
                text: text.clone(),
            }
        })?;
        Ok(Some(date))
    }

    /// The resolver asked (`--dns-server`, else the system's).
    fn dns_server(&self) -> portal_audit::crawl::dns::DnsServer {
        match self.dns_server {
            Some(addr) => portal_audit::crawl::dns::DnsServer::At(addr),
            None => portal_audit::crawl::dns::DnsServer::System,
        }
    }

    /// The certificates of `--ca-cert`.
    fn ca_certs(&self) -> anyhow::Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
        let Some(path) = &self.ca_cert else {
            return Ok(Vec::new());
        };
        let pem = std::fs::read(path).map_err(|source| portal_audit::Error::Read {
            path: path.clone(),
            source,
        })?;
        portal_audit::crawl::tls::read_pem_certificates(&pem).map_err(|message| {
            portal_audit::Error::Usage(format!("--ca-cert {}: {message}", path.display())).into()
        })
    }

    /// The embedded rulesets, with `--ruleset` applied.
    fn ruleset(&self) -> anyhow::Result<Ruleset> {
        let mut ruleset = Ruleset::embedded()?;
        if let Some(path) = &self.ruleset {
            ruleset.apply_user_file(path)?;
        }
        Ok(ruleset)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check local HTML files, folders of them, or single URLs (no crawling).
    #[command(after_help = check::EXAMPLES)]
    Check(check::CheckArgs),
    /// Crawl the portal and its component sites: audit every page, check every link.
    #[command(after_help = audit::EXAMPLES)]
    Audit(audit::AuditArgs),
    /// List every rule with its metadata.
    #[command(after_help = rules::EXAMPLES)]
    Rules(rules::RulesArgs),
    /// Render a saved report.json again, in other formats, without re-checking.
    #[command(after_help = report::REPORT_EXAMPLES)]
    Report(report::ReportArgs),
    /// Compare two reports: new, fixed and unchanged findings per site and rule.
    #[command(after_help = report::DIFF_EXAMPLES)]
    Diff(report::DiffArgs),
    /// Write the accepted-issues file (baseline) from a report: every failed finding in it is accepted.
    #[command(after_help = report::BASELINE_EXAMPLES)]
    Baseline(report::BaselineArgs),
    /// Merge the report.json of every shard of a split audit (audit --shard) into one report, as one run of all their sites writes it.
    #[command(after_help = merge::EXAMPLES)]
    Merge(merge::MergeArgs),
    /// Audit the embedded demo province (a portal and four component sites on 127.0.0.1).
    #[command(after_help = demo::EXAMPLES)]
    Demo(demo::DemoArgs),
    /// Write a commented audit.toml to start from, or the Trà Vinh example.
    #[command(after_help = init::EXAMPLES)]
    Init(init::InitArgs),
    /// Convert legacy Vietnamese text (TCVN3, VNI, VISCII, VPS, VIQR,
    /// windows-1258, double-encoded UTF-8) to Unicode NFC UTF-8 on stdout.
    #[command(after_help = convert::EXAMPLES)]
    Convert(convert::ConvertArgs),
}

/// Where and how reports are written.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Report formats to write, comma-separated (json, html, sarif, junit, csv, md, codequality, xlsx) [default: json; audit: the config's [report] formats, else json,html].
    #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<String>,
    /// Folder for the reports [default: audit-out; audit --resume: the interrupted audit's].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The province or agency, shown in report headers [default: the config's [province] name].
    #[arg(long, value_name = "NAME")]
    pub province: Option<String>,
    /// A previous report.json of the same scope: HTML and Markdown show the trend (failed findings new/fixed/unchanged, family scores and mandatory categories then → now).
    #[arg(long, value_name = "REPORT")]
    pub previous: Option<PathBuf>,
    /// The repository root that SARIF, Code Quality and GitHub annotation paths are relative to [default: `git rev-parse --show-toplevel`, else the current folder].
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,
    /// SARIF: also one result per needs-review occurrence (left out by default, so code scanning opens no alert for them).
    #[arg(long)]
    pub sarif_review: bool,
    /// JUnit: also list the rules that applied nowhere, as skipped test cases.
    #[arg(long)]
    pub junit_skipped: bool,
    /// HTML: also write sites/<id>.html, each site's own report for its webmaster (its findings only), linked from report.html [audit: also the config's [report] split_sites].
    #[arg(long)]
    pub split_sites: bool,
}

/// The reports' folder when `--out` is not given.
pub const DEFAULT_OUT: &str = "audit-out";

impl OutputArgs {
    /// The reports' folder: `--out`, else `audit-out`.
    fn out_dir(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT))
    }

    /// The formats asked, each once; `json` when none is.
    fn formats(&self) -> anyhow::Result<Vec<Format>> {
        if self.format.is_empty() {
            return Ok(vec![Format::Json]);
        }
        parse_formats(&self.format)
    }

    /// Writes the reports into `--out` in the formats asked.
    fn write(&self, report: &reports::model::Report, lang: Lang) -> anyhow::Result<Vec<PathBuf>> {
        self.write_to(report, lang, &self.formats()?, &self.out_dir())
    }

    /// Writes the reports, with the trend against `--previous` when given.
    fn write_to(
        &self,
        report: &reports::model::Report,
        lang: Lang,
        formats: &[Format],
        out: &Path,
    ) -> anyhow::Result<Vec<PathBuf>> {
        self.write_body(Body::Memory(report), lang, formats, out)
    }

    /// Writes the reports of a report in memory or streamed from a store
    /// (then in formats that stream: [`OutputArgs::streams`]).
    fn write_body(
        &self,
        body: Body<'_>,
        lang: Lang,
        formats: &[Format],
        out: &Path,
    ) -> anyhow::Result<Vec<PathBuf>> {
        let previous = self
            .previous
            .as_deref()
            .map(reports::load::load)
            .transpose()?;
        let root = self.source_root();
        let options = reports::RenderOptions {
            lang,
            previous: previous.as_ref(),
            source_root: root.as_ref(),
            sarif_review: self.sarif_review,
            junit_skipped: self.junit_skipped,
            split_sites: self.split_sites,
        };
        let written = match body {
            Body::Memory(report) => reports::write_all_with(report, formats, out, &options)?,
            Body::Stream(streamed) => {
                reports::write_all_streamed(streamed, formats, out, &options)?
            }
        };
        // In a GitHub Actions job, the counted findings annotate the files.
        if annotates() {
            print!("{}", reports::annotations::render_body(body, &options)?);
        }
        Ok(written)
    }

    /// Whether the reports in these formats are written streamed from a
    /// store ([`reports::streams_with`], the one rule): with `--previous`,
    /// Markdown compares every finding and does not stream.
    fn streams_in(&self, formats: &[Format]) -> bool {
        reports::streams_with(formats, self.previous.is_some())
    }

    /// [`OutputArgs::streams_in`] the formats asked.
    fn streams(&self) -> anyhow::Result<bool> {
        Ok(self.streams_in(&self.formats()?))
    }

    /// The repository root (`--sarif-root`, else git's top level, else the
    /// current folder) and the current folder, both absolute.
    fn source_root(&self) -> Option<reports::location::SourceRoot> {
        let cwd = std::env::current_dir().ok()?;
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let root = match &self.sarif_root {
            Some(dir) => {
                let dir = cwd.join(dir);
                dir.canonicalize().unwrap_or(dir)
            }
            None => std::process::Command::new("git")
                .args(["rev-parse", "--show-toplevel"])
                .stderr(std::process::Stdio::null())
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .map(|text| PathBuf::from(text.trim()))
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| p.canonicalize().unwrap_or(p))
                .unwrap_or_else(|| cwd.clone()),
        };
        Some(reports::location::SourceRoot { root, cwd })
    }
}

/// Format names, each once (an unknown one is a usage error).
fn parse_formats(names: &[String]) -> anyhow::Result<Vec<Format>> {
    let mut formats = Vec::new();
    for name in names {
        let format = Format::parse(name)?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    Ok(formats)
}

/// The browser mode (`check` and `audit`).
#[derive(Debug, Clone, Default, Args)]
pub struct RenderArgs {
    /// Also load each page in an installed headless browser (never
    /// downloaded; CHROMIUM, else on PATH chromium-headless-shell before
    /// chromium) and check the DOM its scripts built; `audit` renders a
    /// sample unless the config says `render = "all"`.
    #[arg(long, value_enum, value_name = "BROWSER")]
    pub render: Option<RenderWith>,
    /// The most one rendered page may take, seconds [default: 30].
    #[arg(long, value_name = "SECS")]
    pub render_deadline: Option<f64>,
    /// Pages the browser loads at the same time, one tab each (more tabs
    /// use more memory and CPU) [default: 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub render_tabs: Option<u32>,
    /// Page-load measurement: how many times each measured page (every URL
    /// of `check`, each site's home page in `audit` — when the machine has a
    /// CPU core idle, else after the crawl) is loaded under the fixed mobile
    /// profile; 0 measures nothing [default: 3; 1 for `audit`'s sample].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub measure_runs: Option<u32>,
}

/// The browsers `--render` can drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderWith {
    /// Chromium (or Google Chrome) over the DevTools protocol.
    Chromium,
}

impl RenderArgs {
    /// The deadline, checked.
    fn deadline(&self) -> anyhow::Result<Option<f64>> {
        match self.render_deadline {
            Some(secs) if !(secs.is_finite() && secs > 0.0) => Err(portal_audit::Error::Usage(
                "--render-deadline takes a number of seconds above 0, like 30".into(),
            )
            .into()),
            other => Ok(other),
        }
    }
}

/// Gate options beyond `--fail-on`.
#[derive(Debug, Clone, Default, Args)]
pub struct GateArgs {
    /// Counted findings tolerated before the gate fails.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub max_findings: usize,
    /// Accepted findings: a file written by `portal-audit baseline` or a previous report.json. Only findings not in it count.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// A missing --baseline file is no error: every finding is then new (the first run, before a baseline is committed).
    #[arg(long, requires = "baseline")]
    pub baseline_optional: bool,
    /// Also list the findings the baseline accepts in the terminal summary (only new ones are listed by default).
    #[arg(long)]
    pub list_accepted: bool,
    /// What the gate counts: a template defect (one element failing on many pages of a site) once, or every occurrence.
    #[arg(long, value_enum, default_value_t = portal_audit::finding::GateBy::Group)]
    pub gate_by: portal_audit::finding::GateBy,
}

impl GateArgs {
    /// The accepted findings of `--baseline`, when given (and, with
    /// `--baseline-optional`, when the file exists).
    fn baseline(&self) -> anyhow::Result<Option<portal_audit::baseline::Baseline>> {
        let Some(path) = self.baseline.as_deref() else {
            return Ok(None);
        };
        if self.baseline_optional && !path.exists() {
            return Ok(None);
        }
        Ok(Some(portal_audit::baseline::Baseline::load(path)?))
    }

    /// The gate policy with this threshold.
    fn policy(&self, fail_on: FailOn) -> anyhow::Result<gate::Policy> {
        Ok(gate::Policy {
            fail_on,
            max_findings: self.max_findings,
            baseline: self.baseline()?,
            gate_by: self.gate_by,
        })
    }
}

/// Whether the counted findings are printed as annotations (in a GitHub
/// Actions job).
fn annotates() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// The language chosen with `--lang`.
pub fn lang(global: &Global) -> Lang {
    global.lang
}

/// Runs the parsed command, returning the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let global = &cli.global;
    match cli.command {
        Command::Convert(args) => convert::run(&args, global),
        Command::Init(args) => init::run(&args, global),
        Command::Check(args) => check::run(args, global),
        Command::Audit(args) => audit::run(args, global),
        Command::Demo(args) => demo::run(&args, global),
        Command::Rules(args) => rules::run(&args, global),
        Command::Report(args) => report::run_report(args, global),
        Command::Diff(args) => report::run_diff(&args, global),
        Command::Baseline(args) => report::run_baseline(&args, global),
        Command::Merge(args) => merge::run(&args, global),
    }
}

/// Prints the paths of the reports written.
fn print_written(out: &mut impl Write, written: &[PathBuf], lang: Lang) -> std::io::Result<()> {
    for path in written {
        let label = if lang == Lang::Vi {
            "Báo cáo:"
        } else {
            "Report:"
        };
        writeln!(out, "{label} {}", path.display())?;
    }
    Ok(())
}

/// How many findings the terminal summary lists, and whether accepted ones too.
#[derive(Debug, Clone, Copy)]
pub struct Listing {
    /// Findings listed at most.
    pub max: usize,
    /// Also the findings the baseline accepts.
    pub accepted: bool,
}

/// Writes the reports of a finished `audit` or `check` into `out` and prints
/// its summary (unless quiet): streamed from its store when every format
/// asked streams ([`OutputArgs::streams_in`]; the report is then never whole
/// in memory), else assembled in memory. `--province` is set on it and
/// `done` sees it first; returns whether the gate passed.
fn write_finished(
    finished: &portal_audit::audit::Finished<'_>,
    output: &OutputArgs,
    (formats, out): (&[Format], &Path),
    listing: Listing,
    global: &Global,
    done: impl FnOnce(&reports::model::Report),
) -> anyhow::Result<bool> {
    let lang = global.lang;
    let write = |body: Body<'_>| -> anyhow::Result<bool> {
        done(body.head());
        let written = output.write_body(body, lang, formats, out)?;
        if !global.quiet {
            print_summary_of(body, &written, lang, listing.max, listing.accepted)?;
        }
        Ok(body.head().gate.passed)
    };
    let province = |report: &mut reports::model::Report| {
        if output.province.is_some() {
            report.run.province.clone_from(&output.province);
        }
    };
    if output.streams_in(formats) {
        let mut streamed = finished.streamed()?;
        province(&mut streamed.head);
        write(Body::Stream(&streamed))
    } else {
        let mut report = finished.report()?;
        province(&mut report);
        write(Body::Memory(&report))
    }
}

/// Prints the terminal summary of a report and the paths written.
fn print_summary(
    report: &reports::model::Report,
    written: &[PathBuf],
    lang: Lang,
    max_listed: usize,
    list_accepted: bool,
) -> std::io::Result<()> {
    print_summary_of(
        Body::Memory(report),
        written,
        lang,
        max_listed,
        list_accepted,
    )
}

/// [`print_summary`] of a report in memory or streamed from a store.
fn print_summary_of(
    body: Body<'_>,
    written: &[PathBuf],
    lang: Lang,
    max_listed: usize,
    list_accepted: bool,
) -> std::io::Result<()> {
    let style = reports::summary::Style {
        color: color(),
        max_findings: max_listed,
        list_accepted,
    };
    let summary = reports::summary::render_body(body, lang, style)?;
    let mut out = std::io::stdout().lock();
    write!(out, "{summary}")?;
    print_written(&mut out, written, lang)
}

/// Whether to colour the terminal summary: `FORCE_COLOR` or `CLICOLOR_FORCE`
/// (set and not `0`) force it, as CI logs that render colours ask; else only
/// on a terminal and without `NO_COLOR`.
fn color() -> bool {
    let forced = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
    if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") {
        return true;
    }
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
