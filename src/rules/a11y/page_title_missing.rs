//! `page-title-missing`: the page has no `<title>`, or an empty one.
//!
//! **What it checks.** An HTML page has a `<title>` element (outside SVG) and
//! the first one has text other than white space.
//!
//! **Why.** The title is the first thing a screen reader announces and what a
//! browser tab, bookmark and search result show; a portal of hundreds of pages
//! all titled "" cannot be navigated. WCAG 2.0 SC 2.4.2 (Page Titled, level A).
//! ACT rule 2779a5.
//!
//! **Fails:** `<head><title> </title></head>`
//!
//! **Passes:** `<head><title>Lịch làm việc – UBND tỉnh Trà Vinh</title></head>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "page-title-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some(html) = page.root() else { return };
    let first = page
        .by_tag("title")
        .find(|title| !title.ancestors().any(|a| a.name() == "svg"));
    match first {
        Some(title) if !title.text().trim().is_empty() => out.pass(),
        Some(title) => {
            out.fail(title);
        }
        None => {
            out.fail(page.by_tag("head").next().unwrap_or(html));
        }
    }
}
