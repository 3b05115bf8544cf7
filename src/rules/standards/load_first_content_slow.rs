//! `load-first-content-slow`: the first content of the page appears too late (FCP).
//!
//! **What it checks.** In the browser mode, on a page that was measured
//! (`[crawl] measure_runs`, `--measure-runs`): the median First Contentful
//! Paint of the loads under the fixed mobile profile (`render::profile`:
//! Lighthouse's mobile device and slow-4G throttling, cold cache) is under
//! the ruleset's `threshold_ms` (3 000 ms). Inapplicable to a page that was
//! not measured; cant_tell when nothing was painted.
//! Over the limit on a machine that was busy while it measured (under half
//! a core idle, `free_cores`): cant_tell with the `busy` message, since the
//! machine may have made it slow (`super::load::judge`).
//!
//! **Why.** The 2025 national criteria for state portals (Bộ tiêu chí đánh
//! giá cổng thông tin điện tử 2025, [S]) measure page load automatically and
//! repeatedly and ask for the first content in under 3 s; reading "first
//! content" as FCP is general knowledge [K].
//!
//! **Fails:** a page whose stylesheet takes 4 s to arrive (nothing is painted
//! before it): FCP ≈ 4.6 s.
//!
//! **Passes:** a small page with no blocking resource: FCP ≈ 1.2 s.

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "load-first-content-slow",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    super::load::judge(page, out, |run| run.fcp_ms);
}
