//! The score shown by the HTML and Markdown reports, in one place so both agree.
//!
//! **Formula.** Each (page, rule) and (site, rule) outcome weighs its rule's
//! severity: error 3, warning 2, notice 1. The score is the weighted share of
//! applicable outcomes that passed:
//!
//! ```text
//! score = 100 × Σ weight(passed) / Σ weight(passed + failed)
//! ```
//!
//! `inapplicable` outcomes are not counted (nothing was there to judge) and
//! `cant_tell` outcomes are not counted either (a person must decide them;
//! they are listed for manual review). With no applicable outcome there is no
//! score.

use std::collections::BTreeMap;

use super::model::Report;
use crate::rules::Outcome;
use crate::ruleset::Severity;

/// The weight of a severity in the score.
#[must_use]
pub fn weight(severity: Severity) -> u64 {
    match severity {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Notice => 1,
    }
}

/// Weighted passed and applicable sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Σ weight of passed outcomes.
    pub passed: u64,
    /// Σ weight of passed and failed outcomes.
    pub applicable: u64,
}

impl Tally {
    /// The score in percent, if anything was applicable.
    #[must_use]
    pub fn percent(self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss, reason = "weights are small integers")]
        (self.applicable > 0).then(|| 100.0 * self.passed as f64 / self.applicable as f64)
    }

    /// The score as text with one decimal, or `—`.
    #[must_use]
    pub fn text(self) -> String {
        self.percent()
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
}

/// The tally of every site (by site id) and the overall one.
#[must_use]
pub fn tallies(report: &Report) -> (BTreeMap<String, Tally>, Tally) {
    let severity: BTreeMap<&str, Severity> = report
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.severity))
        .collect();
    let w = |rule: &str| severity.get(rule).copied().map_or(0, weight);
    let mut sites: BTreeMap<String, Tally> = report
        .sites
        .iter()
        .map(|s| (s.id.clone(), Tally::default()))
        .collect();
    let mut overall = Tally::default();
    for site in &report.sites {
        for (rule, outcome) in site.outcomes.iter() {
            sites
                .entry(site.id.clone())
                .or_default()
                .add(outcome, w(rule));
            overall.add(outcome, w(rule));
        }
    }
    for page in &report.pages {
        for (rule, outcome) in page.outcomes.iter() {
            sites
                .entry(page.site.clone())
                .or_default()
                .add(outcome, w(rule));
            overall.add(outcome, w(rule));
        }
    }
    (sites, overall)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_share_of_applicable() {
        let mut t = Tally::default();
        t.add(Outcome::Passed, 3);
        t.add(Outcome::Failed, 1);
        t.add(Outcome::CantTell, 3);
        t.add(Outcome::Inapplicable, 3);
        assert_eq!(
            t,
            Tally {
                passed: 3,
                applicable: 4
            }
        );
        assert_eq!(t.text(), "75.0");
        assert_eq!(Tally::default().text(), "—");
    }
}
