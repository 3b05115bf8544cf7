//! What the rules tell: the ACT outcome of a rule on a page or a site, and
//! a finding (one failed or cant-tell occurrence, with its metadata). Made by
//! the rule engine, kept by the store, gated, and presented by every report
//! format; below all of them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ruleset::{AppliedBasis, Family, Localized, Severity};

/// The outcome of a rule on a page or site, in the W3C ACT vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applicable and nothing wrong was found.
    Passed,
    /// Applicable and at least one occurrence fails.
    Failed,
    /// Applicable, but a person must decide ("needs review").
    CantTell,
    /// Nothing to look at: never counted as a pass.
    Inapplicable,
}

impl Outcome {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::CantTell => "cant_tell",
            Outcome::Inapplicable => "inapplicable",
        }
    }
}

/// Which view of a page a finding or an outcome comes from: the HTML as
/// served, or the DOM a browser built from it (`--render chromium`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The bytes the server sent.
    #[default]
    Served,
    /// The DOM after the browser ran the page's scripts.
    Rendered,
}

impl View {
    /// Whether this is the served view (the default, left out of reports).
    #[must_use]
    pub fn is_served(&self) -> bool {
        *self == View::Served
    }
}

/// One failed or cant-tell occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Family (absent only for rules without metadata, which a test forbids).
    pub family: Option<Family>,
    /// `failed` or `cant_tell`.
    pub outcome: Outcome,
    /// Severity.
    pub severity: Severity,
    /// Site id.
    pub site: String,
    /// Page URL or path.
    pub url: String,
    /// Unique CSS selector.
    pub selector: Option<String>,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column.
    pub column: Option<u64>,
    /// Outer HTML, truncated.
    pub snippet: Option<String>,
    /// The message in both languages.
    pub message: Localized,
    /// Legal bases in force on the reference date.
    pub legal: Vec<AppliedBasis>,
    /// WCAG criteria.
    pub wcag: Vec<String>,
    /// The values in the message.
    pub args: BTreeMap<String, String>,
    /// Stable hash for baselines.
    pub fingerprint: String,
    /// The view of the page it was found in (absent: served).
    #[serde(default, skip_serializing_if = "View::is_served")]
    pub view: View,
}

/// The lowest severity of a failed finding that fails the gate.
/// `error`, `warning`, `notice` or `never` on the command line (`--fail-on`),
/// in `audit.toml` and in reports, by these derives alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    /// Errors fail.
    #[default]
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Every failed finding fails.
    Notice,
    /// Nothing fails.
    Never,
}

impl FailOn {
    /// The id used on the command line and in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Notice => "notice",
            FailOn::Never => "never",
        }
    }

    /// The lowest severity that counts; `None` for `never`.
    #[must_use]
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Notice => Some(Severity::Notice),
            FailOn::Never => None,
        }
    }
}

impl std::fmt::Display for FailOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
