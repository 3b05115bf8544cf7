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
/// in `encoding` to NFC Unicode, word by word, never touching a word that is
/// already correct Unicode.
///
/// Each word (text between white space) is one of:
/// - **Unicode**: it holds a character no legacy view can contain (`ơ`, `ệ`,
///   Khmer, …), or it reads as a well-formed Vietnamese syllable whose
///   conversion is not one: kept;
/// - **legacy**: it changes under the table and does not read as a
///   well-formed syllable as written (`Th«ng`, `b¸o`, `CéNG`): converted;
/// - **ambiguous**: it reads as a well-formed syllable both as written and
///   converted (`nhân`, `thông`, `tãm` are correct Unicode, and also the
///   TCVN3 bytes of `nhõn`, `thụng`, `tóm`): converted only inside legacy
///   text, that is when the nearest Unicode-or-legacy word on each side is
///   legacy or there is none (and at least one side is legacy), and not when
///   the word as written is a syllable seen in real text and its conversion
///   is not;
/// - anything else (ASCII that the table leaves alone): as it is.
///
/// So "Ủy ban nhân dân tỉnh thông báo: Th«ng b¸o" keeps its Unicode half and
/// converts only the TCVN3 words, while a run wholly in TCVN3 converts whole.
/// A line is one context. The table is applied longest match first. For
/// TCVN3, whose capitals share the lower-case codes, a word with two or more
/// ASCII letters, all capitals, is upper-cased (`CéNG` → `CỘNG`), and so is
/// every word of a line whose ASCII letters are all capitals (`X·` in
/// `CéNG HßA X· HéI`). The result is NFC.
#[must_use]
pub fn convert(text: &str, encoding: Legacy) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for piece in pieces(text, encoding) {
        out.push_str(
            piece
                .output
                .as_deref()
                .unwrap_or(&text[piece.input.clone()]),
        );
    }
    nfc(out)
}

/// The part of `text` that converting it in `encoding` changes, from the
/// first converted word to the last (with the ASCII words right next to it,
/// which read the same in every encoding: "Trµ Vinh"): its byte range in
/// `text` and its conversion (NFC). `None` when no word changes.
#[must_use]
pub fn converted_span(text: &str, encoding: Legacy) -> Option<(std::ops::Range<usize>, String)> {
    let pieces = pieces(text, encoding);
    let mut first = pieces.iter().position(|p| p.output.is_some())?;
    let mut last = pieces.iter().rposition(|p| p.output.is_some())?;
    // Pieces alternate between words and separators: step over one separator
    // to an adjacent ASCII word, never across a line break.
    let ascii_word = |i: usize| {
        let t = &text[pieces[i].input.clone()];
        !t.chars().any(is_separator) && t.is_ascii()
    };
    let plain_gap = |i: usize| !text[pieces[i].input.clone()].contains('\n');
    while first >= 2 && plain_gap(first - 1) && ascii_word(first - 2) {
        first -= 2;
    }
    while last + 2 < pieces.len() && plain_gap(last + 1) && ascii_word(last + 2) {
        last += 2;
    }
    let mut out = String::new();
    for piece in &pieces[first..=last] {
        out.push_str(
            piece
                .output
                .as_deref()
                .unwrap_or(&text[piece.input.clone()]),
        );
    }
    Some((pieces[first].input.start..pieces[last].input.end, nfc(out)))
}

fn nfc(text: String) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text
    } else {
        text.nfc().collect()
    }
}

/// A word or a run of separators of the input, with its conversion when the
/// conversion changes it.
struct Piece {
    input: std::ops::Range<usize>,
    output: Option<String>,
}

/// What a word is, for [`convert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Unicode,
    Legacy,
    Ambiguous,
    Unchanged,
}

/// Splits `text` into words and separators and converts the words that are
/// legacy text (see [`convert`]).
fn pieces(text: &str, encoding: Legacy) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        line_pieces(line, line_start, encoding, &mut pieces);
        line_start += line.len();
    }
    pieces
}

fn line_pieces(line: &str, offset: usize, encoding: Legacy, pieces: &mut Vec<Piece>) {
    let all_caps = encoding == Legacy::Tcvn3 && is_all_caps(line);
    // (range, reading, conversion) of each word; separators in between.
    let mut words: Vec<(std::ops::Range<usize>, Reading, String)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut word = String::new();
    let bounds = line
        .char_indices()
        .map(|(i, c)| (i, Some(c)))
        .chain(std::iter::once((line.len(), None)));
    for (i, c) in bounds {
        let separator = c.is_none_or(is_separator);
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                word.clear();
                word.extend(line[s..i].chars().map(c1_to_cp1252));
                let mut converted = String::new();
                convert_word_into(&word, encoding, all_caps, &mut converted);
                let reading = reading(&line[s..i], &converted, encoding);
                words.push((s..i, reading, converted));
                start = None;
            }
            _ => {}
        }
    }
    // The nearest Unicode-or-legacy word on each side of each word.
    let certain = |r: Reading| matches!(r, Reading::Unicode | Reading::Legacy);
    let mut left: Vec<Option<Reading>> = Vec::with_capacity(words.len());
    let mut last = None;
    for (_, r, _) in &words {
        left.push(last);
        if certain(*r) {
            last = Some(*r);
        }
    }
    let mut right: Vec<Option<Reading>> = vec![None; words.len()];
    last = None;
    for (i, (_, r, _)) in words.iter().enumerate().rev() {
        right[i] = last;
        if certain(*r) {
            last = Some(*r);
        }
    }
    let mut at = 0;
    for (i, (range, reading, converted)) in words.into_iter().enumerate() {
        if range.start > at {
            pieces.push(Piece {
                input: offset + at..offset + range.start,
                output: None,
            });
        }
        let convert = match reading {
            Reading::Legacy => true,
            Reading::Ambiguous => {
                let sides = [left[i], right[i]];
                // A word people write, whose conversion nobody does, stays.
                let kept_as_written = detect::known_syllable(core(&line[range.clone()], encoding))
                    && !detect::known_syllable(core(&converted, encoding));
                let in_legacy = !sides.contains(&Some(Reading::Unicode))
                    && sides.contains(&Some(Reading::Legacy));
                in_legacy && !kept_as_written
            }
            Reading::Unicode | Reading::Unchanged => false,
        };
        at = range.end;
        pieces.push(Piece {
            input: offset + range.start..offset + range.end,
            output: convert.then_some(converted),
        });
    }
    if at < line.len() {
        pieces.push(Piece {
            input: offset + at..offset + line.len(),
            output: None,
        });
    }
}

/// The letters of a word without the punctuation around it. For VIQR only
/// sentence punctuation is trimmed at the end (`?`, `.` may be tone marks).
fn core(word: &str, encoding: Legacy) -> &str {
    if encoding == Legacy::Viqr {
        word.trim_start_matches(|c: char| c.is_ascii_punctuation())
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '"', ')'])
    } else {
        word.trim_matches(|c: char| c.is_ascii_punctuation())
    }
}

/// Whether a word is written like a correct Unicode Vietnamese syllable:
/// well-formed, in lower case, capitalised or all capitals.
fn reads_as_syllable(core: &str) -> bool {
    let mut letters = core.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let rest: Vec<char> = letters.collect();
    let cased = rest.iter().all(|c| c.is_lowercase())
        || first.is_uppercase() && rest.iter().all(|c| c.is_uppercase());
    cased && syllable::is_syllable(core)
}

/// What a word is (see [`convert`]), given its conversion.
fn reading(word: &str, converted: &str, encoding: Legacy) -> Reading {
    if !word.chars().all(is_view_char) {
        return Reading::Unicode;
    }
    if converted == word {
        return Reading::Unchanged;
    }
    let written = core(word, encoding);
    // Only VIQR writes Vietnamese in ASCII; elsewhere a Unicode reading
    // needs a letter beyond ASCII to be worth keeping.
    let unicode_like =
        (encoding == Legacy::Viqr || !written.is_ascii()) && reads_as_syllable(written);
    if !unicode_like {
        return Reading::Legacy;
    }
    if reads_as_syllable(core(converted, encoding)) {
        Reading::Ambiguous
    } else {
        Reading::Unicode
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
/// verdict, or evidence for that encoding), so runs already in Unicode stay
/// as they are, and within a run [`convert`] keeps the Unicode words.
/// Everything comes out NFC.
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
        // A run with evidence for the text's encoding is converted even when
        // it holds Unicode words too: `convert` keeps those as they are.
        let encoding = tally
            .verdict_preferring(found)
            .map(|d| d.encoding)
            .or(found.filter(|&e| tally.evidence_for(e) > 0));
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
                // The table itself: a lone letter has no context for
                // `convert` to tell it from Unicode ("Ê" is ê, or TCVN3 ấ).
                let mut back = String::new();
                convert_word_into(&written, encoding, false, &mut back);
                let back: String = back.nfc().collect();
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
                    // Not a syllable as written ("ÊNHQ"), so it is legacy for sure
                    // (a written form that reads as correct Unicode is kept).
                    let word = format!("{letter}NHQ");
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
    fn correct_words_in_a_legacy_run_are_kept() {
        // The paragraph: Unicode first, TCVN3 after.
        let mixed = "Ủy ban nhân dân tỉnh thông báo: Th«ng b¸o tãm t¾t kÕt qu¶";
        assert_eq!(
            convert(mixed, Legacy::Tcvn3),
            "Ủy ban nhân dân tỉnh thông báo: Thông báo tóm tắt kết quả"
        );
        assert_eq!(
            converted_span(mixed, Legacy::Tcvn3).map(|(r, c)| (&mixed[r], c)),
            Some((
                "Th«ng b¸o tãm t¾t kÕt qu¶",
                "Thông báo tóm tắt kết quả".to_string()
            ))
        );
        // A run wholly in TCVN3 converts whole, its ambiguous words too
        // ("tãm" reads as Unicode, but sits among legacy words).
        assert_eq!(convert("b¸o c¸o tãm t¾t", Legacy::Tcvn3), "báo cáo tóm tắt");
        assert_eq!(convert("sö dông", Legacy::Tcvn3), "sử dụng");
        // Unicode alone, even when every word could be TCVN3 bytes, is kept.
        assert_eq!(
            convert("nhân dân thông báo", Legacy::Tcvn3),
            "nhân dân thông báo"
        );
        assert_eq!(converted_span("nhân dân", Legacy::Tcvn3), None);
        // VIQR: a sentence's final period is not a tone mark next to Unicode.
        assert_eq!(
            convert("Cổng thông tin tỉnh Trà Vinh. Tho^ng ba'o", Legacy::Viqr),
            "Cổng thông tin tỉnh Trà Vinh. Thông báo"
        );
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
