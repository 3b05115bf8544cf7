//! `xml-sitemap-malformed`: a sitemap file answered but is not a well-formed
//! XML sitemap.
//!
//! **What it checks.** Each sitemap file the crawler read (named in
//! robots.txt, `/sitemap.xml`, the sitemaps an index names; for `check DIR`
//! the folder's `sitemap.xml`) is well-formed XML whose root is `<urlset>` or
//! `<sitemapindex>` with at least one entry carrying a `<loc>`, per the
//! sitemaps.org protocol. One finding per broken file, at its address, with
//! the problem (the XML error, an HTML page served instead, another root
//! element, no `<loc>`). Not judged when no file answered
//! (`xml-sitemap-missing`'s case).
//!
//! **Why.** Thông tư 32/2017 Điều 16 khoản 4 điểm b asks for a sitemap as an
//! XML file for search engines; a file they cannot parse lists nothing.
//!
//! **Fails:** `/sitemap.xml` answering the home page's HTML, or `<urlset><url><loc>…</loc></urlset>` (an unclosed `<url>`).
//!
//! **Passes:** `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>…</loc></url></urlset>`.

use super::assess::Assessment;
use crate::rules::Findings;
use crate::rules::site::SitemapState;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "xml-sitemap-malformed",
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
    for file in &facts.files {
        match &file.state {
            SitemapState::Found { .. } => out.pass(),
            SitemapState::Malformed { problem } => {
                out.fail_at(None)
                    .at_url(file.url.clone())
                    .arg("sitemap", file.url.clone())
                    .arg("problem", problem.clone());
            }
            SitemapState::Absent { .. } => {}
        }
    }
}
