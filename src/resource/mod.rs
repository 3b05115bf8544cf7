//! Non-HTML resources a site publishes (documents, feeds): what they really
//! are and what is inside them, as facts for the standards rules.
//!
//! Like `page/` for HTML, this folder only describes: it sniffs the real type
//! from the bytes, reads a PDF's text layer, title and tags, parses a feed. The
//! judging is done by rules in `rules/standards/`. Every analysis is bounded in
//! size, and a corrupt or hostile file becomes a fact ("corrupt: why"), never a
//! crash: the parsers run under `catch_unwind`. Each analysis is also bounded
//! in time ([`ResourceFacts::analyse_within`]): it runs on a worker thread
//! and a resource whose analysis outlasts the deadline is reported as not
//! analysed, with why, instead of holding the audit up.

pub mod feed;
pub mod pdf;
pub mod sniff;

use serde::{Deserialize, Serialize};

pub use feed::FeedFacts;
pub use pdf::PdfFacts;
pub use sniff::FileType;

/// The largest resource analysed; larger ones are reported as too large to analyse.
pub const MAX_RESOURCE_BYTES: usize = 20 * 1024 * 1024;

/// How long the analysis of one resource may take by default.
pub const DEFAULT_ANALYSIS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

// Which links are documents or feeds is decided where links are extracted.
pub use crate::page::links::ResourceKind as LinkKind;

/// What is known about one linked resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceFacts {
    /// Where it is (URL or path).
    pub url: String,
    /// How it was linked.
    pub kind: LinkKind,
    /// The type the bytes show.
    pub file_type: FileType,
    /// Its size in bytes.
    pub bytes: usize,
    /// PDF facts, for PDFs.
    pub pdf: Option<PdfFacts>,
    /// Feed facts, for feeds.
    pub feed: Option<FeedFacts>,
    /// Why it could not be analysed (too large, unreadable, too slow), if so.
    /// (Stores of earlier builds hold it as plain text: read as `Failed`.)
    #[serde(default, deserialize_with = "not_analysed_or_text")]
    pub error: Option<NotAnalysed>,
}

impl ResourceFacts {
    /// Analyses the bytes of a resource.
    #[must_use]
    pub fn analyse(url: &str, kind: LinkKind, bytes: &[u8]) -> Self {
        let file_type = sniff::sniff(bytes, url);
        let mut facts = Self {
            url: url.to_string(),
            kind,
            file_type,
            bytes: bytes.len(),
            pdf: None,
            feed: None,
            error: None,
        };
        if bytes.len() > MAX_RESOURCE_BYTES {
            facts.error = Some(NotAnalysed::TooLarge {
                limit: MAX_RESOURCE_BYTES as u64,
            });
            return facts;
        }
        match kind {
            LinkKind::Feed => facts.feed = Some(feed::analyse(bytes)),
            LinkKind::Document if file_type == FileType::Pdf => {
                facts.pdf = Some(pdf::analyse(bytes))
            }
            LinkKind::Document => {}
        }
        facts
    }

    /// Analyses the bytes of a resource on a worker thread, giving up after
    /// `deadline`: a resource whose analysis takes longer (a pathological PDF)
    /// becomes a fact with the reason in `error`, and the caller goes on. The
    /// worker is left to finish on its own (a thread cannot be killed); its
    /// input is bounded by [`MAX_RESOURCE_BYTES`] and its parsers by their
    /// own limits, so it ends.
    #[must_use]
    pub fn analyse_within(
        url: &str,
        kind: LinkKind,
        bytes: Vec<u8>,
        deadline: std::time::Duration,
    ) -> Self {
        let owned = url.to_string();
        let file_type = sniff::sniff(&bytes, url);
        let size = bytes.len();
        let outcome = within(deadline, move || Self::analyse(&owned, kind, &bytes));
        outcome.unwrap_or_else(|why| {
            let mut facts = Self::unavailable(url, kind, why);
            facts.file_type = file_type;
            facts.bytes = size;
            facts
        })
    }

    /// The problem to list in the report when the resource could not be
    /// analysed (too large, unreadable, the analysis stopped at its deadline),
    /// in `lang`: the document rules then say nothing about it, so the report
    /// says why.
    #[must_use]
    pub fn problem(&self, lang: crate::lang::Lang) -> Option<crate::facts::Problem> {
        self.error.as_ref().map(|why| crate::facts::Problem {
            input: self.url.clone(),
            kind: crate::facts::ProblemKind::ResourceNotAnalysed,
            message: why.message(lang),
        })
    }

    /// A resource that could not be read or fetched.
    #[must_use]
    pub fn unavailable(url: &str, kind: LinkKind, error: NotAnalysed) -> Self {
        Self {
            url: url.to_string(),
            kind,
            file_type: FileType::Unknown,
            bytes: 0,
            pdf: None,
            feed: None,
            error: Some(error),
        }
    }
}

/// Why a linked document or feed was not analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAnalysed {
    /// Larger than the analysis reads (bytes).
    TooLarge {
        /// The cap.
        limit: u64,
    },
    /// The analysis did not finish within the deadline (milliseconds).
    Deadline {
        /// The deadline.
        millis: u64,
    },
    /// It could not be read, or the analysis failed: the source's words.
    Failed(String),
}

impl NotAnalysed {
    /// The reason as a sentence in `lang` (`src/messages.toml`).
    #[must_use]
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::messages::text;
        match self {
            NotAnalysed::TooLarge { limit } => {
                text("resource-too-large", lang, &[("limit", &limit.to_string())])
            }
            NotAnalysed::Deadline { millis } => {
                // 500 ms reads "0.5" ("0,5" in Vietnamese), 20 000 ms "20".
                let seconds = (*millis as f64 / 1000.0).to_string();
                let seconds = crate::lang::number(&seconds, lang);
                text("resource-deadline", lang, &[("seconds", &seconds)])
            }
            NotAnalysed::Failed(detail) => text("resource-failed", lang, &[("detail", detail)]),
        }
    }
}

/// Reads [`ResourceFacts::error`], as written now or as plain text.
fn not_analysed_or_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NotAnalysed>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Tagged(NotAnalysed),
        Text(String),
    }
    Ok(
        Option::<Stored>::deserialize(deserializer)?.map(|stored| match stored {
            Stored::Tagged(reason) => reason,
            Stored::Text(text) => NotAnalysed::Failed(text),
        }),
    )
}

/// Runs `work` on its own thread and waits at most `deadline` for it.
fn within<T: Send + 'static>(
    deadline: std::time::Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, NotAnalysed> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("resource-analysis".into())
        .spawn(move || {
            #[cfg(feature = "test-hooks")]
            if let Some(pause) = hook::stall() {
                std::thread::sleep(pause);
            }
            let _ = tx.send(work());
        });
    if let Err(err) = spawned {
        return Err(NotAnalysed::Failed(format!(
            "no thread for the analysis: {err}"
        )));
    }
    match rx.recv_timeout(deadline) {
        Ok(value) => Ok(value),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(NotAnalysed::Deadline {
            millis: u64::try_from(deadline.as_millis()).unwrap_or(u64::MAX),
        }),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(NotAnalysed::Failed(
            "the analysis failed without a result".to_string(),
        )),
    }
}

/// A test hook: `PORTAL_AUDIT_TEST_ANALYSIS_STALL_MS` makes every analysis
/// wait that long first, so the tests can show a slow analysis is cut off
/// without crafting an input that is slow on every machine. Built only with
/// the `test-hooks` feature (`cargo test`), never in a release build.
#[cfg(feature = "test-hooks")]
mod hook {
    use std::sync::LazyLock;
    use std::time::Duration;

    static STALL: LazyLock<Option<Duration>> = LazyLock::new(|| {
        std::env::var("PORTAL_AUDIT_TEST_ANALYSIS_STALL_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_millis)
    });

    pub(super) fn stall() -> Option<Duration> {
        *STALL
    }
}

/// Runs a parser that may panic on hostile input, turning a panic into an error.
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        format!("the {what} parser failed: {reason}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_analysis_is_cut_off_at_the_deadline() {
        let started = std::time::Instant::now();
        let slow = within(std::time::Duration::from_millis(50), || {
            std::thread::sleep(std::time::Duration::from_secs(3));
            1
        });
        assert_eq!(slow, Err(NotAnalysed::Deadline { millis: 50 }));
        assert_eq!(
            NotAnalysed::Deadline { millis: 50 }.message(crate::lang::Lang::En),
            "the analysis took longer than 0.05 s and was stopped"
        );
        assert_eq!(
            NotAnalysed::TooLarge { limit: 20 }.message(crate::lang::Lang::Vi),
            "lớn hơn 20 byte: không phân tích"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(within(std::time::Duration::from_secs(5), || 2), Ok(2));
    }

    #[test]
    fn the_reason_round_trips_and_plain_text_of_earlier_stores_is_read() {
        let mut facts = ResourceFacts::unavailable(
            "https://a.gov.vn/x.pdf",
            LinkKind::Document,
            NotAnalysed::TooLarge { limit: 7 },
        );
        let json = serde_json::to_string(&facts).unwrap();
        assert_eq!(serde_json::from_str::<ResourceFacts>(&json).unwrap(), facts);
        let old = json.replace(r#"{"too_large":{"limit":7}}"#, r#""larger than 7 bytes""#);
        assert_ne!(old, json);
        facts.error = Some(NotAnalysed::Failed("larger than 7 bytes".into()));
        assert_eq!(serde_json::from_str::<ResourceFacts>(&old).unwrap(), facts);
        let none = serde_json::to_string(&ResourceFacts {
            error: None,
            ..facts.clone()
        })
        .unwrap();
        assert_eq!(
            serde_json::from_str::<ResourceFacts>(&none).unwrap().error,
            None
        );
    }

    #[test]
    fn analysis_within_a_deadline_gives_the_same_facts() {
        let feed = b"<rss><channel><title>T</title></channel></rss>".to_vec();
        assert_eq!(
            ResourceFacts::analyse_within(
                "f.xml",
                LinkKind::Feed,
                feed.clone(),
                DEFAULT_ANALYSIS_TIMEOUT
            ),
            ResourceFacts::analyse("f.xml", LinkKind::Feed, &feed)
        );
    }
}
