//! `aria-required-attr-missing`: an element with an explicit role lacks a state the role requires.
//!
//! **What it checks.** Every element in the accessibility tree with an
//! explicit role that WAI-ARIA 1.2 gives required states or properties
//! (`checkbox`/`radio`/`switch`/`menuitemcheckbox`/`menuitemradio` →
//! `aria-checked`, `combobox` → `aria-expanded`, `heading` → `aria-level`,
//! `slider`/`meter` → `aria-valuenow`, `scrollbar` → `aria-controls` and
//! `aria-valuenow`) has them, unless the native element already supplies the
//! state (`<input type="checkbox" role="switch">`, `<h2 role="heading">`).
//!
//! **Why.** A custom checkbox without `aria-checked` is announced without its
//! state: the user cannot tell whether it is ticked. WCAG 2.0 SC 4.1.2
//! (level A); ACT rule 4e8ab6.
//!
//! **Fails:** `<div role="checkbox" tabindex="0">Đồng ý</div>`
//!
//! **Passes:** `<div role="checkbox" aria-checked="false" tabindex="0">Đồng ý</div>`

use crate::page::accname::input_type;
use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// Whether the native element supplies `attribute` itself.
fn native_supplies(el: El<'_>, attribute: &str) -> bool {
    match attribute {
        "aria-checked" => {
            el.name() == "input" && matches!(input_type(el).as_str(), "checkbox" | "radio")
        }
        "aria-level" => matches!(el.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
        "aria-valuenow" => {
            el.name() == "input" && matches!(input_type(el).as_str(), "range" | "number")
                || matches!(el.name(), "meter" | "progress")
        }
        "aria-expanded" => el.name() == "select",
        _ => false,
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-required-attr-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for (el, role) in super::explicit_roles(page) {
        let mut required = crate::page::aria::role(&role).map_or(&[][..], |r| r.requires);
        if role == "separator" && page.is_focusable(el) {
            required = &["aria-valuenow"];
        }
        if required.is_empty() {
            continue;
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|a| !el.has_attr(a) && !native_supplies(el, a))
            .collect();
        if missing.is_empty() {
            out.pass();
        } else {
            out.fail(el)
                .arg("role", role.as_str())
                .arg("attributes", missing.join(", "));
        }
    }
}
