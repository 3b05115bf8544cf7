//! `invisible-characters`: control, private-use or stray zero-width characters.
//!
//! **What it checks.** The text of the page holds no C0 control characters
//! (other than tab and line breaks), no C1 controls (U+0080–U+009F), no
//! private-use characters (U+E000–U+F8FF and planes 15–16), and no zero-width
//! space, word joiner or byte order mark between two Latin letters (inside a
//! word). Zero-width characters between letters of other scripts, such as the
//! zero-width space that separates Khmer words, are legitimate and not flagged.
//!
//! **Why.** These characters are invisible or shown as boxes; inside words they
//! break search and make screen readers stumble. They usually come from
//! legacy-font text (VISCII and VPS put capitals on control codes), from
//! private-use symbol fonts, or from copy-paste. TCVN 6909:2001 text is
//! required (Thông tư 39/2017, Danh mục, mục 3.14).
//!
//! **Fails:** `<p>Thông\u{200B}báo</p>`, `<p>Giá \u{E001} 10 đồng</p>`
//!
//! **Passes:** `<p>Thông báo</p>`, Khmer text with U+200B between words

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "invisible-characters",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    out.pass();
    let mut flagged = std::collections::HashSet::new();
    for node in &super::scan::scan(page).nodes {
        if node.flags & super::scan::INVISIBLE == 0 {
            continue;
        }
        let found = find(&node.text);
        if found.is_empty() || !flagged.insert(node.el) {
            continue;
        }
        let mut codes: Vec<String> = Vec::new();
        for c in &found {
            let code = format!("U+{:04X}", *c as u32);
            if !codes.contains(&code) && codes.len() < 5 {
                codes.push(code);
            }
        }
        out.fail(page.el(node.el))
            .arg("count", found.len().to_string())
            .arg("characters", codes.join(", "));
    }
}

/// The offending characters of one text.
fn find(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let latin = |c: Option<&char>| {
        c.is_some_and(|&c| {
            let code = c as u32;
            c.is_alphabetic() && (code < 0x250 || (0x1E00..0x1F00).contains(&code))
        })
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let code = c as u32;
            match code {
                0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F..=0x9F => true,
                0xE000..=0xF8FF | 0xF0000..=0x10FFFF => true,
                0x200B | 0x2060 | 0xFEFF => {
                    latin(i.checked_sub(1).and_then(|p| chars.get(p))) && latin(chars.get(i + 1))
                }
                _ => false,
            }
        })
        .map(|(_, &c)| c)
        .collect()
}
