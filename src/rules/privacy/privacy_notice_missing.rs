//! `privacy-notice-missing`: a form collects personal data, but no privacy notice is linked.
//!
//! **What it checks.** For every page with a form that collects personal data
//! (see `fields.rs`), the page itself or the site's home page links to a
//! privacy notice ("chính sách bảo mật", "bảo vệ thông tin cá nhân",
//! "quyền riêng tư", "privacy", by link text, title or address).
//!
//! **Why.** Thông tư 25/2010 Điều 5 khoản 1 requires announcing the form,
//! scope and purpose of collecting personal data, and Điều 11 requires the
//! protection rules on the home page (or easy to find), shown before the user
//! submits data; Luật Bảo vệ dữ liệu cá nhân 2025 makes consent valid only when
//! the person is informed.
//!
//! **Fails:** a feedback form page, and a home page, with no link to a privacy notice
//!
//! **Passes:** the form page (or the home page) links `<a href="/chinh-sach-bao-mat">Chính sách bảo mật</a>`

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "privacy-notice-missing",
    family: Family::Privacy,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    let home_links = site
        .home_page()
        .is_some_and(|home| home.links_privacy_notice);
    for page in &site.pages {
        let Some(form) = &page.personal_data_form else {
            continue;
        };
        if page.links_privacy_notice || home_links {
            out.pass();
        } else {
            out.fail_at(Some(form.clone())).at_url(page.url.clone());
        }
    }
}
