//! `object-name-missing`: an `<object>` showing an image, audio or video has no name.
//!
//! **What it checks.** Every `<object>` without an explicit role in force
//! (`role="none"` gives way to focus or a global ARIA attribute) whose `data`
//! or `type` says it renders an image, audio or video, in the accessibility
//! tree, has a non-empty accessible name (`aria-label`, `aria-labelledby` or
//! `title`). Fallback content inside the object does not name it.
//!
//! **Why.** An embedded media object without a name is announced as "object".
//! WCAG 2.0 SC 1.1.1 (level A); Thông tư 32/2017 Điều 18 khoản 1 điểm c.
//! ACT rule 8fc3b6.
//!
//! **Fails:** `<object data="gioi-thieu.mp4"></object>`
//!
//! **Passes:** `<object data="gioi-thieu.mp4" title="Phim giới thiệu tỉnh"></object>`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

const MEDIA: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "avif", "mp3", "wav", "ogg", "oga", "m4a",
    "aac", "flac", "mp4", "webm", "ogv", "mov", "m4v", "avi",
];

fn renders_media(el: El<'_>) -> bool {
    if let Some(t) = el.attr("type") {
        let t = t.trim().to_ascii_lowercase();
        if t.starts_with("image/") || t.starts_with("audio/") || t.starts_with("video/") {
            return true;
        }
    }
    el.attr("data").is_some_and(|data| {
        let path = data.split(['?', '#']).next().unwrap_or_default();
        let ext = path
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        path.contains('.') && MEDIA.contains(&ext.as_str())
    })
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "object-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let objects = page
        .by_tag("object")
        .filter(|el| page.role(*el).is_none() && renders_media(*el));
    super::require_names(page, out, objects);
}
