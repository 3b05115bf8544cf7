//! `img-alt-missing`: an image has no text alternative.
//!
//! **What it checks.** Every `<img>` that is rendered and not marked as
//! decorative (`alt=""`, `role="presentation"`/`"none"`) has a non-empty
//! accessible name: `alt`, `aria-label`, `aria-labelledby` pointing to text, or
//! `title`. Images hidden with `hidden`, `aria-hidden="true"` or an inline
//! `display:none` are not applicable.
//!
//! **Why.** Screen-reader users hear nothing, or the file name, in place of the
//! image. WCAG 2.0 SC 1.1.1 (Non-text Content, level A); Thông tư 32/2017
//! Điều 18 khoản 1 điểm c requires text equivalents for images and image links.
//! ACT rule 23a2a8.
//!
//! **Fails:** `<img src="lanh-dao.jpg">`
//!
//! **Passes:** `<img src="lanh-dao.jpg" alt="Chủ tịch UBND tỉnh phát biểu">`, `<img src="line.png" alt="">`

use crate::page::{El, Page};
use crate::rules::Findings;

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    for img in page.by_tag("img") {
        if is_hidden(img) || is_decorative(img) {
            continue;
        }
        if has_name(page, img) {
            out.pass();
        } else {
            out.fail(img).arg("src", img.attr("src").unwrap_or("?"));
        }
    }
}

fn is_decorative(img: El<'_>) -> bool {
    img.attr("alt") == Some("") && img.attr("aria-label").is_none_or(|l| l.trim().is_empty())
        || matches!(
            img.attr("role").map(str::trim),
            Some("presentation" | "none")
        )
}

fn is_hidden(img: El<'_>) -> bool {
    std::iter::once(img).chain(img.ancestors()).any(|el| {
        el.has_attr("hidden")
            || el
                .attr("aria-hidden")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            || el.attr("style").is_some_and(|s| {
                s.to_ascii_lowercase()
                    .replace(' ', "")
                    .contains("display:none")
            })
    })
}

fn has_name(page: &Page, img: El<'_>) -> bool {
    let non_empty = |v: Option<&str>| v.is_some_and(|v| !v.trim().is_empty());
    non_empty(img.attr("alt"))
        || non_empty(img.attr("aria-label"))
        || non_empty(img.attr("title"))
        || img.attr("aria-labelledby").is_some_and(|ids| {
            ids.split_whitespace()
                .filter_map(|id| page.by_id(id).next())
                .any(|el| !el.text().trim().is_empty() || non_empty(el.attr("aria-label")))
        })
}
