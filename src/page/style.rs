//! A static CSS cascade: what a browser would compute for the few properties
//! accessibility rules need, without a browser.
//!
//! Sources, in cascade order: `<style>` elements and the linked stylesheets
//! the caller handed to the page ([`Page::stylesheets`]), then each element's
//! `style` attribute. Stylesheets are tokenised with `cssparser` (the parser
//! the DOM's selector engine uses); selectors are matched with
//! `scraper::Selector`. The winner of each property follows `!important`,
//! origin (inline beats sheets), specificity and order. `@media` blocks for
//! screen or all media apply; `@media print` and other at-rules are skipped.
//!
//! Everything is lazy: the sheets are parsed on first use, and an element's
//! declarations are resolved once, when a rule first asks, and cached. Rules
//! are bucketed by the rightmost id, class or tag of their selector, so an
//! element is matched only against rules that could apply to it.

use std::collections::HashMap;
use std::sync::OnceLock;

use cssparser::{Parser, ParserInput, Token};
use scraper::Selector;

use super::{El, Page};

/// The properties the cascade keeps; everything else is dropped at parse time.
const KEPT: &[&str] = &[
    "display",
    "visibility",
    "content-visibility",
    "color",
    "background-color",
    "background-image",
    "background",
    "font-size",
    "font-weight",
    "font-family",
    "letter-spacing",
    "word-spacing",
    "line-height",
    "transform",
    "rotate",
    "outline",
    "outline-style",
    "outline-width",
    "box-shadow",
    "border",
    "border-color",
    "border-bottom",
    "position",
    "opacity",
    "clip",
    "clip-path",
    "overflow",
    "overflow-x",
    "text-shadow",
    "white-space",
    "text-indent",
    "animation",
    "animation-name",
    "animation-iteration-count",
    "text-decoration",
    "content",
    "width",
    "min-width",
    "max-width",
    "height",
    "left",
    "top",
    "right",
    "margin-left",
    "margin-top",
];

/// Properties a child inherits from its parent when it declares none.
const INHERITED: &[&str] = &[
    "visibility",
    "text-shadow",
    "color",
    "font-size",
    "font-weight",
    "font-family",
    "letter-spacing",
    "word-spacing",
    "line-height",
];

/// One declaration as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    /// Property name, lower case.
    pub property: String,
    /// Value as written, trimmed, without `!important`.
    pub value: String,
    /// Whether it was `!important`.
    pub important: bool,
}

#[derive(Debug)]
struct StyleRule {
    selector: Selector,
    specificity: (u32, u32, u32),
    order: u32,
    declarations: std::sync::Arc<Vec<Declaration>>,
}

/// The parsed sheets of a page, bucketed by the rightmost simple selector.
#[derive(Debug, Default)]
pub struct Sheets {
    rules: Vec<StyleRule>,
    by_id: HashMap<String, Vec<usize>>,
    by_class: HashMap<String, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
    universal: Vec<usize>,
    /// Rules whose selector has `:focus` (or `:focus-visible`), with the
    /// pseudo-class removed so they can be matched against the static DOM.
    focus: Vec<StyleRule>,
    /// Rules inside `@media (orientation: …)` blocks, as written.
    pub orientation: Vec<(String, std::sync::Arc<Vec<Declaration>>)>,
    in_orientation: bool,
}

/// The winning declaration of each kept property for one element (its own,
/// not inherited).
#[derive(Debug, Default, Clone)]
pub struct Declared {
    winners: Vec<(Declaration, Rank)>,
}

/// (important, inline, specificity, order): bigger wins.
type Rank = (bool, bool, (u32, u32, u32), u32);

impl Declared {
    /// The winning value of `property`, if the element declares it.
    #[must_use]
    pub fn get(&self, property: &str) -> Option<&Declaration> {
        self.winners
            .iter()
            .find(|(d, _)| d.property == property)
            .map(|(d, _)| d)
    }

    /// The winning declaration of `property` when it comes from the
    /// element's `style` attribute with `!important`.
    #[must_use]
    pub fn inline_important(&self, property: &str) -> Option<&Declaration> {
        self.winners
            .iter()
            .find(|(d, rank)| d.property == property && rank.0 && rank.1)
            .map(|(d, _)| d)
    }

    /// The winning declaration of `property` when it comes from the
    /// element's `style` attribute (important or not).
    #[must_use]
    pub fn inline(&self, property: &str) -> Option<&Declaration> {
        self.winners
            .iter()
            .find(|(d, rank)| d.property == property && rank.1)
            .map(|(d, _)| d)
    }

    fn offer(&mut self, declaration: &Declaration, rank: Rank) {
        match self
            .winners
            .iter_mut()
            .find(|(d, _)| d.property == declaration.property)
        {
            Some(slot) if slot.1 <= rank => *slot = (declaration.clone(), rank),
            Some(_) => {}
            None => self.winners.push((declaration.clone(), rank)),
        }
    }
}

/// Lazily built style data of a page (a field of [`Page`]).
#[derive(Debug, Default)]
pub struct StyleCache {
    sheets: OnceLock<Sheets>,
    declared: OnceLock<Vec<OnceLock<Declared>>>,
    /// The elements that move their content out of view, in document order
    /// ([`Page::moves_out_of_view`]), found once for the page.
    out_of_view: OnceLock<Vec<u32>>,
}

impl Page {
    /// The page's parsed stylesheets (`<style>` elements and linked sheets).
    pub fn sheets(&self) -> &Sheets {
        self.style_cache.sheets.get_or_init(|| {
            let mut sheets = Sheets::default();
            for style in self.by_tag("style") {
                if style.ancestors().any(|a| a.name() == "template") {
                    continue;
                }
                let media_ok = style.attr("media").is_none_or(media_applies);
                if media_ok {
                    sheets.add_text(&style.text());
                }
            }
            for sheet in &self.stylesheets {
                sheets.add_text(&sheet.text);
            }
            sheets
        })
    }

    /// The element's own winning declarations (sheets and `style` attribute).
    pub fn declared(&self, el: El<'_>) -> &Declared {
        let cells = self
            .style_cache
            .declared
            .get_or_init(|| (0..self.element_count()).map(|_| OnceLock::new()).collect());
        cells[el.index() as usize].get_or_init(|| self.sheets().resolve(el))
    }

    /// The computed value of `property` for `el`: its own declaration, or for
    /// inherited properties the nearest ancestor's. `None` when nothing in the
    /// cascade sets it (the browser default applies).
    #[must_use]
    pub fn computed(&self, el: El<'_>, property: &str) -> Option<String> {
        let inherited = INHERITED.contains(&property);
        let mut current = Some(el);
        while let Some(e) = current {
            match self.declared(e).get(property) {
                Some(d) => {
                    let v = d.value.trim().to_ascii_lowercase();
                    let defers = v == "inherit" || inherited && v == "unset";
                    if !defers {
                        return Some(d.value.clone());
                    }
                }
                None if !inherited => return None,
                None => {}
            }
            current = e.parent();
        }
        None
    }
}

impl Sheets {
    /// The declarations of the `:focus` rules that match `el` once focused.
    pub fn focus_declarations<'a>(
        &'a self,
        el: El<'_>,
    ) -> impl Iterator<Item = &'a Declaration> + 'a {
        let element = el.element_ref();
        let matching: Vec<&'a StyleRule> = self
            .focus
            .iter()
            .filter(|rule| rule.selector.matches(&element))
            .collect();
        matching
            .into_iter()
            .flat_map(|rule| rule.declarations.iter())
    }
}

impl Page {
    /// The computed font size in CSS pixels, when every value on the way from
    /// the root is one we can resolve (px, pt, em, rem, %, keywords).
    #[must_use]
    pub fn font_size_px(&self, el: El<'_>) -> Option<f32> {
        let chain: Vec<El<'_>> = std::iter::once(el).chain(el.ancestors()).collect();
        let mut size = 16.0_f32;
        for e in chain.iter().rev() {
            let Some(d) = self.declared(*e).get("font-size") else {
                continue;
            };
            size = resolve_font_size(&d.value, size)?;
        }
        Some(size)
    }
}

/// The properties one of which an element must declare to move its content
/// out of view: clipping, shrinking and `left`/`top`/`right` all need a
/// `position`; the others move it on their own.
const OUT_OF_VIEW: &[&str] = &["position", "text-indent", "margin-left", "margin-top"];

impl Page {
    /// Whether `el` itself moves its content out of sight while keeping it
    /// for screen readers: the "visually hidden" patterns of screen-reader
    /// classes and image replacement. A positioned element clipped to nothing
    /// (`clip: rect(0 0 0 0)`, `rect(1px, 1px, 1px, 1px)`, `clip-path:
    /// inset(50%)`) or shrunk to one pixel with `overflow: hidden`; a text
    /// indent of -500 px or more; a box moved 500 px or more beyond the
    /// top or left edge (`left`, `top`, `right` on a positioned box,
    /// `margin-left`, `margin-top`). Only the element's own declarations.
    ///
    /// Found for the whole page the first time a rule asks: only elements
    /// that can declare one of [`OUT_OF_VIEW`] are looked at (those with a
    /// `style` attribute, unless a stylesheet rule declares one), so most
    /// pages decide it without resolving any element's cascade.
    #[must_use]
    pub fn moves_out_of_view(&self, el: El<'_>) -> bool {
        self.style_cache
            .out_of_view
            .get_or_init(|| {
                let from_sheets = self.sheets().rules.iter().any(|rule| {
                    rule.declarations
                        .iter()
                        .any(|d| OUT_OF_VIEW.contains(&d.property.as_str()))
                });
                let moved = |e: &El<'_>| self.own_moves_out_of_view(*e);
                if from_sheets {
                    self.elements().filter(moved).map(|e| e.index()).collect()
                } else {
                    self.with_style_attr()
                        .filter(moved)
                        .map(|e| e.index())
                        .collect()
                }
            })
            .binary_search(&el.index())
            .is_ok()
    }

    /// [`Page::moves_out_of_view`] worked out for one element.
    fn own_moves_out_of_view(&self, el: El<'_>) -> bool {
        const FAR: f32 = -500.0;
        let declared = self.declared(el);
        if !declared
            .winners
            .iter()
            .any(|(d, _)| OUT_OF_VIEW.contains(&d.property.as_str()))
        {
            return false;
        }
        let get = |p: &str| declared.get(p).map(|d| d.value.trim().to_ascii_lowercase());
        let px = |p: &str| get(p).and_then(|v| length_px(&v));
        let far = |p: &str| px(p).is_some_and(|v| v <= FAR);
        let position = get("position");
        let positioned = matches!(position.as_deref(), Some("absolute" | "fixed"));
        let moved = positioned || position.as_deref() == Some("relative");
        let clipped = positioned
            && (get("clip").is_some_and(|c| clip_is_empty(&c))
                || get("clip-path").is_some_and(|c| {
                    let c: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
                    c == "inset(50%)" || c == "inset(100%)"
                })
                || px("width").is_some_and(|w| w <= 1.0)
                    && px("height").is_some_and(|h| h <= 1.0)
                    && get("overflow").as_deref() == Some("hidden"));
        clipped
            || far("text-indent")
            || moved && (far("left") || far("top") || far("right"))
            || far("margin-left")
            || far("margin-top")
    }
}

/// A length in CSS pixels (`em`/`rem` at 16 px, unitless 0); `None` for
/// percentages, keywords and functions.
fn length_px(value: &str) -> Option<f32> {
    let v = value.trim();
    if v.trim_start_matches(['-', '+'])
        .chars()
        .all(|c| c == '0' || c == '.')
        && !v.is_empty()
    {
        return Some(0.0);
    }
    let (n, factor) = length_parts(v, 16.0)?;
    (!v.ends_with('%')).then_some(n * factor)
}

/// Whether a `clip: rect(top, right, bottom, left)` leaves no area.
fn clip_is_empty(value: &str) -> bool {
    let Some(args) = value
        .strip_prefix("rect(")
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return false;
    };
    let edges: Vec<f32> = args
        .split([',', ' '])
        .filter(|p| !p.is_empty())
        .filter_map(length_px)
        .collect();
    match edges[..] {
        [top, right, bottom, left] => bottom - top <= 1.0 || right - left <= 1.0,
        _ => false,
    }
}

fn resolve_font_size(value: &str, parent: f32) -> Option<f32> {
    let v = value.trim().to_ascii_lowercase();
    Some(match v.as_str() {
        "inherit" | "unset" => parent,
        "initial" | "medium" => 16.0,
        "xx-small" => 9.0,
        "x-small" => 10.0,
        "small" => 13.0,
        "large" => 18.0,
        "x-large" => 24.0,
        "xx-large" => 32.0,
        "xxx-large" => 48.0,
        "smaller" => parent / 1.2,
        "larger" => parent * 1.2,
        _ => {
            let (number, factor) = length_parts(&v, parent)?;
            number * factor
        }
    })
}

/// Splits a length into its number and the factor that turns it into pixels
/// (`em` and `%` relative to `em_px`).
#[must_use]
pub fn length_parts(value: &str, em_px: f32) -> Option<(f32, f32)> {
    let v = value.trim().to_ascii_lowercase();
    for (unit, factor) in [
        ("px", 1.0),
        ("pt", 4.0 / 3.0),
        ("rem", 16.0),
        ("em", em_px),
        ("%", em_px / 100.0),
    ] {
        if let Some(n) = v.strip_suffix(unit) {
            return n.trim().parse::<f32>().ok().map(|n| (n, factor));
        }
    }
    None
}

fn media_applies(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    m.trim().is_empty() || m.contains("screen") || m.contains("all") || !m.contains("print")
}

impl Sheets {
    /// Parses a stylesheet's text and adds its rules.
    pub fn add_text(&mut self, text: &str) {
        let mut input = ParserInput::new(text);
        let mut parser = Parser::new(&mut input);
        self.parse_rules(&mut parser);
    }

    fn parse_rules(&mut self, parser: &mut Parser<'_, '_>) {
        loop {
            let start = parser.position();
            let mut at_keyword: Option<String> = None;
            let mut before_block = start;
            let mut found_block = false;
            let mut first = true;
            loop {
                let here = parser.position();
                let token = match parser.next() {
                    Ok(t) => t.clone(),
                    Err(_) => return,
                };
                match token {
                    Token::AtKeyword(name) if first => {
                        at_keyword = Some(name.to_ascii_lowercase());
                    }
                    Token::CurlyBracketBlock => {
                        before_block = here;
                        found_block = true;
                        break;
                    }
                    Token::Semicolon if at_keyword.is_some() => break,
                    Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock => {
                        // Consume the block now, so later positions (and the
                        // prelude's slice) include it.
                        let _ = parser.parse_nested_block(|inner| {
                            while inner.next().is_ok() {}
                            Ok::<(), cssparser::ParseError<'_, ()>>(())
                        });
                    }
                    _ => {}
                }
                first = false;
            }
            if !found_block {
                continue;
            }
            let prelude = parser.slice(start..before_block).trim().to_string();
            match at_keyword.as_deref() {
                Some("media") => {
                    let query = prelude
                        .trim_start_matches("@media")
                        .trim_start_matches("@MEDIA");
                    if media_applies(query) {
                        let q = query.to_ascii_lowercase().replace(' ', "");
                        let orientation = q.contains("orientation:portrait")
                            || q.contains("orientation:landscape");
                        let outer = self.in_orientation;
                        self.in_orientation |= orientation;
                        let _ = parser.parse_nested_block(|p| {
                            self.parse_rules(p);
                            Ok::<(), cssparser::ParseError<'_, ()>>(())
                        });
                        self.in_orientation = outer;
                    }
                }
                Some("supports" | "layer" | "document" | "container") => {
                    let _ = parser.parse_nested_block(|p| {
                        self.parse_rules(p);
                        Ok::<(), cssparser::ParseError<'_, ()>>(())
                    });
                }
                Some(_) => {}
                None => {
                    let declarations = parser
                        .parse_nested_block(|p| {
                            Ok::<_, cssparser::ParseError<'_, ()>>(parse_declarations(p))
                        })
                        .unwrap_or_default();
                    if !declarations.is_empty() {
                        self.add_rule(&prelude, declarations);
                    }
                }
            }
        }
    }

    fn add_rule(&mut self, prelude: &str, declarations: Vec<Declaration>) {
        let declarations = std::sync::Arc::new(declarations);
        if self.in_orientation {
            self.orientation
                .push((prelude.to_string(), declarations.clone()));
        }
        for part in split_top_level_commas(prelude) {
            let part = part.trim();
            if part.contains(":focus") {
                let unfocused = part
                    .replace(":focus-visible", "")
                    .replace(":focus-within", "")
                    .replace(":focus", "");
                let unfocused = unfocused.trim();
                let unfocused = if unfocused.is_empty() { "*" } else { unfocused };
                if let Ok(selector) = Selector::parse(unfocused) {
                    self.focus.push(StyleRule {
                        selector,
                        specificity: specificity(part),
                        order: u32::try_from(self.focus.len()).unwrap_or(u32::MAX),
                        declarations: declarations.clone(),
                    });
                }
                continue;
            }
            let Ok(selector) = Selector::parse(part) else {
                continue;
            };
            let idx = self.rules.len();
            let order = u32::try_from(idx).unwrap_or(u32::MAX);
            self.rules.push(StyleRule {
                selector,
                specificity: specificity(part),
                order,
                declarations: declarations.clone(),
            });
            match rightmost_key(part) {
                Key::Id(id) => self.by_id.entry(id).or_default().push(idx),
                Key::Class(c) => self.by_class.entry(c).or_default().push(idx),
                Key::Tag(t) => self.by_tag.entry(t).or_default().push(idx),
                Key::Any => self.universal.push(idx),
            }
        }
    }

    fn resolve(&self, el: El<'_>) -> Declared {
        let mut declared = Declared::default();
        if !self.rules.is_empty() {
            let mut candidates: Vec<usize> = Vec::new();
            if let Some(id) = el.attr("id") {
                candidates.extend(self.by_id.get(id).into_iter().flatten());
            }
            if let Some(classes) = el.attr("class") {
                for class in classes.split_whitespace() {
                    candidates.extend(self.by_class.get(class).into_iter().flatten());
                }
            }
            candidates.extend(self.by_tag.get(el.name()).into_iter().flatten());
            candidates.extend(&self.universal);
            candidates.sort_unstable();
            candidates.dedup();
            let element = el.element_ref();
            for idx in candidates {
                let rule = &self.rules[idx];
                if rule.selector.matches(&element) {
                    for d in rule.declarations.iter() {
                        declared.offer(d, (d.important, false, rule.specificity, rule.order));
                    }
                }
            }
        }
        if let Some(style) = el.attr("style") {
            for d in parse_inline(style) {
                declared.offer(&d, (d.important, true, (0, 0, 0), 0));
            }
        }
        declared
    }
}

/// Parses a `style` attribute's declarations.
#[must_use]
pub fn parse_inline(style: &str) -> Vec<Declaration> {
    let mut input = ParserInput::new(style);
    let mut parser = Parser::new(&mut input);
    parse_declarations(&mut parser)
}

fn parse_declarations(p: &mut Parser<'_, '_>) -> Vec<Declaration> {
    let mut out = Vec::new();
    loop {
        let name = match p.next() {
            Ok(Token::Ident(name)) => name.to_ascii_lowercase(),
            Ok(Token::Semicolon) => continue,
            Ok(_) => {
                skip_to_semicolon(p);
                continue;
            }
            Err(_) => break,
        };
        if !matches!(p.next(), Ok(Token::Colon)) {
            skip_to_semicolon(p);
            continue;
        }
        let start = p.position();
        let mut end = start;
        loop {
            let block = match p.next() {
                Ok(Token::Semicolon) | Err(_) => break,
                Ok(
                    Token::Function(_)
                    | Token::ParenthesisBlock
                    | Token::SquareBracketBlock
                    | Token::CurlyBracketBlock,
                ) => true,
                Ok(_) => false,
            };
            if block {
                // Consume the block now, so the value's slice includes it.
                let _ = p.parse_nested_block(|inner| {
                    while inner.next().is_ok() {}
                    Ok::<(), cssparser::ParseError<'_, ()>>(())
                });
            }
            end = p.position();
        }
        if !KEPT.contains(&name.as_str()) {
            continue;
        }
        let raw = p.slice(start..end).trim();
        let (value, important) = split_important(raw);
        if !value.is_empty() {
            expand(&name, value, important, &mut out);
        }
    }
    out
}

/// Expands the shorthands we need (`background`) into longhands.
fn expand(name: &str, value: &str, important: bool, out: &mut Vec<Declaration>) {
    let push = |out: &mut Vec<Declaration>, property: &str, value: &str| {
        out.push(Declaration {
            property: property.to_string(),
            value: value.to_string(),
            important,
        });
    };
    if name == "background" {
        let lower = value.to_ascii_lowercase();
        if lower.contains("url(") || lower.contains("gradient(") {
            push(out, "background-image", value);
        } else {
            push(out, "background-image", "none");
        }
        // The colour is the one token that parses as a colour.
        let colour = value
            .split_whitespace()
            .find(|t| parse_color(t).is_some())
            .or_else(|| {
                lower
                    .find("rgb")
                    .or_else(|| lower.find("hsl"))
                    .map(|i| &value[i..])
            });
        match colour {
            Some(c) => push(out, "background-color", c),
            None => push(out, "background-color", "transparent"),
        }
    } else {
        push(out, name, value);
    }
}

fn skip_to_semicolon(p: &mut Parser<'_, '_>) {
    while let Ok(t) = p.next() {
        if matches!(t, Token::Semicolon) {
            break;
        }
    }
}

fn split_important(raw: &str) -> (&str, bool) {
    if let Some(bang) = raw.rfind('!') {
        let tail = raw[bang + 1..].trim();
        if tail.eq_ignore_ascii_case("important") {
            return (raw[..bang].trim(), true);
        }
    }
    (raw, false)
}

fn split_top_level_commas(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Specificity (ids, classes/attributes/pseudo-classes, types/pseudo-elements)
/// counted from the selector text.
fn specificity(selector: &str) -> (u32, u32, u32) {
    let (mut a, mut b, mut c) = (0, 0, 0);
    let bytes = selector.as_bytes();
    let mut i = 0;
    let mut at_compound_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                a += 1;
                i += 1;
                while i < bytes.len() && is_ident_byte(bytes[i]) {
                    i += 1;
                }
                at_compound_start = false;
                continue;
            }
            b'.' => b += 1,
            b'[' => {
                b += 1;
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
            }
            b':' => {
                if bytes.get(i + 1) == Some(&b':') {
                    c += 1;
                    i += 1;
                } else {
                    let rest = &selector[i + 1..];
                    if !(rest.starts_with("not(")
                        || rest.starts_with("is(")
                        || rest.starts_with("where("))
                    {
                        b += 1;
                    }
                }
            }
            b' ' | b'>' | b'+' | b'~' | b'(' | b')' | b',' => {
                at_compound_start = true;
                i += 1;
                continue;
            }
            b'*' => {}
            x if at_compound_start && is_ident_byte(x) => {
                c += 1;
                while i < bytes.len() && is_ident_byte(bytes[i]) {
                    i += 1;
                }
                at_compound_start = false;
                continue;
            }
            _ => {}
        }
        at_compound_start = false;
        i += 1;
    }
    (a, b, c)
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

enum Key {
    Id(String),
    Class(String),
    Tag(String),
    Any,
}

/// The most selective simple selector of the rightmost compound.
fn rightmost_key(selector: &str) -> Key {
    // Drop pseudo parts and attribute brackets that may hold combinators.
    let mut depth = 0;
    let mut last_start = 0;
    for (i, c) in selector.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ' ' | '>' | '+' | '~' if depth == 0 => last_start = i + 1,
            _ => {}
        }
    }
    // The rightmost compound, without the arguments of pseudo-classes
    // (`:not(.x)` must not make `.x` the key).
    let mut compound = String::new();
    let mut nesting = 0;
    for c in selector[last_start..].chars() {
        match c {
            '(' => nesting += 1,
            ')' => nesting -= 1,
            _ if nesting == 0 => compound.push(c),
            _ => {}
        }
    }
    let compound = compound.as_str();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    };
    let raw = &selector[last_start..];
    if raw.contains(":is(") || raw.contains(":where(") || raw.contains('\\') {
        return Key::Any;
    }
    if let Some(i) = compound.find('#') {
        let id = ident(&compound[i + 1..]);
        if !id.is_empty() {
            return Key::Id(id);
        }
    }
    if let Some(i) = compound.find('.') {
        let class = ident(&compound[i + 1..]);
        if !class.is_empty() {
            return Key::Class(class);
        }
    }
    let tag = ident(compound);
    if tag.is_empty() {
        Key::Any
    } else {
        Key::Tag(tag.to_ascii_lowercase())
    }
}

/// An sRGB colour with alpha in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    /// Red 0–255.
    pub r: u8,
    /// Green 0–255.
    pub g: u8,
    /// Blue 0–255.
    pub b: u8,
    /// Alpha 0–1.
    pub a: f32,
}

/// Parses a CSS colour: `#rgb[a]`, `#rrggbb[aa]`, `rgb()`/`rgba()` with numbers
/// or percentages, named colours, `transparent`. `None` for anything else
/// (`currentcolor`, `hsl()`, variables…): the caller must not guess.
#[must_use]
pub fn parse_color(value: &str) -> Option<Rgba> {
    let v = value.trim().to_ascii_lowercase();
    if v == "transparent" {
        return Some(Rgba {
            r: 0,
            g: 0,
            b: 0,
            a: 0.0,
        });
    }
    if let Some(hex) = v.strip_prefix('#') {
        let (r, g, b, a) = cssparser::color::parse_hash_color(hex.as_bytes()).ok()?;
        return Some(Rgba { r, g, b, a });
    }
    if let Some(args) = v
        .strip_prefix("rgba(")
        .or_else(|| v.strip_prefix("rgb("))
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let parts: Vec<&str> = args
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 3 || parts.len() > 4 {
            return None;
        }
        let channel = |p: &str| -> Option<u8> {
            let n = if let Some(pct) = p.strip_suffix('%') {
                pct.parse::<f32>().ok()? * 2.55
            } else {
                p.parse::<f32>().ok()?
            };
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to 0..=255"
            )]
            Some(n.round().clamp(0.0, 255.0) as u8)
        };
        let a = match parts.get(3) {
            Some(p) => match p.strip_suffix('%') {
                Some(pct) => pct.parse::<f32>().ok()? / 100.0,
                None => p.parse::<f32>().ok()?,
            },
            None => 1.0,
        };
        return Some(Rgba {
            r: channel(parts[0])?,
            g: channel(parts[1])?,
            b: channel(parts[2])?,
            a: a.clamp(0.0, 1.0),
        });
    }
    let (r, g, b) = cssparser::color::parse_named_color(&v).ok()?;
    Some(Rgba { r, g, b, a: 1.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cascade_follows_importance_origin_specificity_and_order() {
        let page = Page::from_html(
            "t",
            "<style>p:not(.z){color:red} #a{color:blue} .x{display:none!important} @media print{p{color:green}}</style>\
             <p id=a class=x style='display:block;color:black'>t</p><p>u</p><div style='visibility:hidden'><span>s</span></div>",
        );
        let ps: Vec<_> = page.by_tag("p").collect();
        assert_eq!(page.computed(ps[0], "color").as_deref(), Some("black"));
        assert_eq!(page.computed(ps[0], "display").as_deref(), Some("none"));
        assert_eq!(page.computed(ps[1], "color").as_deref(), Some("red"));
        let span = page.by_tag("span").next().unwrap();
        assert_eq!(page.computed(span, "visibility").as_deref(), Some("hidden"));
        assert_eq!(page.computed(span, "display"), None);
    }

    #[test]
    fn colours() {
        assert_eq!(parse_color("#fff").map(|c| (c.r, c.a)), Some((255, 1.0)));
        assert_eq!(parse_color("rgb(0, 0, 0)").map(|c| c.g), Some(0));
        assert_eq!(parse_color("rgba(0,0,0,0.5)").map(|c| c.a), Some(0.5));
        assert_eq!(parse_color("navy").map(|c| c.b), Some(128));
        assert_eq!(parse_color("var(--x)"), None);
        let page = Page::from_html(
            "t",
            "<p style='color:rgba(0,0,0,0.4); background:url(a.png) #fff'>x</p>",
        );
        let p = page.by_tag("p").next().unwrap();
        assert_eq!(
            page.computed(p, "color").as_deref(),
            Some("rgba(0,0,0,0.4)")
        );
        assert_eq!(
            page.computed(p, "background-image").as_deref(),
            Some("url(a.png) #fff")
        );
    }

    #[test]
    fn specificity_counts() {
        assert_eq!(specificity("#a .b p"), (1, 1, 1));
        assert_eq!(specificity("ul > li:first-child a[href]"), (0, 2, 3));
    }
}
