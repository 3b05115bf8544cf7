//! `svg-img-name-missing`: an SVG graphic with an explicit image role has no name.
//!
//! **What it checks.** Every `<svg>` (or SVG shape) with an explicit role
//! `img`, `graphics-document` or `graphics-symbol`, in the accessibility tree,
//! has a non-empty accessible name: a `<title>` child, `aria-label` or
//! `aria-labelledby`. Text drawn inside the graphic does not name it.
//!
//! **Why.** Charts and logos drawn in SVG and declared as images are
//! announced as "image" with nothing else. WCAG 2.0 SC 1.1.1 (level A);
//! Thông tư 32/2017 Điều 18 khoản 1 điểm c (charts, graphs). ACT rule 7d6734.
//!
//! **Fails:** `<svg role="img"><circle r="40"/></svg>`
//!
//! **Passes:** `<svg role="img"><title>Biểu đồ dân số</title>…</svg>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "svg-img-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let graphics = page.with_role_attr().filter(|el| {
        page.is_svg(*el)
            && matches!(
                page.explicit_role(*el)
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("img" | "graphics-document" | "graphics-symbol")
            )
    });
    super::require_names(page, out, graphics);
}
