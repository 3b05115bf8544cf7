//! Roles: the explicit role (the first valid token of `role`, with the
//! presentational-role conflict of WAI-ARIA 1.2 §9.3) and the implicit role
//! of an HTML element (HTML-AAM, ARIA in HTML).

use std::borrow::Cow;

use super::{has_text, input_type};
use crate::page::{El, Page, aria};

impl Page {
    /// Elements whose role is one of `roles`: the elements with these
    /// native `tags` and those with a `role` attribute, in document order.
    pub fn with_roles<'a>(&'a self, roles: &[&str], tags: &[&str]) -> Vec<El<'a>> {
        let mut found: Vec<El<'a>> = tags
            .iter()
            .flat_map(|t| self.by_tag(t))
            .chain(self.with_role_attr())
            .filter(|el| {
                self.role_name(*el)
                    .is_some_and(|r| roles.contains(&r.as_ref()))
            })
            .collect();
        found.sort_by_key(El::index);
        found.dedup();
        found
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
        self.role_name(el).map(Cow::into_owned)
    }

    /// [`Page::role`], copied only when the `role` attribute has capitals.
    fn role_name<'a>(&self, el: El<'a>) -> Option<Cow<'a, str>> {
        if let Some(explicit) = self.explicit_role(el) {
            let explicit = if explicit.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(explicit.to_ascii_lowercase())
            } else {
                Cow::Borrowed(explicit)
            };
            let presentational = explicit == "none" || explicit == "presentation";
            if !(presentational && self.presentation_conflict(el)) {
                return Some(if explicit == "none" {
                    Cow::Borrowed("presentation")
                } else {
                    explicit
                });
            }
        }
        self.implicit_role(el).map(Cow::Borrowed)
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
}
