//! Why the crawler did not fetch a URL (robots.txt, an exclude pattern, a
//! crawl trap, a limit, a time budget), kept in the store as a message key
//! of `src/messages.toml` with its values, so a report and a log word it in
//! their language. Stores written before this kept an English sentence: it
//! is shown as it is.

use serde::Serialize;
use serde_json::Value;

use crate::lang::Lang;
use crate::messages;

/// Why a URL was not fetched. Serialised (`stored`) as
/// `{"key":"skip-…", values…}`, the key naming its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "key")]
pub enum SkipReason {
    /// An `exclude` pattern of the configuration matches it.
    #[serde(rename = "skip-excluded")]
    Excluded {
        /// The pattern.
        pattern: String,
    },
    /// Outside the audited sites, and external links are not checked.
    #[serde(rename = "skip-external")]
    External,
    /// robots.txt disallows it.
    #[serde(rename = "skip-robots")]
    Robots,
    /// A crawl trap: a URL longer than `limit` characters.
    #[serde(rename = "skip-trap-long-url")]
    TrapLongUrl {
        /// The longest URL followed.
        limit: usize,
    },
    /// A crawl trap: one path segment repeated `times` times.
    #[serde(rename = "skip-trap-segment")]
    TrapSegment {
        /// The segment.
        segment: String,
        /// How often it is there.
        times: usize,
    },
    /// A crawl trap: more query parameters than `limit`.
    #[serde(rename = "skip-trap-params")]
    TrapParams {
        /// How many the URL has.
        count: usize,
        /// The most followed.
        limit: usize,
    },
    /// A crawl trap: a calendar page more than `years` years from now.
    #[serde(rename = "skip-trap-year")]
    TrapYear {
        /// The calendar's year.
        year: i32,
        /// Years from now followed.
        years: i32,
    },
    /// A page candidate only a sitemap lists, once the page limit is spent.
    #[serde(rename = "skip-page-limit")]
    PageLimit,
    /// The site's time budget ran out with the URL queued.
    #[serde(rename = "skip-site-budget")]
    SiteBudget,
    /// The audit's time budget ran out with the URL queued.
    #[serde(rename = "skip-audit-budget")]
    AuditBudget,
}

impl SkipReason {
    /// What the store keeps: the key and the values, as JSON.
    #[must_use]
    pub fn stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The reason in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        shown(&self.stored(), lang)
    }
}

/// A stored reason in `lang`: a key with its values as its text; anything
/// else (an English sentence of an older store, a key this version does not
/// know) as it is.
#[must_use]
pub fn shown(stored: &str, lang: Lang) -> String {
    let Some((key, values)) = keyed(stored) else {
        return stored.to_string();
    };
    let args: Vec<(&str, String)> = values
        .iter()
        .filter(|(name, _)| name.as_str() != "key")
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (name.as_str(), text)
        })
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    messages::text(&key, lang, &args)
}

/// Whether a stored reason is a crawl trap (a key of one, or an older
/// store's "crawl trap: …").
#[must_use]
pub fn is_trap(stored: &str) -> bool {
    keyed(stored).map_or_else(
        || stored.starts_with("crawl trap"),
        |(key, _)| key.starts_with("skip-trap-"),
    )
}

/// The key and values of a stored reason, when it is a known key.
fn keyed(stored: &str) -> Option<(String, serde_json::Map<String, Value>)> {
    if !stored.starts_with('{') {
        return None;
    }
    let values: serde_json::Map<String, Value> = serde_json::from_str(stored).ok()?;
    let key = values.get("key")?.as_str()?.to_string();
    (key.starts_with("skip-") && messages::has(&key)).then_some((key, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_kept_as_a_key_and_worded_in_each_language() {
        let trap = SkipReason::TrapYear {
            year: 2031,
            years: 2,
        };
        assert_eq!(
            trap.stored(),
            r#"{"key":"skip-trap-year","year":2031,"years":2}"#
        );
        assert_eq!(
            shown(&trap.stored(), Lang::Vi),
            "bẫy thu thập: trang lịch của năm 2031, cách hiện tại hơn 2 năm"
        );
        assert_eq!(
            shown(&trap.stored(), Lang::En),
            "crawl trap: calendar page for year 2031, more than 2 years from now"
        );
        assert!(is_trap(&trap.stored()));
        assert_eq!(
            SkipReason::Robots.message(Lang::Vi),
            "robots.txt không cho phép thu thập địa chỉ này"
        );
        assert_eq!(
            SkipReason::Excluded {
                pattern: "/in/".into()
            }
            .message(Lang::En),
            "matches the exclude pattern `/in/`"
        );
    }

    #[test]
    fn every_reason_has_its_text() {
        let all = [
            SkipReason::Excluded {
                pattern: "x".into(),
            },
            SkipReason::External,
            SkipReason::Robots,
            SkipReason::TrapLongUrl { limit: 1 },
            SkipReason::TrapSegment {
                segment: "a".into(),
                times: 4,
            },
            SkipReason::TrapParams {
                count: 13,
                limit: 12,
            },
            SkipReason::TrapYear { year: 1, years: 2 },
            SkipReason::PageLimit,
            SkipReason::SiteBudget,
            SkipReason::AuditBudget,
        ];
        for reason in all {
            for lang in [Lang::Vi, Lang::En] {
                let text = reason.message(lang);
                assert!(!text.contains('{'), "{reason:?}: {text}");
            }
        }
    }

    #[test]
    fn an_older_stores_english_sentence_is_shown_as_it_is() {
        let old = "crawl trap: calendar page for year 2031, more than 2 years from now";
        assert_eq!(shown(old, Lang::Vi), old);
        assert!(is_trap(old));
        assert_eq!(
            shown("robots.txt disallows it", Lang::Vi),
            "robots.txt disallows it"
        );
        assert!(!is_trap("robots.txt disallows it"));
        // A key this version does not know, or no key at all.
        let unknown = r#"{"key":"skip-something-new"}"#;
        assert_eq!(shown(unknown, Lang::Vi), unknown);
        assert_eq!(shown("{not json", Lang::En), "{not json");
    }
}
