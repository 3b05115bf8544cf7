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
they are.
Output: NFC (precomposed) UTF-8 on standard output.";

const MAIN_EXAMPLES: &str = "\
Exit codes: 0 the gate passed · 1 the gate failed · 2 usage or configuration error · 3 the audit could not run

Examples:
  portal-audit check fixtures/sites/sample
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
    /// List every rule with its metadata.
    #[command(after_help = RULES_EXAMPLES)]
    Rules(RulesArgs),
    /// Convert legacy Vietnamese text (TCVN3, VNI, VISCII, VPS, VIQR,
    /// windows-1258, double-encoded UTF-8) to Unicode NFC UTF-8 on stdout.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
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
    if let Command::Convert(args) = &cli.command {
        return run_convert(args, cli.global.quiet);
    }
    let ruleset = load_ruleset(cli.global.ruleset.as_deref())?;
    match cli.command {
        Command::Convert(_) => unreachable!("handled above"),
        Command::Check(args) => run_check(args, &cli.global, lang, as_of, &ruleset),
        Command::Rules(args) => {
            print_rules(&ruleset, args.format, lang, as_of)?;
            Ok(0)
        }
    }
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
    let fail_on = match args.fail_on {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Notice => FailOn::Notice,
        FailOnArg::Never => FailOn::Never,
    };
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
