//! What the crawler, the local link check and the probes observe, as data:
//! a link target's status and redirects, how a site is served (HTTP answer,
//! TLS, HSTS), its DNS records, its XML sitemaps. Below both the crawler,
//! which records these facts, and the rules, which judge them; neither
//! imports the other for them.

use serde::{Deserialize, Serialize};

/// What looking for a site's XML sitemap found (Thông tư 32/2017 Điều 16
/// khoản 4 điểm b): every file looked at — the robots.txt `Sitemap:` lines,
/// `/sitemap.xml`, the sitemaps an index names; `sitemap.xml` at the root of a
/// checked folder — with what it gave. The crawler records; rules judge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct XmlSitemapFacts {
    /// The files looked at, in the order read.
    pub files: Vec<SitemapFile>,
}

impl XmlSitemapFacts {
    /// The well-formed sitemaps and sitemap indexes found.
    pub fn found(&self) -> impl Iterator<Item = &SitemapFile> {
        self.files
            .iter()
            .filter(|f| matches!(f.state, SitemapState::Found { .. }))
    }

    /// How many addresses the well-formed files list (pages and nested sitemaps).
    #[must_use]
    pub fn urls(&self) -> usize {
        self.files
            .iter()
            .map(|f| match f.state {
                SitemapState::Found { urls, .. } => urls,
                _ => 0,
            })
            .sum()
    }
}

/// One sitemap file looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitemapFile {
    /// Its URL (or path, for a checked folder).
    pub url: String,
    /// What it gave.
    #[serde(flatten)]
    pub state: SitemapState,
}

/// What a sitemap file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SitemapState {
    /// A well-formed `<urlset>` (or `<sitemapindex>`, `index`) listing `urls` addresses.
    Found {
        /// A sitemap index.
        index: bool,
        /// The `<loc>` addresses it lists.
        urls: usize,
    },
    /// No file: an HTTP error status, a network failure, no such file.
    Absent {
        /// Why (`HTTP 404`, the network error, `no such file`).
        reason: String,
    },
    /// A file answered, but is not a well-formed sitemap.
    Malformed {
        /// What is wrong (the XML error, the root element, no `<loc>`).
        problem: String,
    },
}

/// The addresses of a site's host name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsFacts {
    /// The host name.
    pub host: String,
    /// A records.
    pub ipv4: Vec<String>,
    /// AAAA records.
    pub ipv6: Vec<String>,
    /// Why a lookup failed, if one did (the records may then be incomplete).
    pub error: Option<String>,
}

/// How a site is served: the facts behind the transport rules (Thông tư
/// 39/2017 item 4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransportFacts {
    /// The URL the site was started from.
    pub start_url: String,
    /// The URL its first page finally came from (after redirects).
    pub final_url: String,
    /// The answer of the `http://` start URL when not following redirects,
    /// if the site was started over HTTP.
    pub http_answer: Option<HttpAnswer>,
    /// The TLS probe of the HTTPS host, when the site is served over HTTPS.
    pub tls: Option<TlsFacts>,
    /// The `Strict-Transport-Security` header of the first HTTPS page.
    pub hsts: Option<String>,
}

impl TransportFacts {
    /// Whether the pages finally come over HTTPS.
    #[must_use]
    pub fn served_over_https(&self) -> bool {
        self.final_url.to_ascii_lowercase().starts_with("https://")
    }
}

/// A plain-HTTP answer, not following redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpAnswer {
    /// The status.
    pub status: u16,
    /// The `Location` header, for redirects.
    pub location: Option<String>,
}

/// What a TLS handshake showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFacts {
    /// Host probed.
    pub host: String,
    /// Port probed.
    pub port: u16,
    /// The negotiated protocol (`TLSv1.3`, `TLSv1.2`), when the handshake succeeded.
    pub version: Option<String>,
    /// The certificate's verdict.
    pub certificate: CertificateStatus,
    /// The server offers only protocols older than TLS 1.2.
    pub outdated_protocol: bool,
    /// Why the handshake failed, if it did.
    pub error: Option<String>,
}

/// A certificate's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CertificateStatus {
    /// Valid for the host, in date, from a trusted authority.
    Valid,
    /// Past its end date.
    Expired,
    /// Before its start date.
    NotYetValid,
    /// Issued for another host name.
    WrongHost,
    /// Not issued by a trusted authority (self-signed, or the chain is incomplete).
    UnknownIssuer,
    /// Otherwise invalid.
    Invalid {
        /// Why.
        reason: String,
    },
    /// No certificate was seen (no handshake).
    NotChecked,
}

impl CertificateStatus {
    /// A short id for messages.
    #[must_use]
    pub fn id(&self) -> String {
        match self {
            CertificateStatus::Valid => "valid".into(),
            CertificateStatus::Expired => "expired".into(),
            CertificateStatus::NotYetValid => "not_yet_valid".into(),
            CertificateStatus::WrongHost => "wrong_host".into(),
            CertificateStatus::UnknownIssuer => "unknown_issuer".into(),
            CertificateStatus::Invalid { reason } => format!("invalid ({reason})"),
            CertificateStatus::NotChecked => "not_checked".into(),
        }
    }
}

/// What the crawler learnt about a link target. The crawler records it; link
/// rules judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// 2xx without redirects.
    Ok,
    /// 2xx after one or more redirects.
    Redirect,
    /// 4xx or 5xx (other than the blocking ones).
    Broken,
    /// 401, 403, 429 or 999: the server turned the checker away; reported apart.
    Blocked,
    /// No answer in time.
    Timeout,
    /// The host name does not resolve.
    Dns,
    /// TLS handshake failed (expired, self-signed or mismatched certificate).
    Tls,
    /// Nothing listens.
    Refused,
    /// The connection broke, the body was too large, or another network failure.
    Error,
    /// The redirects loop, or there are more than 10 of them.
    RedirectLoop,
    /// A redirect to `file:` or to a private address.
    UnsafeRedirect,
    /// Matches an exclude pattern, or external checking is off.
    Excluded,
    /// robots.txt forbids fetching it.
    RobotsDisallowed,
    /// Not an http(s) URL, or not checked yet.
    Unchecked,
}

impl LinkStatus {
    /// The id used in reports and the store.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::Redirect => "redirect",
            LinkStatus::Broken => "broken",
            LinkStatus::Blocked => "blocked",
            LinkStatus::Timeout => "timeout",
            LinkStatus::Dns => "dns",
            LinkStatus::Tls => "tls",
            LinkStatus::Refused => "refused",
            LinkStatus::Error => "error",
            LinkStatus::RedirectLoop => "redirect_loop",
            LinkStatus::UnsafeRedirect => "unsafe_redirect",
            LinkStatus::Excluded => "excluded",
            LinkStatus::RobotsDisallowed => "robots_disallowed",
            LinkStatus::Unchecked => "unchecked",
        }
    }

    /// The status with this id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        [
            LinkStatus::Ok,
            LinkStatus::Redirect,
            LinkStatus::Broken,
            LinkStatus::Blocked,
            LinkStatus::Timeout,
            LinkStatus::Dns,
            LinkStatus::Tls,
            LinkStatus::Refused,
            LinkStatus::Error,
            LinkStatus::RedirectLoop,
            LinkStatus::UnsafeRedirect,
            LinkStatus::Excluded,
            LinkStatus::RobotsDisallowed,
            LinkStatus::Unchecked,
        ]
        .into_iter()
        .find(|s| s.id() == id)
    }
}

/// One redirect hop of a link target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectHop {
    /// The URL that redirected.
    pub url: String,
    /// Its status (301, 302, 303, 307, 308).
    pub status: u16,
}

/// One link of a page with what the crawler learnt about its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkResult {
    /// The page the link is on.
    pub source: String,
    /// The attribute value as written.
    pub href: String,
    /// The resolved URL without fragment (http/https), or `href` for other schemes.
    pub target: String,
    /// The scheme (`https`, `mailto`, `javascript`, …; empty for an empty href).
    pub scheme: String,
    /// The fragment, when the link has one.
    pub fragment: Option<String>,
    /// The element's tag.
    pub tag: String,
    /// The link text.
    pub text: String,
    /// Where the link is.
    pub element: crate::page::Target,
    /// What the target gave.
    pub status: LinkStatus,
    /// Its final HTTP status, when there was an answer.
    pub http_status: Option<u16>,
    /// The redirect chain.
    pub redirects: Vec<RedirectHop>,
    /// Where the redirects ended, when there was an answer.
    pub final_url: Option<String>,
    /// The network error or skip reason, when any.
    pub detail: Option<String>,
    /// Whether the fragment names an `id` or `name` in the target page;
    /// `None` when there is no fragment or the target's anchors are unknown.
    pub fragment_found: Option<bool>,
}

/// An input that could not be audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file or URL.
    pub input: String,
    /// A short machine-readable kind: `unreadable`, `empty`, `binary`, `too_large`, `fetch`,
    /// `http`, `content_type`, `page_not_analysed`, `resource_not_analysed`, ...
    pub kind: String,
    /// What happened, in the run's language (`src/messages.toml`); a network
    /// library's or an analyser's own detail inside it is kept as it came.
    pub message: String,
}
