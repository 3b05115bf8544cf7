//! `input-label-missing`: a date, time, password, colour or file field has no label.
//!
//! **What it checks.** Every `<input>` that HTML makes labelable but that has
//! no ARIA widget role — `type` `date`, `datetime-local`, `month`, `week`,
//! `time`, `password`, `color` and `file` — in the accessibility tree has a
//! non-empty accessible name: a `<label>`, `aria-label`, `aria-labelledby`,
//! `title` (or, for a password, a `placeholder`). The fields that have a
//! widget role (text boxes, check boxes, lists, sliders…) are judged by
//! `form-field-label-missing`, which keeps the scope of ACT rule e086e5; this
//! rule covers the rest of the labelable controls (technique H44).
//!
//! **Why.** The date of birth and the attached dossier of every online
//! public-service form are such fields; without a label a screen reader says
//! only "date" or "choose file", and nobody knows which date or which
//! document is asked for. WCAG 2.0 SC 1.3.1, 3.3.2 and 4.1.2 (level A).
//!
//! **Fails:** `<input type="date" name="ngay-sinh">`, `<input type="file" name="ho-so">`
//!
//! **Passes:** `<label for="ngay-sinh">Ngày sinh</label><input type="date" id="ngay-sinh">`

use crate::page::Page;
use crate::page::accname::input_type;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "input-label-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let fields = page.by_tag("input").filter(|el| {
        matches!(
            input_type(*el).as_str(),
            "date" | "datetime-local" | "month" | "week" | "time" | "password" | "color" | "file"
        ) && page.role(*el).is_none()
    });
    super::require_names(page, out, fields);
}
