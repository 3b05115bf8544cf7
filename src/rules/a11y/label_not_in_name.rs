//! `label-not-in-name`: a control's visible text is not part of its accessible name.
//!
//! **What it checks.** For every link, button and other widget whose role
//! takes its name from content, in the accessibility tree, that has visible
//! text and an `aria-label` or `aria-labelledby`: the accessible name
//! contains the visible text (case and spacing ignored). Text that is not
//! visible is not part of the visible label: text in elements that are not
//! rendered, moved off-screen or clipped away (screen-reader-only classes,
//! `text-indent: -9999px`), and the ligature words of icon fonts
//! (`<span class="material-icons">search</span>` shows a magnifier, not the
//! word). Single characters (symbols such as "×") are left alone.
//!
//! **Why.** Speech-input users say what they see ("bấm Tìm kiếm"); when the
//! name is something else, the command does nothing. WCAG 2.1 SC 2.5.3
//! (Label in Name, level A; a best practice under WCAG 2.0); ACT rule 2ee8b8.
//!
//! **Fails:** `<a href="/" aria-label="Trang chính">Trang chủ</a>`
//!
//! **Passes:** `<a href="/" aria-label="Trang chủ Cổng thông tin">Trang chủ</a>`

use crate::page::{El, Page, aria};
use crate::rules::{Check, Family, Findings, Rule};

fn simplify(text: &str) -> String {
    crate::page::accname::collapse(&text.to_lowercase())
}

/// Whether a font family draws icons: icon fonts whose ligatures turn words
/// ("search", "home") into glyphs, named in CSS (`Material Icons`,
/// `Material Symbols Outlined`, `FontAwesome`, `Glyphicons`, `icomoon`…) or
/// by the class of Google's ligature fonts (their CSS is often not loaded).
fn icon_font(page: &Page, el: El<'_>) -> bool {
    let family = page
        .computed(el, "font-family")
        .map(|f| f.to_ascii_lowercase());
    family.is_some_and(|f| {
        f.contains("icon") || f.contains("material symbols") || f.contains("awesome")
    }) || el.attr("class").is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|t| t.starts_with("material-icons") || t.starts_with("material-symbols"))
    })
}

/// The text a sighted user reads on `el`: its text nodes, without those in
/// elements that are not rendered, moved out of view (off-screen, clipped)
/// or drawn in an icon font.
fn visible_text(page: &Page, el: El<'_>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for node in el.element_ref().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let Some(parent) = node.parent().and_then(|p| page.element(p.id())) else {
            continue;
        };
        let shown = std::iter::once(parent)
            .chain(parent.ancestors().take_while(|a| *a != el))
            .chain(std::iter::once(el))
            .all(|e| page.is_visible(e) && !page.moves_out_of_view(e) && !icon_font(page, e));
        if shown {
            parts.push(text);
        }
    }
    parts.join(" ")
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
        if !(el.has_attr("aria-label") || el.has_attr("aria-labelledby")) || page.is_hidden(el) {
            continue;
        }
        // Widgets whose name may come from their content (WAI-ARIA 1.2).
        let widget = page
            .role(el)
            .as_deref()
            .and_then(aria::role)
            .is_some_and(|r| r.widget && r.name_from == aria::NameFrom::Contents);
        if !widget {
            continue;
        }
        let visible = simplify(&visible_text(page, el));
        if visible.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        let name = simplify(page.accessible_name(el));
        if name.contains(&visible) {
            out.pass();
        } else {
            out.fail(el)
                .arg("text", visible.as_str())
                .arg("name", name.as_str());
        }
    }
}
