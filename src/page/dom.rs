//! Parsing once, with source positions.
//!
//! html5ever tells the tree sink the tokenizer's current line; scraper's sink
//! ignores it. [`PositionSink`] wraps scraper's sink, records the line at which
//! each element was created and every parse error with its line. Columns come
//! from one linear scan of the source for start tags ([`TagScan`]): the n-th
//! `<div` in the source is matched to the n-th parser-created `div` whose
//! reported line is not before it; elements the parser implied (`tbody`,
//! `head`) find no such tag and keep the line alone.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

/// A parse error reported by html5ever, with the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParseError {
    /// 1-based source line.
    pub line: u64,
    /// html5ever's description.
    pub message: String,
}

/// At most this many parse errors are kept per page.
const MAX_PARSE_ERRORS: usize = 1000;

/// scraper's tree sink plus line bookkeeping.
struct PositionSink {
    inner: HtmlTreeSink,
    line: Cell<u64>,
    created: RefCell<Vec<(NodeId, u64)>>,
    errors: RefCell<Vec<ParseError>>,
    error_count: Cell<usize>,
}

/// The result of parsing: the tree, the line each element was created at, and parse errors.
pub(crate) struct Parsed {
    pub html: Html,
    pub created: Vec<(NodeId, u64)>,
    pub errors: Vec<ParseError>,
    pub error_count: usize,
}

impl TreeSink for PositionSink {
    type Output = Parsed;
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Parsed {
        let mut html = self.inner.finish();
        html.errors.clear();
        Parsed {
            html,
            created: self.created.into_inner(),
            errors: self.errors.into_inner(),
            error_count: self.error_count.get(),
        }
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.error_count.set(self.error_count.get() + 1);
        let mut errors = self.errors.borrow_mut();
        if errors.len() < MAX_PARSE_ERRORS {
            errors.push(ParseError {
                line: self.line.get(),
                message: msg.into_owned(),
            });
        }
    }
    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.created.borrow_mut().push((id, self.line.get()));
        id
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child);
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node);
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }
}

/// Parses a whole document, recording positions and parse errors.
pub(crate) fn parse(text: &str) -> Parsed {
    let sink = PositionSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        created: RefCell::new(Vec::new()),
        errors: RefCell::new(Vec::new()),
        error_count: Cell::new(0),
    };
    html5ever::driver::parse_document(sink, html5ever::ParseOpts::default()).one(text)
}

/// A tag in the source, as the lightweight scanner sees it.
#[derive(Debug, Clone, Copy)]
struct SourceTag<'a> {
    /// Byte offset of `<`.
    start: usize,
    /// Byte offset just after `>` (or the end of the text).
    end: usize,
    /// The name as written.
    name: &'a str,
    /// `</name>`.
    is_end: bool,
    /// `<name ... />`.
    self_closing: bool,
}

/// Iterates over the tags of a source text in order. Contents of `script`,
/// `style`, `textarea`, `title`, comments and CDATA are skipped, so `"<div>"`
/// inside a script string is not taken for a tag.
fn source_tags(text: &str) -> impl Iterator<Item = SourceTag<'_>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            let rel = memchr::memchr(b'<', bytes.get(pos..)?)?;
            let start = pos + rel;
            let rest = &bytes[start..];
            if rest.starts_with(b"<!--") {
                pos = find_from(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                pos = find_from(bytes, start + 9, b"]]>").map_or(bytes.len(), |e| e + 3);
                continue;
            }
            let is_end = rest.get(1) == Some(&b'/');
            let name_at = start + 1 + usize::from(is_end);
            let name_len = bytes[name_at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(**b, b'-' | b':' | b'_'))
                .count();
            if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
                pos = start + 1;
                continue;
            }
            let name = &text[name_at..name_at + name_len];
            let end = tag_end(bytes, name_at + name_len);
            let self_closing =
                !is_end && end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
            pos = end;
            if !is_end
                && ["script", "style", "textarea", "title", "xmp", "plaintext"]
                    .iter()
                    .any(|raw| raw.eq_ignore_ascii_case(name))
            {
                let close = format!("</{name}");
                pos = find_ci_from(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            }
            return Some(SourceTag {
                start,
                end,
                name,
                is_end,
                self_closing,
            });
        }
    })
}

/// The offset after the `>` that ends a tag whose attributes start at `from`,
/// respecting quoted attribute values.
pub(crate) fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    bytes.len()
}

/// Elements deeper than this are not built: their tags are blanked out before
/// parsing (browsers do the like: Blink stops nesting at 512). The HTML tree
/// builder's scope checks walk the stack of open elements, so unbounded depth
/// would make parsing quadratic.
pub const MAX_DEPTH: usize = 512;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];
/// Elements whose end tag is implied when a sibling of the same kind starts.
const SELF_IMPLIED: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

/// One pass over the source's tags. If the source nests elements deeper
/// than [`MAX_DEPTH`]: a copy in which the tags beyond that depth are
/// replaced by spaces (new lines kept, so every position stays the same)
/// and how many tags were blanked. Else the [`TagScan`] of the source (what
/// is parsed): a page's tags are found once, not once for each.
pub(crate) fn scan_source(text: &str) -> (Option<(String, usize)>, Option<TagScan>) {
    let mut stack: Vec<(Cow<'_, str>, bool)> = Vec::new();
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut scan = TagScan {
        by_name: rustc_hash::FxHashMap::default(),
    };
    for tag in source_tags(text) {
        let name = lower(tag.name);
        if !tag.is_end {
            scan.push(&name, tag.start);
        }
        if tag.is_end {
            // Pop to the nearest open element of that name, looking only near the top.
            if let Some(k) = stack.iter().rev().take(64).position(|(n, _)| *n == name) {
                let index = stack.len() - 1 - k;
                if stack[index].1 {
                    blank.push((tag.start, tag.end));
                }
                stack.truncate(index);
            }
            continue;
        }
        if VOID.contains(&&*name) || tag.self_closing {
            if stack.len() >= MAX_DEPTH {
                blank.push((tag.start, tag.end));
            }
            continue;
        }
        if SELF_IMPLIED.contains(&&*name) && stack.last().is_some_and(|(n, _)| *n == name) {
            stack.pop();
        }
        let too_deep = stack.len() >= MAX_DEPTH;
        if too_deep {
            blank.push((tag.start, tag.end));
        }
        stack.push((name, too_deep));
    }
    if blank.is_empty() {
        return (None, Some(scan));
    }
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in &blank {
        for b in &mut bytes[*start..*end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Whole tags were blanked, multi-byte characters included: still UTF-8.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (Some((text, blank.len())), None)
}

/// A tag name in lower case, copied only when it is not already.
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The start tags of a source text by lower-case name, in order (byte
/// offsets), each with how many were taken.
pub(crate) struct TagScan {
    by_name: rustc_hash::FxHashMap<String, (Vec<usize>, usize)>,
}

impl TagScan {
    pub(crate) fn new(text: &str) -> Self {
        let mut scan = Self {
            by_name: rustc_hash::FxHashMap::default(),
        };
        for tag in source_tags(text).filter(|t| !t.is_end) {
            scan.push(&lower(tag.name), tag.start);
        }
        scan
    }

    /// Adds a start tag (its lower-case name) at `start`.
    fn push(&mut self, name: &str, start: usize) {
        match self.by_name.get_mut(name) {
            Some((offsets, _)) => offsets.push(start),
            None => {
                self.by_name.insert(name.to_string(), (vec![start], 0));
            }
        }
    }

    /// The byte offset of the next `<name` tag not used yet, if it starts on or
    /// before `max_line` (lines are looked up with `line_of`).
    pub(crate) fn take(
        &mut self,
        name: &str,
        max_line: u64,
        line_of: impl Fn(usize) -> u64,
    ) -> Option<usize> {
        let (offsets, cursor) = self.by_name.get_mut(name)?;
        let offset = *offsets.get(*cursor)?;
        if line_of(offset) <= max_line {
            *cursor += 1;
            Some(offset)
        } else {
            None
        }
    }
}

fn find_from(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= haystack.len() {
        return None;
    }
    memchr::memmem::find(&haystack[from..], needle).map(|p| p + from)
}

fn find_ci_from(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= haystack.len() {
        return None;
    }
    // The needles are end tags (`</script`): jump between their first byte,
    // which has no case, and compare the rest without case.
    if let Some(&first) = needle.first().filter(|b| !b.is_ascii_alphabetic()) {
        let mut pos = from;
        while let Some(rel) = memchr::memchr(first, &haystack[pos..]) {
            let at = pos + rel;
            if haystack
                .get(at..at + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
            {
                return Some(at);
            }
            pos = at + 1;
        }
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}
