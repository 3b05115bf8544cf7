//! `load-full-display-slow`: the page is not fully displayed in time.
//!
//! **What it checks.** In the browser mode, on a page that was measured: the
//! median time of the last visual change the browser reports — the latest
//! of First Contentful Paint, Largest Contentful Paint and the last layout
//! shift — is under the ruleset's `threshold_ms` (5 800 ms). This is not
//! Lighthouse's Speed Index (which averages visual progress over filmstrip
//! frames, and is never later than visual completion): it is a cheaper
//! proxy of visual completion that misses late changes which are neither a
//! largest-content candidate nor a layout shift (a small image, an
//! animation). Inapplicable to a page that was not measured; cant_tell when
//! nothing was painted.
//! Over the limit on a machine that was busy while it measured (under half
//! a core idle, `free_cores`): cant_tell with the `busy` message, since the
//! machine may have made it slow (`super::load::judge`).
//!
//! **Why.** The 2025 national criteria for state portals [S] ask for full
//! display in under 5.8 s — the limit of Lighthouse's mobile Speed Index
//! "poor" band, so Speed Index is the likely reading [K]. A page over the
//! limit here may still have a Speed Index under it: a notice, for a person
//! to confirm with the national measurement tool.
//!
//! **Fails:** a page whose news block is inserted by a script 6 s after
//! load and shifts the layout.
//!
//! **Passes:** a page fully painted at its first paint.

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "load-full-display-slow",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::load::judge(page, out, |run| run.visual_complete_ms);
}
