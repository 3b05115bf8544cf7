//! `heading-empty`: a heading has no accessible name.
//!
//! **What it checks.** Every element with the role `heading` (`<h1>`–`<h6>`,
//! `role="heading"`) in the accessibility tree has a non-empty accessible name.
//!
//! **Why.** Screen-reader users move through a page by its headings; an empty
//! heading is a stop with nothing to say. Thông tư 32/2017 Điều 18 khoản 1
//! điểm d requires headings that divide the page. WCAG 2.0 SC 1.3.1 (level A)
//! and 2.4.6 (level AA); ACT rule ffd0e9.
//!
//! **Fails:** `<h2></h2>`, `<h2><img src="tieu-de.png"></h2>`
//!
//! **Passes:** `<h2>Tin tức – Sự kiện</h2>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "heading-empty",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let headings = page.with_roles(&["heading"], &["h1", "h2", "h3", "h4", "h5", "h6"]);
    super::require_names(page, out, headings);
}
