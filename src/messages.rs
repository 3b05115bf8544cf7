//! Every user-facing text of the tool in Vietnamese and English, kept as data
//! with `{slot}`s filled from values, the same way the rules' messages are
//! (`lang::fill`): the tool's own messages — command-line errors, hints, usage
//! errors and the reasons an input could not be checked — in
//! `src/messages.toml`, and the report formats' texts (HTML, Markdown, the
//! terminal summary, JUnit, SARIF, the comparison) in `reports/texts.toml`.
//! Both are embedded and read into one table; a dotted TOML header
//! (`[html.title]`) names the key `html.title`. The library returns typed
//! errors; `main.rs`/`cli.rs` choose the key and the values, renderers name
//! their texts by key.
//!
//! Log lines (`-v`, `-vv`, warnings) are worded where they happen, deep in
//! the crawler, but they are the binary's output like the tracing subscriber
//! that prints them: the binary sets their language once ([`set_log_lang`],
//! beside the subscriber) and [`log_text`] words them in it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::lang::{Lang, Localized, fill};

/// The embedded text files: (path, content).
const SOURCES: [(&str, &str); 2] = [
    ("src/messages.toml", include_str!("messages.toml")),
    ("reports/texts.toml", include_str!("../reports/texts.toml")),
];

/// One text in both languages.
#[derive(Debug)]
struct Entry {
    vi: String,
    en: String,
}

fn table() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| read(&SOURCES).unwrap_or_else(|e| panic!("{e} (tested)")))
}

/// Reads the text files into one table.
///
/// # Errors
/// What is wrong and where: a file that does not parse, an entry without
/// both languages (or with anything else), a key defined twice.
fn read(sources: &[(&str, &str)]) -> Result<BTreeMap<String, Entry>, String> {
    let mut table = BTreeMap::new();
    for (path, text) in sources {
        let root: toml::Table = toml::from_str(text).map_err(|e| format!("{path}: {e}"))?;
        flatten(path, "", &root, &mut table)?;
    }
    Ok(table)
}

/// Adds a TOML table's entries under `prefix`: a table with `vi` and `en` is
/// an entry, any other table a group of entries.
fn flatten(
    path: &str,
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, Entry>,
) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let toml::Value::Table(inner) = value else {
            return Err(format!("{path}: `{key}` is not a table of texts"));
        };
        let is_entry = inner.contains_key("vi") || inner.contains_key("en");
        if !is_entry {
            flatten(path, &key, inner, out)?;
            continue;
        }
        let language = |lang: &str| match inner.get(lang) {
            Some(toml::Value::String(text)) => Ok(text.clone()),
            Some(_) => Err(format!("{path}: `{key}.{lang}` is not a string")),
            None => Err(format!("{path}: `{key}` has no `{lang}` text")),
        };
        if let Some(other) = inner.keys().find(|k| *k != "vi" && *k != "en") {
            return Err(format!("{path}: `{key}` has `{other}` besides vi and en"));
        }
        let entry = Entry {
            vi: language("vi")?,
            en: language("en")?,
        };
        if out.insert(key.clone(), entry).is_some() {
            return Err(format!("{path}: `{key}` is defined twice"));
        }
    }
    Ok(())
}

/// Every message key, sorted.
#[must_use]
pub fn keys() -> Vec<&'static str> {
    table().keys().map(String::as_str).collect()
}

fn entry(key: &str) -> &'static Entry {
    table()
        .get(key)
        .unwrap_or_else(|| panic!("message `{key}` is in src/messages.toml or reports/texts.toml"))
}

/// The message `key` in both languages, its `{slot}`s filled from `args`.
///
/// # Panics
/// On a key that is in neither text file (a programming error; the tests
/// check every key the code and the HTML template name).
#[must_use]
pub fn localized(key: &str, args: &[(&str, &str)]) -> Localized {
    let entry = entry(key);
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
    let entry = entry(key);
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

/// The language of the log lines, set once by the binary.
static LOG_LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language [`log_text`] words log lines in (the binary's `--lang`,
/// when it installs its log subscriber); a second call changes nothing.
pub fn set_log_lang(lang: Lang) {
    let _ = LOG_LANG.set(lang);
}

/// The language of the log lines: the one [`set_log_lang`] set, else
/// Vietnamese (the default language).
#[must_use]
pub fn log_lang() -> Lang {
    LOG_LANG.get().copied().unwrap_or_default()
}

/// The message `key` in the language of the log lines, as [`text`].
///
/// # Panics
/// As [`localized`].
#[must_use]
pub fn log_text(key: &str, args: &[(&str, &str)]) -> String {
    text(key, log_lang(), args)
}

/// Every text of a group (`html` for the keys `html.<name>`) in one
/// language, by name, unfilled: the HTML template's fixed texts.
#[must_use]
pub fn group(prefix: &str, lang: Lang) -> BTreeMap<&'static str, &'static str> {
    table()
        .iter()
        .filter_map(|(key, entry)| {
            let name = key.strip_prefix(prefix)?.strip_prefix('.')?;
            let text = match lang {
                Lang::Vi => entry.vi.as_str(),
                Lang::En => entry.en.as_str(),
            };
            Some((name, text))
        })
        .collect()
}

/// The text `key` in one language, or the text `fallback` when there is no
/// `key` (a name built from a value this version does not know).
#[must_use]
pub fn text_or(key: &str, fallback: &str, lang: Lang) -> String {
    text(if has(key) { key } else { fallback }, lang, &[])
}

/// Whether `key` names a text.
#[must_use]
pub fn has(key: &str) -> bool {
    table().contains_key(key)
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
    fn a_text_without_both_languages_or_twice_is_an_error() {
        let read = |text: &str| read(&[("t.toml", text)]).err();
        assert_eq!(
            read("[html.title]\nvi = \"Tiêu đề\"\n"),
            Some("t.toml: `html.title` has no `en` text".to_string())
        );
        assert_eq!(
            read("[a]\nvi = \"x\"\nen = \"x\"\nfr = \"x\"\n"),
            Some("t.toml: `a` has `fr` besides vi and en".to_string())
        );
        assert_eq!(
            read("[a]\nvi = \"x\"\nen = 1\n"),
            Some("t.toml: `a.en` is not a string".to_string())
        );
        assert_eq!(
            read("a = \"x\"\n"),
            Some("t.toml: `a` is not a table of texts".to_string())
        );
        let twice = super::read(&[
            ("a.toml", "[x]\nvi = \"a\"\nen = \"a\"\n"),
            ("b.toml", "[x]\nvi = \"b\"\nen = \"b\"\n"),
        ]);
        assert_eq!(
            twice.err(),
            Some("b.toml: `x` is defined twice".to_string())
        );
        let nested =
            super::read(&[("c.toml", "[html.title]\nvi = \"Tiêu đề\"\nen = \"Title\"\n")]).unwrap();
        assert_eq!(nested["html.title"].en, "Title");
    }

    #[test]
    fn every_text_the_html_template_names_is_there_and_used() {
        let template = include_str!("../reports/templates/report.html");
        let named: std::collections::BTreeSet<&str> = regex::Regex::new(r"v\.t\.([a-z0-9_]+)")
            .unwrap()
            .captures_iter(template)
            .map(|c| c.get(1).unwrap().as_str())
            .collect();
        let have: std::collections::BTreeSet<&str> = group("html", Lang::Vi).into_keys().collect();
        assert_eq!(
            named, have,
            "the template's `v.t.*` and reports/texts.toml's [html.*]"
        );
        // The province table's texts (`v.p.*`) are there too.
        let province: std::collections::BTreeSet<&str> =
            group("province", Lang::Vi).into_keys().collect();
        for name in regex::Regex::new(r"v\.p\.([a-z0-9_]+)")
            .unwrap()
            .captures_iter(template)
            .map(|c| c.get(1).unwrap().as_str())
        {
            assert!(province.contains(name), "no [province.{name}]");
        }
    }

    /// Every key a renderer names as a string literal (`text("…"`,
    /// `log_text("…"`, `localized("…"`, `t("…"`) is in the tables.
    #[test]
    fn every_key_the_code_names_is_there() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let call =
            regex::Regex::new(r#"\b(?:text|log_text|localized|t)\(\s*"([a-z0-9_.-]+)""#).unwrap();
        let mut named = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let code = std::fs::read_to_string(&path).unwrap();
                    for c in call.captures_iter(&code) {
                        let key = &c[1];
                        assert!(has(key), "{}: `{key}` is in no text file", path.display());
                        named += 1;
                    }
                }
            }
        }
        assert!(named > 50, "{named} keys named");
    }

    /// The keys the renderers build from a value's id are all there.
    #[test]
    fn every_family_severity_status_and_outage_kind_is_named() {
        use crate::rules::content::checklist::Status;
        use crate::ruleset::{Family, Severity};
        let mut keys: Vec<String> = Family::ALL
            .iter()
            .map(|f| format!("family.{}", f.id()))
            .collect();
        keys.extend(
            [Severity::Error, Severity::Warning, Severity::Notice]
                .iter()
                .map(|s| format!("severity.{}", s.id())),
        );
        keys.extend(
            [
                Status::Present,
                Status::Missing,
                Status::Stale,
                Status::NotAssessed,
                Status::CantTell,
            ]
            .iter()
            .map(|s| format!("category.{}", s.id())),
        );
        keys.extend(
            [
                "timeout",
                "refused",
                "dns",
                "connection",
                "http_5xx",
                "other",
            ]
            .iter()
            .map(|k| format!("outage.{k}")),
        );
        keys.extend((1..=4).map(|n| format!("principle.{n}")));
        keys.push("principle.other".into());
        for key in keys {
            assert!(has(&key), "{key}");
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
