//! `tls-version-outdated`: the HTTPS host does not speak TLS 1.2 or newer.
//!
//! **What it checks.** A TLS handshake with the site's HTTPS host negotiates
//! TLS 1.2 or 1.3. A host that offers only older protocols fails the
//! handshake with a protocol-version error: failed. A handshake that fails
//! for another reason cannot tell the version: cant_tell, with the reason.
//!
//! **Why.** SSL 3.0, TLS 1.0 and 1.1 have known attacks and browsers refuse
//! them. Thông tư 39/2017 Danh mục item 4.2 makes TLS 1.2 mandatory.
//!
//! **Fails:** a server configured with `ssl_protocols TLSv1 TLSv1.1;`
//!
//! **Passes:** a server negotiating TLS 1.3 or 1.2

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "tls-version-outdated",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(tls) = site.transport.as_ref().and_then(|t| t.tls.as_ref()) else {
        return;
    };
    let url = format!("https://{}:{}/", tls.host, tls.port);
    if tls.outdated_protocol {
        out.fail_at(None)
            .at_url(url)
            .arg("host", tls.host.clone())
            .arg("detail", tls.error.clone().unwrap_or_default());
    } else if tls
        .version
        .as_deref()
        .is_some_and(|v| v == "TLSv1.2" || v == "TLSv1.3")
    {
        out.pass();
    } else if let Some(error) = &tls.error {
        out.cant_tell_at(None)
            .at_url(url)
            .arg("host", tls.host.clone())
            .arg("detail", error.clone());
    }
}
