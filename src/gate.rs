//! The gate: from findings to pass or fail, for CI and deployments.

use serde::{Deserialize, Serialize};

use crate::report::model::{Finding, GateResult};
use crate::rules::Outcome;
use crate::ruleset::Severity;

/// The lowest severity of a failed finding that fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Notice => Some(Severity::Notice),
            FailOn::Never => None,
        }
    }
}

/// Counts the failed findings at or above the threshold. `cant_tell` findings
/// need a person's review and never fail a gate.
#[must_use]
pub fn evaluate(findings: &[Finding], fail_on: FailOn) -> GateResult {
    let counted = fail_on.threshold().map_or(0, |threshold| {
        findings
            .iter()
            .filter(|f| f.outcome == Outcome::Failed && f.severity >= threshold)
            .count()
    });
    GateResult {
        fail_on: fail_on.id().to_string(),
        counted,
        passed: counted == 0,
    }
}
