//! What site rules read: the facts the store holds about one site after its
//! crawl, including every link's result as the crawler recorded it.

use serde::{Deserialize, Serialize};

use crate::page::links::Link;
use crate::page::{Page, Target};
use crate::resource::{LinkKind, ResourceFacts};
use crate::rules::content::facts::PageFacts;

/// One page of a site as the store holds it (no DOM: site rules do not re-parse).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePage {
    /// The page URL.
    pub url: String,
    /// The HTTP status, when fetched.
    pub status: Option<u16>,
    /// The page title.
    pub title: Option<String>,
    /// Documents and feeds the page links to.
    #[serde(default)]
    pub resource_links: Vec<ResourceLink>,
    /// The first form on the page that collects personal data, if any.
    #[serde(default)]
    pub personal_data_form: Option<Target>,
    /// Whether the page links to a privacy notice.
    #[serde(default)]
    pub links_privacy_notice: bool,
    /// What the content rules need of the page (menus, headings, dates, …).
    #[serde(default)]
    pub content: PageFacts,
}

/// A link from a page to a document or a feed, with the linking element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceLink {
    /// The target, resolved against the page (URL, or path for local files).
    pub url: String,
    /// Document or feed.
    pub kind: LinkKind,
    /// The linking element.
    pub target: Target,
    /// The link text (or the feed's title attribute).
    pub text: String,
}

impl SitePage {
    /// What a site rule may need of a page, taken while the page is parsed
    /// (the DOM is not kept: pages are dropped after their page rules ran).
    /// `links` are the page's links as [`crate::page::links::extract`] gives them.
    #[must_use]
    pub fn from_page(page: &Page, links: &[Link]) -> Self {
        Self {
            url: page.url.clone(),
            status: page.status,
            title: page.title(),
            resource_links: resource_links(links, |href| resolve_href(&page.url, href)),
            personal_data_form: crate::rules::privacy::first_personal_data_form(page)
                .map(|form| form.target()),
            links_privacy_notice: crate::rules::privacy::links_privacy_notice(page),
            content: crate::rules::content::facts::extract(page),
        }
    }
}

/// A site's data for site rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteData {
    /// The site id.
    pub id: String,
    /// Its root URL.
    pub root: String,
    /// Its role (portal, sở, UBND huyện, …), when configured.
    pub role: Option<String>,
    /// The pages audited.
    pub pages: Vec<SitePage>,
    /// The documents and feeds the pages link to, as far as they were read.
    #[serde(default)]
    pub resources: Vec<ResourceFacts>,
    /// How the site is served (HTTPS, TLS, redirects), when it was fetched.
    #[serde(default)]
    pub transport: Option<TransportFacts>,
    /// The DNS records of the site's host, when looked up.
    #[serde(default)]
    pub dns: Option<DnsFacts>,
    /// The site's links whose result needs judging: every link but the plain
    /// http(s) links answered 2xx without redirect whose fragment, if any, was
    /// found or could not be looked up (those are only counted in `links_ok`,
    /// so memory stays small on big sites).
    #[serde(default)]
    pub links: Vec<LinkResult>,
    /// Plain links that answered 2xx without redirect, their fragment (if any) not missing.
    #[serde(default)]
    pub links_ok: usize,
    /// What looking for the site's XML sitemap found; `None` when it was not
    /// looked for (sitemaps off, a single file or URL checked).
    #[serde(default)]
    pub xml_sitemap: Option<XmlSitemapFacts>,
}

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

impl SiteData {
    /// The home page: the page at the root URL (or `index.html` of the root folder).
    #[must_use]
    pub fn home_page(&self) -> Option<&SitePage> {
        let root = self.root.trim_end_matches('/');
        self.pages.iter().find(|page| {
            let url = page.url.trim_end_matches('/');
            url == root
                || ["index.html", "index.htm"].iter().any(|index| {
                    url == format!("{root}/{index}") || (root.is_empty() && url == *index)
                })
        })
    }

    /// The facts of a linked resource, if it was read.
    #[must_use]
    pub fn resource(&self, url: &str) -> Option<&ResourceFacts> {
        self.resources.iter().find(|r| r.url == url)
    }

    /// Each distinct linked resource of a kind with its first link and how many
    /// pages link to it, in the order first seen.
    #[must_use]
    pub fn linked_resources(&self, kind: LinkKind) -> Vec<(&SitePage, &ResourceLink, usize)> {
        let mut out: Vec<(&SitePage, &ResourceLink, usize)> = Vec::new();
        for page in &self.pages {
            for link in page.resource_links.iter().filter(|l| l.kind == kind) {
                match out.iter_mut().find(|(_, first, _)| first.url == link.url) {
                    Some((_, _, count)) => *count += 1,
                    None => out.push((page, link, 1)),
                }
            }
        }
        out
    }
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
