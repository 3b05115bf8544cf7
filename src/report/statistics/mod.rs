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
//! A template defect (`Report::templates`: one rule failing on the same
//! element of many pages of a site, a logo without `alt` in the shared
//! header) weighs once: its first page's outcome counts, and on its other
//! pages the rule's failed outcome is not counted when the group's
//! occurrence is all that fails it there (a page with another failure of
//! the rule still counts as failed). So 200 pages sharing one defect lose
//! what one page loses, not 200 times as much.
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
//!
//! **Page load** (browser mode, measured pages). Per site and for the whole
//! report, the median over the measured pages of each page's median over its
//! runs, for FCP, LCP, the last visual change, TBT and CLS; absent when no
//! page was measured. Always recomputed from the pages (also by `merge`),
//! never from other medians. The slowest pages are the measured pages with
//! the largest median LCP.

mod load;
mod province;
mod site;
#[cfg(test)]
mod tests;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Finding, Report, SiteState};
use crate::rules::{Family, Outcome, Outcomes};
use crate::ruleset::Severity;
use province::{RuleTally, province_row};
use site::{failed_and_review, family_counts, site_statistics};
pub use types::*;

/// The weight of a severity in the score.
#[must_use]
pub fn weight(severity: Severity) -> u64 {
    match severity {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Notice => 1,
    }
}

/// The (page URL, rule) outcomes a template defect fails again and again:
/// on every page of a group but its first, where the group's occurrence is
/// the rule's only failure on the page. The score leaves them out, so the
/// defect weighs once.
fn template_repeats(report: &Report) -> BTreeSet<(&str, &str)> {
    let mut first_page: BTreeMap<&str, &str> = BTreeMap::new();
    let mut only_repeats: BTreeMap<(&str, &str), bool> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Failed && f.view.is_served())
    {
        let repeat = f.template.as_deref().is_some_and(|group| {
            *first_page.entry(group).or_insert(f.url.as_str()) != f.url.as_str()
        });
        only_repeats
            .entry((f.url.as_str(), f.rule.as_str()))
            .and_modify(|all| *all &= repeat)
            .or_insert(repeat);
    }
    only_repeats
        .into_iter()
        .filter_map(|(key, all)| all.then_some(key))
        .collect()
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

    // Each site's outcome maps: its own (site rules) and its pages' (with
    // their URL, for the score).
    let mut scored: BTreeMap<&str, Vec<(Option<&str>, &Outcomes)>> = report
        .sites
        .iter()
        .map(|s| (s.id.as_str(), vec![(None, &s.outcomes)]))
        .collect();
    for page in &report.pages {
        scored
            .entry(page.site.as_str())
            .or_default()
            .push((Some(page.url.as_str()), &page.outcomes));
    }
    let maps: BTreeMap<&str, Vec<&Outcomes>> = scored
        .iter()
        .map(|(site, list)| (*site, list.iter().map(|(_, map)| *map).collect()))
        .collect();
    let repeats = template_repeats(report);
    // Adds a map's outcomes to scores, a template defect's repeats left out.
    let add = |scores: &mut [&mut Score], url: Option<&str>, map: &Outcomes| {
        for (rule, outcome) in map.iter() {
            if outcome == Outcome::Failed && url.is_some_and(|url| repeats.contains(&(url, rule))) {
                continue;
            }
            for score in scores.iter_mut() {
                score.add(outcome, w(rule));
            }
        }
    };
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
            for (url, map) in scored.get(site.id.as_str()).into_iter().flatten() {
                add(&mut [&mut score, &mut overall], *url, map);
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
    for (site, list) in &scored {
        if report.sites.iter().all(|s| s.id != *site) {
            for (url, map) in list {
                add(&mut [&mut overall], *url, map);
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
            let mut row = province_row(report, site, outcomes, findings, &severity);
            row.load = load::medians(report.pages.iter().filter(|p| p.site == site.id));
            row
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
        load: load::medians(&report.pages),
        slowest: load::slowest(report),
    }
}
