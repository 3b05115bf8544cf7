//! `link-mailto-invalid`: a `mailto:` link holds no valid e-mail address.
//!
//! **What it checks.** `mailto:` links: each address before `?` must look like
//! `name@domain.tld` (no spaces, one `@`, a dot in the domain).
//!
//! **Why.** The contact address of the editorial board or of an agency is how
//! citizens write to it (Quy chế Điều 11 khoản 2); a malformed `mailto:` opens
//! an empty or wrong message.
//!
//! **Fails:** `<a href="mailto:banbientap@travinh">`, `<a href="mailto:">`
//!
//! **Passes:** `<a href="mailto:banbientap@travinh.gov.vn?subject=G%C3%B3p%20%C3%BD">`

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-mailto-invalid",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    for link in data.links.iter().filter(|l| l.link.scheme == "mailto") {
        let rest = link
            .link
            .href
            .trim()
            .get("mailto:".len()..)
            .unwrap_or_default();
        let addresses = rest.split('?').next().unwrap_or_default();
        let decoded = addresses.replace("%40", "@").replace("%20", " ");
        let valid =
            !decoded.trim().is_empty() && decoded.split(',').all(|a| valid_address(a.trim()));
        if valid {
            out.pass();
        } else {
            super::fail(out, link);
        }
    }
}

fn valid_address(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !address.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}
