//! `video-captions-missing`: a video has no captions track.
//!
//! **What it checks.** Every visible `<video>` has a `<track>` child of kind
//! `captions` or `subtitles` (fails without one). A video that is `muted`
//! may have no sound to caption: it is reported for review (cant_tell).
//! Embedded players (`<iframe>`) cannot be inspected and are not checked.
//!
//! **Why.** Deaf and hard-of-hearing people miss everything said in the
//! video. Thông tư 32/2017 Điều 18 khoản 1 điểm c requires a text rendition of
//! the main content of audio and video. WCAG 2.0 SC 1.2.2 (Captions
//! (Prerecorded), level A).
//!
//! **Fails:** `<video src="hoi-nghi.mp4" controls></video>`
//!
//! **Passes:** `<video src="hoi-nghi.mp4" controls><track kind="captions" src="hoi-nghi.vtt" srclang="vi"></video>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "video-captions-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for video in page.by_tag("video") {
        if !page.is_visible(video) {
            continue;
        }
        let captioned = video.children().any(|t| {
            t.name() == "track"
                && t.attr("kind").is_some_and(|k| {
                    matches!(
                        k.trim().to_ascii_lowercase().as_str(),
                        "captions" | "subtitles"
                    )
                })
        });
        let src = super::media_src(video);
        if captioned {
            out.pass();
        } else if video.has_attr("muted") {
            out.cant_tell(video).arg("src", src);
        } else {
            out.fail(video).arg("src", src);
        }
    }
}
