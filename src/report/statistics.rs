//! The numbers every format shows — scores, finding counts per severity,
//! family, site, rule and page, the WCAG and legal-provision tables, the other
//! families' rule tables and the Vietnamese Unicode compliance — computed
//! once, by [`compute`], when the report is assembled (and when a report
//! written before they were part of `report.json` is loaded). They are the
//! report's [`Statistics`]; HTML, Markdown, the terminal summary and JUnit only
//! present them, so every format says the same.
//!
//! **Score.** Each (page, rule) and (site, rule) outcome weighs its rule's
//! severity: error 3, warning 2, notice 1. The score is the weighted share of
//! applicable outcomes that passed:
//!
//! ```text
//! score = 100 × Σ weight(passed) / Σ weight(passed + failed)
//! ```
//!
//! An unreachable site has no score and adds nothing to the report's.
//! `inapplicable` outcomes are not counted (nothing was there to judge) and
//! `cant_tell` outcomes are not counted either (a person must decide them;
//! they are listed for manual review). With no applicable outcome there is no
//! score.
//!
//! **Family scores** (the province table). A score per family and site in
//! which each (site, rule) counts once, whatever the number of pages: the rule
//! *passed* on the site when it passed somewhere and failed nowhere (on no
//! page, not at site level), *failed* when it failed anywhere; a rule that was
//! only `inapplicable` or `cant_tell` is not counted. Weighted by severity as
//! above:
//!
//! ```text
//! family score = 100 × Σ weight(rules passed on the site) / Σ weight(rules passed or failed on the site)
//! ```
//!
//! so a template defect repeated on 200 pages weighs what it weighs on one,
//! and a site missing mandatory categories or HTTPS loses the weight of those
//! rules outright. The province's score per family pools every (site, rule)
//! the same way. Bands as Lighthouse's: 0–49 poor, 50–89 needs improvement,
//! 90–100 good (on the score rounded to one decimal). An unreachable site has
//! no score ("—").
//!
//! **Findings.** `errors`, `warnings` and `notices` count failed findings by
//! severity; `review` counts the cant-tell findings (whatever their severity),
//! so the four add up to the number of findings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{Finding, Report, SiteState};
use crate::rules::content::checklist::Status;
use crate::rules::{Family, Outcome, Outcomes};
use crate::ruleset::Severity;

/// Pages listed at most among a site's pages with the most Unicode findings.
pub const UNICODE_WORST: usize = 5;

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
    pub status: super::model::SiteStatus,
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
    /// Items of the manual review checklist (patterns a person must judge).
    pub review_items: usize,
    /// Cant-tell findings (occurrences behind the review items).
    pub review: usize,
    /// The site's score per family, every family in report order.
    pub scores: Vec<FamilyScore>,
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

    fn add(&mut self, outcome: Outcome, weight: u64) {
        match outcome {
            Outcome::Passed => {
                self.passed += weight;
                self.applicable += weight;
            }
            Outcome::Failed => self.applicable += weight,
            Outcome::CantTell | Outcome::Inapplicable => {}
        }
    }

    fn finish(mut self) -> Self {
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
    fn add(&mut self, finding: &Finding) {
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
    /// Adds a rule's outcome on every map (the site's and its pages').
    fn count(&mut self, rule: &str, maps: &[&Outcomes]) {
        for map in maps {
            match map.get(rule) {
                Some(Outcome::Passed) => self.passed += 1,
                Some(Outcome::Failed) => self.failed += 1,
                Some(Outcome::CantTell) => self.cant_tell += 1,
                Some(Outcome::Inapplicable) | None => {}
            }
        }
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

/// The weight of a severity in the score.
#[must_use]
pub fn weight(severity: Severity) -> u64 {
    match severity {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Notice => 1,
    }
}

/// `1.4.10` sorts after `1.4.3`.
fn sc_key(sc: &str) -> Vec<u32> {
    sc.split('.').filter_map(|p| p.parse().ok()).collect()
}

/// Computes every number of the report from its rules, outcomes and findings.
#[must_use]
pub fn compute(report: &Report) -> Statistics {
    let severity: BTreeMap<&str, Severity> = report
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.severity))
        .collect();
    let w = |rule: &str| severity.get(rule).copied().map_or(0, weight);

    // Each site's outcome maps: its own (site rules) and its pages'.
    let mut maps: BTreeMap<&str, Vec<&Outcomes>> = report
        .sites
        .iter()
        .map(|s| (s.id.as_str(), vec![&s.outcomes]))
        .collect();
    for page in &report.pages {
        maps.entry(page.site.as_str())
            .or_default()
            .push(&page.outcomes);
    }
    let mut findings_of: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        findings_of.entry(f.site.as_str()).or_default().push(f);
    }

    let mut overall = Score::default();
    let mut sites = Vec::with_capacity(report.sites.len());
    for site in &report.sites {
        let outcomes = maps.get(site.id.as_str()).map_or(&[][..], Vec::as_slice);
        let findings = findings_of
            .get(site.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut score = Score::default();
        // An unreachable site has no score (and adds nothing to the overall one).
        if site.status.state != SiteState::Unreachable {
            for map in outcomes {
                for (rule, outcome) in map.iter() {
                    score.add(outcome, w(rule));
                    overall.add(outcome, w(rule));
                }
            }
        }
        sites.push(site_statistics(
            report,
            &site.id,
            score.finish(),
            outcomes,
            findings,
        ));
    }
    // Pages of a site id the report does not list still count overall.
    for (site, outcomes) in &maps {
        if report.sites.iter().all(|s| s.id != *site) {
            for map in outcomes {
                for (rule, outcome) in map.iter() {
                    overall.add(outcome, w(rule));
                }
            }
        }
    }

    let mut findings = FindingCounts::default();
    for f in &report.findings {
        findings.add(f);
    }
    let per_rule = failed_and_review(&report.findings, |f| Some(f.rule.as_str()));
    let mut strength = StrengthCounts::default();
    let mut binding_per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Failed)
    {
        if crate::legal::binding(&f.legal) {
            strength.binding += 1;
            *binding_per_rule.entry(f.rule.as_str()).or_default() += 1;
        } else {
            strength.advisory += 1;
        }
    }
    let province: Vec<ProvinceRow> = report
        .sites
        .iter()
        .map(|site| {
            let outcomes = maps.get(site.id.as_str()).map_or(&[][..], Vec::as_slice);
            let findings = findings_of
                .get(site.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            province_row(report, site, outcomes, findings, &severity)
        })
        .collect();
    let family_scores = Family::ALL
        .iter()
        .map(|&family| {
            let mut pooled = RuleTally::default();
            for site in &report.sites {
                if site.status.state == SiteState::Unreachable {
                    continue;
                }
                let outcomes = maps.get(site.id.as_str()).map_or(&[][..], Vec::as_slice);
                pooled.add_site(report, family, outcomes, &severity);
            }
            pooled.score(family)
        })
        .collect();
    Statistics {
        score: overall.finish(),
        findings,
        families: family_counts(&report.findings, true),
        rules: report
            .rules
            .iter()
            .filter_map(|r| {
                per_rule
                    .get(r.id.as_str())
                    .map(|&(failed, review)| RuleCounts {
                        rule: r.id.clone(),
                        failed,
                        review,
                        binding: binding_per_rule.get(r.id.as_str()).copied().unwrap_or(0),
                    })
            })
            .collect(),
        strength,
        sites,
        family_scores,
        province,
    }
}

/// (site, rule) outcomes of one family, each rule counted once per site.
#[derive(Debug, Default)]
struct RuleTally {
    passed: usize,
    failed: usize,
    score: Score,
}

impl RuleTally {
    /// Adds each rule of `family` once: failed when it failed on any of the
    /// site's outcome maps, passed when it passed on one and failed on none.
    fn add_site(
        &mut self,
        report: &Report,
        family: Family,
        outcomes: &[&Outcomes],
        severity: &BTreeMap<&str, Severity>,
    ) {
        for rule in report.rules.iter().filter(|r| r.family == family) {
            let w = severity.get(rule.id.as_str()).copied().map_or(0, weight);
            let mut passed = false;
            let mut failed = false;
            for map in outcomes {
                match map.get(&rule.id) {
                    Some(Outcome::Passed) => passed = true,
                    Some(Outcome::Failed) => failed = true,
                    _ => {}
                }
            }
            if failed {
                self.failed += 1;
                self.score.add(Outcome::Failed, w);
            } else if passed {
                self.passed += 1;
                self.score.add(Outcome::Passed, w);
            }
        }
    }

    fn score(self, family: Family) -> FamilyScore {
        let score = self.score.finish();
        FamilyScore {
            family,
            rules_passed: self.passed,
            rules_failed: self.failed,
            score,
            band: score.percent.map(Band::of),
        }
    }
}

/// A site's row of the province table.
fn province_row(
    report: &Report,
    site: &super::model::SiteReport,
    outcomes: &[&Outcomes],
    findings: &[&Finding],
    severity: &BTreeMap<&str, Severity>,
) -> ProvinceRow {
    let unreachable = site.status.state == SiteState::Unreachable;
    let scores = Family::ALL
        .iter()
        .map(|&family| {
            let mut tally = RuleTally::default();
            if !unreachable {
                tally.add_site(report, family, outcomes, severity);
            }
            tally.score(family)
        })
        .collect();
    let mandatory = site.checklist.as_ref().map(|checklist| {
        let named = |status: Status| {
            checklist
                .items
                .iter()
                .filter(|i| i.status == status)
                .map(|i| (i.category.clone(), i.name.vi.clone(), i.name.en.clone()))
                .collect::<Vec<_>>()
        };
        Mandatory {
            present: checklist
                .items
                .iter()
                .filter(|i| matches!(i.status, Status::Present | Status::Stale))
                .count(),
            required: checklist.items.len(),
            stale: checklist
                .items
                .iter()
                .filter(|i| i.status == Status::Stale)
                .count(),
            missing: named(Status::Missing),
            cant_tell: named(Status::CantTell),
        }
    });
    let site_outcome = |rule: &str| site.outcomes.get(rule);
    let https = if unreachable {
        None
    } else {
        match (
            site_outcome("https-missing"),
            site_outcome("tls-certificate-invalid"),
        ) {
            (Some(Outcome::Failed), _) | (_, Some(Outcome::Failed)) => Some(false),
            (Some(Outcome::Passed), _) => Some(true),
            _ => None,
        }
    };
    let level: BTreeMap<&str, Option<&str>> = report
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.wcag_level.as_deref()))
        .collect();
    let failed: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.outcome == Outcome::Failed)
        .collect();
    let a11y_at = |wanted: &str| {
        failed
            .iter()
            .filter(|f| {
                f.family == Some(Family::A11y)
                    && level.get(f.rule.as_str()).copied().flatten() == Some(wanted)
            })
            .count()
    };
    let unicode = unicode(report, &site.id, findings).map(|u| (u.compliant, u.checked));
    ProvinceRow {
        site: site.id.clone(),
        status: site.status.clone(),
        pages: site.pages,
        mandatory,
        https,
        unicode,
        broken_links: failed
            .iter()
            .filter(|f| matches!(f.rule.as_str(), "link-broken" | "link-unreachable"))
            .count(),
        a11y_a: a11y_at("A"),
        a11y_aa: a11y_at("AA"),
        failed: failed.len(),
        review_items: report.review.iter().filter(|r| r.site == site.id).count(),
        review: findings
            .iter()
            .filter(|f| f.outcome == Outcome::CantTell)
            .count(),
        scores,
    }
}

/// Failed and cant-tell findings per family, in report order: every family,
/// or only those with findings.
fn family_counts<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    every: bool,
) -> Vec<FamilyCounts> {
    let counts = failed_and_review(findings, |f| f.family);
    Family::ALL
        .iter()
        .filter_map(|family| {
            let (failed, review) = counts.get(family).copied().unwrap_or_default();
            (every || failed + review > 0).then_some(FamilyCounts {
                family: *family,
                failed,
                review,
            })
        })
        .collect()
}

/// Failed and cant-tell findings per key (findings without a key are left out).
fn failed_and_review<'a, K: Ord>(
    findings: impl IntoIterator<Item = &'a Finding>,
    key: impl Fn(&'a Finding) -> Option<K>,
) -> BTreeMap<K, (usize, usize)> {
    let mut counts: BTreeMap<K, (usize, usize)> = BTreeMap::new();
    for f in findings {
        let Some(k) = key(f) else { continue };
        let entry = counts.entry(k).or_default();
        if f.outcome == Outcome::CantTell {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    counts
}

fn site_statistics(
    report: &Report,
    site: &str,
    score: Score,
    outcomes: &[&Outcomes],
    findings: &[&Finding],
) -> SiteStatistics {
    let mut counts = FindingCounts::default();
    for f in findings {
        counts.add(f);
    }
    let per_rule = failed_and_review(findings.iter().copied(), |f| Some(f.rule.as_str()));
    let per_page = failed_and_review(findings.iter().copied(), |f| Some(f.url.as_str()));
    let rules = report
        .rules
        .iter()
        .map(|rule| {
            let mut tally = OutcomeCounts::default();
            tally.count(&rule.id, outcomes);
            let (failed, review) = per_rule.get(rule.id.as_str()).copied().unwrap_or_default();
            SiteRule {
                rule: rule.id.clone(),
                outcomes: tally,
                failed,
                review,
            }
        })
        .collect();
    let pages = report
        .pages
        .iter()
        .filter(|p| p.site == site)
        .filter_map(|p| {
            per_page
                .get(p.url.as_str())
                .map(|&(failed, review)| PageCounts {
                    url: p.url.clone(),
                    failed,
                    review,
                })
        })
        .collect();
    SiteStatistics {
        site: site.to_string(),
        score,
        findings: counts,
        families: family_counts(findings.iter().copied(), false),
        principles: principles(report, outcomes),
        provisions: provisions(report, outcomes),
        rules,
        unicode: unicode(report, site, findings),
        pages,
    }
}

/// Adds a rule to a row: its id once, its outcomes.
fn count_row(row: &mut CriterionRow, rule: &str, outcomes: &[&Outcomes]) {
    if !row.rules.iter().any(|r| r == rule) {
        row.rules.push(rule.to_string());
    }
    row.outcomes.count(rule, outcomes);
}

fn row(id: &str) -> CriterionRow {
    CriterionRow {
        id: id.to_string(),
        rules: Vec::new(),
        outcomes: OutcomeCounts::default(),
    }
}

/// Per WCAG principle and criterion, the (page or site, rule) outcomes of the
/// accessibility rules on one site.
fn principles(report: &Report, outcomes: &[&Outcomes]) -> Vec<PrincipleRows> {
    let mut criteria: BTreeMap<&str, CriterionRow> = BTreeMap::new();
    for rule in report.rules.iter().filter(|r| r.family == Family::A11y) {
        for sc in &rule.wcag {
            count_row(
                criteria.entry(sc.as_str()).or_insert_with(|| row(sc)),
                &rule.id,
                outcomes,
            );
        }
    }
    let mut by_principle: BTreeMap<String, Vec<CriterionRow>> = BTreeMap::new();
    for (sc, criterion) in criteria {
        let number = sc.split('.').next().unwrap_or("").to_string();
        by_principle.entry(number).or_default().push(criterion);
    }
    by_principle
        .into_iter()
        .map(|(principle, mut criteria)| {
            criteria.sort_by_key(|c| sc_key(&c.id));
            PrincipleRows {
                principle,
                criteria,
            }
        })
        .collect()
}

/// Per legal provision in force (e.g. Thông tư 32/2017 Điều 18 khoản 1 điểm c
/// for an audit as of a date it was in force), the outcomes of the
/// accessibility rules resting on it. The WCAG standards themselves are left
/// out: the criteria table counts them.
fn provisions(report: &Report, outcomes: &[&Outcomes]) -> Vec<CriterionRow> {
    let mut rows: BTreeMap<String, CriterionRow> = BTreeMap::new();
    for rule in report.rules.iter().filter(|r| r.family == Family::A11y) {
        for basis in rule
            .legal
            .iter()
            .filter(|b| !b.document.starts_with("wcag-"))
        {
            // A provision is named by its Vietnamese citation with its
            // strength (the HTML shows it in the report's language).
            let label = basis.label(crate::ruleset::Lang::Vi);
            let entry = rows.entry(label.clone()).or_insert_with(|| row(&label));
            count_row(entry, &rule.id, outcomes);
        }
    }
    rows.into_values().collect()
}

/// How many of a site's pages have no failed Unicode outcome (TCVN 6909:2001),
/// and the pages with the most Unicode findings.
fn unicode(report: &Report, site: &str, findings: &[&Finding]) -> Option<UnicodeCompliance> {
    let unicode_rules: Vec<&str> = report
        .rules
        .iter()
        .filter(|r| r.family == Family::Unicode)
        .map(|r| r.id.as_str())
        .collect();
    if unicode_rules.is_empty() {
        return None;
    }
    let pages: Vec<&super::model::PageReport> = report
        .pages
        .iter()
        .filter(|p| p.site == site && unicode_rules.iter().any(|r| p.outcomes.contains(r)))
        .collect();
    if pages.is_empty() {
        return None;
    }
    let compliant = pages
        .iter()
        .filter(|p| {
            !unicode_rules
                .iter()
                .any(|r| p.outcomes.get(r) == Some(Outcome::Failed))
        })
        .count();
    let worst = failed_and_review(findings.iter().copied(), |f| {
        (f.family == Some(Family::Unicode)).then_some(f.url.as_str())
    });
    let mut worst: Vec<PageCounts> = worst
        .into_iter()
        .map(|(url, (failed, review))| PageCounts {
            url: url.to_string(),
            failed,
            review,
        })
        .collect();
    worst.sort_by(|a, b| b.total().cmp(&a.total()).then(a.url.cmp(&b.url)));
    worst.truncate(UNICODE_WORST);
    #[allow(clippy::cast_precision_loss, reason = "page counts are far below 2^52")]
    let percent = 100.0 * compliant as f64 / pages.len() as f64;
    Some(UnicodeCompliance {
        compliant,
        checked: pages.len(),
        percent,
        worst,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_share_of_applicable() {
        let mut s = Score::default();
        s.add(Outcome::Passed, 3);
        s.add(Outcome::Failed, 1);
        s.add(Outcome::CantTell, 3);
        s.add(Outcome::Inapplicable, 3);
        let s = s.finish();
        assert_eq!((s.passed, s.applicable), (3, 4));
        assert_eq!(s.text(), "75.0");
        assert_eq!(Score::default().finish().text(), "—");
        assert_eq!(Score::default().finish().percent, None);
    }

    #[test]
    fn criteria_sort_numerically() {
        let mut scs = vec!["1.4.10", "1.4.3", "1.1.1"];
        scs.sort_by_key(|s| sc_key(s));
        assert_eq!(scs, ["1.1.1", "1.4.3", "1.4.10"]);
    }
}
