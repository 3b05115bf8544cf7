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

use std::sync::OnceLock;

use super::{El, Page};

mod declarations;
mod sheets;
mod values;
mod view;

pub use declarations::parse_inline;
use sheets::media_applies;
pub use sheets::{MAX_SELECTOR_NESTING, Sheets, parse_selector};
use values::resolve_font_size;
pub use values::{Rgba, length_parts, parse_color};

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

    /// Whether the element declares one of `properties`.
    fn declares_any(&self, properties: &[&str]) -> bool {
        self.winners
            .iter()
            .any(|(d, _)| properties.contains(&d.property.as_str()))
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
    /// Per element: its computed font size ([`Page::font_size_px`]), once
    /// asked (the text holders of a page share most of their ancestors).
    font_sizes: OnceLock<Vec<OnceLock<Option<f32>>>>,
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

impl Page {
    /// The computed font size in CSS pixels, when every value on the way from
    /// the root is one we can resolve (px, pt, em, rem, %, keywords).
    #[must_use]
    pub fn font_size_px(&self, el: El<'_>) -> Option<f32> {
        // The parent's size (16 px at the root), then the element's own
        // declaration resolved against it: each element's once per page.
        let cells = self
            .style_cache
            .font_sizes
            .get_or_init(|| (0..self.element_count()).map(|_| OnceLock::new()).collect());
        let cell = &cells[el.index() as usize];
        if let Some(size) = cell.get() {
            return *size;
        }
        let inherited = el.parent().map_or(Some(16.0_f32), |p| self.font_size_px(p));
        let size = inherited.and_then(|size| match self.declared(el).get("font-size") {
            Some(d) => resolve_font_size(&d.value, size),
            None => Some(size),
        });
        *cell.get_or_init(|| size)
    }
}

#[cfg(test)]
mod tests;
