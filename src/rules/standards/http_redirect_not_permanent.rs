//! `http-redirect-not-permanent`: HTTP is sent to HTTPS with a temporary redirect.
//!
//! **What it checks.** When the site's `http://` address redirects to
//! `https://`, the redirect is permanent (301 or 308), not temporary (302,
//! 303, 307).
//!
//! **Why.** With a temporary redirect, browsers and search engines keep
//! using the insecure address, and every first visit travels over plain HTTP
//! first. Thông tư 39/2017 item 4.2 (HTTPS mandatory).
//!
//! **Fails:** `http://…/` answers `302 Found`, `Location: https://…/`
//!
//! **Passes:** `http://…/` answers `301 Moved Permanently`, `Location: https://…/`

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "http-redirect-not-permanent",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(transport) = &site.transport else {
        return;
    };
    let Some(answer) = &transport.http_answer else {
        return;
    };
    let Some(location) = answer
        .location
        .as_deref()
        .filter(|l| l.to_ascii_lowercase().starts_with("https://"))
    else {
        return;
    };
    if matches!(answer.status, 301 | 308) {
        out.pass();
    } else if (300..400).contains(&answer.status) {
        out.fail_at(None)
            .at_url(transport.start_url.clone())
            .arg("status", answer.status.to_string())
            .arg("location", location);
    }
}
