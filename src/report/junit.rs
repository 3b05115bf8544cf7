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
//! Written case by case ([`write`], [`write_body`]), never the whole document
//! (a 2 004-page audit's `junit.xml` was built as one 36 MB string), a
//! case's long texts line by line as they are made (`write_text`); from a
//! report streamed from its store, one case's findings are read at a time.
//! The cases are quick-junit's; their XML is what quick-junit's serialiser
//! writes for them, with the same `quick-xml` writer and events, so the file
//! is byte for byte what `quick_junit::Report::to_string` gives (a test
//! compares the two).

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

/// The test case of `rule` on `site`, of its findings (in report order):
/// its name, class and status, and its long texts (the failure's
/// description, `system-out`) as [`CaseText`], made as they are written.
fn case<'c>(
    of: &'c Cases<'_, '_>,
    site: &SiteReport,
    rule: &RuleReport,
    kind: Kind,
    findings: &[&'c Finding],
) -> (TestCase, CaseText<'c>) {
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
                ));
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
    let review = (review_count > 0).then(|| {
        let items: Vec<&ReviewItem> = report
            .review
            .iter()
            .filter(|i| i.site == site.id && i.rule == rule.id)
            .collect();
        (review_count, items)
    });
    let text = CaseText {
        lang,
        failed: (kind == Kind::Failure).then(|| failed.into_iter().copied().collect()),
        not_counted: not_counted.into_iter().copied().collect(),
        fail_on: report.gate.fail_on.id(),
        review,
    };
    (case, text)
}

/// A case's long texts, made piece by piece: a failure's description (its
/// counted occurrences) and `system-out` (the failed occurrences the gate
/// does not count, the review items with every location).
struct CaseText<'c> {
    lang: Lang,
    /// A failure's counted occurrences (its description).
    failed: Option<Vec<&'c Finding>>,
    not_counted: Vec<&'c Finding>,
    fail_on: &'static str,
    /// The occurrences that need review, and their items.
    review: Option<(usize, Vec<&'c ReviewItem>)>,
}

/// Where a case's text goes, one piece at a time.
type Pieces<'p> = &'p mut dyn FnMut(&str) -> io::Result<()>;

impl CaseText<'_> {
    /// The failure's description, one line at a time.
    fn description(&self, each: Pieces<'_>) -> io::Result<()> {
        occurrences(self.failed.as_deref().unwrap_or_default(), self.lang, each)
    }

    /// Whether the case has a `system-out`.
    fn has_system_out(&self) -> bool {
        !self.not_counted.is_empty() || self.review.is_some()
    }

    /// `system-out`, one line at a time.
    fn system_out(&self, each: Pieces<'_>) -> io::Result<()> {
        let lang = self.lang;
        if !self.not_counted.is_empty() {
            let heading = messages::text(
                "junit.not_counted",
                lang,
                &[
                    ("count", &self.not_counted.len().to_string()),
                    ("fail_on", self.fail_on),
                ],
            );
            each(&format!("{heading}\n"))?;
            // Listed, with their bases, for the record: no failure.
            occurrences(&self.not_counted, lang, each)?;
        }
        if let Some((count, items)) = &self.review {
            let heading = messages::text(
                "junit.review",
                lang,
                &[
                    ("items", &items.len().to_string()),
                    ("count", &count.to_string()),
                ],
            );
            each(&format!("{heading}\n"))?;
            review_items(items, lang, each)?;
        }
        Ok(())
    }
}

/// The pieces `write` makes, as one string ([`render_whole`]).
#[cfg(any(test, feature = "test-hooks"))]
fn whole_text(write: impl FnOnce(Pieces<'_>) -> io::Result<()>) -> String {
    let mut text = String::new();
    let _ = write(&mut |piece| {
        text.push_str(piece);
        Ok(())
    });
    text
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
                let (case, text) = case(&cases, site, rule, kind, findings);
                write_case(&mut xml, &case, &text)
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
                    let (mut case, text) = case(&cases, site, rule, kind, findings);
                    if let TestCaseStatus::NonSuccess { description, .. } = &mut case.status {
                        *description = Some(whole_text(|each| text.description(each)).into());
                    }
                    if text.has_system_out() {
                        case.set_system_out(whole_text(|each| text.system_out(each)));
                    }
                    case
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
/// these cases use: name, class name, status, `system-out`), its long texts
/// written as they are made ([`write_text`]).
fn write_case<W: io::Write>(
    xml: &mut Writer<W>,
    case: &TestCase,
    text: &CaseText<'_>,
) -> io::Result<()> {
    let mut tag = BytesStart::new("testcase");
    tag.push_attribute(("name", checked(&case.name).as_str()));
    if let Some(classname) = &case.classname {
        tag.push_attribute(("classname", checked(classname).as_str()));
    }
    xml.write_event(Event::Start(tag))?;
    let status = match &case.status {
        TestCaseStatus::Success { .. } => None,
        TestCaseStatus::NonSuccess { message, ty, .. } => Some(("failure", message, ty)),
        TestCaseStatus::Skipped { message, ty, .. } => Some(("skipped", message, ty)),
    };
    if let Some((name, message, ty)) = status {
        let mut tag = BytesStart::new(name);
        if let Some(message) = message {
            tag.push_attribute(("message", checked(message).as_str()));
        }
        if let Some(ty) = ty {
            tag.push_attribute(("type", checked(ty).as_str()));
        }
        if text.failed.is_some() {
            xml.write_event(Event::Start(tag))?;
            write_text(xml, |each| text.description(each))?;
            xml.write_event(Event::End(BytesEnd::new(name)))?;
        } else {
            xml.write_event(Event::Empty(tag))?;
        }
    }
    if text.has_system_out() {
        xml.write_event(Event::Start(BytesStart::new("system-out")))?;
        write_text(xml, |each| text.system_out(each))?;
        xml.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testcase")))
}

/// Writes a case's long text as it is made, piece by piece, through what
/// the whole text went through — quick-junit's [`XmlString::new`] (ANSI
/// escapes stripped by `strip_ansi_escapes`' writer, whose parser carries
/// its state from piece to piece, then C0 controls removed), [`checked`],
/// quick-xml's escaping — each of which, but the parser, is character by
/// character: the same bytes as the whole text written as one, which is
/// never in memory (a rule failing on every page of a 5 004-page audit's
/// site made one of 6 MB, copied three times).
fn write_text<W: io::Write>(
    xml: &mut Writer<W>,
    write: impl FnOnce(Pieces<'_>) -> io::Result<()>,
) -> io::Result<()> {
    use io::Write as _;
    // An empty text too is a text: no line break before the end tag.
    xml.write_event(Event::Text(BytesText::new("")))?;
    let mut strip = strip_ansi_escapes::Writer::new(TextEvents {
        xml,
        carry: Vec::new(),
    });
    write(&mut |piece| strip.write_all(piece.as_bytes()))?;
    strip.flush()
}

/// Text events of the bytes `strip_ansi_escapes` lets through (whole
/// characters; a character cut between two writes waits for its rest).
struct TextEvents<'x, W: io::Write> {
    xml: &'x mut Writer<W>,
    carry: Vec<u8>,
}

impl<W: io::Write> io::Write for TextEvents<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.carry.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.carry) {
            Ok(text) => text.len(),
            Err(e) => e.valid_up_to(),
        };
        let text: String = String::from_utf8_lossy(&self.carry[..whole])
            .chars()
            .filter(|c| !matches!(c, '\x00'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f'))
            .map(|c| {
                if super::safe::is_xml_char(c) {
                    c
                } else {
                    '\u{FFFD}'
                }
            })
            .collect();
        self.xml.write_event(Event::Text(BytesText::new(&text)))?;
        self.carry.drain(..whole);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One line per review item (its message, count and pages), then one line per
/// location: every occurrence is listed.
fn review_items(items: &[&ReviewItem], lang: Lang, each: Pieces<'_>) -> io::Result<()> {
    let mut line = String::new();
    for item in items {
        line.clear();
        let _ = writeln!(
            line,
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
        each(&line)?;
        for l in &item.locations {
            line.clear();
            let place = match (l.line, l.column) {
                (Some(line), Some(column)) => format!("{}:{line}:{column}", l.url),
                (Some(line), None) => format!("{}:{line}", l.url),
                _ => l.url.clone(),
            };
            let _ = write!(line, "  {place}");
            if let Some(selector) = &l.selector {
                let _ = write!(line, "  [{selector}]");
            }
            line.push('\n');
            each(&line)?;
        }
    }
    Ok(())
}

/// One line per occurrence: where, then the message; then the finding's
/// legal bases, each with its strength (bắt buộc / khuyến nghị).
fn occurrences(findings: &[&Finding], lang: Lang, each: Pieces<'_>) -> io::Result<()> {
    let legal = messages::text("junit.legal", lang, &[]);
    let mut line = String::new();
    for f in findings {
        line.clear();
        let place = match (f.line, f.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", f.url),
            (Some(line), None) => format!("{}:{line}", f.url),
            _ => f.url.clone(),
        };
        let _ = write!(line, "{place}  {}", f.message.get(lang));
        if let Some(selector) = &f.selector {
            let _ = write!(line, "  [{selector}]");
        }
        line.push('\n');
        if !f.legal.is_empty() {
            let _ = writeln!(
                line,
                "    {legal}: {}",
                crate::legal::labels(&f.legal, lang)
            );
        }
        each(&line)?;
    }
    Ok(())
}
