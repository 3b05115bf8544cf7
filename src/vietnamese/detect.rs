//! Finding legacy Vietnamese inside decoded text, scored per word.
//!
//! A word is *evidence* for an encoding when it holds a character that no
//! correct Vietnamese word holds (a windows-1252 character outside the
//! Vietnamese alphabet, or a VIQR mark between letters), and converting it
//! with that encoding yields a well-formed Vietnamese syllable. A word with a
//! Vietnamese letter beyond Latin-1 (`ơ`, `đ`, `ệ`, ...) is *counter-evidence*:
//! the text is Unicode already. A run is legacy text when the best encoding
//! has at least two evidence words and more than the counter-evidence, or (for
//! fragments of a few words) one long evidence word covering a third of the
//! words with none against it. Correct text costs one pass over its bytes:
//! words made only of ASCII and Vietnamese Latin-1 letters are not examined.

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
    evidence: [usize; 7],
    /// Evidence words of at least three letters, per encoding.
    long_evidence: [usize; 7],
    viqr_strong: usize,
    counter: usize,
    words: usize,
}

impl Tally {
    /// Adds every word of `text`.
    pub fn add(&mut self, text: &str) {
        // Fast path: nothing that could be legacy text.
        if !could_be_legacy(text) {
            for word in text.split(is_separator).filter(|w| !w.is_empty()) {
                self.words += usize::from(word.bytes().any(|b| b.is_ascii_alphabetic()));
            }
            return;
        }
        let mut buf = String::new();
        for word in text.split(is_separator).filter(|w| !w.is_empty()) {
            self.add_word(word, &mut buf);
        }
    }

    fn add_word(&mut self, word: &str, buf: &mut String) {
        let mut letters = false;
        let mut suspicious = false;
        let mut unicode_only = false;
        for c in word.chars() {
            if c.is_alphabetic() {
                letters = true;
            }
            if is_unicode_only_letter(c) {
                unicode_only = true;
            } else if !c.is_ascii() && !is_view_char(c) {
                // Other scripts (Khmer, Chinese, ...): not legacy.
                return self.count_word(letters || c.is_alphabetic());
            } else if is_suspicious(c) {
                suspicious = true;
            }
        }
        self.count_word(letters);
        if unicode_only {
            self.counter += 1;
            return;
        }
        if suspicious {
            for (i, encoding) in Legacy::ALL.iter().enumerate() {
                if *encoding == Legacy::Viqr {
                    continue;
                }
                if let Some(n) = evidence(word, *encoding, buf) {
                    self.evidence[i] += 1;
                    self.long_evidence[i] += usize::from(n >= 3);
                }
            }
        } else if word.is_ascii() {
            let strong = viqr_strong(word);
            if strong || viqr_weak(word) {
                let i = Legacy::ALL
                    .iter()
                    .position(|e| *e == Legacy::Viqr)
                    .unwrap_or(6);
                if let Some(n) = evidence(word, Legacy::Viqr, buf) {
                    self.evidence[i] += 1;
                    self.long_evidence[i] += usize::from(n >= 3 && strong);
                    self.viqr_strong += usize::from(strong);
                }
            }
        }
    }

    fn count_word(&mut self, letters: bool) {
        self.words += usize::from(letters);
    }

    /// The verdict: the best-supported encoding, if the evidence is enough.
    #[must_use]
    pub fn verdict(&self) -> Option<Detection> {
        let (index, &evidence) = self
            .evidence
            .iter()
            .enumerate()
            .filter(|(i, _)| Legacy::ALL[*i] != Legacy::Viqr || self.viqr_strong > 0)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
        let encoding = Legacy::ALL[index];
        let enough = (evidence >= 2 && evidence > self.counter)
            || (self.counter == 0 && self.long_evidence[index] >= 1 && evidence * 3 >= self.words);
        enough.then_some(Detection {
            encoding,
            evidence,
            words: self.words,
        })
    }
}

/// Detects the legacy encoding of a run of decoded text, if it is one.
#[must_use]
pub fn detect(text: &str) -> Option<Detection> {
    let mut tally = Tally::default();
    tally.add(text);
    tally.verdict()
}

/// Cheap whole-run test: a non-ASCII byte or control character, a VIQR mark
/// right after a vowel, or a `dd` onset.
fn could_be_legacy(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .any(|&x| x >= 0x80 || x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r' | 0x0C))
        || b.windows(2).any(|w| {
            is_vowel(w[0]) && VIQR_MARKS.contains(&w[1])
                || w[0].eq_ignore_ascii_case(&b'd') && w[1].eq_ignore_ascii_case(&b'd')
        })
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
    !matches!(
        c.to_lowercase().next().unwrap_or(c),
        'à' | 'á'
            | 'â'
            | 'ã'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
    )
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

/// A tone mark `' ? .` after a final vowel only: weak on its own ("do?").
fn viqr_weak(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2 && is_vowel(b[b.len() - 2]) && matches!(b[b.len() - 1], b'\'' | b'?' | b'.')
}

/// Converts one word and, if the result is a Vietnamese syllable that differs
/// from the word, returns its number of letters.
fn evidence(word: &str, encoding: Legacy, buf: &mut String) -> Option<usize> {
    buf.clear();
    let word = if encoding == Legacy::Viqr {
        word.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
            .trim_end_matches([',', ';', ':', '!', ')', '"', ']'])
    } else {
        word
    };
    convert_word_into(word, encoding, buf);
    let converted = buf.trim_matches(|c: char| !c.is_alphanumeric());
    let original = word.trim_matches(|c: char| !c.is_alphanumeric());
    // A word of symbols only ("–", "©") is punctuation, whatever it decodes to.
    let has_ascii_letter = original.bytes().any(|b| b.is_ascii_alphabetic());
    (has_ascii_letter && converted != original && is_syllable(converted))
        .then(|| converted.chars().count())
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
