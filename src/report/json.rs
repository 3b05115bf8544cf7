//! `report.json`: the canonical report, pretty-printed. A template defect's
//! occurrences after its first are written compactly in its group
//! (`templates::compact`); everything else is the report as it is.

use std::collections::BTreeSet;
use std::io::Write;

use serde::{Serialize, Serializer};

use super::model::{
    Counts, CrawlReport, DocumentStatus, Finding, GateResult, PageReport, Problem, Report,
    ReviewItem, RuleReport, RunInfo, SiteReport, TemplateGroup, Tool,
};
use super::statistics::Statistics;

/// Writes the report as JSON, streamed: an audit's report can be 100 MB and
/// more, and is never held as one string.
///
/// # Errors
/// The writer's I/O errors.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Written::of(report)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// The report as `report.json` holds it: [`Report`]'s fields in its order
/// (a test keeps the two in step), with `findings` and `templates` compact.
#[derive(Serialize)]
struct Written<'a> {
    schema_version: &'a str,
    tool: &'a Tool,
    run: &'a RunInfo,
    legal_documents: &'a [DocumentStatus],
    sites: &'a [SiteReport],
    pages: &'a [PageReport],
    rules: &'a [RuleReport],
    findings: InFull<'a>,
    review: &'a [ReviewItem],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    templates: Vec<TemplateGroup>,
    problems: &'a [Problem],
    counts: &'a Counts,
    statistics: &'a Statistics,
    gate: &'a GateResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    crawl: Option<&'a CrawlReport>,
}

impl<'a> Written<'a> {
    fn of(report: &'a Report) -> Self {
        // Destructured, so that a field added to the report is not forgotten here.
        let Report {
            schema_version,
            tool,
            run,
            legal_documents,
            sites,
            pages,
            rules,
            findings,
            review,
            templates: _,
            problems,
            counts,
            statistics,
            gate,
            crawl,
        } = report;
        Written {
            schema_version,
            tool,
            run,
            legal_documents,
            sites,
            pages,
            rules,
            findings: InFull(findings),
            review,
            templates: super::templates::compact(report),
            problems,
            counts,
            statistics,
            gate,
            crawl: crawl.as_ref(),
        }
    }
}

/// The findings written in full: every one but a template defect's
/// occurrences after its first.
struct InFull<'a>(&'a [Finding]);

impl Serialize for InFull<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seen = BTreeSet::new();
        serializer.collect_seq(
            self.0
                .iter()
                .filter(|f| super::templates::written_in_full(f, &mut seen)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without template defects `report.json` is the report as serde writes
    /// it: the same fields, in the same order.
    #[test]
    fn written_is_the_report_without_templates() {
        let ruleset = crate::ruleset::Ruleset::embedded().unwrap();
        let mut report = super::super::assemble(super::super::ReportParts {
            command: "check",
            inputs: vec!["site".into()],
            started_at: chrono::Utc::now(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            lang: crate::ruleset::Lang::Vi,
            gate: crate::gate::evaluate_with(&[], &crate::gate::Policy::default()),
            ruleset: &ruleset,
            sites: Vec::new(),
            pages: Vec::new(),
            findings: Vec::new(),
            problems: Vec::new(),
        });
        report.crawl = Some(CrawlReport::default());
        assert_eq!(
            serde_json::to_string(&Written::of(&report)).unwrap(),
            serde_json::to_string(&report).unwrap()
        );
    }
}
