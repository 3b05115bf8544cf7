//! `meta-refresh-any-delay`: the page refreshes or redirects itself after any delay (no exception).
//!
//! **What it checks.** The first `<meta http-equiv="refresh">` with a valid
//! `content` has a delay of 0. Any positive delay fails, even beyond 20 hours
//! (the stricter AAA reading, without the 2.2.1 exception).
//!
//! **Why.** Content that changes on its own interrupts people who read slowly
//! or with a screen reader. WCAG 2.0 SC 2.2.4 (Interruptions) and 3.2.5
//! (Change on Request), level AAA; reported as a best practice. ACT rule bisz58.
//!
//! **Fails:** `<meta http-equiv="refresh" content="600; url=/">`
//!
//! **Passes:** `<meta http-equiv="refresh" content="0; url=/trang-moi">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "meta-refresh-any-delay",
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
    if delay == 0 {
        out.pass();
    } else {
        out.fail(meta).arg("delay", delay.to_string());
    }
}
