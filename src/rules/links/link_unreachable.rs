//! `link-unreachable`: a link's target gives no answer (DNS, refused, timeout, reset, unsafe redirect, internal address).
//!
//! **What it checks.** Link targets that gave no HTTP answer at all: the host
//! name does not resolve, the connection is refused or reset, no answer came
//! within the timeout (after retries), a redirect led to `file:` or to a
//! private address, or the link itself points at a loopback, private or
//! reserved address (`http://10.0.0.5/`, `http://[::ffff:127.0.0.1]/`, a name
//! resolving there) from a site not configured on such an address: the
//! auditor does not connect there (that would let a site probe the agency's
//! network), and for the public the link leads nowhere.
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
                | LinkStatus::PrivateAddress
        ) {
            super::fail(out, link);
        }
    }
}
