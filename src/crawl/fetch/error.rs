//! What a failed fetch is: [`FetchError`] (a status to record, not a
//! crash), its sentence in the run's language, and how a network library
//! error is classified into one.

use serde::{Deserialize, Serialize};

use super::{FetchLimits, Hop};
use crate::crawl::address::RefusedAddress;

/// Why a fetch gave no usable response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FetchError {
    /// The URL is not http(s) or does not parse.
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// No answer in time.
    #[error("timed out after {seconds} s")]
    Timeout {
        /// The limit.
        seconds: u64,
    },
    /// The body is larger than allowed.
    #[error("body larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The host name does not resolve.
    #[error("DNS lookup failed: {0}")]
    Dns(String),
    /// The TLS handshake failed (expired, self-signed or mismatched certificate).
    #[error("TLS error: {0}")]
    Tls(String),
    /// Nothing listens on the port.
    #[error("connection refused: {0}")]
    Refused(String),
    /// The connection was reset or closed before a full answer.
    #[error("connection reset: {0}")]
    Reset(String),
    /// The redirects come back to a URL already visited.
    #[error("redirect loop: {} -> {to}", hops.iter().map(|h| h.url.as_str()).collect::<Vec<_>>().join(" -> "))]
    RedirectLoop {
        /// The hops followed.
        hops: Vec<Hop>,
        /// The URL visited again.
        to: String,
    },
    /// More redirects than allowed.
    #[error("more than {limit} redirects")]
    TooManyRedirects {
        /// The limit.
        limit: usize,
        /// The hops followed.
        hops: Vec<Hop>,
        /// Where the next hop pointed.
        to: String,
    },
    /// A redirect to somewhere a crawler must not go.
    #[error("refused redirect to {to}: {reason}")]
    UnsafeRedirect {
        /// The target.
        to: String,
        /// Why it was refused.
        reason: String,
    },
    /// The address policy refuses the target (an internal address reached
    /// through a host the user did not name; `crawl::address`).
    #[error("refused to connect to {url}: {reason}")]
    PrivateAddress {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// Could not connect, or another network failure.
    #[error("{0}")]
    Network(String),
}

impl FetchError {
    /// The error as a sentence in `lang` (`src/messages.toml`), for the
    /// report's problems; the network library's own detail is kept as is.
    #[must_use]
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::messages::text;
        match self {
            FetchError::InvalidUrl { url, reason } => text(
                "fetch-invalid-url",
                lang,
                &[("url", url), ("reason", reason)],
            ),
            FetchError::Timeout { seconds } => {
                text("fetch-timeout", lang, &[("seconds", &seconds.to_string())])
            }
            FetchError::TooLarge { limit } => {
                text("fetch-too-large", lang, &[("limit", &limit.to_string())])
            }
            FetchError::Dns(detail) => text("fetch-dns", lang, &[("detail", detail)]),
            FetchError::Tls(detail) => text("fetch-tls", lang, &[("detail", detail)]),
            FetchError::Refused(detail) => text("fetch-refused", lang, &[("detail", detail)]),
            FetchError::Reset(detail) => text("fetch-reset", lang, &[("detail", detail)]),
            FetchError::RedirectLoop { hops, to } => {
                let chain: Vec<&str> = hops
                    .iter()
                    .map(|h| h.url.as_str())
                    .chain([to.as_str()])
                    .collect();
                text(
                    "fetch-redirect-loop",
                    lang,
                    &[("chain", &chain.join(" -> "))],
                )
            }
            FetchError::TooManyRedirects { limit, .. } => text(
                "fetch-too-many-redirects",
                lang,
                &[("limit", &limit.to_string())],
            ),
            FetchError::UnsafeRedirect { to, reason } => text(
                "fetch-unsafe-redirect",
                lang,
                &[("to", to), ("reason", reason)],
            ),
            FetchError::PrivateAddress { url, reason } => text(
                "fetch-private-address",
                lang,
                &[("url", url), ("reason", reason)],
            ),
            FetchError::Network(detail) => text("fetch-network", lang, &[("detail", detail)]),
        }
    }

    /// Whether a retry may help.
    #[must_use]
    pub fn retryable(&self) -> bool {
        matches!(self, FetchError::Timeout { .. } | FetchError::Reset(_))
    }
}

/// The kind of failure a network library error is.
pub(super) fn classify(err: &reqwest::Error, limits: &FetchLimits) -> FetchError {
    if err.is_timeout() {
        return FetchError::Timeout {
            seconds: limits.read_idle_timeout.as_secs(),
        };
    }
    let mut message = err.to_string();
    let mut io_kind = None;
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        if let Some(refused) = inner.downcast_ref::<RefusedAddress>() {
            let url = err.url().map(ToString::to_string).unwrap_or_default();
            return FetchError::PrivateAddress {
                url,
                reason: refused.to_string(),
            };
        }
        message.push_str(": ");
        message.push_str(&inner.to_string());
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        source = inner.source();
    }
    let lower = message.to_ascii_lowercase();
    use std::io::ErrorKind as K;
    match io_kind {
        Some(K::ConnectionRefused) => return FetchError::Refused(message),
        Some(K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe) => {
            return FetchError::Reset(message);
        }
        Some(K::TimedOut) => {
            return FetchError::Timeout {
                seconds: limits.read_idle_timeout.as_secs(),
            };
        }
        _ => {}
    }
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        FetchError::Dns(message)
    } else if [
        "certificate",
        "tls",
        "ssl",
        "handshake",
        "corrupt message",
        "alert",
        "unknownissuer",
        "expired",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        FetchError::Tls(message)
    } else if lower.contains("connection refused") {
        FetchError::Refused(message)
    } else if lower.contains("reset")
        || lower.contains("connection closed")
        || lower.contains("incomplete")
        || lower.contains("unexpected eof")
    {
        FetchError::Reset(message)
    } else {
        FetchError::Network(message)
    }
}
