//! `aria-attr-value-invalid`: an ARIA state or property has a value its type does not allow.
//!
//! **What it checks.** Every defined `aria-*` attribute with a non-empty value
//! has a value of its WAI-ARIA 1.2 type: `true`/`false` (and `mixed` or
//! `undefined` where allowed), one of the listed tokens, an integer or a
//! number. Strings and ID references accept any value (whether the IDs exist
//! is another rule's question).
//!
//! **Why.** Browsers ignore invalid values, so `aria-expanded="yes"` tells a
//! screen reader nothing. WCAG 2.0 SC 4.1.2 (level A); ACT rule 6a7281.
//!
//! **Fails:** `<button aria-expanded="yes">`
//!
//! **Passes:** `<button aria-expanded="true">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-attr-value-invalid",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_aria_attrs() {
        for (name, value) in el.attrs() {
            let Some(ty) = crate::page::aria::value_type(name) else {
                continue;
            };
            if value.trim().is_empty() {
                continue;
            }
            if crate::page::aria::valid_value(ty, value) {
                out.pass();
            } else {
                out.fail(el).arg("attribute", name).arg("value", value);
            }
        }
    }
}
