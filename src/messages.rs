//! The tool's own messages in Vietnamese and English — command-line errors,
//! hints, usage errors and the reasons an input could not be checked — kept
//! as data (`src/messages.toml`, embedded) with `{slot}`s filled from values,
//! the same way the rules' messages are (`lang::fill`). The library returns
//! typed errors; `main.rs`/`cli.rs` choose the key and the values.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::{Lang, Localized, fill};

const MESSAGES: &str = include_str!("messages.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    vi: String,
    en: String,
}

fn table() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(MESSAGES).expect("src/messages.toml parses (tested)"))
}

/// Every message key, sorted.
#[must_use]
pub fn keys() -> Vec<&'static str> {
    table().keys().map(String::as_str).collect()
}

/// The message `key` in both languages, its `{slot}`s filled from `args`.
///
/// # Panics
/// On a key that is not in `src/messages.toml` (a programming error; the
/// tests use every key the code names).
#[must_use]
pub fn localized(key: &str, args: &[(&str, &str)]) -> Localized {
    let entry = table()
        .get(key)
        .unwrap_or_else(|| panic!("message `{key}` is in src/messages.toml"));
    let values: BTreeMap<String, String> = args
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    Localized {
        vi: fill(&entry.vi, &values),
        en: fill(&entry.en, &values),
    }
}

/// The message `key` in one language, its `{slot}`s filled from `args`.
///
/// # Panics
/// As [`localized`].
#[must_use]
pub fn text(key: &str, lang: Lang, args: &[(&str, &str)]) -> String {
    let entry = table()
        .get(key)
        .unwrap_or_else(|| panic!("message `{key}` is in src/messages.toml"));
    let template = match lang {
        Lang::Vi => &entry.vi,
        Lang::En => &entry.en,
    };
    let values: BTreeMap<String, String> = args
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    fill(template, &values)
}

/// An I/O error in a language: the common kinds are translated, the others
/// keep the operating system's text.
#[must_use]
pub fn io(err: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let key = match err.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::AlreadyExists => "io-already-exists",
        K::ReadOnlyFilesystem => "io-read-only",
        K::StorageFull => "io-storage-full",
        K::InvalidData => "io-invalid-data",
        _ => return err.to_string(),
    };
    text(key, lang, &[])
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    use super::*;
    use crate::lang::slots;

    #[test]
    fn every_message_is_complete_nfc_and_has_the_same_slots() {
        assert!(keys().len() > 30);
        for (key, entry) in table() {
            assert!(
                !entry.vi.trim().is_empty() && !entry.en.trim().is_empty(),
                "{key}"
            );
            assert_eq!(
                entry.vi.nfc().collect::<String>(),
                entry.vi,
                "{key}: not NFC"
            );
            assert_eq!(slots(&entry.vi), slots(&entry.en), "{key}: other slots");
        }
    }

    #[test]
    fn slots_are_filled_in_each_language() {
        assert_eq!(
            text("unknown-rule", Lang::Vi, &[("id", "x")]),
            "không có quy tắc mã `x`; lệnh `portal-audit rules` liệt kê các mã"
        );
        assert_eq!(
            localized("problem-empty-body", &[("status", "204")]).en,
            "HTTP 204 with an empty body"
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io(&missing, Lang::Vi), "không tìm thấy tệp hoặc thư mục");
        let other = std::io::Error::other("boom");
        assert_eq!(io(&other, Lang::Vi), "boom");
    }
}
