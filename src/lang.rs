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
    fn the_codes_are_the_same_everywhere() {
        for lang in [Lang::Vi, Lang::En] {
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.id()));
            let value = clap::ValueEnum::to_possible_value(&lang).unwrap();
            assert_eq!(value.get_name(), lang.id());
        }
    }
}
