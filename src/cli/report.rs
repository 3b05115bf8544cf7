//! `portal-audit report`, `diff` and `baseline`: a saved report (or an
//! audit's store) rendered again, compared, or accepted.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use portal_audit::gate::{self, FailOn};
use portal_audit::report;
use portal_audit::ruleset::Lang;

use super::{GateArgs, Global, OutputArgs};

pub(super) const REPORT_EXAMPLES: &str = "\
Examples:
  portal-audit report audit-out/report.json --format sarif,csv,md --out audit-out
  portal-audit --lang en report audit-out/report.json --format md --out en
  portal-audit report audit-out/report.json --format md --baseline .portal-audit-baseline.json";

pub(super) const DIFF_EXAMPLES: &str = "\
Examples:
  portal-audit diff last-year/report.json audit-out/report.json
  portal-audit diff old.json new.json --json";

pub(super) const BASELINE_EXAMPLES: &str = "\
Examples:
  portal-audit baseline audit-out/report.json
  portal-audit baseline audit-out/report.json --output ci/accepted.json";

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report.json to render.
    #[arg(value_name = "REPORT")]
    pub input: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Re-evaluate the gate with this threshold (with any gate option, the exit code follows the gate).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Decisions on the manual review items (JSON: {"decisions": [{"id", "verdict": "passed"|"failed", "note"}]}), merged into the report by item id.
    #[arg(long, value_name = "FILE")]
    pub review_decisions: Option<PathBuf>,
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

/// `report`: renders a report again; with a gate option, the gate is
/// evaluated again (once, here) and the exit code follows it.
pub(super) fn run_report(args: ReportArgs, global: &Global) -> anyhow::Result<u8> {
    let lang = global.lang;
    let ruleset = global.ruleset()?;
    // An audit's store, in formats written from rows read one at a time:
    // the report is never whole in memory.
    if args.output.streams()? && portal_audit::audit::is_store(&args.input) {
        let store = portal_audit::store::Store::open(&args.input)?;
        let own = portal_audit::audit::store_ruleset(&store, &ruleset)?;
        let stored = store.settings()?.fail_on;
        let regate = args.fail_on.is_some()
            || args.gate.baseline.is_some()
            || args.gate.max_findings > 0
            || args.gate.gate_by != portal_audit::finding::GateBy::default();
        let policy = if regate {
            Some(args.gate.policy(args.fail_on.unwrap_or(stored))?)
        } else {
            None
        };
        let mut streamed = portal_audit::audit::streamed_report_of(
            &store,
            &own,
            policy.as_ref(),
            portal_audit::audit::RunKind::Audit,
        )?;
        prepare(&mut streamed.head, &args, lang)?;
        let formats = args.output.formats()?;
        let written = args.output.write_body(
            super::Body::Stream(&streamed),
            lang,
            &formats,
            &args.output.out_dir(),
        )?;
        return finish(&streamed.head, &written, regate, global);
    }
    let mut report = portal_audit::audit::load_any(&args.input, &ruleset)?;
    prepare(&mut report, &args, lang)?;
    let regate = args.fail_on.is_some()
        || args.gate.baseline.is_some()
        || args.gate.max_findings > 0
        || args.gate.gate_by != report.gate.gate_by;
    if regate {
        let policy = args
            .gate
            .policy(args.fail_on.unwrap_or(report.gate.fail_on))?;
        gate::apply(&mut report, &policy);
    }
    let written = args.output.write(&report, lang)?;
    finish(&report, &written, regate, global)
}

/// The report in the language asked, with the province and the review
/// decisions given.
fn prepare(
    report: &mut report::model::Report,
    args: &ReportArgs,
    lang: Lang,
) -> anyhow::Result<()> {
    report.run.lang = lang;
    if args.output.province.is_some() {
        report.run.province.clone_from(&args.output.province);
    }
    if let Some(path) = &args.review_decisions {
        let bytes = report::load::read(path)?;
        let file: report::review::DecisionsFile = serde_json::from_slice(&bytes)
            .map_err(|e| portal_audit::Error::Usage(format!("{}: {e}", path.display())))?;
        // A decision for an item this report does not have is said, not fatal.
        for id in report::review::apply_decisions(report, &file) {
            eprintln!(
                "portal-audit: {}",
                portal_audit::messages::text("review-decision-unknown", lang, &[("id", &id)])
            );
        }
    }
    Ok(())
}

/// Prints what was written (and an audit's province table); the exit code.
fn finish(
    report: &report::model::Report,
    written: &[PathBuf],
    regate: bool,
    global: &Global,
) -> anyhow::Result<u8> {
    let lang = global.lang;
    if !global.quiet {
        let mut out = std::io::stdout().lock();
        // An audit's report: the province table, as after the audit.
        if report.run.command == "audit" {
            write!(out, "{}", report::summary::province_table(report, lang))?;
        }
        super::print_written(&mut out, written, lang)?;
    }
    Ok(if !regate || report.gate.passed { 0 } else { 1 })
}

/// `diff`: new, fixed and unchanged findings between two reports.
pub(super) fn run_diff(args: &DiffArgs, global: &Global) -> anyhow::Result<u8> {
    let ruleset = global.ruleset()?;
    let old = portal_audit::audit::load_any(&args.old, &ruleset)?;
    let new = portal_audit::audit::load_any(&args.new, &ruleset)?;
    let diff = report::diff::diff(&old, &new);
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&diff).context("serialising the comparison")?;
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{}", report::diff::render_text(&diff, global.lang))?;
    }
    Ok(0)
}

/// `baseline`: every failed finding of a report, accepted.
pub(super) fn run_baseline(args: &BaselineArgs, global: &Global) -> anyhow::Result<u8> {
    let ruleset = global.ruleset()?;
    let report = portal_audit::audit::load_any(&args.input, &ruleset)?;
    let file = portal_audit::baseline::BaselineFile::of(&report);
    report::write_atomic(&args.output, file.to_json().as_bytes())?;
    if !global.quiet {
        writeln!(
            std::io::stdout(),
            "{} {} → {}",
            file.accepted.len(),
            if global.lang == Lang::Vi {
                "phát hiện được chấp nhận"
            } else {
                "findings accepted"
            },
            args.output.display()
        )?;
    }
    Ok(0)
}
