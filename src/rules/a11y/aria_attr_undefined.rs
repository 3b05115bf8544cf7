//! `aria-attr-undefined`: an `aria-*` attribute that WAI-ARIA does not define.
//!
//! **What it checks.** Every attribute whose name starts with `aria-` is one
//! that WAI-ARIA 1.2 defines (`aria-label`, `aria-expanded`, …). Misspelt
//! attributes (`aria-labeledby`, `aria-role`) are ignored by browsers.
//!
//! **Why.** The author meant to give assistive technologies a name, a state
//! or a relation, and nothing reaches them. WCAG 2.0 SC 4.1.2 (level A);
//! ACT rule 5f99a7.
//!
//! **Fails:** `<div aria-labeledby="tieu-de">`
//!
//! **Passes:** `<div aria-labelledby="tieu-de">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-attr-undefined",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_aria_attrs() {
        for (name, _) in el.attrs() {
            if !name.starts_with("aria-") {
                continue;
            }
            if crate::page::aria::value_type(name).is_some() {
                out.pass();
            } else {
                out.fail(el).arg("attribute", name);
            }
        }
    }
}
