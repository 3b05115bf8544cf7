//! The numbers of one site: its findings per family, rule and page, its WCAG
//! and legal-provision tables and its Unicode compliance.

use std::collections::BTreeMap;

use super::sc_key;
use super::tally::{RuleOutcomes, SiteTally, family_counts};
use super::types::{
    CriterionRow, OutcomeCounts, PageCounts, PrincipleRows, Score, SiteRule, SiteStatistics,
    UNICODE_WORST, UnicodeCompliance,
};
use crate::report::model::RuleReport;
use crate::rules::Family;

/// Every rule's outcomes on one site (its own and its pages'), by rule id.
#[derive(Debug, Clone, Copy)]
pub(super) struct OutcomeTable<'a>(pub(super) &'a BTreeMap<String, RuleOutcomes>);

impl OutcomeTable<'_> {
    /// A rule's outcomes on the site.
    pub(super) fn counts(&self, rule: &str) -> OutcomeCounts {
        self.0
            .get(rule)
            .map_or_else(OutcomeCounts::default, |c| OutcomeCounts {
                passed: c.passed,
                failed: c.failed,
                cant_tell: c.cant_tell,
            })
    }
}

pub(super) fn site_statistics(
    rules: &[RuleReport],
    site: &str,
    score: Score,
    tally: &SiteTally,
) -> SiteStatistics {
    let outcomes = tally.table();
    let rows = rules
        .iter()
        .map(|rule| {
            let (failed, review) = tally
                .per_rule
                .get(rule.id.as_str())
                .copied()
                .unwrap_or_default();
            SiteRule {
                rule: rule.id.clone(),
                outcomes: outcomes.counts(&rule.id),
                failed,
                review,
            }
        })
        .collect();
    SiteStatistics {
        site: site.to_string(),
        score,
        findings: tally.findings,
        families: family_counts(&tally.families, false),
        principles: principles(rules, outcomes),
        provisions: provisions(rules, outcomes),
        rules: rows,
        unicode: unicode(tally),
        pages: tally.pages.clone(),
    }
}

/// Adds a rule to a row: its id once, its outcomes.
fn count_row(row: &mut CriterionRow, rule: &str, outcomes: OutcomeTable<'_>) {
    if !row.rules.iter().any(|r| r == rule) {
        row.rules.push(rule.to_string());
    }
    row.outcomes.add(outcomes.counts(rule));
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
fn principles(rules: &[RuleReport], outcomes: OutcomeTable<'_>) -> Vec<PrincipleRows> {
    let mut criteria: BTreeMap<&str, CriterionRow> = BTreeMap::new();
    for rule in rules.iter().filter(|r| r.family == Family::A11y) {
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
fn provisions(rules: &[RuleReport], outcomes: OutcomeTable<'_>) -> Vec<CriterionRow> {
    let mut rows: BTreeMap<String, CriterionRow> = BTreeMap::new();
    for rule in rules.iter().filter(|r| r.family == Family::A11y) {
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
pub(super) fn unicode(tally: &SiteTally) -> Option<UnicodeCompliance> {
    if tally.unicode_checked == 0 {
        return None;
    }
    let mut worst: Vec<PageCounts> = tally
        .unicode_pages
        .iter()
        .map(|(url, &(failed, review))| PageCounts {
            url: url.clone(),
            failed,
            review,
        })
        .collect();
    worst.sort_by(|a, b| b.total().cmp(&a.total()).then(a.url.cmp(&b.url)));
    worst.truncate(UNICODE_WORST);
    #[allow(clippy::cast_precision_loss, reason = "page counts are far below 2^52")]
    let percent = 100.0 * tally.unicode_compliant as f64 / tally.unicode_checked as f64;
    Some(UnicodeCompliance {
        compliant: tally.unicode_compliant,
        checked: tally.unicode_checked,
        percent,
        worst,
    })
}
