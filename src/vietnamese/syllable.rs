//! Is this a Vietnamese syllable? The check that keeps legacy-text detection
//! precise: a word counts as evidence for an encoding only if converting it
//! gives a well-formed Vietnamese syllable (onset + rhyme from the closed sets
//! of the language, at most one tone, and only the sắc or nặng tone on a rhyme
//! ending in a stop c/ch/p/t). English, French or code rarely passes.

use unicode_normalization::UnicodeNormalization;

/// Initial consonants, longest first where one is a prefix of another.
const ONSETS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Rhymes (vowel nucleus + final), without tone.
const RHYMES: &[&str] = &[
    "a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ac", "ach", "ap", "at", "ăm", "ăn",
    "ăng", "ăc", "ăp", "ăt", "â", "âu", "ây", "âm", "ân", "âng", "âc", "âp", "ât", "e", "eo", "em",
    "en", "eng", "ec", "ep", "et", "ê", "êu", "êm", "ên", "ênh", "êch", "êp", "êt", "i", "ia",
    "iu", "im", "in", "inh", "ich", "ip", "it", "iêu", "iêm", "iên", "iêng", "iêc", "iêp", "iêt",
    "o", "oa", "oai", "oao", "oay", "oam", "oan", "oang", "oanh", "oac", "oach", "oap", "oat",
    "oăm", "oăn", "oăng", "oăc", "oăt", "oe", "oeo", "oen", "oet", "oi", "om", "on", "ong", "oc",
    "op", "ot", "oong", "ooc", "ô", "ôi", "ôm", "ôn", "ông", "ôc", "ôp", "ôt", "ơ", "ơi", "ơm",
    "ơn", "ơp", "ơt", "u", "ua", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uên", "uêt",
    "ui", "um", "un", "ung", "uc", "up", "ut", "uy", "uya", "uych", "uynh", "uyt", "uyu", "uyên",
    "uyêt", "uơ", "uôi", "uôm", "uôn", "uông", "uôc", "uôt", "ư", "ưa", "ưi", "ưu", "ưm", "ưn",
    "ưng", "ưc", "ưt", "ươi", "ươu", "ươm", "ươn", "ương", "ươc", "ươp", "ươt", "y", "yêu", "yên",
    "yêm", "yêt", "ynh", "ych", "yt", "yu",
];

static RHYME_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| RHYMES.iter().copied().collect());

/// The five tone marks as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Whether `word` (any case, NFC or not) is one well-formed Vietnamese syllable.
#[must_use]
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.len() > 32 {
        return false;
    }
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in word.nfd() {
        if TONES.contains(&c) {
            if tone.replace(c).is_some() {
                return false;
            }
        } else {
            base.extend(c.to_lowercase());
        }
    }
    let base: String = base.nfc().collect();
    ONSETS.iter().any(|onset| {
        base.strip_prefix(onset).is_some_and(|rhyme| {
            RHYME_SET.contains(rhyme) && stop_tone_ok(rhyme, tone) && onset_fits(onset, rhyme)
        })
    })
}

/// A rhyme ending in a stop takes only the sắc or nặng tone.
fn stop_tone_ok(rhyme: &str, tone: Option<char>) -> bool {
    let stop = rhyme.ends_with('c')
        || rhyme.ends_with('p')
        || rhyme.ends_with('t')
        || rhyme.ends_with("ch");
    !stop || matches!(tone, Some('\u{301}' | '\u{323}'))
}

/// `qu` needs no `u` after it; `k`, `gh`, `ngh` only before i, e, ê, y.
fn onset_fits(onset: &str, rhyme: &str) -> bool {
    match onset {
        "qu" => !rhyme.starts_with('u') && !rhyme.starts_with('ư'),
        "k" | "gh" | "ngh" => rhyme.starts_with(['i', 'e', 'ê', 'y']),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::is_syllable;

    #[test]
    fn vietnamese_syllables_pass() {
        for word in [
            "Cổng", "thông", "tin", "điện", "tử", "tỉnh", "Trà", "Vinh", "Nghĩa", "QUYẾT", "định",
            "giữa", "gì", "gìn", "quốc", "khuya", "nghiêng", "người", "được", "Việt", "luật",
            "thuyết", "ạ", "ở", "oanh", "uống", "kế", "huỳnh", "giếng", "tuyến", "hoặc",
        ] {
            assert!(is_syllable(word), "{word}");
        }
    }

    #[test]
    fn other_words_fail() {
        for word in [
            "café", "naïve", "Zürich", "html", "www", "string", "hoc", "Cæng", "th«ng", "caộ",
            "tháng5", "", "ẹg", "ađress", "kan", "quu", "thàs", "tiến1",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
    }
}
