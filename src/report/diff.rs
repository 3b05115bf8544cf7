//! Comparing two reports of the same scope: which findings are new, which were
//! fixed and which are unchanged, per site and rule. Findings are matched by
//! fingerprint, so moving an element down the page does not make it "new".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::model::{Finding, Report};
use crate::messages;
use crate::ruleset::Lang;

/// The comparison of one rule on one site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleDiff {
    /// Site id.
    pub site: String,
    /// Rule id.
    pub rule: String,
    /// Findings in the new report only.
    pub new: Vec<Finding>,
    /// Findings in the old report only.
    pub fixed: Vec<Finding>,
    /// How many findings are in both.
    pub unchanged: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// One entry per (site, rule) with any finding in either report, sorted.
    pub rules: Vec<RuleDiff>,
    /// Total new findings.
    pub new: usize,
    /// Total fixed findings.
    pub fixed: usize,
    /// Total unchanged findings.
    pub unchanged: usize,
}

impl Diff {
    /// The totals of one site: (new, fixed, unchanged).
    #[must_use]
    pub fn site_totals(&self, site: &str) -> (usize, usize, usize) {
        self.rules
            .iter()
            .filter(|r| r.site == site)
            .fold((0, 0, 0), |(n, f, u), r| {
                (n + r.new.len(), f + r.fixed.len(), u + r.unchanged)
            })
    }
}

/// Compares `old` with `new`: every finding, failed or cant-tell.
#[must_use]
pub fn diff(old: &Report, new: &Report) -> Diff {
    diff_where(old, new, |_| true)
}

/// Compares the failed findings of `old` and `new` only: items for manual
/// review are not new defects (the report's trend).
#[must_use]
pub fn diff_failed(old: &Report, new: &Report) -> Diff {
    diff_where(old, new, |f| f.outcome == crate::rules::Outcome::Failed)
}

fn diff_where(old: &Report, new: &Report, keep: fn(&Finding) -> bool) -> Diff {
    type Key = (String, String);
    let group = |report: &Report| {
        let mut groups: BTreeMap<Key, Vec<Finding>> = BTreeMap::new();
        for f in report.findings.iter().filter(|f| keep(f)) {
            groups
                .entry((f.site.clone(), f.rule.clone()))
                .or_default()
                .push(f.clone());
        }
        groups
    };
    // A report of an earlier format holds legacy fingerprints: the new
    // report's findings are then matched by theirs (as baselines are).
    let legacy =
        super::load::has_legacy_fingerprints(old) && !super::load::has_legacy_fingerprints(new);
    let key_of = |f: &Finding| {
        if legacy {
            f.legacy_fingerprint()
        } else {
            f.fingerprint.clone()
        }
    };
    let old_groups = group(old);
    let new_groups = group(new);
    let keys: BTreeSet<&Key> = old_groups.keys().chain(new_groups.keys()).collect();
    let mut result = Diff::default();
    for key in keys {
        let before = old_groups.get(key).map_or(&[][..], Vec::as_slice);
        let after = new_groups.get(key).map_or(&[][..], Vec::as_slice);
        // Multiset matching: each old fingerprint matches one new finding.
        let mut remaining: BTreeMap<String, usize> = BTreeMap::new();
        for f in before {
            *remaining.entry(f.fingerprint.clone()).or_default() += 1;
        }
        let mut entry = RuleDiff {
            site: key.0.clone(),
            rule: key.1.clone(),
            ..RuleDiff::default()
        };
        for f in after {
            match remaining.get_mut(&key_of(f)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    entry.unchanged += 1;
                }
                _ => entry.new.push(f.clone()),
            }
        }
        for f in before {
            if let Some(count) = remaining.get_mut(f.fingerprint.as_str())
                && *count > 0
            {
                *count -= 1;
                entry.fixed.push(f.clone());
            }
        }
        result.new += entry.new.len();
        result.fixed += entry.fixed.len();
        result.unchanged += entry.unchanged;
        result.rules.push(entry);
    }
    result
}

/// The comparison as text for the terminal.
#[must_use]
pub fn render_text(diff: &Diff, lang: Lang) -> String {
    let totals = |new: usize, fixed: usize, unchanged: usize| {
        [
            ("new", new.to_string()),
            ("fixed", fixed.to_string()),
            ("unchanged", unchanged.to_string()),
        ]
    };
    let text = |key: &str, values: &[(&str, String)]| {
        let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        messages::text(key, lang, &args)
    };
    let mut out = String::new();
    let mut site = None;
    for r in &diff.rules {
        if site != Some(&r.site) {
            let (n, f, u) = diff.site_totals(&r.site);
            let _ = writeln!(
                out,
                "\n{}  ({})",
                r.site,
                text("diff.site", &totals(n, f, u))
            );
            site = Some(&r.site);
        }
        let _ = writeln!(
            out,
            "  {:<28} +{:<4} -{:<4} ={}",
            r.rule,
            r.new.len(),
            r.fixed.len(),
            r.unchanged
        );
        for (mark, list) in [('+', &r.new), ('-', &r.fixed)] {
            for f in list {
                let place = f
                    .line
                    .map_or_else(|| f.url.clone(), |l| format!("{}:{l}", f.url));
                let _ = writeln!(
                    out,
                    "      {mark} {place}  {}",
                    f.selector.as_deref().unwrap_or("")
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        text("diff.total", &totals(diff.new, diff.fixed, diff.unchanged))
    );
    out
}
