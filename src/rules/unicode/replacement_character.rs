//! `replacement-character`: the text contains U+FFFD "�".
//!
//! **What it checks.** The text, `alt` and `title` of the page hold no U+FFFD
//! REPLACEMENT CHARACTER. On a page whose bytes were invalid UTF-8 the
//! replacement characters come from decoding and `utf8-bytes-invalid`
//! reports them, so this rule looks only at pages that decoded cleanly: there
//! the "�" is in the source itself, saved by a tool that had already lost the
//! letters.
//!
//! **Why.** Each "�" is a letter lost for good (often a Vietnamese letter
//! converted through a legacy encoding). TCVN 6909:2001 text is required
//! (Quyết định 72/2002; Thông tư 39/2017, Danh mục, mục 3.14).
//!
//! **Fails:** `<p>Th\u{FFFD}ng b\u{FFFD}o</p>` (decoded cleanly)
//!
//! **Passes:** `<p>Thông báo</p>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

const FFFD: char = '\u{FFFD}';

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "replacement-character",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if page.encoding.invalid_utf8_count > 0 {
        return;
    }
    out.pass();
    if !page.text.contains(FFFD) {
        return;
    }
    let mut counts: std::collections::BTreeMap<u32, (usize, String)> = Default::default();
    for node in &super::scan::scan(page).nodes {
        if node.flags & super::scan::FFFD != 0 {
            add(&mut counts, node.el, &node.text);
        }
    }
    for el in page.elements() {
        for name in ["alt", "title"] {
            if let Some(value) = el.attr(name) {
                add(&mut counts, el.index(), value);
            }
        }
    }
    for (idx, (count, context)) in counts {
        out.fail(page.el(idx))
            .arg("count", count.to_string())
            .arg("context", context);
    }
}

fn add(counts: &mut std::collections::BTreeMap<u32, (usize, String)>, idx: u32, text: &str) {
    let n = text.matches(FFFD).count();
    if n > 0 {
        let entry = counts
            .entry(idx)
            .or_insert_with(|| (0, super::excerpt(text, 60)));
        entry.0 += n;
    }
}
