//! Baselines: the findings a team has accepted, so that CI fails only on new
//! ones. A baseline is matched by fingerprint (rule, site, URL path and query,
//! the element's index-free signature and normalised snippet; no line numbers,
//! no `:nth-of-type`), so it survives unrelated edits elsewhere on a page.
//!
//! `--baseline` takes either an accepted-issues file written by
//! `portal-audit baseline` or a previous `report.json` (every finding in it is
//! accepted). Files and reports written before the fingerprint changed
//! (baseline version 1, report format before 1.4) hold legacy fingerprints: a
//! finding then also matches by [`Finding::legacy_fingerprint`], so last
//! year's baseline keeps working wherever the old selector did not change.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::finding::{BaselineEntry, BaselineState, Finding};
use crate::report::load;
use crate::report::model::Report;
use crate::rules::Outcome;

/// The `format` value of an accepted-issues file.
pub const FORMAT: &str = "portal-audit-baseline";
/// Its version: 2 since fingerprints are index-free (version 1 is still read).
pub const VERSION: u32 = 2;

/// Accepted findings, and where they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The file they were read from.
    pub source: String,
    /// The accepted findings.
    pub entries: Vec<BaselineEntry>,
    /// Whether the fingerprints are of the legacy kind (or some may be).
    pub legacy: bool,
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// A baseline of these entries.
    #[must_use]
    pub fn new(source: String, entries: Vec<BaselineEntry>, legacy: bool) -> Self {
        let fingerprints = entries.iter().map(|e| e.fingerprint.clone()).collect();
        Baseline {
            source,
            entries,
            legacy,
            fingerprints,
        }
    }

    /// Whether this fingerprint is accepted.
    #[must_use]
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    /// The fingerprint by which the baseline accepts `f`, if it does: its own,
    /// else (a legacy baseline) the one it had before format 1.4.
    #[must_use]
    pub fn matching(&self, f: &Finding) -> Option<String> {
        if self.contains(&f.fingerprint) {
            return Some(f.fingerprint.clone());
        }
        if self.legacy {
            let old = f.legacy_fingerprint();
            if self.contains(&old) {
                return Some(old);
            }
        }
        None
    }

    /// Whether the baseline accepts `f`.
    #[must_use]
    pub fn accepts(&self, f: &Finding) -> bool {
        self.matching(f).is_some()
    }

    /// Sets every finding's baseline state, and returns the entries no
    /// finding matched (`absent`: fixed, or gone from the pages checked).
    pub fn mark(&self, findings: &mut [Finding]) -> Vec<BaselineEntry> {
        let mut matched: HashSet<String> = HashSet::new();
        for f in findings.iter_mut() {
            self.mark_one(f, &mut matched);
        }
        self.absent(&matched)
    }

    /// Sets one finding's baseline state, adding the fingerprint it matched
    /// to `matched` ([`Baseline::mark`] one finding at a time).
    pub fn mark_one(&self, f: &mut Finding, matched: &mut HashSet<String>) {
        f.baseline_state = Some(match self.matching(f) {
            Some(fingerprint) => {
                matched.insert(fingerprint);
                BaselineState::Accepted
            }
            None => BaselineState::New,
        });
    }

    /// The entries whose fingerprint is not in `matched`, sorted, each once.
    #[must_use]
    pub fn absent(&self, matched: &HashSet<String>) -> Vec<BaselineEntry> {
        let mut absent: Vec<BaselineEntry> = self
            .entries
            .iter()
            .filter(|e| !matched.contains(&e.fingerprint))
            .cloned()
            .collect();
        absent.sort();
        absent.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        absent
    }

    /// Reads a baseline file or a `report.json`.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read; [`Error::Report`] when it
    /// is neither a baseline nor a report.
    pub fn load(path: &Path) -> Result<Self> {
        /// What the file is, from its top-level keys: the rest is skipped,
        /// not built (a province's report.json runs to tens of megabytes).
        #[derive(Deserialize)]
        struct Kind {
            format: Option<serde_json::Value>,
            schema_version: Option<serde::de::IgnoredAny>,
            findings: Option<serde::de::IgnoredAny>,
        }
        let bytes = load::read(path)?;
        let bad = |message: String| load::invalid(path, message);
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        let kind = match serde_json::from_slice::<Kind>(text) {
            Ok(kind) => Some(kind),
            // Not JSON (said with its line), or JSON that is not an object.
            Err(_) => load::parse_json(path, &bytes).map(|_| None)?,
        };
        let (entries, legacy) = match kind {
            Some(kind) if kind.format.as_ref().and_then(|f| f.as_str()) == Some(FORMAT) => {
                let file: BaselineFile = serde_json::from_slice(text)
                    .map_err(|e| bad(format!("not a baseline: {e}")))?;
                if !(1..=VERSION).contains(&file.version) {
                    return Err(bad(format!(
                        "baseline version {} is not supported (this tool reads versions 1 to {VERSION})",
                        file.version
                    )));
                }
                (file.accepted, file.version < 2)
            }
            Some(kind) if kind.findings.is_some() && kind.schema_version.is_some() => {
                let report = load::from_slice(path, &bytes)?;
                let legacy = load::has_legacy_fingerprints(&report);
                (
                    report.findings.iter().map(BaselineEntry::of).collect(),
                    legacy,
                )
            }
            _ => {
                return Err(bad(
                    "neither a baseline (written by `portal-audit baseline`) nor a report.json"
                        .to_string(),
                ));
            }
        };
        Ok(Baseline::new(path.display().to_string(), entries, legacy))
    }
}

/// The accepted-issues file `portal-audit baseline` writes: JSON, one entry per
/// accepted finding, with enough context for a person to review it in a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The report's reference date.
    pub as_of: chrono::NaiveDate,
    /// The accepted findings, sorted by site, URL, rule and fingerprint.
    pub accepted: Vec<Accepted>,
}

/// One accepted finding.
pub type Accepted = BaselineEntry;

impl BaselineFile {
    /// Accepts every failed finding of a report (cant-tell findings never fail a
    /// gate, so they need no accepting).
    #[must_use]
    pub fn of(report: &Report) -> Self {
        let mut accepted: Vec<Accepted> = report
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Failed)
            .map(BaselineEntry::of)
            .collect();
        accepted.sort();
        accepted.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        BaselineFile {
            format: FORMAT.to_string(),
            // A report of an earlier format holds legacy fingerprints: the
            // file says so, so that they are matched as such.
            version: if load::has_legacy_fingerprints(report) {
                1
            } else {
                VERSION
            },
            as_of: report.run.as_of,
            accepted,
        }
    }

    /// The file as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the baseline always serialises");
        text.push('\n');
        text
    }
}
