//! `line-height-narrow`: line height forced with `!important` in a `style` attribute is below 1.5.
//!
//! **What it checks.** An element with visible text whose `style` attribute
//! sets `line-height` with `!important` (and wins the cascade) sets at least
//! 1.5 times the font size (`normal` counts as 1.2). When the text may not
//! wrap (a scrolling container, `white-space: nowrap`) or the value cannot be
//! resolved, it is reported for review instead.
//!
//! **Why.** Users who increase line spacing with their own style sheet cannot
//! beat `!important` in the page. WCAG 2.1 SC 1.4.12 (Text Spacing, level AA;
//! best practice under WCAG 2.0); ACT rule 78fd32.
//!
//! **Fails:** `<p style="line-height: 1em !important">…</p>`
//!
//! **Passes:** `<p style="line-height: 1.6 !important">…</p>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "line-height-narrow",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::spacing::check(page, out, "line-height", 1.5, 1.2);
}
