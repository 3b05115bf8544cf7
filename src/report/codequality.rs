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
use super::stream::Body;
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

/// The issue of a finding; `seen` counts the fingerprints met so far.
fn issue<'a>(
    f: &'a super::model::Finding,
    seen: &mut HashMap<String, usize>,
    options: &RenderOptions<'_>,
) -> Issue<'a> {
    let n = seen.entry(f.fingerprint.clone()).or_default();
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
    let mut description = f.message.get(options.lang).to_string();
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
}

/// The issues, serialised as a JSON array, each made from its finding as
/// the findings are read (taken by the one serialisation).
struct Issues<'a> {
    body: Body<'a>,
    options: &'a RenderOptions<'a>,
}

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        // GitLab needs each issue's fingerprint to be unique: identical
        // elements on one page share ours, so the second gets `-2`, and so on.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut seq = serializer.serialize_seq(None)?;
        self.body.serialize_each(|f| {
            if f.outcome != Outcome::Failed || !f.is_new() {
                return Ok(());
            }
            seq.serialize_element(&issue(f, &mut seen, self.options))
        })?;
        seq.end()
    }
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
    write_body(Body::Memory(report), options, out)
}

/// [`write`] of a report in memory or streamed from its rows: the same bytes.
///
/// # Errors
/// The writer's I/O errors, and the rows'.
pub fn write_body(
    body: Body<'_>,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // One issue at a time, serialised as it is made: never all of them.
    let issues = Issues { body, options };
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
