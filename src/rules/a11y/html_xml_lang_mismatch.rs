//! `html-xml-lang-mismatch`: `lang` and `xml:lang` on `<html>` name different languages.
//!
//! **What it checks.** When the root `<html>` element has both a non-empty
//! valid `lang` and a non-empty `xml:lang`, their primary language subtags
//! agree (`vi` and `vi-VN` agree; `vi` and `en` do not).
//!
//! **Why.** Different tools read different attributes; a page that says
//! Vietnamese to one and English to another is read with the wrong voice by
//! some of them. WCAG 2.0 SC 3.1.1 (Language of Page, level A); ACT rule
//! 5b7ae0 (deprecated upstream, kept for WCAG 2.0).
//!
//! **Fails:** `<html lang="vi" xml:lang="en">`
//!
//! **Passes:** `<html lang="vi" xml:lang="vi-VN">`

use crate::page::Page;
use crate::rules::Findings;

use super::html_lang_invalid::is_valid_language_tag;
use crate::rules::{Check, Family, Rule};

fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "html-xml-lang-mismatch",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some(html) = page.root() else { return };
    let lang = html.attr("lang").map(str::trim).filter(|l| !l.is_empty());
    let xml_lang = html
        .attrs()
        .find(|(n, _)| *n == "xml:lang")
        .map(|(_, v)| v.trim());
    let (Some(lang), Some(xml_lang)) = (lang, xml_lang.filter(|l| !l.is_empty())) else {
        return;
    };
    if !is_valid_language_tag(lang) || !is_valid_language_tag(xml_lang) {
        return;
    }
    if primary(lang) == primary(xml_lang) {
        out.pass();
    } else {
        out.fail(html).arg("lang", lang).arg("xml_lang", xml_lang);
    }
}
