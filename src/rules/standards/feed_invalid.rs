//! `feed-invalid`: an advertised RSS/Atom feed is broken.
//!
//! **What it checks.** Each feed a page advertises
//! (`<link rel="alternate" type="application/rss+xml" href=…>`) is
//! well-formed XML in UTF-8, is RSS 1.0, RSS 2.0 or Atom, has its required
//! elements (RSS: channel title, link, description; Atom: title, id,
//! updated), and every item has a link and a date.
//!
//! **Why.** Thông tư 39/2017 Danh mục item 3.17 makes RSS 1.0 or 2.0
//! mandatory for sharing web content (Atom recommended) and item 2.7 UTF-8;
//! a feed readers cannot parse shares nothing.
//!
//! **Fails:** a feed declared `windows-1258`, an HTML error page behind the feed URL, items without `<link>`
//!
//! **Passes:** `<rss version="2.0"><channel><title>…</title><link>…</link><description>…</description><item><link>…</link><pubDate>…</pubDate></item>…`

use crate::resource::LinkKind;
use crate::resource::feed::FeedFormat;
use crate::rules::{Findings, SiteData};

use super::document_finding;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "feed-invalid",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count) in site.linked_resources(LinkKind::Feed) {
        let Some(feed) = site
            .resource(&link.url)
            .filter(|f| f.error.is_none())
            .and_then(|f| f.feed.as_ref())
        else {
            continue;
        };
        let mut problems: Vec<String> = Vec::new();
        match feed.format {
            FeedFormat::Malformed => {
                problems.push(format!(
                    "XML: {}",
                    feed.error.as_deref().unwrap_or("not well-formed")
                ));
            }
            FeedFormat::NotAFeed => problems.push("not RSS or Atom".to_string()),
            FeedFormat::Rss1 | FeedFormat::Rss2 | FeedFormat::Atom => {}
        }
        if let Some(encoding) = feed
            .declared_encoding
            .as_deref()
            .filter(|e| !e.eq_ignore_ascii_case("utf-8"))
        {
            problems.push(format!("encoding {encoding}"));
        }
        if !feed.missing.is_empty() {
            problems.push(format!("missing {}", feed.missing.join(", ")));
        }
        if feed.items_without_link > 0 {
            problems.push(format!("{} items without link", feed.items_without_link));
        }
        if feed.items_without_date > 0 {
            problems.push(format!("{} items without date", feed.items_without_date));
        }
        if problems.is_empty() {
            out.pass();
        } else {
            document_finding(out, page, link, count).arg("problems", problems.join("; "));
        }
    }
}
