//! `gl-code-quality-report.json`: GitLab's Code Quality report (a JSON array
//! of issues: `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`), which GitLab shows in the
//! merge request. Failed findings only (needs-review ones are a person's
//! checklist, not code-quality issues), and not those the baseline accepts;
//! paths relative to the repository root like SARIF's.

use std::collections::HashMap;

use serde::Serialize;

use super::RenderOptions;
use super::location;
use super::model::Report;
use crate::rules::Outcome;
use crate::ruleset::Severity;

/// One issue.
#[derive(Debug, Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Debug, Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Debug, Serialize)]
struct Lines {
    begin: u64,
}

/// GitLab's severity for ours.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Notice => "info",
    }
}

/// Writes the report as a Code Quality JSON array.
///
/// # Errors
/// The writer's I/O errors.
pub fn write(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = options.lang;
    // GitLab needs each issue's fingerprint to be unique: identical
    // elements on one page share ours, so the second gets `-2`, and so on.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Failed && f.is_new())
        .map(|f| {
            let n = seen.entry(f.fingerprint.as_str()).or_default();
            *n += 1;
            let fingerprint = if *n == 1 {
                f.fingerprint.clone()
            } else {
                format!("{}-{n}", f.fingerprint)
            };
            let path = options
                .source_root
                .and_then(|root| root.relative(&f.url))
                .unwrap_or_else(|| location::plain(&f.url));
            let mut description = f.message.get(lang).to_string();
            if let Some(selector) = &f.selector {
                description.push_str(&format!(" [{selector}]"));
            }
            Issue {
                description,
                check_name: &f.rule,
                fingerprint,
                severity: severity(f.severity),
                location: Location {
                    path,
                    lines: Lines {
                        begin: f.line.unwrap_or(1).max(1),
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
