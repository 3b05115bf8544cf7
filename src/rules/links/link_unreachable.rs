//! `link-unreachable`: a link's target gives no answer (DNS, refused, timeout, reset, unsafe redirect).
//!
//! **What it checks.** Link targets that gave no HTTP answer at all: the host
//! name does not resolve, the connection is refused or reset, no answer came
//! within the timeout (after retries), or a redirect led to `file:` or to a
//! private address.
//!
//! **Why.** For the reader the link is broken; Quy chế Điều 11 khoản 3 makes the
//! portal's owner answer for it. The reason is in the message so the webmaster
//! knows whether the target site is down or gone.
//!
//! **Fails:** `<a href="https://sotc.travinh.gov.vn/">` whose host no longer resolves.
//!
//! **Passes:** a link whose target answers.

use crate::rules::site::LinkStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-unreachable",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        if matches!(
            link.answer.status,
            LinkStatus::Dns
                | LinkStatus::Refused
                | LinkStatus::Timeout
                | LinkStatus::Error
                | LinkStatus::UnsafeRedirect
        ) {
            super::fail(out, link);
        }
    }
}
