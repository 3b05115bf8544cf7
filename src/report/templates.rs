//! Template defects: the same rule failing on the same element (same
//! index-free signature and snippet) on many pages of one site — a logo
//! without `alt` in a shared header — is one defect to fix once, in the
//! template. Grouped here: one [`TemplateGroup`] with its page list, each
//! occurrence naming its group (`Finding::template`). Every occurrence stays
//! in `findings`; the gate counts a group once unless `--gate-by occurrence`.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Finding, TemplateGroup, TemplatePage};
use crate::finding::template_key;
use crate::rules::Outcome;

/// The fewest distinct pages of a site that make a failure a template defect.
pub const MIN_PAGES: usize = 3;

/// The template key of each failed finding whose element fails on at least
/// [`MIN_PAGES`] pages of its site (`None` for the others), in order.
#[must_use]
pub fn keys(findings: &[Finding]) -> Vec<Option<String>> {
    let keys: Vec<Option<String>> = findings
        .iter()
        .map(|f| {
            (f.outcome == Outcome::Failed)
                .then(|| template_key(f))
                .flatten()
        })
        .collect();
    let mut pages: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (f, key) in findings.iter().zip(&keys) {
        if let Some(key) = key {
            pages
                .entry(key.as_str())
                .or_default()
                .insert(f.url.as_str());
        }
    }
    let grouped: BTreeSet<String> = pages
        .into_iter()
        .filter(|(_, urls)| urls.len() >= MIN_PAGES)
        .map(|(key, _)| key.to_string())
        .collect();
    keys.into_iter()
        .map(|key| key.filter(|k| grouped.contains(k)))
        .collect()
}

/// Sets each finding's `template` and returns the groups, in the order of
/// their first occurrence.
pub fn group(findings: &mut [Finding]) -> Vec<TemplateGroup> {
    let keys = keys(findings);
    let mut groups: Vec<TemplateGroup> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (f, key) in findings.iter_mut().zip(keys) {
        f.template.clone_from(&key);
        let Some(key) = key else { continue };
        let at = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(TemplateGroup {
                id: key.clone(),
                site: f.site.clone(),
                rule: f.rule.clone(),
                severity: f.severity,
                signature: f.signature.clone().unwrap_or_default(),
                snippet: f.snippet.clone(),
                message: f.message.clone(),
                count: 0,
                pages: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        group.count += 1;
        group.pages.push(TemplatePage {
            url: f.url.clone(),
            line: f.line,
        });
    }
    groups
}
