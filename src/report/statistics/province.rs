//! The province table's numbers: per site and family, each rule counted once.

use std::collections::BTreeMap;

use super::site::{OutcomeTable, unicode};
use super::tally::SiteTally;
use super::types::{Band, FamilyScore, Mandatory, ProvinceRow, Score, StrengthCounts};
use super::weight;
use crate::report::model::{ReviewItem, RuleReport, SiteState};
use crate::rules::content::checklist::Status;
use crate::rules::{Family, Outcome};
use crate::ruleset::Severity;

/// (site, rule) outcomes of one family, each rule counted once per site.
#[derive(Debug, Default)]
pub(super) struct RuleTally {
    passed: usize,
    failed: usize,
    score: Score,
}

impl RuleTally {
    /// Adds each rule of `family` once: failed when it failed on any of the
    /// site's outcome maps, passed when it passed on one and failed on none.
    pub(super) fn add_site(
        &mut self,
        rules: &[RuleReport],
        family: Family,
        outcomes: OutcomeTable<'_>,
        severity: &BTreeMap<&str, Severity>,
    ) {
        for rule in rules.iter().filter(|r| r.family == family) {
            let w = severity.get(rule.id.as_str()).copied().map_or(0, weight);
            let counts = outcomes.counts(&rule.id);
            let (passed, failed) = (counts.passed > 0, counts.failed > 0);
            if failed {
                self.failed += 1;
                self.score.add(Outcome::Failed, w);
            } else if passed {
                self.passed += 1;
                self.score.add(Outcome::Passed, w);
            }
        }
    }

    pub(super) fn score(self, family: Family) -> FamilyScore {
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
pub(super) fn province_row(
    rules: &[RuleReport],
    site: &crate::report::model::SiteReport,
    tally: &SiteTally,
    review: &[ReviewItem],
    severity: &BTreeMap<&str, Severity>,
) -> ProvinceRow {
    let unreachable = site.status.state == SiteState::Unreachable;
    let scores = Family::ALL
        .iter()
        .map(|&family| {
            let mut tally_of_family = RuleTally::default();
            if !unreachable {
                tally_of_family.add_site(rules, family, tally.table(), severity);
            }
            tally_of_family.score(family)
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
    let level: BTreeMap<&str, Option<&str>> = rules
        .iter()
        .map(|r| (r.id.as_str(), r.wcag_level.as_deref()))
        .collect();
    let a11y_at = |wanted: &str| {
        tally
            .a11y_failed
            .iter()
            .filter(|(rule, _)| level.get(rule.as_str()).copied().flatten() == Some(wanted))
            .map(|(_, n)| n)
            .sum()
    };
    ProvinceRow {
        site: site.id.clone(),
        status: site.status.clone(),
        pages: site.pages,
        mandatory,
        https,
        unicode: unicode(tally).map(|u| (u.compliant, u.checked)),
        broken_links: tally.broken_links,
        a11y_a: a11y_at("A"),
        a11y_aa: a11y_at("AA"),
        failed: tally.failed,
        strength: Some(StrengthCounts {
            binding: tally.binding,
            advisory: tally.failed - tally.binding,
        }),
        review_items: review.iter().filter(|r| r.site == site.id).count(),
        review: tally.findings.review,
        scores,
        load: None,
    }
}
