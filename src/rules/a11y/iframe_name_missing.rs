//! `iframe-name-missing`: a frame has no accessible name.
//!
//! **What it checks.** Every `<iframe>` and `<frame>` in the accessibility
//! tree and in the Tab order (not `tabindex="-1"`) has a non-empty accessible
//! name: `title`, `aria-label` or `aria-labelledby`. The `name` attribute
//! does not count. `role="none"` does not remove a frame that has a
//! `tabindex` or a global ARIA attribute (WAI-ARIA 1.2 §9.3, presentational
//! role conflict); a frame whose `role="none"` meets only its default
//! focusability is reported for review.
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
            page.role(*el).is_none()
                && el
                    .attr("tabindex")
                    .and_then(|t| t.trim().parse::<i64>().ok())
                    .is_none_or(|t| t >= 0)
        });
    for el in frames {
        if page.is_hidden(el) {
            continue;
        }
        if !page.accessible_name(el).is_empty() {
            out.pass();
        } else if super::frame_presentational_by_default(page, el) {
            out.cant_tell(el).arg("element", super::describe(el));
        } else {
            out.fail(el).arg("element", super::describe(el));
        }
    }
}
