//! `contrast-insufficient`: text does not stand out enough from its background (below 4.5 : 1).
//!
//! **What it checks.** Every visible text (not disabled) whose colour and
//! background colour the static cascade fully knows — both opaque, no
//! background image or gradient, no transparency, opacity, positioning or
//! transform on the way, every linked stylesheet loaded — has a contrast
//! ratio of at least 4.5 : 1, or 3 : 1 for large text (18 pt, or 14 pt bold).
//! When any of that is unknown, the text is reported for review (cant_tell),
//! never passed. On a page's rendered view (`--render chromium`) the colours,
//! font size and weight the browser painted and computed decide instead, so
//! text positioned over a coloured box or a control in the user agent's
//! colours gets a verdict; text over an image or gradient stays for review.
//!
//! **Why.** Grey-on-white notices and white-on-yellow banners are unreadable
//! for people with low vision and for everyone in sunlight. Thông tư 32/2017
//! Điều 18 khoản 1 điểm a requires reasonable colour and contrast between text
//! and background. WCAG 2.0 SC 1.4.3 (Contrast (Minimum), level AA); ACT rule
//! afw4f7.
//!
//! **Fails:** `<p style="color:#aaa; background:#fff">Thông báo</p>` (2.32 : 1)
//!
//! **Passes:** `<p style="color:#333; background:#fff">Thông báo</p>` (12.63 : 1)

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "contrast-insufficient",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::contrast::check(page, out, 4.5, 3.0);
}
