//! Fetching one URL with limits: connect, read-idle and total timeouts, a body
//! size cap (also on decompressed bodies, so a gzip bomb stops at the cap),
//! redirects followed one by one and recorded (loops, too many hops, and hops
//! to `file:` or to a private address from a public host are refused), retries
//! with exponential backoff and jitter on 429/5xx/timeouts honouring
//! `Retry-After`, and an honest User-Agent. Network outcomes are data
//! ([`FetchError`] is a status, not a crash): the caller records them and goes on.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::address::{AddressPolicy, BrowserGate, GuardedResolver, Lookup};
use super::dns::{DnsServer, HttpResolver};

mod error;

pub use error::FetchError;
use error::classify;

/// The User-Agent portal-audit sends.
pub const USER_AGENT: &str = concat!(
    "portal-audit/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/portal-audit/portal-audit)"
);

/// A browser-like User-Agent for hosts that turn bots away (`--browser-agent`);
/// it still names portal-audit at the end.
pub const BROWSER_USER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ",
    "Chrome/124.0 Safari/537.36 portal-audit/",
    env!("CARGO_PKG_VERSION")
);

/// Limits for one fetch.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Longest silence while waiting for the headers or the next body chunk.
    pub read_idle_timeout: Duration,
    /// Total time for one attempt, body included.
    pub total_timeout: Duration,
    /// Largest body accepted (after decompression).
    pub max_body_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: usize,
    /// Retries after a 429, a 5xx or a timeout.
    pub retries: u32,
    /// The first backoff; it doubles with each retry, plus up to 50 % jitter.
    pub backoff: Duration,
    /// The longest `Retry-After` waited for; a longer one is answered once
    /// by waiting this long and retrying (within `retries`).
    pub max_retry_after: Duration,
}

impl From<&crate::config::Limits> for FetchLimits {
    /// The fetch limits of a configuration's `[limits]`.
    fn from(limits: &crate::config::Limits) -> Self {
        Self {
            connect_timeout: limits.connect_timeout(),
            read_idle_timeout: limits.read_timeout(),
            total_timeout: limits.timeout(),
            max_body_bytes: limits.max_page_bytes(),
            max_redirects: 10,
            retries: limits.retries(),
            backoff: limits.backoff(),
            max_retry_after: limits.max_retry_after(),
        }
    }
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            read_idle_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(30),
            max_body_bytes: 50 * 1024 * 1024,
            max_redirects: 10,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// One redirect hop: the URL that answered with a redirect, and its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// The URL that redirected.
    pub url: String,
    /// Its 3xx status.
    pub status: u16,
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
    /// The body (decompressed); empty for `HEAD` or when not read.
    pub body: Vec<u8>,
    /// The redirect chain, in order.
    pub redirects: Vec<Hop>,
    /// Attempts made (1 without retries).
    pub attempts: u32,
}

impl Fetched {
    /// A response header (case-insensitive name).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the HTTP client is set up. The one place a client is built: the
/// audit's crawl, `check`, and the transport probes all go through
/// [`client_with`], so `--ca-cert`, `--dns-server` and `resolve` pins apply
/// to every request the same way.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// The User-Agent (default [`USER_AGENT`]).
    pub user_agent: Option<String>,
    /// Host names resolved to fixed addresses (like curl's `--resolve`); they
    /// win over `dns_server`.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Extra trusted root certificates (`--ca-cert`), besides the Mozilla set.
    pub ca_certs: Vec<rustls::pki_types::CertificateDer<'static>>,
    /// The resolver for every other host name (`--dns-server`).
    pub dns_server: DnsServer,
    /// Whether the client follows redirects itself.
    pub redirects: Redirects,
    /// Whether certificates are verified.
    pub certificates: Certificates,
    /// Which addresses may be connected to (`crawl::address`); the default
    /// names no host and allows no private address.
    pub addresses: Arc<AddressPolicy>,
}

impl ClientOptions {
    /// The pinned address of `host` (port 0: the URL's port applies).
    #[must_use]
    pub fn pinned(&self, host: &str) -> Option<SocketAddr> {
        let host = host.trim_end_matches('.');
        self.resolve
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(host))
            .map(|(_, addr)| *addr)
    }

    /// The HTTP client's resolver: `--dns-server` or the system's, its
    /// answers filtered by the address policy (pins are not in it).
    ///
    /// # Errors
    /// [`ClientError::Resolver`] when the `--dns-server` resolver cannot be set up.
    pub fn guarded_resolver(&self, limits: &FetchLimits) -> Result<GuardedResolver, ClientError> {
        let lookup = match self.dns_server {
            DnsServer::At(addr) => Lookup::Server(
                HttpResolver::new(addr, limits.connect_timeout).map_err(ClientError::Resolver)?,
            ),
            DnsServer::System => Lookup::System,
        };
        Ok(GuardedResolver {
            lookup,
            policy: self.addresses.clone(),
        })
    }

    /// The gate of the browser mode: the same pins, resolver and address
    /// policy for every connection Chromium makes (`crawl::address::BrowserGate`).
    ///
    /// # Errors
    /// [`ClientError::Resolver`] when the `--dns-server` resolver cannot be set up.
    pub fn browser_gate(&self, limits: &FetchLimits) -> Result<BrowserGate, ClientError> {
        Ok(BrowserGate {
            pins: self.resolve.clone(),
            resolver: self.guarded_resolver(limits)?,
        })
    }

    /// The same options with another redirect policy and certificate check.
    #[must_use]
    pub fn with(&self, redirects: Redirects, certificates: Certificates) -> Self {
        Self {
            redirects,
            certificates,
            ..self.clone()
        }
    }
}

/// Whether a client follows redirects or returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Redirects {
    /// Follow them (up to the limit).
    Follow,
    /// Return them as answers ([`fetch_with`] then follows them itself, to
    /// record and vet each hop).
    #[default]
    Keep,
}

/// Whether a client verifies certificates, or accepts any (only to read the
/// content of a site whose certificate was already found invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Certificates {
    /// Verify against the trusted roots.
    #[default]
    Verify,
    /// Accept any certificate.
    Accept,
}

/// Why no client could be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// A `--ca-cert` certificate was refused.
    #[error("bad CA certificate: {0}")]
    Certificate(String),
    /// The `--dns-server` resolver could not be set up.
    #[error("{0}")]
    Resolver(String),
    /// The TLS backend could not start.
    #[error("{0}")]
    Build(String),
}

/// The HTTP client: reqwest's, with the address policy it was built with
/// (its resolver filters resolved addresses; [`fetch_with`] checks IP-literal
/// URLs and each redirect hop before connecting).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    policy: Arc<AddressPolicy>,
}

impl Client {
    /// The policy this client applies.
    #[must_use]
    pub fn policy(&self) -> &AddressPolicy {
        &self.policy
    }

    /// A `GET` of `url` sent as is (no redirect followed, no body read),
    /// after the address policy allowed it.
    ///
    /// # Errors
    /// A [`FetchError`] when the policy refuses the URL or the request fails.
    pub async fn get_once(
        &self,
        url: &str,
        limits: &FetchLimits,
    ) -> Result<reqwest::Response, FetchError> {
        let parsed = parse_http(url)?;
        self.vet(&parsed)?;
        self.http
            .get(parsed)
            .send()
            .await
            .map_err(|e| classify(&e, limits))
    }

    fn vet(&self, url: &url::Url) -> Result<(), FetchError> {
        self.policy
            .check_url(url)
            .map_err(|refused| FetchError::PrivateAddress {
                url: url.to_string(),
                reason: refused.to_string(),
            })
    }
}

/// Builds the HTTP client used for single fetches (default options).
///
/// # Errors
/// When the TLS backend cannot start.
pub fn client(limits: &FetchLimits) -> Result<Client, ClientError> {
    client_with(limits, &ClientOptions::default())
}

/// Builds the HTTP client with options.
///
/// # Errors
/// A [`ClientError`] when a certificate, the resolver or the TLS backend fails.
pub fn client_with(limits: &FetchLimits, options: &ClientOptions) -> Result<Client, ClientError> {
    let policy = options.addresses.clone();
    let mut builder = reqwest::Client::builder()
        .user_agent(options.user_agent.as_deref().unwrap_or(USER_AGENT))
        .connect_timeout(limits.connect_timeout)
        .read_timeout(limits.read_idle_timeout)
        .pool_idle_timeout(Duration::from_secs(20))
        .danger_accept_invalid_certs(options.certificates == Certificates::Accept)
        .redirect(match options.redirects {
            Redirects::Follow => {
                let max = limits.max_redirects;
                let policy = policy.clone();
                reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.previous().len() > max {
                        attempt.error(format!("more than {max} redirects"))
                    } else if let Err(refused) = policy.check_url(attempt.url()) {
                        attempt.error(refused)
                    } else {
                        attempt.follow()
                    }
                })
            }
            Redirects::Keep => reqwest::redirect::Policy::none(),
        });
    for (host, addr) in &options.resolve {
        builder = builder.resolve(host, *addr);
    }
    for cert in &options.ca_certs {
        builder = builder.add_root_certificate(
            reqwest::Certificate::from_der(cert.as_ref())
                .map_err(|e| ClientError::Certificate(e.to_string()))?,
        );
    }
    // Pins (`resolve`) stay above this resolver: they are the user's own.
    builder = builder.dns_resolver(Arc::new(options.guarded_resolver(limits)?));
    let http = builder
        .build()
        .map_err(|e| ClientError::Build(e.to_string()))?;
    Ok(Client { http, policy })
}

/// Fetches `url` with `GET`, reading at most `limits.max_body_bytes`.
///
/// # Errors
/// A [`FetchError`] saying what went wrong.
pub async fn fetch(
    client: &Client,
    url: &str,
    limits: &FetchLimits,
) -> Result<Fetched, FetchError> {
    fetch_with(client, url, limits, Method::Get).await
}

/// What to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET` and read the body.
    Get,
    /// `GET` but stop after the headers (link checks that need no body).
    GetHeadersOnly,
    /// `HEAD`.
    Head,
    /// `GET` reading at most this many bytes of the body; the rest is not
    /// read and not an error (robots.txt: what lies past the cap is ignored,
    /// as Google does). A body of exactly the cap may have been cut.
    GetPrefix(u64),
}

/// Fetches `url`, following redirects and retrying as [`FetchLimits`] says.
///
/// # Errors
/// A [`FetchError`] saying what went wrong.
pub async fn fetch_with(
    client: &Client,
    url: &str,
    limits: &FetchLimits,
    method: Method,
) -> Result<Fetched, FetchError> {
    let mut attempt = 0;
    // Whether a `Retry-After` above the cap was already answered by waiting
    // the cap: that is done once, as a server asking for longer may still be
    // back sooner; a second such answer ends the retries.
    let mut capped = false;
    loop {
        attempt += 1;
        let result = follow(client, url, limits, method).await;
        let wait = match &result {
            Ok(f) if matches!(f.status, 429 | 500 | 502 | 503 | 504) => match retry_after(f) {
                Some(wait) if wait > limits.max_retry_after => {
                    (!std::mem::replace(&mut capped, true)).then_some(limits.max_retry_after)
                }
                Some(wait) => Some(wait),
                None => Some(backoff(limits, attempt)),
            },
            Err(e) if e.retryable() => Some(backoff(limits, attempt)),
            _ => None,
        };
        match wait {
            Some(wait) if attempt <= limits.retries => {
                if tracing::enabled!(tracing::Level::DEBUG) {
                    log_retry(url, attempt, wait, &result);
                }
                tokio::time::sleep(wait).await;
            }
            _ => {
                return result.map(|mut f| {
                    f.attempts = attempt;
                    f
                });
            }
        }
    }
}

/// A retry decision at the debug level (`-vv`), in the log's language: the
/// attempt that failed, why, and the wait before the next.
fn log_retry(url: &str, attempt: u32, wait: Duration, result: &Result<Fetched, FetchError>) {
    let lang = crate::messages::log_lang();
    let reason = match result {
        Ok(f) => format!("HTTP {}", f.status),
        Err(e) => e.message(lang),
    };
    tracing::debug!(
        "{}",
        crate::messages::log_text(
            "log-retry",
            &[
                ("url", url),
                ("attempt", &attempt.to_string()),
                ("reason", &reason),
                (
                    "seconds",
                    &crate::lang::decimal(wait.as_secs_f64(), 2, lang)
                ),
            ],
        )
    );
}

fn backoff(limits: &FetchLimits, attempt: u32) -> Duration {
    use std::hash::BuildHasher;
    let base = limits
        .backoff
        .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
    let noise = std::collections::hash_map::RandomState::new().hash_one(attempt) % 1000;
    base + base.mul_f64(noise as f64 / 2000.0)
}

/// `Retry-After` in seconds or as an HTTP date.
fn retry_after(f: &Fetched) -> Option<Duration> {
    let value = f.header("retry-after")?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = (date.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs.unsigned_abs()))
}

async fn follow(
    client: &Client,
    url: &str,
    limits: &FetchLimits,
    method: Method,
) -> Result<Fetched, FetchError> {
    let mut current = parse_http(url)?;
    client.vet(&current)?;
    let mut chain: Vec<Hop> = Vec::new();
    loop {
        let step =
            tokio::time::timeout(limits.total_timeout, once(client, &current, limits, method))
                .await
                .map_err(|_| FetchError::Timeout {
                    seconds: limits.total_timeout.as_secs(),
                })??;
        let is_redirect = matches!(step.status, 301 | 302 | 303 | 307 | 308);
        let location = step.header("location").map(str::to_string);
        let (true, Some(location)) = (is_redirect, location) else {
            return Ok(Fetched {
                requested: url.to_string(),
                redirects: chain,
                ..step
            });
        };
        chain.push(Hop {
            url: current.to_string(),
            status: step.status,
        });
        let next = current
            .join(location.trim())
            .map_err(|e| FetchError::UnsafeRedirect {
                to: location.clone(),
                reason: format!("the Location header is not a URL: {e}"),
            })?;
        if !matches!(next.scheme(), "http" | "https") {
            return Err(FetchError::UnsafeRedirect {
                to: next.to_string(),
                reason: format!("scheme `{}` is not http or https", next.scheme()),
            });
        }
        if client.policy.check_url(&next).is_err() {
            return Err(FetchError::UnsafeRedirect {
                to: next.to_string(),
                reason: "a public site redirects to a private or loopback address".into(),
            });
        }
        if chain.iter().any(|h| h.url == next.as_str()) {
            return Err(FetchError::RedirectLoop {
                hops: chain,
                to: next.to_string(),
            });
        }
        if chain.len() >= limits.max_redirects {
            return Err(FetchError::TooManyRedirects {
                limit: limits.max_redirects,
                hops: chain,
                to: next.to_string(),
            });
        }
        current = next;
    }
}

fn parse_http(url: &str) -> Result<url::Url, FetchError> {
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
    Ok(parsed)
}

/// One request, no redirects followed.
async fn once(
    client: &Client,
    url: &url::Url,
    limits: &FetchLimits,
    method: Method,
) -> Result<Fetched, FetchError> {
    let request = match method {
        Method::Head => client.http.head(url.clone()),
        Method::Get | Method::GetHeadersOnly | Method::GetPrefix(_) => client.http.get(url.clone()),
    };
    let mut response = request.send().await.map_err(|e| classify(&e, limits))?;
    let status = response.status().as_u16();
    let final_url = response.url().to_string();
    let headers: Vec<(String, String)> = response
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
    let read_body =
        matches!(method, Method::Get | Method::GetPrefix(_)) && !(300..400).contains(&status);
    let prefix = match method {
        Method::GetPrefix(cap) => Some(cap.min(limits.max_body_bytes)),
        _ => None,
    };
    if read_body {
        if prefix.is_none()
            && response
                .content_length()
                .is_some_and(|len| len > limits.max_body_bytes)
        {
            return Err(FetchError::TooLarge {
                limit: limits.max_body_bytes,
            });
        }
        loop {
            let chunk = tokio::time::timeout(limits.read_idle_timeout, response.chunk())
                .await
                .map_err(|_| FetchError::Timeout {
                    seconds: limits.read_idle_timeout.as_secs(),
                })?
                .map_err(|e| classify(&e, limits))?;
            let Some(chunk) = chunk else { break };
            if let Some(cap) = prefix
                && body.len() as u64 + chunk.len() as u64 >= cap
            {
                let room = usize::try_from(cap).unwrap_or(usize::MAX) - body.len();
                body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                break;
            }
            if body.len() as u64 + chunk.len() as u64 > limits.max_body_bytes {
                return Err(FetchError::TooLarge {
                    limit: limits.max_body_bytes,
                });
            }
            body.extend_from_slice(&chunk);
        }
    }
    Ok(Fetched {
        requested: url.to_string(),
        final_url,
        status,
        headers,
        body,
        redirects: Vec::new(),
        attempts: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_both_languages() {
        use crate::lang::Lang;
        let timeout = FetchError::Timeout { seconds: 20 };
        assert_eq!(timeout.message(Lang::Vi), "không có phản hồi sau 20 giây");
        assert_eq!(timeout.message(Lang::En), timeout.to_string());
        let looped = FetchError::RedirectLoop {
            hops: vec![
                Hop {
                    url: "http://a/1".into(),
                    status: 302,
                },
                Hop {
                    url: "http://a/2".into(),
                    status: 302,
                },
            ],
            to: "http://a/1".into(),
        };
        assert_eq!(looped.message(Lang::En), looped.to_string());
        assert_eq!(
            looped.message(Lang::Vi),
            "chuyển hướng lặp vòng: http://a/1 -> http://a/2 -> http://a/1"
        );
        assert_eq!(
            FetchError::Refused("os error 111".into()).message(Lang::Vi),
            "máy chủ từ chối kết nối: os error 111"
        );
    }

    fn with_header(name: &str, value: &str) -> Fetched {
        Fetched {
            requested: String::new(),
            final_url: String::new(),
            status: 503,
            headers: vec![(name.to_string(), value.to_string())],
            body: Vec::new(),
            redirects: Vec::new(),
            attempts: 1,
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(
            retry_after(&with_header("retry-after", " 7 ")),
            Some(Duration::from_secs(7))
        );
        let later = chrono::Utc::now() + chrono::TimeDelta::seconds(120);
        let wait = retry_after(&with_header("Retry-After", &later.to_rfc2822())).unwrap();
        assert!((118..=120).contains(&wait.as_secs()), "{wait:?}");
        let past = chrono::Utc::now() - chrono::TimeDelta::seconds(120);
        assert_eq!(
            retry_after(&with_header("retry-after", &past.to_rfc2822())),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&with_header("retry-after", "soon")), None);
        assert_eq!(retry_after(&with_header("x", "1")), None);
    }

    #[test]
    fn backoff_doubles_with_at_most_half_again_of_jitter() {
        let limits = FetchLimits {
            backoff: Duration::from_millis(100),
            ..FetchLimits::default()
        };
        for (attempt, base) in [(1, 100), (2, 200), (3, 400)] {
            let wait = backoff(&limits, attempt).as_millis();
            assert!((base..=base * 3 / 2).contains(&wait), "{attempt}: {wait}");
        }
    }
}
