//! What the content rules need of a page, taken once while the page is parsed
//! (the DOM is dropped afterwards): link texts with their place (menu,
//! breadcrumb, footer, sidebar, body), headings, breadcrumbs, table header
//! rows, the dates in the main text, Dublin Core and other `<meta>` elements,
//! the header and footer text, article signals (headline, date, byline), and
//! the presence of a search form, a feed, a print function, a save function.
//!
//! One walk over the tree per page; every list is capped so a hostile page
//! cannot grow the store.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use ego_tree::iter::Edge;
use scraper::Node;
use serde::{Deserialize, Serialize};

use super::dates;
use super::text::{clip, collapse, fold};
use crate::page::Page;

mod signals;

use signals::{
    crumb_items, is_block, is_byline, is_save_label, notes, notices, procedure_fields, push_capped,
    refresh_target, saves_href,
};

const MAX_LINKS: usize = 300;
const MAX_HEADINGS: usize = 80;
const MAX_TABLES: usize = 20;
const MAX_CELLS: usize = 16;
const MAX_DATES: usize = 24;
const MAX_NOTES: usize = 40;
const MAX_MAIN_TEXT: usize = 300_000;
const MAX_EDGE_TEXT: usize = 2_000;
const MAX_LABEL: usize = 160;

/// Where on a page a link or heading sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A navigation menu (`<nav>`, `role=navigation`, a `menu`/`nav` class) or the page header.
    Menu,
    /// A breadcrumb trail.
    Breadcrumb,
    /// The page footer.
    Footer,
    /// A sidebar (`<aside>`, a `sidebar` class).
    Sidebar,
    /// Anywhere else outside running text.
    Body,
}

/// A link outside running text (links inside paragraphs are not labels).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Link {
    /// The link text (or image alt / title), white space collapsed.
    pub text: String,
    /// The `href` as written.
    pub href: String,
    /// Where it sits.
    pub place: Place,
}

/// A heading `h1`–`h4`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Heading {
    /// 1 to 4.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Where it sits.
    pub place: Place,
}

/// Signals of a news article page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The headline (the `h1`).
    pub headline: String,
    /// The publication date shown, if any.
    pub date: Option<NaiveDate>,
    /// The author or source line shown, if any (`Tác giả: …`, `Nguồn: …`, `Theo …`).
    pub byline: Option<String>,
}

/// The page facts of the content family.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFacts {
    /// The `lang` of `<html>`.
    pub lang: Option<String>,
    /// Links outside running text (shared: the menu, sidebar and footer links
    /// repeat on every page, and a site's pages read at once keep one of each,
    /// see [`crate::rules::site::SharedParts`]).
    #[serde(with = "shared::list")]
    pub links: Vec<Arc<Link>>,
    /// Headings `h1`–`h4` (shared like the links).
    #[serde(with = "shared::list")]
    pub headings: Vec<Arc<Heading>>,
    /// The items of the first breadcrumb trail.
    pub breadcrumbs: Vec<String>,
    /// The header row of each table (first row with `th` cells, else the first row).
    pub tables: Vec<Vec<String>>,
    /// Distinct dates in the main text (not header, footer or menus), newest first.
    pub dates: Vec<NaiveDate>,
    /// `<meta>` elements by lower-case name or property (Dublin Core `dc.*`,
    /// description, …); shared like the links.
    #[serde(with = "shared::one")]
    pub meta: Arc<BTreeMap<String, String>>,
    /// The target of a `<meta http-equiv="refresh">`.
    pub refresh: Option<String>,
    /// A search form or field.
    pub search_form: bool,
    /// An RSS/Atom feed link.
    pub feed: bool,
    /// A print function (a print link or button).
    pub print: bool,
    /// A save function outside menus and the footer ("Lưu tin", "Tải về",
    /// "Save as PDF", a link with the `download` attribute).
    #[serde(default)]
    pub save: bool,
    /// The header's text (and logo alt texts); shared like the links.
    #[serde(with = "shared::text")]
    pub header_text: Arc<str>,
    /// The footer's text; shared like the links.
    #[serde(with = "shared::text")]
    pub footer_text: Arc<str>,
    /// Sentences announcing a merger or a move (`sáp nhập`, `hợp nhất`, `địa chỉ mới`).
    pub notices: Vec<String>,
    /// The labels of short `Label: value` lines of the main text
    /// (`Phương pháp thống kê`, `Thời gian thực hiện`).
    pub notes: Vec<String>,
    /// The administrative-procedure fields the main text labels (ids of
    /// `procedure_fields_missing::FIELDS`: `trinh-tu`, `ho-so`, …), when it
    /// labels a sequence of steps; empty on other pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedure: Vec<String>,
    /// The forms a procedure page links to (`procedure` labels a sequence
    /// and a dossier): links to a file whose text or name says it is a form
    /// (`mẫu`, `tờ khai`, `đơn`, `phiếu`); empty on other pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<FormLink>,
    /// Article signals, when the page is a news article.
    pub article: Option<Article>,
}

/// The shared (`Arc`) parts of [`PageFacts`], written and read as the
/// values they hold: the store's JSON is the same as when they were owned.
mod shared {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub mod one {
        use super::{Arc, Deserialize, Deserializer, Serialize, Serializer};

        pub fn serialize<T: Serialize, S: Serializer>(v: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
            (**v).serialize(s)
        }

        pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Arc<T>, D::Error> {
            T::deserialize(d).map(Arc::new)
        }
    }

    pub mod list {
        use super::{Arc, Deserialize, Deserializer, Serialize, Serializer};

        pub fn serialize<T: Serialize, S: Serializer>(
            v: &[Arc<T>],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(|x| &**x))
        }

        pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<Arc<T>>, D::Error> {
            Vec::<T>::deserialize(d).map(|v| v.into_iter().map(Arc::new).collect())
        }
    }

    pub mod text {
        use super::{Arc, Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(v)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
            String::deserialize(d).map(Arc::from)
        }
    }
}

/// A link from a procedure page to a form file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormLink {
    /// The address as written.
    pub href: String,
    /// The link text (collapsed, clipped).
    pub text: String,
    /// The file's extension, lower case (`docx`, `jpg`).
    pub extension: String,
    /// The `<a>` element.
    pub target: crate::page::Target,
}

const SKIP: u16 = 1;
const NAV: u16 = 1 << 1;
const HEADER: u16 = 1 << 2;
const FOOTER: u16 = 1 << 3;
const ASIDE: u16 = 1 << 4;
const CRUMB: u16 = 1 << 5;
const PROSE: u16 = 1 << 6;
const MAIN: u16 = 1 << 7;
const BYLINE: u16 = 1 << 8;
const DATE: u16 = 1 << 9;

fn place(flags: u16) -> Place {
    if flags & CRUMB != 0 {
        Place::Breadcrumb
    } else if flags & FOOTER != 0 {
        Place::Footer
    } else if flags & (NAV | HEADER) != 0 {
        Place::Menu
    } else if flags & ASIDE != 0 {
        Place::Sidebar
    } else {
        Place::Body
    }
}

/// Whether `hay` contains `needle` (ASCII, any case), without allocating.
fn has_ci(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

fn own_flags(name: &str, el: &scraper::node::Element, inherited: u16) -> u16 {
    // One pass over the attributes: each `attr(name)` lookup interns its name.
    // Five names, each once on an element: kept on the stack (a `Vec` for
    // every element of every page cost more than the rest of this function).
    let mut kept: [&str; 5] = [""; 5];
    let mut count = 0;
    let mut more: Vec<&str> = Vec::new();
    for (_, value) in el
        .attrs()
        .filter(|(name, _)| matches!(*name, "class" | "id" | "role" | "aria-label" | "itemprop"))
    {
        match kept.get_mut(count) {
            Some(slot) => {
                *slot = value;
                count += 1;
            }
            None => more.push(value),
        }
    }
    let marks = || kept[..count].iter().chain(&more).copied();
    let has = |needle: &str| marks().any(|m| has_ci(m, needle));
    let in_main = inherited & MAIN != 0;
    let mut flags = 0;
    match name {
        "script" | "style" | "noscript" | "template" | "select" | "option" => flags |= SKIP,
        "nav" => flags |= NAV,
        "header" if !in_main => flags |= HEADER,
        "footer" if !in_main => flags |= FOOTER,
        "aside" => flags |= ASIDE,
        "p" => flags |= PROSE,
        "main" | "article" => flags |= MAIN,
        "time" => flags |= DATE,
        _ => {}
    }
    if count == 0 {
        return flags;
    }
    if has("breadcrumb") || marks().any(|m| m.contains("đường dẫn")) {
        flags |= CRUMB;
    } else if has("navigation") || has("menu") || has("nav") {
        flags |= NAV;
    }
    if has("footer") && !in_main {
        flags |= FOOTER;
    }
    if (has("header") || has("banner")) && !in_main && !has("page-header") {
        flags |= HEADER;
    }
    if has("sidebar") {
        flags |= ASIDE;
    }
    if has("author") || has("source") || has("tacgia") || has("tac-gia") || has("nguon") {
        flags |= BYLINE;
    }
    if has("date") || has("time") || has("ngay") || has("publish") {
        flags |= DATE;
    }
    flags
}

/// A link being read.
struct OpenLink {
    href: String,
    place: Place,
    text: String,
    title: String,
    depth: usize,
}

struct Frame<'a> {
    flags: u16,
    name: &'a str,
}

#[derive(Default)]
struct TableAcc {
    header: Option<Vec<String>>,
    first_row: Option<Vec<String>>,
    row: Vec<String>,
    row_has_th: bool,
    cell: Option<String>,
}

/// Takes the content facts of a page.
#[must_use]
pub fn extract(page: &Page) -> PageFacts {
    let mut facts = PageFacts {
        lang: page
            .root()
            .and_then(|html| html.attr("lang"))
            .map(str::to_string),
        ..PageFacts::default()
    };
    let mut header_text = String::new();
    let mut footer_text = String::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut link: Option<OpenLink> = None;
    let mut heading: Option<(u8, Place, String, usize)> = None;
    let mut crumb: Option<(String, usize)> = None;
    let mut crumb_done = false;
    let mut tables: Vec<TableAcc> = Vec::new();
    let mut main_text = String::new();
    let mut bylines: Vec<String> = Vec::new();
    let mut byline_acc: Option<(String, usize)> = None;
    let mut date_acc: Option<(String, usize)> = None;
    let mut date_hint: Option<NaiveDate> = None;
    let mut prose_chars = 0usize;
    let mut paragraph: Option<(String, usize)> = None;
    let mut has_article_el = false;
    let mut h1_at_main: Option<usize> = None;

    for edge in page.html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    let inherited = stack.last().map_or(0, |f| f.flags);
                    let flags = inherited | own_flags(name, el, inherited);
                    let depth = stack.len();
                    stack.push(Frame { flags, name });
                    if flags & SKIP != 0 {
                        continue;
                    }
                    if flags & (HEADER | FOOTER | NAV) == 0 && is_block(name) {
                        push_capped(&mut main_text, "\n", MAX_MAIN_TEXT);
                    }
                    open_element(
                        name,
                        el,
                        flags,
                        depth,
                        &mut facts,
                        &mut link,
                        &mut heading,
                        &mut tables,
                    );
                    if name == "article" {
                        has_article_el = true;
                    }
                    if flags & CRUMB != 0 && crumb.is_none() && !crumb_done {
                        crumb = Some((String::new(), depth));
                    }
                    if let Some((text, _)) = crumb.as_mut() {
                        text.push('\n');
                    }
                    if flags & BYLINE != 0 && byline_acc.is_none() && flags & (FOOTER | NAV) == 0 {
                        byline_acc = Some((String::new(), depth));
                    }
                    if flags & DATE != 0 && date_acc.is_none() && flags & (FOOTER | NAV) == 0 {
                        if let Some(d) = el.attr("datetime").and_then(dates::first) {
                            date_hint.get_or_insert(d);
                        }
                        date_acc = Some((String::new(), depth));
                    }
                    if name == "p" && paragraph.is_none() && flags & (FOOTER | NAV | HEADER) == 0 {
                        paragraph = Some((String::new(), depth));
                    }
                    if name == "img"
                        && flags & HEADER != 0
                        && let Some(alt) = el.attr("alt")
                    {
                        push_capped(&mut header_text, alt, MAX_EDGE_TEXT);
                        push_capped(&mut header_text, "\n", MAX_EDGE_TEXT);
                    }
                    if name == "h1" && h1_at_main.is_none() && flags & (NAV | FOOTER | HEADER) == 0
                    {
                        h1_at_main = Some(main_text.len());
                    }
                }
                Node::Text(text) => {
                    let flags = stack.last().map_or(0, |f| f.flags);
                    if flags & SKIP != 0 {
                        continue;
                    }
                    let text: &str = text;
                    if let Some(open) = link.as_mut() {
                        push_capped(&mut open.text, text, MAX_LABEL * 2);
                    }
                    if let Some((_, _, acc, _)) = heading.as_mut() {
                        push_capped(acc, text, MAX_LABEL * 2);
                    }
                    if let Some((acc, _)) = crumb.as_mut() {
                        push_capped(acc, text, MAX_EDGE_TEXT);
                    }
                    if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        push_capped(cell, text, MAX_LABEL);
                    }
                    if let Some((acc, _)) = byline_acc.as_mut() {
                        push_capped(acc, text, MAX_LABEL);
                    }
                    if let Some((acc, _)) = date_acc.as_mut() {
                        push_capped(acc, text, MAX_LABEL);
                    }
                    if let Some((acc, _)) = paragraph.as_mut() {
                        push_capped(acc, text, MAX_EDGE_TEXT);
                    }
                    if flags & HEADER != 0 && flags & NAV == 0 {
                        push_capped(&mut header_text, text, MAX_EDGE_TEXT);
                    } else if flags & FOOTER != 0 {
                        push_capped(&mut footer_text, text, MAX_EDGE_TEXT);
                        push_capped(&mut footer_text, " ", MAX_EDGE_TEXT);
                    } else if flags & (NAV | HEADER) == 0 {
                        push_capped(&mut main_text, text, MAX_MAIN_TEXT);
                        if flags & PROSE != 0 {
                            prose_chars += text.trim().chars().count();
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(_) = node.value() else {
                    continue;
                };
                let Some(frame) = stack.pop() else { continue };
                let depth = stack.len();
                if frame.flags & SKIP != 0 {
                    continue;
                }
                if is_block(frame.name) {
                    push_capped(&mut main_text, "\n", MAX_MAIN_TEXT);
                }
                close_element(
                    &frame,
                    depth,
                    &mut facts,
                    &mut link,
                    &mut heading,
                    &mut tables,
                );
                if crumb.as_ref().is_some_and(|(_, d)| *d == depth) {
                    let (text, _) = crumb.take().expect("checked");
                    facts.breadcrumbs = crumb_items(&text);
                    crumb_done = !facts.breadcrumbs.is_empty();
                }
                if byline_acc.as_ref().is_some_and(|(_, d)| *d == depth) {
                    let (text, _) = byline_acc.take().expect("checked");
                    let text = collapse(&text);
                    if !text.is_empty() {
                        bylines.push(clip(&text, MAX_LABEL));
                    }
                }
                if date_acc.as_ref().is_some_and(|(_, d)| *d == depth) {
                    let (text, _) = date_acc.take().expect("checked");
                    if let Some(d) = dates::first(&text) {
                        date_hint.get_or_insert(d);
                    }
                }
                if paragraph.as_ref().is_some_and(|(_, d)| *d == depth) {
                    let (text, _) = paragraph.take().expect("checked");
                    // Bylines are short and start with a known word: other
                    // paragraphs are not even collapsed.
                    let may_be = || {
                        let head: String = text.trim_start().chars().take(8).collect();
                        let head = fold(&head);
                        ["tac", "nguon", "theo", "tin", "bai", "pv", "ctv"]
                            .iter()
                            .any(|p| head.starts_with(p))
                    };
                    if text.len() <= 600 && may_be() {
                        let text = collapse(&text);
                        if is_byline(&text) {
                            bylines.push(clip(&text, MAX_LABEL));
                        }
                    }
                }
            }
        }
    }
    for table in tables.drain(..) {
        finish_table(table, &mut facts.tables);
    }

    let mut found = dates::find_all(&main_text);
    found.sort_unstable_by(|a, b| b.cmp(a));
    found.dedup();
    found.truncate(MAX_DATES);
    facts.dates = found;
    facts.notices = notices(&main_text);
    facts.notes = notes(&main_text);
    facts.procedure = procedure_fields(&main_text);
    if facts.procedure.iter().any(|f| f == "trinh-tu")
        && facts.procedure.iter().any(|f| f == "ho-so")
    {
        facts.forms = signals::form_links(page);
    }

    facts.header_text = header_text.into();
    facts.footer_text = footer_text.into();
    let h1s: Vec<&Heading> = facts
        .headings
        .iter()
        .map(|h| &**h)
        .filter(|h| h.level == 1 && h.place == Place::Body)
        .collect();
    let og_article = facts
        .meta
        .get("og:type")
        .is_some_and(|t| t.eq_ignore_ascii_case("article"));
    let subheads = facts
        .headings
        .iter()
        .filter(|h| h.level > 1 && h.place == Place::Body)
        .count();
    let looks_like_article =
        has_article_el || og_article || (h1s.len() == 1 && prose_chars >= 400 && subheads <= 4);
    if looks_like_article && let Some(h1) = h1s.first() {
        let near_headline = h1_at_main.and_then(|at| {
            let rest = main_text.get(at..).unwrap_or_default();
            let window: String = rest.chars().take(400).collect();
            dates::first(&window)
        });
        let meta_date = ["article:published_time", "dc.date", "dc.date.created"]
            .iter()
            .find_map(|k| facts.meta.get(*k).and_then(|v| dates::first(v)));
        let meta_byline = ["dc.creator", "author", "article:author", "dc.source"]
            .iter()
            .find_map(|k| facts.meta.get(*k).filter(|v| !v.trim().is_empty()).cloned());
        facts.article = Some(Article {
            headline: h1.text.clone(),
            date: date_hint.or(meta_date).or(near_headline),
            byline: bylines.into_iter().next().or(meta_byline),
        });
    }
    facts
}

#[allow(clippy::too_many_arguments)]
fn open_element(
    name: &str,
    el: &scraper::node::Element,
    flags: u16,
    depth: usize,
    facts: &mut PageFacts,
    link: &mut Option<OpenLink>,
    heading: &mut Option<(u8, Place, String, usize)>,
    tables: &mut Vec<TableAcc>,
) {
    match name {
        "a" => {
            if let Some(href) = el.attr("href") {
                let lower = href.to_ascii_lowercase();
                if lower.ends_with(".rss") || lower.contains("/rss") || lower.contains("rss.") {
                    facts.feed = true;
                }
                if lower.contains("print") || lower.contains("/in-bai") {
                    facts.print = true;
                }
                if in_content(flags) && (el.attr("download").is_some() || saves_href(&lower)) {
                    facts.save = true;
                }
                // Links in running text are not labels; paragraphs of the
                // header, footer, menus and sidebars are not running text.
                let running_text =
                    flags & PROSE != 0 && flags & (HEADER | FOOTER | NAV | ASIDE | CRUMB) == 0;
                if !running_text && link.is_none() {
                    *link = Some(OpenLink {
                        href: href.to_string(),
                        place: place(flags),
                        text: String::new(),
                        title: el.attr("title").unwrap_or_default().to_string(),
                        depth,
                    });
                }
            }
            if el.attr("onclick").is_some_and(|v| v.contains("print")) {
                facts.print = true;
            }
        }
        "button" => {
            let marks = format!(
                "{} {} {}",
                el.attr("onclick").unwrap_or_default(),
                el.attr("class").unwrap_or_default(),
                el.attr("id").unwrap_or_default()
            )
            .to_ascii_lowercase();
            if marks.contains("print") {
                facts.print = true;
            }
            let label = el
                .attr("title")
                .or_else(|| el.attr("aria-label"))
                .unwrap_or_default();
            if in_content(flags) && (saves_href(&marks) || is_save_label(&fold(label))) {
                facts.save = true;
            }
        }
        "img" => {
            if let (Some(alt), Some(open)) = (el.attr("alt"), link.as_mut()) {
                open.text.push(' ');
                open.text.push_str(alt);
            }
        }
        "h1" | "h2" | "h3" | "h4" if heading.is_none() => {
            let level = name.as_bytes()[1] - b'0';
            *heading = Some((level, place(flags), String::new(), depth));
        }
        "meta" => {
            let key = el.attr("name").or_else(|| el.attr("property"));
            if let (Some(key), Some(content)) = (key, el.attr("content")) {
                let key = key.to_ascii_lowercase();
                let keep = key.starts_with("dc.")
                    || key.starts_with("article:")
                    || matches!(
                        key.as_str(),
                        "description"
                            | "keywords"
                            | "author"
                            | "viewport"
                            | "generator"
                            | "og:type"
                    );
                if keep && facts.meta.len() < 64 {
                    Arc::make_mut(&mut facts.meta).insert(key, clip(content.trim(), 400));
                }
            }
            if el
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
                && let Some(content) = el.attr("content")
            {
                facts.refresh = refresh_target(content);
            }
        }
        "link" => {
            let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
            let kind = el.attr("type").unwrap_or_default().to_ascii_lowercase();
            if rel.contains("alternate") && (kind.contains("rss") || kind.contains("atom")) {
                facts.feed = true;
            }
        }
        "input" => {
            let kind = el.attr("type").unwrap_or("text").to_ascii_lowercase();
            let marks = fold(&format!(
                "{} {} {} {}",
                el.attr("name").unwrap_or_default(),
                el.attr("id").unwrap_or_default(),
                el.attr("placeholder").unwrap_or_default(),
                el.attr("aria-label").unwrap_or_default()
            ));
            if kind == "search"
                || (kind == "text"
                    && [
                        "search", "tim kiem", "timkiem", "keyword", "tu khoa", "tukhoa",
                    ]
                    .iter()
                    .any(|m| marks.contains(m)))
            {
                facts.search_form = true;
            }
        }
        "form" => {
            let action = el.attr("action").unwrap_or_default().to_ascii_lowercase();
            let role = el.attr("role").unwrap_or_default();
            if action.contains("search")
                || action.contains("tim-kiem")
                || action.contains("timkiem")
                || role == "search"
            {
                facts.search_form = true;
            }
        }
        "table" => tables.push(TableAcc::default()),
        "tr" => {
            if let Some(t) = tables.last_mut() {
                t.row.clear();
                t.row_has_th = false;
            }
        }
        "th" | "td" => {
            if let Some(t) = tables.last_mut() {
                if name == "th" {
                    t.row_has_th = true;
                }
                // Only a header row is kept: the first row with `th`, else the first row.
                let wanted = t.header.is_none() && (t.first_row.is_none() || t.row_has_th);
                t.cell = wanted.then(String::new);
            }
        }
        _ => {}
    }
}

fn close_element(
    frame: &Frame<'_>,
    depth: usize,
    facts: &mut PageFacts,
    link: &mut Option<OpenLink>,
    heading: &mut Option<(u8, Place, String, usize)>,
    tables: &mut Vec<TableAcc>,
) {
    match frame.name {
        "a" if link.as_ref().is_some_and(|l| l.depth == depth) => {
            let OpenLink {
                href,
                place,
                text,
                title,
                ..
            } = link.take().expect("checked");
            let mut text = collapse(&text);
            if text.is_empty() {
                // A link labelled only by its title (an icon link).
                text = collapse(&title);
            }
            let folded = fold(&text);
            if matches!(
                folded.as_str(),
                "in" | "in bai" | "in trang" | "ban in" | "print"
            ) {
                facts.print = true;
            }
            if folded == "rss" {
                facts.feed = true;
            }
            if matches!(place, Place::Body | Place::Sidebar) && is_save_label(&folded) {
                facts.save = true;
            }
            if facts.links.len() < MAX_LINKS && (!text.is_empty() || !href.is_empty()) {
                facts.links.push(Arc::new(Link {
                    text: clip(&text, MAX_LABEL),
                    href: clip(&href, 400),
                    place,
                }));
            }
        }
        "button" => {}
        "h1" | "h2" | "h3" | "h4" if heading.as_ref().is_some_and(|h| h.3 == depth) => {
            let (level, place, text, _) = heading.take().expect("checked");
            let text = collapse(&text);
            if !text.is_empty() && facts.headings.len() < MAX_HEADINGS {
                facts.headings.push(Arc::new(Heading {
                    level,
                    text: clip(&text, MAX_LABEL),
                    place,
                }));
            }
        }
        "th" | "td" => {
            if let Some(t) = tables.last_mut()
                && let Some(cell) = t.cell.take()
                && t.row.len() < MAX_CELLS
            {
                t.row.push(clip(&collapse(&cell), 60));
            }
        }
        "tr" => {
            if let Some(t) = tables.last_mut() {
                let row = std::mem::take(&mut t.row);
                if t.header.is_none() && t.row_has_th && !row.is_empty() {
                    t.header = Some(row);
                } else if t.first_row.is_none() && !row.is_empty() {
                    t.first_row = Some(row);
                }
            }
        }
        "table" => {
            if let Some(t) = tables.pop() {
                finish_table(t, &mut facts.tables);
            }
        }
        _ => {}
    }
}

fn finish_table(table: TableAcc, out: &mut Vec<Vec<String>>) {
    if out.len() >= MAX_TABLES {
        return;
    }
    if let Some(header) = table.header.or(table.first_row) {
        out.push(header);
    }
}

/// Whether an element sits outside menus, the header and the footer (where a
/// "Tải về" is a section of the site, not a function of the page).
fn in_content(flags: u16) -> bool {
    flags & (NAV | HEADER | FOOTER | CRUMB) == 0
}

#[cfg(test)]
mod tests;
