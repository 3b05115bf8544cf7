//! What site rules read: the facts the store holds about one site after its
//! crawl, including every link's result as the crawler recorded it.

use serde::{Deserialize, Serialize};

/// One page of a site as the store holds it (no DOM: site rules do not re-parse).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePage {
    /// The page URL.
    pub url: String,
    /// The HTTP status, when fetched.
    pub status: Option<u16>,
    /// The page title.
    pub title: Option<String>,
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
    /// The site's links whose result needs judging: every link but the plain
    /// http(s) links answered 2xx without redirect whose fragment, if any, was
    /// found or could not be looked up (those are only counted in `links_ok`,
    /// so memory stays small on big sites).
    #[serde(default)]
    pub links: Vec<LinkResult>,
    /// Plain links that answered 2xx without redirect, their fragment (if any) not missing.
    #[serde(default)]
    pub links_ok: usize,
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
