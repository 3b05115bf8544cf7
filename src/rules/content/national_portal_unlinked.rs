//! `national-portal-unlinked`: the portal does not link to a national portal.
//!
//! **What it checks.** On a site with the role `portal`: some audited page
//! links to the Government portal (Cổng Thông tin điện tử Chính phủ,
//! `chinhphu.vn` or a subdomain) and to the National Public Service Portal
//! (Cổng Dịch vụ công quốc gia, `dichvucong.gov.vn` or a subdomain). Links
//! are those outside running text and every link the crawler kept for
//! judging. One finding per portal not linked (`id`: `chinhphu`,
//! `dichvucong`), each citing only the articles that ask for it.
//!
//! **Why.** Nghị định 43/2011 Điều 15 khoản 1 điểm b and Nghị định 42/2022
//! Điều 7 khoản 1 điểm b ask for complete, accurate links to the portals of
//! other relevant state agencies; Nghị định 42/2022 Điều 4 khoản 1 has the
//! administrative procedures and online services integrated from the
//! National Public Service Portal [S].
//!
//! **Fails:** a portal whose "Liên kết website" block names only the province's
//! own sở.
//!
//! **Passes:** `<a href="https://chinhphu.vn/">Cổng TTĐT Chính phủ</a>` and
//! `<a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công quốc gia</a>`.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// The national portals: finding id, host, name.
const PORTALS: [(&str, &str, &str); 2] = [
    (
        "chinhphu",
        "chinhphu.vn",
        "Cổng Thông tin điện tử Chính phủ (chinhphu.vn)",
    ),
    (
        "dichvucong",
        "dichvucong.gov.vn",
        "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)",
    ),
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "national-portal-unlinked",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() || site.site.role.as_deref() != Some("portal") {
        return;
    }
    let hosts: Vec<String> = super::link_targets(site.site)
        .iter()
        .filter_map(|t| {
            url::Url::parse(t)
                .ok()?
                .host_str()
                .map(str::to_ascii_lowercase)
        })
        .collect();
    for (id, host, name) in PORTALS {
        if site.bases(RULE.id, Some(id)).is_empty() {
            continue;
        }
        let linked = hosts
            .iter()
            .any(|h| h == host || h.ends_with(&format!(".{host}")));
        if linked {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(site.site.root.clone())
                .arg("id", id)
                .arg("name", name);
        }
    }
}
