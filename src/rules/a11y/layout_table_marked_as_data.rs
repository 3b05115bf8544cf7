//! `layout-table-marked-as-data`: a table used for layout carries data-table markup.
//!
//! **What it checks.** A `<table>` marked as a layout table
//! (`role="presentation"` or `role="none"`) has no `<caption>`, no `<th>`,
//! no `summary` and no `headers`/`scope` attributes on its own cells: those
//! tell screen readers it is a data table after all.
//!
//! **Why.** Layout tables are read as plain content; header markup inside one
//! makes screen readers announce rows and columns that are not there.
//! Thông tư 32/2017 Điều 18 khoản 1 điểm đ (header markup is for data
//! tables). WCAG 2.0 SC 1.3.1 (level A; failure F46).
//!
//! **Fails:** `<table role="presentation"><tr><th>Menu</th><td>Nội dung</td></tr></table>`
//!
//! **Passes:** `<table role="presentation"><tr><td>Menu</td><td>Nội dung</td></tr></table>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "layout-table-marked-as-data",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for table in page.by_tag("table") {
        let layout = matches!(
            page.explicit_role(table)
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("presentation" | "none")
        );
        if !layout || page.is_hidden(table) {
            continue;
        }
        let own =
            |c: &crate::page::El<'_>| c.ancestors().find(|a| a.name() == "table") == Some(table);
        let marked = table.has_attr("summary")
            || table.children().any(|c| c.name() == "caption")
            || table.descendants().any(|c| {
                matches!(c.name(), "th" | "td")
                    && own(&c)
                    && (c.name() == "th" || c.has_attr("headers") || c.has_attr("scope"))
            });
        if marked {
            out.fail(table);
        } else {
            out.pass();
        }
    }
}
