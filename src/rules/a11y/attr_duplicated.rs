//! `attr-duplicated`: a start tag repeats an attribute.
//!
//! **What it checks.** No start tag in the source has the same attribute
//! twice (`alt="" alt="Logo"`). The parser keeps the first and drops the
//! others; the finding is on the element whose tag has the duplicate.
//!
//! **Why.** The attribute the author meant may be the one the browser
//! dropped: an image meant to read "Logo" is silently decorative. WCAG 2.0
//! SC 4.1.1 (Parsing, level A); ACT rule e6952f (deprecated with SC 4.1.1 in
//! WCAG 2.2, still part of WCAG 2.0).
//!
//! **Fails:** `<img src="logo.png" alt="" alt="Logo UBND tỉnh">`
//!
//! **Passes:** `<img src="logo.png" alt="Logo UBND tỉnh">`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// The attribute names written twice in the element's start tag, from the source.
fn duplicated(page: &Page, el: El<'_>) -> Option<String> {
    let offset = el.position().offset?;
    let text = page.text.get(offset..)?;
    let end = text.find('>')?;
    let tag = &text[1..end];
    let mut seen: Vec<String> = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        if seen.contains(&name) {
            return Some(name);
        }
        seen.push(name);
        rest = rest[name_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            rest = match after.chars().next() {
                Some(q @ ('"' | '\'')) => after[1..].find(q).map_or("", |i| &after[i + 2..]),
                _ => after.find(char::is_whitespace).map_or("", |i| &after[i..]),
            };
        }
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "attr-duplicated",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    if page
        .parse_errors
        .iter()
        .all(|e| e.message != "Duplicate attribute")
    {
        if page.element_count() > 0 {
            out.pass();
        }
        return;
    }
    let lines: Vec<u64> = page
        .parse_errors
        .iter()
        .filter(|e| e.message == "Duplicate attribute")
        .map(|e| e.line)
        .collect();
    let mut found = false;
    for el in page.elements() {
        if !lines.contains(&el.line()) {
            continue;
        }
        if let Some(name) = duplicated(page, el) {
            out.fail(el).arg("attribute", name);
            found = true;
        }
    }
    if !found {
        out.pass();
    }
}
