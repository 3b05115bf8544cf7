//! `blinking-content`: text blinks or scrolls by itself (`<marquee>`, `<blink>`, `text-decoration: blink`, endless CSS animation).
//!
//! **What it checks.** The page has no visible `<marquee>` or `<blink>`
//! element and no element styled `text-decoration: blink` (fails). An element
//! whose CSS animation repeats forever (`animation: … infinite`) needs review
//! (cant_tell): the page may offer a pause control we cannot see statically.
//! A page with none of these is not applicable rather than passed: tickers
//! driven by script or by stylesheet animations are beyond a static check.
//!
//! **Why.** Moving and blinking text cannot be read by people with attention
//! or reading difficulties and disturbs screen readers; scrolling news tickers
//! (`<marquee>`) are still common on Vietnamese portals. Thông tư 32/2017
//! Điều 18 khoản 1 điểm b forbids blinking or flashing text and automatically
//! moving text. WCAG 2.0 SC 2.2.2 (Pause, Stop, Hide, level A).
//!
//! **Fails:** `<marquee>Chào mừng kỷ niệm 50 năm…</marquee>`
//!
//! **Passes:** `<p>Chào mừng kỷ niệm 50 năm…</p>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "blinking-content",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.by_tag("marquee").chain(page.by_tag("blink")) {
        if page.is_visible(el) {
            out.fail(el).arg("element", super::describe(el));
        }
    }
    for el in page.with_style_attr() {
        let declared = page.declared(el);
        let blink = declared
            .get("text-decoration")
            .is_some_and(|d| d.value.to_ascii_lowercase().contains("blink"));
        let endless = ["animation", "animation-iteration-count"].iter().any(|p| {
            declared
                .get(p)
                .is_some_and(|d| d.value.to_ascii_lowercase().contains("infinite"))
        });
        if !page.is_visible(el) {
            continue;
        }
        if blink {
            out.fail(el).arg("element", super::describe(el));
        } else if endless {
            out.cant_tell(el).arg("element", super::describe(el));
        }
    }
}
