//! Arguments (clap derive) and the commands they run.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use portal_audit::check::{self, CheckOptions};
use portal_audit::gate::FailOn;
use portal_audit::report::{self, Format};
use portal_audit::ruleset::{Lang, Ruleset};

const CHECK_EXAMPLES: &str = "\
Examples:
  portal-audit check public/                       every *.html / *.htm under public/
  portal-audit check index.html lien-he.html --lang en
  portal-audit check https://example.gov.vn/ --as-of 2021-06-30
  portal-audit check site/ --fail-on warning --out build/audit
  portal-audit check site/ --rule img-alt-missing --rule html-lang-missing";

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

const MAIN_EXAMPLES: &str = "\
Exit codes: 0 the gate passed · 1 the gate failed · 2 usage or configuration error · 3 the audit could not run

Examples:
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
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Vi)]
    pub lang: LangArg,
    /// Reference date (YYYY-MM-DD): the legal bases in force on that day apply [default: today].
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// A ruleset file that changes severities or disables rules.
    #[arg(long, global = true, value_name = "FILE")]
    pub ruleset: Option<PathBuf>,
    /// Only print errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More log output (-v, -vv, -vvv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
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
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// HTML files, folders (searched for *.html and *.htm), or http(s) URLs.
    #[arg(required = true, value_name = "FILE|DIR|URL")]
    pub inputs: Vec<String>,
    /// Report formats to write, comma-separated.
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
    /// The lowest severity of a failed finding that fails the gate (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Findings listed in the terminal summary at most.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub max_listed: usize,
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
    /// Report formats to write, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "json",
        value_name = "FORMATS"
    )]
    pub format: Vec<String>,
    /// Folder for the reports and the store.
    #[arg(long, default_value = "audit-out", value_name = "DIR")]
    pub out: PathBuf,
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
    let lang = match cli.global.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    let as_of = match &cli.global.as_of {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            portal_audit::Error::Usage(format!(
                "--as-of `{text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-06-30"
            ))
        })?,
        None => chrono::Local::now().date_naive(),
    };
    let ruleset = load_ruleset(cli.global.ruleset.as_deref())?;
    match cli.command {
        Command::Check(args) => run_check(args, &cli.global, lang, as_of, &ruleset),
        Command::Audit(args) => run_audit(args, &cli.global, lang, as_of, ruleset),
        Command::Rules(args) => {
            print_rules(&ruleset, args.format, lang, as_of)?;
            Ok(0)
        }
    }
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
    let formats = args
        .format
        .iter()
        .map(|f| Format::parse(f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut config = match (&args.config, &args.url) {
        (Some(path), _) => Config::load(path)?,
        (None, Some(url)) => {
            let config = Config::for_url(url);
            config.validate().map_err(portal_audit::Error::Usage)?;
            config
        }
        (None, None) if args.resume => Config::default(),
        (None, None) => {
            return Err(portal_audit::Error::Usage(
                "give the portal's URL, --config FILE, or --resume".into(),
            )
            .into());
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
    if global.ruleset.is_none()
        && let (Some(file), Some(config_path)) = (&config.ruleset, &args.config)
    {
        let path = config_path.parent().unwrap_or(Path::new(".")).join(file);
        ruleset.apply_user_file(&path)?;
    }
    let as_of = match (&global.as_of, &config.as_of) {
        (None, Some(text)) => {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                portal_audit::Error::Usage(format!(
                    "as_of `{text}` in the configuration is not a date (YYYY-MM-DD)"
                ))
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
        .unwrap_or_else(|| args.out.join("audit.sqlite"));
    let progress = if global.quiet {
        Progress::Quiet
    } else if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Log
    };
    let options = AuditOptions {
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
    let outcome = audit::run(options, &ruleset, stop)?;
    let written = report::write_all(&outcome.report, &formats, &args.out)?;
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

fn run_check(
    args: CheckArgs,
    global: &Global,
    lang: Lang,
    as_of: chrono::NaiveDate,
    ruleset: &Ruleset,
) -> anyhow::Result<u8> {
    let formats = args
        .format
        .iter()
        .map(|f| Format::parse(f))
        .collect::<Result<Vec<_>, _>>()?;
    let fail_on = fail_on_of(args.fail_on);
    let options = CheckOptions {
        inputs: args.inputs,
        as_of,
        lang,
        fail_on,
        only_rules: args.rules,
    };
    let report = check::run(&options, ruleset)?;
    let written = report::write_all(&report, &formats, &args.out)?;
    if !global.quiet {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let style = report::summary::Style {
            color,
            max_findings: args.max_listed,
        };
        print!("{}", report::summary::render(&report, lang, style));
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
                "kind": match rule.check { portal_audit::rules::Check::Page(_) => "page", portal_audit::rules::Check::Site(_) => "site" },
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
