//! `load-largest-content-slow`: the largest content of the page appears too late (LCP).
//!
//! **What it checks.** In the browser mode, on a page that was measured: the
//! median Largest Contentful Paint (the last candidate the browser reported
//! before the page was read) under the fixed mobile profile is under the
//! ruleset's `threshold_ms` (4 000 ms). Inapplicable to a page that was not
//! measured; cant_tell when the browser reported no candidate.
//! Over the limit on a machine that was busy while it measured (under half
//! a core idle, `free_cores`): cant_tell with the `busy` message, since the
//! machine may have made it slow (`super::load::judge`).
//!
//! **Why.** The 2025 national criteria for state portals [S] ask for the
//! largest content in under 4 s; reading it as LCP is general knowledge [K].
//! A banner image or a news photo that arrives late is the usual cause.
//!
//! **Fails:** a page whose large banner image the server sends after 4.5 s:
//! LCP ≈ 5.6 s.
//!
//! **Passes:** the same page with the image sent at once.

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "load-largest-content-slow",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::load::judge(page, out, |run| run.lcp_ms);
}
