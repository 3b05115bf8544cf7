//! `meta-refresh-delay`: the page refreshes or redirects itself after a delay.
//!
//! **What it checks.** The first `<meta http-equiv="refresh">` with a valid
//! `content` has a delay of 0 (an immediate redirect) or more than 20 hours
//! (72 000 s, the WCAG exception). A delay between 1 s and 20 hours fails.
//!
//! **Why.** A news portal that reloads every 5 minutes throws a screen-reader
//! user back to the top of the page mid-article, with no way to stop it.
//! WCAG 2.0 SC 2.2.1 (Timing Adjustable, level A); ACT rule bc659a.
//!
//! **Fails:** `<meta http-equiv="refresh" content="300">`
//!
//! **Passes:** `<meta http-equiv="refresh" content="0; url=/trang-moi">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "meta-refresh-delay",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some((meta, delay)) = super::refresh::first_refresh(page) else {
        return;
    };
    if delay == 0 || delay > 72_000 {
        out.pass();
    } else {
        out.fail(meta).arg("delay", delay.to_string());
    }
}
