//! Finding legacy Vietnamese inside decoded text, scored per word.
//!
//! A word is a *candidate* when it holds a character that no correct
//! Vietnamese word holds (a windows-1252 character outside the Vietnamese
//! alphabet), two vowels that no correct word has where the second is a
//! Latin-1 Vietnamese vowel (VNI and windows-1258 write marks that way: `aù`,
//! `eâ`, `êò`), a capital after a small letter (VPS `tÌnh`), or a VIQR mark
//! inside a word after a vowel. It is *evidence* for an encoding when converting it with that
//! encoding yields a well-formed Vietnamese syllable, and *strong* evidence
//! when, as it stands, it is not one. A word with a Vietnamese letter beyond
//! Latin-1 (`ơ`, `đ`, `ệ`, ...) is *counter-evidence*: the text is Unicode
//! already. A run is legacy text when its best encoding has strong evidence,
//! and at least two evidence words and more than the counter-evidence, or (for
//! fragments of a few words) one long strong evidence word covering a third of
//! the words with none against it. Ties between look-alike encodings go to
//! the reading whose words are seen in real text, or to the page's encoding.
//! Correct text costs one loop over its bytes ([`classify`]): words are only
//! looked at in runs that may hold a candidate.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Legacy, convert_word_into, is_separator, is_view_char, syllable::is_syllable};

/// What [`detect`] found in a run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// The encoding the run is written in.
    pub encoding: Legacy,
    /// How many words are evidence for it.
    pub evidence: usize,
    /// How many words were examined at all (with a letter).
    pub words: usize,
}

/// Per-encoding evidence gathered over one or more runs.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Evidence words, per encoding (index in [`Legacy::ALL`]).
    evidence: [usize; 7],
    /// Evidence words that are not correct Vietnamese as they stand.
    strong: [usize; 7],
    /// Strong evidence words of at least three letters.
    long_strong: [usize; 7],
    /// Words holding a character the encoding never produces.
    against: [usize; 7],
    /// Evidence words whose conversion is a syllable seen in real text.
    known: [usize; 7],
    counter: usize,
    words: usize,
}

impl Tally {
    /// Adds every word of `text`.
    pub fn add(&mut self, text: &str) {
        // Fast path: no candidate word, so nothing to learn from this run
        // (its words and counter-evidence only matter next to evidence).
        if has_candidate(text.as_bytes()) {
            self.add_checked(text);
        }
    }

    /// Adds every word of `text`, which [`classify`] found may hold a
    /// candidate word (its `CANDIDATE` flag).
    pub fn add_checked(&mut self, text: &str) {
        let mut buf = String::new();
        let before = self.evidence;
        let strong_before = self.strong;
        for word in text.split(is_separator).filter(|w| !w.is_empty()) {
            self.add_word(word, &mut buf);
        }
        if self.strong != strong_before {
            self.count_broken(text, &before, &mut buf);
        }
    }

    /// For the encodings this run gave evidence for: words that are correct
    /// Vietnamese as they stand but would not be once converted count against
    /// the encoding (VISCII `nghèo` stays "nghèo", as TCVN3 it is "nghốo").
    /// Only runs that gave evidence pay for this.
    fn count_broken(&mut self, text: &str, before: &[usize; 7], buf: &mut String) {
        for (i, encoding) in Legacy::ALL.iter().enumerate() {
            if self.evidence[i] == before[i] {
                continue;
            }
            for word in text.split(is_separator) {
                let core = word.trim_matches(|c: char| !c.is_alphanumeric());
                if core.is_ascii() || !is_syllable(core) {
                    continue;
                }
                buf.clear();
                convert_word_into(core, *encoding, false, buf);
                if buf.as_str() != core && !is_syllable(buf) {
                    self.against[i] += 1;
                }
            }
        }
    }

    fn add_word(&mut self, word: &str, buf: &mut String) {
        let mut letters = false;
        let mut suspicious = false;
        let mut pair = false;
        let mut prev_vowel = false;
        let mut prev_lower = false;
        let mut case_anomaly = false;
        let mut uses = ALL_ENCODINGS;
        let mut current = '\0';
        let mut prev = '\0';
        for c in word.chars() {
            let before = prev;
            prev = current;
            current = c;
            if c.is_ascii() {
                let b = c as u8;
                letters |= b.is_ascii_alphabetic();
                suspicious |= b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C);
                prev_lower = b.is_ascii_lowercase();
                prev_vowel = is_vowel(b);
                continue;
            }
            if is_unicode_only_letter(c) {
                // Unicode Vietnamese: counter-evidence, nothing more to learn.
                self.words += 1;
                self.counter += 1;
                return;
            }
            if !is_view_char(c) {
                // Other scripts (Khmer, Chinese, ...): not legacy.
                self.words += 1;
                return;
            }
            uses &= super::used_by(c);
            letters |= is_letter(c);
            suspicious |= is_suspicious(c);
            let latin1_vowel = is_latin1_vowel(c);
            // Two vowels that no correct word has (VNI `aù`, `oâ`,
            // windows-1258 `êò`), or a capital after a small letter (VPS
            // `tÌnh`).
            let mixed = prev_lower && is_upper(c);
            case_anomaly |= mixed;
            pair |= latin1_vowel && (mixed || prev_vowel && !is_correct_pair(before, prev, c));
            prev_lower = is_lower(c);
            prev_vowel = latin1_vowel;
        }
        self.words += usize::from(letters);
        for (i, against) in self.against.iter_mut().enumerate() {
            *against += usize::from(uses & (1 << i) == 0);
        }
        if suspicious || pair {
            for (i, encoding) in Legacy::ALL.iter().enumerate() {
                // Only the encodings that write with every character of it.
                if *encoding == Legacy::Viqr || uses & (1 << i) == 0 {
                    continue;
                }
                if let Some(found) = evidence(word, *encoding, buf) {
                    self.count(i, found, || {
                        // Strong unless the word, without the punctuation this
                        // encoding leaves alone, is correct Vietnamese already.
                        let bit = 1 << i;
                        let core = word.trim_matches(|c: char| {
                            !c.is_alphanumeric() && super::used_by(c) & bit == 0
                        });
                        case_anomaly || !is_syllable(core)
                    });
                }
            }
        } else if word.is_ascii() && viqr_strong(word) {
            // Only words with a mark inside (or ^ ( + ` ~): a final `.` or
            // `?` after a vowel ends English and Vietnamese sentences alike.
            let i = Legacy::ALL.len() - 1;
            if let Some(found) = evidence(word, Legacy::Viqr, buf) {
                self.count(i, found, || true);
            }
        }
    }

    fn count(&mut self, i: usize, found: Found, strong: impl FnOnce() -> bool) {
        self.evidence[i] += 1;
        self.known[i] += usize::from(found.known);
        let strong = strong();
        self.strong[i] += usize::from(strong);
        self.long_strong[i] += usize::from(strong && found.letters >= 3);
    }

    /// How many words were evidence for `encoding`.
    #[must_use]
    pub fn evidence_for(&self, encoding: Legacy) -> usize {
        Legacy::ALL
            .iter()
            .position(|e| *e == encoding)
            .map_or(0, |i| self.evidence[i])
    }

    /// How many words hold a Vietnamese letter beyond Latin-1 (Unicode text).
    #[must_use]
    pub fn counter_evidence(&self) -> usize {
        self.counter
    }

    /// Whether any word was evidence for any encoding.
    #[must_use]
    pub fn has_evidence(&self) -> bool {
        self.evidence.iter().any(|&n| n > 0)
    }

    /// Adds another tally's counts (a page's runs into the page's tally).
    pub fn absorb(&mut self, other: &Tally) {
        for i in 0..Legacy::ALL.len() {
            self.evidence[i] += other.evidence[i];
            self.strong[i] += other.strong[i];
            self.long_strong[i] += other.long_strong[i];
            self.against[i] += other.against[i];
            self.known[i] += other.known[i];
        }
        self.counter += other.counter;
        self.words += other.words;
    }

    /// The verdict: the best-supported encoding, if the evidence is enough.
    #[must_use]
    pub fn verdict(&self) -> Option<Detection> {
        self.verdict_preferring(None)
    }

    /// The verdict, in favour of `prefer` (the encoding of the rest of the
    /// page: one document is typed with one font) when the run gives it as
    /// many evidence words as the best reading.
    #[must_use]
    pub fn verdict_preferring(&self, prefer: Option<Legacy>) -> Option<Detection> {
        // Most evidence (a word people actually write counts twice), net of
        // the words the encoding cannot have written; ties go to the earlier
        // encoding of `Legacy::ALL`.
        let net = |i: usize| (self.evidence[i] + self.known[i]) as isize - self.against[i] as isize;
        let (index, evidence) = self
            .evidence
            .iter()
            .enumerate()
            .filter(|(i, _)| self.strong[*i] > 0 && net(*i) > 0)
            .max_by(|a, b| net(a.0).cmp(&net(b.0)).then(b.0.cmp(&a.0)))?;
        let (index, evidence) = match prefer.and_then(|p| Legacy::ALL.iter().position(|e| *e == p))
        {
            Some(p)
                if p != index
                    && self.strong[p] > 0
                    && net(p) > 0
                    && self.evidence[p] >= self.evidence[index] =>
            {
                (p, &self.evidence[p])
            }
            _ => (index, evidence),
        };
        let evidence = *evidence;
        let enough = (evidence >= 2 && evidence > self.counter)
            || (self.counter == 0 && self.long_strong[index] >= 1 && evidence * 3 >= self.words);
        enough.then_some(Detection {
            encoding: Legacy::ALL[index],
            evidence,
            words: self.words,
        })
    }
}

/// Whether `prev` then `c` (a Latin-1 vowel) occurs in correct Vietnamese:
/// the diphthongs iê yê uê uâ uô, the old tone placement oà oá oã oè oé uý,
/// and any vowel after the `gi`/`qu` onsets (giá, quà).
fn is_correct_pair(before: char, prev: char, c: char) -> bool {
    let (before, prev, c) = (latin1_lower(before), latin1_lower(prev), latin1_lower(c));
    (before == 'g' && prev == 'i')
        || (before == 'q' && prev == 'u')
        || matches!(
            (prev, c),
            ('i' | 'y' | 'u', 'ê') | ('u', 'â' | 'ô' | 'ý') | ('o', 'à' | 'á' | 'ã' | 'è' | 'é')
        )
}

/// Every encoding's bit in [`super::used_by`] masks.
const ALL_ENCODINGS: u8 = 0x7F;

/// à á â ã è é ê ì í ò ó ô õ ù ú ý and capitals: Vietnamese letters that are
/// also windows-1252 characters (and VNI/windows-1258 mark bytes).
fn is_latin1_vowel(c: char) -> bool {
    let code = c as u32;
    (0xC0..0x100).contains(&code)
        && matches!(
            code | 0x20,
            0xE0..=0xE3 | 0xE8..=0xEA | 0xEC | 0xED | 0xF2..=0xF5 | 0xF9 | 0xFA | 0xFD
        )
}

/// Lower case of an ASCII or Latin-1 letter (others as they are): cheap.
fn latin1_lower(c: char) -> char {
    let code = c as u32;
    if c.is_ascii_uppercase() || (0xC0..=0xDE).contains(&code) && code != 0xD7 {
        char::from_u32(code + 0x20).unwrap_or(c)
    } else {
        c
    }
}

/// Letter case of a view character, cheaply for Latin-1.
fn is_upper(c: char) -> bool {
    let code = c as u32;
    if code < 0x100 {
        c.is_ascii_uppercase() || (0xC0..=0xDE).contains(&code) && code != 0xD7
    } else {
        c.is_uppercase()
    }
}

fn is_lower(c: char) -> bool {
    let code = c as u32;
    if code < 0x100 {
        c.is_ascii_lowercase() || (0xDF..=0xFF).contains(&code) && code != 0xF7
    } else {
        c.is_lowercase()
    }
}

fn is_letter(c: char) -> bool {
    let code = c as u32;
    if code < 0x100 {
        c.is_ascii_alphabetic()
            || (0xC0..=0xFF).contains(&code) && code != 0xD7 && code != 0xF7
            || matches!(code, 0xAA | 0xB5 | 0xBA)
    } else {
        c.is_alphabetic()
    }
}

/// Detects the legacy encoding of a run of decoded text, if it is one.
#[must_use]
pub fn detect(text: &str) -> Option<Detection> {
    let mut tally = Tally::default();
    tally.add(text);
    tally.verdict()
}

/// How many words of `text` are double-encoded UTF-8 that repairs into a
/// Vietnamese syllable (`Cá»•ng`, `Ä‘iá»‡n`). One is enough to tell: the
/// character pairs involved never occur in correct text.
#[must_use]
pub fn mojibake_words(text: &str) -> usize {
    let maybe = text.contains(['Ã', 'Ä', 'Å', 'Æ']) || text.contains("á»") || text.contains("áº");
    if !maybe {
        return 0;
    }
    let mut buf = String::new();
    text.split(is_separator)
        .filter(|w| !w.is_empty() && w.chars().all(is_view_char))
        .filter(|w| evidence(w, Legacy::Utf8Mojibake, &mut buf).is_some())
        .count()
}

/// Whether a run may hold a candidate word at all, decided on its bytes (a
/// superset of the word-level tests, so nothing is missed): a control
/// character, a character U+0080–U+00BF, a Latin-1 letter outside the
/// Vietnamese alphabet, a windows-1252 character from bytes 80–9F, a
/// Vietnamese Latin-1 vowel after a vowel (other than in iê yê uê uâ uô ô
/// after gi/qu ...) or after a small letter as a capital, or a VIQR pattern.
/// Correct Vietnamese mostly fails every test, and then costs one byte loop.
fn has_candidate(b: &[u8]) -> bool {
    classify(b) & CANDIDATE != 0
}

/// The run may hold a legacy candidate word ([`Tally::add_checked`]).
pub const CANDIDATE: u8 = 1;
/// The run has an ASCII letter or a non-ASCII character.
pub const LETTER: u8 = 2;
/// C0/C1 control, private-use, zero-width space / word joiner / BOM.
pub const INVISIBLE: u8 = 4;
/// `Ã`, `Ä`, `Å`, `Æ` or `áº`/`á»`: maybe double-encoded UTF-8.
pub const MOJIBAKE: u8 = 8;
/// U+FFFD.
pub const FFFD: u8 = 16;
/// A combining mark U+0300–U+036F: maybe not NFC.
pub const COMBINING: u8 = 32;

/// Classifies a run's bytes in one loop, for the text rules: whether it may
/// hold a legacy candidate word (a superset of the word-level tests, so
/// nothing is missed) and the other facts above. Correct Vietnamese sets only
/// `LETTER`, and costs this one loop.
#[must_use]
pub fn classify(b: &[u8]) -> u8 {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut flags = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            flags |= if x.is_ascii_alphabetic() { LETTER } else { 0 };
            if ASCII_SIGNAL[x as usize] {
                if x < 0x20 || x == 0x7F {
                    flags |= INVISIBLE | CANDIDATE;
                } else if flags & CANDIDATE == 0 && ascii_signal(b, i) {
                    flags |= CANDIDATE;
                }
            }
            i += 1;
            continue;
        }
        flags |= LETTER;
        let next = at(i + 1);
        match x {
            0xC2 => {
                flags |= CANDIDATE;
                if (0x80..0xA0).contains(&next) {
                    flags |= INVISIBLE;
                }
            }
            0xC3 => {
                if (0x83..=0x86).contains(&next)
                    || next == 0xA1 && at(i + 2) == 0xC2 && matches!(at(i + 3), 0xBA | 0xBB)
                {
                    flags |= MOJIBAKE;
                }
                if flags & CANDIDATE == 0 {
                    // Cheap common case: a Vietnamese vowel after a consonant.
                    let low = next & 0x3F;
                    let vowel = VIET_LATIN1[usize::from(low)];
                    let prev = if i > 0 { b[i - 1] } else { 0 };
                    let maybe = !vowel
                        || prev >= 0x80
                        || is_vowel(prev)
                        || low < 0x20 && prev.is_ascii_lowercase();
                    if maybe && latin1_signal(b, i) {
                        flags |= CANDIDATE;
                    }
                }
            }
            // Œ œ Š š Ÿ Ž ž, ƒ, ˆ ˜.
            0xC5 if matches!(next, 0x92 | 0x93 | 0xA0 | 0xA1 | 0xB8 | 0xBD | 0xBE) => {
                flags |= CANDIDATE;
            }
            0xC6 if next == 0x92 => flags |= CANDIDATE,
            0xCB if matches!(next, 0x86 | 0x9C) => flags |= CANDIDATE,
            0xCC | 0xCD => flags |= COMBINING,
            // – — ‘ ’ ‚ “ ” „ † ‡ • … ‰ ‹ ›, € ™; U+200B, U+2060.
            0xE2 => {
                let third = at(i + 2);
                if matches!((next, third), (0x80, _) | (0x82, 0xAC) | (0x84, 0xA2)) {
                    flags |= CANDIDATE;
                }
                if (next, third) == (0x80, 0x8B) || (next, third) == (0x81, 0xA0) {
                    flags |= INVISIBLE;
                }
            }
            0xEE | 0xF4 => flags |= INVISIBLE,
            0xEF => {
                if next <= 0xA3 || next == 0xBB {
                    flags |= INVISIBLE;
                } else if next == 0xBF && at(i + 2) == 0xBD {
                    flags |= FFFD;
                }
            }
            0xF3 if next >= 0xB0 => flags |= INVISIBLE,
            _ => {}
        }
        // Skip the rest of the sequence.
        i += match x {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
    }
    flags
}

/// For U+00C0 + n (n < 64): is it a Vietnamese Latin-1 vowel?
static VIET_LATIN1: [bool; 64] = {
    let mut table = [false; 64];
    let vowels = [
        0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x12, 0x13, 0x14, 0x15, 0x19, 0x1A,
        0x1D,
    ];
    let mut k = 0;
    while k < vowels.len() {
        table[vowels[k]] = true;
        table[vowels[k] + 0x20] = true;
        k += 1;
    }
    table
};

/// ASCII bytes that may start a signal: controls, VIQR marks, `d`/`D`.
static ASCII_SIGNAL: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < 0x20 {
        table[i] = !matches!(i, 0x09 | 0x0A | 0x0C | 0x0D);
        i += 1;
    }
    table[0x7F] = true;
    let marks = b"^(+`~'?.dD";
    let mut j = 0;
    while j < marks.len() {
        table[marks[j] as usize] = true;
        j += 1;
    }
    table
};

fn ascii_signal(b: &[u8], i: usize) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let prev_vowel = i > 0 && is_vowel(at(i - 1));
    match b[i] {
        b'^' | b'(' | b'+' | b'`' | b'~' => prev_vowel,
        b'\'' | b'?' | b'.' => {
            prev_vowel && (at(i + 1).is_ascii_alphabetic() || VIQR_MARKS.contains(&at(i + 1)))
        }
        b'd' | b'D' => {
            matches!(at(i + 1), b'd' | b'D')
                && is_vowel(at(i + 2))
                && (i == 0 || !at(i - 1).is_ascii_alphanumeric())
        }
        _ => true,
    }
}

/// A Latin-1 character (lead byte C3 at `i`) that is no Vietnamese letter, or
/// a Vietnamese vowel after a vowel (not a correct pair) or, as a capital,
/// after a small letter.
fn latin1_signal(b: &[u8], i: usize) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let latin1 = |byte: u8| char::from_u32(0xC0 + u32::from(byte & 0x3F)).unwrap_or('\0');
    let ch = latin1(at(i + 1));
    if !is_latin1_vowel(ch) {
        return true;
    }
    let (prev, before) = if i >= 1 && at(i - 1) < 0x80 {
        let before = if i >= 2 && at(i - 2) < 0x80 {
            char::from(at(i - 2))
        } else {
            '\0'
        };
        (char::from(at(i - 1)), before)
    } else if i >= 2 && at(i - 2) == 0xC3 {
        (latin1(at(i - 1)), '\0')
    } else {
        ('\0', '\0')
    };
    let prev_vowel = prev.is_ascii() && is_vowel(prev as u8) || is_latin1_vowel(prev);
    prev_vowel && !is_correct_pair(before, prev, ch) || is_lower(prev) && is_upper(ch)
}

/// A Vietnamese letter that no windows-1252 view contains: the text is Unicode.
fn is_unicode_only_letter(c: char) -> bool {
    matches!(
        c as u32,
        0x102
            | 0x103
            | 0x110
            | 0x111
            | 0x128
            | 0x129
            | 0x168
            | 0x169
            | 0x1A0
            | 0x1A1
            | 0x1AF
            | 0x1B0
            | 0x1EA0..=0x1EF9
    )
}

/// A character of a windows-1252 view that no correct Vietnamese word has:
/// C0/C1 controls, Latin-1 and windows-1252 characters other than the
/// Vietnamese letters à á â ã è é ê ì í ò ó ô õ ù ú ý (and capitals).
fn is_suspicious(c: char) -> bool {
    let code = c as u32;
    if code < 0x20 {
        return !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
    }
    if code < 0x80 {
        return false;
    }
    if !is_view_char(c) {
        return false;
    }
    !is_latin1_vowel(c)
}

const VIQR_MARKS: &[u8] = b"^(+`~'?.";

fn is_vowel(b: u8) -> bool {
    matches!(
        b.to_ascii_lowercase(),
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
    )
}

/// A VIQR mark right after a vowel and followed by a letter or another mark,
/// or one of `^ ( + \` ~` right after a vowel, or a `dd` onset before a vowel.
fn viqr_strong(word: &str) -> bool {
    let b = word.as_bytes();
    let dd = b.len() > 2 && b[..2].eq_ignore_ascii_case(b"dd") && is_vowel(b[2]);
    dd || b.windows(2).enumerate().any(|(i, w)| {
        is_vowel(w[0])
            && VIQR_MARKS.contains(&w[1])
            && (matches!(w[1], b'^' | b'(' | b'+' | b'`' | b'~')
                || b.get(i + 2)
                    .is_some_and(|n| n.is_ascii_alphabetic() || VIQR_MARKS.contains(n)))
    })
}

/// What converting one evidence word gave.
struct Found {
    /// Letters in the converted word.
    letters: usize,
    /// Whether the converted word is a syllable seen in real text.
    known: bool,
}

/// Syllables seen in real Vietnamese text (generated by
/// `tools/gen-syllables.py`).
static KNOWN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/vietnamese-syllables.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Whether `word` (lower-cased) is a syllable seen in real Vietnamese text.
pub(crate) fn known_syllable(word: &str) -> bool {
    KNOWN.contains(word.to_lowercase().as_str())
}

/// Converts one word and, if the result is a Vietnamese syllable that differs
/// from the word, says so.
fn evidence(word: &str, encoding: Legacy, buf: &mut String) -> Option<Found> {
    buf.clear();
    let word = if encoding == Legacy::Viqr {
        word.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
            .trim_end_matches([',', ';', ':', '!', ')', '"', ']'])
    } else {
        word
    };
    convert_word_into(word, encoding, false, buf);
    let converted = buf.trim_matches(|c: char| !c.is_alphanumeric());
    let original = word.trim_matches(|c: char| !c.is_alphanumeric());
    // A word of symbols only ("–", "©") is punctuation, whatever it decodes to.
    let has_ascii_letter = original.bytes().any(|b| b.is_ascii_alphabetic());
    // A small letter then a capital is no word either ("bẾn").
    let mut prev_lower = false;
    let mixed_case = converted.chars().any(|c| {
        let mixed = prev_lower && c.is_uppercase();
        prev_lower = c.is_lowercase();
        mixed
    });
    if !has_ascii_letter || converted == original || mixed_case || !is_syllable(converted) {
        return None;
    }
    Some(Found {
        letters: converted.chars().count(),
        known: KNOWN.contains(converted.to_lowercase().as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_detected_with_their_encoding() {
        for (text, want) in [
            ("Cæng th«ng tin ®iÖn tö tØnh Trµ Vinh", Legacy::Tcvn3),
            ("Coång thoâng tin ñieän töû tænh Traø Vinh", Legacy::Vni),
            ("C±ng thông tin ði®n tØ tïnh Trà Vinh", Legacy::Viscii),
            ("C°ng thông tin ÇiŒn tº tÌnh Trà Vinh", Legacy::Vps),
            (
                "Co^?ng tho^ng tin ddie^.n tu+? ti?nh Tra` Vinh",
                Legacy::Viqr,
            ),
            (
                "Cá»•ng thÃ´ng tin Ä‘iá»‡n tá»\u{AD} tá»‰nh TrÃ  Vinh",
                Legacy::Utf8Mojibake,
            ),
            ("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", Legacy::Tcvn3),
        ] {
            assert_eq!(detect(text).map(|d| d.encoding), Some(want), "{text}");
        }
    }

    #[test]
    fn correct_text_is_not_detected() {
        for text in [
            "Cổng thông tin điện tử tỉnh Trà Vinh",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Café de Flore, naïve, Zürich, Ñandú, Åland, Ökonomie © 2024 – “Trà Vinh”",
            "The province's e.g. www.travinh.gov.vn/tin-tuc?id=5. Is it so? Do it.",
            "ព្រះរាជាណាចក្រកម្ពុជា 中华人民共和国 10 000 đồng × 2",
            "function f(a, b) { return a.b + c^d; } x += 1;",
            "thông tin",
            "cô ấy",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
