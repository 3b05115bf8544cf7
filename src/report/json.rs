//! `report.json`: the canonical report, pretty-printed.

use super::model::Report;

/// Renders the report as JSON.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut text =
        serde_json::to_string_pretty(report).expect("the report model always serialises");
    text.push('\n');
    text
}
