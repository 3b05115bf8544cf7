//! Reading a report back, to re-render it (`portal-audit report`), compare it
//! (`diff`) or use it as a baseline. The source kind is recognised from the
//! file's first bytes; each kind is one arm of [`load`].

use std::path::Path;

use super::json;
use super::model::{Report, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// The kinds of file a report can be loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `report.json`.
    Json,
}

impl Source {
    /// Recognises a source from its first bytes.
    fn sniff(bytes: &[u8]) -> Option<Self> {
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        text.iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{')
            .then_some(Source::Json)
    }
}

/// Loads a report.
///
/// # Errors
/// [`Error::Read`] when the file cannot be read; [`Error::Report`] when it is
/// not a report this version understands.
pub fn load(path: &Path) -> Result<Report> {
    let bytes = read(path)?;
    match Source::sniff(&bytes) {
        Some(Source::Json) => from_slice(path, &bytes),
        None => Err(invalid(
            path,
            "not a report: expected a report.json written by portal-audit".to_string(),
        )),
    }
}

/// A report straight from the JSON bytes of `path` (no intermediate tree:
/// reports of a province run to tens of megabytes); on failure, the JSON is
/// looked at again to say what is wrong.
///
/// # Errors
/// [`Error::Report`] when it is not a report this version understands.
pub fn from_slice(path: &Path, bytes: &[u8]) -> Result<Report> {
    #[derive(serde::Deserialize)]
    struct Head {
        schema_version: Option<String>,
        statistics: Option<StatisticsHead>,
    }
    #[derive(serde::Deserialize)]
    struct StatisticsHead {
        strength: Option<serde::de::IgnoredAny>,
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head: Option<Head> = serde_json::from_slice(text).ok();
    let supported = head.as_ref().is_some_and(|h| {
        h.schema_version
            .as_deref()
            .is_some_and(|v| v.split('.').next() == SCHEMA_VERSION.split('.').next())
    });
    if supported && let Ok(stored) = serde_json::from_slice::<json::Stored>(text) {
        let has_statistics =
            head.is_some_and(|h| h.statistics.is_some_and(|s| s.strength.is_some()));
        return finish(stored, has_statistics).map_err(|message| invalid(path, message));
    }
    from_json(parse_json(path, bytes)?).map_err(|message| invalid(path, message))
}

/// The report of what was read: what `report.json` leaves out put back
/// (`json::Stored::into_report`, the template defects' occurrences), the
/// statistics computed when the report lacks them (`has_statistics`: it has
/// the counts by strength).
fn finish(stored: json::Stored, has_statistics: bool) -> std::result::Result<Report, String> {
    let mut report = stored.into_report()?;
    super::templates::expand(&mut report)?;
    if !has_statistics || lacks_load_statistics(&report) {
        complete(&mut report);
    }
    Ok(report)
}

/// Fills in what a report written without it lacks (format 1.0 and 1.1; 1.2
/// without the counts by strength; a report.json edited by hand that dropped
/// it): the statistics, computed as `assemble` does.
fn complete(report: &mut Report) {
    report.statistics = super::statistics::compute(report);
}

/// Whether a report written before the page-load statistics (format 1.6)
/// has measured pages, whose medians its statistics lack.
fn lacks_load_statistics(report: &Report) -> bool {
    !json::is_at_least(&report.schema_version, (1, 6))
        && report
            .pages
            .iter()
            .any(|p| p.rendered.as_ref().is_some_and(|r| r.metrics.is_some()))
}

/// Reads a file.
///
/// # Errors
/// [`Error::Read`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The error for a file that is not what was expected.
#[must_use]
pub fn invalid(path: &Path, message: String) -> Error {
    Error::Report {
        file: path.display().to_string(),
        message,
    }
}

/// Parses JSON (a leading byte order mark is allowed).
///
/// # Errors
/// [`Error::Report`] naming the line and column.
pub fn parse_json(path: &Path, bytes: &[u8]) -> Result<serde_json::Value> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| {
        invalid(
            path,
            format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
        )
    })
}

/// A report from its JSON value, if its format version is understood.
///
/// # Errors
/// What is wrong, as text.
pub fn from_json(value: serde_json::Value) -> std::result::Result<Report, String> {
    let version = value
        .get("schema_version")
        .and_then(|v| v.as_str())
        .ok_or("not a portal-audit report.json: no `schema_version`")?;
    let major = |v: &str| v.split('.').next().map(str::to_string);
    if major(version) != major(SCHEMA_VERSION) {
        return Err(format!(
            "report format {version} is not supported (this tool reads {SCHEMA_VERSION} and compatible)"
        ));
    }
    let has_statistics = value
        .get("statistics")
        .is_some_and(|s| s.get("strength").is_some());
    let stored: json::Stored = serde_json::from_value(value)
        .map_err(|e| format!("not a portal-audit report.json: {e}"))?;
    finish(stored, has_statistics)
}

/// Whether a report's fingerprints are of the legacy kind (format before
/// 1.4: the `:nth-of-type` selector was hashed).
#[must_use]
pub fn has_legacy_fingerprints(report: &Report) -> bool {
    !json::is_at_least(&report.schema_version, (1, 4))
}
