//! `tracker-on-personal-data-form`: third-party trackers run on a page that collects personal data.
//!
//! **What it checks.** A page with a form collecting personal data also loads
//! a known third-party analytics or advertising script (Google Analytics / Tag
//! Manager, Facebook pixel, Hotjar, Microsoft Clarity, Yandex Metrica, …). The
//! trackers are listed so the agency can judge them: a notice, not a verdict.
//!
//! **Why.** Thông tư 25/2010 Điều 5 khoản 2 counts data collected automatically
//! while browsing; Điều 8 requires consent before sharing with a third party,
//! and Luật Bảo vệ dữ liệu cá nhân 2025 makes the agency answer for what the
//! trackers receive.
//!
//! **Fails:** a registration form with `<script src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>`
//!
//! **Passes:** the same form with a self-hosted, cookie-free statistics script, or no tracker.

use crate::page::Page;
use crate::rules::Findings;

use super::fields::personal_fields;
use crate::rules::{Check, Family, Rule};

/// Hosts of well-known third-party trackers.
const TRACKERS: &[(&str, &str)] = &[
    ("google-analytics.com", "Google Analytics"),
    ("googletagmanager.com", "Google Tag Manager"),
    ("doubleclick.net", "Google DoubleClick"),
    ("connect.facebook.net", "Facebook Pixel"),
    ("static.hotjar.com", "Hotjar"),
    ("clarity.ms", "Microsoft Clarity"),
    ("mc.yandex.ru", "Yandex Metrica"),
    ("analytics.tiktok.com", "TikTok Pixel"),
    ("sp.zalo.me", "Zalo"),
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "tracker-on-personal-data-form",
    family: Family::Privacy,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !page
        .by_tag("form")
        .any(|form| !personal_fields(page, form).is_empty())
    {
        return;
    }
    let mut names: Vec<&str> = Vec::new();
    let mut first = None;
    for script in page.by_tag("script") {
        let src = script.attr("src").unwrap_or_default().to_ascii_lowercase();
        let inline = if src.is_empty() {
            script.text().to_ascii_lowercase()
        } else {
            String::new()
        };
        for (host, name) in TRACKERS {
            if (src.contains(host) || inline.contains(host)) && !names.contains(name) {
                names.push(name);
                first.get_or_insert(script);
            }
        }
    }
    match first {
        Some(script) => {
            out.fail(script).arg("trackers", names.join(", "));
        }
        None => out.pass(),
    }
}
