//! Accessible names (accname 1.2): `aria-labelledby`, embedded controls,
//! `aria-label`, the host language's label, name from content, tooltip;
//! cached per element.

use scraper::Node;

use super::{cells, collapse, has_text, input_type, is_labelable};
use crate::page::{El, Page, aria};

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

/// The `input` types the `placeholder` attribute applies to (HTML).
fn is_text_input(el: El<'_>) -> bool {
    el.name() == "input"
        && matches!(
            input_type(el).as_str(),
            "text" | "search" | "tel" | "url" | "email" | "password" | "number"
        )
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
