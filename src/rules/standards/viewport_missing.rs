//! `viewport-missing`: the page is not laid out for small screens.
//!
//! **What it checks.** An HTML page has a `<meta name="viewport">` whose
//! `content` sets `width=device-width`, and its layout is not fixed-width.
//! It fails, once per page, at the first of:
//! - no viewport `<meta>` (at `<html>`): phones then lay the page out 980 px
//!   wide and shrink it;
//! - a viewport with a fixed `width` (`width=1024`), or without `width` (at
//!   the `<meta>`);
//! - `<body>` or an element within two levels of it whose computed `width` or
//!   `min-width` is 600 px or more, with no `max-width` in `%` or `vw` (at
//!   that element): the page scrolls sideways on a phone.
//!
//! The static cascade applies `@media` blocks for screen, so a fixed width a
//! media query overrides is not reported (a miss, never a false finding); the
//! browser mode sees the real layout.
//!
//! **Why.** Nghị định 224/2026 Điều 10 khoản 3 điểm a asks that portals
//! display on mobile devices; Thông tư 32/2017 Điều 17 khoản 1 required
//! mobile access at least for the mandatory information (its status after
//! 04/4/2024 is not established; Thông tư 22/2023's annexes are unseen).
//! The home page's viewport is also one of `site-function-missing`'s
//! functions; this rule judges every page.
//!
//! **Fails:** `<head><title>Tin tức</title></head>` (no viewport);
//! `<meta name="viewport" content="width=1024">`;
//! `<div style="width:1000px">` around the page.
//!
//! **Passes:** `<meta name="viewport" content="width=device-width, initial-scale=1">`
//! with a fluid layout.

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// A fixed width from which a layout no longer fits a phone (CSS px).
const FIXED_PX: f32 = 600.0;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "viewport-missing",
    family: Family::Standards,
    check: Check::Page(check),
};

/// A length in px when written in px (`1000px`, `1000`).
fn px(value: &str) -> Option<f32> {
    let v = value.trim().to_ascii_lowercase();
    let v = v.trim_end_matches("!important").trim();
    let number = v.strip_suffix("px").unwrap_or(v).trim();
    number.parse::<f32>().ok()
}

/// The element (body or within two levels below it) that fixes the layout's
/// width, with the declaration.
fn fixed_element<'a>(page: &'a Page, body: El<'a>) -> Option<(El<'a>, String)> {
    let mut level = vec![body];
    for _ in 0..3 {
        let mut next = Vec::new();
        for el in level {
            for property in ["width", "min-width"] {
                let Some(value) = page.computed(el, property) else {
                    continue;
                };
                if px(&value).is_some_and(|n| n >= FIXED_PX) {
                    let fluid = page.computed(el, "max-width").is_some_and(|m| {
                        let m = m.trim().to_ascii_lowercase();
                        m.ends_with('%') || m.ends_with("vw")
                    });
                    if !fluid {
                        return Some((el, format!("{property}: {}", value.trim())));
                    }
                }
            }
            next.extend(el.children());
        }
        level = next;
    }
    None
}

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let Some(html) = page.root() else { return };
    let viewport = page.by_tag("meta").find(|meta| {
        meta.attr("name")
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("viewport"))
    });
    let Some(meta) = viewport else {
        out.fail(html).arg("detail", "<meta name=\"viewport\">: -");
        return;
    };
    let content = meta.attr("content").unwrap_or_default();
    let width = content.split([',', ';']).find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("width")
            .then(|| value.trim().to_ascii_lowercase())
    });
    if width.as_deref() != Some("device-width") {
        out.fail(meta).arg(
            "detail",
            format!("<meta name=\"viewport\" content=\"{content}\">"),
        );
        return;
    }
    let body = page.by_tag("body").next();
    match body.and_then(|body| fixed_element(page, body)) {
        Some((el, declaration)) => {
            out.fail(el).arg("detail", declaration);
        }
        None => out.pass(),
    }
}
