//! The page model: one fetched or read document, decoded and parsed once.
//!
//! Every page rule reads the same [`Page`]: the raw bytes, what decoding learnt,
//! the decoded text, the DOM with source positions, and indexes built once
//! (elements in document order, by tag, by `id`). Rules never walk the tree on
//! their own when an index answers the question.

pub mod accname;
pub mod aria;
pub mod decode;
mod dom;
pub mod element;
pub mod links;
pub mod refresh;
pub mod rendered;
pub mod style;

use ego_tree::NodeId;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node};
use serde::{Deserialize, Serialize};

pub use decode::{EncodingInfo, EncodingSource};
pub use dom::{MAX_DEPTH, ParseError};
pub use element::{El, SNIPPET_CHARS, Target};

/// What a page was built from: bytes and, when fetched, the HTTP facts.
#[derive(Debug, Clone, Default)]
pub struct PageInput {
    /// The page's URL (`https://…` or `file:///…`).
    pub url: String,
    /// The component site the page belongs to (its id in the report).
    pub site: String,
    /// The body as received or read.
    pub bytes: Vec<u8>,
    /// The HTTP status, when fetched.
    pub status: Option<u16>,
    /// Response headers (names lower-case), when fetched.
    pub headers: Vec<(String, String)>,
}

/// Stylesheets a page links to, at most, for its cascade.
pub const MAX_STYLESHEETS: usize = 16;

/// Where the stylesheets a page links to come from: the files next to a
/// checked page, or the network for a fetched one. The page finds them
/// ([`links::stylesheets`]); the source only reads.
pub trait StyleSource: Sync {
    /// The stylesheets of `page` whose `<link>` elements are `links` (in
    /// document order, at most [`MAX_STYLESHEETS`]) that could be read;
    /// one left out leaves the contrast rules saying "needs review".
    fn load(&self, page: &Page, links: &[El<'_>]) -> Vec<Stylesheet>;
}

/// No stylesheets (a page checked on its own, tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStyles;

impl StyleSource for NoStyles {
    fn load(&self, _: &Page, _: &[El<'_>]) -> Vec<Stylesheet> {
        Vec::new()
    }
}

/// The text of a stylesheet linked from a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stylesheet {
    /// Where it came from.
    pub url: String,
    /// Its decoded text.
    pub text: String,
}

/// A source position, 1-based. `column` is in characters; it is `None` for
/// elements the parser implied (no start tag in the source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column in characters, when the element has a start tag.
    pub column: Option<u64>,
    /// Byte offset of the start tag in the decoded text, when it has one.
    #[serde(skip)]
    pub offset: Option<usize>,
}

/// The facts several rules share through [`Page::shared`].
#[derive(Clone, Copy, Debug)]
pub enum SharedSlot {
    /// The visible text holders and their colours (`rules::a11y::contrast`).
    TextColours,
}

impl SharedSlot {
    const COUNT: usize = 1;
}

/// A parsed page. Built once by [`Page::parse`], then only read.
pub struct Page {
    /// The page's URL.
    pub url: String,
    /// The component site id.
    pub site: String,
    /// The HTTP status, when fetched.
    pub status: Option<u16>,
    /// Response headers (lower-case names), when fetched.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub bytes: Vec<u8>,
    /// The decoded text.
    pub text: String,
    /// What decoding learnt.
    pub encoding: EncodingInfo,
    /// Linked stylesheets, attached after the parse ([`Page::attach_stylesheets`]).
    pub stylesheets: Vec<Stylesheet>,
    /// The DOM.
    pub html: Html,
    /// html5ever parse errors with lines (at most 1000 kept).
    pub parse_errors: Vec<ParseError>,
    /// How many parse errors there were in all.
    pub parse_error_count: usize,
    /// How many tags nested deeper than [`MAX_DEPTH`] were not built.
    pub depth_limited_tags: usize,
    /// When this page is the rendered view of a served page (browser mode):
    /// the addresses of the served page's links as written, for
    /// `javascript-only-content`. `None` for a served page.
    pub served_links: Option<std::collections::HashSet<String>>,
    /// When this page is the rendered view: the colours the browser painted
    /// each text holder with, by the page's element index (set with
    /// [`Page::attach_browser`]). `None` for a served page.
    painted: Option<FxHashMap<u32, rendered::PaintedText>>,
    /// When this page is the rendered view and was measured: its page-load
    /// metrics (set with [`Page::attach_browser`]).
    metrics: Option<rendered::LoadMetrics>,
    elements: Vec<NodeId>,
    positions: Vec<Position>,
    index_of: FxHashMap<NodeId, u32>,
    /// Per element: the index of its parent element (`u32::MAX` for none),
    /// so walking up the tree needs no lookup.
    parents: Vec<u32>,
    /// Per element: its rank among same-named siblings and how many there
    /// are (for `:nth-of-type` in selectors), computed once for the page.
    sibling_ranks: std::sync::OnceLock<Vec<(u32, u32)>>,
    shared: [std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>; SharedSlot::COUNT],
    by_tag: FxHashMap<String, Vec<u32>>,
    by_id: FxHashMap<String, Vec<u32>>,
    line_starts: Vec<usize>,
    style_cache: style::StyleCache,
    ax_cache: accname::AxCache,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("url", &self.url)
            .field("elements", &self.elements.len())
            .finish_non_exhaustive()
    }
}

impl Page {
    /// Decodes, parses and indexes a page.
    #[must_use]
    pub fn parse(input: PageInput) -> Self {
        let transport = input
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .and_then(|(_, value)| decode::charset_from_content_type(value));
        let decoded = decode::decode(&input.bytes, transport.as_deref());
        let text = decoded.text;
        let (limited, scan) = dom::scan_source(&text);
        let parse_text = limited.as_ref().map_or(text.as_str(), |(t, _)| t.as_str());
        let parsed = dom::parse(parse_text);
        let line_starts = line_starts(&text);

        let created_line: FxHashMap<NodeId, u64> = parsed.created.iter().copied().collect();
        let mut scan = scan.unwrap_or_else(|| dom::TagScan::new(parse_text));
        let line_of = |offset: usize| line_at(&line_starts, offset);

        // Document order; created order equals source order for parser-made
        // elements, so positions are assigned in creation order first.
        let mut pos_by_node: FxHashMap<NodeId, Position> =
            FxHashMap::with_capacity_and_hasher(parsed.created.len(), Default::default());
        for (id, line) in &parsed.created {
            let Some(node) = parsed.html.tree.get(*id) else {
                continue;
            };
            let Some(el) = node.value().as_element() else {
                continue;
            };
            let position = match scan.take(el.name(), *line, line_of) {
                Some(offset) => {
                    let line = line_of(offset);
                    let line_start = line_starts[(line - 1) as usize];
                    let column = text[line_start..offset].chars().count() as u64 + 1;
                    Position {
                        line,
                        column: Some(column),
                        offset: Some(offset),
                    }
                }
                None => Position {
                    line: *line,
                    column: None,
                    offset: None,
                },
            };
            pos_by_node.insert(*id, position);
        }

        let mut elements = Vec::with_capacity(parsed.created.len());
        let mut positions = Vec::with_capacity(parsed.created.len());
        let mut index_of =
            FxHashMap::with_capacity_and_hasher(parsed.created.len(), Default::default());
        let mut parents: Vec<u32> = Vec::with_capacity(parsed.created.len());
        // Short keys looked up by every rule: hashed the fast way (nothing
        // iterates them in their order; `ids` is sorted by its users).
        let mut by_tag: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut by_id: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for node in parsed.html.tree.root().descendants() {
            let Node::Element(el) = node.value() else {
                continue;
            };
            let idx = u32::try_from(elements.len()).unwrap_or(u32::MAX);
            elements.push(node.id());
            positions.push(pos_by_node.get(&node.id()).copied().unwrap_or(Position {
                line: created_line.get(&node.id()).copied().unwrap_or(1),
                column: None,
                offset: None,
            }));
            index_of.insert(node.id(), idx);
            // Parents come first in document order, so they are indexed.
            parents.push(
                node.parent()
                    .and_then(|p| index_of.get(&p.id()).copied())
                    .unwrap_or(u32::MAX),
            );
            // Names repeat: a key is copied only the first time.
            match by_tag.get_mut(el.name()) {
                Some(list) => list.push(idx),
                None => {
                    by_tag.insert(el.name().to_string(), vec![idx]);
                }
            }
            if let Some(id) = el.attr("id") {
                by_id.entry(id.to_string()).or_default().push(idx);
            }
        }

        Self {
            url: input.url,
            site: input.site,
            status: input.status,
            headers: input.headers,
            bytes: input.bytes,
            text,
            encoding: decoded.info,
            stylesheets: Vec::new(),
            html: parsed.html,
            parse_errors: parsed.errors,
            parse_error_count: parsed.error_count,
            depth_limited_tags: limited.map_or(0, |(_, n)| n),
            served_links: None,
            painted: None,
            metrics: None,
            elements,
            positions,
            index_of,
            parents,
            by_tag,
            by_id,
            line_starts,
            style_cache: style::StyleCache::default(),
            ax_cache: accname::AxCache::default(),
            sibling_ranks: std::sync::OnceLock::new(),
            shared: Default::default(),
        }
    }

    /// Reads the stylesheets the page links to from `source`, before any
    /// rule runs (the cascade is built on first use).
    pub fn attach_stylesheets(&mut self, source: &dyn StyleSource) {
        let mut links = links::stylesheets(self);
        links.truncate(MAX_STYLESHEETS);
        let sheets = source.load(self, &links);
        self.stylesheets = sheets;
    }

    /// Parses a page from a string (tests and fixtures).
    #[must_use]
    pub fn from_html(url: &str, html: &str) -> Self {
        Self::parse(PageInput {
            url: url.to_string(),
            site: "test".to_string(),
            bytes: html.as_bytes().to_vec(),
            ..PageInput::default()
        })
    }

    /// Every element, in document order.
    pub fn elements(&self) -> impl ExactSizeIterator<Item = El<'_>> + '_ {
        (0..self.elements.len()).map(move |i| self.el(i as u32))
    }

    /// Elements with a tag name (lower case), in document order.
    pub fn by_tag<'a>(&'a self, name: &str) -> impl Iterator<Item = El<'a>> + 'a {
        self.by_tag
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(move |&i| self.el(i))
    }

    /// Elements with an `id`, in document order.
    pub fn by_id<'a>(&'a self, id: &str) -> impl Iterator<Item = El<'a>> + 'a {
        self.by_id
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(move |&i| self.el(i))
    }

    /// How many elements carry this `id`.
    #[must_use]
    pub fn id_count(&self, id: &str) -> usize {
        self.by_id.get(id).map_or(0, Vec::len)
    }

    /// Every distinct `id` with the elements that carry it.
    pub fn ids(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_id.iter().map(|(id, els)| (id.as_str(), els.len()))
    }

    /// The root `<html>` element (html5ever always creates one).
    #[must_use]
    pub fn root(&self) -> Option<El<'_>> {
        self.by_tag("html").next()
    }

    /// The wrapper for a DOM node, if it is an element of this page.
    #[must_use]
    pub fn element(&self, node: NodeId) -> Option<El<'_>> {
        self.index_of.get(&node).map(|&i| self.el(i))
    }

    /// The element's rank among its parent's children of the same name
    /// (1-based) and how many such children there are; `(1, 1)` for the root.
    /// One pass over the page the first time a selector asks.
    pub(crate) fn sibling_rank(&self, idx: u32) -> (u32, u32) {
        let ranks = self.sibling_ranks.get_or_init(|| {
            let mut ranks = vec![(1, 1); self.elements.len()];
            // A parent's children have few distinct names: a short list
            // scanned in place costs less than hashing every name of the page.
            let mut counts: Vec<(&str, u32)> = Vec::new();
            let mut children: Vec<(u32, usize)> = Vec::new();
            for parent in 0..self.elements.len() {
                let parent = self.el(u32::try_from(parent).unwrap_or(u32::MAX));
                counts.clear();
                children.clear();
                for child in parent.children() {
                    let name = child.name();
                    let slot = if let Some(slot) = counts.iter().position(|&(n, _)| n == name) {
                        counts[slot].1 += 1;
                        slot
                    } else {
                        counts.push((name, 1));
                        counts.len() - 1
                    };
                    ranks[child.idx() as usize].0 = counts[slot].1;
                    children.push((child.idx(), slot));
                }
                for &(child, slot) in &children {
                    ranks[child as usize].1 = counts[slot].1;
                }
            }
            ranks
        });
        ranks.get(idx as usize).copied().unwrap_or((1, 1))
    }

    /// The parent element of the element at `idx`.
    pub(crate) fn parent_of(&self, idx: u32) -> Option<El<'_>> {
        match self.parents.get(idx as usize) {
            Some(&parent) if parent != u32::MAX => Some(self.el(parent)),
            _ => None,
        }
    }

    /// A fact that several rules compute the same way (the two contrast rules'
    /// text colours), computed by the first rule that asks and kept with the
    /// page; each kind of fact has its own slot and type.
    ///
    /// # Panics
    /// If one slot is used with two types (a programming error).
    pub fn shared<T: std::any::Any + Send + Sync>(
        &self,
        slot: SharedSlot,
        init: impl FnOnce() -> T,
    ) -> &T {
        self.shared[slot as usize]
            .get_or_init(|| Box::new(init()))
            .downcast_ref::<T>()
            .expect("each shared slot holds one type")
    }

    /// Attaches what the browser painted and measured (browser mode): each
    /// painted text lands on the element of this page the browser's element
    /// maps to ([`rendered::align`]), or on none; the load metrics are the
    /// page's.
    pub fn attach_browser(&mut self, facts: &rendered::BrowserFacts) {
        self.metrics.clone_from(&facts.metrics);
        let tags: Vec<&str> = (0..self.element_count())
            .filter_map(|i| u32::try_from(i).ok())
            .map(|i| self.el(i).name())
            .collect();
        let map = rendered::align(&facts.tags, &tags);
        let painted = facts
            .texts
            .iter()
            .filter_map(|t| {
                let idx = (*map.get(t.element as usize)?)?;
                Some((idx, t.clone()))
            })
            .collect();
        self.painted = Some(painted);
    }

    /// The colours the browser painted `el`'s text with, on a rendered page
    /// whose browser facts are attached; `None` elsewhere, and for an element
    /// the browser did not report (hidden, covered, off-screen, or not
    /// mapped).
    #[must_use]
    pub fn painted(&self, el: El<'_>) -> Option<&rendered::PaintedText> {
        self.painted.as_ref()?.get(&el.idx())
    }

    /// The page-load metrics of a rendered page that was measured.
    #[must_use]
    pub fn load_metrics(&self) -> Option<&rendered::LoadMetrics> {
        self.metrics.as_ref()
    }

    /// Number of elements.
    #[must_use]
    pub fn element_count(&self) -> usize {
        self.elements.len()
    }

    /// The text of the first `<title>` element, trimmed.
    #[must_use]
    pub fn title(&self) -> Option<String> {
        self.by_tag("title")
            .next()
            .map(|t| t.text().trim().to_string())
    }

    /// The 1-based line of a byte offset in the decoded text.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> u64 {
        line_at(&self.line_starts, offset)
    }

    /// The text of a 1-based source line, without its line break.
    #[must_use]
    pub fn source_line(&self, line: u64) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text
            .get(start..end.max(start))
            .map(|l| l.trim_end_matches('\r'))
    }

    /// A response header (case-insensitive name).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn el(&self, idx: u32) -> El<'_> {
        let node = self
            .html
            .tree
            .get(self.elements[idx as usize])
            .expect("indexed node belongs to this tree");
        El::new(
            self,
            idx,
            ElementRef::wrap(node).expect("indexed node is an element"),
        )
    }

    pub(crate) fn position(&self, idx: u32) -> Position {
        self.positions[idx as usize]
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

fn line_at(starts: &[usize], offset: usize) -> u64 {
    match starts.binary_search(&offset) {
        Ok(i) => i as u64 + 1,
        Err(i) => i as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_facts_are_computed_once_and_ancestors_follow_parents() {
        let page = Page::from_html("t", "<ul><li>a</li><li><b>b</b></li><li>c</li></ul>");
        let mut runs = 0;
        for _ in 0..2 {
            let n = page.shared(SharedSlot::TextColours, || {
                runs += 1;
                42_u32
            });
            assert_eq!(*n, 42);
        }
        assert_eq!(runs, 1);
        let b = page.by_tag("b").next().unwrap();
        let names: Vec<&str> = b.ancestors().map(|a| a.name()).collect();
        assert_eq!(names, ["li", "ul", "body", "html"]);
        assert_eq!(b.selector(), "html > body > ul > li:nth-of-type(2) > b");
    }

    #[test]
    fn positions_follow_the_source() {
        let page = Page::from_html(
            "t",
            "<!doctype html>\n<html lang=vi>\n<body>\n  <p>a <b>b</b></p>\n<script>var s='<p>';</script>\n  <table><tr><td>x</td></tr></table><p\n   class=x>c</p>\n",
        );
        let ps: Vec<_> = page.by_tag("p").map(|p| (p.line(), p.column())).collect();
        assert_eq!(ps, vec![(4, Some(3)), (6, Some(37))]);
        let tbody = page.by_tag("tbody").next().unwrap();
        assert_eq!(tbody.column(), None);
        assert_eq!(tbody.line(), 6);
        let head = page.by_tag("head").next().unwrap();
        assert_eq!(head.column(), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let mut html = String::from("<!doctype html><html><body>");
        for _ in 0..depth {
            html.push_str("<div>");
        }
        html.push('x');
        let page = Page::from_html("t", &html);
        assert_eq!(page.by_tag("div").count(), MAX_DEPTH - 2);
        assert_eq!(page.depth_limited_tags, depth - (MAX_DEPTH - 2));
        let deepest = page.by_tag("div").last().unwrap();
        assert!(deepest.selector().ends_with("div"));
        assert!(deepest.snippet().starts_with("<div>"));
    }
}
