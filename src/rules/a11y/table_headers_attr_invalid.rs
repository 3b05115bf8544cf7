//! `table-headers-attr-invalid`: a cell's `headers` attribute points outside its table.
//!
//! **What it checks.** Every `<td>`/`<th>` with a non-empty `headers`
//! attribute, in a table in the accessibility tree (role `table`, `grid` or
//! `treegrid`), refers only to ids of
//! other cells (`th` or `td`) of the same table (not to itself, not to a
//! cell of another table, not to a `<span>`).
//!
//! **Why.** Thông tư 32/2017 Điều 18 khoản 1 điểm đ requires markup that ties
//! data cells to their header cells in tables with multi-level headers; a
//! wrong `headers` makes screen readers announce the wrong header or none.
//! WCAG 2.0 SC 1.3.1 (level A); ACT rule a25f45.
//!
//! **Fails:** `<td headers="nam-2024">` when `#nam-2024` is in another table
//!
//! **Passes:** `<th id="nam-2024">2024</th> … <td headers="nam-2024">12</td>` in one table

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

fn table_of<'a>(el: El<'a>) -> Option<El<'a>> {
    el.ancestors().find(|a| a.name() == "table")
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "table-headers-attr-invalid",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for cell in page.by_tag("td").chain(page.by_tag("th")) {
        let Some(headers) = cell.attr("headers").filter(|h| !h.trim().is_empty()) else {
            continue;
        };
        let Some(table) = table_of(cell) else {
            continue;
        };
        if page.is_hidden(table)
            || !matches!(
                page.role(table).as_deref(),
                Some("table" | "grid" | "treegrid")
            )
        {
            continue;
        }
        let bad: Vec<&str> = headers
            .split_ascii_whitespace()
            .filter(|id| {
                let target = page.by_id(id).next();
                !target.is_some_and(|t| {
                    t != cell && matches!(t.name(), "th" | "td") && table_of(t) == Some(table)
                })
            })
            .collect();
        if bad.is_empty() {
            out.pass();
        } else {
            out.fail(cell).arg("ids", bad.join(" "));
        }
    }
}
