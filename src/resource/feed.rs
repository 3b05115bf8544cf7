//! RSS 1.0 / 2.0 and Atom 1.0 feeds: well-formed, the required elements there,
//! declared in UTF-8, and items with a link and a date (Thông tư 39/2017 item
//! 3.17 makes RSS mandatory and recommends Atom).

use serde::{Deserialize, Serialize};

/// The flavour of a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedFormat {
    /// RSS 2.0 (or 0.9x).
    Rss2,
    /// RSS 1.0 (RDF).
    Rss1,
    /// Atom 1.0.
    Atom,
    /// Well-formed XML, but not a feed.
    NotAFeed,
    /// Not well-formed XML.
    Malformed,
}

/// Facts about a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedFacts {
    /// What it is.
    pub format: FeedFormat,
    /// The XML declaration's encoding, if any (absent means UTF-8).
    pub declared_encoding: Option<String>,
    /// Items (or entries).
    pub items: usize,
    /// Items without a link.
    pub items_without_link: usize,
    /// Items without a date (`pubDate`, `dc:date`, `updated`, `published`).
    pub items_without_date: usize,
    /// Required channel/feed elements that are missing.
    pub missing: Vec<String>,
    /// The links of the first items, where they are (for link checking).
    pub item_links: Vec<ItemLink>,
    /// The XML error, when malformed.
    pub error: Option<String>,
}

/// An item's link as written in the feed, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLink {
    /// The link as written (trimmed).
    pub href: String,
    /// The item's title, if any.
    pub title: String,
    /// A path to the `link` element (`rss > channel > item:nth-of-type(2) > link`).
    pub selector: String,
    /// 1-based line of the `link` element in the feed.
    pub line: u64,
    /// 1-based column of the `link` element.
    pub column: u64,
}

impl ItemLink {
    /// The item link as a link of the feed, for link checking like a page's
    /// links (its element is the feed's `link`, with its line).
    #[must_use]
    pub fn to_link(&self) -> crate::page::links::Link {
        crate::page::links::Link {
            href: self.href.clone(),
            tag: "link".to_string(),
            attr: "link".to_string(),
            kind: crate::page::links::LinkKind::Navigation,
            text: self.title.clone(),
            target: crate::page::Target {
                selector: self.selector.clone(),
                line: self.line,
                column: Some(self.column),
                snippet: format!("<link>{}</link>", self.href),
                signature: String::new(),
            },
            resource: None,
        }
    }
}

/// Item links kept at most.
const MAX_ITEM_LINKS: usize = 50;

/// Parses a feed's bytes.
#[must_use]
pub fn analyse(bytes: &[u8]) -> FeedFacts {
    let mut facts = FeedFacts {
        format: FeedFormat::Malformed,
        declared_encoding: declared_encoding(bytes),
        items: 0,
        items_without_link: 0,
        items_without_date: 0,
        missing: Vec::new(),
        item_links: Vec::new(),
        error: None,
    };
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(text) => text,
        Err(err) => {
            facts.error = Some(format!("not UTF-8: {err}"));
            return facts;
        }
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(err) => {
            facts.error = Some(err.to_string());
            return facts;
        }
    };
    let root = doc.root_element();
    let (container, item_name, required, format): (
        Option<roxmltree::Node<'_, '_>>,
        &str,
        &[&str],
        FeedFormat,
    ) = match root.tag_name().name() {
        "rss" => (
            child(root, "channel"),
            "item",
            &["title", "link", "description"],
            FeedFormat::Rss2,
        ),
        "RDF" => (
            child(root, "channel"),
            "item",
            &["title", "link", "description"],
            FeedFormat::Rss1,
        ),
        "feed" => (
            Some(root),
            "entry",
            &["title", "id", "updated"],
            FeedFormat::Atom,
        ),
        _ => {
            facts.format = FeedFormat::NotAFeed;
            return facts;
        }
    };
    facts.format = format;
    let Some(container) = container else {
        facts.missing.push("channel".to_string());
        return facts;
    };
    facts.missing = required
        .iter()
        .filter(|name| !has_text(container, name))
        .map(|s| (*s).to_string())
        .collect();
    // RSS 1.0 items are siblings of the channel; RSS 2.0 items are inside it.
    let item_parent = if format == FeedFormat::Rss1 {
        root
    } else {
        container
    };
    let parent_path = if format == FeedFormat::Rss1 || format == FeedFormat::Atom {
        root.tag_name().name().to_string()
    } else {
        format!(
            "{} > {}",
            root.tag_name().name(),
            container.tag_name().name()
        )
    };
    for item in item_parent
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == item_name)
    {
        facts.items += 1;
        let link_el = child(item, "link");
        let link = link_el
            .and_then(|l| l.attribute("href").or_else(|| l.text()))
            .map(str::trim)
            .filter(|l| !l.is_empty());
        match (link, link_el) {
            (Some(link), Some(el)) if facts.item_links.len() < MAX_ITEM_LINKS => {
                let pos = doc.text_pos_at(el.range().start);
                facts.item_links.push(ItemLink {
                    href: link.to_string(),
                    title: child(item, "title")
                        .and_then(|t| t.text())
                        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                        .unwrap_or_default(),
                    selector: format!(
                        "{parent_path} > {item_name}:nth-of-type({}) > link",
                        facts.items
                    ),
                    line: u64::from(pos.row),
                    column: u64::from(pos.col),
                });
            }
            (Some(_), _) => {}
            (None, _) => facts.items_without_link += 1,
        }
        let dated = ["pubDate", "date", "updated", "published"]
            .iter()
            .any(|name| has_text(item, name));
        if !dated {
            facts.items_without_date += 1;
        }
    }
    facts
}

/// The first child element with a local name.
fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Whether a child element has text (or, for Atom links, an `href`).
fn has_text(node: roxmltree::Node<'_, '_>, name: &str) -> bool {
    child(node, name).is_some_and(|c| {
        c.text().is_some_and(|t| !t.trim().is_empty()) || c.attribute("href").is_some()
    })
}

fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let decl = head.trim_start_matches('\u{feff}').strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss2_with_dated_linked_items() {
        let feed = analyse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Tin tức</title><link>https://x.vn/</link><description>Tin mới</description>\
             <item><title>Một</title><link>https://x.vn/1</link><pubDate>Mon, 02 Nov 2026 08:00:00 +0700</pubDate></item>\
             <item><title>Hai</title></item></channel></rss>"
                .as_bytes(),
        );
        assert_eq!(feed.format, FeedFormat::Rss2);
        assert_eq!(feed.declared_encoding.as_deref(), Some("UTF-8"));
        assert_eq!(
            (feed.items, feed.items_without_link, feed.items_without_date),
            (2, 1, 1)
        );
        assert!(feed.missing.is_empty());
        assert_eq!(
            feed.item_links,
            vec![ItemLink {
                href: "https://x.vn/1".into(),
                title: "Một".into(),
                selector: "rss > channel > item:nth-of-type(1) > link".into(),
                line: 1,
                column: 173,
            }]
        );
    }

    #[test]
    fn atom_and_broken_feeds() {
        let atom = analyse(b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><id>urn:x</id><entry><link href=\"https://x.vn/a\"/><updated>2026-11-01T00:00:00Z</updated></entry></feed>");
        assert_eq!(atom.format, FeedFormat::Atom);
        assert_eq!(atom.missing, vec!["updated"]);
        assert_eq!(
            (atom.items, atom.items_without_link, atom.items_without_date),
            (1, 0, 0)
        );

        let broken = analyse(b"<rss><channel><title>T</title></rss>");
        assert_eq!(broken.format, FeedFormat::Malformed);
        assert!(broken.error.is_some());

        let latin = analyse(b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss><channel><title>Tin t\xf4</title></channel></rss>");
        assert_eq!(latin.declared_encoding.as_deref(), Some("windows-1258"));
        assert!(latin.error.as_deref().unwrap().starts_with("not UTF-8"));

        assert_eq!(
            analyse(b"<html><body>404</body></html>").format,
            FeedFormat::NotAFeed
        );
    }
}
