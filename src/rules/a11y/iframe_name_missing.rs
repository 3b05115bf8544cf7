//! `iframe-name-missing`: a frame has no accessible name.
//!
//! **What it checks.** Every `<iframe>` and `<frame>` in the accessibility
//! tree and in the Tab order (not `tabindex="-1"`, not `role="none"`) has a
//! non-empty accessible name: `title`, `aria-label` or `aria-labelledby`. The
//! `name` attribute does not count.
//!
//! **Why.** Screen readers list frames by name; an embedded map or video
//! player without a title is announced as "frame". WCAG 2.0 SC 4.1.2
//! (level A); ACT rule cae760.
//!
//! **Fails:** `<iframe src="https://maps.example/embed"></iframe>`
//!
//! **Passes:** `<iframe src="https://maps.example/embed" title="Bản đồ trụ sở UBND tỉnh"></iframe>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "iframe-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let frames = page
        .by_tag("iframe")
        .chain(page.by_tag("frame"))
        .filter(|el| {
            !matches!(
                page.explicit_role(*el)
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("none" | "presentation")
            ) && el
                .attr("tabindex")
                .and_then(|t| t.trim().parse::<i64>().ok())
                .is_none_or(|t| t >= 0)
        });
    super::require_names(page, out, frames);
}
