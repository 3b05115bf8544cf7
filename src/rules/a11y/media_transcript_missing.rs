//! `media-transcript-missing`: an audio or video has no text alternative nearby.
//!
//! **What it checks.** Every visible `<audio>` and every `<video>` without a
//! captions track is followed or preceded (in its parent or its figure) by a
//! text alternative: a link or text naming a transcript ("bản ghi", "nội
//! dung văn bản", "toàn văn", "transcript") or described with
//! `aria-describedby`. When one is found: passed. Otherwise a person must
//! check whether the page itself already carries the same content (a news
//! article under its video often does): needs review (cant_tell).
//!
//! **Why.** Thông tư 32/2017 Điều 18 khoản 1 điểm c requires a text rendition
//! of the main content of audio and video; deaf-blind users and people who
//! cannot play sound at work depend on it. WCAG 2.0 SC 1.2.1 (Audio-only and
//! Video-only (Prerecorded)) and 1.2.3 (Audio Description or Media
//! Alternative), level A.
//!
//! **Fails:** (as "needs review") `<audio src="phat-bieu.mp3" controls></audio>` alone
//!
//! **Passes:** `<audio src="phat-bieu.mp3" controls></audio><a href="phat-bieu.html">Bản ghi nội dung phát biểu</a>`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// Words that name a text alternative of a recording.
const TRANSCRIPT_WORDS: &[&str] = &[
    "bản ghi",
    "nội dung văn bản",
    "toàn văn",
    "văn bản ghi",
    "transcript",
    "text version",
];

fn names_transcript(text: &str) -> bool {
    let text = text.to_lowercase();
    TRANSCRIPT_WORDS.iter().any(|w| text.contains(w))
}

fn has_transcript(media: El<'_>) -> bool {
    if media.has_attr("aria-describedby") {
        return true;
    }
    let scope = media
        .ancestors()
        .find(|a| a.name() == "figure")
        .or_else(|| media.parent());
    scope.is_some_and(|scope| {
        scope.descendants().any(|el| {
            el.name() == "a"
                && (names_transcript(&el.text()) || el.attr("title").is_some_and(names_transcript))
        }) || names_transcript(&scope.text())
    })
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "media-transcript-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for media in page.by_tag("audio").chain(page.by_tag("video")) {
        if !page.is_visible(media) {
            continue;
        }
        let captioned = media.name() == "video"
            && media.children().any(|t| {
                t.name() == "track"
                    && t.attr("kind").is_some_and(|k| {
                        matches!(
                            k.trim().to_ascii_lowercase().as_str(),
                            "captions" | "subtitles" | "descriptions"
                        )
                    })
            });
        if captioned || has_transcript(media) {
            out.pass();
        } else {
            let src = super::media_src(media);
            out.cant_tell(media).arg("src", src);
        }
    }
}
