//! `findings.csv`: one row per finding, for spreadsheets. UTF-8 with a byte
//! order mark, so spreadsheet programs show Vietnamese correctly; cells that a
//! spreadsheet would run as a formula are prefixed with `'` (CSV injection).

use super::RenderOptions;
use super::model::Report;
use super::stream::Body;

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

/// Writes the findings as CSV, row by row.
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
    let report = body.head();
    let lang = options.lang;
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(HEADER)?;
    body.each_finding(|f| {
        let title = report
            .rules
            .iter()
            .find(|r| r.id == f.rule)
            .map(|r| r.title.get(lang))
            .unwrap_or_default();
        let legal = crate::legal::labels(&f.legal, lang);
        let line = f.line.map(|l| l.to_string()).unwrap_or_default();
        let column = f.column.map(|c| c.to_string()).unwrap_or_default();
        let wcag = f.wcag.join(" ");
        let row: [&str; 15] = [
            &f.site,
            &f.url,
            &line,
            &column,
            &f.rule,
            f.family.map(|x| x.id()).unwrap_or_default(),
            f.severity.id(),
            f.outcome.id(),
            f.message.get(lang),
            f.selector.as_deref().unwrap_or_default(),
            f.snippet.as_deref().unwrap_or_default(),
            &legal,
            &wcag,
            &f.fingerprint,
            title,
        ];
        writer
            .write_record(row.iter().map(|cell| defuse(cell)))
            .map_err(std::io::Error::from)
    })?;
    writer.flush()
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
