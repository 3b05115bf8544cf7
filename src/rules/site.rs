//! What site rules read: the facts the store holds about one site after its
//! crawl, including every link's result as the crawler recorded it.

use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

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
    /// The EMC monitoring code in the served HTML, when found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emc: Option<crate::rules::standards::EmcCode>,
    /// Why the page does not fit small screens, when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<crate::rules::standards::MobileIssue>,
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
            emc: crate::rules::standards::find_emc_code(page),
            mobile: crate::rules::standards::judge_mobile(page),
        }
    }
}

/// What repeats from page to page of a site, kept once while the site's
/// pages are read for the site rules ([`SiteData::pages`]): the menu, sidebar
/// and footer links, the headings of the template, the header and footer
/// texts, the `<meta>` elements. Without it every page's copy stayed in
/// memory (≈ 8 KB of RSS a page of the scale benchmark's shape, 200 MB for a
/// site of 20 000 pages; docs/scale.md). Only the reader of a site's pages
/// holds one, and drops it with the read; the pages keep what they share.
#[derive(Debug, Default)]
pub struct SharedParts {
    links: HashSet<Arc<crate::rules::content::facts::Link>>,
    headings: HashSet<Arc<crate::rules::content::facts::Heading>>,
    texts: HashSet<Arc<str>>,
    metas: HashSet<Arc<BTreeMap<String, String>>>,
}

impl SharedParts {
    /// Makes `page` share what an earlier page of the site already holds
    /// (equal values, so the rules read the same facts), and gives back the
    /// room its lists were decoded with beyond their length.
    pub fn share(&mut self, page: &mut SitePage) {
        let facts = &mut page.content;
        for link in &mut facts.links {
            Self::one(&mut self.links, link);
        }
        for heading in &mut facts.headings {
            Self::one(&mut self.headings, heading);
        }
        Self::one(&mut self.texts, &mut facts.header_text);
        Self::one(&mut self.texts, &mut facts.footer_text);
        Self::one(&mut self.metas, &mut facts.meta);
        facts.links.shrink_to_fit();
        facts.headings.shrink_to_fit();
        facts.breadcrumbs.shrink_to_fit();
        facts.tables.shrink_to_fit();
        facts.dates.shrink_to_fit();
        facts.notices.shrink_to_fit();
        facts.notes.shrink_to_fit();
        facts.procedure.shrink_to_fit();
        facts.forms.shrink_to_fit();
        page.resource_links.shrink_to_fit();
    }

    fn one<T: Eq + Hash + ?Sized>(kept: &mut HashSet<Arc<T>>, value: &mut Arc<T>) {
        match kept.get(value) {
            Some(first) => *value = Arc::clone(first),
            None => {
                kept.insert(Arc::clone(value));
            }
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{SharedParts, SitePage};
    use crate::rules::content::facts::{Heading, Link, PageFacts, Place};

    fn page(url: &str, own: &str) -> SitePage {
        let link = |text: &str, href: &str, place| {
            Arc::new(Link {
                text: text.into(),
                href: href.into(),
                place,
            })
        };
        SitePage {
            url: url.into(),
            content: PageFacts {
                links: vec![
                    link("Trang chủ", "/", Place::Menu),
                    link(own, &format!("/{own}"), Place::Body),
                ],
                headings: vec![Arc::new(Heading {
                    level: 2,
                    text: "Chuyên mục".into(),
                    place: Place::Sidebar,
                })],
                footer_text: "Cơ quan chủ quản: UBND tỉnh".into(),
                ..PageFacts::default()
            },
            ..SitePage::default()
        }
    }

    #[test]
    fn pages_share_what_repeats_and_keep_the_same_facts() {
        let (a, b) = (page("/a", "a"), page("/b", "b"));
        let mut shared = SharedParts::default();
        let (mut a2, mut b2) = (a.clone(), b.clone());
        shared.share(&mut a2);
        shared.share(&mut b2);
        assert_eq!((&a2, &b2), (&a, &b));
        let (fa, fb) = (&a2.content, &b2.content);
        assert!(Arc::ptr_eq(&fa.links[0], &fb.links[0]));
        assert!(!Arc::ptr_eq(&fa.links[1], &fb.links[1]));
        assert!(Arc::ptr_eq(&fa.headings[0], &fb.headings[0]));
        assert!(Arc::ptr_eq(&fa.footer_text, &fb.footer_text));
        assert!(Arc::ptr_eq(&fa.meta, &fb.meta));
        // The store's JSON is the same as when every part was owned.
        let json = serde_json::to_value(&a2).unwrap();
        assert_eq!(json["content"]["links"][0]["text"], "Trang chủ");
        assert_eq!(
            json["content"]["footer_text"],
            "Cơ quan chủ quản: UBND tỉnh"
        );
        assert_eq!(serde_json::from_value::<SitePage>(json).unwrap(), a);
    }
}
