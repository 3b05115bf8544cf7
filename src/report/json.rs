//! `report.json`: the canonical report, pretty-printed.

use std::io::Write;

use super::model::Report;

/// Writes the report as JSON, streamed: an audit's report can be 100 MB and
/// more, and is never held as one string.
///
/// # Errors
/// The writer's I/O errors.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
