//! The rules' sections and the manual review checklist of `report.html`.

use super::view::{Occurrence, ReviewView, RuleView};
use super::{REVIEW_LOCATIONS, family_name, href, severity_name};
use crate::messages;
use crate::report::model::{Finding, Report};
use crate::rules::{Family, Outcome};
use crate::ruleset::{Lang, Severity};

/// Every rule with findings, its occurrences listed, errors first, then by
/// the number of failures.
pub(super) fn rule_views(report: &Report, lang: Lang) -> Vec<RuleView> {
    let stats = &report.statistics;
    let mut rules: Vec<RuleView> = report
        .rules
        .iter()
        .filter_map(|rule| {
            let counts = stats.rules.iter().find(|c| c.rule == rule.id)?;
            let occurrences: Vec<Occurrence> = report
                .findings
                .iter()
                .filter(|f| f.rule == rule.id)
                .map(|f| occurrence(f, &rule.legal, lang))
                .collect();
            Some(RuleView {
                id: rule.id.clone(),
                title: rule.title.get(lang).to_string(),
                family: rule.family.id(),
                family_name: family_name(rule.family, lang),
                severity: rule.severity.id(),
                severity_name: severity_name(rule.severity, lang),
                severity_rank: match rule.severity {
                    Severity::Error => 3,
                    Severity::Warning => 2,
                    Severity::Notice => 1,
                },
                why: rule.why.get(lang).to_string(),
                fix: rule.fix.get(lang).to_string(),
                legal: rule.legal.iter().map(|b| b.label(lang)).collect(),
                wcag: rule.wcag.clone(),
                failed: counts.failed,
                review: counts.review,
                occurrences,
            })
        })
        .collect();
    rules.sort_by(|a, b| {
        b.severity_rank
            .cmp(&a.severity_rank)
            .then(b.failed.cmp(&a.failed))
            .then(a.id.cmp(&b.id))
    });
    rules
}

fn occurrence(f: &Finding, rule_legal: &[crate::legal::AppliedBasis], lang: Lang) -> Occurrence {
    let place = match (f.line, f.column) {
        (Some(line), Some(column)) => format!("{line}:{column}"),
        (Some(line), None) => line.to_string(),
        _ => String::new(),
    };
    Occurrence {
        site: f.site.clone(),
        rule: f.rule.clone(),
        family: f.family.map_or("unknown", Family::id),
        severity: f.severity.id(),
        severity_name: severity_name(f.severity, lang),
        review: f.outcome == Outcome::CantTell,
        url: f.url.clone(),
        href: href(&f.url),
        selector: f.selector.clone(),
        place,
        snippet: f.snippet.clone(),
        message: f.message.get(lang).to_string(),
        legal: (f.legal != rule_legal).then(|| crate::legal::labels(&f.legal, lang)),
    }
}

/// The review checklist: one entry per item (site, rule, pattern), with its
/// first locations.
pub(super) fn review_items(report: &Report, rules: &[RuleView], lang: Lang) -> Vec<ReviewView> {
    report
        .review
        .iter()
        .map(|item| {
            let rule = report.rules.iter().find(|r| r.id == item.rule);
            ReviewView {
                id: item.id.clone(),
                decision: item.decision.as_ref().map(|d| {
                    let (id, key) = match d.verdict {
                        crate::report::model::Verdict::Passed => ("passed", "decision.passed"),
                        crate::report::model::Verdict::Failed => ("failed", "decision.failed"),
                    };
                    (id, messages::text(key, lang, &[]), d.note.clone())
                }),
                site: item.site.clone(),
                site_name: report
                    .sites
                    .iter()
                    .find(|s| s.id == item.site)
                    .map_or_else(|| item.site.clone(), |s| s.name.clone()),
                rule: item.rule.clone(),
                title: rule.map_or_else(|| item.rule.clone(), |r| r.title.get(lang).to_string()),
                family: item.family.map_or("unknown", Family::id),
                severity: item.severity.id(),
                message: item.message.get(lang).to_string(),
                count: item.count,
                pages: item.pages,
                locations: item
                    .locations
                    .iter()
                    .take(REVIEW_LOCATIONS)
                    .map(|l| {
                        let place = match (l.line, l.column) {
                            (Some(line), Some(column)) => format!(":{line}:{column}"),
                            (Some(line), None) => format!(":{line}"),
                            _ => String::new(),
                        };
                        (l.url.clone(), place, l.selector.clone())
                    })
                    .collect(),
                more: item.locations.len().saturating_sub(REVIEW_LOCATIONS),
                linked: rules.iter().any(|r| r.id == item.rule),
            }
        })
        .collect()
}
