//! Fetching one URL with limits: connect and total timeouts, a body size cap
//! (also on decompressed bodies), redirects followed and recorded, an honest
//! User-Agent. Network outcomes are data ([`FetchError`] is a status, not a
//! crash): the caller reports them and goes on.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The User-Agent portal-audit sends.
pub const USER_AGENT: &str = concat!(
    "portal-audit/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/portal-audit/portal-audit)"
);

/// Limits for one fetch.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Total time for the response, body included.
    pub total_timeout: Duration,
    /// Largest body accepted (after decompression).
    pub max_body_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body_bytes: 50 * 1024 * 1024,
            max_redirects: 10,
        }
    }
}

/// A fetched response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetched {
    /// The URL asked for.
    pub requested: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// HTTP status.
    pub status: u16,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body (decompressed).
    pub body: Vec<u8>,
}

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
    /// Could not connect, TLS failed, too many redirects, or the connection broke.
    #[error("{0}")]
    Network(String),
}

/// Builds the HTTP client used for single fetches.
///
/// # Errors
/// When the TLS backend cannot start.
pub fn client(limits: &FetchLimits) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.total_timeout)
        .redirect(reqwest::redirect::Policy::limited(limits.max_redirects))
        .build()
}

/// Fetches `url`, reading at most `limits.max_body_bytes`.
///
/// # Errors
/// A [`FetchError`] saying what went wrong.
pub async fn fetch(
    client: &reqwest::Client,
    url: &str,
    limits: &FetchLimits,
) -> Result<Fetched, FetchError> {
    let parsed = url::Url::parse(url).map_err(|e| FetchError::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::InvalidUrl {
            url: url.to_string(),
            reason: format!("scheme `{}` is not http or https", parsed.scheme()),
        });
    }
    let mut response = client
        .get(parsed)
        .send()
        .await
        .map_err(|e| classify(&e, limits))?;
    if response
        .content_length()
        .is_some_and(|len| len > limits.max_body_bytes)
    {
        return Err(FetchError::TooLarge {
            limit: limits.max_body_bytes,
        });
    }
    let status = response.status().as_u16();
    let final_url = response.url().to_string();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e, limits))? {
        if body.len() as u64 + chunk.len() as u64 > limits.max_body_bytes {
            return Err(FetchError::TooLarge {
                limit: limits.max_body_bytes,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Fetched {
        requested: url.to_string(),
        final_url,
        status,
        headers,
        body,
    })
}

fn classify(err: &reqwest::Error, limits: &FetchLimits) -> FetchError {
    if err.is_timeout() {
        return FetchError::Timeout {
            seconds: limits.total_timeout.as_secs(),
        };
    }
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    FetchError::Network(message)
}
