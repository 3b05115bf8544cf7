//! `viewport-missing`: the page is not laid out for small screens.
//!
//! **What it checks.** On a site with a role (a state agency's site: what
//! the law asks depends on it, as for the content rules), every audited HTML
//! page has a `<meta name="viewport">` whose `content` sets
//! `width=device-width`, and its layout is not fixed-width. The page's
//! verdict is taken while it is parsed (`SitePage::mobile`, [`judge`]); the
//! rule fails, once per page, at the first of:
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

use serde::{Deserialize, Serialize};

use crate::page::{El, Page, Target};
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// Why a page does not fit small screens: where, and what.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobileIssue {
    /// The element at fault (`<html>`, the viewport `<meta>`, the fixed-width element).
    pub target: Target,
    /// The missing viewport, the viewport as written, or the fixed width's declaration.
    pub detail: String,
}

/// A fixed width from which a layout no longer fits a phone (CSS px).
const FIXED_PX: f32 = 600.0;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "viewport-missing",
    family: Family::Standards,
    check: Check::Site(check),
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

/// The page's mobile verdict: `None` when it fits small screens (or is not HTML).
#[must_use]
pub fn judge(page: &Page) -> Option<MobileIssue> {
    let html = page.root()?;
    let issue = |el: El<'_>, detail: String| {
        Some(MobileIssue {
            target: el.target(),
            detail,
        })
    };
    let viewport = page.by_tag("meta").find(|meta| {
        meta.attr("name")
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("viewport"))
    });
    let Some(meta) = viewport else {
        return issue(html, "<meta name=\"viewport\">: -".to_string());
    };
    let content = meta.attr("content").unwrap_or_default();
    let width = content.split([',', ';']).find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("width")
            .then(|| value.trim().to_ascii_lowercase())
    });
    if width.as_deref() != Some("device-width") {
        return issue(
            meta,
            format!("<meta name=\"viewport\" content=\"{content}\">"),
        );
    }
    let body = page.by_tag("body").next()?;
    let (el, declaration) = fixed_element(page, body)?;
    issue(el, declaration)
}

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    if site.role.is_none() {
        return;
    }
    for page in &site.pages {
        match &page.mobile {
            Some(issue) => {
                out.fail_at(Some(issue.target.clone()))
                    .at_url(page.url.clone())
                    .arg("detail", issue.detail.clone());
            }
            None => out.pass(),
        }
    }
}
