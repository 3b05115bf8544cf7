//! `img-alt-missing`: an image has no text alternative.
//!
//! **What it checks.** Every element with the role `img` in the accessibility
//! tree — an `<img>` not marked decorative (`alt=""` or `role="none"` without
//! focus or global ARIA attributes) or an HTML element with `role="img"` — has
//! a non-empty accessible name: `alt`, `aria-label`, `aria-labelledby`
//! pointing to text, or `title`. Images hidden with `hidden`, `display:none`,
//! `visibility:hidden` (from the cascade) or `aria-hidden="true"` are not
//! applicable. SVG graphics have their own rule (`svg-img-name-missing`).
//!
//! **Why.** Screen-reader users hear nothing, or the file name, in place of the
//! image. WCAG 2.0 SC 1.1.1 (Non-text Content, level A); Thông tư 32/2017
//! Điều 18 khoản 1 điểm c requires text equivalents for images and image links.
//! ACT rule 23a2a8.
//!
//! **Fails:** `<img src="lanh-dao.jpg">`, `<img src="logo.png" role="none" tabindex="0">`
//!
//! **Passes:** `<img src="lanh-dao.jpg" alt="Chủ tịch UBND tỉnh phát biểu">`, `<img src="line.png" alt="">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "img-alt-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for img in super::images(page) {
        if page.accessible_name(img).is_empty() {
            out.fail(img).arg("src", img.attr("src").unwrap_or("?"));
        } else {
            out.pass();
        }
    }
}
