//! The numbers of one site: its findings per family, rule and page, its WCAG
//! and legal-provision tables and its Unicode compliance.

use std::collections::BTreeMap;

use super::sc_key;
use super::types::{
    CriterionRow, FamilyCounts, FindingCounts, OutcomeCounts, PageCounts, PrincipleRows, Score,
    SiteRule, SiteStatistics, UNICODE_WORST, UnicodeCompliance,
};
use crate::report::model::{Finding, Report};
use crate::rules::{Family, Outcome, Outcomes};

/// Failed and cant-tell findings per family, in report order: every family,
/// or only those with findings.
pub(super) fn family_counts<'a>(
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
pub(super) fn failed_and_review<'a, K: Ord>(
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

pub(super) fn site_statistics(
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
pub(super) fn unicode(
    report: &Report,
    site: &str,
    findings: &[&Finding],
) -> Option<UnicodeCompliance> {
    let unicode_rules: Vec<&str> = report
        .rules
        .iter()
        .filter(|r| r.family == Family::Unicode)
        .map(|r| r.id.as_str())
        .collect();
    if unicode_rules.is_empty() {
        return None;
    }
    let pages: Vec<&crate::report::model::PageReport> = report
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
