//! What the crawler, the local link check and the probes observe, as data:
//! a link target's status and redirects, how a site is served (HTTP answer,
//! TLS, HSTS), its DNS records, its XML sitemaps. Below both the crawler,
//! which records these facts, and the rules, which judge them; neither
//! imports the other for them.

pub mod admit;
pub mod skip;

use serde::{Deserialize, Serialize};

use crate::page::Target;

/// The detail of a local link whose file is not there (`check` of a
/// folder): the link rules say it in the report's languages.
pub const FILE_NOT_FOUND: &str = "file not found";
use crate::page::links::{Link, ResourceKind};

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
    /// What the DNS says of DNSSEC for the zone holding the host name
    /// (stores written before it lack it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnssec: Option<DnssecFacts>,
}

/// DNSSEC as the DNS publishes it for the zone that holds a host name: the
/// zone is found from the SOA the DNS gives for the name, then asked for its
/// keys (DNSKEY) and its parent for the delegation signer (DS) that links
/// the zone to the chain of trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnssecFacts {
    /// The zone (the owner of the SOA record), e.g. `tinh.gov.vn`.
    pub zone: String,
    /// The zone publishes DNSKEY records (it is signed).
    pub dnskey: bool,
    /// Its parent publishes a DS record for it (the signature can be validated).
    pub ds: bool,
    /// The resolver marked an answer as authenticated (the AD flag of a
    /// validating resolver).
    pub authenticated: bool,
    /// Why a DNSSEC question got no answer, if one did not (SERVFAIL, a
    /// timeout, no SOA): the facts above are then incomplete.
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

/// A link as it is recorded: the element it is on, its text, and where it
/// points once resolved. One record serves every source of links (a page's
/// elements, a feed's items) and every resolution (a crawled URL, a local file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRecord {
    /// The attribute value as written.
    pub href: String,
    /// The resolved URL without fragment (http/https, normalised), the file
    /// path (local links), or `href` for other schemes.
    pub target: String,
    /// The scheme (`https`, `file`, `mailto`, `javascript`, …; empty for an empty href).
    pub scheme: String,
    /// The fragment, when the link has one.
    pub fragment: Option<String>,
    /// The element's tag.
    pub tag: String,
    /// The link text.
    pub text: String,
    /// Where the link is.
    pub element: Target,
}

impl LinkRecord {
    /// The record of an extracted link, resolved to `target`.
    #[must_use]
    pub fn of(link: &Link, target: String, scheme: String, fragment: Option<String>) -> Self {
        Self {
            href: link.href.clone(),
            target,
            scheme,
            fragment,
            tag: link.tag.clone(),
            text: link.text.clone(),
            element: link.target.clone(),
        }
    }

    /// [`LinkRecord::of`], taking the link's texts and element instead of
    /// copying them.
    #[must_use]
    pub fn from_link(link: Link, target: String, scheme: String, fragment: Option<String>) -> Self {
        Self {
            href: link.href,
            target,
            scheme,
            fragment,
            tag: link.tag,
            text: link.text,
            element: link.target,
        }
    }
}

/// What asking for a URL (or looking for a local file) gave: the crawler's
/// record of a link target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Status class ([`LinkStatus::Unchecked`] when it was not asked).
    pub status: LinkStatus,
    /// Its final HTTP status, when there was an answer.
    pub http_status: Option<u16>,
    /// Where the redirects ended, when there was an answer.
    pub final_url: Option<String>,
    /// The redirect chain.
    pub redirects: Vec<RedirectHop>,
    /// The network error or skip reason, when any.
    pub detail: Option<String>,
}

/// One link with what is known about its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkResult {
    /// The page (or feed) the link is on.
    pub source: String,
    /// The link.
    pub link: LinkRecord,
    /// What its target gave.
    pub answer: Answer,
    /// Whether the fragment names a fragment target of the target page
    /// ([`Answer::fragment_found`]); `None` when there is no fragment or the
    /// target's fragment targets are unknown.
    pub fragment_found: Option<bool>,
}

impl Answer {
    /// Whether a link's `fragment` is found in the target. `has_anchor` says
    /// whether the target page holds a fragment target (`id`, `a name`) of
    /// that name, when the target was read. A fragment is found when the
    /// target answered and holds it; `#top` always is (browsers scroll to
    /// the top). `None`: no fragment, or nothing to look it up in.
    #[must_use]
    pub fn fragment_found(
        &self,
        fragment: Option<&str>,
        has_anchor: Option<impl Fn(&str) -> bool>,
    ) -> Option<bool> {
        let answered = matches!(self.status, LinkStatus::Ok | LinkStatus::Redirect);
        match (fragment, has_anchor) {
            (Some(fragment), Some(has)) if answered => {
                Some(fragment.eq_ignore_ascii_case("top") || has(fragment))
            }
            _ => None,
        }
    }
}

/// A link from a page to a document or a feed, with the linking element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceLink {
    /// The target, resolved against the page (URL, or path for local files).
    pub url: String,
    /// Document or feed.
    pub kind: ResourceKind,
    /// The linking element.
    pub target: Target,
    /// The link text (or the feed's title attribute).
    pub text: String,
}

/// The documents and feeds a page links to, from its extracted links (see
/// [`crate::page::links::Link::resource`]), each resolved by `resolve`
/// (`check`: [`resolve_href`] against the page; `audit`: the crawler's
/// normalisation against the page's base, so they match the frontier).
pub fn resource_links(
    links: &[Link],
    resolve: impl Fn(&str) -> Option<String>,
) -> Vec<ResourceLink> {
    links
        .iter()
        .filter_map(|link| {
            let kind = link.resource?;
            Some(ResourceLink {
                url: resolve(&link.href)?,
                kind,
                target: link.target.clone(),
                text: link.text.clone(),
            })
        })
        .collect()
}

/// Resolves `href` against a page URL (http, https) or a local file path.
/// Fragments and queries of local paths are dropped; `mailto:` and other
/// schemes give `None`.
#[must_use]
pub fn resolve_href(page_url: &str, href: &str) -> Option<String> {
    if let Ok(base) = url::Url::parse(page_url)
        && matches!(base.scheme(), "http" | "https")
    {
        let mut joined = base.join(href).ok()?;
        joined.set_fragment(None);
        return matches!(joined.scheme(), "http" | "https").then(|| joined.to_string());
    }
    if let Ok(absolute) = url::Url::parse(href) {
        // An absolute link from a local page: keep it as a URL.
        return matches!(absolute.scheme(), "http" | "https").then(|| absolute.to_string());
    }
    let path = crate::page::links::decode_path(href.split(['#', '?']).next()?);
    if path.is_empty() {
        return None;
    }
    let base_dir = std::path::Path::new(page_url)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let joined = if path.starts_with('/') {
        std::path::PathBuf::from(path)
    } else {
        base_dir.join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".to_string());
                }
            }
            std::path::Component::CurDir => {}
            std::path::Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    Some(parts.join("/"))
}

/// What the crawler learnt about a link target. The crawler records it; link
/// rules judge it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
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
    /// A link to a loopback, private or reserved address from a site the user
    /// did not name as such (`crawl::address`): not fetched.
    PrivateAddress,
    /// Matches an exclude pattern, or external checking is off.
    Excluded,
    /// robots.txt forbids fetching it.
    RobotsDisallowed,
    /// Not an http(s) URL, or not checked yet.
    #[default]
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
            LinkStatus::PrivateAddress => "private_address",
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
            LinkStatus::PrivateAddress,
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

/// An input that could not be audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file or URL.
    pub input: String,
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// What happened, in the run's language (`src/messages.toml`); a network
    /// library's or an analyser's own detail inside it is kept as it came.
    pub message: String,
}

/// The kind of an input that could not be audited (`kind` in reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A file or folder that cannot be read.
    Unreadable,
    /// An empty file or body.
    Empty,
    /// Not text (NUL bytes without a UTF-16 byte order mark).
    Binary,
    /// Larger than the limit.
    TooLarge,
    /// The request failed (network, TLS, timeout, …).
    Fetch,
    /// The server answered with an error status.
    Http,
    /// HTML served with another content type.
    ContentType,
    /// The analysis of a fetched page failed.
    PageNotAnalysed,
    /// A linked document or feed could not be analysed.
    ResourceNotAnalysed,
    /// The browser could not render the page (`--render chromium`): the
    /// served HTML was still checked.
    Render,
    /// The rendered page asked for an address the address policy refuses
    /// (`--render chromium`): the request was never connected.
    RenderBlocked,
    /// Elements nested deeper than the parser's limit (512) were not built:
    /// the page was checked without them.
    DepthLimited,
}

impl ProblemKind {
    /// The id used in reports and the store.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "unreadable",
            ProblemKind::Empty => "empty",
            ProblemKind::Binary => "binary",
            ProblemKind::TooLarge => "too_large",
            ProblemKind::Fetch => "fetch",
            ProblemKind::Http => "http",
            ProblemKind::ContentType => "content_type",
            ProblemKind::PageNotAnalysed => "page_not_analysed",
            ProblemKind::ResourceNotAnalysed => "resource_not_analysed",
            ProblemKind::Render => "render",
            ProblemKind::RenderBlocked => "render_blocked",
            ProblemKind::DepthLimited => "depth_limited",
        }
    }

    /// The kind with this id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(id.to_string())).ok()
    }
}

impl std::fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// The EMC monitoring code as found in the served HTML of a site's home
/// page (`shared/legal/README.md` §8b): the fact `emc-code-missing` judges,
/// kept for the report so an auditor can compare the site id with EMC's
/// register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmcSite {
    /// The home page looked at.
    pub url: String,
    /// Whether the code was found in its served HTML.
    pub found: bool,
    /// The line of the first sign of the code, when found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The site id the code gives to `setSiteId`, when readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id: Option<String>,
}
