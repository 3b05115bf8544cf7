//! `form-field-label-missing`: a form field has no accessible name.
//!
//! **What it checks.** Every form field in the accessibility tree (roles
//! checkbox, combobox, listbox, menuitemcheckbox, menuitemradio, radio,
//! searchbox, slider, spinbutton, switch, textbox — `<input>`, `<select>`,
//! `<textarea>` or ARIA widgets) has a non-empty accessible name: a `<label>`,
//! `aria-label`, `aria-labelledby`, `title` or `placeholder`.
//!
//! **Why.** Without a name a screen reader says only "edit text": the user
//! does not know what to type. WCAG 2.0 SC 1.3.1, 3.3.2 and 4.1.2 (level A);
//! ACT rule e086e5.
//!
//! **Fails:** `<input type="text" name="hoten">`
//!
//! **Passes:** `<label for="hoten">Họ và tên</label><input id="hoten">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

const FIELD_ROLES: &[&str] = &[
    "checkbox",
    "combobox",
    "listbox",
    "menuitemcheckbox",
    "menuitemradio",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "textbox",
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "form-field-label-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let fields = page.with_roles(FIELD_ROLES, &["input", "select", "textarea"]);
    super::require_names(page, out, fields);
}
