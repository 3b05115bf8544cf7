//! `portal-audit merge`: the report.json of each shard of a split audit
//! (`audit --shard I/N`, `audit --sites`) put together into one report, as
//! a single run of all their sites writes it; nothing is checked again.

use std::path::PathBuf;

use clap::Args;

use super::{Global, OutputArgs};

pub(super) const EXAMPLES: &str = "\
Examples:
  portal-audit merge shard-0/report.json shard-1/report.json shard-2/report.json --out national
  portal-audit merge shards/*/report.json --out national --format json,html,csv,md
  portal-audit merge a/audit.sqlite b/audit.sqlite --out province

Exit codes as for audit: 0 the gate passed · 1 it failed · 2 the reports are not parts of one audit · 3 a shard's crawl did not finish";

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The report.json (or audit store) of every shard.
    #[arg(value_name = "REPORT", required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Findings listed in the terminal summary at most.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub max_listed: usize,
}

/// `merge`: reads every report, merges them, writes the formats asked and
/// exits as the merged gate says.
pub(super) fn run(args: &MergeArgs, global: &Global) -> anyhow::Result<u8> {
    args.output.formats()?;
    let lang = global.lang;
    let ruleset = global.ruleset()?;
    let mut reports = Vec::new();
    for path in &args.inputs {
        let report = portal_audit::audit::load_any(path, &ruleset)?;
        reports.push((path.display().to_string(), report));
    }
    let mut report = portal_audit::report::merge::merge(reports, &portal_audit::gate::recount)
        .map_err(portal_audit::Error::from)?;
    report.run.lang = lang;
    if args.output.province.is_some() {
        report.run.province.clone_from(&args.output.province);
    }
    let written = args.output.write(&report, lang)?;
    if !global.quiet {
        super::print_summary(&report, &written, lang, args.max_listed, false)?;
    }
    if report.crawl.as_ref().is_some_and(|c| !c.complete) {
        eprintln!(
            "{}",
            portal_audit::messages::text("merge-incomplete", lang, &[])
        );
        return Ok(3);
    }
    Ok(if report.gate.passed { 0 } else { 1 })
}
