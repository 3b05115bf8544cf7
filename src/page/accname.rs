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

use scraper::Node;

use super::aria;
use super::{El, Page};

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

/// Inline (phrasing) elements: their content joins the text around them without a space.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "font"
            | "label"
            | "img"
            | "ins"
            | "del"
    )
}

/// Whether an `aria-hidden`-like attribute value is the token `true`.
fn is_true(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The `input` types the `placeholder` attribute applies to (HTML).
fn is_text_input(el: El<'_>) -> bool {
    el.name() == "input"
        && matches!(
            input_type(el).as_str(),
            "text" | "search" | "tel" | "url" | "email" | "password" | "number"
        )
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

#[derive(Clone, Copy, Default)]
struct Ctx {
    /// Computing the name of a node referenced by `aria-labelledby`.
    in_labelledby: bool,
    /// Computing from the content of an ancestor.
    in_content: bool,
    /// The traversal started at a hidden `aria-labelledby` target or
    /// `<label>`: hidden nodes inside it count (accname 1.2 step 2A).
    hidden_root: bool,
    /// The element whose name is being computed: inside a label it is not
    /// an embedded control of its own name.
    root: Option<u32>,
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

    /// Elements whose role is one of `roles`: the elements with these
    /// native `tags` and those with a `role` attribute, in document order.
    pub fn with_roles<'a>(&'a self, roles: &[&str], tags: &[&str]) -> Vec<El<'a>> {
        let mut found: Vec<El<'a>> = tags
            .iter()
            .flat_map(|t| self.by_tag(t))
            .chain(self.with_role_attr())
            .filter(|el| self.role(*el).is_some_and(|r| roles.contains(&r.as_str())))
            .collect();
        found.sort_by_key(El::index);
        found.dedup();
        found
    }

    /// Whether the element is in the SVG namespace.
    #[must_use]
    pub fn is_svg(&self, el: El<'_>) -> bool {
        &*el.element_ref().value().name.ns == "http://www.w3.org/2000/svg"
    }

    /// Whether the element is not rendered at all: `hidden`, `display:none`
    /// (its own or an ancestor's), inside `<template>`, `<head>`, `<script>`,
    /// `<style>`, or the content of a closed `<details>`.
    pub fn is_not_rendered(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.not_rendered, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let own = self.own_not_rendered(el);
        let value = own || el.parent().is_some_and(|p| self.is_not_rendered(p));
        let _ = cells[el.index() as usize].set(value);
        value
    }

    fn own_not_rendered(&self, el: El<'_>) -> bool {
        if matches!(
            el.name(),
            "template" | "head" | "script" | "style" | "noscript" | "title" | "meta" | "link"
        ) {
            return true;
        }
        if el.has_attr("hidden") {
            // `hidden` is overridden by an explicit display in the cascade.
            let display = self
                .declared(el)
                .get("display")
                .map(|d| d.value.to_ascii_lowercase());
            if display.as_deref().is_none_or(|d| d == "none") {
                return true;
            }
        }
        if el.name() == "input" && input_type(el) == "hidden" {
            return true;
        }
        if self
            .declared(el)
            .get("display")
            .is_some_and(|d| d.value.trim().eq_ignore_ascii_case("none"))
        {
            return true;
        }
        // `content-visibility: hidden` on the parent skips the content,
        // like `display: none` (CSS Containment 2).
        if el.parent().is_some_and(|p| self.hides_contents(p)) {
            return true;
        }
        if let Some(parent) = el.parent()
            && parent.name() == "details"
            && !parent.has_attr("open")
        {
            let first_summary = parent.children().find(|c| c.name() == "summary");
            if first_summary != Some(el) {
                return true;
            }
        }
        false
    }

    /// Whether `aria-hidden="true"` is set on the element or an ancestor.
    pub fn is_aria_hidden(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.aria_hidden, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let value = is_true(el.attr("aria-hidden"))
            || el.has_attr("inert")
            || el.parent().is_some_and(|p| self.is_aria_hidden(p));
        let _ = cells[el.index() as usize].set(value);
        value
    }

    /// Whether the element is invisible (`visibility: hidden|collapse`, inherited).
    pub fn is_invisible(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.invisible, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let own = self
            .declared(el)
            .get("visibility")
            .map(|d| d.value.trim().to_ascii_lowercase());
        let value = match own.as_deref() {
            Some("hidden" | "collapse") => true,
            Some("visible") => false,
            _ => el.parent().is_some_and(|p| self.is_invisible(p)),
        };
        let _ = cells[el.index() as usize].set(value);
        value
    }

    /// Whether the element is excluded from the accessibility tree.
    pub fn is_hidden(&self, el: El<'_>) -> bool {
        self.is_not_rendered(el) || self.is_aria_hidden(el) || self.is_invisible(el)
    }

    /// Whether the element is rendered and visible (it may still be
    /// `aria-hidden`).
    pub fn is_visible(&self, el: El<'_>) -> bool {
        !self.is_not_rendered(el) && !self.is_invisible(el)
    }

    /// Whether the element is disabled (the attribute on a form control, or a
    /// disabled `<fieldset>` around it outside its first `<legend>`).
    pub fn is_disabled(&self, el: El<'_>) -> bool {
        let control = matches!(
            el.name(),
            "button" | "input" | "select" | "textarea" | "optgroup" | "option" | "fieldset"
        );
        if !control {
            return false;
        }
        if el.has_attr("disabled") {
            return true;
        }
        el.ancestors().any(|a| {
            a.name() == "fieldset"
                && a.has_attr("disabled")
                && !a
                    .children()
                    .find(|c| c.name() == "legend")
                    .is_some_and(|legend| el.ancestors().any(|x| x == legend))
        })
    }

    /// Whether the element itself is (text of) an inactive user interface
    /// component (WCAG 1.4.3): a disabled control, an element with
    /// `aria-disabled="true"`, the `<label>` of a disabled control (by `for`
    /// or by containing it), or the label or description of a disabled
    /// widget (its `aria-labelledby` and `aria-describedby` targets). Not
    /// inherited: the caller decides what an ancestor's inactivity means.
    /// Found for the whole page the first time a rule asks.
    pub fn is_inactive(&self, el: El<'_>) -> bool {
        let inactive = self.ax_cache.inactive.get_or_init(|| {
            let mut inactive = vec![false; self.element_count()];
            let mut mark = |e: El<'_>| inactive[e.index() as usize] = true;
            // Disabled controls: only these names can be disabled.
            let mut disabled = vec![false; self.element_count()];
            for name in [
                "button", "input", "select", "textarea", "optgroup", "option", "fieldset",
            ] {
                for control in self.by_tag(name).filter(|c| self.is_disabled(*c)) {
                    disabled[control.index() as usize] = true;
                    mark(control);
                }
            }
            // Disabled widgets (natively or by `aria-disabled`), their
            // labels and descriptions.
            for widget in self.with_aria_attrs() {
                let aria_disabled = is_true(widget.attr("aria-disabled"));
                if aria_disabled {
                    mark(widget);
                }
                if !(aria_disabled || disabled[widget.index() as usize]) {
                    continue;
                }
                for attr in ["aria-labelledby", "aria-describedby"] {
                    for id in widget
                        .attr(attr)
                        .unwrap_or_default()
                        .split_ascii_whitespace()
                    {
                        self.by_id(id).for_each(&mut mark);
                    }
                }
            }
            // The labels of disabled controls.
            for label in self.by_tag("label") {
                let labels_disabled = label.descendants().any(|c| disabled[c.index() as usize])
                    || label.attr("for").is_some_and(|f| {
                        self.by_id(f)
                            .next()
                            .is_some_and(|c| disabled[c.index() as usize])
                    });
                if labels_disabled {
                    mark(label);
                }
            }
            inactive
        });
        inactive[el.index() as usize]
    }

    /// Whether the element can receive focus (by click or keyboard), ignoring
    /// script: links with `href`, enabled form controls, `tabindex`, `iframe`,
    /// media with controls, the summary of a `<details>` (or the `<details>`
    /// itself when the browser supplies its summary), editable content.
    pub fn is_focusable(&self, el: El<'_>) -> bool {
        if self.is_not_rendered(el) || self.is_invisible(el) || self.is_inert(el) {
            return false;
        }
        if self.is_disabled(el) {
            return false;
        }
        if el
            .attr("tabindex")
            .is_some_and(|t| t.trim().parse::<i64>().is_ok())
        {
            return true;
        }
        match el.name() {
            "a" | "area" => el.has_attr("href"),
            "button" | "select" | "textarea" | "iframe" => true,
            // Without a `<summary>` child the browser supplies one ("Details"),
            // and that summary takes focus.
            "details" => !el.children().any(|c| c.name() == "summary"),
            "input" => input_type(el) != "hidden",
            "audio" | "video" => el.has_attr("controls"),
            "summary" => el.parent().is_some_and(|p| {
                p.name() == "details" && p.children().find(|c| c.name() == "summary") == Some(el)
            }),
            _ => el.attr("contenteditable").is_some_and(|v| {
                matches!(
                    v.trim().to_ascii_lowercase().as_str(),
                    "" | "true" | "plaintext-only"
                )
            }),
        }
    }

    fn is_inert(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.inert, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let value = el.has_attr("inert") || el.parent().is_some_and(|p| self.is_inert(p));
        let _ = cells[el.index() as usize].set(value);
        value
    }

    /// Whether the element is in sequential focus navigation (Tab order).
    pub fn in_tab_order(&self, el: El<'_>) -> bool {
        self.is_focusable(el)
            && el
                .attr("tabindex")
                .and_then(|t| t.trim().parse::<i64>().ok())
                .is_none_or(|t| t >= 0)
    }

    /// The first valid token of the `role` attribute, if any.
    #[must_use]
    pub fn explicit_role<'a>(&self, el: El<'a>) -> Option<&'a str> {
        el.attr("role")?
            .split_ascii_whitespace()
            .find(|token| aria::role(&token.to_ascii_lowercase()).is_some())
    }

    /// The element's role: the explicit role (with the presentational-role
    /// conflict rule), else the implicit role of the HTML element.
    ///
    /// WAI-ARIA 1.2 §9.3: `none`/`presentation` gives way to the implicit
    /// role on an element that is focusable (an `iframe` is, by default, as a
    /// navigable container; so is anything with a `tabindex`) or that carries
    /// a global ARIA attribute.
    #[must_use]
    pub fn role(&self, el: El<'_>) -> Option<String> {
        if let Some(explicit) = self.explicit_role(el) {
            let explicit = explicit.to_ascii_lowercase();
            let presentational = explicit == "none" || explicit == "presentation";
            if !(presentational && self.presentation_conflict(el)) {
                return Some(if explicit == "none" {
                    "presentation".to_string()
                } else {
                    explicit
                });
            }
        }
        self.implicit_role(el).map(str::to_string)
    }

    /// Whether `role="none"` would give way on this element (WAI-ARIA 1.2
    /// §9.3): it is focusable or carries a global ARIA attribute.
    #[must_use]
    pub fn presentation_conflict(&self, el: El<'_>) -> bool {
        self.is_focusable(el) || el.attrs().any(|(name, _)| aria::cancels_presentation(name))
    }

    /// The implicit role of an HTML element (HTML-AAM, ARIA in HTML):
    /// `generic` for the elements that map to it, `None` for the elements
    /// with no corresponding role (`label`, `abbr`, `iframe`, `audio`, …) and
    /// for elements HTML does not define.
    #[must_use]
    pub fn implicit_role(&self, el: El<'_>) -> Option<&'static str> {
        if self.is_svg(el) {
            // SVG-AAM: links and the root; other graphics elements are left
            // to their explicit roles.
            return match el.name() {
                "svg" => Some("graphics-document"),
                // `href` or `xlink:href` (same local name).
                "a" if el.attrs().any(|(name, _)| name == "href") => Some("link"),
                _ => None,
            };
        }
        let within = |names: &[&str]| el.ancestors().any(|a| names.contains(&a.name()));
        let sectioning = ["article", "aside", "main", "nav", "section"];
        Some(match el.name() {
            "a" | "area" => {
                if el.has_attr("href") {
                    "link"
                } else {
                    "generic"
                }
            }
            "address" | "details" | "fieldset" | "hgroup" | "optgroup" => "group",
            "article" => "article",
            "aside" => "complementary",
            "b" | "bdi" | "bdo" | "body" | "data" | "div" | "i" | "pre" | "q" | "samp"
            | "small" | "span" | "u" => "generic",
            "blockquote" => "blockquote",
            "button" => "button",
            "caption" => "caption",
            "code" => "code",
            "datalist" => "listbox",
            "dd" => "definition",
            "del" | "s" => "deletion",
            "dfn" | "dt" => "term",
            "dialog" => "dialog",
            "em" => "emphasis",
            "figure" => "figure",
            "footer" => {
                if within(&sectioning) {
                    "generic"
                } else {
                    "contentinfo"
                }
            }
            "header" => {
                if within(&sectioning) {
                    "generic"
                } else {
                    "banner"
                }
            }
            "form" => "form",
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "heading",
            "hr" => "separator",
            "html" => "document",
            "img" => {
                // `alt=""` marks the image as decorative unless something
                // exposes it: a title with text, a global ARIA attribute,
                // focus (HTML-AAM `img` with `alt=""`).
                let decorative = el.attr("alt") == Some("")
                    && !el.attr("title").is_some_and(has_text)
                    && !el.attrs().any(|(n, _)| aria::cancels_presentation(n))
                    && !self.is_focusable(el);
                if decorative { "presentation" } else { "img" }
            }
            "input" => match input_type(el).as_str() {
                "button" | "image" | "reset" | "submit" => "button",
                "checkbox" => "checkbox",
                "radio" => "radio",
                "range" => "slider",
                "number" => "spinbutton",
                "search" => {
                    if el.has_attr("list") {
                        "combobox"
                    } else {
                        "searchbox"
                    }
                }
                "hidden" | "color" | "file" | "date" | "month" | "week" | "time"
                | "datetime-local" | "password" => return None,
                _ => {
                    if el.has_attr("list") {
                        "combobox"
                    } else {
                        "textbox"
                    }
                }
            },
            "ins" => "insertion",
            "li" => "listitem",
            "main" => "main",
            "mark" => "mark",
            "math" => "math",
            "menu" | "ol" | "ul" => "list",
            "meter" => "meter",
            "nav" => "navigation",
            "option" => "option",
            "output" => "status",
            "p" => "paragraph",
            "progress" => "progressbar",
            "section" => {
                if el.has_attr("aria-label")
                    || el.has_attr("aria-labelledby")
                    || el.has_attr("title")
                {
                    "region"
                } else {
                    "generic"
                }
            }
            "search" => "search",
            "select" => {
                let size = el.attr("size").and_then(|s| s.trim().parse::<u32>().ok());
                if el.has_attr("multiple") || size.is_some_and(|s| s > 1) {
                    "listbox"
                } else {
                    "combobox"
                }
            }
            "strong" => "strong",
            "sub" => "subscript",
            "summary" => "button",
            "sup" => "superscript",
            "table" => "table",
            "tbody" | "thead" | "tfoot" => "rowgroup",
            "td" => "cell",
            "textarea" => "textbox",
            "th" => {
                if el
                    .attr("scope")
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("row"))
                {
                    "rowheader"
                } else {
                    "columnheader"
                }
            }
            "time" => "time",
            "tr" => "row",
            _ => return None,
        })
    }

    /// The accessible name, whitespace collapsed and trimmed (cached).
    pub fn accessible_name(&self, el: El<'_>) -> &str {
        let cells = cells(&self.ax_cache.names, self.element_count());
        cells[el.index() as usize].get_or_init(|| {
            collapse(&self.name_of(
                el,
                Ctx {
                    root: Some(el.index()),
                    ..Ctx::default()
                },
                0,
            ))
        })
    }

    /// Whether the element's own content is skipped by rendering
    /// (`content-visibility: hidden`): its box is there, its content is not.
    fn hides_contents(&self, el: El<'_>) -> bool {
        self.declared(el)
            .get("content-visibility")
            .is_some_and(|d| d.value.trim().eq_ignore_ascii_case("hidden"))
    }

    /// Step 2A of accname: hidden and not part of a traversal whose root
    /// (an `aria-labelledby` target or a `<label>`) was itself hidden.
    fn hidden_for_name(&self, el: El<'_>, ctx: Ctx) -> bool {
        !ctx.hidden_root && self.is_hidden(el)
    }

    fn name_of(&self, el: El<'_>, ctx: Ctx, depth: u32) -> String {
        if depth > 64 {
            return String::new();
        }
        // 2A: hidden and not directly referenced.
        if self.hidden_for_name(el, ctx) {
            return String::new();
        }
        // 2B: aria-labelledby.
        if !ctx.in_labelledby
            && let Some(ids) = el.attr("aria-labelledby")
        {
            let parts: Vec<String> = ids
                .split_ascii_whitespace()
                .filter_map(|id| self.by_id(id).next())
                .map(|target| {
                    self.name_of(
                        target,
                        Ctx {
                            in_labelledby: true,
                            in_content: false,
                            hidden_root: self.is_hidden(target),
                            root: ctx.root,
                        },
                        depth + 1,
                    )
                })
                .collect();
            let joined = parts.join(" ");
            if has_text(&joined) {
                return joined;
            }
        }
        let role = self.role(el);
        // 2C: embedded controls inside a name computed from content (the
        // control whose name is being computed is not embedded in its own label).
        if ctx.in_content {
            if ctx.root == Some(el.index()) {
                return String::new();
            }
            match role.as_deref() {
                Some("textbox" | "searchbox") if el.name() == "input" => {
                    return el.attr("value").unwrap_or_default().to_string();
                }
                Some("textbox") if el.name() == "textarea" => return el.text(),
                Some("combobox" | "listbox") if el.name() == "select" => {
                    let selected = el
                        .descendants()
                        .filter(|o| o.name() == "option")
                        .find(|o| o.has_attr("selected"))
                        .or_else(|| el.descendants().find(|o| o.name() == "option"));
                    return selected.map(|o| o.text()).unwrap_or_default();
                }
                _ => {}
            }
        }
        // 2D: aria-label.
        if let Some(label) = el.attr("aria-label")
            && !label.trim().is_empty()
        {
            return label.to_string();
        }
        let presentational = role.as_deref() == Some("presentation");
        // 2E: the host language's label.
        if !presentational && let Some(native) = self.native_name(el, ctx, depth) {
            return native;
        }
        // 2F: name from content.
        let from_content = ctx.in_content
            || ctx.in_labelledby
            || role
                .as_deref()
                .and_then(aria::role)
                .is_some_and(|r| r.name_from == aria::NameFrom::Contents)
            || matches!(
                el.name(),
                "label" | "legend" | "caption" | "figcaption" | "summary" | "a"
            );
        if from_content
            && !matches!(
                el.name(),
                "select" | "textarea" | "input" | "iframe" | "object" | "embed" | "svg" | "img"
            )
        {
            let text = self.content_name(el, ctx, depth);
            if has_text(&text) {
                return text;
            }
        }
        // 2I: tooltip.
        if let Some(title) = el.attr("title")
            && has_text(title)
        {
            return title.to_string();
        }
        if (is_text_input(el) || el.name() == "textarea")
            && let Some(placeholder) = el
                .attr("placeholder")
                .or_else(|| el.attr("aria-placeholder"))
        {
            return placeholder.to_string();
        }
        String::new()
    }

    /// Step 2E: the name HTML-AAM gives from the element's own markup.
    fn native_name(&self, el: El<'_>, ctx: Ctx, depth: u32) -> Option<String> {
        let non_empty = |v: Option<&str>| v.filter(|v| has_text(v)).map(str::to_string);
        match el.name() {
            "img" | "area" => non_empty(el.attr("alt")),
            "input" => match input_type(el).as_str() {
                // HTML-AAM: the value, else (submit, reset) the localised
                // default word; `type=button` has no default.
                "button" => non_empty(el.attr("value")),
                "submit" => Some(non_empty(el.attr("value")).unwrap_or_else(|| "Submit".into())),
                "reset" => Some(non_empty(el.attr("value")).unwrap_or_else(|| "Reset".into())),
                // HTML-AAM `input type=image`: alt, then title (2I); not the
                // value, and the "Submit Query" fallback names nothing.
                "image" => non_empty(el.attr("alt")),
                "hidden" => None,
                _ => self.label_name(el, depth),
            },
            "select" | "textarea" | "meter" | "progress" | "output" | "button" => {
                self.label_name(el, depth)
            }
            "fieldset" => el
                .children()
                .find(|c| c.name() == "legend")
                .map(|l| self.content_name(l, ctx, depth))
                .filter(|t| has_text(t)),
            "figure" => el
                .children()
                .find(|c| c.name() == "figcaption")
                .map(|l| self.content_name(l, ctx, depth))
                .filter(|t| has_text(t)),
            "table" => el
                .children()
                .find(|c| c.name() == "caption")
                .map(|l| self.content_name(l, ctx, depth))
                .filter(|t| has_text(t))
                .or_else(|| non_empty(el.attr("summary"))),
            "svg" => el
                .children()
                .find(|c| c.name() == "title")
                .map(|t| t.text())
                .filter(|t| has_text(t)),
            "optgroup" | "option" => non_empty(el.attr("label")),
            _ => None,
        }
    }

    /// The `<label>` elements whose labeled control is `el` (HTML: a
    /// label's control is its `for` target if it has `for`, else its first
    /// labelable descendant), in document order.
    pub fn labels_of<'a>(&'a self, el: El<'a>) -> Vec<El<'a>> {
        let mut labels: Vec<El<'a>> = Vec::new();
        if let Some(id) = el.attr("id").filter(|id| !id.is_empty())
            && self.by_id(id).next() == Some(el)
        {
            labels.extend(self.by_tag("label").filter(|l| l.attr("for") == Some(id)));
        }
        if let Some(wrapping) = el.ancestors().find(|a| a.name() == "label")
            && wrapping.attr("for").is_none()
            && wrapping.descendants().find(|d| is_labelable(*d)) == Some(el)
        {
            labels.push(wrapping);
        }
        labels.sort_by_key(El::index);
        labels
    }

    /// The names of the `<label>`s of a labelable element. Each label is named
    /// like any node (its own `aria-labelledby` or `aria-label` first, then its
    /// content without the control itself); a hidden label still names its
    /// control, with its hidden content (accname 1.2 step 2A).
    fn label_name(&self, el: El<'_>, depth: u32) -> Option<String> {
        let parts: Vec<String> = self
            .labels_of(el)
            .into_iter()
            .map(|label| {
                self.name_of(
                    label,
                    Ctx {
                        in_labelledby: false,
                        in_content: true,
                        hidden_root: self.is_hidden(label),
                        root: Some(el.index()),
                    },
                    depth + 1,
                )
            })
            .collect();
        let joined = parts.join(" ");
        has_text(&joined).then_some(joined)
    }

    /// Name from content: the names of the children, in order.
    fn content_name(&self, el: El<'_>, ctx: Ctx, depth: u32) -> String {
        let mut out = String::new();
        if !ctx.hidden_root && self.hides_contents(el) {
            return out;
        }
        let child_ctx = Ctx {
            in_content: true,
            ..ctx
        };
        for child in el.element_ref().children() {
            match child.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(_) => {
                    let Some(child_el) = self.element(child.id()) else {
                        continue;
                    };
                    if self.hidden_for_name(child_el, ctx) {
                        continue;
                    }
                    let inline = is_inline(child_el.name());
                    if !inline {
                        out.push(' ');
                    }
                    out.push_str(&self.name_of(child_el, child_ctx, depth + 1));
                    if !inline {
                        out.push(' ');
                    }
                }
                _ => {}
            }
        }
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(html: &str, id: &str) -> String {
        let page = Page::from_html("t", html);
        let el = page.by_id(id).next().unwrap();
        page.accessible_name(el).to_string()
    }

    #[test]
    fn names() {
        assert_eq!(
            name_of("<a id=x href=/>Xem <b>thêm</b></a>", "x"),
            "Xem thêm"
        );
        assert_eq!(
            name_of("<a id=x href=/><img src=a alt='Trang chủ'></a>", "x"),
            "Trang chủ"
        );
        assert_eq!(
            name_of("<label for=x>Họ tên</label><input id=x>", "x"),
            "Họ tên"
        );
        assert_eq!(name_of("<label>Email <input id=x></label>", "x"), "Email");
        assert_eq!(
            name_of(
                "<span id=l>Tìm</span><button id=x aria-labelledby=l>go</button>",
                "x"
            ),
            "Tìm"
        );
        assert_eq!(
            name_of("<button id=x><span hidden>a</span></button>", "x"),
            ""
        );
        assert_eq!(name_of("<input id=x type=submit>", "x"), "Submit");
        assert_eq!(name_of("<button id=x title=t></button>", "x"), "t");
        assert_eq!(name_of("<div id=x>text</div>", "x"), "");
    }

    #[test]
    fn labels_are_named_like_nodes_without_their_control() {
        // The label's own aria-labelledby / aria-label come first.
        assert_eq!(
            name_of(
                "<span id=n>Số căn cước</span><label for=x aria-labelledby=n>CCCD</label><input id=x>",
                "x"
            ),
            "Số căn cước"
        );
        assert_eq!(
            name_of(
                "<label for=x aria-label='Thư điện tử'>✉</label><input id=x>",
                "x"
            ),
            "Thư điện tử"
        );
        // The control's own value is not its label; another control's is.
        assert_eq!(name_of("<label><input id=x value=abc></label>", "x"), "");
        assert_eq!(
            name_of(
                "<label>Gửi <select><option>3</option></select> bản <input id=x type=checkbox></label>",
                "x"
            ),
            ""
        );
        assert_eq!(
            name_of(
                "<input id=x type=checkbox><label for=x>Gửi <input value=3> bản</label>",
                "x"
            ),
            "Gửi 3 bản"
        );
        // A hidden label still names, with its hidden content; a visible
        // label's hidden parts do not count.
        assert_eq!(
            name_of(
                "<label for=x hidden>Tìm <span hidden>nhanh</span></label><input id=x>",
                "x"
            ),
            "Tìm nhanh"
        );
        assert_eq!(
            name_of(
                "<label>Nội dung <span hidden>(bắt buộc)</span><textarea id=x></textarea></label>",
                "x"
            ),
            "Nội dung"
        );
        // content-visibility: hidden skips the content.
        assert_eq!(
            name_of(
                "<button id=x><span style='content-visibility:hidden'>Ẩn</span>Hiện</button>",
                "x"
            ),
            "Hiện"
        );
    }

    #[test]
    fn roles_and_hidden() {
        let page = Page::from_html(
            "t",
            "<img id=a alt=''><img id=b role=none tabindex=0><div aria-hidden=true><a id=c href=/>x</a></div><p style='display:none'><span id=d>x</span></p>",
        );
        let el = |id| page.by_id(id).next().unwrap();
        assert_eq!(page.role(el("a")).as_deref(), Some("presentation"));
        assert!(page.implicit_role(el("c")) == Some("link"));
        assert_eq!(page.role(el("b")).as_deref(), Some("img"));
        assert!(page.is_hidden(el("c")));
        assert!(page.is_focusable(el("c")));
        assert!(page.is_not_rendered(el("d")));
    }
}
