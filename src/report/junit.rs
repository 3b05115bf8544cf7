//! `junit.xml`: the report as JUnit XML, which every CI system shows as a
//! test list. A test suite per site, a test case per rule. The cases follow
//! the gate: a rule is a failure when it has failed occurrences the gate
//! counts (at or above `--fail-on`, not accepted by the baseline), listing
//! those (with the finding's legal bases and their strength); other failed
//! occurrences leave the case passing and are listed in `system-out`; a rule
//! that only needs a person's review passes with its review items (one per
//! pattern, each with every location) in `system-out`. A rule that applied
//! nowhere on the site is left out (a skipped case with `--junit-skipped`).
//!
//! Written case by case ([`write`]): one case's text is in memory at a time,
//! never the whole document (a 2 004-page audit's `junit.xml` was built as
//! one 36 MB string). The cases are quick-junit's; their XML is what
//! quick-junit's serialiser writes for them, with the same `quick-xml`
//! writer and events, so the file is byte for byte what
//! `quick_junit::Report::to_string` gives (a test compares the two).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, XmlString};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::RenderOptions;
use super::model::{Finding, Report, ReviewItem, RuleReport, SiteReport};
use super::stream::Body;
use crate::messages;
use crate::rules::Outcome;
use crate::ruleset::Lang;

/// What a case is, known before its text is written (the suites' counts
/// come first in the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Failure,
    Success,
    Skipped,
}

/// The findings of each (site, rule), in report order.
type BySiteRule<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Finding>>;

/// Whether a failed finding counts for the gate: at or above `--fail-on`,
/// not accepted by the baseline.
fn counted(report: &Report, f: &Finding) -> bool {
    let threshold = report.gate.fail_on.threshold();
    f.outcome == Outcome::Failed && threshold.is_some_and(|t| f.severity >= t) && f.is_new()
}

/// The findings of a site's rule, split as the gate counts them: failed
/// ones it counts, failed ones it does not.
fn split<'a, 'b>(
    report: &Report,
    findings: &'b [&'a Finding],
) -> (Vec<&'b &'a Finding>, Vec<&'b &'a Finding>) {
    findings
        .iter()
        .filter(|f| f.outcome == Outcome::Failed)
        .partition(|f| counted(report, f))
}

/// What the findings of a (site, rule) make of its case before they are
/// read again: whether there are any, whether the gate counts one.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    any: bool,
    counted: bool,
}

/// The kind of the case of `rule` on `site`, `None` when it is left out.
fn kind(of: &Cases<'_, '_>, site: &SiteReport, rule: &RuleReport) -> Option<Kind> {
    let (applied, review) = of.numbers(site, rule);
    let seen = of.seen(site, rule);
    if !(applied || review > 0 || seen.any || of.options.junit_skipped) {
        return None;
    }
    Some(if seen.counted {
        Kind::Failure
    } else if applied || review > 0 {
        Kind::Success
    } else {
        Kind::Skipped
    })
}

/// The test case of `rule` on `site`, of its findings (in report order).
fn case(
    of: &Cases<'_, '_>,
    site: &SiteReport,
    rule: &RuleReport,
    kind: Kind,
    findings: &[&Finding],
) -> TestCase {
    let (report, lang) = (of.report, of.options.lang);
    let (_, review_count) = of.numbers(site, rule);
    let (failed, not_counted) = split(report, findings);
    let status = match kind {
        Kind::Failure => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_type(rule.severity.id())
                .set_message(messages::text(
                    "junit.failed",
                    lang,
                    &[
                        ("title", rule.title.get(lang)),
                        ("count", &failed.len().to_string()),
                    ],
                ))
                .set_description(occurrences(&failed, lang));
            status
        }
        Kind::Success => TestCaseStatus::success(),
        Kind::Skipped => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(messages::text("junit.skipped", lang, &[]));
            status
        }
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
    case
}

/// What every case is made from: the report (in memory or streamed), the
/// options and, per (site, rule), what its findings make of its case (a
/// province has ~10^5 pages and findings: one case's findings are read at a
/// time, [`Cases::with_findings`]).
struct Cases<'a, 'o> {
    report: &'a Report,
    body: Body<'a>,
    options: &'a RenderOptions<'o>,
    /// By site, then rule.
    seen: BTreeMap<String, BTreeMap<String, Seen>>,
    /// A report in memory: its findings by (site, rule).
    by_site_rule: BySiteRule<'a>,
}

impl<'a, 'o> Cases<'a, 'o> {
    /// The cases of `body`: its findings read once.
    fn new(body: Body<'a>, options: &'a RenderOptions<'o>) -> io::Result<Self> {
        let report = body.head();
        let mut seen: BTreeMap<String, BTreeMap<String, Seen>> = BTreeMap::new();
        body.each_finding(|f| {
            let counted = counted(report, f);
            // Looked up by reference: a key is copied once per (site, rule).
            match seen
                .get_mut(f.site.as_str())
                .and_then(|rules| rules.get_mut(f.rule.as_str()))
            {
                Some(cell) => cell.counted |= counted,
                None => {
                    let cell = Seen { any: true, counted };
                    seen.entry(f.site.clone())
                        .or_default()
                        .insert(f.rule.clone(), cell);
                }
            }
            Ok(())
        })?;
        let mut by_site_rule: BySiteRule<'a> = BTreeMap::new();
        if let Body::Memory(report) = body {
            for f in &report.findings {
                by_site_rule
                    .entry((f.site.as_str(), f.rule.as_str()))
                    .or_default()
                    .push(f);
            }
        }
        Ok(Cases {
            report,
            body,
            options,
            seen,
            by_site_rule,
        })
    }

    /// Whether `rule` applied on `site`, and how many of its occurrences
    /// there need review.
    fn numbers(&self, site: &SiteReport, rule: &RuleReport) -> (bool, usize) {
        let counts = self
            .report
            .statistics
            .site(&site.id)
            .and_then(|n| n.rule(&rule.id));
        (
            counts.is_some_and(|c| c.outcomes.applied()),
            counts.map_or(0, |c| c.review),
        )
    }

    /// What the findings of `rule` on `site` make of its case.
    fn seen(&self, site: &SiteReport, rule: &RuleReport) -> Seen {
        self.seen
            .get(site.id.as_str())
            .and_then(|rules| rules.get(rule.id.as_str()))
            .copied()
            .unwrap_or_default()
    }

    /// Calls `each` with the findings of `rule` on `site`, in report order:
    /// a streamed report's read from its rows for this case alone.
    fn with_findings<T>(
        &self,
        site: &SiteReport,
        rule: &RuleReport,
        each: impl FnOnce(&[&Finding]) -> T,
    ) -> io::Result<T> {
        match self.body {
            Body::Memory(_) => Ok(each(
                self.by_site_rule
                    .get(&(site.id.as_str(), rule.id.as_str()))
                    .map_or(&[][..], Vec::as_slice),
            )),
            Body::Stream(_) if !self.seen(site, rule).any => Ok(each(&[])),
            Body::Stream(streamed) => {
                let mut findings: Vec<Finding> = Vec::new();
                streamed
                    .each_finding_of_site_rule(&site.id, &rule.id, &mut |f| {
                        findings.push(f);
                        Ok(())
                    })
                    .map_err(io::Error::other)?;
                let refs: Vec<&Finding> = findings.iter().collect();
                Ok(each(&refs))
            }
        }
    }

    /// The cases of every site, as (rule, kind) pairs in document order.
    fn plan(&self) -> Vec<Vec<(usize, Kind)>> {
        self.report
            .sites
            .iter()
            .map(|site| {
                self.report
                    .rules
                    .iter()
                    .enumerate()
                    .filter_map(|(i, rule)| kind(self, site, rule).map(|k| (i, k)))
                    .collect()
            })
            .collect()
    }
}

/// Writes the report as JUnit XML, one case at a time.
///
/// # Errors
/// The writer's I/O errors.
pub fn write(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    write_body(Body::Memory(report), options, out)
}

/// [`write`] of a report in memory or streamed from its store: the same
/// bytes; a streamed report's findings are read once for the plan (which
/// cases fail: the suites' counts come first), then one case's at a time
/// ([`crate::report::stream::Streamed::each_finding_of_site_rule`]).
///
/// # Errors
/// The writer's I/O errors, the rows' as I/O errors.
pub fn write_body(
    body: Body<'_>,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let report = body.head();
    let cases = Cases::new(body, options)?;
    let plan = cases.plan();
    let count =
        |planned: &[(usize, Kind)], kind: Kind| planned.iter().filter(|c| c.1 == kind).count();
    let mut xml = Writer::new_with_indent(out, b' ', 4);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests: usize = plan.iter().map(Vec::len).sum();
    let failures: usize = plan.iter().map(|c| count(c, Kind::Failure)).sum();
    let mut tag = BytesStart::new("testsuites");
    tag.extend_attributes([
        ("name", text(&report.tool.name).as_str()),
        ("tests", tests.to_string().as_str()),
        ("failures", failures.to_string().as_str()),
        ("errors", "0"),
    ]);
    xml.write_event(Event::Start(tag))?;
    for (site, planned) in report.sites.iter().zip(&plan) {
        let mut tag = BytesStart::new("testsuite");
        tag.extend_attributes([
            ("name", text(&site.name).as_str()),
            ("tests", planned.len().to_string().as_str()),
            (
                "disabled",
                count(planned, Kind::Skipped).to_string().as_str(),
            ),
            ("errors", "0"),
            (
                "failures",
                count(planned, Kind::Failure).to_string().as_str(),
            ),
        ]);
        xml.write_event(Event::Start(tag))?;
        for &(rule, kind) in planned {
            let rule = &report.rules[rule];
            cases.with_findings(site, rule, |findings| {
                write_case(&mut xml, &case(&cases, site, rule, kind, findings))
            })??;
        }
        xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    xml.write_event(Event::Eof)?;
    xml.write_indent()
}

/// The same document built whole as a `quick_junit::Report` and serialised
/// by quick-junit (how `junit.xml` was written before [`write`] streamed
/// it): kept for the tests that compare the two byte for byte.
#[cfg(any(test, feature = "test-hooks"))]
#[must_use]
pub fn render_whole(report: &Report, options: &RenderOptions<'_>) -> String {
    let cases = Cases::new(Body::Memory(report), options).expect("a report in memory is read");
    let mut junit = quick_junit::Report::new(report.tool.name.as_str());
    for (site, planned) in report.sites.iter().zip(cases.plan()) {
        let mut suite = quick_junit::TestSuite::new(site.name.as_str());
        for (rule, kind) in planned {
            let rule = &report.rules[rule];
            let case = cases
                .with_findings(site, rule, |findings| {
                    case(&cases, site, rule, kind, findings)
                })
                .expect("a report in memory is read");
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    super::safe::xml_chars(
        junit
            .to_string()
            .expect("JUnit XML of valid strings always serialises"),
    )
}

/// A text as quick-junit writes it ([`XmlString`]: ANSI escapes and C0
/// controls removed), with what XML 1.0 still refuses replaced ([`checked`]).
fn text(value: &str) -> String {
    super::safe::xml_chars(XmlString::new(value).into_string())
}

/// A case's text (already an [`XmlString`]) with what XML 1.0 refuses
/// replaced ([`super::safe::xml_chars`], which the whole document went
/// through when it was one string).
fn checked(value: &XmlString) -> String {
    super::safe::xml_chars(value.as_str().to_string())
}

/// One `testcase` element, as quick-junit's serialiser writes it (the parts
/// these cases use: name, class name, status, `system-out`).
fn write_case<W: io::Write>(xml: &mut Writer<W>, case: &TestCase) -> io::Result<()> {
    let mut tag = BytesStart::new("testcase");
    tag.push_attribute(("name", checked(&case.name).as_str()));
    if let Some(classname) = &case.classname {
        tag.push_attribute(("classname", checked(classname).as_str()));
    }
    xml.write_event(Event::Start(tag))?;
    let status = match &case.status {
        TestCaseStatus::Success { .. } => None,
        TestCaseStatus::NonSuccess {
            message,
            ty,
            description,
            ..
        } => Some(("failure", message, ty, description)),
        TestCaseStatus::Skipped {
            message,
            ty,
            description,
        } => Some(("skipped", message, ty, description)),
    };
    if let Some((name, message, ty, description)) = status {
        let mut tag = BytesStart::new(name);
        if let Some(message) = message {
            tag.push_attribute(("message", checked(message).as_str()));
        }
        if let Some(ty) = ty {
            tag.push_attribute(("type", checked(ty).as_str()));
        }
        match description {
            Some(description) => {
                xml.write_event(Event::Start(tag))?;
                xml.write_event(Event::Text(BytesText::new(&checked(description))))?;
                xml.write_event(Event::End(BytesEnd::new(name)))?;
            }
            None => xml.write_event(Event::Empty(tag))?,
        }
    }
    if let Some(system_out) = &case.system_out {
        xml.write_event(Event::Start(BytesStart::new("system-out")))?;
        xml.write_event(Event::Text(BytesText::new(&checked(system_out))))?;
        xml.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testcase")))
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
