//! Accessible roles, names and hidden-ness, as a screen reader would get them
//! from the browser's accessibility tree, computed statically from the DOM and
//! the CSS cascade ([`super::style`]).
//!
//! Roles follow HTML-AAM (implicit roles) and WAI-ARIA 1.2 (the first valid
//! token of `role`; `none`/`presentation` is ignored on focusable elements or
//! ones with global ARIA attributes). Names follow accname 1.2:
//! `aria-labelledby`, `aria-label`, the host language's native label (`alt`,
//! `<label>`, `<legend>`, `<caption>`, `<figcaption>`, `value` of buttons,
//! `<title>` of SVG), name from content for the roles that allow it, and
//! `title` last; a `<label>` is named like any node (its own `aria-label`
//! first) without the control it labels, and a hidden label still names.
//! Hidden-ness: `hidden`, `display:none`, `visibility:hidden`,
//! `content-visibility:hidden` (of the content), `aria-hidden="true"`,
//! `inert`, closed `<details>`. The role table is [`super::aria`].
//!
//! One shared module so that every accessibility rule agrees on what an
//! element is called and whether it is there at all. Results that rules ask
//! for repeatedly (hidden-ness, names) are cached per element in [`Page`].

use std::sync::OnceLock;

use super::{El, Page};

mod hidden;
mod name;
mod role;
mod state;

/// Lazily filled per-element caches (a field of [`Page`]).
#[derive(Debug, Default)]
pub struct AxCache {
    not_rendered: OnceLock<Vec<OnceLock<bool>>>,
    aria_hidden: OnceLock<Vec<OnceLock<bool>>>,
    invisible: OnceLock<Vec<OnceLock<bool>>>,
    inert: OnceLock<Vec<OnceLock<bool>>>,
    names: OnceLock<Vec<OnceLock<String>>>,
    attr_index: OnceLock<AttrIndex>,
    /// Per element: part of an inactive user interface component
    /// ([`Page::is_inactive`]), found once for the page.
    inactive: OnceLock<Vec<bool>>,
}

/// Elements that carry attributes many accessibility rules start from, found
/// in one walk shared by every rule.
#[derive(Debug, Default)]
struct AttrIndex {
    role: Vec<u32>,
    aria: Vec<u32>,
    lang: Vec<u32>,
    tabindex: Vec<u32>,
    style: Vec<u32>,
}

fn cells<T>(lock: &OnceLock<Vec<OnceLock<T>>>, n: usize) -> &[OnceLock<T>] {
    lock.get_or_init(|| (0..n).map(|_| OnceLock::new()).collect())
}

/// Whether the page is an HTML document (not SVG, XML or text served on its
/// own): HTML rules are inapplicable to other documents.
#[must_use]
pub fn is_html(page: &Page) -> bool {
    if let Some(ct) = page.header("content-type") {
        let ct = ct.to_ascii_lowercase();
        return ct.contains("html");
    }
    let path = page.url.split(['?', '#']).next().unwrap_or_default();
    let ext = path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    !matches!(ext.as_str(), "svg" | "xml" | "txt" | "js" | "css" | "json")
}

/// Whether an `aria-hidden`-like attribute value is the token `true`.
fn is_true(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The `type` of an `<input>`, lower case, `text` when missing or unknown.
#[must_use]
pub fn input_type(el: El<'_>) -> String {
    let t = el
        .attr("type")
        .unwrap_or("text")
        .trim()
        .to_ascii_lowercase();
    match t.as_str() {
        "hidden" | "text" | "search" | "tel" | "url" | "email" | "password" | "date" | "month"
        | "week" | "time" | "datetime-local" | "number" | "range" | "color" | "checkbox"
        | "radio" | "file" | "submit" | "image" | "reset" | "button" => t,
        _ => "text".to_string(),
    }
}

impl Page {
    fn attr_index(&self) -> &AttrIndex {
        self.ax_cache.attr_index.get_or_init(|| {
            let mut index = AttrIndex::default();
            for el in self.elements() {
                let mut aria = false;
                for (name, _) in el.attrs() {
                    match name {
                        "role" => index.role.push(el.index()),
                        "lang" => index.lang.push(el.index()),
                        "tabindex" => index.tabindex.push(el.index()),
                        "style" => index.style.push(el.index()),
                        n if n.starts_with("aria-") => aria = true,
                        _ => {}
                    }
                }
                if aria {
                    index.aria.push(el.index());
                }
            }
            index
        })
    }

    /// Elements with a `role` attribute, in document order.
    pub fn with_role_attr(&self) -> impl Iterator<Item = El<'_>> + '_ {
        self.attr_index().role.iter().map(move |&i| self.el(i))
    }

    /// Elements with at least one `aria-*` attribute, in document order.
    pub fn with_aria_attrs(&self) -> impl Iterator<Item = El<'_>> + '_ {
        self.attr_index().aria.iter().map(move |&i| self.el(i))
    }

    /// Elements with a `lang` attribute, in document order.
    pub fn with_lang_attr(&self) -> impl Iterator<Item = El<'_>> + '_ {
        self.attr_index().lang.iter().map(move |&i| self.el(i))
    }

    /// Elements with a `tabindex` attribute, in document order.
    pub fn with_tabindex(&self) -> impl Iterator<Item = El<'_>> + '_ {
        self.attr_index().tabindex.iter().map(move |&i| self.el(i))
    }

    /// Elements with a `style` attribute, in document order.
    pub fn with_style_attr(&self) -> impl Iterator<Item = El<'_>> + '_ {
        self.attr_index().style.iter().map(move |&i| self.el(i))
    }

    /// Whether the element is in the SVG namespace.
    #[must_use]
    pub fn is_svg(&self, el: El<'_>) -> bool {
        &*el.element_ref().value().name.ns == "http://www.w3.org/2000/svg"
    }
}

/// Whether the text has anything but white space.
fn has_text(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace())
}

/// Collapses white space and trims.
#[must_use]
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Labelable elements (HTML): `button`, `input` but `type=hidden`,
/// `meter`, `output`, `progress`, `select`, `textarea`.
#[must_use]
pub fn is_labelable(el: El<'_>) -> bool {
    match el.name() {
        "button" | "meter" | "output" | "progress" | "select" | "textarea" => true,
        "input" => input_type(el) != "hidden",
        _ => false,
    }
}

#[cfg(test)]
mod tests;
