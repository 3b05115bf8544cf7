//! `junit.xml`: the report as JUnit XML, which every CI system shows as a
//! test list. A test suite per site, a test case per rule. The cases follow
//! the gate: a rule is a failure when it has failed occurrences the gate
//! counts (at or above `--fail-on`, not accepted by the baseline), listing
//! those (with the finding's legal bases and their strength); other failed
//! occurrences leave the case passing and are listed in `system-out`; a rule
//! that only needs a person's review passes with its review items (one per
//! pattern, each with every location) in `system-out`. A rule that applied
//! nowhere on the site is left out (a skipped case with `--junit-skipped`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::RenderOptions;
use super::model::{Finding, Report, ReviewItem};
use crate::messages;
use crate::rules::Outcome;
use crate::ruleset::Lang;

/// Renders the report as JUnit XML.
#[must_use]
pub fn render(report: &Report, options: &RenderOptions<'_>) -> String {
    let lang = options.lang;
    let mut junit = quick_junit::Report::new(report.tool.name.as_str());
    // Grouped once: a province has ~10^5 pages and findings.
    let mut by_site_rule: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        by_site_rule
            .entry((f.site.as_str(), f.rule.as_str()))
            .or_default()
            .push(f);
    }
    for site in &report.sites {
        let mut suite = TestSuite::new(site.name.as_str());
        let numbers = report.statistics.site(&site.id);
        for rule in &report.rules {
            let counts = numbers.and_then(|n| n.rule(&rule.id));
            let findings = by_site_rule
                .get(&(site.id.as_str(), rule.id.as_str()))
                .map_or(&[][..], Vec::as_slice);
            let threshold = report.gate.fail_on.threshold();
            let (failed, not_counted): (Vec<&&Finding>, Vec<&&Finding>) = findings
                .iter()
                .filter(|f| f.outcome == Outcome::Failed)
                .partition(|f| threshold.is_some_and(|t| f.severity >= t) && f.is_new());
            let applied = counts.is_some_and(|c| c.outcomes.applied());
            let failed_count = failed.len();
            let review_count = counts.map_or(0, |c| c.review);
            if !(applied || review_count > 0 || !findings.is_empty() || options.junit_skipped) {
                continue;
            }
            let status = if failed_count > 0 {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_type(rule.severity.id())
                    .set_message(messages::text(
                        "junit.failed",
                        lang,
                        &[
                            ("title", rule.title.get(lang)),
                            ("count", &failed_count.to_string()),
                        ],
                    ))
                    .set_description(occurrences(&failed, lang));
                status
            } else if applied || review_count > 0 {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::skipped();
                status.set_message(messages::text("junit.skipped", lang, &[]));
                status
            };
            let mut case = TestCase::new(rule.id.as_str(), status);
            case.set_classname(format!("{}.{}", report.tool.name, rule.family.id()));
            let mut system_out = String::new();
            if !not_counted.is_empty() {
                let _ = writeln!(
                    system_out,
                    "{}",
                    messages::text(
                        "junit.not_counted",
                        lang,
                        &[
                            ("count", &not_counted.len().to_string()),
                            ("fail_on", report.gate.fail_on.id()),
                        ],
                    )
                );
                // Listed, with their bases, for the record: no failure.
                system_out.push_str(&occurrences(&not_counted, lang));
            }
            if review_count > 0 {
                let items: Vec<&ReviewItem> = report
                    .review
                    .iter()
                    .filter(|i| i.site == site.id && i.rule == rule.id)
                    .collect();
                let heading = messages::text(
                    "junit.review",
                    lang,
                    &[
                        ("items", &items.len().to_string()),
                        ("count", &review_count.to_string()),
                    ],
                );
                let _ = write!(system_out, "{heading}\n{}", review_items(&items, lang));
            }
            if !system_out.is_empty() {
                case.set_system_out(system_out);
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit
        .to_string()
        .expect("JUnit XML of valid strings always serialises")
}

/// One line per review item (its message, count and pages), then one line per
/// location: every occurrence is listed.
fn review_items(items: &[&ReviewItem], lang: Lang) -> String {
    let mut out = String::new();
    for item in items {
        let _ = writeln!(
            out,
            "☐ {} — {}",
            item.message.get(lang),
            messages::text(
                "review-count",
                lang,
                &[
                    ("count", &item.count.to_string()),
                    ("pages", &item.pages.to_string()),
                ],
            ),
        );
        for l in &item.locations {
            let place = match (l.line, l.column) {
                (Some(line), Some(column)) => format!("{}:{line}:{column}", l.url),
                (Some(line), None) => format!("{}:{line}", l.url),
                _ => l.url.clone(),
            };
            let _ = write!(out, "  {place}");
            if let Some(selector) = &l.selector {
                let _ = write!(out, "  [{selector}]");
            }
            out.push('\n');
        }
    }
    out
}

/// One line per occurrence: where, then the message; then the finding's
/// legal bases, each with its strength (bắt buộc / khuyến nghị).
fn occurrences(findings: &[&&Finding], lang: Lang) -> String {
    let legal = messages::text("junit.legal", lang, &[]);
    let mut out = String::new();
    for f in findings {
        let place = match (f.line, f.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", f.url),
            (Some(line), None) => format!("{}:{line}", f.url),
            _ => f.url.clone(),
        };
        let _ = write!(out, "{place}  {}", f.message.get(lang));
        if let Some(selector) = &f.selector {
            let _ = write!(out, "  [{selector}]");
        }
        out.push('\n');
        if !f.legal.is_empty() {
            let _ = writeln!(out, "    {legal}: {}", crate::legal::labels(&f.legal, lang));
        }
    }
    out
}
