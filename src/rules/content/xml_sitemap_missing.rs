//! `xml-sitemap-missing`: the site offers search engines no XML sitemap.
//!
//! **What it checks.** Where the crawler looked for an XML sitemap — the
//! `Sitemap:` lines of robots.txt and `/sitemap.xml` (for `check DIR`, a
//! `sitemap.xml` at the folder's root) — some file answered. One finding per
//! site when none did, listing what was tried and why it gave nothing. A file
//! that answered but is not a well-formed sitemap is `xml-sitemap-malformed`'s.
//! Not judged when sitemaps were not looked for (`[crawl] sitemaps = false`, a single
//! file or URL checked).
//!
//! **Why.** Thông tư 32/2017 Điều 16 khoản 4 điểm b: the portal shows its
//! sitemap both as a text tree for users and as an XML file for search
//! engines (Quy chế 1526/2019 Điều 4 khoản 3 applies it to Trà Vinh's sites).
//!
//! **Fails:** robots.txt names no sitemap and `/sitemap.xml` answers 404.
//!
//! **Passes:** `/sitemap.xml` answers `<urlset><url><loc>…</loc></url>…</urlset>`.

use super::assess::Assessment;
use crate::rules::Findings;
use crate::rules::site::SitemapState;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "xml-sitemap-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let Some(facts) = &site.site.xml_sitemap else {
        return;
    };
    let answered = facts
        .files
        .iter()
        .any(|f| !matches!(f.state, SitemapState::Absent { .. }));
    if answered {
        out.pass();
        return;
    }
    let tried: Vec<String> = facts
        .files
        .iter()
        .map(|f| match &f.state {
            SitemapState::Absent { reason } => format!("{} ({reason})", f.url),
            _ => f.url.clone(),
        })
        .collect();
    out.fail_at(None)
        .at_url(site.site.root.clone())
        .arg("tried", tried.join("; "));
}
