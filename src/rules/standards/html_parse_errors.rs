//! `html-parse-errors`: the markup is not well-formed HTML.
//!
//! **What it checks.** The HTML parser (html5ever, following the WHATWG
//! parsing algorithm) reports errors: stray end tags, unclosed elements,
//! characters where none belong, duplicate attributes. One finding per kind of
//! error, on the line of its first occurrence, with how many there were; that
//! source line is the finding's snippet, so the webmaster sees what to change.
//!
//! **Why.** Browsers repair broken markup each in their own way, and assistive
//! technology reads the repaired tree: headings, lists and tables may not be
//! what the author meant. Thông tư 39/2017 Danh mục items 3.1–3.2 require
//! conformant HTML/XHTML.
//!
//! **Fails:** `<p>Thông báo <b>quan trọng</p></b>`
//!
//! **Passes:** `<p>Thông báo <b>quan trọng</b></p>`

use std::collections::BTreeMap;

use crate::page::{Page, SNIPPET_CHARS, Target};
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "html-parse-errors",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if page.root().is_none() {
        return;
    }
    if page.parse_errors.is_empty() {
        out.pass();
        return;
    }
    // Group by message, keeping the first line and the count.
    let mut kinds: BTreeMap<&str, (u64, usize)> = BTreeMap::new();
    for error in &page.parse_errors {
        let entry = kinds
            .entry(error.message.as_str())
            .or_insert((error.line, 0));
        entry.1 += 1;
    }
    let mut kinds: Vec<(&str, (u64, usize))> = kinds.into_iter().collect();
    kinds.sort_by_key(|(message, (line, _))| (*line, *message));
    for (message, (line, count)) in kinds {
        // The source line is the snippet: what to change, where.
        let snippet = page.source_line(line).map_or_else(String::new, |text| {
            let text = text.trim();
            match text.char_indices().nth(SNIPPET_CHARS) {
                Some((cut, _)) => format!("{}…", &text[..cut]),
                None => text.to_string(),
            }
        });
        out.fail_at(Some(Target {
            line,
            snippet,
            ..Target::default()
        }))
        .arg("error", message)
        .arg("count", count.to_string());
    }
}
