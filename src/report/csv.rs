//! `findings.csv`: one row per finding, for spreadsheets. UTF-8 with a byte
//! order mark, so spreadsheet programs show Vietnamese correctly; cells that a
//! spreadsheet would run as a formula are prefixed with `'` (CSV injection).

use super::RenderOptions;
use super::model::Report;

/// The column names, in order.
pub const HEADER: [&str; 15] = [
    "site",
    "url",
    "line",
    "column",
    "rule",
    "family",
    "severity",
    "outcome",
    "message",
    "selector",
    "snippet",
    "legal",
    "wcag",
    "fingerprint",
    "rule_title",
];

/// Renders the findings as CSV.
#[must_use]
pub fn render(report: &Report, options: &RenderOptions<'_>) -> String {
    let lang = options.lang;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(HEADER)
        .expect("writing to memory cannot fail");
    for f in &report.findings {
        let title = report
            .rules
            .iter()
            .find(|r| r.id == f.rule)
            .map(|r| r.title.get(lang).to_string())
            .unwrap_or_default();
        let legal = crate::legal::labels(&f.legal, lang);
        let row = [
            f.site.clone(),
            f.url.clone(),
            f.line.map(|l| l.to_string()).unwrap_or_default(),
            f.column.map(|c| c.to_string()).unwrap_or_default(),
            f.rule.clone(),
            f.family.map(|x| x.id().to_string()).unwrap_or_default(),
            f.severity.id().to_string(),
            f.outcome.id().to_string(),
            f.message.get(lang).to_string(),
            f.selector.clone().unwrap_or_default(),
            f.snippet.clone().unwrap_or_default(),
            legal,
            f.wcag.join(" "),
            f.fingerprint.clone(),
            title,
        ];
        writer
            .write_record(row.iter().map(|cell| defuse(cell)))
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("flushing memory cannot fail");
    let mut text = String::from('\u{feff}');
    text.push_str(&String::from_utf8(bytes).expect("all cells are strings"));
    text
}

/// The most characters in one cell: spreadsheet programs stop at 32 767.
pub const MAX_CELL_CHARS: usize = 32_000;

/// Prefixes a cell a spreadsheet would take for a formula with `'`, and
/// cuts a cell too long for a spreadsheet (its full length said).
pub(super) fn defuse(cell: &str) -> String {
    let cell = crate::finding::clip(cell, MAX_CELL_CHARS);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.into_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused() {
        assert_eq!(super::defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::defuse("@SUM(1)"), "'@SUM(1)");
        assert_eq!(super::defuse("Ảnh thiếu"), "Ảnh thiếu");
    }
}
