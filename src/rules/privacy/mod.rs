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

/// Whether a page links to a privacy notice (by link text, title or address).
#[must_use]
pub fn links_privacy_notice(page: &Page) -> bool {
    // One buffer for every link of the page: its text and attributes,
    // lower-cased as `str::to_lowercase` does but for the final sigma, which
    // no word here holds.
    let mut text = String::new();
    page.by_tag("a").any(|a| {
        text.clear();
        for chunk in a.element_ref().text() {
            text.extend(chunk.chars().flat_map(char::to_lowercase));
        }
        for attr in ["href", "title", "aria-label"] {
            if let Some(value) = a.attr(attr) {
                text.push(' ');
                text.extend(value.chars().flat_map(char::to_lowercase));
            }
        }
        PRIVACY_WORDS.iter().any(|w| text.contains(w))
    })
}

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    consent_checkbox_prechecked::RULE,
    personal_data_form_insecure::RULE,
    privacy_notice_missing::RULE,
    tracker_on_personal_data_form::RULE,
];
