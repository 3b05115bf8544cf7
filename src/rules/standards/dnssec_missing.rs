//! `dnssec-missing`: the zone holding the site's host name is not signed
//! with DNSSEC, or is signed but not linked to the chain of trust.
//!
//! **What it checks.** What the DNS publishes for the zone that holds the
//! site's host name (found from the SOA the DNS gives for the name; the
//! crawler asks, through the same resolver as for IPv6 and `--dns-server`):
//! the zone has DNSKEY records (it is signed) and its parent has a DS record
//! for it (resolvers can validate it). No DNSKEY fails ("not signed"); DNSKEY
//! without DS fails ("signed, but no DS at the parent: nobody can validate
//! it"). A DNSSEC question that got no answer (SERVFAIL, timeout) while
//! nothing was found is cant_tell with the reason. Sites addressed by an IP
//! literal, or whose host is pinned (`--resolve`), have no DNS facts, and
//! `localhost` (answered by the resolver itself, RFC 6761) has no zone: not
//! applicable. The AD flag of a validating resolver is reported in the
//! detail, not required (the resolver asked may not validate).
//!
//! **Why.** Thông tư 32/2017 Điều 15 khoản 4 [V]: portals and level 3–4
//! online services must support IPv6 and DNSSEC, following the .VN DNSSEC
//! project; that article's status after Thông tư 22/2023 (05/4/2024) is not
//! established, which its document's metadata says. Thông tư 39/2017 Danh
//! mục mục 4.6 lists DNSSEC as recommended [S].
//!
//! **Fails:** `tinh.gov.vn` answers DNSKEY with nothing.
//!
//! **Passes:** `tinh.gov.vn` has `DNSKEY 257 3 13 …` and `gov.vn` has
//! `DS 12345 13 2 …` for it.

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "dnssec-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(dns) = &site.dns else { return };
    let Some(dnssec) = &dns.dnssec else { return };
    let ad = if dnssec.authenticated { "AD" } else { "no AD" };
    if dnssec.dnskey && dnssec.ds {
        out.pass();
    } else if let Some(error) = &dnssec.error {
        out.cant_tell_at(None)
            .at_url(site.root.clone())
            .arg("host", dns.host.clone())
            .arg("zone", dnssec.zone.clone())
            .arg("detail", error.clone());
    } else {
        let detail = if dnssec.dnskey {
            format!("DNSKEY, no DS; {ad}")
        } else {
            format!("no DNSKEY; {ad}")
        };
        out.fail_at(None)
            .at_url(site.root.clone())
            .arg("host", dns.host.clone())
            .arg("zone", dnssec.zone.clone())
            .arg("detail", detail);
    }
}
