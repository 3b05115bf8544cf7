//! Link extraction: every URL a parsed [`Page`] points at, with the element
//! that carries it (selector, line, snippet) and the link text, so a broken
//! link can be reported where a webmaster will find it. The crawler resolves
//! and checks them; rules judge the results. Nothing here touches the network.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::element::Targets;
use super::{El, Page, Target};

/// What a link is for: navigation is crawled (inside the scope), resources
/// are only checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `a`, `area`, `iframe`: a page a reader goes to.
    Navigation,
    /// Images, scripts, stylesheets, media, objects, `url()` in styles.
    Resource,
}

/// One link found in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The attribute value as written (trimmed), or the `url()` content.
    pub href: String,
    /// The element's tag name.
    pub tag: String,
    /// The attribute (`href`, `src`, `srcset`, `data`, `style`, `poster`).
    pub attr: String,
    /// Navigation or resource.
    pub kind: LinkKind,
    /// The link text: text content, else `aria-label`, `title` or an image's `alt`.
    pub text: String,
    /// Where it is.
    pub target: Target,
    /// A linked document (`a href` to .pdf, .doc, .rar, …) or an advertised
    /// feed (`link rel=alternate` with an RSS/Atom type), which `audit`
    /// fetches and analyses; `None` for every other link.
    #[serde(default)]
    pub resource: Option<ResourceKind>,
}

/// Why a resource is linked: as a document to download, or as a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// A document (`a href` to .pdf, .doc, .rar, …).
    Document,
    /// A feed advertised with `<link rel="alternate" type="application/rss+xml">`.
    Feed,
}

/// Extensions of downloadable documents and archives: an `a href` ending so
/// is a linked document.
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "pps", "odt", "ods", "odp", "rtf", "txt",
    "csv", "zip", "rar", "7z", "gz", "exe",
];

/// The lower-case extension of a URL or path, without query or fragment.
#[must_use]
pub fn extension(name: &str) -> String {
    let path = name.split(['?', '#']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    file.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Link text is cut after this many characters.
const MAX_TEXT_CHARS: usize = 120;

static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)"#).expect("valid regex")
});

/// The document's base URL from `<base href>`, when there is one.
#[must_use]
pub fn base_href(page: &Page) -> Option<String> {
    page.by_tag("base")
        .find_map(|b| b.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// Every link of the page, in document order.
#[must_use]
pub fn extract(page: &Page) -> Vec<Link> {
    let mut out = Links {
        links: Vec::new(),
        targets: Targets::new(page),
    };
    for el in page.elements() {
        let name = el.name();
        match name {
            "a" | "area" => {
                if let Some(href) = el.attr("href") {
                    out.push(el, href, "href", LinkKind::Navigation);
                }
            }
            "iframe" | "frame" => {
                if let Some(src) = el.attr("src") {
                    out.push(el, src, "src", LinkKind::Navigation);
                }
            }
            "img" => {
                if let Some(src) = el.attr("src") {
                    out.push(el, src, "src", LinkKind::Resource);
                }
                srcset(&mut out, el);
            }
            "source" => {
                if let Some(src) = el.attr("src") {
                    out.push(el, src, "src", LinkKind::Resource);
                }
                srcset(&mut out, el);
            }
            "script" | "video" | "audio" | "track" | "embed" => {
                if let Some(src) = el.attr("src") {
                    out.push(el, src, "src", LinkKind::Resource);
                }
                if name == "video"
                    && let Some(poster) = el.attr("poster")
                {
                    out.push(el, poster, "poster", LinkKind::Resource);
                }
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
                let hint = rel
                    .split_whitespace()
                    .all(|r| matches!(r, "preconnect" | "dns-prefetch" | "prefetch" | "prerender"));
                if !hint && let Some(href) = el.attr("href") {
                    out.push(el, href, "href", LinkKind::Resource);
                }
            }
            "meta" => {
                // `<meta http-equiv="refresh" content="0; url=/vi/">`: portals
                // often send their home page on this way.
                let refresh = el
                    .attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
                if refresh
                    && let Some(target) = el
                        .attr("content")
                        .and_then(super::refresh::parse)
                        .and_then(|r| r.url)
                {
                    out.push(el, target, "content", LinkKind::Navigation);
                }
            }
            "object" => {
                if let Some(data) = el.attr("data") {
                    out.push(el, data, "data", LinkKind::Resource);
                }
            }
            _ => {}
        }
        if let Some(style) = el.attr("style")
            && style.contains("url(")
        {
            for caps in CSS_URL.captures_iter(style) {
                let value = caps
                    .get(1)
                    .or_else(|| caps.get(2))
                    .or_else(|| caps.get(3))
                    .map_or("", |m| m.as_str());
                if !value.is_empty() && !value.starts_with("data:") {
                    out.push(el, value, "style", LinkKind::Resource);
                }
            }
        }
    }
    out.links
}

/// The stylesheets the page applies, in document order: `<link>` elements
/// whose `rel` has the `stylesheet` token (not an `alternate stylesheet`,
/// which browsers do not apply until chosen), with a non-empty `href`, for a
/// `media` a screen matches ([`media_applies`]). The one discovery for every
/// command: `check` reads them from disk, `audit` and `check URL` fetch them
/// (see [`super::StyleSource`]); the contrast rules count them.
#[must_use]
pub fn stylesheets(page: &Page) -> Vec<El<'_>> {
    page.by_tag("link")
        .filter(|link| {
            let rel = link.attr("rel").unwrap_or_default();
            let has = |token: &str| {
                rel.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case(token))
            };
            has("stylesheet")
                && !has("alternate")
                && link.attr("href").is_some_and(|h| !h.trim().is_empty())
                && link.attr("media").is_none_or(media_applies)
        })
        .collect()
}

/// Whether a `media` attribute (a media query list) applies on a screen:
/// one of its queries is for `all` or `screen`, is only features
/// (`(min-width: 40em)`), or negates another type (`not print`). `print`,
/// `speech` and the old types (`tty`, `tv`, `handheld`, `braille`, …) do not.
#[must_use]
pub fn media_applies(media: &str) -> bool {
    let media = media.trim();
    media.is_empty()
        || media.split(',').any(|query| {
            let query = query.trim().to_ascii_lowercase();
            let query = query.strip_prefix("only ").unwrap_or(&query).trim_start();
            if query.is_empty() || query.starts_with('(') {
                return true;
            }
            let (negated, query) = match query.strip_prefix("not ") {
                Some(rest) => (true, rest.trim_start()),
                None => (false, query),
            };
            let media_type = query
                .split(|c: char| c.is_ascii_whitespace() || c == '(')
                .next()
                .unwrap_or_default();
            let screen = matches!(media_type, "all" | "screen");
            screen != negated
        })
}

/// The fragment targets of a page: every `id`, and `name` of `a` elements.
#[must_use]
pub fn anchors(page: &Page) -> Vec<String> {
    let mut out: Vec<String> = page.ids().map(|(id, _)| id.to_string()).collect();
    out.extend(
        page.by_tag("a")
            .filter_map(|a| a.attr("name"))
            .map(str::to_string),
    );
    out.sort();
    out.dedup();
    out
}

/// A local link's path with its percent-escapes decoded (`tai%20lieu.pdf` →
/// `tai lieu.pdf`, UTF-8 escapes of Vietnamese letters too), as the file is
/// named on disk. Invalid UTF-8 escapes become U+FFFD.
#[must_use]
pub fn decode_path(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

/// The scheme of an href (`mailto`, `javascript`, `https`, …), lower-case;
/// empty for a relative reference.
#[must_use]
pub fn scheme_of(href: &str) -> String {
    let href = href.trim();
    match href.split_once(':') {
        Some((s, _))
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) =>
        {
            s.to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

fn srcset(out: &mut Links, el: El<'_>) {
    let Some(set) = el.attr("srcset") else {
        return;
    };
    for candidate in set.split(',') {
        if let Some(url) = candidate.split_whitespace().next() {
            out.push(el, url, "srcset", LinkKind::Resource);
        }
    }
}

/// The links found so far, and the targets of their elements' ancestors.
struct Links {
    links: Vec<Link>,
    targets: Targets,
}

impl Links {
    fn push(&mut self, el: El<'_>, href: &str, attr: &str, kind: LinkKind) {
        let href = href.trim();
        if href.starts_with("data:") {
            return;
        }
        self.links.push(Link {
            href: href.to_string(),
            tag: el.name().to_string(),
            attr: attr.to_string(),
            kind,
            text: link_text(el),
            target: self.targets.target(el),
            resource: resource_kind(el, href, attr),
        });
    }
}

/// Whether a link is to a document or a feed (see [`Link::resource`]).
fn resource_kind(el: El<'_>, href: &str, attr: &str) -> Option<ResourceKind> {
    if href.is_empty() || attr != "href" {
        return None;
    }
    match el.name() {
        "a" => DOCUMENT_EXTENSIONS
            .contains(&extension(href).as_str())
            .then_some(ResourceKind::Document),
        "link" => {
            let alternate = el.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("alternate"))
            });
            let feed = el.attr("type").is_some_and(|t| {
                matches!(
                    t.trim().to_ascii_lowercase().as_str(),
                    "application/rss+xml" | "application/atom+xml" | "application/rdf+xml"
                )
            });
            (alternate && feed).then_some(ResourceKind::Feed)
        }
        _ => None,
    }
}

fn link_text(el: El<'_>) -> String {
    // The text nodes' words joined by one space (as splitting their
    // concatenation at whitespace would), built in one string.
    let mut text = String::new();
    let mut space = false;
    for chunk in el.element_ref().text() {
        for c in chunk.chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space && !text.is_empty() {
                    text.push(' ');
                }
                space = false;
                text.push(c);
            }
        }
    }
    let text = if text.is_empty() {
        el.attr("aria-label")
            .or_else(|| el.attr("title"))
            .or_else(|| el.attr("alt"))
            .map(str::to_string)
            .or_else(|| {
                el.descendants()
                    .find(|d| d.name() == "img")
                    .and_then(|img| img.attr("alt"))
                    .map(str::to_string)
            })
            .unwrap_or_default()
    } else {
        text
    };
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        let mut cut: String = text.chars().take(MAX_TEXT_CHARS).collect();
        cut.push('…');
        cut
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_decoded_as_files_are_named() {
        assert_eq!(decode_path("tai%20lieu.pdf"), "tai lieu.pdf");
        assert_eq!(
            decode_path("Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.doc"),
            "Quyết định.doc"
        );
        // `+` and `&` are themselves in a path (not a form's space and separator).
        assert_eq!(decode_path("a+b&c.pdf"), "a+b&c.pdf");
        assert_eq!(decode_path("%FF.pdf"), "\u{FFFD}.pdf");
    }

    #[test]
    fn stylesheets_are_found_by_rel_token_and_media() {
        let page = Page::from_html(
            "http://h/",
            "<link rel=stylesheet href=a.css><link rel=\"Icon StyleSheet\" href=b.css>\
             <link rel=stylesheet href=p.css media=print><link rel=stylesheet href=s.css media=\"screen, print\">\
             <link rel=\"alternate stylesheet\" href=alt.css><link rel=stylesheets href=no.css>\
             <link rel=stylesheet href=w.css media=\"(min-width: 40em)\"><link rel=stylesheet href=\" \">\
             <link rel=stylesheet href=n.css media=\"not print\"><link rel=stylesheet href=t.css media=\"only speech\">",
        );
        let hrefs: Vec<&str> = stylesheets(&page)
            .into_iter()
            .filter_map(|l| l.attr("href"))
            .collect();
        assert_eq!(hrefs, ["a.css", "b.css", "s.css", "w.css", "n.css"]);
        assert!(media_applies("") && media_applies("ALL") && media_applies("screen and (color)"));
        assert!(!media_applies("print") && !media_applies("not screen") && !media_applies("tv"));
    }

    #[test]
    fn a_meta_refresh_without_url_equals_is_a_link_too() {
        let page = Page::from_html(
            "http://h/",
            "<meta http-equiv=refresh content=\"0; https://moi.gov.vn/\">\
             <meta http-equiv=refresh content=\"0, /vi/\"><meta http-equiv=refresh content=\"x; /no\">",
        );
        let hrefs: Vec<String> = extract(&page).into_iter().map(|l| l.href).collect();
        assert_eq!(hrefs, ["https://moi.gov.vn/", "/vi/"]);
    }

    #[test]
    fn documents_and_feeds_are_marked_at_extraction() {
        use ResourceKind as R;
        let page = Page::from_html(
            "http://h/",
            "<!doctype html><html><head>\n\
             <link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\">\n\
             <link rel=\"alternate\" hreflang=en href=\"/en/\">\n\
             <link rel=\"Alternate feed\" type=\" Application/Atom+XML \" href=\"/atom\"></head><body>\n\
             <a href=\"/van-ban/QD.PDF?v=2#trang=3\">QĐ</a> <a href=\"/ho-so.rar\">Hồ sơ</a>\n\
             <a href=\"/tin-tuc\">Tin</a> <area href=\"/x.pdf\"> <object data=\"doc.pdf\"></object>\n\
             </body></html>",
        );
        let got: Vec<(String, Option<R>)> = extract(&page)
            .into_iter()
            .map(|l| (l.href, l.resource))
            .collect();
        let s = |a: &str| a.to_string();
        assert_eq!(
            got,
            vec![
                (s("/rss.xml"), Some(R::Feed)),
                (s("/en/"), None),
                (s("/atom"), Some(R::Feed)),
                (s("/van-ban/QD.PDF?v=2#trang=3"), Some(R::Document)),
                (s("/ho-so.rar"), Some(R::Document)),
                (s("/tin-tuc"), None),
                (s("/x.pdf"), None),
                (s("doc.pdf"), None),
            ]
        );
    }

    #[test]
    fn every_kind_of_link_is_found_with_its_element() {
        let page = Page::from_html(
            "http://h/",
            "<!doctype html><html lang=vi><head>\n\
             <link rel=stylesheet href=/a.css><link rel=preconnect href=//cdn>\n\
             <meta http-equiv=Refresh content=\"0; URL='/vi/'\"><meta http-equiv=refresh content=5>\n\
             <script src=s.js></script></head><body>\n\
             <a href=\"/tin-tuc\">  Tin   tức </a> <a href=\"\">trống</a>\n\
             <a href=\"#top\"><img src=logo.png srcset=\"l1.png 1x, l2.png 2x\" alt=\"Trang chủ\"></a>\n\
             <map><area href=ban-do.html alt=\"Bản đồ\"></map><iframe src=\"https://ext/x\"></iframe>\n\
             <video src=v.mp4 poster=p.jpg><source src=v.webm></video><audio src=a.mp3></audio>\n\
             <object data=doc.pdf></object><div style=\"background:url('bg.jpg')\">x</div>\n\
             <a name=top></a><p id=muc-1>y</p></body></html>",
        );
        let got: Vec<(String, String, String, LinkKind, String, u64)> = extract(&page)
            .into_iter()
            .map(|l| (l.tag, l.attr, l.href, l.kind, l.text, l.target.line))
            .collect();
        let n = LinkKind::Navigation;
        let r = LinkKind::Resource;
        let s = |a: &str| a.to_string();
        assert_eq!(
            got,
            vec![
                (s("link"), s("href"), s("/a.css"), r, s(""), 2),
                (s("meta"), s("content"), s("/vi/"), n, s(""), 3),
                (s("script"), s("src"), s("s.js"), r, s(""), 4),
                (s("a"), s("href"), s("/tin-tuc"), n, s("Tin tức"), 5),
                (s("a"), s("href"), s(""), n, s("trống"), 5),
                (s("a"), s("href"), s("#top"), n, s("Trang chủ"), 6),
                (s("img"), s("src"), s("logo.png"), r, s("Trang chủ"), 6),
                (s("img"), s("srcset"), s("l1.png"), r, s("Trang chủ"), 6),
                (s("img"), s("srcset"), s("l2.png"), r, s("Trang chủ"), 6),
                (s("area"), s("href"), s("ban-do.html"), n, s("Bản đồ"), 7),
                (s("iframe"), s("src"), s("https://ext/x"), n, s(""), 7),
                (s("video"), s("src"), s("v.mp4"), r, s(""), 8),
                (s("video"), s("poster"), s("p.jpg"), r, s(""), 8),
                (s("source"), s("src"), s("v.webm"), r, s(""), 8),
                (s("audio"), s("src"), s("a.mp3"), r, s(""), 8),
                (s("object"), s("data"), s("doc.pdf"), r, s(""), 9),
                (s("div"), s("style"), s("bg.jpg"), r, s("x"), 9),
            ]
        );
        assert_eq!(anchors(&page), vec!["muc-1".to_string(), "top".to_string()]);
        assert_eq!(scheme_of("mailto:a@b.vn"), "mailto");
        assert_eq!(scheme_of("JavaScript:void(0)"), "javascript");
        assert_eq!(scheme_of("/a:b"), "");
        assert_eq!(scheme_of("#x"), "");
    }
}
