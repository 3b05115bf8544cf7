//! `word-spacing-narrow`: word spacing forced with `!important` in a `style` attribute is below 0.16 em.
//!
//! **What it checks.** An element with visible text whose `style` attribute
//! sets `word-spacing` with `!important` (and wins the cascade) sets at least
//! 0.16 times the font size (`normal` counts as 0). A value we cannot resolve
//! is reported for review.
//!
//! **Why.** Users who widen word spacing with their own style sheet cannot
//! beat `!important` in the page. WCAG 2.1 SC 1.4.12 (Text Spacing, level AA;
//! best practice under WCAG 2.0); ACT rule 9e45ec.
//!
//! **Fails:** `<p style="word-spacing: 0.1em !important">…</p>`
//!
//! **Passes:** `<p style="word-spacing: 0.2em !important">…</p>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "word-spacing-narrow",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::spacing::check(page, out, "word-spacing", 0.16, 0.0);
}
