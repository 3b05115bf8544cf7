//! `letter-spacing-narrow`: letter spacing forced with `!important` in a `style` attribute is below 0.12 em.
//!
//! **What it checks.** An element with visible text whose `style` attribute
//! sets `letter-spacing` with `!important` (and wins the cascade) sets at
//! least 0.12 times the font size (`normal` counts as 0). Pixel values are
//! compared with the font size from the static cascade; a value we cannot
//! resolve is reported for review.
//!
//! **Why.** People with dyslexia or low vision widen letter spacing with their
//! own style sheet; `!important` in the page blocks them. WCAG 2.1 SC 1.4.12
//! (Text Spacing, level AA; best practice under WCAG 2.0); ACT rule 24afc2.
//!
//! **Fails:** `<p style="letter-spacing: 0.1em !important">…</p>`
//!
//! **Passes:** `<p style="letter-spacing: 0.15em !important">…</p>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "letter-spacing-narrow",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::spacing::check(page, out, "letter-spacing", 0.12, 0.0);
}
