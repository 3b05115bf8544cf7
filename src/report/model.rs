//! The report as types: what `report.json` holds (described by
//! `reports/schema/report.schema.json`), and what every other format renders.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::statistics::Statistics;
use crate::page::EncodingInfo;
use crate::rules::content::checklist::Checklist;
use crate::rules::{Family, Outcomes};
use crate::ruleset::{AppliedBasis, Confidence, Lang, Localized, Severity};

// A finding and a problem are made below the report (by the rules, the
// crawler, the analysers); the report names them from here too.
pub use crate::facts::Problem;
pub use crate::finding::{BaselineEntry, BaselineState, Finding, GateBy};

/// The version of the report format (`reports/schema/report.schema.json`).
pub const SCHEMA_VERSION: &str = "1.7.0";

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report format version.
    pub schema_version: String,
    /// The tool that wrote it.
    pub tool: Tool,
    /// How the run was made.
    pub run: RunInfo,
    /// The legal documents the rules cite, and whether each was in force on `run.as_of`.
    pub legal_documents: Vec<DocumentStatus>,
    /// The sites audited.
    pub sites: Vec<SiteReport>,
    /// The pages audited, with every rule's outcome (in `report.json` since
    /// format 1.7 one character per rule of `rules`, `report::json`).
    pub pages: Vec<PageReport>,
    /// The rules that ran.
    pub rules: Vec<RuleReport>,
    /// Failed and cant-tell occurrences. In memory every one, each with all
    /// its fields; in `report.json` a template defect's occurrences after its
    /// first are kept compactly in its group's pages (`TemplatePage::finding`,
    /// format 1.5), and a finding leaves out the fields equal to its rule's
    /// in `rules` (format 1.7, `report::json`); loading puts both back.
    pub findings: Vec<Finding>,
    /// The manual review checklist: the cant-tell findings grouped once per
    /// site, rule and pattern (`report::review`). Absent in reports before 1.1.
    #[serde(default)]
    pub review: Vec<ReviewItem>,
    /// Template defects (format 1.4): the failed occurrences of one rule on
    /// one element that appear on many pages of a site, once each, with
    /// their pages (`report::templates`). Empty when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<TemplateGroup>,
    /// Inputs that could not be audited, with the reason.
    pub problems: Vec<Problem>,
    /// Totals.
    pub counts: Counts,
    /// Every number the formats show (scores, counts per severity, family,
    /// site, rule and page, the WCAG, provision and Unicode tables), computed
    /// once (`report::statistics`). Reports before 1.2 lack it, and before
    /// 1.3 its counts by the strength of the bases; the loader computes it
    /// for them.
    #[serde(default)]
    pub statistics: Statistics,
    /// The gate's verdict.
    pub gate: GateResult,
    /// How the crawl went (`audit` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crawl: Option<CrawlReport>,
}

/// The tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `portal-audit`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// How the run was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `check`, `audit`, ...
    pub command: String,
    /// What was given to audit.
    pub inputs: Vec<String>,
    /// RFC 3339 start time.
    pub started_at: String,
    /// RFC 3339 end time.
    pub finished_at: String,
    /// The reference date for legal bases.
    pub as_of: NaiveDate,
    /// The language of the texts chosen for display (both are in the report).
    pub lang: Lang,
    /// The ruleset files loaded.
    pub rulesets: Vec<String>,
    /// The province or agency the audit is for, shown in report headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// `audit --sites` / `--shard`: which of the configuration's sites this
    /// report covers, for `merge`. Absent for a run of every site (and for
    /// the merge of every shard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<crate::config::Selected>,
}

/// A legal document and its status on the reference date: one entry of the
/// report's bibliography.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentStatus {
    /// Id.
    pub id: String,
    /// The type (`nghi-dinh`, `thong-tu`, `quy-che`, …).
    #[serde(default)]
    pub kind: Option<crate::legal::DocumentKind>,
    /// Official number.
    pub number: String,
    /// The document as a citation names it ("Nghị định số 43/2011/NĐ-CP").
    #[serde(default = "Localized::empty")]
    pub cited_as: Localized,
    /// Title.
    pub title: Localized,
    /// The day (or year) it was issued.
    #[serde(default)]
    pub issued: Option<crate::legal::IssueDate>,
    /// The province of a provincial document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, if ended.
    pub valid_to: Option<NaiveDate>,
    /// Whether in force on `run.as_of`.
    pub in_force: bool,
    /// How well the validity is established.
    pub confidence: Confidence,
    /// How well its end date is established, when less than the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_confidence: Option<Confidence>,
    /// The day from which whether it is in force is not established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_uncertain_from: Option<NaiveDate>,
    /// What is uncertain.
    pub note: Option<String>,
}

impl DocumentStatus {
    /// The bibliography entry of a document on `as_of`.
    #[must_use]
    pub fn of(doc: &crate::legal::LegalDocument, as_of: NaiveDate) -> Self {
        Self {
            id: doc.id.clone(),
            kind: doc.kind,
            number: doc.number.clone(),
            cited_as: Localized {
                vi: doc.cited(crate::ruleset::Lang::Vi),
                en: doc.cited(crate::ruleset::Lang::En),
            },
            title: doc.title.clone(),
            issued: doc.issued,
            province: doc.province.clone(),
            valid_from: doc.valid_from,
            valid_to: doc.valid_to,
            in_force: doc.in_force(as_of),
            confidence: doc.confidence,
            end_confidence: doc.end_confidence,
            status_uncertain_from: doc.status_uncertain_from,
            note: doc.note.clone(),
        }
    }
}

/// One component site (or, for `check`, one input root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteReport {
    /// Id used by pages and findings.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Root URL or folder.
    pub root: String,
    /// Role, when configured.
    pub role: Option<String>,
    /// Pages audited.
    pub pages: usize,
    /// Site-level rule outcomes.
    pub outcomes: Outcomes,
    /// The mandatory-category checklist, when the content rules ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<Checklist>,
    /// The site's own URLs that got no usable answer during the audit
    /// (timeouts, connection failures, HTTP 5xx), with times; absent when none failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<super::availability::Availability>,
    /// How far the site could be audited: reachable, unreachable (no page
    /// answered), or capped (the page limit was reached). Reports before 1.3
    /// lack it (read as reachable).
    #[serde(default)]
    pub status: SiteStatus,
    /// The EMC monitoring code on the site's home page: whether the served
    /// HTML carries it, where, and the site id it registers (`setSiteId`).
    /// Absent when the home page was not audited, and in reports before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emc: Option<crate::facts::EmcSite>,
}

/// How far a site could be audited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteState {
    /// Its pages answered and were audited within the page limit.
    #[default]
    Reachable,
    /// No page of it answered: it gets no score, and what its content rules
    /// would say is `cant_tell`.
    Unreachable,
    /// The page limit was reached with addresses left: a category not found
    /// on the audited pages is `cant_tell`, not missing.
    Capped,
    /// A time budget ran out (`reason`: `site_budget` or `audit_budget`)
    /// with addresses left: like capped, its pages audited keep their
    /// findings and a category not found is `cant_tell`.
    Incomplete,
}

impl SiteState {
    /// The id used in reports (`reachable`, `unreachable`, `capped`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            SiteState::Reachable => "reachable",
            SiteState::Unreachable => "unreachable",
            SiteState::Capped => "capped",
            SiteState::Incomplete => "incomplete",
        }
    }
}

/// A site's status, with the time and reason of an outage or the limit reached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteStatus {
    /// Reachable, unreachable or capped.
    pub state: SiteState,
    /// Unreachable: when its root failed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Unreachable: why (an outage kind, `timeout`, `refused`, `dns`,
    /// `connection`, `http_5xx`, or `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Unreachable with another reason: the message of the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Capped: the page limit reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// Capped: the site's page addresses found but not audited.
    #[serde(default)]
    pub left: usize,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageReport {
    /// Site id.
    pub site: String,
    /// URL or path.
    pub url: String,
    /// HTTP status, when fetched.
    pub status: Option<u16>,
    /// Title text.
    pub title: Option<String>,
    /// Encoding facts.
    pub encoding: EncodingInfo,
    /// Size of the body in bytes.
    pub bytes: usize,
    /// Number of elements.
    pub elements: usize,
    /// Number of HTML parse errors.
    pub parse_errors: usize,
    /// Tags nested deeper than the parser's limit (512), which were not built.
    pub depth_limited_tags: usize,
    /// Per rule, the occurrences past the 1 000 findings a rule keeps on one
    /// page ("and N more places"): counted, not listed.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub omitted_findings: std::collections::BTreeMap<String, usize>,
    /// Every rule's outcome on this page.
    pub outcomes: Outcomes,
    /// The page as a browser rendered it (`--render chromium`), when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<RenderedPageReport>,
}

/// The rendered view of a page: the DOM Chromium built after the load event
/// and a quiet network, run through the same page rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedPageReport {
    /// The address the browser ended at.
    pub final_url: String,
    /// Number of elements in the rendered DOM.
    pub elements: usize,
    /// Every rule's outcome on the rendered DOM.
    pub outcomes: Outcomes,
    /// The page-load metrics, when the page was measured (`measure_runs`):
    /// the profile, each run and the medians the page-load rules judge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<crate::page::rendered::LoadMetrics>,
}

/// A rule as the report describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleReport {
    /// Id.
    pub id: String,
    /// Family.
    pub family: Family,
    /// Severity in this run.
    pub severity: Severity,
    /// WCAG criteria.
    pub wcag: Vec<String>,
    /// The lowest conformance level among its WCAG criteria (`A`, `AA`,
    /// `AAA`), when it has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wcag_level: Option<String>,
    /// ACT rule ids.
    pub act: Vec<String>,
    /// Title.
    pub title: Localized,
    /// Why it matters.
    pub why: Localized,
    /// How to fix.
    pub fix: Localized,
    /// Legal bases in force on `run.as_of`.
    pub legal: Vec<AppliedBasis>,
}

/// Totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Pages audited.
    pub pages: usize,
    /// Findings.
    pub findings: usize,
    /// Findings per severity.
    pub by_severity: BTreeMap<String, usize>,
    /// Findings per outcome.
    pub by_outcome: BTreeMap<String, usize>,
    /// Findings per family.
    pub by_family: BTreeMap<String, usize>,
    /// Page-rule outcomes per outcome (passed, failed, cant_tell, inapplicable).
    pub outcomes: BTreeMap<String, usize>,
}

impl Counts {
    /// Computes the totals of a report's pages and findings.
    #[must_use]
    pub fn of(pages: &[PageReport], findings: &[Finding]) -> Self {
        let mut counts = Counts::default();
        for f in findings {
            counts.add_finding(f);
        }
        for page in pages {
            counts.add_page(page);
        }
        counts
    }

    /// Counts one more finding.
    pub fn add_finding(&mut self, f: &Finding) {
        self.findings += 1;
        *self
            .by_severity
            .entry(f.severity.id().to_string())
            .or_default() += 1;
        *self
            .by_outcome
            .entry(f.outcome.id().to_string())
            .or_default() += 1;
        let family = f.family.map_or("unknown", crate::rules::Family::id);
        *self.by_family.entry(family.to_string()).or_default() += 1;
    }

    /// Counts one more page and its outcomes.
    pub fn add_page(&mut self, page: &PageReport) {
        self.pages += 1;
        for outcome in page.outcomes.values() {
            *self.outcomes.entry(outcome.id().to_string()).or_default() += 1;
        }
    }
}

/// The gate's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateResult {
    /// The lowest severity that fails (`error`, `warning`, `notice`, `never`).
    pub fail_on: crate::finding::FailOn,
    /// Failed findings at or above it.
    pub counted: usize,
    /// Whether the gate passed.
    pub passed: bool,
    /// How many counted findings are tolerated (`--max-findings`, 0 by default).
    #[serde(default)]
    pub max_findings: usize,
    /// The baseline the findings were matched against (`--baseline`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Failed findings at or above the threshold that the baseline accepts (not counted).
    #[serde(default)]
    pub baselined: usize,
    /// What the gate counted: `group` (a template defect once, the default)
    /// or `occurrence` (every failed occurrence, as before format 1.4).
    #[serde(default)]
    pub gate_by: GateBy,
    /// The baseline's findings that no finding of this run matched (fixed,
    /// or gone from what was checked): their `baseline_state` is `absent`.
    /// Absent before format 1.4 and when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<BaselineEntry>,
}

/// How an `audit` crawl went: the store, politeness, sites, skipped URLs,
/// redirects and link statuses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CrawlReport {
    /// The SQLite store the report was rendered from.
    pub store: String,
    /// The User-Agent sent.
    pub user_agent: String,
    /// Whether robots.txt was ignored (`--ignore-robots`).
    pub ignore_robots: bool,
    /// Whether the crawl finished (false: interrupted, `--resume` continues it).
    pub complete: bool,
    /// How many times the audit was resumed.
    pub resumed: u32,
    /// Each site as crawled.
    pub sites: Vec<CrawlSite>,
    /// URLs not fetched, with the reason (robots.txt, trap guards, exclusions, limits).
    pub skipped: Vec<SkippedUrl>,
    /// URLs that redirected, with their chains.
    pub redirects: Vec<RedirectChain>,
    /// Distinct link targets per status (`ok`, `redirect`, `broken`, `blocked`, …).
    pub link_status: BTreeMap<String, usize>,
    /// Links found in all (one per element and attribute).
    pub links: usize,
}

/// One site as crawled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CrawlSite {
    /// Site id.
    pub id: String,
    /// Root URL.
    pub root: String,
    /// Found by the crawler (a host under the portal's domain), not configured.
    pub discovered: bool,
    /// robots.txt: what happened reading it, when not plain.
    pub robots: Option<String>,
    /// `Crawl-delay` honoured, seconds.
    pub crawl_delay_secs: Option<f64>,
    /// Pages fetched and audited.
    pub pages: usize,
    /// URLs still queued (an interrupted crawl).
    pub queued: usize,
}

/// A URL that was not fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedUrl {
    /// The URL.
    pub url: String,
    /// Site id, when inside a site.
    pub site: Option<String>,
    /// `robots_disallowed`, `trap`, `excluded` or `private_address` (an
    /// internal address the address policy refused to connect to).
    pub kind: String,
    /// Why, in the audit's language (English in stores written before the
    /// reasons were kept as keys).
    pub reason: String,
}

/// A URL that redirected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectChain {
    /// The URL asked for.
    pub url: String,
    /// Each hop: the URL that redirected and its status.
    pub hops: Vec<crate::facts::RedirectHop>,
    /// Where it ended, when it ended.
    pub final_url: Option<String>,
    /// Final status class.
    pub status: String,
}

/// One item of the manual review checklist: the cant-tell findings of one rule
/// on one site that share a pattern (the rule's `review_by` message values),
/// so a person judges the pattern once. Every occurrence stays in
/// [`Report::findings`]; the item keeps the count and every location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// Stable id (hash of site, rule and the normalised pattern).
    pub id: String,
    /// Site id.
    pub site: String,
    /// Rule id.
    pub rule: String,
    /// Family.
    pub family: Option<Family>,
    /// Severity of the rule.
    pub severity: Severity,
    /// The message values that define the pattern, as the first occurrence
    /// wrote them; empty when the rule itself is the pattern.
    pub pattern: BTreeMap<String, String>,
    /// The first occurrence's message, in both languages.
    pub message: Localized,
    /// Occurrences.
    pub count: usize,
    /// Distinct pages (URLs) among the occurrences.
    pub pages: usize,
    /// Every occurrence, in report order; its fingerprint names the full finding.
    pub locations: Vec<ReviewLocation>,
    /// A person's decision on the item (`report --review-decisions`), kept
    /// with the item's id so that it carries over to the next audit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<ReviewDecision>,
}

/// What a person decided about a review item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDecision {
    /// `passed` (Đạt) or `failed` (Không đạt).
    pub verdict: Verdict,
    /// A note (Ghi chú).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A person's verdict on a review item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Đạt.
    Passed,
    /// Không đạt.
    Failed,
}

/// Where one occurrence of a review item is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLocation {
    /// Page URL or path.
    pub url: String,
    /// Unique CSS selector.
    pub selector: Option<String>,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column.
    pub column: Option<u64>,
    /// The finding's fingerprint.
    pub fingerprint: String,
}

/// A template defect: one rule failing on one element (same signature and
/// snippet) on at least `report::templates::MIN_PAGES` pages of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateGroup {
    /// Stable id (hash of rule, site, signature and normalised snippet); the
    /// occurrences' `template`.
    pub id: String,
    /// Site id.
    pub site: String,
    /// Rule id.
    pub rule: String,
    /// Severity of the rule.
    pub severity: Severity,
    /// The element's index-free signature.
    pub signature: String,
    /// The first occurrence's snippet.
    pub snippet: Option<String>,
    /// The first occurrence's message, in both languages.
    pub message: Localized,
    /// Occurrences.
    pub count: usize,
    /// Every occurrence's page and line, in report order.
    pub pages: Vec<TemplatePage>,
}

/// Where one occurrence of a template defect is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePage {
    /// Page URL or path.
    pub url: String,
    /// 1-based line.
    pub line: Option<u64>,
    /// In `report.json` (format 1.5), for every occurrence but the group's
    /// first (which `findings` holds in full): the fields of this occurrence's
    /// finding that differ from the first's (always its fingerprint), `null`
    /// for one it lacks. Absent in memory: the loader puts the finding back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<serde_json::Map<String, serde_json::Value>>,
}
