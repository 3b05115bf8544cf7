//! `focus-indicator-removed`: CSS removes the keyboard focus outline without another indicator.
//!
//! **What it checks.** Every element in the Tab order keeps a visible focus
//! indicator: no style removes its outline (`outline: none`, `outline: 0`,
//! `outline-style: none`, `outline-width: 0`), either in a `:focus` /
//! `:focus-visible` rule that matches it or in its own styles. When the same
//! `:focus` rule sets another indicator (border, box shadow, background,
//! colour, underline), a person must judge whether it is visible enough
//! (cant_tell).
//!
//! **Why.** `a:focus { outline: none }` is one line in many portal themes; it
//! leaves keyboard users without any idea where they are on the page. WCAG
//! 2.0 SC 2.4.7 (Focus Visible, level AA); ACT rule oj04fd.
//!
//! **Fails:** `a:focus { outline: none }` with nothing else
//!
//! **Passes:** no focus style at all (the browser's ring), or `a:focus { outline: 3px solid #005fcc }`

use crate::page::style::Declaration;
use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

fn removes_outline(d: &Declaration) -> bool {
    let v = d.value.trim().to_ascii_lowercase();
    match d.property.as_str() {
        "outline" => v == "none" || v == "0" || v.starts_with("0 ") || v.contains("none"),
        "outline-style" => v == "none",
        "outline-width" => v == "0" || v == "0px",
        _ => false,
    }
}

fn other_indicator(d: &Declaration) -> bool {
    matches!(
        d.property.as_str(),
        "border"
            | "border-color"
            | "border-bottom"
            | "box-shadow"
            | "background"
            | "background-color"
            | "color"
            | "text-decoration"
    ) && !d.value.trim().eq_ignore_ascii_case("none")
}

fn focusable_candidates(page: &Page) -> Vec<El<'_>> {
    let mut els: Vec<El<'_>> = [
        "a", "area", "button", "input", "select", "textarea", "summary", "iframe",
    ]
    .iter()
    .flat_map(|t| page.by_tag(t))
    .chain(page.with_tabindex())
    .filter(|el| page.in_tab_order(*el))
    .collect();
    els.sort_by_key(El::index);
    els.dedup();
    els
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "focus-indicator-removed",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let sheets = page.sheets();
    for el in focusable_candidates(page) {
        let focus: Vec<&Declaration> = sheets.focus_declarations(el).collect();
        let own_removed = page
            .declared(el)
            .get("outline")
            .is_some_and(removes_outline)
            || page
                .declared(el)
                .get("outline-style")
                .is_some_and(removes_outline)
            || page
                .declared(el)
                .get("outline-width")
                .is_some_and(removes_outline);
        // A later :focus rule may restore the outline.
        let focus_restores = focus
            .iter()
            .any(|d| d.property.starts_with("outline") && !removes_outline(d));
        let focus_removes = focus.iter().any(|d| removes_outline(d));
        let removed = (own_removed || focus_removes) && !focus_restores;
        if !removed {
            out.pass();
        } else if focus.iter().any(|d| other_indicator(d)) {
            out.cant_tell(el).arg("element", super::describe(el));
        } else {
            out.fail(el).arg("element", super::describe(el));
        }
    }
}
