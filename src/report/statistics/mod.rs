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
mod tally;
#[cfg(test)]
mod tests;
mod types;

use crate::ruleset::Severity;
pub use tally::Tally;
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

/// `1.4.10` sorts after `1.4.3`.
fn sc_key(sc: &str) -> Vec<u32> {
    sc.split('.').filter_map(|p| p.parse().ok()).collect()
}

/// Computes every number of the report from its rules, outcomes and findings
/// (in the report's order, template keys set): its findings, then its
/// pages, through a [`Tally`], as the report streamed from a store does.
#[must_use]
pub fn compute(report: &super::model::Report) -> Statistics {
    let mut tally = Tally::of_rules(&report.rules);
    for f in &report.findings {
        tally.finding(f);
    }
    for page in &report.pages {
        tally.page(page);
    }
    tally.finish(&report.rules, &report.sites, &report.review)
}
