//! Matching Vietnamese labels the way people write them: any case, with or
//! without diacritics, either tone placement ("hòa"/"hoà"), and the usual
//! separators ("-", "–", "&", ",", "và") treated alike. Menus, headings and
//! URL slugs all reduce to the same folded word sequence.

use unicode_normalization::UnicodeNormalization;

/// Folds a label to lower-case ASCII words separated by single spaces:
/// diacritics dropped (`đ` → `d`), punctuation and separators removed, the
/// conjunction "và" dropped. `"Tin tức & Sự kiện"`, `"TIN TỨC - SỰ KIỆN"` and
/// `"tin-tuc-su-kien"` all fold to `"tin tuc su kien"`.
#[must_use]
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() && word != "va" {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.nfd() {
        match c {
            'đ' | 'Đ' => word.push('d'),
            c if c.is_ascii_alphanumeric() => word.push(c.to_ascii_lowercase()),
            c if is_combining_mark(c) => {}
            c if c.is_alphanumeric() => {
                for lower in c.to_lowercase() {
                    word.push(lower);
                }
            }
            _ => flush(&mut word, &mut out),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Combining diacritical marks (U+0300–U+036F): the tone and vowel marks NFD splits off.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// How many words of a folded label are not numbers (dates and week numbers
/// in a heading do not make it a sentence).
#[must_use]
pub fn word_count(folded: &str) -> usize {
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .count()
}

/// Whether a folded label names a term: it starts with the term's words and
/// adds at most `extra` other (non-number) words. A sentence that merely
/// mentions the term ("Điều chỉnh lịch làm việc của …") does not start with it.
#[must_use]
pub fn names(label: &str, term: &str, extra: usize) -> bool {
    if term.is_empty() {
        return false;
    }
    let starts = label == term
        || (label.len() > term.len()
            && label.starts_with(term)
            && label.as_bytes()[term.len()] == b' ');
    starts && word_count(label) <= word_count(term) + extra
}

/// Collapses runs of white space into one space and trims.
#[must_use]
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` characters of a text.
#[must_use]
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_case_and_diacritics_fold_alike() {
        for label in [
            "Tin tức & Sự kiện",
            "TIN TỨC - SỰ KIỆN",
            "Tin tức – sự kiện",
            "Tin tức, sự kiện",
            "Tin tức và Sự kiện",
            "tin-tuc-su-kien",
        ] {
            assert_eq!(fold(label), "tin tuc su kien", "{label}");
        }
        assert_eq!(fold("Hòa bình"), fold("Hoà bình"));
        assert_eq!(fold("Đấu thầu"), "dau thau");
        // Decomposed input folds like precomposed.
        assert_eq!(fold("Lic\u{0323}h"), "lich");
    }

    #[test]
    fn a_sentence_that_mentions_a_term_does_not_name_it() {
        let term = fold("lịch làm việc");
        assert!(names(&fold("Lịch làm việc"), &term, 5));
        assert!(names(
            &fold("LỊCH LÀM VIỆC Tuần 13 (24/3/2025 - 30/3/2025)"),
            &term,
            5
        ));
        assert!(!names(
            &fold("Điều chỉnh lịch làm việc của lãnh đạo tỉnh"),
            &term,
            5
        ));
        assert!(!names(&fold("Lịch làm việcx"), &term, 5));
        assert!(!names(
            &fold("Lịch làm việc của Chủ tịch được điều chỉnh vì mưa bão kéo dài nhiều ngày"),
            &term,
            5
        ));
    }
}
