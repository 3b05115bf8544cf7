//! `hsts-missing`: the HTTPS site does not ask browsers to stay on HTTPS.
//!
//! **What it checks.** The first HTTPS page of the site carries a
//! `Strict-Transport-Security` header. A notice.
//!
//! **Why.** Without HSTS a visitor who types the address or follows an old
//! `http://` link makes a first request in clear text, which an attacker on
//! the network can hijack. Thông tư 39/2017 item 4.2 (HTTPS); a widely
//! recommended hardening, not itself named in the circular.
//!
//! **Fails:** an HTTPS answer without `Strict-Transport-Security`
//!
//! **Passes:** `Strict-Transport-Security: max-age=31536000; includeSubDomains`

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "hsts-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(transport) = &site.transport else {
        return;
    };
    if !transport.served_over_https() {
        return;
    }
    if transport.hsts.is_some() {
        out.pass();
    } else {
        out.fail_at(None).at_url(transport.final_url.clone());
    }
}
