//! Baselines: the findings a team has accepted, so that CI fails only on new
//! ones. A baseline is matched by fingerprint (rule, site, URL path, selector
//! and normalised snippet; no line numbers), so it survives unrelated edits
//! elsewhere on a page.
//!
//! `--baseline` takes either an accepted-issues file written by
//! `portal-audit baseline` or a previous `report.json` (every finding in it is
//! accepted).

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::report::load;
use crate::report::model::Report;
use crate::rules::Outcome;

/// The `format` value of an accepted-issues file.
pub const FORMAT: &str = "portal-audit-baseline";
/// Its version.
pub const VERSION: u32 = 1;

/// Accepted fingerprints, and where they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The file they were read from.
    pub source: String,
    /// The accepted fingerprints.
    pub fingerprints: BTreeSet<String>,
}

impl Baseline {
    /// Whether a finding with this fingerprint is accepted.
    #[must_use]
    pub fn accepts(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    /// Reads a baseline file or a `report.json`.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read; [`Error::Report`] when it
    /// is neither a baseline nor a report.
    pub fn load(path: &Path) -> Result<Self> {
        let value = load::parse_json(path, &load::read(path)?)?;
        let bad = |message: String| load::invalid(path, message);
        let fingerprints = if value.get("format").and_then(|f| f.as_str()) == Some(FORMAT) {
            let file: BaselineFile =
                serde_json::from_value(value).map_err(|e| bad(format!("not a baseline: {e}")))?;
            if file.version != VERSION {
                return Err(bad(format!(
                    "baseline version {} is not supported (this tool reads version {VERSION})",
                    file.version
                )));
            }
            file.accepted.into_iter().map(|a| a.fingerprint).collect()
        } else if value.get("findings").is_some() && value.get("schema_version").is_some() {
            let report = load::from_json(value).map_err(bad)?;
            report.findings.into_iter().map(|f| f.fingerprint).collect()
        } else {
            return Err(bad(
                "neither a baseline (written by `portal-audit baseline`) nor a report.json"
                    .to_string(),
            ));
        };
        Ok(Baseline {
            source: path.display().to_string(),
            fingerprints,
        })
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Accepted {
    /// Site id.
    pub site: String,
    /// Page URL or path.
    pub url: String,
    /// Rule id.
    pub rule: String,
    /// Selector, when the finding is about an element.
    pub selector: Option<String>,
    /// The finding's fingerprint: what is matched.
    pub fingerprint: String,
}

impl BaselineFile {
    /// Accepts every failed finding of a report (cant-tell findings never fail a
    /// gate, so they need no accepting).
    #[must_use]
    pub fn of(report: &Report) -> Self {
        let mut accepted: Vec<Accepted> = report
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Failed)
            .map(|f| Accepted {
                site: f.site.clone(),
                url: f.url.clone(),
                rule: f.rule.clone(),
                selector: f.selector.clone(),
                fingerprint: f.fingerprint.clone(),
            })
            .collect();
        accepted.sort();
        accepted.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        BaselineFile {
            format: FORMAT.to_string(),
            version: VERSION,
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
