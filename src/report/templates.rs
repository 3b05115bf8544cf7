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
    let mut pages = KeyPages::default();
    let keys: Vec<Option<String>> = findings.iter().map(|f| pages.add(f)).collect();
    keys.into_iter()
        .map(|key| key.filter(|k| pages.is_grouped(k)))
        .collect()
}

/// A finding's template key when it is a failure with an element (whether
/// its element fails on enough pages to make a group is [`KeyPages`]'s to say).
#[must_use]
pub fn candidate_key(f: &Finding) -> Option<String> {
    (f.outcome == Outcome::Failed)
        .then(|| template_key(f))
        .flatten()
}

/// The distinct pages each template key fails on, counted up to
/// [`MIN_PAGES`] (a hash of each URL): what says which keys make a group,
/// read one finding at a time in any order.
#[derive(Debug, Default)]
pub struct KeyPages(std::collections::HashMap<String, Vec<u64>>);

impl KeyPages {
    /// Adds a finding, returning its candidate key ([`candidate_key`]).
    pub fn add(&mut self, f: &Finding) -> Option<String> {
        use std::hash::{Hash, Hasher};
        let key = candidate_key(f)?;
        let pages = self.0.entry(key.clone()).or_default();
        if pages.len() < MIN_PAGES {
            let mut hasher = std::hash::DefaultHasher::new();
            f.url.hash(&mut hasher);
            let url = hasher.finish();
            if !pages.contains(&url) {
                pages.push(url);
            }
        }
        Some(key)
    }

    /// Whether a key fails on at least [`MIN_PAGES`] pages.
    #[must_use]
    pub fn is_grouped(&self, key: &str) -> bool {
        self.0
            .get(key)
            .is_some_and(|pages| pages.len() >= MIN_PAGES)
    }

    /// The keys that make a group.
    #[must_use]
    pub fn grouped(self) -> BTreeSet<String> {
        self.0
            .into_iter()
            .filter(|(_, pages)| pages.len() >= MIN_PAGES)
            .map(|(key, _)| key)
            .collect()
    }
}

/// Sets each finding's `template` and returns the groups, in the order of
/// their first occurrence.
pub fn group(findings: &mut [Finding]) -> Vec<TemplateGroup> {
    let keys = keys(findings);
    let mut groups = Groups::default();
    for (f, key) in findings.iter_mut().zip(keys) {
        f.template = key;
        groups.add(f);
    }
    groups.finish()
}

/// The template groups as the findings (their `template` set) are read one
/// at a time, in the report's order ([`group`]).
#[derive(Debug, Default)]
pub struct Groups {
    groups: Vec<TemplateGroup>,
    index: BTreeMap<String, usize>,
}

impl Groups {
    /// Adds a finding to its group, if it has one; returns the group's
    /// position in the groups.
    pub fn add(&mut self, f: &Finding) -> Option<usize> {
        let key = f.template.as_ref()?;
        let at = match self.index.get(key) {
            Some(&at) => at,
            None => {
                self.index.insert(key.clone(), self.groups.len());
                self.groups.push(TemplateGroup {
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
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[at];
        group.count += 1;
        group.pages.push(TemplatePage {
            url: f.url.clone(),
            line: f.line,
            finding: None,
        });
        Some(at)
    }

    /// The groups, in the order of their first occurrence.
    #[must_use]
    pub fn finish(self) -> Vec<TemplateGroup> {
        self.groups
    }
}

/// Whether a finding is written in full in `report.json`: it is in no group,
/// or it is its group's first occurrence (`seen` holds the groups met so far).
pub fn written_in_full(f: &Finding, seen: &mut BTreeSet<String>) -> bool {
    f.template
        .as_deref()
        .is_none_or(|group| !seen.contains(group) && seen.insert(group.to_string()))
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
        let group = &self.report.templates[at];
        let members = self
            .members
            .get(group.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        compacted(group, members.iter().map(|&at| &self.report.findings[at]))
    }
}

/// `group` with each page but the first given the fields of its finding
/// (`members`: the group's occurrences, in order) that differ from the
/// first occurrence's.
pub fn compacted<F: std::borrow::Borrow<Finding>>(
    group: &TemplateGroup,
    members: impl IntoIterator<Item = F>,
) -> TemplateGroup {
    let mut compactor = Compactor::new(group);
    for f in members {
        compactor.add(f.borrow());
    }
    compactor.finish()
}

/// [`compacted`] one occurrence at a time.
#[derive(Debug)]
pub struct Compactor {
    group: TemplateGroup,
    /// The first occurrence's fields.
    kept: Option<Map<String, Value>>,
    /// The occurrences added.
    added: usize,
}

impl Compactor {
    /// For this group (its pages without their fields).
    #[must_use]
    pub fn new(group: &TemplateGroup) -> Self {
        Self {
            group: group.clone(),
            kept: None,
            added: 0,
        }
    }

    /// Adds the group's next occurrence.
    pub fn add(&mut self, f: &Finding) {
        let this = fields(f);
        match &self.kept {
            // The first page is the finding kept in full.
            None => self.kept = Some(this),
            Some(kept) => {
                if let Some(page) = self.group.pages.get_mut(self.added) {
                    page.finding = Some(differences(kept, &this));
                }
            }
        }
        self.added += 1;
    }

    /// The group, compact.
    #[must_use]
    pub fn finish(self) -> TemplateGroup {
        self.group
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
