//! Personal data (Thông tư 25/2010; Luật Bảo vệ dữ liệu cá nhân 2025): forms
//! that collect it, consent, transport. One file per rule, plus the shared
//! recognition of personal-data fields.

mod consent_checkbox_prechecked;
mod fields;
mod personal_data_form_insecure;
mod privacy_notice_missing;
mod tracker_on_personal_data_form;

use super::Rule;
use crate::page::{El, Page};

/// The first form of a page that collects personal data.
#[must_use]
pub fn first_personal_data_form(page: &Page) -> Option<El<'_>> {
    page.by_tag("form")
        .find(|form| !fields::personal_fields(page, *form).is_empty())
}

/// Words of a link to a privacy notice, in its text or its address.
const PRIVACY_WORDS: &[&str] = &[
    "chính sách bảo mật",
    "bảo mật thông tin",
    "bảo vệ thông tin cá nhân",
    "bảo vệ dữ liệu cá nhân",
    "quyền riêng tư",
    "chinh-sach-bao-mat",
    "bao-mat-thong-tin",
    "bao-ve-thong-tin-ca-nhan",
    "bao-ve-du-lieu-ca-nhan",
    "quyen-rieng-tu",
    "privacy",
];

/// ASCII pieces of the [`PRIVACY_WORDS`], one in each: a link whose text
/// and attributes, ASCII letters lower-cased, hold none of them holds no
/// privacy word lower-cased. Their characters are ASCII other than `i` and
/// `k`, which no other character lower-cases to (`İ` lower-cases to `i̇`,
/// the Kelvin sign to `k`).
const PRIVACY_CORES: &[&str] = &[
    "ch b", "t th", "ng t", "u c", "sach-bao", "bao-mat", "bao-ve", "quyen-r", "vacy",
];

/// Whether a page links to a privacy notice (by link text, title or address).
#[must_use]
pub fn links_privacy_notice(page: &Page) -> bool {
    static CORES: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            PRIVACY_CORES
                .iter()
                .map(|core| memchr::memmem::Finder::new(core.as_bytes()))
                .collect()
        });
    // One buffer for every link of the page: its text and attributes,
    // lower-cased as `str::to_lowercase` does but for the final sigma, which
    // no word here holds; looked at first with only ASCII lower-cased.
    let mut text = String::new();
    let mut ascii: Vec<u8> = Vec::new();
    page.by_tag("a").any(|a| {
        ascii.clear();
        link_words(a, |piece| {
            ascii.extend(piece.bytes().map(|b| b.to_ascii_lowercase()))
        });
        if !CORES.iter().any(|core| core.find(&ascii).is_some()) {
            return false;
        }
        text.clear();
        link_words(a, |piece| {
            text.extend(piece.chars().flat_map(char::to_lowercase))
        });
        PRIVACY_WORDS.iter().any(|w| text.contains(w))
    })
}

/// A link's text, then each of its `href`, `title` and `aria-label` after a
/// space, piece by piece.
fn link_words<'a>(a: El<'a>, mut push: impl FnMut(&'a str)) {
    for chunk in a.element_ref().text() {
        push(chunk);
    }
    for attr in ["href", "title", "aria-label"] {
        if let Some(value) = a.attr(attr) {
            push(" ");
            push(value);
        }
    }
}

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    consent_checkbox_prechecked::RULE,
    personal_data_form_insecure::RULE,
    privacy_notice_missing::RULE,
    tracker_on_personal_data_form::RULE,
];

#[cfg(test)]
mod core_tests {
    use super::{PRIVACY_CORES, PRIVACY_WORDS};

    #[test]
    fn every_privacy_word_holds_a_core_of_safe_characters() {
        for word in PRIVACY_WORDS {
            assert!(
                PRIVACY_CORES.iter().any(|core| word.contains(core)),
                "{word}"
            );
        }
        for core in PRIVACY_CORES {
            assert!(
                core.bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !matches!(b, b'i' | b'k')),
                "{core}"
            );
        }
    }
}
