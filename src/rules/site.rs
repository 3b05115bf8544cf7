//! What site rules read: the facts the store holds about one site after its
//! crawl, including every link's result as the crawler recorded it.

use serde::{Deserialize, Serialize};

use crate::page::links::Link;
use crate::page::{Page, Target};
use crate::resource::{LinkKind, ResourceFacts};
use crate::rules::content::facts::PageFacts;

// The crawl's facts live in `crate::facts` (below the crawler and the rules);
// rules name them from here too.
pub use crate::facts::{
    Answer, CertificateStatus, DnsFacts, HttpAnswer, LinkRecord, LinkResult, LinkStatus,
    RedirectHop, ResourceLink, SitemapFile, SitemapState, TlsFacts, TransportFacts,
    XmlSitemapFacts, resolve_href, resource_links,
};

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

impl SiteData {
    /// Adds one of the site's links. A plain link — an http(s) or local
    /// link that answered 2xx without redirect, not empty nor `#`, whose
    /// fragment (if any) is not missing — is only counted ([`Self::links_ok`]),
    /// so memory stays small on big sites; every other link is kept for the
    /// link rules.
    pub fn add_link(&mut self, link: LinkResult) {
        if Self::is_plain(
            &link.link.href,
            &link.link.scheme,
            &link.answer,
            link.fragment_found,
        ) {
            self.links_ok += 1;
        } else {
            self.links.push(link);
        }
    }

    /// Whether a link is plain (see [`Self::add_link`]), from the parts that
    /// decide it (the store asks before it reads the rest of the row).
    #[must_use]
    pub fn is_plain(
        href: &str,
        scheme: &str,
        answer: &Answer,
        fragment_found: Option<bool>,
    ) -> bool {
        answer.status == LinkStatus::Ok
            && answer.redirects.is_empty()
            && fragment_found != Some(false)
            && !matches!(href.trim(), "" | "#")
            && matches!(scheme, "http" | "https" | "file")
    }

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
