//! `lang-invalid`: a part of the page declares an invalid language tag.
//!
//! **What it checks.** Every element in the body other than `<html>` with a
//! non-empty `lang` attribute, that contains text a user can read or hear,
//! has a valid BCP 47 language tag (the same test as `html-lang-invalid`).
//!
//! **Why.** An English abstract marked `lang="english"` is read with the
//! Vietnamese voice. WCAG 2.0 SC 3.1.2 (Language of Parts, level AA);
//! ACT rule de46e4.
//!
//! **Fails:** `<p lang="english">Provincial People's Committee</p>`
//!
//! **Passes:** `<p lang="en">Provincial People's Committee</p>`

use crate::page::{El, Page};
use crate::rules::Findings;

use super::html_lang_invalid::is_valid_language_tag;
use crate::rules::{Check, Family, Rule};

/// Whether some text inside `el` that uses its `lang` is visible or exposed.
fn has_own_text(page: &Page, el: El<'_>) -> bool {
    use scraper::Node;
    el.element_ref().descendants().any(|node| {
        let Node::Text(text) = node.value() else {
            return false;
        };
        if text.trim().is_empty() {
            return false;
        }
        let Some(parent) = node.parent().and_then(|p| page.element(p.id())) else {
            return false;
        };
        // The text's language comes from the nearest ancestor with lang.
        let owner = std::iter::once(parent)
            .chain(parent.ancestors())
            .find(|a| a.has_attr("lang"));
        owner == Some(el)
            && !(page.is_not_rendered(parent)
                || page.is_aria_hidden(parent) && page.is_invisible(parent))
    }) || std::iter::once(el).chain(el.descendants()).any(|d| {
        d.attr("alt").is_some_and(|a| !a.trim().is_empty())
            && !page.is_hidden(d)
            && std::iter::once(d)
                .chain(d.ancestors())
                .find(|a| a.has_attr("lang"))
                == Some(el)
    })
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "lang-invalid",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_lang_attr() {
        if el.name() == "html" || page.is_svg(el) {
            continue;
        }
        let Some(lang) = el.attr("lang").filter(|l| !l.is_empty()) else {
            continue;
        };
        if !has_own_text(page, el) {
            continue;
        }
        if is_valid_language_tag(lang.trim()) {
            out.pass();
        } else {
            out.fail(el).arg("lang", lang.trim());
        }
    }
}
