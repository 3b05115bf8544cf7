//! Page text made safe for where it is shown. A page can hold anything: in
//! a terminal or a CI log, control characters (C0, DEL, C1) would move the
//! cursor, retitle the window or colour the log (`ESC ]0;…BEL`, `ESC [2J`),
//! and bidi overrides (U+202E) would show a file name backwards; in XML, a
//! character outside XML 1.0's `Char` production (U+FFFE, U+FFFF, most C0
//! controls) makes the whole file not well-formed and CI drops the report.
//!
//! In the HTML report, quoted evidence must not be the defect it reports: a
//! TCVN3 snippet (`Th«ng b¸o`), decomposed Unicode, double-encoded UTF-8 or an
//! invisible character shown as it is would make `report.html` fail the
//! project's own Unicode rules (issue 17: the report passes its own `check`).
//! [`evidence_in_page`] shows such characters as escaped code points
//! (`Th\u{AB}ng b\u{B8}o`) — the finding's message keeps the converted text
//! beside them. No element is exempted from the rules: a page cannot hide
//! legacy text from the audit by imitating the report.

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

/// `c` as an escaped code point: `\u{AB}`. No VIQR marker (`+ ( ? ~ . ^ ' \``)
/// and no letter next to a vowel, so the escape itself never reads as
/// Vietnamese in a legacy encoding.
fn escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
}

/// Characters that are never shown as they are in the report's evidence:
/// controls (but line breaks and tabs), bidi controls, invisible characters
/// (zero-width, word joiner, BOM, soft hyphen, private use), U+FFFD, combining
/// marks and characters that normalisation (NFC) would replace.
fn always_escaped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FFFD}'
        )
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)
        || unicode_normalization::char::is_combining_mark(c)
        || (!c.is_ascii()
            && unicode_normalization::is_nfc_quick(std::iter::once(c))
                != unicode_normalization::IsNormalized::Yes)
}

/// Whether `word` (no white space) is written in a legacy encoding or is
/// double-encoded UTF-8, as the Unicode rules judge words
/// ([`crate::vietnamese::detect`]): the same judgement, so that what the
/// report shows is never counted against it.
fn legacy_word(word: &str) -> bool {
    use crate::vietnamese::detect;
    if detect::classify(word.as_bytes()) & (detect::CANDIDATE | detect::MOJIBAKE) == 0 {
        return false;
    }
    let mut tally = detect::Tally::default();
    tally.add(word);
    tally.has_evidence() || detect::mojibake_words(word) > 0
}

/// `text` for the HTML report, quoted evidence included: what
/// [`visible_in_page`] shows (`\x1b`, `U+202E`), and the characters of a
/// defect the Unicode rules report written as escaped code points (`\u{AB}`),
/// so that the report itself is clean Unicode (TCVN 6909): every character in
/// [`always_escaped`] (decomposed, invisible, U+FFFD), and in a word written
/// in a legacy font or double-encoded (`Th«ng`, `Thoâng`, `Vie^.t`, `Cá»•ng`)
/// every character but ASCII letters and digits (`Th\u{AB}ng`). Correct
/// Vietnamese, other languages and punctuation stay as they are.
#[must_use]
pub fn evidence_in_page(text: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_ascii() && !always_escaped(c);
    if text.chars().all(plain) && !text.split_whitespace().any(legacy_word) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        // A run of white space, then a word.
        let space = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        push_escaped(&mut out, &rest[..space], false);
        rest = &rest[space..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        push_word(&mut out, &rest[..end]);
        rest = &rest[end..];
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// Markup and list punctuation that no legacy encoding writes a letter with:
/// a word is judged again piece by piece between them (`serif">Th«ng` holds
/// `Th«ng`, `tØnh</p>` holds `tØnh`), so a snippet's legacy text is shown
/// escaped like the message's.
fn is_piece_separator(c: char) -> bool {
    matches!(
        c,
        '<' | '>' | '"' | '=' | '/' | ';' | ',' | ':' | '[' | ']' | '{' | '}' | '|' | '&'
    )
}

/// Appends a word (no white space): escaped whole when it is legacy, else
/// each legacy piece between [`is_piece_separator`]s.
fn push_word(out: &mut String, word: &str) {
    if legacy_word(word) {
        push_escaped(out, word, true);
        return;
    }
    let mut rest = word;
    while !rest.is_empty() {
        let end = rest.find(is_piece_separator).unwrap_or(rest.len());
        let piece = &rest[..end];
        push_escaped(out, piece, !piece.is_empty() && legacy_word(piece));
        let separator = rest[end..].chars().next().map_or(0, char::len_utf8);
        push_escaped(out, &rest[end..end + separator], false);
        rest = &rest[end + separator..];
    }
}

/// Appends `text`, its [`always_escaped`] characters escaped; with `legacy`
/// also every character beyond ASCII, and in an all-ASCII (VIQR) text the
/// punctuation that marks its tones (`^ ( + ' . ~ ?`…), quotes and markup
/// aside.
fn push_escaped(out: &mut String, text: &str, legacy: bool) {
    let viqr = legacy && text.is_ascii();
    for c in text.chars() {
        let mark = viqr && c.is_ascii_punctuation() && !is_piece_separator(c);
        if (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c) {
            // As the terminal shows them: `\x1b`, `U+202E`.
            out.push_str(&visible(c.encode_utf8(&mut [0; 4])));
        } else if always_escaped(c) || (legacy && !c.is_ascii()) || mark {
            escaped(out, c);
        } else {
            out.push(c);
        }
    }
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
    fn evidence_is_shown_as_code_points_not_as_the_defect() {
        use crate::vietnamese::{Legacy, detect};
        let sentence = "Thông báo lịch tiếp công dân của Chủ tịch Ủy ban nhân dân tỉnh về việc điều chỉnh quy hoạch đường phố";
        for encoding in [
            Legacy::Tcvn3,
            Legacy::Vni,
            Legacy::Viqr,
            Legacy::Viscii,
            Legacy::Vps,
            Legacy::Cp1258,
            Legacy::Utf8Mojibake,
        ] {
            let legacy = encoding.encode(sentence);
            assert!(
                detect::detect(&legacy).is_some() || detect::mojibake_words(&legacy) > 0,
                "{encoding:?}: {legacy}"
            );
            let shown = evidence_in_page(&legacy);
            assert_eq!(detect::detect(&shown), None, "{encoding:?}: {shown}");
            assert_eq!(detect::mojibake_words(&shown), 0, "{encoding:?}: {shown}");
            assert!(
                unicode_normalization::is_nfc(&shown),
                "{encoding:?}: {shown}"
            );
            assert_eq!(
                crate::vietnamese::detect::classify(shown.as_bytes())
                    & (detect::INVISIBLE | detect::FFFD | detect::COMBINING),
                0,
                "{encoding:?}: {shown}"
            );
        }
        assert_eq!(
            evidence_in_page("Th«ng b¸o ®iÖn tö"),
            "Th\\u{AB}ng b\\u{B8}o \\u{AE}i\\u{D6}n t\\u{F6}"
        );
        // Quotes stay; a snippet's legacy words are found between its markup.
        assert_eq!(
            evidence_in_page("\"Th«ng b¸o\" <p style=\"a\">Th«ng tØnh</p>"),
            "\"Th\\u{AB}ng b\\u{B8}o\" <p style=\"a\">Th\\u{AB}ng t\\u{D8}nh</p>"
        );
        // Decomposed: the combining marks; invisible characters; U+FFFD.
        assert_eq!(
            evidence_in_page("Thu\u{309} tu\u{323}c a\u{200B}b\u{FFFD}"),
            "Thu\\u{309} tu\\u{323}c a\\u{200B}b\\u{FFFD}"
        );
        // Correct text, other scripts and punctuation between words stay.
        for clean in [
            "Cổng thông tin điện tử — “Trang chủ” · 90° × 2 …",
            "Café de Paris, Müller, 東京, Москва",
            "ĐỒNG Ý",
        ] {
            assert!(
                matches!(evidence_in_page(clean), Cow::Borrowed(_)),
                "{clean}"
            );
        }
    }

    #[test]
    fn xml_keeps_only_xml_chars() {
        assert_eq!(
            xml_chars("<a>x\u{FFFE}y\u{FFFF}\u{1}\t\u{10000}</a>".into()),
            "<a>x\u{FFFD}y\u{FFFD}\u{FFFD}\t\u{10000}</a>"
        );
    }
}
