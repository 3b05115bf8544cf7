//! Vietnamese text in the legacy encodings that TCVN 6909:2001 replaced, and
//! the way back to precomposed Unicode (NFC).
//!
//! Portals still carry text typed with TCVN3 (`.VnTime`) or VNI fonts, pages in
//! windows-1258, VIQR mnemonics and double-encoded UTF-8. The auditor sees such
//! text *decoded*: inside a UTF-8 page, or through a `windows-1252` label, each
//! legacy byte shows as its windows-1252 character (`Cæng th«ng tin`). So every
//! table here is keyed by that windows-1252 view. The tables are data, generated
//! by `tools/gen-legacy-tables.py` from the shared fact file into
//! `data/legacy-encodings.json` and embedded; nothing is hand-typed.
//!
//! [`convert`] turns legacy text into NFC Unicode; [`detect`] finds legacy runs
//! in decoded text, scored per word with a Vietnamese syllable check
//! ([`syllable`]), so correct Vietnamese, English, French names and other
//! scripts are left alone. Pure code: no I/O.

pub mod detect;
pub mod syllable;
pub mod text;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

pub use detect::{Detection, detect};

/// A legacy way of writing Vietnamese that the auditor recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, "ABC": `.VnTime` fonts.
    Tcvn3,
    /// VNI-Windows: `VNI-Times` fonts, base letter + mark byte.
    Vni,
    /// VISCII (RFC 1456).
    Viscii,
    /// VPS.
    Vps,
    /// VIQR: ASCII mnemonics (`Vie^.t`).
    Viqr,
    /// windows-1258: base letter + combining tone byte.
    Cp1258,
    /// UTF-8 bytes read as windows-1252 (double-encoded UTF-8, mojibake).
    Utf8Mojibake,
}

impl Legacy {
    /// Every encoding, in the order used to break ties in detection.
    pub const ALL: [Legacy; 7] = [
        Legacy::Tcvn3,
        Legacy::Vni,
        Legacy::Viscii,
        Legacy::Vps,
        Legacy::Cp1258,
        Legacy::Utf8Mojibake,
        Legacy::Viqr,
    ];

    /// The id used on the command line and in findings (`tcvn3`, `vni`, ...).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
            Legacy::Viscii => "viscii",
            Legacy::Vps => "vps",
            Legacy::Viqr => "viqr",
            Legacy::Cp1258 => "cp1258",
            Legacy::Utf8Mojibake => "utf8-mojibake",
        }
    }

    /// The encoding by its id or a common alias (case-insensitive).
    #[must_use]
    pub fn from_id(id: &str) -> Option<Legacy> {
        let id = id.trim().to_ascii_lowercase();
        Some(match id.as_str() {
            "tcvn3" | "abc" | "vn3" | "tcvn" => Legacy::Tcvn3,
            "vni" | "vni-win" | "vni-windows" => Legacy::Vni,
            "viscii" => Legacy::Viscii,
            "vps" => Legacy::Vps,
            "viqr" => Legacy::Viqr,
            "cp1258" | "windows-1258" | "x-cp1258" => Legacy::Cp1258,
            "utf8-mojibake" | "mojibake" => Legacy::Utf8Mojibake,
            _ => return None,
        })
    }

    /// The name shown to people (`TCVN3 (ABC, .VnTime)`, ...), from the data file.
    #[must_use]
    pub fn name(self) -> &'static str {
        &table(self).name
    }

    /// Font families that betray this encoding, as seen on pages.
    #[must_use]
    pub fn fonts(self) -> &'static [String] {
        &table(self).fonts
    }

    /// Writes NFC Unicode text in this encoding, as its windows-1252 view
    /// (what a page shows). Characters the encoding lacks are kept as they are.
    /// TCVN3 has no toned capitals: they get the lower-case code, as in real
    /// documents. Used to build test texts from the tables.
    #[must_use]
    pub fn encode(self, text: &str) -> String {
        let t = table(self);
        let mut out = String::with_capacity(text.len() * 2);
        for c in text.nfc() {
            match t.encode.get(&c) {
                Some(written) => out.push_str(written),
                None => out.push(c),
            }
        }
        out
    }
}

/// The letters of the Vietnamese alphabet outside ASCII (134, NFC), from the data file.
#[must_use]
pub fn letters() -> &'static [char] {
    &TABLES.letters
}

#[derive(Deserialize)]
struct RawTables {
    letters: Vec<String>,
    encodings: Vec<RawEncoding>,
}

#[derive(Deserialize)]
struct RawEncoding {
    id: String,
    name: String,
    fonts: Vec<String>,
    decode: HashMap<String, String>,
    encode: HashMap<String, String>,
}

struct Table {
    name: String,
    fonts: Vec<String>,
    /// windows-1252 view → letter.
    decode: HashMap<String, char>,
    /// The longest key of `decode`, in characters.
    longest: usize,
    /// letter → windows-1252 view.
    encode: HashMap<char, String>,
}

struct Tables {
    letters: Vec<char>,
    by_encoding: Vec<(Legacy, Table)>,
    /// For each non-ASCII view character ([`view_index`]), a bit per
    /// encoding (index in [`Legacy::ALL`]) that writes letters with it.
    used_by: Vec<u8>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let raw: RawTables = serde_json::from_str(include_str!("../../data/legacy-encodings.json"))
        .expect("data/legacy-encodings.json is generated and valid");
    let single = |s: &str| {
        let mut chars = s.chars();
        let c = chars.next().expect("non-empty letter");
        assert!(chars.next().is_none(), "one letter: {s}");
        c
    };
    let by_encoding: Vec<(Legacy, Table)> = raw
        .encodings
        .into_iter()
        .map(|enc| {
            let legacy = Legacy::from_id(&enc.id).expect("known encoding id in data file");
            let decode: HashMap<String, char> = enc
                .decode
                .into_iter()
                .map(|(k, v)| (k, single(&v)))
                .collect();
            let longest = decode.keys().map(|k| k.chars().count()).max().unwrap_or(1);
            let encode = enc
                .encode
                .into_iter()
                .map(|(k, v)| (single(&k), v))
                .collect();
            (
                legacy,
                Table {
                    name: enc.name,
                    fonts: enc.fonts,
                    decode,
                    longest,
                    encode,
                },
            )
        })
        .collect();
    let mut used_by = vec![0u8; 0x100 + CP1252_HIGH.len()];
    for (legacy, table) in &by_encoding {
        let bit = 1 << Legacy::ALL.iter().position(|e| e == legacy).unwrap_or(0);
        for key in table.decode.keys() {
            for c in key.chars() {
                if let Some(i) = view_index(c) {
                    used_by[i] |= bit;
                }
            }
        }
    }
    Tables {
        letters: raw.letters.iter().map(|l| single(l)).collect(),
        by_encoding,
        used_by,
    }
});

fn table(encoding: Legacy) -> &'static Table {
    &TABLES
        .by_encoding
        .iter()
        .find(|(e, _)| *e == encoding)
        .expect("every encoding is in the data file")
        .1
}

/// The characters windows-1252 gives for bytes 80–9F (those it defines).
const CP1252_HIGH: [char; 27] = [
    '€', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 'Ž', '‘', '’', '“', '”', '•', '–',
    '—', '˜', '™', 'š', '›', 'œ', 'ž', 'Ÿ',
];

/// The index of a non-ASCII windows-1252 view character (0x80–0xFF, then
/// the 27 characters of bytes 80–9F).
fn view_index(c: char) -> Option<usize> {
    let code = c as usize;
    if (0x80..0x100).contains(&code) {
        Some(code)
    } else {
        CP1252_HIGH.iter().position(|&h| h == c).map(|i| 0x100 + i)
    }
}

/// The encodings (bits by index in [`Legacy::ALL`]) whose letters use the
/// non-ASCII character `c`; 0 for characters no legacy view has.
pub(crate) fn used_by(c: char) -> u8 {
    let code = c as usize;
    if (0x80..0x100).contains(&code) {
        TABLES.used_by[code]
    } else {
        view_index(c).map_or(0, |i| TABLES.used_by[i])
    }
}

/// Whether `c` can be part of a windows-1252 view of bytes (so of legacy text).
#[must_use]
pub fn is_view_char(c: char) -> bool {
    (c as u32) < 0x100 || CP1252_HIGH.contains(&c)
}

/// The windows-1252 view of raw bytes, as the WHATWG decoder gives it (bytes
/// 81 8D 8F 90 9D become U+0081 ...). This is how legacy bytes look in a page.
#[must_use]
pub fn view_of_bytes(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Turns the ISO-8859-1 view (C1 controls for bytes 80–9F) into the
/// windows-1252 view, so one table serves both.
fn c1_to_cp1252(c: char) -> char {
    let code = c as u32;
    if (0x80..0xA0).contains(&code) {
        let byte = [code as u8];
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        text.chars().next().unwrap_or(c)
    } else {
        c
    }
}

/// Converts legacy text (its windows-1252 view, or the ISO-8859-1 view) written
/// in `encoding` to NFC Unicode.
///
/// Word by word: a word that holds a character no legacy view can contain
/// (`ơ`, `ệ`, Khmer, ...) is already Unicode and is kept; other words are
/// decoded with the table, longest match first. For TCVN3, whose capitals
/// share the lower-case codes, a word with two or more ASCII letters, all
/// capitals, is
/// upper-cased (`CéNG` → `CỘNG`), and so is every word of a line whose ASCII
/// letters are all capitals (`X·` in `CéNG HßA X· HéI`). The result is NFC.
#[must_use]
pub fn convert(text: &str, encoding: Legacy) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        convert_line(line, encoding, &mut out);
    }
    if unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes
    {
        out
    } else {
        out.nfc().collect()
    }
}

fn convert_line(text: &str, encoding: Legacy, out: &mut String) {
    let mut word = String::new();
    let all_caps = encoding == Legacy::Tcvn3 && is_all_caps(text);
    for c in text.chars() {
        if is_separator(c) {
            if !word.is_empty() {
                convert_word_into(&word, encoding, all_caps, out);
                word.clear();
            }
            out.push(c);
        } else {
            word.push(c1_to_cp1252(c));
        }
    }
    if !word.is_empty() {
        convert_word_into(&word, encoding, all_caps, out);
    }
}

/// White space that separates words. NBSP is not one: it is a letter in
/// VISCII (Õ) and VPS.
pub fn is_separator(c: char) -> bool {
    // Every white space beyond ASCII that is not a view character is >= U+0100.
    c.is_ascii_whitespace() || (c as u32) >= 0x100 && c.is_whitespace()
}

/// Converts one word (no white space) and appends it to `out`.
pub(crate) fn convert_word_into(word: &str, encoding: Legacy, all_caps: bool, out: &mut String) {
    if !word.chars().all(is_view_char) {
        out.push_str(word);
        return;
    }
    let start = out.len();
    let changed = decode_word(word, encoding, out);
    if encoding == Legacy::Tcvn3 && changed && (all_caps || is_all_caps(word)) {
        let upper = out[start..].to_uppercase();
        out.truncate(start);
        out.push_str(&upper);
    }
}

/// At least two ASCII letters, all capitals: TCVN3 text set in a capitals
/// font (`.VnTimeH`), whose toned letters use the lower-case codes.
fn is_all_caps(text: &str) -> bool {
    let mut letters = text.bytes().filter(u8::is_ascii_alphabetic);
    let mut count = 0;
    letters.all(|b| {
        count += 1;
        b.is_ascii_uppercase()
    }) && count >= 2
}

/// Greedy longest-match decoding of one word; returns whether the table matched anything.
fn decode_word(word: &str, encoding: Legacy, out: &mut String) -> bool {
    let t = table(encoding);
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    let chars = bounds.len() - 1;
    let mut changed = false;
    let mut i = 0;
    while i < chars {
        if encoding == Legacy::Viqr && &word[bounds[i]..bounds[i + 1]] == "\\" && i + 1 < chars {
            // VIQR escape: the next mark character is literal.
            out.push_str(&word[bounds[i + 1]..bounds[i + 2]]);
            changed = true;
            i += 2;
            continue;
        }
        let mut matched = false;
        for len in (1..=t.longest.min(chars - i)).rev() {
            if let Some(&letter) = t.decode.get(&word[bounds[i]..bounds[i + len]]) {
                out.push(letter);
                changed = true;
                i += len;
                matched = true;
                break;
            }
        }
        if !matched {
            out.push_str(&word[bounds[i]..bounds[i + 1]]);
            i += 1;
        }
    }
    changed
}

/// The text of a file handed to `convert`: UTF-8 as it is (without a BOM);
/// anything else is legacy bytes, taken as their windows-1252 view.
#[must_use]
pub fn text_of_bytes(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => view_of_bytes(bytes),
    }
}

/// Converts text whose encoding is unknown: the encoding with the most
/// evidence over the whole text is detected, then each run (a line, or the
/// text between two HTML tags) is converted when it is legacy text (its own
/// verdict, or evidence for that encoding and no Unicode Vietnamese in it),
/// so runs already in Unicode stay as they are. Everything comes out NFC.
/// Returns the detected encoding, if any.
#[must_use]
pub fn convert_auto(text: &str) -> (String, Option<Legacy>) {
    let mut whole = detect::Tally::default();
    let runs: Vec<(&str, detect::Tally)> = runs(text)
        .map(|run| {
            let mut tally = detect::Tally::default();
            tally.add(run);
            whole.absorb(&tally);
            (run, tally)
        })
        .collect();
    let found = whole.verdict().map(|d| d.encoding);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (run, tally) in runs {
        let encoding = tally
            .verdict_preferring(found)
            .map(|d| d.encoding)
            .or(found.filter(|&e| tally.evidence_for(e) > 0 && tally.counter_evidence() == 0));
        match encoding {
            Some(encoding) => out.push_str(&convert(run, encoding)),
            None => out.extend(run.nfc()),
        }
    }
    (out, found)
}

/// Splits text into runs: after each line break and `>`, before each `<`.
fn runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .char_indices()
            .skip(1)
            .find(|&(i, c)| c == '<' || matches!(rest.as_bytes()[i - 1], b'\n' | b'>'))
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(cut);
        rest = tail;
        Some(run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_load_with_every_letter() {
        assert_eq!(letters().len(), 134);
        for encoding in Legacy::ALL {
            assert!(!encoding.name().is_empty());
            assert_eq!(table(encoding).encode.len(), 134, "{encoding:?}");
        }
    }

    #[test]
    fn every_letter_of_every_table_round_trips() {
        for encoding in Legacy::ALL {
            for &letter in letters() {
                let written = encoding.encode(&letter.to_string());
                let back = convert(&written, encoding);
                let lower = letter.to_lowercase().to_string();
                let shares_lower_code = encoding == Legacy::Tcvn3
                    && lower != letter.to_string()
                    && encoding.encode(&lower) == written;
                // TCVN3 has no toned capitals: alone they come back in lower
                // case, inside an upper-case word in upper case.
                let want = if shares_lower_code {
                    lower
                } else {
                    letter.to_string()
                };
                if shares_lower_code {
                    let word = format!("{letter}NH");
                    assert_eq!(convert(&encoding.encode(&word), encoding), word);
                }
                assert_eq!(back, want, "{encoding:?} {letter} written {written:?}");
            }
        }
    }

    #[test]
    fn the_briefs_examples_convert() {
        assert_eq!(convert("Cæng th«ng tin", Legacy::Tcvn3), "Cổng thông tin");
        assert_eq!(convert("Coång thoâng tin", Legacy::Vni), "Cổng thông tin");
        assert_eq!(
            convert("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", Legacy::Tcvn3),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        );
        assert_eq!(
            convert("Cá»•ng thÃ´ng tin Ä‘iá»‡n tá»\u{AD}", Legacy::Utf8Mojibake),
            "Cổng thông tin điện tử"
        );
        // Words that are already Unicode stay as they are.
        assert_eq!(convert("Cæng ơi", Legacy::Tcvn3), "Cổng ơi");
    }

    #[test]
    fn raw_bytes_and_latin1_views_convert_too() {
        let bytes = [b'C', 0xE6, b'n', b'g'];
        assert_eq!(convert(&view_of_bytes(&bytes), Legacy::Tcvn3), "Cổng");
        // ISO-8859-1 view of double-encoded "ổ" (E1 BB 95): C1 control for 95.
        assert_eq!(
            convert("C\u{e1}\u{bb}\u{95}ng", Legacy::Utf8Mojibake),
            "Cổng"
        );
    }
}
