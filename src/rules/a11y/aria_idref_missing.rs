//! `aria-idref-missing`: a required ID reference points to nothing.
//!
//! **What it checks.** An expanded combobox (`role="combobox"`,
//! `aria-expanded="true"`) or a scrollbar must say which element it controls:
//! at least one of the ids in its `aria-controls` exists in the page.
//!
//! **Why.** A screen reader follows `aria-controls` to the list of
//! suggestions or the scrolled region; a dangling id leads nowhere. WCAG 2.0
//! SC 1.3.1 and 4.1.2 (level A); ACT rule in6db8.
//!
//! **Fails:** `<input role="combobox" aria-expanded="true" aria-controls="goi-y">` with no `#goi-y`
//!
//! **Passes:** the same with `<ul id="goi-y" role="listbox">` in the page

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-idref-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_role_attr() {
        let Some(ids) = el.attr("aria-controls").filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let role = page.role(el);
        let applicable = match role.as_deref() {
            Some("combobox") => el
                .attr("aria-expanded")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            Some("scrollbar") => true,
            _ => false,
        };
        if !applicable || page.is_hidden(el) {
            continue;
        }
        if ids.split_ascii_whitespace().any(|id| page.id_count(id) > 0) {
            out.pass();
        } else {
            out.fail(el).arg("ids", ids.trim());
        }
    }
}
