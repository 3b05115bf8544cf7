//! [`El`]: an element of a [`Page`] with its position, unique selector and snippet.

use scraper::ElementRef;
use serde::{Deserialize, Serialize};

use super::{Page, Position};

/// Snippets are cut after this many characters.
pub const SNIPPET_CHARS: usize = 240;

/// Where a finding is: a unique CSS selector, the source position and a snippet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Target {
    /// A CSS selector that matches exactly this element in the page.
    pub selector: String,
    /// 1-based source line.
    pub line: u64,
    /// 1-based source column, when the element has a start tag in the source.
    pub column: Option<u64>,
    /// Outer HTML, truncated.
    pub snippet: String,
    /// What identifies the element without counting siblings (see
    /// [`El::signature`]); empty for a target that is not an element.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

/// An element of a page. Cheap to copy; everything is borrowed from the page.
#[derive(Clone, Copy)]
pub struct El<'a> {
    page: &'a Page,
    idx: u32,
    el: ElementRef<'a>,
}

impl std::fmt::Debug for El<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}> at line {}", self.name(), self.line())
    }
}

impl PartialEq for El<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.page, other.page) && self.idx == other.idx
    }
}

impl<'a> El<'a> {
    pub(super) fn new(page: &'a Page, idx: u32, el: ElementRef<'a>) -> Self {
        Self { page, idx, el }
    }

    /// The page this element belongs to.
    #[must_use]
    pub fn page(&self) -> &'a Page {
        self.page
    }

    /// The position in document order (unique per page).
    #[must_use]
    pub fn index(&self) -> u32 {
        self.idx
    }

    /// scraper's element reference, for selector matching and traversal.
    #[must_use]
    pub fn element_ref(&self) -> ElementRef<'a> {
        self.el
    }

    /// The element's index in the page (document order).
    pub(crate) fn idx(&self) -> u32 {
        self.idx
    }

    /// The local tag name, lower case for HTML elements.
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.el.value().name()
    }

    /// An attribute's value.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        // A scan of the few attributes an element has is cheaper than
        // `scraper::node::Element::attr`, which interns `name` as an atom on
        // every call; attributes in a namespace (`xlink:href`) do not match,
        // as there.
        self.el
            .value()
            .attrs
            .iter()
            .find(|(q, _)| q.ns.is_empty() && &*q.local == name)
            .map(|(_, v)| &**v)
    }

    /// Whether the attribute is present (with any value).
    #[must_use]
    pub fn has_attr(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }

    /// All attributes, in source order.
    pub fn attrs(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.el.value().attrs()
    }

    /// The concatenated text of all descendant text nodes.
    #[must_use]
    pub fn text(&self) -> String {
        self.el.text().collect()
    }

    /// The parent element, if any.
    #[must_use]
    pub fn parent(&self) -> Option<El<'a>> {
        self.page.parent_of(self.idx)
    }

    /// Ancestors from the parent up to `<html>`.
    pub fn ancestors(&self) -> impl Iterator<Item = El<'a>> + 'a {
        std::iter::successors(self.parent(), El::parent)
    }

    /// Child elements in order.
    pub fn children(&self) -> impl Iterator<Item = El<'a>> + 'a {
        let page = self.page;
        self.el.children().filter_map(move |n| page.element(n.id()))
    }

    /// Descendant elements in document order (iterative).
    pub fn descendants(&self) -> impl Iterator<Item = El<'a>> + 'a {
        let page = self.page;
        self.el
            .descendants()
            .skip(1)
            .filter_map(move |n| page.element(n.id()))
    }

    /// The source position.
    #[must_use]
    pub fn position(&self) -> Position {
        self.page.position(self.idx)
    }

    /// 1-based source line.
    #[must_use]
    pub fn line(&self) -> u64 {
        self.position().line
    }

    /// 1-based source column, when the element has a start tag.
    #[must_use]
    pub fn column(&self) -> Option<u64> {
        self.position().column
    }

    /// A CSS selector matching exactly this element: `#id` when the id is
    /// unique, else a `>` path of `tag:nth-of-type(n)` from the nearest
    /// ancestor with a unique id (or from `html`).
    #[must_use]
    pub fn selector(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut current = Some(*self);
        while let Some(el) = current {
            if let Some(id) = el.unique_id() {
                parts.push(format!("#{id}"));
                break;
            }
            parts.push(el.segment());
            current = el.parent();
        }
        parts.reverse();
        parts.join(" > ")
    }

    /// The `id`, when it names this element alone and can be written `#id`.
    fn unique_id(&self) -> Option<&'a str> {
        self.attr("id")
            .filter(|id| is_css_ident(id) && self.page.id_count(id) == 1)
    }

    /// This element's step in a selector path: `tag`, or
    /// `tag:nth-of-type(n)` when same-named siblings share its parent.
    fn segment(&self) -> String {
        let name = self.name();
        match self.page.sibling_rank(self.idx) {
            (nth, same) if same > 1 => format!("{name}:nth-of-type({nth})"),
            _ => name.to_string(),
        }
    }

    /// Outer HTML, cut after [`SNIPPET_CHARS`] characters (built iteratively,
    /// so even `<html>` of a huge page costs only the snippet's size).
    #[must_use]
    pub fn snippet(&self) -> String {
        use ego_tree::iter::Edge;
        let mut out = String::new();
        let mut cut = false;
        // The start tag as written (attribute order and quoting kept), when known.
        let source_start_tag = self.position().offset.map(|offset| {
            let text = &self.page.text;
            let end = super::dom::tag_end(text.as_bytes(), offset + 1).min(text.len());
            collapse_ws(text.get(offset..end).unwrap_or_default())
        });
        let mut first = true;
        // Characters of `out` counted so far (up to `counted` bytes): each
        // piece is counted once, not the whole snippet again at every node.
        let (mut chars, mut counted) = (0, 0);
        for edge in self.el.traverse() {
            if first {
                first = false;
                if let Some(tag) = &source_start_tag {
                    out.push_str(tag);
                    continue;
                }
            }
            chars += out[counted..].chars().count();
            counted = out.len();
            if chars > SNIPPET_CHARS {
                cut = true;
                break;
            }
            match edge {
                Edge::Open(node) => match node.value() {
                    scraper::Node::Element(el) => {
                        out.push('<');
                        out.push_str(el.name());
                        for (name, value) in el.attrs() {
                            out.push(' ');
                            out.push_str(name);
                            out.push_str("=\"");
                            push_escaped(&mut out, value, '"', "&quot;");
                            out.push('"');
                        }
                        out.push('>');
                    }
                    scraper::Node::Text(text) => push_collapsed_text(&mut out, text),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let scraper::Node::Element(el) = node.value()
                        && !is_void(el.name())
                    {
                        out.push_str("</");
                        out.push_str(el.name());
                        out.push('>');
                    }
                }
            }
        }
        if cut || out.chars().count() > SNIPPET_CHARS {
            let mut cut_text: String = out.chars().take(SNIPPET_CHARS).collect();
            cut_text.push('…');
            return cut_text;
        }
        out
    }

    /// The selector, position and snippet, for a finding.
    #[must_use]
    pub fn target(&self) -> Target {
        let position = self.position();
        Target {
            selector: self.selector(),
            line: position.line,
            column: position.column,
            snippet: self.snippet(),
            signature: self.signature(),
        }
    }

    /// The element without any index: its tag, `id`, sorted classes and the
    /// landmarks it is in (`header#top/nav[role=navigation]`), e.g.
    /// `img.logo @ header/nav`. A finding's fingerprint hashes this and the
    /// snippet instead of the `:nth-of-type` selector, so a sibling inserted
    /// above or paragraphs reordered leave it unchanged.
    #[must_use]
    pub fn signature(&self) -> String {
        let mut landmarks: Vec<String> = self
            .ancestors()
            .filter(|el| is_landmark(*el))
            .map(describe)
            .collect();
        landmarks.reverse();
        signed(describe(*self), &landmarks.join("/"))
    }
}

/// A signature: the element's description and the landmarks it is in.
fn signed(mut described: String, landmarks: &str) -> String {
    if !landmarks.is_empty() {
        described.push_str(" @ ");
        described.push_str(landmarks);
    }
    described
}

/// The targets of many elements of one page (every link's), sharing what
/// their ancestors have in common: an element's selector path is its
/// parent's and one step more, the landmarks it is in are its parent's and
/// perhaps the parent itself. Each ancestor's part is built once per page
/// instead of once per element under it (a menu's hundred links share
/// their `nav`, `ul` and `body`). [`Targets::target`] gives exactly
/// [`El::target`].
pub struct Targets {
    /// Per element index: its selector, once an element below asked.
    selectors: Vec<Option<String>>,
    /// Per element index: the landmarks it is in, itself included, joined
    /// by `/` (empty for none), once an element below asked.
    landmarks: Vec<Option<String>>,
}

impl Targets {
    /// An empty memo for the elements of `page`.
    #[must_use]
    pub fn new(page: &Page) -> Self {
        Self {
            selectors: vec![None; page.element_count()],
            landmarks: vec![None; page.element_count()],
        }
    }

    /// What [`El::target`] gives for `el`.
    pub fn target(&mut self, el: El<'_>) -> Target {
        let position = el.position();
        let landmarks = el.parent().map(|p| self.landmarks_of(p));
        Target {
            selector: self.selector(el, false),
            line: position.line,
            column: position.column,
            snippet: el.snippet(),
            signature: signed(describe(el), landmarks.as_deref().unwrap_or_default()),
        }
    }

    /// [`El::selector`], kept for the page when `keep` (an ancestor's).
    fn selector(&mut self, el: El<'_>, keep: bool) -> String {
        let slot = el.idx as usize;
        if let Some(Some(known)) = self.selectors.get(slot) {
            return known.clone();
        }
        let selector = if let Some(id) = el.unique_id() {
            format!("#{id}")
        } else {
            let segment = el.segment();
            match el.parent() {
                Some(parent) => {
                    let mut path = self.selector(parent, true);
                    path.push_str(" > ");
                    path.push_str(&segment);
                    path
                }
                None => segment,
            }
        };
        if keep && let Some(cell) = self.selectors.get_mut(slot) {
            *cell = Some(selector.clone());
        }
        selector
    }

    /// The landmarks `el` is in, itself included, outermost first, joined
    /// by `/`.
    fn landmarks_of(&mut self, el: El<'_>) -> String {
        let slot = el.idx as usize;
        if let Some(Some(known)) = self.landmarks.get(slot) {
            return known.clone();
        }
        let mut landmarks = el
            .parent()
            .map(|p| self.landmarks_of(p))
            .unwrap_or_default();
        if is_landmark(el) {
            if !landmarks.is_empty() {
                landmarks.push('/');
            }
            landmarks.push_str(&describe(el));
        }
        if let Some(cell) = self.landmarks.get_mut(slot) {
            *cell = Some(landmarks.clone());
        }
        landmarks
    }
}

/// `tag#id.a.b[role=x]`: what names an element without counting.
fn describe(el: El<'_>) -> String {
    let mut out = el.name().to_string();
    if let Some(id) = el.attr("id").map(str::trim).filter(|id| !id.is_empty()) {
        out.push('#');
        out.push_str(id);
    }
    if let Some(class) = el.attr("class") {
        let mut classes: Vec<&str> = class.split_ascii_whitespace().collect();
        classes.sort_unstable();
        classes.dedup();
        for c in classes {
            out.push('.');
            out.push_str(c);
        }
    }
    if let Some(role) = el.attr("role").map(str::trim).filter(|r| !r.is_empty()) {
        out.push_str("[role=");
        out.push_str(role);
        out.push(']');
    }
    out
}

/// The HTML landmarks (and `role` landmarks) a signature names.
fn is_landmark(el: El<'_>) -> bool {
    matches!(
        el.name(),
        "header" | "nav" | "main" | "footer" | "aside" | "form"
    ) || el.attr("role").is_some_and(|role| {
        matches!(
            role.trim(),
            "banner"
                | "navigation"
                | "main"
                | "contentinfo"
                | "complementary"
                | "search"
                | "form"
                | "region"
        )
    })
}

/// Whether `s` can be written as `#s` in a CSS selector without escaping.
#[must_use]
pub fn is_css_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let first = match chars.next() {
        Some('-') => chars.next(),
        other => other,
    };
    matches!(first, Some(c) if c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn collapse_ws(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(SNIPPET_CHARS * 4));
    let mut last_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
        if out.len() > SNIPPET_CHARS * 4 {
            break;
        }
    }
    out
}

/// `text` with `&` and `special` escaped (`&amp;`, `escape`), as
/// `text.replace('&', "&amp;").replace(special, escape)` gives, pushed
/// without the intermediate strings.
fn push_escaped(out: &mut String, text: &str, special: char, escape: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', special]) {
        out.push_str(&rest[..at]);
        out.push_str(if rest[at..].starts_with('&') {
            "&amp;"
        } else {
            escape
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// A text node in a snippet: `collapse_ws(text)` with `&` and `<` escaped,
/// pushed without the intermediate strings.
fn push_collapsed_text(out: &mut String, text: &str) {
    // The same cut as `collapse_ws`: after the collapsed text passes
    // `SNIPPET_CHARS * 4` bytes (counted unescaped).
    let mut collapsed = 0;
    let mut last_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                collapsed += 1;
            }
            last_space = true;
        } else {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                _ => out.push(c),
            }
            collapsed += c.len_utf8();
            last_space = false;
        }
        if collapsed > SNIPPET_CHARS * 4 {
            break;
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}
