//! `tls-certificate-invalid`: the HTTPS certificate is not valid.
//!
//! **What it checks.** The certificate the HTTPS host presents is valid for
//! the host name, within its dates, and chains to a trusted authority (the
//! Mozilla root set, plus `--ca-cert` roots). Expired, wrong-host, self-signed
//! and incomplete chains are findings.
//!
//! **Why.** Browsers stop visitors with a full-page warning; a government
//! site that teaches citizens to click through certificate warnings teaches
//! them to accept forgeries. Thông tư 39/2017 item 4.2 (TLS 1.2, HTTPS).
//!
//! **Fails:** a certificate that expired last month, or one issued for `www.example.gov.vn` on `sokhdt.example.gov.vn`
//!
//! **Passes:** a current certificate for the host from a trusted authority

use crate::rules::site::CertificateStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "tls-certificate-invalid",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let Some(tls) = site.transport.as_ref().and_then(|t| t.tls.as_ref()) else {
        return;
    };
    match &tls.certificate {
        CertificateStatus::NotChecked => {}
        CertificateStatus::Valid => out.pass(),
        status => {
            out.fail_at(None)
                .at_url(format!("https://{}:{}/", tls.host, tls.port))
                .arg("host", tls.host.clone())
                .arg("status", status.id());
        }
    }
}
