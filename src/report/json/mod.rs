//! `report.json`: the canonical report, written and read back.
//!
//! What is written is the report with three things said once instead of on
//! every row (the layout `docs/report-json.md` describes):
//!
//! - a template defect's occurrences after its first are kept compactly in
//!   its group (`templates::compact`, format 1.5);
//! - a finding leaves out its `family`, `severity`, `wcag` and `legal` when
//!   they equal its rule's in `rules` (format 1.7): the rule's legal bases in
//!   force on the reference date are the finding's, save where a finding was
//!   given others;
//! - a page's rule outcomes (and its rendered view's) are one character per
//!   entry of `rules`, in its order (format 1.7): `P` passed, `F` failed,
//!   `C` `cant_tell`, `I` inapplicable, `-` not run on the page. A page with an
//!   outcome of a rule the table lacks keeps the object of rule id to outcome.
//!
//! A reader puts each back ([`Stored::into_report`]): a field a finding
//! leaves out is its rule's, a field it has is its own. Reports of earlier
//! formats, which have every field, read the same way; a report read from
//! one of them is written again in its own format's layout.
//!
//! The file has one line per entry of the report's lists (a finding, a page,
//! a rule, a site) and per field of the small objects (`run`, `counts`,
//! `statistics`, `gate`), not JSON pretty-printed to one line per value:
//! [`Lines`] says why.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::model::{
    Counts, CrawlReport, DocumentStatus, Finding, GateResult, PageReport, Problem,
    RenderedPageReport, Report, ReviewItem, RuleReport, RunInfo, SiteReport, TemplateGroup, Tool,
};
use super::statistics::Statistics;
use super::stream::{Body, Streamed, carry};
use crate::finding::{BaselineState, View};
use crate::page::EncodingInfo;
use crate::rules::{Outcome, Outcomes};
use crate::ruleset::{AppliedBasis, Family, Localized, Severity};

mod read;
pub use read::Stored;

/// Writes the report as JSON, streamed: an audit's report can be 100 MB and
/// more, and is never held as one string.
///
/// # Errors
/// The writer's I/O errors.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    write_body(Body::Memory(report), out)
}

/// Writes the report streamed from its rows ([`Streamed`]): its head as
/// [`write`] writes a report, its pages, findings and template groups read
/// one at a time as they are written. The same bytes as [`write`] of the
/// report in memory.
///
/// # Errors
/// The writer's I/O errors, and the rows' (as I/O errors).
pub fn write_streamed(streamed: &Streamed<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    write_body(Body::Stream(streamed), out)
}

fn write_body(body: Body<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let report = body.head();
    let table = RulesTable::of(&report.rules);
    let compact = is_at_least(&report.schema_version, (1, 7)).then_some(&table);
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Lines::default());
    Written::of(body, compact)
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// A sequence serialised from rows read one at a time: `write` serialises
/// each; the first error, the serializer's or the rows', ends it.
fn stream_seq<S: Serializer, T>(
    serializer: S,
    read: impl FnOnce(&mut dyn FnMut(T) -> crate::error::Result<()>) -> crate::error::Result<()>,
    mut write: impl FnMut(&mut S::SerializeSeq, T) -> Result<(), S::Error>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error as _, SerializeSeq};
    let mut seq = serializer.serialize_seq(None)?;
    carry(
        |stop| read(&mut |item| stop(write(&mut seq, item))),
        S::Error::custom,
    )?;
    seq.end()
}

/// Whether a format version (`1.7.0`) is at least `(major, minor)`.
#[must_use]
pub fn is_at_least(version: &str, (major, minor): (u32, u32)) -> bool {
    let mut parts = version.split('.');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    (next(), next()) >= (major, minor)
}

/// The layout of `report.json`: the top-level object, and each list and
/// object in it, one entry per line; anything deeper is compact, so that a
/// finding, a page or a rule is one line.
///
/// Measured on the synthetic province's 2 004 pages (README, "Report
/// sizes"): pretty-printed to one line per value the report is 10.5 MB,
/// compact 8.17 MB, one entry per line 8.20 MB. Compact JSON is one line of
/// megabytes that editors, `less` and `git diff` handle badly; one entry per
/// line costs 0.4 %, a `git diff` of two reports shows the findings and pages
/// that changed, and `grep` gives whole findings. `jq` pretty-prints any
/// entry.
#[derive(Debug, Default)]
pub struct Lines {
    /// How many arrays and objects are open.
    level: usize,
    /// Whether the innermost open one has an entry yet.
    has_value: bool,
}

impl Lines {
    /// How many levels are laid out one entry per line.
    const LAID_OUT: usize = 2;

    fn laid_out(&self) -> bool {
        self.level <= Self::LAID_OUT
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        if self.laid_out() && self.has_value {
            writer.write_all(b"\n")?;
            indent(writer, self.level - 1)?;
        }
        self.level -= 1;
        writer.write_all(bracket)
    }

    fn entry<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if self.laid_out() {
            writer.write_all(if first { b"\n" } else { b",\n" })?;
            indent(writer, self.level)
        } else if first {
            Ok(())
        } else {
            writer.write_all(b",")
        }
    }
}

fn indent<W: ?Sized + Write>(writer: &mut W, level: usize) -> std::io::Result<()> {
    for _ in 0..level {
        writer.write_all(b"  ")?;
    }
    Ok(())
}

impl serde_json::ser::Formatter for Lines {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(if self.laid_out() { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The rules table of a report: each rule's position, by id.
pub struct RulesTable<'a> {
    rules: &'a [RuleReport],
    index: HashMap<&'a str, usize>,
}

impl<'a> RulesTable<'a> {
    /// The table of `rules`.
    #[must_use]
    pub fn of(rules: &'a [RuleReport]) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| (rule.id.as_str(), i))
            .collect();
        Self { rules, index }
    }

    fn rule(&self, id: &str) -> Option<&'a RuleReport> {
        self.index.get(id).map(|&i| &self.rules[i])
    }
}

/// The character of an outcome in a page's coded outcomes.
fn code(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Passed => b'P',
        Outcome::Failed => b'F',
        Outcome::CantTell => b'C',
        Outcome::Inapplicable => b'I',
    }
}

/// The character of a rule that did not run on the page.
const NOT_RUN: u8 = b'-';

/// The report as `report.json` holds it: [`Report`]'s fields in its order
/// (a test keeps the two in step), with `findings`, `pages` and `templates`
/// compact.
#[derive(Serialize)]
struct Written<'a> {
    schema_version: &'a str,
    tool: &'a Tool,
    run: &'a RunInfo,
    legal_documents: &'a [DocumentStatus],
    sites: &'a [SiteReport],
    pages: WrittenPages<'a>,
    rules: &'a [RuleReport],
    findings: WrittenFindings<'a>,
    review: &'a [ReviewItem],
    #[serde(skip_serializing_if = "WrittenTemplates::is_empty")]
    templates: WrittenTemplates<'a>,
    problems: &'a [Problem],
    counts: &'a Counts,
    statistics: &'a Statistics,
    gate: &'a GateResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    crawl: Option<&'a CrawlReport>,
}

impl<'a> Written<'a> {
    fn of(body: Body<'a>, table: Option<&'a RulesTable<'a>>) -> Self {
        let report = body.head();
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
            pages: WrittenPages { body, pages, table },
            rules,
            findings: WrittenFindings {
                body,
                findings,
                table,
            },
            review,
            templates: match body {
                Body::Memory(report) => {
                    WrittenTemplates::Memory(super::templates::Compact::of(report))
                }
                Body::Stream(streamed) => WrittenTemplates::Stream(streamed),
            },
            problems,
            counts,
            statistics,
            gate,
            crawl: crawl.as_ref(),
        }
    }
}

/// The template groups, compact ([`super::templates::Compact`]): each made
/// as it is written.
enum WrittenTemplates<'a> {
    Memory(super::templates::Compact<'a>),
    Stream(&'a Streamed<'a>),
}

impl WrittenTemplates<'_> {
    fn is_empty(&self) -> bool {
        match self {
            WrittenTemplates::Memory(compact) => compact.is_empty(),
            WrittenTemplates::Stream(streamed) => streamed.head.templates.is_empty(),
        }
    }
}

impl Serialize for WrittenTemplates<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            WrittenTemplates::Memory(compact) => serializer.collect_seq(compact.groups()),
            WrittenTemplates::Stream(streamed) => stream_seq(
                serializer,
                |each| {
                    (0..streamed.head.templates.len())
                        .try_for_each(|at| each(streamed.compacted_group(at)?))
                },
                |seq, group| serde::ser::SerializeSeq::serialize_element(seq, &group),
            ),
        }
    }
}

/// The pages, their outcomes coded when `table` is given.
struct WrittenPages<'a> {
    body: Body<'a>,
    pages: &'a [PageReport],
    table: Option<&'a RulesTable<'a>>,
}

impl Serialize for WrittenPages<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match (self.body, self.table) {
            (Body::Memory(_), None) => self.pages.serialize(serializer),
            (Body::Memory(_), Some(table)) => {
                serializer.collect_seq(self.pages.iter().map(|page| WrittenPage::of(page, table)))
            }
            (Body::Stream(streamed), table) => stream_seq(
                serializer,
                |each| streamed.each_page(each),
                |seq, page: PageReport| match table {
                    None => seq.serialize_element(&page),
                    Some(table) => seq.serialize_element(&WrittenPage::of(&page, table)),
                },
            ),
        }
    }
}

/// A page as format 1.7 writes it: [`PageReport`]'s fields in its order.
#[derive(Serialize)]
struct WrittenPage<'a> {
    site: &'a str,
    url: &'a str,
    status: Option<u16>,
    title: Option<&'a str>,
    encoding: &'a EncodingInfo,
    bytes: usize,
    elements: usize,
    parse_errors: usize,
    depth_limited_tags: usize,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    omitted_findings: &'a BTreeMap<String, usize>,
    outcomes: Coded<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered: Option<WrittenRendered<'a>>,
}

impl<'a> WrittenPage<'a> {
    fn of(page: &'a PageReport, table: &'a RulesTable<'a>) -> Self {
        let PageReport {
            site,
            url,
            status,
            title,
            encoding,
            bytes,
            elements,
            parse_errors,
            depth_limited_tags,
            omitted_findings,
            outcomes,
            rendered,
        } = page;
        WrittenPage {
            site,
            url,
            status: *status,
            title: title.as_deref(),
            encoding,
            bytes: *bytes,
            elements: *elements,
            parse_errors: *parse_errors,
            depth_limited_tags: *depth_limited_tags,
            omitted_findings,
            outcomes: Coded { outcomes, table },
            rendered: rendered.as_ref().map(|r| {
                let RenderedPageReport {
                    final_url,
                    elements,
                    outcomes,
                    metrics,
                } = r;
                WrittenRendered {
                    final_url,
                    elements: *elements,
                    outcomes: Coded { outcomes, table },
                    metrics: metrics.as_ref(),
                }
            }),
        }
    }
}

/// A rendered view as format 1.7 writes it.
#[derive(Serialize)]
struct WrittenRendered<'a> {
    final_url: &'a str,
    elements: usize,
    outcomes: Coded<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics: Option<&'a crate::page::rendered::LoadMetrics>,
}

/// Outcomes as one character per rule of the table; as the object of rule
/// id to outcome when one of them is not in the table.
struct Coded<'a> {
    outcomes: &'a Outcomes,
    table: &'a RulesTable<'a>,
}

impl Serialize for Coded<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut coded = vec![NOT_RUN; self.table.rules.len()];
        for (rule, outcome) in self.outcomes.iter() {
            match self.table.index.get(rule) {
                Some(&at) => coded[at] = code(outcome),
                None => return self.outcomes.serialize(serializer),
            }
        }
        // Only ASCII letters and `-`.
        serializer.serialize_str(&String::from_utf8_lossy(&coded))
    }
}

/// The findings written in full: every one but a template defect's
/// occurrences after its first; without what equals their rule's when
/// `table` is given.
struct WrittenFindings<'a> {
    body: Body<'a>,
    findings: &'a [Finding],
    table: Option<&'a RulesTable<'a>>,
}

impl Serialize for WrittenFindings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seen = BTreeSet::new();
        let Body::Stream(streamed) = self.body else {
            let in_full = self
                .findings
                .iter()
                .filter(|f| super::templates::written_in_full(f, &mut seen));
            return match self.table {
                None => serializer.collect_seq(in_full),
                Some(table) => serializer
                    .collect_seq(in_full.map(|f| WrittenFinding::of(f, table.rule(&f.rule)))),
            };
        };
        stream_seq(
            serializer,
            |each| streamed.each_finding(each),
            |seq, f: Finding| {
                if !super::templates::written_in_full(&f, &mut seen) {
                    return Ok(());
                }
                match self.table {
                    None => seq.serialize_element(&f),
                    Some(table) => {
                        seq.serialize_element(&WrittenFinding::of(&f, table.rule(&f.rule)))
                    }
                }
            },
        )
    }
}

/// A finding as format 1.7 writes it: [`Finding`]'s fields in its order,
/// those equal to its rule's left out.
#[derive(Serialize)]
struct WrittenFinding<'a> {
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<Option<Family>>,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<Severity>,
    site: &'a str,
    url: &'a str,
    selector: Option<&'a str>,
    line: Option<u64>,
    column: Option<u64>,
    snippet: Option<&'a str>,
    message: &'a Localized,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal: Option<&'a [AppliedBasis]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wcag: Option<&'a [String]>,
    args: &'a BTreeMap<String, String>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "View::is_served")]
    view: View,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<BaselineState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<&'a str>,
}

impl<'a> WrittenFinding<'a> {
    fn of(f: &'a Finding, rule: Option<&RuleReport>) -> Self {
        let Finding {
            rule: id,
            family,
            outcome,
            severity,
            site,
            url,
            selector,
            line,
            column,
            snippet,
            message,
            legal,
            wcag,
            args,
            fingerprint,
            view,
            baseline_state,
            signature,
            template,
        } = f;
        // A field is written when there is no rule to take it from or when it differs.
        WrittenFinding {
            rule: id,
            family: rule
                .is_none_or(|r| *family != Some(r.family))
                .then_some(*family),
            outcome: *outcome,
            severity: rule
                .is_none_or(|r| *severity != r.severity)
                .then_some(*severity),
            site,
            url,
            selector: selector.as_deref(),
            line: *line,
            column: *column,
            snippet: snippet.as_deref(),
            message,
            legal: rule
                .is_none_or(|r| legal[..] != r.legal[..])
                .then_some(&legal[..]),
            wcag: rule
                .is_none_or(|r| wcag[..] != r.wcag[..])
                .then_some(&wcag[..]),
            args,
            fingerprint,
            view: *view,
            baseline_state: *baseline_state,
            signature: signature.as_deref(),
            template: template.as_deref(),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn assembled(pages: Vec<PageReport>, findings: Vec<Finding>) -> Report {
        let ruleset = crate::ruleset::Ruleset::embedded().unwrap();
        super::super::assemble(super::super::ReportParts {
            command: "check",
            inputs: vec!["site".into()],
            started_at: chrono::Utc::now(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            lang: crate::ruleset::Lang::Vi,
            gate: crate::gate::evaluate_with(&findings, &crate::gate::Policy::default()),
            ruleset: &ruleset,
            sites: Vec::new(),
            pages,
            findings,
            problems: Vec::new(),
        })
    }

    fn page(url: &str, outcomes: &[(&str, Outcome)]) -> PageReport {
        PageReport {
            site: "site".into(),
            url: url.into(),
            status: None,
            title: Some("Trang".into()),
            encoding: serde_json::from_value(serde_json::json!({
                "bom": null, "transport": null, "meta": null, "used": "UTF-8",
                "source": "default", "unknown_label": null,
                "invalid_utf8_offsets": [], "invalid_utf8_count": 0
            }))
            .unwrap(),
            bytes: 10,
            elements: 3,
            parse_errors: 0,
            depth_limited_tags: 0,
            omitted_findings: BTreeMap::new(),
            outcomes: outcomes.iter().copied().collect(),
            rendered: None,
        }
    }

    fn written(report: &Report) -> (String, Value) {
        let mut bytes = Vec::new();
        write(report, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    fn read(text: &str) -> Report {
        let mut report = serde_json::from_str::<Stored>(text)
            .unwrap()
            .into_report()
            .unwrap();
        super::super::templates::expand(&mut report).unwrap();
        report
    }

    use serde_json::Value;

    /// The top level and its lists and objects one entry per line, deeper compact.
    #[test]
    fn lines_lay_out_two_levels() {
        let value = serde_json::json!({
            "a": [1, {"b": [2, 3], "c": {}}],
            "d": {"e": "f", "g": []},
            "h": [],
            "i": {}
        });
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Lines::default());
        value.serialize(&mut serializer).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"a\": [\n    1,\n    {\"b\":[2,3],\"c\":{}}\n  ],\n  \"d\": {\n    \"e\": \"f\",\n    \
             \"g\": []\n  },\n  \"h\": [],\n  \"i\": {}\n}"
        );
    }

    /// A finding leaves out what equals its rule's, a page's outcomes are
    /// coded, and reading puts both back.
    #[test]
    fn said_once_and_put_back() {
        let ruleset = crate::ruleset::Ruleset::embedded().unwrap();
        let meta = ruleset.rule("img-alt-missing").unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let finding = |url: &str| Finding {
            rule: "img-alt-missing".into(),
            family: Some(meta.family),
            outcome: Outcome::Failed,
            severity: meta.severity,
            site: "site".into(),
            url: url.into(),
            selector: Some("img".into()),
            line: Some(3),
            column: Some(1),
            snippet: Some("<img src=a.png>".into()),
            message: Localized {
                vi: "Ảnh thiếu alt".into(),
                en: "Image without alt".into(),
            }
            .into(),
            legal: ruleset.bases_in_force(meta, as_of).into(),
            wcag: meta
                .wcag
                .iter()
                .map(|w| w.sc.clone())
                .collect::<Vec<_>>()
                .into(),
            args: BTreeMap::new().into(),
            fingerprint: format!("{:032x}", url.len()),
            view: View::Served,
            baseline_state: None,
            signature: Some("img".into()),
            template: None,
        };
        let mut own = finding("b.html");
        own.legal.clear();
        own.family = None;
        own.severity = Severity::Notice;
        let pages = vec![
            page(
                "a.html",
                &[
                    ("img-alt-missing", Outcome::Failed),
                    ("html-lang-missing", Outcome::Passed),
                ],
            ),
            page(
                "b.html",
                &[
                    ("img-alt-missing", Outcome::CantTell),
                    ("html-lang-missing", Outcome::Inapplicable),
                    ("page-title-missing", Outcome::Passed),
                ],
            ),
        ];
        let report = assembled(pages, vec![finding("a.html"), own]);
        assert!(!report.findings[0].legal.is_empty());
        let (text, value) = written(&report);
        let ids: Vec<&str> = report.rules.iter().map(|r| r.id.as_str()).collect();
        let at = |id: &str| ids.iter().position(|i| *i == id).unwrap();
        let mut a = vec![b'-'; ids.len()];
        a[at("img-alt-missing")] = b'F';
        a[at("html-lang-missing")] = b'P';
        assert_eq!(value["pages"][0]["outcomes"], String::from_utf8(a).unwrap());
        let first = value["findings"][0].as_object().unwrap();
        for key in ["family", "severity", "legal", "wcag"] {
            assert!(!first.contains_key(key), "{key}");
        }
        let second = value["findings"][1].as_object().unwrap();
        assert_eq!(second["family"], Value::Null);
        assert_eq!(second["severity"], "notice");
        assert_eq!(second["legal"], serde_json::json!([]));
        assert!(!second.contains_key("wcag"));
        assert_eq!(read(&text), report);
    }

    /// A page with an outcome of a rule the table lacks keeps the object;
    /// a finding of a rule the table lacks keeps every field.
    #[test]
    fn what_the_table_lacks_is_written_in_full() {
        let mut report = assembled(
            vec![page("a.html", &[("img-alt-missing", Outcome::Passed)])],
            Vec::new(),
        );
        report
            .pages
            .push(page("b.html", &[("zz-from-elsewhere", Outcome::Failed)]));
        let (text, value) = written(&report);
        assert!(value["pages"][0]["outcomes"].is_string());
        assert_eq!(
            value["pages"][1]["outcomes"],
            serde_json::json!({"zz-from-elsewhere": "failed"})
        );
        assert_eq!(read(&text), report);
        // Coded outcomes that do not match the table are an error, not a guess.
        let broken = text.replacen("\"outcomes\": \"", "\"outcomes\": \"P", 1);
        let broken = broken.replacen("\"outcomes\":\"", "\"outcomes\":\"P", 1);
        let error = serde_json::from_str::<Stored>(&broken)
            .unwrap()
            .into_report()
            .unwrap_err();
        assert!(error.contains("characters for 1 rules"), "{error}");
    }

    /// A report read from format 1.6 is written again as 1.6 wrote it:
    /// every field of every finding, outcomes as objects.
    #[test]
    fn an_earlier_format_is_written_in_its_layout() {
        let mut report = assembled(
            vec![page("a.html", &[("img-alt-missing", Outcome::Passed)])],
            Vec::new(),
        );
        report.schema_version = "1.6.0".into();
        let (text, value) = written(&report);
        assert_eq!(
            value["pages"][0]["outcomes"],
            serde_json::json!({"img-alt-missing": "passed"})
        );
        assert_eq!(read(&text), report);
        // The same JSON as serde writes the report (no template defect here).
        assert_eq!(value, serde_json::to_value(&report).unwrap());
    }
}
