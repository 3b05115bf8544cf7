//! `domain-name-nonstandard`: the site's domain does not follow the state naming scheme.
//!
//! **What it checks.** For sites audited over HTTP(S) with a role: the host
//! (without `www.`) ends in `.gov.vn`; a provincial portal is
//! `<tỉnh>.gov.vn`; a department, district or commune site is
//! `<cơ quan>.<tỉnh>.gov.vn`; no label is an internationalised name
//! (`xn--…`, i.e. written with diacritics).
//!
//! **Why.** Nghị định 43/2011 Điều 6 (to 14/8/2022) and Nghị định 224/2026
//! Điều 11 khoản 4: the tỉnh portal is `tentinhthanh.gov.vn`, a sở
//! `tencoquan.tentinhthanh.gov.vn`, a xã `tenphuongxa.tentinhthanh.gov.vn`, with
//! the full names without diacritics. Citizens recognise official sites by
//! `.gov.vn`; look-alike domains invite phishing.
//!
//! **Fails:** `https://sokhdt-travinh.com.vn/` (role `so-khdt`), `https://travinh.gov.vn/`
//! audited as a sở site.
//!
//! **Passes:** `https://skhdt.travinh.gov.vn/` as `so-khdt`, `https://travinh.gov.vn/` as `portal`.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// What is wrong with `host` for `role`, if anything.
fn problem(host: &str, role: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.split('.').any(|label| label.starts_with("xn--")) {
        return Some("tên miền có dấu (internationalised name)");
    }
    let Some(name) = host.strip_suffix(".gov.vn") else {
        return Some("không thuộc .gov.vn (not under .gov.vn)");
    };
    let labels = name.split('.').count();
    match (role, labels) {
        ("portal", 1) => None,
        ("portal", _) => {
            Some("cổng tỉnh phải là <tỉnh>.gov.vn (a provincial portal is <province>.gov.vn)")
        }
        (_, 2) => None,
        _ => Some(
            "trang thành phần phải là <cơ quan>.<tỉnh>.gov.vn (a component site is <agency>.<province>.gov.vn)",
        ),
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "domain-name-nonstandard",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let Some(role) = site.site.role.as_deref() else {
        return;
    };
    let Ok(root) = url::Url::parse(&site.site.root) else {
        return;
    };
    if !matches!(root.scheme(), "http" | "https") {
        return;
    }
    let Some(host) = root.host_str() else { return };
    match problem(host, role) {
        None => out.pass(),
        Some(why) => {
            out.fail_at(None)
                .at_url(site.site.root.clone())
                .arg("host", host.to_string())
                .arg("problem", why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn provincial_and_component_domains() {
        assert_eq!(problem("travinh.gov.vn", "portal"), None);
        assert_eq!(problem("www.travinh.gov.vn", "portal"), None);
        assert_eq!(problem("skhdt.travinh.gov.vn", "so-khdt"), None);
        assert_eq!(problem("caungang.travinh.gov.vn", "ubnd-huyen"), None);
        assert!(problem("travinh.gov.vn", "so-khdt").is_some());
        assert!(problem("skhdt.travinh.gov.vn", "portal").is_some());
        assert!(problem("sokhdt-travinh.com.vn", "so-khdt").is_some());
        assert!(problem("xn--trvinh-jua.gov.vn", "portal").is_some());
    }
}
