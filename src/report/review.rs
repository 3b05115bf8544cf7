//! The manual review checklist: cant-tell findings grouped **once per site,
//! rule and pattern**, so the annual review gets a short list of things a
//! person must judge, not a row per page.
//!
//! A *pattern* is what the person judges, named by the rule's `review_by`
//! (in `rulesets/*.toml`): the finding `args` whose values say it. Two
//! cant-tell findings of a rule on a site are one item when those values are
//! equal after NFC, lower-casing and white-space folding:
//!
//! - `review_by` absent: every value (only occurrences with the same message
//!   group — a safe default: nothing different is ever merged);
//! - `review_by = []`: the rule itself is the pattern (one item per site);
//! - `review_by = ["phrase"]`: the named values, e.g. the same generic link text
//!   "xem thêm" is judged once however many pages repeat it; a finding without
//!   the value belongs to the item of the rule alone.
//!
//! Nothing is lost: every occurrence stays in `findings`, and the item keeps
//! the count, the number of pages and every location (URL, selector, line,
//! column, fingerprint). Items are built in [`super::assemble`], which both
//! `check` and `audit` (from its store) use; a saved report.json keeps them.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::model::{Finding, Report, ReviewItem, ReviewLocation};
use crate::rules::Outcome;
use crate::ruleset::Ruleset;

/// What makes two occurrences one item: site, rule and the folded pattern.
type Key = (String, String, Vec<(String, String)>);

/// Groups the cant-tell findings into review items, in the order of their
/// first occurrence (the report's finding order: site, URL, line).
#[must_use]
pub fn group(findings: &[Finding], ruleset: &Ruleset) -> Vec<ReviewItem> {
    let mut items = Items::default();
    for f in findings {
        items.add(f, ruleset);
    }
    items.finish()
}

/// The review items as the findings are read one at a time ([`group`]).
#[derive(Debug, Default)]
pub struct Items {
    index: BTreeMap<Key, usize>,
    items: Vec<ReviewItem>,
    urls: Vec<std::collections::BTreeSet<String>>,
}

impl Items {
    /// Adds a finding (nothing unless it is cant-tell).
    pub fn add(&mut self, f: &Finding, ruleset: &Ruleset) {
        if f.outcome != Outcome::CantTell {
            return;
        }
        let review_by = ruleset.rule(&f.rule).and_then(|m| m.review_by.as_deref());
        let pattern: BTreeMap<String, String> = match review_by {
            None => (*f.args).clone(),
            Some(names) => names
                .iter()
                .filter_map(|n| f.args.get(n).map(|v| (n.clone(), v.clone())))
                .collect(),
        };
        let key_pattern: Vec<(String, String)> =
            pattern.iter().map(|(k, v)| (k.clone(), fold(v))).collect();
        let key = (f.site.clone(), f.rule.clone(), key_pattern);
        let at = if let Some(at) = self.index.get(&key) {
            *at
        } else {
            let id = id(&key.0, &key.1, &key.2);
            self.index.insert(key, self.items.len());
            self.items.push(ReviewItem {
                id,
                site: f.site.clone(),
                rule: f.rule.clone(),
                family: f.family,
                severity: f.severity,
                pattern,
                message: (*f.message).clone(),
                count: 0,
                pages: 0,
                locations: Vec::new(),
                decision: None,
            });
            self.urls.push(std::collections::BTreeSet::new());
            self.items.len() - 1
        };
        let item = &mut self.items[at];
        item.count += 1;
        item.locations.push(ReviewLocation {
            url: f.url.clone(),
            selector: f.selector.clone(),
            line: f.line,
            column: f.column,
            fingerprint: f.fingerprint.clone(),
        });
        if self.urls[at].insert(f.url.clone()) {
            item.pages += 1;
        }
    }

    /// The items, in the order of their first occurrence.
    #[must_use]
    pub fn finish(self) -> Vec<ReviewItem> {
        self.items
    }
}

/// A value as the pattern compares it: NFC, lower case, white space collapsed.
fn fold(value: &str) -> String {
    let lower: String = value.nfc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable id: the first 16 hex digits of SHA-256 over site, rule and pattern.
fn id(site: &str, rule: &str, pattern: &[(String, String)]) -> String {
    let mut hasher = Sha256::new();
    for part in [site, rule] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    for (k, v) in pattern {
        hasher.update(k.as_bytes());
        hasher.update([1]);
        hasher.update(v.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One distinct text of a review item: what a person reads and judges, with
/// how often it occurs and one page where it can be seen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DistinctText {
    /// The text as its first occurrence wrote it.
    pub text: String,
    /// Occurrences with this text (after folding: NFC, case, white space).
    pub count: usize,
    /// One page where it occurs: the first.
    pub url: String,
}

/// The distinct texts (the finding arg `text`) behind each review item, by
/// item id, most frequent first: a link-text item is judged by its texts, not
/// by the list of pages repeating the same navigation link. The rule's
/// one-per-page item gives the page's first unclear link as `text` (a report
/// of an earlier version wrote "Trang chủ (+24)", the number of others; that
/// count suffix is dropped here), so the same first link on every page is
/// one text. Items whose occurrences have no
/// `text` are absent. Built in one pass over the findings.
#[must_use]
pub fn distinct_texts(report: &Report) -> BTreeMap<String, Vec<DistinctText>> {
    let mut texts = LocationTexts::default();
    for f in &report.findings {
        texts.add(f);
    }
    texts.distinct(&report.review)
}

/// The `text` of each cant-tell occurrence, by (site, rule, fingerprint),
/// gathered one finding at a time (a report streamed from its store):
/// [`distinct_texts`] of the findings added.
#[derive(Debug, Default)]
pub struct LocationTexts {
    by_location: std::collections::HashMap<(String, String, String), String>,
}

impl LocationTexts {
    /// Keeps the first `text` of a cant-tell finding's location.
    pub fn add(&mut self, f: &Finding) {
        if f.outcome != Outcome::CantTell {
            return;
        }
        if let Some(text) = f.args.get("text") {
            self.by_location
                .entry((f.site.clone(), f.rule.clone(), f.fingerprint.clone()))
                .or_insert_with(|| text.clone());
        }
    }

    /// [`distinct_texts`] of the review items `review`.
    #[must_use]
    pub fn distinct(&self, review: &[ReviewItem]) -> BTreeMap<String, Vec<DistinctText>> {
        let mut out = BTreeMap::new();
        for item in review {
            let mut texts: Vec<DistinctText> = Vec::new();
            let mut index: BTreeMap<String, usize> = BTreeMap::new();
            for l in &item.locations {
                let Some(text) = self.by_location.get(&(
                    item.site.clone(),
                    item.rule.clone(),
                    l.fingerprint.clone(),
                )) else {
                    continue;
                };
                let text = without_count(text);
                let key = fold(text);
                match index.get(&key) {
                    Some(&at) => texts[at].count += 1,
                    None => {
                        index.insert(key, texts.len());
                        texts.push(DistinctText {
                            text: text.to_string(),
                            count: 1,
                            url: l.url.clone(),
                        });
                    }
                }
            }
            if !texts.is_empty() {
                // Most frequent first; equal counts keep their first-seen order.
                texts.sort_by_key(|t| std::cmp::Reverse(t.count));
                out.insert(item.id.clone(), texts);
            }
        }
        out
    }
}

/// A text without the rule's trailing "(+N)" count of other links.
fn without_count(text: &str) -> &str {
    text.strip_suffix(')')
        .and_then(|t| t.rsplit_once(" (+"))
        .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .map_or(text, |(t, _)| t)
}

/// The report's id, which keeps a person's review choices apart from another
/// report's in the browser (`localStorage`): the first 16 hex digits of
/// SHA-256 over the command, the inputs and the start time. Rendering the
/// report again (`report`, with or without decisions) keeps it.
#[must_use]
pub fn report_id(report: &Report) -> String {
    let mut hasher = Sha256::new();
    for part in std::iter::once(&report.run.command)
        .chain(&report.run.inputs)
        .chain(std::iter::once(&report.run.started_at))
    {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fold_case_space_and_composition() {
        assert_eq!(fold("  Xem\u{0020}THÊM "), "xem thêm");
        // "ê" + combining acute (NFD) folds like the precomposed "ế".
        assert_eq!(fold("Tiê\u{0301}p"), fold("tiếp"));
    }

    #[test]
    fn the_count_of_other_links_is_not_part_of_the_text() {
        assert_eq!(without_count("Trang chủ (+24)"), "Trang chủ");
        assert_eq!(without_count("Trang chủ"), "Trang chủ");
        assert_eq!(without_count("Bảng (+a)"), "Bảng (+a)");
        assert_eq!(without_count("(+3)"), "(+3)");
        assert_eq!(without_count("Năm (2026)"), "Năm (2026)");
    }

    #[test]
    fn ids_depend_on_every_part() {
        let p = vec![("phrase".to_string(), "xem thêm".to_string())];
        let a = id("portal", "link-text-generic", &p);
        assert_eq!(a.len(), 16);
        assert_ne!(a, id("sotnmt", "link-text-generic", &p));
        assert_ne!(a, id("portal", "link-text-generic", &[]));
        assert_eq!(a, id("portal", "link-text-generic", &p));
    }
}

/// A review-decisions file (`report --review-decisions FILE`): the decisions
/// a person took on review items, by the item's id (stable across audits:
/// site, rule and pattern), as the browser's "Tải kết quả kiểm tra thủ công"
/// writes them: `{"decisions": [{"id": "…", "verdict": "passed", "note": "…"}]}`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct DecisionsFile {
    /// The decisions.
    pub decisions: Vec<DecisionEntry>,
}

/// One decision of a [`DecisionsFile`].
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct DecisionEntry {
    /// The review item's id.
    pub id: String,
    /// `passed` or `failed`.
    pub verdict: super::model::Verdict,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Merges decisions into a report's review items (a later decision for the
/// same id wins), returning the ids no item of the report has (an item fixed
/// since, or a decision meant for another report).
pub fn apply_decisions(report: &mut Report, file: &DecisionsFile) -> Vec<String> {
    let mut unknown = Vec::new();
    for entry in &file.decisions {
        match report.review.iter_mut().find(|item| item.id == entry.id) {
            Some(item) => {
                item.decision = Some(super::model::ReviewDecision {
                    verdict: entry.verdict,
                    note: entry.note.clone().filter(|n| !n.trim().is_empty()),
                });
            }
            None => unknown.push(entry.id.clone()),
        }
    }
    unknown
}
