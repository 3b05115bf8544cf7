//! `editorial-email-missing`: the portal publishes no e-mail address to send information to.
//!
//! **What it checks.** On a site with the role `portal`: some audited page
//! has a `mailto:` link, or an e-mail address in its footer. The rule does not
//! judge whose address it is (the editorial board's, a webmaster's): one
//! finding on the home page when there is none at all.
//!
//! **Why.** A provincial Quy chế names the address units send information to
//! (Trà Vinh's Điều 11 khoản 2: webmaster@travinh.gov.vn) — cited where its
//! profile is selected; Luật Công nghệ thông tin Điều 28 khoản 2 điểm đ asks
//! for the official e-mail addresses of the agency's units, and Nghị định
//! 43/2011 Điều 15 khoản 2 accepts an e-mail address for questions and
//! feedback.
//!
//! **Fails:** a portal whose footer gives the address and telephone only.
//!
//! **Passes:** `<footer>… Email: <a href="mailto:bbt@tinh.gov.vn">bbt@tinh.gov.vn</a></footer>`.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "editorial-email-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Whether `text` holds something shaped like an e-mail address.
fn has_address(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        .any(|word| {
            word.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.ends_with('.')
            })
        })
}

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() || site.site.role.as_deref() != Some("portal") {
        return;
    }
    let pages = &site.site.pages;
    let mailto = pages.iter().flat_map(|p| p.content.links.iter()).any(|l| {
        l.href
            .trim_start()
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
    }) || site.site.links.iter().any(|l| l.link.scheme == "mailto");
    let footer = pages.iter().any(|p| has_address(&p.content.footer_text));
    if mailto || footer {
        out.pass();
    } else {
        out.fail_at(None).at_url(site.site.root.clone());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_told_from_other_at_signs() {
        assert!(super::has_address("Email: bbt@tinhmau.gov.vn"));
        assert!(super::has_address("(webmaster@travinh.gov.vn)"));
        assert!(!super::has_address("@tinhmau trên mạng xã hội"));
        assert!(!super::has_address("Điện thoại: 0294 3862 000"));
    }
}
