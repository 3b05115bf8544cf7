//! `header-agency-name-missing`: the header does not show the agency's Vietnamese name.
//!
//! **What it checks.** The header of the home page (a `<header>` or an
//! element whose class or id names the header or banner, with its logo's alt
//! text) contains the name of a state agency or its portal: "Ủy ban nhân
//! dân", "UBND", "Sở …", "Văn phòng …", "Ban …", "Cục …", "Cổng thông tin
//! điện tử …", "Trang thông tin điện tử …". A banner that is only an image
//! without such a text alternative fails.
//!
//! **Why.** Thông tư 32/2017 Điều 16 khoản 3 (to 04/4/2024): the header
//! shows the Quốc huy or the logo and "tên đầy đủ bằng tiếng Việt" of the
//! agency in plain type; Quy chế Trà Vinh Điều 2 names the portal "Cổng
//! thông tin điện tử tỉnh Trà Vinh". A name drawn into an image is lost to
//! screen readers and search engines.
//!
//! **Fails:** `<header><img src="banner.jpg" alt="Banner"></header>`.
//!
//! **Passes:** `<header><p>ỦY BAN NHÂN DÂN HUYỆN CẦU NGANG</p></header>`.

use super::assess::Assessment;
use super::text::fold;
use crate::rules::{Check, Family, Findings, Rule};

/// Words that begin an agency's or portal's name (folded).
const AGENCY: [&str; 6] = [
    "uy ban nhan dan",
    "ubnd",
    "van phong",
    "cong thong tin dien tu",
    "trang thong tin dien tu",
    "hoi dong nhan dan",
];
/// Short words whose folded form is ambiguous ("số", "bản", "cúc"), matched as written.
pub(super) const AGENCY_AS_WRITTEN: [&str; 6] = ["Sở ", "SỞ ", "Ban ", "BAN ", "Cục ", "CỤC "];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "header-agency-name-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let Some(home) = site.home() else { return };
    let raw = &home.content.header_text;
    let header = format!(" {} ", fold(raw));
    if AGENCY.iter().any(|w| header.contains(&format!(" {w} ")))
        || AGENCY_AS_WRITTEN.iter().any(|w| raw.contains(w))
    {
        out.pass();
    } else {
        out.fail_at(None).at_url(home.url.clone()).arg(
            "header",
            super::text::clip(&super::text::collapse(&home.content.header_text), 120),
        );
    }
}
