//! Non-HTML resources a site publishes (documents, feeds): what they really
//! are and what is inside them, as facts for the standards rules.
//!
//! Like `page/` for HTML, this folder only describes: it sniffs the real type
//! from the bytes, reads a PDF's text layer, title and tags, parses a feed. The
//! judging is done by rules in `rules/standards/`. Every analysis is bounded in
//! size, and a corrupt or hostile file becomes a fact ("corrupt: why"), never a
//! crash: the parsers run under `catch_unwind`.

pub mod feed;
pub mod pdf;
pub mod sniff;

use serde::{Deserialize, Serialize};

pub use feed::FeedFacts;
pub use pdf::PdfFacts;
pub use sniff::FileType;

/// The largest resource analysed; larger ones are reported as too large to analyse.
pub const MAX_RESOURCE_BYTES: usize = 20 * 1024 * 1024;

/// Why a resource is linked: as a document to download, or as a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A document (`a href` to .pdf, .doc, .rar, …).
    Document,
    /// A feed advertised with `<link rel="alternate" type="application/rss+xml">`.
    Feed,
}

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
    /// Why it could not be analysed (unreadable, too large), if so.
    pub error: Option<String>,
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
            facts.error = Some(format!(
                "larger than {MAX_RESOURCE_BYTES} bytes: not analysed"
            ));
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

    /// A resource that could not be read or fetched.
    #[must_use]
    pub fn unavailable(url: &str, kind: LinkKind, error: impl Into<String>) -> Self {
        Self {
            url: url.to_string(),
            kind,
            file_type: FileType::Unknown,
            bytes: 0,
            pdf: None,
            feed: None,
            error: Some(error.into()),
        }
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
