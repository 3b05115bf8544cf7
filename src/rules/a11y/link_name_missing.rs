//! `link-name-missing`: a link has no accessible name.
//!
//! **What it checks.** Every element with the role `link` (`<a href>`,
//! `<area href>`, `role="link"`) in the accessibility tree has a non-empty
//! accessible name: its text, the `alt` of an image inside it, `aria-label`,
//! `aria-labelledby` or `title`.
//!
//! **Why.** An image link without `alt` is read as its URL or not at all;
//! Thông tư 32/2017 Điều 18 khoản 1 điểm c requires a text equivalent for
//! every image link. WCAG 2.0 SC 2.4.4 and 4.1.2 (level A); ACT rule c487ae.
//!
//! **Fails:** `<a href="/tin-tuc"><img src="tin.png"></a>`
//!
//! **Passes:** `<a href="/tin-tuc"><img src="tin.png" alt="Tin tức"></a>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    super::require_names(
        page,
        out,
        page.with_roles(super::LINK_ROLES, &["a", "area"]),
    );
}
