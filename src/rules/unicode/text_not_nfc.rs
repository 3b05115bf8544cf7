//! `text-not-nfc`: Vietnamese text not in precomposed form (NFC).
//!
//! **What it checks.** Text, `alt`, `title` and `aria-label`, and the file
//! names in `href`/`src` (percent-decoded), are in Unicode Normalization Form C:
//! no letter followed by a combining tone or vowel mark that has a precomposed
//! form ("Unicode tổ hợp" from Word or Unikey, decomposed file names from
//! macOS, windows-1258 text). Each element is reported once with the number of
//! such words and the first ones.
//!
//! **Why.** TCVN 6909:2001 allows combining marks, but precomposed text is the
//! practice (Thông tư 39/2017, Danh mục, mục 3.14): decomposed words are not
//! found by search ("Việt" ≠ "Việt"), sort wrongly and may render with
//! misplaced marks. A warning, not an error.
//!
//! **Fails:** `<p>Vie\u{302}\u{323}t Nam</p>`, `<a href="/files/Ba\u{301}o-ca\u{301}o.pdf">`
//!
//! **Passes:** `<p>Việt Nam</p>`

use std::collections::BTreeMap;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// Examples listed per element.
const EXAMPLES: usize = 3;

#[derive(Default)]
struct Found {
    count: usize,
    examples: Vec<String>,
    places: Vec<&'static str>,
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "text-not-nfc",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    out.pass();
    let mut found: BTreeMap<u32, Found> = BTreeMap::new();
    for node in &super::scan::scan(page).nodes {
        if node.flags & super::scan::COMBINING != 0 {
            add(&mut found, node.el, "text", &node.text);
        }
    }
    if maybe_in_attributes(page.text.as_bytes()) {
        attributes(page, &mut found);
    }
    for (idx, f) in found {
        out.fail(page.el(idx))
            .arg("count", f.count.to_string())
            .arg("examples", f.examples.join(", "))
            .arg("places", f.places.join(", "));
    }
}

/// `alt`, `title`, `aria-label`, and the percent-decoded `href`/`src`.
fn attributes(page: &Page, found: &mut BTreeMap<u32, Found>) {
    for el in page.elements() {
        for name in ["alt", "title", "aria-label"] {
            if let Some(value) = el.attr(name) {
                add(found, el.index(), name, value);
            }
        }
        for name in ["href", "src"] {
            if let Some(value) = el.attr(name).filter(|v| v.contains('%') || !v.is_ascii()) {
                add(found, el.index(), name, &percent_decode(value));
            }
        }
    }
}

fn add(found: &mut BTreeMap<u32, Found>, idx: u32, place: &'static str, text: &str) {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return;
    }
    for word in text.split(|c: char| c.is_whitespace() || c == '/') {
        if word.is_ascii() || word.nfc().eq(word.chars()) {
            continue;
        }
        let entry = found.entry(idx).or_default();
        entry.count += 1;
        if entry.examples.len() < EXAMPLES {
            let shown: String = word.nfc().collect();
            let decomposed: Vec<String> = word
                .chars()
                .filter(|c| ('\u{300}'..='\u{36F}').contains(c))
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            entry
                .examples
                .push(format!("{shown} ({})", decomposed.join(" ")));
        }
        if !entry.places.contains(&place) {
            entry.places.push(place);
        }
    }
}

/// Combining diacritics U+0300–U+036F (UTF-8 CC xx / CD xx) anywhere in the
/// source, or their percent-encoded form (`%CC`, `%CD`) in a URL.
fn maybe_in_attributes(b: &[u8]) -> bool {
    memchr::memchr2(0xCC, 0xCD, b).is_some()
        || memchr::memchr_iter(b'%', b).any(|i| {
            b.get(i + 1).is_some_and(|h| h | 0x20 == b'c')
                && b.get(i + 2)
                    .is_some_and(|h| matches!(h | 0x20, b'c' | b'd'))
        })
}

/// Decodes `%XX` escapes (UTF-8); invalid ones are kept as written.
fn percent_decode(value: &str) -> String {
    let b = value.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(byte) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
