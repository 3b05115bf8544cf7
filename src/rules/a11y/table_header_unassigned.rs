//! `table-header-unassigned`: a table header cell is the header of no data cell.
//!
//! **What it checks.** In every table in the accessibility tree (role
//! `table`, `grid` or `treegrid`, HTML or ARIA), each header cell
//! (`columnheader`/`rowheader`, visible) is assigned at least one other cell:
//! one that names it in `headers`, or one without `headers` in the same column
//! (column headers) or row (row headers: `scope="row"`, or a header in a row
//! that has data cells), spans counted.
//!
//! **Why.** A header with nothing under it is a sign of a broken table (a
//! missing column, a layout table marked as data): screen readers announce
//! the wrong header for the cells. Thông tư 32/2017 Điều 18 khoản 1 điểm đ
//! requires header markup for data tables. WCAG 2.0 SC 1.3.1 (level A);
//! ACT rule d0f69e.
//!
//! **Fails:** `<table><tr><th>Lĩnh vực</th><th>Số hồ sơ</th></tr><tr><td>Đất đai</td></tr></table>`
//!
//! **Passes:** `<table><tr><th>Lĩnh vực</th><th>Số hồ sơ</th></tr><tr><td>Đất đai</td><td>12</td></tr></table>`

use crate::page::{El, Page};
use crate::rules::Findings;

use super::ax_tree::{Owned, Owners, children};
use crate::rules::{Check, Family, Rule};

/// One cell placed in the table grid.
struct Placed<'a> {
    el: El<'a>,
    header: bool,
    /// For headers: whether it heads its row (else its column).
    row_header: bool,
    rows: std::ops::Range<usize>,
    cols: std::ops::Range<usize>,
}

fn span(el: El<'_>, attr: &str) -> usize {
    el.attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
        .min(1000)
}

/// The rows of a table (role `row`, not inside a nested table).
fn rows<'a>(page: &'a Page, table: El<'a>) -> Vec<El<'a>> {
    table
        .descendants()
        .filter(|r| {
            page.role(*r).as_deref() == Some("row")
                && !page.is_hidden(*r)
                && r.ancestors().find(|a| {
                    matches!(
                        page.role(*a).as_deref(),
                        Some("table" | "grid" | "treegrid")
                    ) || a.name() == "table"
                }) == Some(table)
        })
        .collect()
}

fn place<'a>(page: &'a Page, owners: &Owners<'a>, table: El<'a>) -> Vec<Placed<'a>> {
    let mut placed: Vec<Placed<'a>> = Vec::new();
    for (r, row) in rows(page, table).into_iter().enumerate() {
        let mut col = 0usize;
        for owned in children(page, owners, row) {
            let Owned::Element(cell) = owned else {
                continue;
            };
            let role = page.role(cell);
            let header = matches!(role.as_deref(), Some("columnheader" | "rowheader"));
            if !header && !matches!(role.as_deref(), Some("cell" | "gridcell")) {
                continue;
            }
            while placed
                .iter()
                .any(|p| p.rows.contains(&r) && p.cols.contains(&col))
            {
                col += 1;
            }
            let (rs, cs) = (span(cell, "rowspan"), span(cell, "colspan"));
            let row_header = match (page.explicit_role(cell), cell.attr("scope")) {
                (Some(r), _) if r.eq_ignore_ascii_case("rowheader") => Some(true),
                (Some(r), _) if r.eq_ignore_ascii_case("columnheader") => Some(false),
                (_, Some(s)) if s.trim().eq_ignore_ascii_case("row") => Some(true),
                (_, Some(s)) if s.trim().eq_ignore_ascii_case("col") => Some(false),
                _ => None,
            };
            placed.push(Placed {
                el: cell,
                header,
                row_header: row_header.unwrap_or(false),
                rows: r..r + rs,
                cols: col..col + cs,
            });
            col += cs;
        }
    }
    // Headers without an explicit direction head their row when the row has
    // data cells, else their column (the HTML "auto" scope, simplified).
    let data_rows: Vec<std::ops::Range<usize>> = placed
        .iter()
        .filter(|c| !c.header)
        .map(|c| c.rows.clone())
        .collect();
    for cell in placed.iter_mut().filter(|c| c.header) {
        let explicit = page.explicit_role(cell.el).is_some() || cell.el.has_attr("scope");
        if !explicit {
            cell.row_header = data_rows.iter().any(|r| overlaps(r, &cell.rows));
        }
    }
    placed
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "table-header-unassigned",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let mut tables: Vec<El<'_>> = page.with_roles(&["table", "grid", "treegrid"], &["table"]);
    tables.retain(|t| !page.is_hidden(*t));
    let owners = Owners::of(page);
    for table in tables {
        let cells = place(page, &owners, table);
        for header in cells.iter().filter(|c| c.header) {
            if !page.is_visible(header.el) || page.is_aria_hidden(header.el) {
                continue;
            }
            let id = header.el.attr("id").filter(|id| !id.is_empty());
            let assigned = cells.iter().any(|c| {
                if std::ptr::eq(c, header) || page.is_hidden(c.el) {
                    return false;
                }
                match c.el.attr("headers") {
                    Some(h) if !h.trim().is_empty() => {
                        id.is_some_and(|id| h.split_ascii_whitespace().any(|x| x == id))
                    }
                    _ if header.row_header => overlaps(&c.rows, &header.rows),
                    _ => overlaps(&c.cols, &header.cols),
                }
            });
            if assigned {
                out.pass();
            } else {
                out.fail(header.el)
                    .arg("header", page.accessible_name(header.el));
            }
        }
    }
}
