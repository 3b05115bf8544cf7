//! `media-autoplay-audio`: sound starts by itself and may not be stoppable.
//!
//! **What it checks.** An `<audio>` or `<video>` with `autoplay` that is not
//! `muted`. With the browser's own `controls` the user can pause it or turn
//! the volume down: passed. Without them it fails WCAG only when the sound
//! lasts more than 3 seconds, which markup does not tell: needs review
//! (cant_tell), with the source named.
//!
//! **Why.** Sound that plays by itself covers the voice of the screen reader
//! a blind visitor relies on, and there may be no way to find the control.
//! WCAG 2.0 SC 1.4.2 (Audio Control, level A); Thông tư 32/2017 Điều 18
//! khoản 1 (text equivalents, no auto-moving content) and Điều 17 khoản 3.
//!
//! **Fails:** `<audio src="nhac-nen.mp3" autoplay loop></audio>` (if longer than 3 s)
//!
//! **Passes:** `<audio src="ban-tin.mp3" controls></audio>`, `<video src="gioi-thieu.mp4" autoplay muted></video>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "media-autoplay-audio",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for media in page.by_tag("audio").chain(page.by_tag("video")) {
        if !media.has_attr("autoplay") || media.has_attr("muted") {
            continue;
        }
        if media.has_attr("controls") {
            out.pass();
        } else {
            let src = super::media_src(media);
            out.cant_tell(media).arg("src", src);
        }
    }
}
