//! Stylesheets: rules parsed with `cssparser`, selectors matched with
//! `scraper::Selector`, bucketed by the rightmost id, class or tag of their
//! selector; `@media` for a screen; `:focus` rules kept apart; the winning
//! declarations of one element.

use std::collections::HashMap;

use cssparser::{Parser, ParserInput, Token};
use scraper::Selector;

use super::declarations::{parse_declarations, parse_inline};
use super::{Declaration, Declared};
use crate::page::El;

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

pub(super) fn media_applies(media: &str) -> bool {
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
                if let Some(selector) = parse_selector(unfocused) {
                    self.focus.push(StyleRule {
                        selector,
                        specificity: specificity(part),
                        order: u32::try_from(self.focus.len()).unwrap_or(u32::MAX),
                        declarations: declarations.clone(),
                    });
                }
                continue;
            }
            let Some(selector) = parse_selector(part) else {
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

    pub(super) fn resolve(&self, el: El<'_>) -> Declared {
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

impl Sheets {
    /// Whether a rule of the sheets declares one of `properties`.
    pub(super) fn declares_any(&self, properties: &[&str]) -> bool {
        self.rules.iter().any(|rule| {
            rule.declarations
                .iter()
                .any(|d| properties.contains(&d.property.as_str()))
        })
    }
}

/// The deepest nesting of brackets a selector may have (`:not(:is(…))`);
/// deeper ones are ignored like invalid selectors. The selector parser
/// recurses into each, and a page's 300 nested `:not(` overflowed the stack
/// (the fuzz corpus' `fixtures/fuzz/css/selectors.css`): a process abort no
/// panic guard catches. Real stylesheets nest two or three deep.
pub const MAX_SELECTOR_NESTING: usize = 32;

/// A page's selector parsed, when it is valid and nested at most
/// [`MAX_SELECTOR_NESTING`] deep.
#[must_use]
pub fn parse_selector(text: &str) -> Option<Selector> {
    let mut depth = 0_usize;
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth > MAX_SELECTOR_NESTING {
                    return None;
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Selector::parse(text).ok()
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
pub(super) fn specificity(selector: &str) -> (u32, u32, u32) {
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
