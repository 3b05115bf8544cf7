//! Arguments (clap derive) and the commands they run.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use portal_audit::check::{self, CheckOptions};
use portal_audit::gate::{self, FailOn};
use portal_audit::report::{self, Format};
use portal_audit::ruleset::{Lang, Ruleset};

const CHECK_EXAMPLES: &str = "\
Examples:
  portal-audit check public/                       every *.html / *.htm under public/
  portal-audit check index.html lien-he.html --lang en
  portal-audit check https://example.gov.vn/ --as-of 2021-06-30
  portal-audit check site/ --fail-on warning --out build/audit
  portal-audit check site/ --rule img-alt-missing --rule html-lang-missing
  portal-audit check public/ --format json,sarif,junit,md --baseline .portal-audit-baseline.json
  portal-audit check vpubnd/ --role vpubnd --profile qd-1526-2019-travinh --as-of 2019-08-20";

const REPORT_EXAMPLES: &str = "\
Examples:
  portal-audit report audit-out/report.json --format sarif,csv,md --out audit-out
  portal-audit --lang en report audit-out/report.json --format md --out en
  portal-audit report audit-out/report.json --format md --baseline .portal-audit-baseline.json";

const DIFF_EXAMPLES: &str = "\
Examples:
  portal-audit diff last-year/report.json audit-out/report.json
  portal-audit diff old.json new.json --json";

const BASELINE_EXAMPLES: &str = "\
Examples:
  portal-audit baseline audit-out/report.json
  portal-audit baseline audit-out/report.json --output ci/accepted.json";

const AUDIT_EXAMPLES: &str = "\
Examples:
  portal-audit audit https://travinh.gov.vn/             the portal and the component sites it links to
  portal-audit audit --config audit.toml                 the sites, limits and gate of a configuration
  portal-audit audit --config audit.toml --resume        continue an interrupted audit from its store
  portal-audit audit https://staging.example.gov.vn/ --max-pages 200 --ignore-robots --fail-on warning";

const RULES_EXAMPLES: &str = "\
Examples:
  portal-audit rules
  portal-audit rules --format json --as-of 2019-06-01";

const CONVERT_EXAMPLES: &str = "\
Examples:
  portal-audit convert --from tcvn3 bai-viet.txt > bai-viet-unicode.txt
  portal-audit convert --from vni < trang-cu.html > trang-moi.html
  echo 'Cæng th«ng tin' | portal-audit convert     (auto; prints \"Cổng thông tin\")
  portal-audit convert --from auto a.html b.html   (each file in turn)

Input: UTF-8 text (legacy text pasted into Unicode) or raw legacy bytes.
--from auto detects TCVN3, VNI, VISCII, VPS, VIQR, windows-1258 and double-encoded
UTF-8 run by run (lines, text between tags), and leaves runs already in Unicode as
they are. Within a run, in every mode, words already in Unicode are kept.
Output: NFC (precomposed) UTF-8 on standard output.";

const DEMO_EXAMPLES: &str = "\
Examples:
  portal-audit demo                      audit the embedded demo province, reports in audit-out/
  portal-audit demo --out /tmp/demo      reports elsewhere
  portal-audit --lang en demo            the summary and the reports in English

The demo serves fixtures/demo/ (embedded in the binary) on 127.0.0.1, writes the
configuration it audits to <out>/demo/audit.toml, runs the regular `audit` on it and
stops its servers. No internet is needed. Exit code 1: the demo has seeded defects.";

const INIT_EXAMPLES: &str = "\
Examples:
  portal-audit init                              a commented audit.toml to fill in
  portal-audit init --province \"Tỉnh Vĩnh Long\"
  portal-audit init --example travinh            Trà Vinh: the portal and the sites its regulation names
  portal-audit init --example travinh --output travinh.toml --force

Hosts marked XÁC NHẬN / CONFIRM are guesses: check them before the audit.
An existing file is never overwritten without --force.";

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
#[derive(Debug, Args)]
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
    /// More log output (-v, -vv, -vvv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// The language chosen with `--lang`.
pub fn lang(global: &Global) -> Lang {
    global.lang
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check local HTML files, folders of them, or single URLs (no crawling).
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Crawl the portal and its component sites: audit every page, check every link.
    #[command(after_help = AUDIT_EXAMPLES)]
    Audit(AuditArgs),
    /// List every rule with its metadata.
    #[command(after_help = RULES_EXAMPLES)]
    Rules(RulesArgs),
    /// Render a saved report.json again, in other formats, without re-checking.
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Compare two reports: new, fixed and unchanged findings per site and rule.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Write the accepted-issues file (baseline) from a report: every failed finding in it is accepted.
    #[command(after_help = BASELINE_EXAMPLES)]
    Baseline(BaselineArgs),
    /// Audit the embedded demo province (a portal and four component sites on 127.0.0.1).
    #[command(after_help = DEMO_EXAMPLES)]
    Demo(DemoArgs),
    /// Write a commented audit.toml to start from, or the Trà Vinh example.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Convert legacy Vietnamese text (TCVN3, VNI, VISCII, VPS, VIQR,
    /// windows-1258, double-encoded UTF-8) to Unicode NFC UTF-8 on stdout.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the reports, the store and the demo's configuration.
    #[arg(long, default_value = "audit-out", value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The province or agency named in the file.
    #[arg(long, value_name = "NAME", conflicts_with = "example")]
    pub province: Option<String>,
    /// Write a worked example instead of the template.
    #[arg(long, value_enum)]
    pub example: Option<ExampleArg>,
    /// Where to write it.
    #[arg(long, default_value = "audit.toml", value_name = "FILE")]
    pub output: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExampleArg {
    /// Tỉnh Trà Vinh (Quyết định 1526/QĐ-UBND, 2019).
    Travinh,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The encoding of the input.
    #[arg(long, value_enum, default_value_t = FromArg::Auto)]
    pub from: FromArg,
    /// Files to convert, one after the other [default: standard input].
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FromArg {
    Tcvn3,
    Vni,
    Viscii,
    Vps,
    Viqr,
    Cp1258,
    Auto,
}

/// Where and how reports are written.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Report formats to write, comma-separated (json, html, sarif, junit, csv, md).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "json",
        value_name = "FORMATS"
    )]
    pub format: Vec<String>,
    /// Folder for the reports.
    #[arg(long, default_value = "audit-out", value_name = "DIR")]
    pub out: PathBuf,
    /// The province or agency, shown in report headers.
    #[arg(long, value_name = "NAME")]
    pub province: Option<String>,
    /// A previous report.json of the same scope: the HTML report shows the trend (new, fixed, unchanged).
    #[arg(long, value_name = "REPORT")]
    pub previous: Option<PathBuf>,
}

/// Gate options beyond `--fail-on`.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Counted findings tolerated before the gate fails.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub max_findings: usize,
    /// Accepted findings: a file written by `portal-audit baseline` or a previous report.json. Only findings not in it count.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report.json to render.
    #[arg(value_name = "REPORT")]
    pub input: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Re-evaluate the gate with this threshold (with any gate option, the exit code follows the gate).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    #[command(flatten)]
    pub gate: GateArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older report.json.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The newer report.json.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The report.json whose failed findings are accepted.
    #[arg(value_name = "REPORT")]
    pub input: PathBuf,
    /// Where to write the accepted-issues file.
    #[arg(
        long,
        default_value = ".portal-audit-baseline.json",
        value_name = "FILE"
    )]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// HTML files, folders (searched for *.html and *.htm), or http(s) URLs.
    #[arg(required = true, value_name = "FILE|DIR|URL")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// The lowest severity of a failed finding that fails the gate (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
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
}

#[derive(Debug, Args)]
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
    pub fail_on: Option<FailOnArg>,
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
    /// Do not check links to other hosts.
    #[arg(long)]
    pub no_external: bool,
    /// Resolve a host name to a fixed address, `HOST=IP` (repeatable, like curl's --resolve).
    #[arg(long, value_name = "HOST=IP")]
    pub resolve: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Notice,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

/// Runs the parsed command, returning the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let lang = cli.global.lang;
    let as_of = match &cli.global.as_of {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            portal_audit::Error::BadDate {
                option: "--as-of".into(),
                text: text.clone(),
            }
        })?,
        None => chrono::Local::now().date_naive(),
    };
    if let Command::Convert(args) = &cli.command {
        return run_convert(args, cli.global.quiet);
    }
    if let Command::Init(args) = &cli.command {
        return run_init(args, &cli.global, lang);
    }
    let ruleset = load_ruleset(cli.global.ruleset.as_deref())?;
    match cli.command {
        Command::Convert(_) | Command::Init(_) => unreachable!("handled above"),
        Command::Check(args) => run_check(args, &cli.global, lang, as_of, &ruleset),
        Command::Audit(args) => run_audit(args, &cli.global, lang, as_of, ruleset),
        Command::Demo(args) => run_demo(&args, &cli.global, lang, as_of, ruleset),
        Command::Rules(args) => {
            print_rules(&ruleset, args.format, lang, as_of)?;
            Ok(0)
        }
        Command::Report(args) => run_report(args, &cli.global, lang, &ruleset),
        Command::Diff(args) => run_diff(&args, lang, &ruleset),
        Command::Baseline(args) => run_baseline(&args, &cli.global, lang, &ruleset),
    }
}

fn dns_server_of(global: &Global) -> portal_audit::crawl::dns::DnsServer {
    match global.dns_server {
        Some(addr) => portal_audit::crawl::dns::DnsServer::At(addr),
        None => portal_audit::crawl::dns::DnsServer::System,
    }
}

fn load_ca_certs(
    path: Option<&Path>,
) -> anyhow::Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let pem = std::fs::read(path).map_err(|source| portal_audit::Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    portal_audit::crawl::tls::read_pem_certificates(&pem).map_err(|message| {
        portal_audit::Error::Usage(format!("--ca-cert {}: {message}", path.display())).into()
    })
}

impl FailOnArg {
    fn fail_on(self) -> FailOn {
        match self {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Notice => FailOn::Notice,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

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

fn gate_policy(fail_on: FailOn, args: &GateArgs) -> anyhow::Result<gate::Policy> {
    let baseline = args
        .baseline
        .as_deref()
        .map(portal_audit::baseline::Baseline::load)
        .transpose()?;
    Ok(gate::Policy {
        fail_on,
        max_findings: args.max_findings,
        baseline,
    })
}

/// Writes the reports, with the trend against `--previous` when given.
fn write_reports(
    report: &report::model::Report,
    formats: &[Format],
    output: &OutputArgs,
    lang: Lang,
) -> anyhow::Result<Vec<PathBuf>> {
    let previous = output
        .previous
        .as_deref()
        .map(report::load::load)
        .transpose()?;
    let options = report::RenderOptions {
        lang,
        previous: previous.as_ref(),
    };
    Ok(report::write_all_with(
        report,
        formats,
        &output.out,
        &options,
    )?)
}

fn print_written(written: &[PathBuf], lang: Lang) {
    for path in written {
        println!(
            "{} {}",
            if lang == Lang::Vi {
                "Báo cáo:"
            } else {
                "Report:"
            },
            path.display()
        );
    }
}

fn run_report(
    args: ReportArgs,
    global: &Global,
    lang: Lang,
    ruleset: &Ruleset,
) -> anyhow::Result<u8> {
    let formats = parse_formats(&args.output.format)?;
    let mut report = report::load::load_any(&args.input, ruleset)?;
    report.run.lang = lang;
    if args.output.province.is_some() {
        report.run.province.clone_from(&args.output.province);
    }
    let regate =
        args.fail_on.is_some() || args.gate.baseline.is_some() || args.gate.max_findings > 0;
    if regate {
        let fail_on = args.fail_on.map_or_else(
            || {
                serde_json::from_value(serde_json::Value::String(report.gate.fail_on.clone()))
                    .unwrap_or_default()
            },
            FailOnArg::fail_on,
        );
        let policy = gate_policy(fail_on, &args.gate)?;
        gate::apply(&mut report, &policy);
    }
    let written = write_reports(&report, &formats, &args.output, lang)?;
    if !global.quiet {
        print_written(&written, lang);
    }
    Ok(if !regate || report.gate.passed { 0 } else { 1 })
}

fn run_diff(args: &DiffArgs, lang: Lang, ruleset: &Ruleset) -> anyhow::Result<u8> {
    let old = report::load::load_any(&args.old, ruleset)?;
    let new = report::load::load_any(&args.new, ruleset)?;
    let diff = report::diff::diff(&old, &new);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&diff).context("serialising the comparison")?
        );
    } else {
        print!("{}", report::diff::render_text(&diff, lang));
    }
    Ok(0)
}

fn run_baseline(
    args: &BaselineArgs,
    global: &Global,
    lang: Lang,
    ruleset: &Ruleset,
) -> anyhow::Result<u8> {
    let report = report::load::load_any(&args.input, ruleset)?;
    let file = portal_audit::baseline::BaselineFile::of(&report);
    report::write_atomic(&args.output, file.to_json().as_bytes())?;
    if !global.quiet {
        println!(
            "{} {} → {}",
            file.accepted.len(),
            if lang == Lang::Vi {
                "phát hiện được chấp nhận"
            } else {
                "findings accepted"
            },
            args.output.display()
        );
    }
    Ok(0)
}

/// `convert`: each input (or stdin) to NFC UTF-8 on stdout. An unreadable
/// file is reported and skipped (exit code 3 at the end).
fn run_convert(args: &ConvertArgs, quiet: bool) -> anyhow::Result<u8> {
    use portal_audit::vietnamese::{self, Legacy};
    use std::io::{Read, Write};

    let from = match args.from {
        FromArg::Tcvn3 => Some(Legacy::Tcvn3),
        FromArg::Vni => Some(Legacy::Vni),
        FromArg::Viscii => Some(Legacy::Viscii),
        FromArg::Vps => Some(Legacy::Vps),
        FromArg::Viqr => Some(Legacy::Viqr),
        FromArg::Cp1258 => Some(Legacy::Cp1258),
        FromArg::Auto => None,
    };
    let mut inputs: Vec<(String, std::io::Result<Vec<u8>>)> = Vec::new();
    if args.files.is_empty() {
        let mut bytes = Vec::new();
        let read = std::io::stdin().read_to_end(&mut bytes).map(|_| bytes);
        inputs.push(("-".to_string(), read));
    } else {
        for path in &args.files {
            inputs.push((path.display().to_string(), std::fs::read(path)));
        }
    }
    let mut stdout = std::io::stdout().lock();
    let mut code = 0;
    for (name, read) in inputs {
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("portal-audit: {name}: {err}");
                code = 3;
                continue;
            }
        };
        let text = vietnamese::text_of_bytes(&bytes);
        let converted = match from {
            Some(encoding) => vietnamese::convert(&text, encoding),
            None => {
                let (converted, found) = vietnamese::convert_auto(&text);
                if !quiet {
                    match found {
                        Some(encoding) => eprintln!("portal-audit: {name}: {}", encoding.name()),
                        None => eprintln!("portal-audit: {name}: no legacy text found (NFC only)"),
                    }
                }
                converted
            }
        };
        stdout.write_all(converted.as_bytes())?;
    }
    stdout.flush()?;
    Ok(code)
}

fn load_ruleset(user: Option<&Path>) -> anyhow::Result<Ruleset> {
    let mut ruleset = Ruleset::embedded()?;
    if let Some(path) = user {
        ruleset.apply_user_file(path)?;
    }
    Ok(ruleset)
}

fn fail_on_of(arg: FailOnArg) -> FailOn {
    match arg {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Notice => FailOn::Notice,
        FailOnArg::Never => FailOn::Never,
    }
}

fn run_audit(
    args: AuditArgs,
    global: &Global,
    lang: Lang,
    as_of: chrono::NaiveDate,
    mut ruleset: Ruleset,
) -> anyhow::Result<u8> {
    use portal_audit::audit::{self, AuditOptions, Progress};
    use portal_audit::config::Config;
    let formats = parse_formats(&args.output.format)?;
    let mut config = match (&args.config, &args.url) {
        (Some(path), _) => Config::load(path)?,
        (None, Some(url)) => {
            if !url.contains("://") {
                return Err(
                    portal_audit::Error::NoScheme(url.trim_end_matches('/').to_string()).into(),
                );
            }
            let config = Config::for_url(url);
            config.validate().map_err(portal_audit::Error::Usage)?;
            config
        }
        (None, None) if args.resume => {
            // The stored configuration's ruleset and provincial profiles
            // (saved as absolute paths) apply to the resumed part too.
            let store = args
                .store
                .clone()
                .unwrap_or_else(|| args.output.out.join("audit.sqlite"));
            portal_audit::store::Store::open(&store)
                .ok()
                .and_then(|s| s.meta("config").ok().flatten())
                .and_then(|text| serde_json::from_str::<Config>(&text).ok())
                .map(|stored| Config {
                    ruleset: stored.ruleset,
                    profiles: stored.profiles,
                    ..Config::default()
                })
                .unwrap_or_default()
        }
        (None, None) => {
            return Err(portal_audit::Error::NoTarget.into());
        }
    };
    let limits = &mut config.limits;
    limits.pages_per_site = args.max_pages.or(limits.pages_per_site);
    limits.max_depth = args.depth.or(limits.max_depth);
    limits.concurrency = args.concurrency.or(limits.concurrency);
    limits.per_host = args.per_host.or(limits.per_host);
    limits.delay_secs = args.delay.or(limits.delay_secs);
    limits.timeout_secs = args.timeout.or(limits.timeout_secs);
    config.crawl.ignore_robots |= args.ignore_robots;
    if args.browser_agent {
        config.crawl.user_agent = Some("browser".into());
    }
    if args.no_external {
        config.crawl.check_external = Some(false);
    }
    for entry in &args.resolve {
        portal_audit::config::parse_resolve(entry).map_err(portal_audit::Error::Usage)?;
        config.crawl.resolve.push(entry.clone());
    }
    // Files named by the configuration are relative to it; they are kept as
    // absolute paths so that `--resume` finds them from anywhere.
    let base = args
        .config
        .as_deref()
        .and_then(Path::parent)
        .map(|dir| std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()))
        .unwrap_or_default();
    if let Some(file) = &config.ruleset {
        let path = base.join(file);
        if global.ruleset.is_none() {
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
    let as_of = match (&global.as_of, &config.as_of) {
        (None, Some(text)) => {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                portal_audit::Error::BadDate {
                    option: "as_of".into(),
                    text: text.clone(),
                }
            })?
        }
        _ => as_of,
    };
    let fail_on = match (args.fail_on, config.gate.fail_on.as_deref()) {
        (Some(arg), _) => fail_on_of(arg),
        (None, Some("warning")) => FailOn::Warning,
        (None, Some("notice")) => FailOn::Notice,
        (None, Some("never")) => FailOn::Never,
        _ => FailOn::Error,
    };
    let store = args
        .store
        .clone()
        .unwrap_or_else(|| args.output.out.join("audit.sqlite"));
    let progress = if global.quiet {
        Progress::Quiet
    } else if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Log
    };
    let options = AuditOptions {
        ca_certs: load_ca_certs(global.ca_cert.as_deref())?,
        dns_server: dns_server_of(global),
        config,
        store: store.clone(),
        resume: args.resume,
        as_of,
        lang,
        fail_on,
        only_rules: args.rules,
        progress,
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut outcome = audit::run(options, &ruleset, stop)?;
    gate::apply(&mut outcome.report, &gate_policy(fail_on, &args.gate)?);
    if args.output.province.is_some() {
        outcome
            .report
            .run
            .province
            .clone_from(&args.output.province);
    }
    let written = write_reports(&outcome.report, &formats, &args.output, lang)?;
    if !global.quiet {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let style = report::summary::Style {
            color,
            max_findings: args.max_listed,
        };
        print!("{}", report::summary::render(&outcome.report, lang, style));
        for path in written {
            println!(
                "{} {}",
                if lang == Lang::Vi {
                    "Báo cáo:"
                } else {
                    "Report:"
                },
                path.display()
            );
        }
    }
    if outcome.interrupted {
        eprintln!(
            "{}",
            if lang == Lang::Vi {
                format!(
                    "Đã dừng. Mọi kết quả đã lưu trong {}; chạy tiếp bằng: portal-audit audit --resume --store {}",
                    store.display(),
                    store.display()
                )
            } else {
                format!(
                    "Stopped. Everything so far is saved in {}; continue with: portal-audit audit --resume --store {}",
                    store.display(),
                    store.display()
                )
            }
        );
        return Ok(3);
    }
    Ok(if outcome.report.gate.passed { 0 } else { 1 })
}

/// `init`: the commented template (with the province's name) or an example,
/// never over an existing file without `--force`.
fn run_init(args: &InitArgs, global: &Global, lang: Lang) -> anyhow::Result<u8> {
    const TEMPLATE: &str = include_str!("../fixtures/init/audit.toml");
    const TRAVINH: &str = include_str!("../fixtures/init/travinh.toml");
    let text = match args.example {
        Some(ExampleArg::Travinh) => TRAVINH.to_string(),
        None => {
            let name = args.province.as_deref().unwrap_or("Tên tỉnh hoặc cơ quan");
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            TEMPLATE.replace("{province}", &quoted)
        }
    };
    if args.output.exists() && !args.force {
        return Err(portal_audit::Error::Exists(args.output.clone()).into());
    }
    report::write_atomic(&args.output, text.as_bytes())?;
    if !global.quiet {
        let path = args.output.display();
        if lang == Lang::Vi {
            println!(
                "Đã ghi {path}. Sửa các dòng THAY / XÁC NHẬN rồi chạy: portal-audit audit --config {path}"
            );
        } else {
            println!(
                "Wrote {path}. Edit the CHANGE / CONFIRM lines, then run: portal-audit audit --config {path}"
            );
        }
    }
    Ok(0)
}

/// `demo`: serve the embedded province, write its configuration, and run
/// the regular `audit` on it with every report format.
fn run_demo(
    args: &DemoArgs,
    global: &Global,
    lang: Lang,
    as_of: chrono::NaiveDate,
    ruleset: Ruleset,
) -> anyhow::Result<u8> {
    let servers = portal_audit::demo::DemoServers::start()?;
    let dir = args.out.join("demo");
    std::fs::create_dir_all(&dir).map_err(|source| portal_audit::Error::Write {
        path: dir.clone(),
        source,
    })?;
    for (name, text) in servers.config_files() {
        report::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    let config = dir.join("audit.toml");
    if !global.quiet {
        let hosts: Vec<String> = servers
            .hosts()
            .iter()
            .map(|h| format!("{} → 127.0.0.1:{}", h.host, h.port))
            .collect();
        println!(
            "{}\n  {}",
            if lang == Lang::Vi {
                "Tỉnh mẫu đang chạy trên máy này:"
            } else {
                "The demo province is served on this machine:"
            },
            hosts.join("\n  ")
        );
    }
    let audit_args = AuditArgs {
        url: None,
        config: Some(config),
        resume: false,
        store: None,
        output: OutputArgs {
            format: ["json", "html", "sarif", "junit", "csv", "md"]
                .map(String::from)
                .to_vec(),
            out: args.out.clone(),
            province: None,
            previous: None,
        },
        gate: GateArgs {
            max_findings: 0,
            baseline: None,
        },
        fail_on: None,
        rules: Vec::new(),
        max_listed: 10,
        ignore_robots: false,
        browser_agent: false,
        max_pages: None,
        depth: None,
        concurrency: None,
        per_host: None,
        delay: None,
        timeout: None,
        no_external: false,
        resolve: Vec::new(),
    };
    // The regular audit, with its long terminal listing left to the reports:
    // the demo prints a short summary instead.
    let quiet = Global {
        lang: global.lang,
        as_of: global.as_of.clone(),
        ruleset: global.ruleset.clone(),
        ca_cert: global.ca_cert.clone(),
        dns_server: global.dns_server,
        quiet: true,
        verbose: global.verbose,
    };
    let code = run_audit(audit_args, &quiet, lang, as_of, ruleset)?;
    drop(servers);
    if !global.quiet {
        let report = report::load::load(&args.out.join("report.json"))?;
        let mut families: std::collections::BTreeMap<&str, (usize, usize)> =
            std::collections::BTreeMap::new();
        for finding in &report.findings {
            let family = finding.family.map_or("-", |f| f.id());
            let entry = families.entry(family).or_default();
            match finding.outcome {
                portal_audit::rules::Outcome::Failed => entry.0 += 1,
                _ => entry.1 += 1,
            }
        }
        let vi = lang == Lang::Vi;
        println!(
            "\n{} {}",
            report.pages.len(),
            if vi {
                "trang đã kiểm tra. Phát hiện theo nhóm (lỗi thật / cần người xem):"
            } else {
                "pages audited. Findings by family (failed / needs review):"
            }
        );
        for (family, (failed, review)) in &families {
            println!("  {family:<10} {failed:>3} / {review}");
        }
        println!(
            "{} {}",
            report.review.len(),
            if vi {
                "mục trong danh sách cần người kiểm tra (mỗi mẫu một lần cho mỗi trang con)."
            } else {
                "items on the manual review checklist (each pattern once per site)."
            }
        );
        println!(
            "{}",
            match (vi, report.gate.passed) {
                (true, true) => "Ngưỡng kiểm soát: ĐẠT".to_string(),
                (true, false) =>
                    "Ngưỡng kiểm soát: KHÔNG ĐẠT (tỉnh mẫu có lỗi được cài sẵn)".to_string(),
                (false, true) => "Gate: passed".to_string(),
                (false, false) => "Gate: failed (the demo province has seeded defects)".to_string(),
            }
        );
        println!(
            "{} {}",
            if vi {
                "Các báo cáo khác:"
            } else {
                "Other reports:"
            },
            [
                "report.json",
                "report.sarif",
                "junit.xml",
                "findings.csv",
                "summary.md"
            ]
            .map(|f| args.out.join(f).display().to_string())
            .join(", ")
        );
        let html = args.out.join("report.html");
        let html = std::fs::canonicalize(&html).unwrap_or(html);
        println!(
            "{} {}",
            if lang == Lang::Vi {
                "Mở báo cáo HTML:"
            } else {
                "Open the HTML report:"
            },
            html.display()
        );
    }
    Ok(code)
}

fn run_check(
    args: CheckArgs,
    global: &Global,
    lang: Lang,
    as_of: chrono::NaiveDate,
    ruleset: &Ruleset,
) -> anyhow::Result<u8> {
    let formats = parse_formats(&args.output.format)?;
    let fail_on = args.fail_on.fail_on();
    let policy = gate_policy(fail_on, &args.gate)?;
    let with_profiles;
    let ruleset = if args.profiles.is_empty() {
        ruleset
    } else {
        let mut extended = ruleset.clone();
        for profile in &args.profiles {
            extended.content.select(profile)?;
        }
        extended.validate()?;
        with_profiles = extended;
        &with_profiles
    };
    if let Some(role) = &args.role
        && ruleset.content.role(role).is_none()
    {
        let known: Vec<&str> = ruleset
            .content
            .roles
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        return Err(portal_audit::Error::UnknownRole {
            role: role.clone(),
            known: known.join(", "),
        }
        .into());
    }
    let options = CheckOptions {
        inputs: args.inputs,
        as_of,
        lang,
        fail_on,
        only_rules: args.rules,
        role: args.role,
        ca_certs: load_ca_certs(global.ca_cert.as_deref())?,
        dns_server: dns_server_of(global),
        analysis_timeout: std::time::Duration::try_from_secs_f64(args.analysis_timeout).map_err(
            |_| {
                portal_audit::Error::Usage(
                    "--analysis-timeout takes a number of seconds, like 20 or 0.5".into(),
                )
            },
        )?,
    };
    let mut report = check::run(&options, ruleset)?;
    gate::apply(&mut report, &policy);
    report.run.province.clone_from(&args.output.province);
    let written = write_reports(&report, &formats, &args.output, lang)?;
    if !global.quiet {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let style = report::summary::Style {
            color,
            max_findings: args.max_listed,
        };
        print!("{}", report::summary::render(&report, lang, style));
        print_written(&written, lang);
    }
    Ok(if report.gate.passed { 0 } else { 1 })
}

fn print_rules(
    ruleset: &Ruleset,
    format: RulesFormat,
    lang: Lang,
    as_of: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let rows: Vec<serde_json::Value> = portal_audit::rules::all()
        .filter_map(|rule| ruleset.rule(rule.id).map(|meta| (rule, meta)))
        .map(|(rule, meta)| {
            serde_json::json!({
                "id": rule.id,
                "family": rule.family.id(),
                "kind": match rule.check { portal_audit::rules::Check::Page(_) => "page", portal_audit::rules::Check::Site(_) | portal_audit::rules::Check::Assessed(_) => "site" },
                "severity": meta.severity.id(),
                "enabled": meta.enabled,
                "wcag": meta.wcag,
                "act": meta.act,
                "legal": meta.legal,
                "legal_in_force": ruleset.bases_in_force(meta, as_of),
                "title": { "vi": meta.vi.title, "en": meta.en.title },
            })
        })
        .collect();
    match format {
        RulesFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&rows).context("serialising the rule list")?
            );
        }
        RulesFormat::Table => {
            for (rule, meta) in
                portal_audit::rules::all().filter_map(|r| ruleset.rule(r.id).map(|m| (r, m)))
            {
                let wcag: Vec<&str> = meta.wcag.iter().map(|w| w.sc.as_str()).collect();
                let bases: Vec<String> = ruleset
                    .bases_in_force(meta, as_of)
                    .iter()
                    .map(|b| format!("{} {}", b.number, b.article))
                    .collect();
                println!(
                    "{:<24} {:<9} {:<8} WCAG {:<8} ACT {:<8} {}{}",
                    rule.id,
                    rule.family.id(),
                    meta.severity.id(),
                    if wcag.is_empty() {
                        "-".to_string()
                    } else {
                        wcag.join(",")
                    },
                    if meta.act.is_empty() {
                        "-".to_string()
                    } else {
                        meta.act.join(",")
                    },
                    meta.texts(lang).title,
                    if meta.enabled {
                        String::new()
                    } else {
                        " [disabled]".to_string()
                    },
                );
                if !bases.is_empty() {
                    println!("{:<24} {}", "", bases.join("; "));
                }
            }
        }
    }
    Ok(())
}
