//! The gate: from findings to pass or fail, for CI and deployments.

use crate::baseline::Baseline;
use crate::report::model::{Finding, GateResult, Report};
use crate::rules::Outcome;

// What fails the gate is said where findings are defined; named from here too.
pub use crate::finding::FailOn;

/// Everything the gate decides on.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The lowest severity that counts.
    pub fail_on: FailOn,
    /// How many counted findings are tolerated (`--max-findings`).
    pub max_findings: usize,
    /// Accepted findings (`--baseline`): those are not counted.
    pub baseline: Option<Baseline>,
}

/// Counts the failed findings at or above the threshold. `cant_tell` findings
/// need a person's review and never fail a gate.
#[must_use]
pub fn evaluate(findings: &[Finding], fail_on: FailOn) -> GateResult {
    evaluate_with(
        findings,
        &Policy {
            fail_on,
            ..Policy::default()
        },
    )
}

/// Counts the failed findings at or above the threshold that the baseline does
/// not accept (matched by fingerprint); the gate fails when more than
/// `max_findings` are counted.
#[must_use]
pub fn evaluate_with(findings: &[Finding], policy: &Policy) -> GateResult {
    let mut counted = 0;
    let mut baselined = 0;
    if let Some(threshold) = policy.fail_on.threshold() {
        for f in findings
            .iter()
            .filter(|f| f.outcome == Outcome::Failed && f.severity >= threshold)
        {
            if policy
                .baseline
                .as_ref()
                .is_some_and(|b| b.accepts(&f.fingerprint))
            {
                baselined += 1;
            } else {
                counted += 1;
            }
        }
    }
    GateResult {
        fail_on: policy.fail_on,
        counted,
        passed: counted <= policy.max_findings,
        max_findings: policy.max_findings,
        baseline: policy.baseline.as_ref().map(|b| b.source.clone()),
        baselined,
    }
}

/// Re-evaluates a report's gate under a policy (after `check` or `audit`, or
/// when re-rendering a stored report).
pub fn apply(report: &mut Report, policy: &Policy) {
    report.gate = evaluate_with(&report.findings, policy);
}
