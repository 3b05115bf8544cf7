//! The province table's numbers: per site and family, each rule counted once.

use std::collections::BTreeMap;

use super::site::unicode;
use super::types::{Band, FamilyScore, Mandatory, ProvinceRow, Score, StrengthCounts};
use super::weight;
use crate::report::model::{Finding, Report, SiteState};
use crate::rules::content::checklist::Status;
use crate::rules::{Family, Outcome, Outcomes};
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
    report: &Report,
    site: &crate::report::model::SiteReport,
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
        strength: Some({
            let binding = failed
                .iter()
                .filter(|f| crate::legal::binding(&f.legal))
                .count();
            StrengthCounts {
                binding,
                advisory: failed.len() - binding,
            }
        }),
        review_items: report.review.iter().filter(|r| r.site == site.id).count(),
        review: findings
            .iter()
            .filter(|f| f.outcome == Outcome::CantTell)
            .count(),
        scores,
        load: None,
    }
}
