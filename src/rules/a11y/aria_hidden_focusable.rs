//! `aria-hidden-focusable`: content hidden with `aria-hidden` can still receive keyboard focus.
//!
//! **What it checks.** For every element with `aria-hidden="true"`, neither
//! it nor any descendant is in the sequential focus order (Tab): links,
//! enabled form controls, `tabindex ≥ 0`, summaries… Content that is not
//! rendered (`display:none`, `hidden`) or is disabled or has
//! `tabindex="-1"` is fine.
//!
//! **Why.** Keyboard users land on a control that screen readers do not
//! announce: they hear nothing, or the previous element. WCAG 2.0 SC 1.3.1
//! and 4.1.2 (level A); ACT rule 6cfa84.
//!
//! **Fails:** `<div aria-hidden="true"><a href="/">Trang chủ</a></div>`
//!
//! **Passes:** `<div aria-hidden="true"><a href="/" tabindex="-1">Trang chủ</a></div>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-hidden-focusable",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_aria_attrs() {
        if !el
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            continue;
        }
        // Nested aria-hidden roots are covered by the outermost one.
        if el.parent().is_some_and(|p| page.is_aria_hidden(p)) {
            continue;
        }
        let focusable = std::iter::once(el)
            .chain(el.descendants())
            .find(|d| page.in_tab_order(*d));
        match focusable {
            Some(target) => {
                out.fail(target).arg("element", super::describe(target));
            }
            None => out.pass(),
        }
    }
}
