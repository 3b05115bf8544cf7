//! `contrast-enhanced-insufficient`: text contrast is below the enhanced level (7 : 1).
//!
//! **What it checks.** The same as `contrast-insufficient` with the AAA
//! thresholds: 7 : 1 for normal text, 4.5 : 1 for large text. Reported as a
//! notice: Thông tư 32/2017 asks for reasonable contrast, WCAG AA is the bar.
//!
//! **Why.** People with more severe low vision need the stronger contrast.
//! WCAG 2.0 SC 1.4.6 (Contrast (Enhanced), level AAA); ACT rule 09o5cg.
//!
//! **Fails:** `<p style="color:#777; background:#fff">Thông báo</p>` (4.48 : 1)
//!
//! **Passes:** `<p style="color:#333; background:#fff">Thông báo</p>` (12.63 : 1)

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "contrast-enhanced-insufficient",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::contrast::check(page, out, 7.0, 4.5);
}
