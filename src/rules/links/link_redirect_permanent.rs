//! `link-redirect-permanent`: a link goes through a permanent redirect (301 or 308).
//!
//! **What it checks.** Links whose target answers a permanent redirect (301 or
//! 308) and then a page: the link still works, but should be updated to the
//! final address.
//!
//! **Why.** Permanent redirects are left behind when a site moves; they are the
//! first to break when the old address is retired, and each adds a round trip.
//! Quy chế Điều 11 khoản 3 asks the portal's owner to keep links correct.
//!
//! **Fails:** `<a href="http://sotnmt.travinh.gov.vn/">` answering 301 to `https://…`.
//!
//! **Passes:** `<a href="https://sotnmt.travinh.gov.vn/">` answering 200.

use crate::rules::site::LinkStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-redirect-permanent",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        let permanent = link
            .answer
            .redirects
            .first()
            .is_some_and(|h| matches!(h.status, 301 | 308));
        if link.answer.status == LinkStatus::Redirect && permanent {
            super::fail(out, link);
        }
    }
}
