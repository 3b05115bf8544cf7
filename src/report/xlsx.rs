//! `province.xlsx` (format `xlsx`): the province table ("Tổng hợp toàn tỉnh")
//! as one spreadsheet sheet, for the official who pastes it into the
//! province's Word report. The same cells as `province.csv`, worded once by
//! [`super::province`], with counts, page-load medians and scores as numbers (so the sheet can
//! sort and sum them) and the report's title above the table.
//!
//! Written with `rust_xlsxwriter`, a maintained writer of the Office Open XML
//! format: an `.xlsx` is a zip of XML parts whose details (shared strings,
//! styles, content types) are easy to get subtly wrong by hand.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::model::Report;
use crate::lang::Lang;
use crate::messages;

/// The sheet's name (at most 31 characters, none of `[]:*?/\`).
fn sheet_name(lang: Lang) -> String {
    messages::text("province.sheet", lang, &[])
}

/// The province table as an `.xlsx` file, in the report's language.
///
/// # Errors
/// The writer's errors, as I/O errors (the file is built in memory).
pub fn render(report: &Report, lang: Lang) -> std::io::Result<Vec<u8>> {
    build(report, lang).map_err(std::io::Error::other)
}

fn build(report: &Report, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(lang))?;
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_text_wrap();
    let score = Format::new().set_num_format("0.0");

    sheet.write_string_with_format(0, 0, super::province::title(report, lang), &bold)?;
    let mut headers = super::province::headers(report, lang);
    headers.insert(1, messages::text("province.col_root", lang, &[]));
    headers.insert(5, messages::text("province.col_missing", lang, &[]));
    const TOP: u32 = 2;
    for (col, text) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(TOP, col, text, &header)?;
    }
    let rows = super::province::rows(report, lang);
    for (row, text) in (TOP + 1..).zip(&rows) {
        let Some(stats) = report
            .statistics
            .province
            .iter()
            .find(|r| r.site == text.id)
        else {
            continue;
        };
        let mut cells = text.cells();
        cells.insert(1, text.root.clone());
        cells.insert(5, text.missing.join("; "));
        // Counts are numbers; the family scores (the last columns) are numbers
        // with one decimal, or "—" for a site that has none.
        let first_score = cells.len() - stats.scores.len();
        // The page-load columns (when the report has them) come just before
        // the scores: numbers (seconds, ms, CLS), or the words.
        let first_load = first_score - text.load.len();
        let load = stats.load.as_ref().map(|l| {
            let secs = |ms: Option<f64>| ms.map(|ms| (ms / 100.0).round() / 10.0);
            [
                secs(l.fcp_ms),
                secs(l.lcp_ms),
                secs(l.visual_complete_ms),
                l.tbt_ms,
                l.cls.map(|c| (c * 100.0).round() / 100.0),
            ]
        });
        for (col, cell) in (0u16..).zip(&cells) {
            let at = usize::from(col);
            if (first_load..first_score).contains(&at) {
                match load.and_then(|l| l[at - first_load]) {
                    Some(n) => sheet.write_number(row, col, n)?,
                    None => sheet.write_string(row, col, cell)?,
                };
            } else if at >= first_score {
                match stats.scores[at - first_score].score.percent {
                    Some(p) => sheet.write_number_with_format(
                        row,
                        col,
                        (p * 10.0).round() / 10.0,
                        &score,
                    )?,
                    None => sheet.write_string(row, col, cell)?,
                };
            } else if let Some(n) = [3usize, 8, 9, 10, 11, 12, 13, 14]
                .contains(&at)
                .then(|| cell.parse::<u32>().ok())
                .flatten()
            {
                sheet.write_number(row, col, f64::from(n))?;
            } else {
                sheet.write_string(row, col, cell)?;
            }
        }
    }
    sheet.set_freeze_panes(TOP + 1, 1)?;
    sheet.autofit();
    workbook.save_to_buffer()
}
