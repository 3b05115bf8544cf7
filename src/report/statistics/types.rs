//! The types of the report's numbers (`report.json`'s `statistics`); how they
//! are computed is in the parent module.

use serde::{Deserialize, Serialize};

use crate::report::model::Finding;
use crate::rules::{Family, Outcome};
use crate::ruleset::Severity;

/// Pages listed at most among a site's pages with the most Unicode findings.
pub const UNICODE_WORST: usize = 5;

/// Measured pages listed at most among the slowest (by Largest Contentful Paint).
pub const SLOWEST_PAGES: usize = 10;

/// The numbers of a report (`report.json`'s `statistics`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// The score of the whole report.
    pub score: Score,
    /// Its findings by severity and review.
    pub findings: FindingCounts,
    /// Findings per family, every family in report order.
    pub families: Vec<FamilyCounts>,
    /// Findings per rule, for the rules that found something, in report order.
    pub rules: Vec<RuleCounts>,
    /// Failed findings by the strength of their bases: breaches of a binding
    /// article apart from those resting only on recommendations (absent in
    /// reports before this count).
    #[serde(default)]
    pub strength: StrengthCounts,
    /// Per site, in report order.
    pub sites: Vec<SiteStatistics>,
    /// The province's score per family: every (site, rule) counted once.
    #[serde(default)]
    pub family_scores: Vec<FamilyScore>,
    /// The province table ("Tổng hợp toàn tỉnh"): one row per site.
    #[serde(default)]
    pub province: Vec<ProvinceRow>,
    /// Page-load medians over every measured page of the report; absent
    /// when no page was measured (format 1.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<LoadMedians>,
    /// The measured pages with the largest median Largest Contentful Paint,
    /// slowest first, at most [`SLOWEST_PAGES`] (format 1.6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slowest: Vec<SlowPage>,
}

/// Page-load numbers of some measured pages (a site's, or the whole
/// report's): for each value, the median over the pages of each page's own
/// median over its runs (what the `load-*` rules judge). A value is absent
/// when none of the pages had it (no paint observed). Times in milliseconds
/// from navigation start, rounded; CLS to three decimals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadMedians {
    /// Measured pages counted.
    pub pages: usize,
    /// First Contentful Paint.
    pub fcp_ms: Option<f64>,
    /// Largest Contentful Paint.
    pub lcp_ms: Option<f64>,
    /// The last visual change (the full-display proxy; not Speed Index).
    pub visual_complete_ms: Option<f64>,
    /// Total Blocking Time.
    pub tbt_ms: Option<f64>,
    /// Cumulative Layout Shift.
    pub cls: Option<f64>,
}

/// A measured page among the slowest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowPage {
    /// Page URL.
    pub url: String,
    /// Its site id.
    pub site: String,
    /// How many loads were measured.
    pub runs: usize,
    /// The page's medians over its runs (as in `pages[].rendered.metrics.median`).
    pub median: crate::page::rendered::LoadRun,
    /// Which browser measured it (as `pages[].rendered.metrics.browser`):
    /// timings compare only between the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
}

/// The score band of a score, as Lighthouse colours them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 90–100.
    Good,
    /// 50–89.
    Average,
    /// 0–49.
    Poor,
}

impl Band {
    /// The band of a percentage (rounded to one decimal first, as shown).
    #[must_use]
    pub fn of(percent: f64) -> Band {
        let shown = (percent * 10.0).round() / 10.0;
        if shown >= 90.0 {
            Band::Good
        } else if shown >= 50.0 {
            Band::Average
        } else {
            Band::Poor
        }
    }

    /// The id used in reports and as the HTML class.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Band::Good => "good",
            Band::Average => "average",
            Band::Poor => "poor",
        }
    }
}

/// A family's score where each (site, rule) counts once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FamilyScore {
    /// The family.
    pub family: Family,
    /// Rules passed (on every site counted).
    pub rules_passed: usize,
    /// Rules failed somewhere.
    pub rules_failed: usize,
    /// The weighted score.
    pub score: Score,
    /// Its band; absent without a score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
}

/// One row of the province table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceRow {
    /// Site id.
    pub site: String,
    /// Reachable, unreachable or capped, with time, reason or limit.
    pub status: crate::report::model::SiteStatus,
    /// Pages audited.
    pub pages: usize,
    /// Mandatory categories present (fresh or stale), when the content rules ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandatory: Option<Mandatory>,
    /// HTTPS: `true` when served over valid HTTPS, `false` when not, absent
    /// when not judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https: Option<bool>,
    /// Pages with no failed Unicode rule, and pages a Unicode rule ran on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode: Option<(usize, usize)>,
    /// Failed `link-broken` and `link-unreachable` findings.
    pub broken_links: usize,
    /// Failed accessibility findings of rules at WCAG level A.
    pub a11y_a: usize,
    /// Failed accessibility findings of rules at WCAG level AA.
    pub a11y_aa: usize,
    /// Failed findings of every rule.
    pub failed: usize,
    /// The failed findings by the strength of their bases: breaching a
    /// binding article, or resting only on recommendations (absent in reports
    /// written before this count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<StrengthCounts>,
    /// Items of the manual review checklist (patterns a person must judge).
    pub review_items: usize,
    /// Cant-tell findings (occurrences behind the review items).
    pub review: usize,
    /// The site's score per family, every family in report order.
    pub scores: Vec<FamilyScore>,
    /// Page-load medians over the site's measured pages; absent when none
    /// of its pages was measured ("not measured", never 0; format 1.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<LoadMedians>,
}

/// Mandatory information of a site: present out of required, and which are not present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mandatory {
    /// Categories present (fresh or stale).
    pub present: usize,
    /// Categories required.
    pub required: usize,
    /// Categories stale (present but not updated).
    pub stale: usize,
    /// The categories missing, as (id, Vietnamese name, English name).
    pub missing: Vec<(String, String, String)>,
    /// The categories that could not be checked (unreachable or capped site).
    pub cant_tell: Vec<(String, String, String)>,
}

/// A severity-weighted score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Σ weight of passed outcomes.
    pub passed: u64,
    /// Σ weight of passed and failed outcomes.
    pub applicable: u64,
    /// `100 × passed / applicable`; absent when nothing was applicable.
    pub percent: Option<f64>,
}

impl Score {
    /// The score as text with one decimal, or `—`.
    #[must_use]
    pub fn text(&self) -> String {
        self.percent
            .map_or_else(|| "—".to_string(), |p| format!("{p:.1}"))
    }

    pub(super) fn add(&mut self, outcome: Outcome, weight: u64) {
        match outcome {
            Outcome::Passed => {
                self.passed += weight;
                self.applicable += weight;
            }
            Outcome::Failed => self.applicable += weight,
            Outcome::CantTell | Outcome::Inapplicable => {}
        }
    }

    pub(super) fn finish(mut self) -> Self {
        #[allow(clippy::cast_precision_loss, reason = "weights are small integers")]
        let percent =
            (self.applicable > 0).then(|| 100.0 * self.passed as f64 / self.applicable as f64);
        self.percent = percent;
        self
    }
}

/// Findings: failed ones per severity, and cant-tell ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingCounts {
    /// Failed findings of severity `error`.
    pub errors: usize,
    /// Failed findings of severity `warning`.
    pub warnings: usize,
    /// Failed findings of severity `notice`.
    pub notices: usize,
    /// Cant-tell findings: a person must judge them.
    pub review: usize,
}

impl FindingCounts {
    pub(super) fn add(&mut self, finding: &Finding) {
        if finding.outcome == Outcome::CantTell {
            self.review += 1;
            return;
        }
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Notice => self.notices += 1,
        }
    }

    /// Failed findings of every severity.
    #[must_use]
    pub fn failed(&self) -> usize {
        self.errors + self.warnings + self.notices
    }

    /// Every finding, failed or cant-tell.
    #[must_use]
    pub fn total(&self) -> usize {
        self.failed() + self.review
    }
}

/// The findings of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyCounts {
    /// The family.
    pub family: Family,
    /// Failed findings.
    pub failed: usize,
    /// Cant-tell findings.
    pub review: usize,
}

/// The findings of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCounts {
    /// Rule id.
    pub rule: String,
    /// Failed findings.
    pub failed: usize,
    /// Cant-tell findings.
    pub review: usize,
    /// Failed findings citing at least one mandatory article.
    #[serde(default)]
    pub binding: usize,
}

/// Failed findings by the strength of their legal bases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrengthCounts {
    /// Citing at least one mandatory article ("bắt buộc").
    pub binding: usize,
    /// Citing only articles that encourage or recommend ("khuyến nghị").
    pub advisory: usize,
}

/// (page or site, rule) outcomes, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCounts {
    /// `passed`.
    pub passed: usize,
    /// `failed`.
    pub failed: usize,
    /// `cant_tell`.
    pub cant_tell: usize,
}

impl OutcomeCounts {
    /// Adds other counts (a rule's on a site, to a row's).
    pub(super) fn add(&mut self, other: OutcomeCounts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.cant_tell += other.cant_tell;
    }

    /// Whether the rule applied anywhere (any outcome but `inapplicable`).
    #[must_use]
    pub fn applied(&self) -> bool {
        self.passed + self.failed + self.cant_tell > 0
    }
}

/// One row of a site's tables: a WCAG criterion or a legal provision, with
/// the rules resting on it and their outcomes on the site and its pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRow {
    /// The criterion (`1.1.1`) or the provision (`32/2017/TT-BTTTT Điều 18 khoản 1`).
    pub id: String,
    /// The rules counted, in report order.
    pub rules: Vec<String>,
    /// Their outcomes.
    pub outcomes: OutcomeCounts,
}

/// The criteria of one WCAG principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrincipleRows {
    /// `1` (perceivable) to `4` (robust).
    pub principle: String,
    /// Its criteria, in numeric order (`1.4.3` before `1.4.10`).
    pub criteria: Vec<CriterionRow>,
}

/// One rule on one site: its outcomes and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRule {
    /// Rule id.
    pub rule: String,
    /// Outcomes on the site and its pages.
    pub outcomes: OutcomeCounts,
    /// Failed findings.
    pub failed: usize,
    /// Cant-tell findings.
    pub review: usize,
}

/// A page and how many findings it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCounts {
    /// Page URL or path.
    pub url: String,
    /// Failed findings.
    pub failed: usize,
    /// Cant-tell findings.
    pub review: usize,
}

/// TCVN 6909:2001 compliance of a site's pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnicodeCompliance {
    /// Pages on which no Unicode rule failed.
    pub compliant: usize,
    /// Pages a Unicode rule ran on.
    pub checked: usize,
    /// `100 × compliant / checked`.
    pub percent: f64,
    /// The pages with the most Unicode findings (at most [`UNICODE_WORST`]),
    /// most first; `failed` counts every Unicode finding of the page.
    pub worst: Vec<PageCounts>,
}

/// The numbers of one site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteStatistics {
    /// Site id.
    pub site: String,
    /// The site's score.
    pub score: Score,
    /// Its findings by severity and review.
    pub findings: FindingCounts,
    /// Its findings per family, for the families with findings, in report order.
    pub families: Vec<FamilyCounts>,
    /// Accessibility outcomes per WCAG principle and criterion.
    pub principles: Vec<PrincipleRows>,
    /// Accessibility outcomes per legal provision other than WCAG itself.
    pub provisions: Vec<CriterionRow>,
    /// Every rule of the report on this site, in report order.
    pub rules: Vec<SiteRule>,
    /// Vietnamese Unicode compliance, when a Unicode rule ran on its pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode: Option<UnicodeCompliance>,
    /// Its pages with findings, in report order (pages not listed have none).
    pub pages: Vec<PageCounts>,
}

impl FamilyCounts {
    /// Every finding of the family, failed or cant-tell.
    #[must_use]
    pub fn total(&self) -> usize {
        self.failed + self.review
    }
}

impl PageCounts {
    /// Every finding counted, failed or cant-tell.
    #[must_use]
    pub fn total(&self) -> usize {
        self.failed + self.review
    }
}

impl Statistics {
    /// The numbers of a site.
    #[must_use]
    pub fn site(&self, id: &str) -> Option<&SiteStatistics> {
        self.sites.iter().find(|s| s.site == id)
    }

    /// The findings of a family.
    #[must_use]
    pub fn family(&self, family: Family) -> FamilyCounts {
        self.families
            .iter()
            .find(|f| f.family == family)
            .copied()
            .unwrap_or(FamilyCounts {
                family,
                failed: 0,
                review: 0,
            })
    }
}

impl SiteStatistics {
    /// A rule's outcomes and findings on the site.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&SiteRule> {
        self.rules.iter().find(|r| r.rule == id)
    }

    /// The findings of one of the site's pages.
    #[must_use]
    pub fn page(&self, url: &str) -> (usize, usize) {
        self.pages
            .iter()
            .find(|p| p.url == url)
            .map_or((0, 0), |p| (p.failed, p.review))
    }
}
