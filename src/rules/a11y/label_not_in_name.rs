//! `label-not-in-name`: a control's visible text is not part of its accessible name.
//!
//! **What it checks.** For every link, button and other widget whose role
//! takes its name from content, in the accessibility tree, that has visible
//! text and an `aria-label` or `aria-labelledby`: the accessible name
//! contains the visible text (case and spacing ignored). Single characters
//! (symbols such as "×") are left alone; text drawn in an icon font is
//! reported for review.
//!
//! **Why.** Speech-input users say what they see ("bấm Tìm kiếm"); when the
//! name is something else, the command does nothing. WCAG 2.1 SC 2.5.3
//! (Label in Name, level A; a best practice under WCAG 2.0); ACT rule 2ee8b8.
//!
//! **Fails:** `<a href="/" aria-label="Trang chính">Trang chủ</a>`
//!
//! **Passes:** `<a href="/" aria-label="Trang chủ Cổng thông tin">Trang chủ</a>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

const WIDGETS: &[&str] = &[
    "button",
    "checkbox",
    "gridcell",
    "link",
    "menuitem",
    "menuitemcheckbox",
    "menuitemradio",
    "option",
    "radio",
    "switch",
    "tab",
    "treeitem",
];

fn simplify(text: &str) -> String {
    crate::page::accname::collapse(&text.to_lowercase())
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "label-not-in-name",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_aria_attrs() {
        if !(el.has_attr("aria-label") || el.has_attr("aria-labelledby"))
            || page.is_hidden(el)
            || !page.role(el).is_some_and(|r| WIDGETS.contains(&r.as_str()))
        {
            continue;
        }
        // The visible text: text nodes of rendered descendants.
        let visible: String = el
            .element_ref()
            .descendants()
            .filter_map(|n| {
                let text = n.value().as_text()?;
                let parent = n.parent().and_then(|p| page.element(p.id()))?;
                page.is_visible(parent).then_some(&**text)
            })
            .collect::<Vec<&str>>()
            .join(" ");
        let visible = simplify(&visible);
        if visible.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        let icon_font = page
            .computed(el, "font-family")
            .is_some_and(|f| f.to_ascii_lowercase().contains("icon"));
        let name = simplify(page.accessible_name(el));
        if name.contains(&visible) {
            out.pass();
        } else if icon_font {
            out.cant_tell(el)
                .arg("text", visible.as_str())
                .arg("name", name.as_str());
        } else {
            out.fail(el)
                .arg("text", visible.as_str())
                .arg("name", name.as_str());
        }
    }
}
