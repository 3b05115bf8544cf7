//! `role-invalid`: a `role` attribute names no valid role.
//!
//! **What it checks.** Every element in the accessibility tree with a `role`
//! attribute that is not empty has at least one token that is a WAI-ARIA 1.2
//! (or DPUB / Graphics ARIA) role. Browsers take the first valid token; with
//! none, the attribute is ignored.
//!
//! **Why.** `role="buton"` or `role="nav"` leaves the element with the role the
//! author tried to replace: assistive technologies get the wrong semantics.
//! WCAG 2.0 SC 1.3.1 and 4.1.2 (level A); ACT rule 674b10.
//!
//! **Fails:** `<div role="nav">`
//!
//! **Passes:** `<div role="navigation">`, `<div role="tabpanel dialog">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "role-invalid",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_role_attr() {
        let Some(role) = el.attr("role").filter(|r| !r.trim().is_empty()) else {
            continue;
        };
        if page.is_hidden(el) {
            continue;
        }
        if page.explicit_role(el).is_some() {
            out.pass();
        } else {
            out.fail(el).arg("role", role.trim());
        }
    }
}
