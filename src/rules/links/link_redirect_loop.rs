//! `link-redirect-loop`: a link's redirects loop, or there are more than 10.
//!
//! **What it checks.** Link targets whose redirects come back to a URL already
//! visited, or go on for more than 10 hops.
//!
//! **Why.** Browsers give up with an error page ("too many redirects"): the link
//! is broken for every reader. Quy chế Điều 11 khoản 3.
//!
//! **Fails:** `/a` redirecting to `/b`, which redirects back to `/a`.
//!
//! **Passes:** `/a` redirecting once to `/b`, which answers 200.

use crate::rules::site::LinkStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-redirect-loop",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        if link.answer.status == LinkStatus::RedirectLoop {
            super::fail(out, link);
        }
    }
}
