//! `iframe-content-unreachable`: a frame with controls inside is taken out of the Tab order.
//!
//! **What it checks.** An `<iframe>` with a negative `tabindex` that is
//! rendered (not `hidden`, `inert`, `display:none` or 1×1 pixel) must not
//! hold content in the Tab order: with `srcdoc` the embedded document is
//! parsed and its links, controls and `tabindex ≥ 0` elements looked for
//! (fails when there are any); with only `src` the content cannot be seen
//! statically (cant_tell). Frames without a negative `tabindex` pass.
//!
//! **Why.** `tabindex="-1"` on an iframe makes every link and field inside
//! it unreachable with the keyboard (an embedded map, a booking form).
//! WCAG 2.0 SC 2.1.1 (Keyboard, level A); ACT rule akn7bn.
//!
//! **Fails:** `<iframe tabindex="-1" srcdoc="<a href='/'>Trang chủ</a>"></iframe>`
//!
//! **Passes:** `<iframe srcdoc="<a href='/'>Trang chủ</a>" title="Liên kết"></iframe>`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

fn tiny(el: El<'_>) -> bool {
    ["width", "height"].iter().any(|a| {
        el.attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok())
            .is_some_and(|v| v <= 1.0)
    })
}

/// Whether the embedded document has something in the Tab order.
fn has_tab_stops(srcdoc: &str) -> bool {
    let inner = Page::from_html("about:srcdoc", srcdoc);
    [
        "a", "area", "button", "input", "select", "textarea", "summary", "iframe",
    ]
    .iter()
    .flat_map(|t| inner.by_tag(t))
    .chain(inner.with_tabindex())
    .any(|el| inner.in_tab_order(el))
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "iframe-content-unreachable",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for frame in page.by_tag("iframe") {
        if page.is_not_rendered(frame)
            || page.is_invisible(frame)
            || frame.has_attr("inert")
            || tiny(frame)
        {
            continue;
        }
        let excluded = frame
            .attr("tabindex")
            .and_then(|t| t.trim().parse::<i64>().ok())
            .is_some_and(|t| t < 0);
        match (excluded, frame.attr("srcdoc")) {
            (false, _) => out.pass(),
            (true, Some(doc)) => {
                if has_tab_stops(doc) {
                    out.fail(frame).arg("element", super::describe(frame));
                }
            }
            (true, None) => {
                if frame.has_attr("src") {
                    out.cant_tell(frame).arg("element", super::describe(frame));
                }
            }
        }
    }
}
