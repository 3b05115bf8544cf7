//! What site rules read: the facts the store holds about one site after its crawl.

use serde::{Deserialize, Serialize};

use crate::page::Page;
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
    /// What the content rules need of the page (menus, headings, dates, …).
    #[serde(default)]
    pub content: PageFacts,
}

impl SitePage {
    /// What a site rule may need of a page, taken while the page is parsed
    /// (the DOM is not kept: pages are dropped after their page rules ran).
    #[must_use]
    pub fn from_page(page: &Page) -> Self {
        Self {
            url: page.url.clone(),
            status: page.status,
            title: page.title(),
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
}
