//! `table-caption-missing`: a data table has no caption or summary.
//!
//! **What it checks.** Every data table in the accessibility tree — a
//! `<table>` with header cells (`<th>`) and without a presentational role —
//! has a non-empty `<caption>`, `summary` (obsolete but still read),
//! `aria-label`, `aria-labelledby` or `aria-describedby` that says what it
//! shows.
//!
//! **Why.** Thông tư 32/2017 Điều 18 khoản 1 điểm đ requires, for data
//! tables, a summary of what the table shows. Screen-reader users hear the
//! caption before the cells and can decide whether to read on. WCAG 2.0
//! SC 1.3.1 (level A; techniques H39, H73).
//!
//! **Fails:** `<table><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr>…</table>`
//!
//! **Passes:** `<table><caption>Văn bản chỉ đạo điều hành mới ban hành</caption>…</table>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "table-caption-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for table in page.by_tag("table") {
        if page.is_hidden(table) || page.role(table).as_deref() != Some("table") {
            continue;
        }
        let has_headers = table.descendants().any(|c| {
            c.name() == "th" && c.ancestors().find(|a| a.name() == "table") == Some(table)
        });
        if !has_headers {
            continue;
        }
        let described = !page.accessible_name(table).is_empty()
            || table
                .attr("aria-describedby")
                .is_some_and(|ids| ids.split_ascii_whitespace().any(|id| page.id_count(id) > 0));
        if described {
            out.pass();
        } else {
            out.fail(table);
        }
    }
}
