//! `image-button-name-missing`: an image button has no accessible name.
//!
//! **What it checks.** Every `<input type="image">` in the accessibility tree
//! has a non-empty accessible name (`alt`, `aria-label`, `aria-labelledby`,
//! `title`).
//!
//! **Why.** An image used as a submit button is announced as "button" or its
//! file name; Thông tư 32/2017 Điều 18 khoản 1 điểm c requires text
//! equivalents for buttons. WCAG 2.0 SC 1.1.1 and 4.1.2 (level A); ACT rule 59796f.
//!
//! **Fails:** `<input type="image" src="tim-kiem.png">`
//!
//! **Passes:** `<input type="image" src="tim-kiem.png" alt="Tìm kiếm">`

use crate::page::Page;
use crate::page::accname::input_type;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "image-button-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let buttons = page
        .by_tag("input")
        .filter(|el| input_type(*el) == "image" && page.role(*el).as_deref() == Some("button"));
    super::require_names(page, out, buttons);
}
