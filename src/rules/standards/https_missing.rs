//! `https-missing`: the site is served over plain HTTP.
//!
//! **What it checks.** The site's pages finally come over `https://`: either
//! its address is HTTPS, or its `http://` address redirects there.
//!
//! **Why.** Without HTTPS everything a citizen reads or sends can be read and
//! altered on the way, and browsers mark the site "Not secure". Thông tư
//! 39/2017 Danh mục item 4.2 makes HTTPS and TLS 1.2 mandatory; Thông tư
//! 32/2017 Điều 20 requires securing the portal.
//!
//! **Fails:** `http://sokhdt.example.gov.vn/` answers 200 with the page
//!
//! **Passes:** `http://sokhdt.example.gov.vn/` answers 301 to `https://sokhdt.example.gov.vn/`

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "https-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(transport) = &site.transport else {
        return;
    };
    if transport.served_over_https() {
        out.pass();
    } else {
        out.fail_at(None)
            .at_url(transport.final_url.clone())
            .arg("url", transport.final_url.clone());
    }
}
