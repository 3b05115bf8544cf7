//! `footer-details-missing`: the footer does not name the operator, the person responsible, address, phone and email.
//!
//! **What it checks.** The footer of the home page (a `<footer>` or an
//! element whose class or id names the footer) names the operating agency
//! (cơ quan chủ quản, Ủy ban nhân dân, Sở, Văn phòng, Ban, bản quyền thuộc …),
//! the person responsible ("chịu trách nhiệm"), an address ("Địa chỉ"), a
//! phone number ("Điện thoại", "ĐT", "Tel") and an email.
//!
//! **Why.** Thông tư 32/2017 Điều 16 khoản 3 (to 04/4/2024): the footer gives
//! "tên đơn vị, người chịu trách nhiệm, địa chỉ, số điện thoại, email" of the
//! operator; Thông tư 22/2023, which replaced it, keeps the layout rules
//! (secondary source). Nghị định 43/2011 Điều 10 khoản 1 điểm l asks for the
//! portal's contact details.
//!
//! **Fails:** `<footer>Bản quyền thuộc Sở Kế hoạch và Đầu tư. Địa chỉ: …</footer>`
//! (no person responsible, phone or email).
//!
//! **Passes:** a footer with all five.

use super::assess::Assessment;
use super::text::fold;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "footer-details-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let Some(home) = site.home() else { return };
    let raw = &home.content.footer_text;
    let footer = format!(" {} ", fold(raw));
    let any = |words: &[&str]| words.iter().any(|w| footer.contains(&format!(" {w} ")));
    let missing = super::absent([
        (
            any(&[
                "co quan chu quan",
                "uy ban nhan dan",
                "ubnd",
                "van phong",
                "ban quyen thuoc",
                "don vi quan ly",
            ]) || super::header_agency_name_missing::AGENCY_AS_WRITTEN
                .iter()
                .any(|w| raw.contains(w)),
            "tên đơn vị (operator)",
        ),
        (
            footer.contains(" chiu trach nhiem "),
            "người chịu trách nhiệm (person responsible)",
        ),
        (any(&["dia chi"]), "địa chỉ (address)"),
        (
            any(&["dien thoai", "dt", "tel", "so dien thoai"]),
            "điện thoại (phone)",
        ),
        (
            raw.contains('@') || any(&["email", "e mail", "thu dien tu"]),
            "email",
        ),
    ]);
    super::report_missing(out, &home.url, &missing);
}
