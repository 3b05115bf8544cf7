//! The two languages of every user-facing text, and the `{slot}` filling that
//! rule messages and the tool's own messages share. A leaf: every layer
//! that words something depends on it, and it depends on nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// An empty text (reports stored before a text existed lack it).
    #[must_use]
    pub fn empty() -> Self {
        Self {
            vi: String::new(),
            en: String::new(),
        }
    }

    /// The text in a language.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// The language of user-facing text: `vi` or `en` on the command line
/// (`--lang`), in stores and in reports, by these derives alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Vietnamese (default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The language's code: `vi` or `en`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A number as Rust writes it (`4.5`, `-0.25`, `20`) in the language's
/// notation: a decimal comma under `vi` (`4,5`), as it is under `en`. Text
/// that is not such a number (`?`, `1.2.3`, a URL) stays as it is.
#[must_use]
pub fn number(text: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = digits.split_once('.').is_some_and(|(whole, part)| {
        !whole.is_empty()
            && !part.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && part.bytes().all(|b| b.is_ascii_digit())
    });
    if lang == Lang::Vi && plain {
        std::borrow::Cow::Owned(text.replacen('.', ",", 1))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A number with `decimals` decimals in the language's notation (`99,1`
/// under `vi`, `99.1` under `en`): every user-facing number goes through
/// here or [`number`].
#[must_use]
pub fn decimal(value: f64, decimals: usize, lang: Lang) -> String {
    number(&format!("{value:.decimals$}"), lang).into_owned()
}

/// The `{slot}` names of a message template.
#[must_use]
pub fn slots(template: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.insert(after[..close].to_string());
        rest = &after[close + 1..];
    }
    out
}

/// Fills `{slot}`s from `args`; unknown slots stay as written.
#[must_use]
pub fn fill(template: &str, args: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_a_decimal_comma_in_vietnamese_only() {
        assert_eq!(number("4.5", Lang::Vi), "4,5");
        assert_eq!(number("4.5", Lang::En), "4.5");
        assert_eq!(number("-0.25", Lang::Vi), "-0,25");
        assert_eq!(decimal(3.2, 2, Lang::Vi), "3,20");
        assert_eq!(decimal(3.2, 2, Lang::En), "3.20");
        for text in ["20", "?", "1.2.3", ".5", "5.", "TLS 1.2", "0.05em"] {
            assert_eq!(number(text, Lang::Vi), text);
        }
    }

    #[test]
    fn the_codes_are_the_same_everywhere() {
        for lang in [Lang::Vi, Lang::En] {
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.id()));
            let value = clap::ValueEnum::to_possible_value(&lang).unwrap();
            assert_eq!(value.get_name(), lang.id());
        }
    }
}
