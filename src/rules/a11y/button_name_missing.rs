//! `button-name-missing`: a button has no accessible name.
//!
//! **What it checks.** Every element with the role `button` (a `<button>`,
//! `<input type="submit|reset|button">`, `<summary>` is excluded, an element
//! with `role="button"`) that is in the accessibility tree has a non-empty
//! accessible name (content, `aria-label`, `aria-labelledby`, `value`,
//! `title`). Image buttons have their own rule (`image-button-name-missing`).
//!
//! **Why.** A screen reader announces only "button": the user cannot know
//! what it does. WCAG 2.0 SC 4.1.2 (level A); ACT rule 97a4e1.
//!
//! **Fails:** `<button><i class="icon-search"></i></button>`
//!
//! **Passes:** `<button>Tìm kiếm</button>`, `<button aria-label="Tìm kiếm"><i class="icon-search"></i></button>`

use crate::page::Page;
use crate::page::accname::input_type;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "button-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let buttons = page
        .with_roles(&["button"], &["button", "input"])
        .into_iter()
        .filter(|el| {
            !(el.name() == "input" && input_type(*el) == "image") && el.name() != "summary"
        });
    super::require_names(page, out, buttons);
}
