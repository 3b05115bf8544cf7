//! `link-tls-invalid`: a link's target has an invalid TLS certificate.
//!
//! **What it checks.** Link targets whose TLS handshake failed: an expired,
//! self-signed or mismatched certificate, or an obsolete protocol.
//!
//! **Why.** Browsers show a full-page warning instead of the content, and
//! readers learn to click through warnings; for a state agency this is a real
//! failure, not a technicality. Quy chế Điều 11 khoản 3.
//!
//! **Fails:** `<a href="https://sokhdt.travinh.gov.vn/">` whose certificate expired.
//!
//! **Passes:** the same link with a valid certificate.

use crate::rules::site::LinkStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-tls-invalid",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        if link.answer.status == LinkStatus::Tls {
            super::fail(out, link);
        }
    }
}
