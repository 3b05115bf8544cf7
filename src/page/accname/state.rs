//! Interaction state: disabled controls, inactive user interface
//! components (WCAG 1.4.3), focusability and the Tab order.

use super::{cells, input_type, is_true};
use crate::page::{El, Page};

impl Page {
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

    pub(super) fn is_inert(&self, el: El<'_>) -> bool {
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
}
