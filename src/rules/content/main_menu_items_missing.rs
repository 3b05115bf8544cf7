//! `main-menu-items-missing`: the main menu lacks Trang chủ, Giới thiệu, Dịch vụ công trực tuyến or Sơ đồ cổng.
//!
//! **What it checks.** While Thông tư 32/2017 is in force on the reference
//! date, the menu of the home page (links in `<nav>`, the header, or an
//! element whose class names a menu) has the four items it names: Trang chủ
//! (or a link to the site root), Giới thiệu, Dịch vụ công (trực tuyến), Sơ
//! đồ cổng/site.
//!
//! **Why.** Thông tư 32/2017 Điều 16 khoản 3: "phía dưới banner là danh mục
//! chức năng gồm Trang chủ, Giới thiệu, Dịch vụ công trực tuyến, Sơ đồ cổng
//! TTĐT"; the same article (khoản 2) wants the Chapter II items in the main
//! menu. Its successor Thông tư 22/2023 was not available to check, so the
//! rule does not apply after 04/4/2024.
//!
//! **Fails:** a menu of Trang chủ, Giới thiệu and Tin tức only.
//!
//! **Passes:** `<nav><a href="/">Trang chủ</a><a href="/gioi-thieu">Giới thiệu</a><a href="https://dichvucong.…">Dịch vụ công</a><a href="/so-do-cong">Sơ đồ cổng</a></nav>`.

use super::assess::Assessment;
use super::facts::Place;
use super::text::{fold, names};
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "main-menu-items-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    // Only while its basis (Thông tư 32/2017 Điều 16 khoản 3) is in force.
    if !site.judged() || site.bases("main-menu-items-missing", None).is_empty() {
        return;
    }
    let Some(home) = site.home() else { return };
    let menu: Vec<(String, &str)> = home
        .content
        .links
        .iter()
        .filter(|l| l.place == Place::Menu)
        .map(|l| (fold(&l.text), l.href.as_str()))
        .collect();
    let has = |terms: &[&str]| {
        menu.iter()
            .any(|(label, _)| terms.iter().any(|t| names(label, t, 3)))
    };
    let home_link = has(&["trang chu"])
        || menu
            .iter()
            .any(|(_, href)| matches!(*href, "/" | "./" | "index.html"));
    let missing = super::absent([
        (home_link, "Trang chủ"),
        (has(&["gioi thieu"]), "Giới thiệu"),
        (has(&["dich vu cong"]), "Dịch vụ công trực tuyến"),
        (
            has(&[
                "so do cong",
                "so do site",
                "so do trang",
                "so do website",
                "sitemap",
            ]),
            "Sơ đồ cổng",
        ),
    ]);
    super::report_missing(out, &home.url, &missing);
}
