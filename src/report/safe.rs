//! Page text made safe for where it is shown. A page can hold anything: in
//! a terminal or a CI log, control characters (C0, DEL, C1) would move the
//! cursor, retitle the window or colour the log (`ESC ]0;…BEL`, `ESC [2J`),
//! and bidi overrides (U+202E) would show a file name backwards; in XML, a
//! character outside XML 1.0's `Char` production (U+FFFE, U+FFFF, most C0
//! controls) makes the whole file not well-formed and CI drops the report.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Bidi embedding, override and isolate controls, and the marks.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` for a terminal: control characters written as `\x1b`, bidi
/// controls as `U+202E`; everything else as it is.
#[must_use]
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else if is_bidi_control(c) {
            let _ = write!(out, "U+{:04X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` for a page (the HTML report): like [`visible`], but line breaks
/// and tabs stay as they are; every other control character and bidi
/// control is shown, so U+202E cannot turn a file name around on screen.
#[must_use]
pub fn visible_in_page(text: &str) -> Cow<'_, str> {
    let shown =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c);
    if !text.chars().any(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            let _ = write!(out, "{}", visible(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is an XML 1.0 `Char`.
#[must_use]
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `xml` with every character outside XML 1.0's `Char` replaced by U+FFFD
/// (lone surrogates cannot be in a Rust string).
#[must_use]
pub fn xml_chars(xml: String) -> String {
    if xml.chars().all(is_xml_char) {
        return xml;
    }
    xml.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(
            visible("a\u{1b}]0;pwned\u{7}b\u{1b}[2J\u{9b}c\u{7f}\u{202E}gpj.exe\n"),
            "a\\x1b]0;pwned\\x07b\\x1b[2J\\x9bc\\x7fU+202Egpj.exe\\x0a"
        );
        assert!(matches!(visible("Cổng thông tin"), Cow::Borrowed(_)));
    }

    #[test]
    fn xml_keeps_only_xml_chars() {
        assert_eq!(
            xml_chars("<a>x\u{FFFE}y\u{FFFF}\u{1}\t\u{10000}</a>".into()),
            "<a>x\u{FFFD}y\u{FFFD}\u{FFFD}\t\u{10000}</a>"
        );
    }
}
