//! Template defects: the same rule failing on the same element (same
//! index-free signature and snippet) on many pages of one site — a logo
//! without `alt` in a shared header — is one defect to fix once, in the
//! template. Grouped here: one [`TemplateGroup`] with its page list, each
//! occurrence naming its group (`Finding::template`). Every occurrence stays
//! in `findings` in memory; the gate and the score count a group once
//! (the gate unless `--gate-by occurrence`).
//!
//! In `report.json` a group is compact ([`compact`], [`expand`]): `findings`
//! holds its first occurrence in full, and each of its other pages only what
//! its finding has that the first's has not (its fingerprint, a line, a
//! selector…), so 200 pages sharing one defect do not write 200 full
//! findings. Loading puts every finding back, as it was.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::model::{Finding, Report, TemplateGroup, TemplatePage};
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
                message: (*f.message).clone(),
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
            finding: None,
        });
    }
    groups
}

/// Whether a finding is written in full in `report.json`: it is in no group,
/// or it is its group's first occurrence (`seen` holds the groups met so far).
pub fn written_in_full<'a>(f: &'a Finding, seen: &mut BTreeSet<&'a str>) -> bool {
    f.template.as_deref().is_none_or(|group| seen.insert(group))
}

/// The groups as `report.json` holds them: each page but the first with the
/// fields of its finding that differ from the first occurrence's.
#[must_use]
pub fn compact(report: &Report) -> Vec<TemplateGroup> {
    let compact = Compact::of(report);
    (0..report.templates.len())
        .map(|at| compact.group(at))
        .collect()
}

/// [`compact`] one group at a time, as `report.json` writes them: what is
/// kept for all groups is the position of each grouped finding (a number
/// each), not a map of its differing fields — those are made for one group,
/// written, and dropped (at 5 004 pages, 15 MB of maps made before the file
/// was written).
#[derive(Debug)]
pub struct Compact<'a> {
    report: &'a Report,
    /// The positions in `findings` of each group's occurrences, in order.
    members: BTreeMap<&'a str, Vec<usize>>,
}

impl<'a> Compact<'a> {
    /// The groups of `report` and where their occurrences are.
    #[must_use]
    pub fn of(report: &'a Report) -> Self {
        let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (at, f) in report.findings.iter().enumerate() {
            if let Some(group) = f.template.as_deref() {
                members.entry(group).or_default().push(at);
            }
        }
        Self { report, members }
    }

    /// Whether the report has no group.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.report.templates.is_empty()
    }

    /// The groups, each made as it is asked for.
    pub fn groups(&self) -> impl Iterator<Item = TemplateGroup> + '_ {
        (0..self.report.templates.len()).map(|at| self.group(at))
    }

    /// The group at `at` in `templates`, each page but the first with the
    /// fields of its finding that differ from the first occurrence's.
    #[must_use]
    pub fn group(&self, at: usize) -> TemplateGroup {
        let mut group = self.report.templates[at].clone();
        let members = self
            .members
            .get(group.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let findings = &self.report.findings;
        let (kept, rest) = match members.split_first() {
            Some((&first, rest)) => (fields(&findings[first]), rest),
            None => (Map::new(), &[][..]),
        };
        let mut differing = rest
            .iter()
            .map(|&at| differences(&kept, &fields(&findings[at])));
        // The first page is the finding kept in full.
        for page in group.pages.iter_mut().skip(1) {
            page.finding = differing.next();
        }
        group
    }
}

/// Puts back the occurrences `report.json` kept compactly (format 1.5; a
/// report of 1.4 holds every finding already), in the report's order.
///
/// # Errors
/// What is wrong when a page's fields do not make a finding.
pub fn expand(report: &mut Report) -> Result<(), String> {
    let compacted = report
        .templates
        .iter()
        .any(|g| g.pages.iter().any(|p| p.finding.is_some()));
    if !compacted {
        return Ok(());
    }
    let mut first: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for f in &report.findings {
        if let Some(group) = &f.template {
            first.entry(group.clone()).or_insert_with(|| fields(f));
        }
    }
    let mut added = Vec::new();
    for group in &mut report.templates {
        for page in &mut group.pages {
            let Some(differing) = page.finding.take() else {
                continue;
            };
            let mut object = first.get(&group.id).cloned().ok_or_else(|| {
                format!(
                    "template {}: its first occurrence is not in `findings`",
                    group.id
                )
            })?;
            object.insert("url".into(), Value::from(page.url.clone()));
            object.insert("line".into(), page.line.map_or(Value::Null, Value::from));
            for (key, value) in differing {
                if value.is_null() {
                    object.remove(&key);
                } else {
                    object.insert(key, value);
                }
            }
            let finding: Finding = serde_json::from_value(Value::Object(object))
                .map_err(|e| format!("template {}, page {}: {e}", group.id, page.url))?;
            added.push(finding);
        }
    }
    report.findings.extend(added);
    super::sort_findings(&mut report.findings);
    Ok(())
}

/// A finding's fields as `report.json` writes them.
fn fields(f: &Finding) -> Map<String, Value> {
    match serde_json::to_value(f) {
        Ok(Value::Object(map)) => map,
        _ => unreachable!("a finding serialises as an object"),
    }
}

/// The fields of `this` that differ from `kept` (`null` for one `this`
/// lacks); its page and line are the page's own.
fn differences(kept: &Map<String, Value>, this: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in this {
        if key != "url" && key != "line" && kept.get(key) != Some(value) {
            out.insert(key.clone(), value.clone());
        }
    }
    for key in kept.keys() {
        if !this.contains_key(key) {
            out.insert(key.clone(), Value::Null);
        }
    }
    out
}
