//! `menuitem-name-missing`: a menu item has no accessible name.
//!
//! **What it checks.** Every element with the role `menuitem` in the
//! accessibility tree has a non-empty accessible name.
//!
//! **Why.** A menu read as a list of unnamed items cannot be used. WCAG 2.0
//! SC 4.1.2 (level A); ACT rule m6b1q3.
//!
//! **Fails:** `<li role="menuitem"><img src="home.png"></li>`
//!
//! **Passes:** `<li role="menuitem">Trang chủ</li>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "menuitem-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    super::require_names(page, out, page.with_roles(&["menuitem"], &[]));
}
