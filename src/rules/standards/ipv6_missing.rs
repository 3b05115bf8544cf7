//! `ipv6-missing`: the site's host has no IPv6 address.
//!
//! **What it checks.** The DNS of the site's host name has at least one AAAA
//! record. When the lookup itself fails (no answer, resolver unreachable) the
//! outcome is cant_tell with the reason, never a failure. Sites addressed by
//! an IP literal are not applicable.
//!
//! **Why.** Thông tư 39/2017 Danh mục item 1.11 makes IPv6 mandatory for
//! Internet-connected systems; Thông tư 32/2017 Điều 15 khoản 4 requires
//! portals to support IPv6, and Nghị định 224/2026 Điều 11 khoản 4 keeps the
//! requirement for state agencies' domains.
//!
//! **Fails:** `sokhdt.example.gov.vn` has only `A 203.0.113.5`
//!
//! **Passes:** `sokhdt.example.gov.vn` has `AAAA 2001:db8::5`

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "ipv6-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(dns) = &site.dns else { return };
    if !dns.ipv6.is_empty() {
        out.pass();
    } else if let Some(error) = &dns.error {
        out.cant_tell_at(None)
            .at_url(site.root.clone())
            .arg("host", dns.host.clone())
            .arg("detail", error.clone());
    } else {
        out.fail_at(None)
            .at_url(site.root.clone())
            .arg("host", dns.host.clone())
            .arg(
                "detail",
                format!(
                    "A: {}",
                    if dns.ipv4.is_empty() {
                        "-".to_string()
                    } else {
                        dns.ipv4.join(", ")
                    }
                ),
            );
    }
}
