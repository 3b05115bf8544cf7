//! The gate: from findings to pass or fail, for CI and deployments.

use std::collections::HashSet;

use crate::baseline::Baseline;
use crate::finding::{BaselineState, GateBy};
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
    /// A template defect counted once (`group`, the default) or per occurrence.
    pub gate_by: GateBy,
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
/// not accept (matched by fingerprint) — a template defect once, unless
/// `gate_by` is `occurrence`; the gate fails when more than `max_findings`
/// are counted. Findings already marked by a baseline ([`mark`]) are counted
/// by their state.
#[must_use]
pub fn evaluate_with(findings: &[Finding], policy: &Policy) -> GateResult {
    // A template defect (one element failing on many pages of a site) is one
    // unit, unless every occurrence is asked for.
    let keys = match policy.gate_by {
        GateBy::Group => crate::report::templates::keys(findings),
        GateBy::Occurrence => vec![None; findings.len()],
    };
    let mut counter = Counter::new(policy.clone());
    for (f, key) in findings.iter().zip(&keys) {
        counter.add(f, key.as_deref());
    }
    counter.finish()
}

/// The gate's counts as findings are read one at a time ([`evaluate_with`]).
#[derive(Debug)]
pub struct Counter {
    policy: Policy,
    counted_groups: HashSet<String>,
    baselined_groups: HashSet<String>,
    counted: usize,
    baselined: usize,
}

impl Counter {
    /// Counts under `policy`.
    #[must_use]
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            counted_groups: HashSet::new(),
            baselined_groups: HashSet::new(),
            counted: 0,
            baselined: 0,
        }
    }

    /// Counts a finding whose template group (when the gate counts groups
    /// once) is `key`.
    pub fn add(&mut self, f: &Finding, key: Option<&str>) {
        let Some(threshold) = self.policy.fail_on.threshold() else {
            return;
        };
        if f.outcome != Outcome::Failed || f.severity < threshold {
            return;
        }
        let key = match self.policy.gate_by {
            GateBy::Group => key,
            GateBy::Occurrence => None,
        };
        let accepted = f.baseline_state == Some(BaselineState::Accepted)
            || self.policy.baseline.as_ref().is_some_and(|b| b.accepts(f));
        let (total, seen) = if accepted {
            (&mut self.baselined, &mut self.baselined_groups)
        } else {
            (&mut self.counted, &mut self.counted_groups)
        };
        if key.is_none_or(|k| seen.insert(k.to_string())) {
            *total += 1;
        }
    }

    /// The verdict (its `absent` entries are the caller's).
    #[must_use]
    pub fn finish(&self) -> GateResult {
        let policy = &self.policy;
        GateResult {
            fail_on: policy.fail_on,
            counted: self.counted,
            passed: self.counted <= policy.max_findings,
            max_findings: policy.max_findings,
            baseline: policy.baseline.as_ref().map(|b| b.source.clone()),
            baselined: self.baselined,
            gate_by: policy.gate_by,
            absent: Vec::new(),
        }
    }
}

/// Counts `findings` again under the policy a verdict was given with
/// (threshold, tolerance, counting; the findings' baseline states as they
/// are): the gate of merged shard reports (`report::merge`). The verdict's
/// baseline name is kept; its `absent` entries are the caller's.
#[must_use]
pub fn recount(findings: &[Finding], verdict: &GateResult) -> GateResult {
    let mut gate = evaluate_with(
        findings,
        &Policy {
            fail_on: verdict.fail_on,
            max_findings: verdict.max_findings,
            baseline: None,
            gate_by: verdict.gate_by,
        },
    );
    gate.baseline.clone_from(&verdict.baseline);
    gate
}

/// Compares the findings with the policy's baseline (each gets its state:
/// `new` or `accepted`; without a baseline none gets one), then evaluates the
/// gate; the baseline's entries that match no finding are the verdict's
/// `absent` ones.
#[must_use]
pub fn judge(findings: &mut [Finding], policy: &Policy) -> GateResult {
    let absent = mark(findings, policy);
    let mut gate = evaluate_with(findings, policy);
    gate.absent = absent;
    gate
}

/// Sets each finding's baseline state (none without a baseline) and returns
/// the absent entries.
pub fn mark(findings: &mut [Finding], policy: &Policy) -> Vec<crate::finding::BaselineEntry> {
    match &policy.baseline {
        Some(baseline) => baseline.mark(findings),
        None => {
            for f in findings.iter_mut() {
                f.baseline_state = None;
            }
            Vec::new()
        }
    }
}

/// Re-evaluates a report's gate under a policy (after `check` or `audit`, or
/// when re-rendering a stored report). With a baseline, the findings' states
/// are set again; without one, the states the report has are kept.
pub fn apply(report: &mut Report, policy: &Policy) {
    if policy.baseline.is_some() {
        report.gate = judge(&mut report.findings, policy);
    } else {
        let absent = std::mem::take(&mut report.gate.absent);
        report.gate = evaluate_with(&report.findings, policy);
        if report.findings.iter().any(|f| f.baseline_state.is_some()) {
            report.gate.absent = absent;
        }
    }
}

/// The gate of a report streamed from its rows ([`crate::report::stream`],
/// a layer below): baseline states set and findings counted one at a time.
impl crate::report::stream::Judge for Counter {
    fn mark(&self, f: &mut Finding, matched: &mut HashSet<String>) {
        match &self.policy.baseline {
            Some(baseline) => baseline.mark_one(f, matched),
            None => f.baseline_state = None,
        }
    }

    fn count(&mut self, f: &Finding, key: Option<&str>) {
        self.add(f, key);
    }

    fn verdict(&self, matched: &HashSet<String>) -> GateResult {
        let mut verdict = self.finish();
        if let Some(baseline) = &self.policy.baseline {
            verdict.absent = baseline.absent(matched);
        }
        verdict
    }
}
