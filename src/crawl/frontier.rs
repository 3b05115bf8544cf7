//! The frontier as the crawler sees it: what it decides for each URL, what
//! it learns, and the [`Frontier`] it records into. The store persists it
//! (`store` implements [`Frontier`]), so an audit can stop at any moment and
//! resume; the crawler neither knows SQLite nor builds reports.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::Result;
use crate::facts::{Answer, LinkRecord, LinkStatus, Problem, ResourceLink, XmlSitemapFacts};
use crate::page::links::ResourceKind;
use crate::resource::ResourceFacts;

/// What to do with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Fetch, parse and audit (a page of a site).
    Crawl,
    /// Only check that it answers.
    Check,
    /// Fetch and analyse a linked document or an advertised feed.
    Resource(ResourceKind),
    /// Do not fetch; the status says why.
    Skip,
}

impl Action {
    /// The id the store keeps.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Action::Crawl => "crawl",
            Action::Check => "check",
            Action::Resource(ResourceKind::Document) => "document",
            Action::Resource(ResourceKind::Feed) => "feed",
            Action::Skip => "skip",
        }
    }

    /// The action with this id (anything else: [`Action::Skip`]).
    #[must_use]
    pub fn from_id(id: &str) -> Self {
        match id {
            "crawl" => Action::Crawl,
            "check" => Action::Check,
            "document" => Action::Resource(ResourceKind::Document),
            "feed" => Action::Resource(ResourceKind::Feed),
            _ => Action::Skip,
        }
    }
}

/// A URL to add to the frontier.
#[derive(Debug, Clone)]
pub struct NewUrl {
    /// Normalised URL.
    pub url: String,
    /// Its site, when inside one.
    pub site: Option<String>,
    /// Link depth.
    pub depth: u32,
    /// What to do.
    pub action: Action,
    /// A link to it has a fragment: read its anchors.
    pub need_anchors: bool,
    /// For [`Action::Skip`]: the status and the reason.
    pub skip: Option<(LinkStatus, String)>,
}

/// The wall-clock time the budgets have counted (`[limits] audit_budget_secs`,
/// `site_budget_secs`), over every run of the audit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpentTime {
    /// The crawl's.
    pub audit: std::time::Duration,
    /// Each site's, from its first request.
    pub sites: BTreeMap<String, std::time::Duration>,
}

/// A queued URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// Row id.
    pub id: i64,
    /// URL.
    pub url: String,
    /// Site.
    pub site: Option<String>,
    /// Depth.
    pub depth: u32,
    /// What to do.
    pub action: Action,
    /// Read anchors.
    pub need_anchors: bool,
}

/// What the frontier already holds of a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// What was decided.
    pub action: Action,
    /// Whether it is still to be fetched.
    pub queued: bool,
    /// Whether its anchors are asked for.
    pub anchors: bool,
}

/// What was learnt about a URL.
#[derive(Debug, Clone, Default)]
pub struct UrlResult {
    /// What asking for it gave.
    pub answer: Answer,
    /// The page's fragment targets, when it was parsed.
    pub anchors: Option<Vec<String>>,
    /// When the answer came (RFC 3339, UTC, seconds), when it was asked.
    pub at: Option<String>,
    /// The audited site whose URL it is, when it is one's.
    pub site: Option<String>,
    /// The failure, when no answer came: for the log, in its language (the
    /// store keeps `answer.detail`).
    pub error: Option<super::fetch::FetchError>,
}

/// A site as the frontier keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Root URL.
    pub root: String,
    /// Role.
    pub role: Option<String>,
    /// Found by the crawler, not configured.
    pub discovered: bool,
    /// What happened reading robots.txt, when not plain.
    pub robots: Option<String>,
    /// `Crawl-delay` honoured, seconds.
    pub crawl_delay: Option<f64>,
}

/// An audited page, to record with everything it adds, all or nothing.
#[derive(Debug)]
pub struct PageDone<'a, P> {
    /// The frontier URL fetched.
    pub url: &'a str,
    /// What fetching it gave.
    pub result: &'a UrlResult,
    /// The final address of a redirected page, recorded as done so it is not
    /// audited again.
    pub landed: Option<&'a str>,
    /// What the analysis made of it (for the store; the crawler does not look).
    pub page: P,
    /// The documents and feeds it links to, by their frontier URLs.
    pub resources: Vec<ResourceLink>,
    /// Its links.
    pub links: &'a [LinkRecord],
    /// The URLs its links add or change.
    pub new_urls: &'a [NewUrl],
}

/// A fetched document or feed, to record with the links of a feed's items.
#[derive(Debug, Clone, Copy)]
pub struct ResourceDone<'a> {
    /// Its frontier URL.
    pub url: &'a str,
    /// What fetching it gave.
    pub result: &'a UrlResult,
    /// The site whose feed it is, for its item links.
    pub site: Option<&'a str>,
    /// What the analysis found, when it was fetched.
    pub facts: Option<&'a ResourceFacts>,
    /// Why it could not be analysed, if so.
    pub problem: Option<&'a Problem>,
    /// The links of a feed's items.
    pub links: &'a [LinkRecord],
    /// The URLs they add.
    pub new_urls: &'a [NewUrl],
}

/// Where the crawl is recorded. Every `finish_*` is all or nothing; writes
/// between [`Frontier::begin_batch`] and [`Frontier::commit_batch`] are
/// committed together (what a batch holds is lost if the process dies, and
/// its URLs, still queued, are fetched again on resume).
pub trait Frontier {
    /// What the analysis of a page gives the store.
    type Page;

    /// Starts a batch (nothing when one is open).
    ///
    /// # Errors
    /// When the store cannot be written.
    fn begin_batch(&mut self) -> Result<()>;
    /// Commits the open batch, if any.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn commit_batch(&mut self) -> Result<()>;
    /// Every site, in the order added.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn sites(&self) -> Result<Vec<SiteRow>>;
    /// Adds a site (or updates what robots.txt said).
    ///
    /// # Errors
    /// When the store cannot be written.
    fn put_site(&self, site: &SiteRow) -> Result<()>;
    /// Keeps what looking for a site's XML sitemap found.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn put_xml_sitemap(&self, site: &str, facts: &XmlSitemapFacts) -> Result<()>;
    /// Adds URLs (a URL already there keeps its decision; a queued check may
    /// become a crawl or a resource fetch; anchors may be asked for).
    ///
    /// # Errors
    /// When the store cannot be written.
    fn add_urls(&mut self, urls: &[NewUrl]) -> Result<()>;
    /// Adds a site's seeds as [`Frontier::add_urls`] does, together with
    /// which of them only a sitemap lists (page candidates that are left
    /// out, not checked, once the page limit is spent), all or nothing.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn add_seeds(&mut self, urls: &[NewUrl], listed_only: &[&str]) -> Result<()>;
    /// The queued URLs only a sitemap lists: marked by
    /// [`Frontier::add_seeds`], and no recorded page or feed links to them
    /// (what `--resume` starts from).
    ///
    /// # Errors
    /// When the store cannot be read.
    fn listed_only(&self) -> Result<HashSet<String>>;
    /// The time the budgets' clocks had counted when the last run left off
    /// (what `--resume` counts on from).
    ///
    /// # Errors
    /// When the store cannot be read.
    fn spent(&self) -> Result<SpentTime>;
    /// Keeps the time the budgets' clocks have counted so far.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn put_spent(&mut self, spent: &SpentTime) -> Result<()>;
    /// What is decided for a URL, and whether it is still queued.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn known(&self, url: &str) -> Result<Option<(Action, bool)>>;
    /// [`Frontier::known`] for many URLs at once.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn known_many(&self, urls: &mut dyn Iterator<Item = &str>) -> Result<HashMap<String, Known>>;
    /// Where a fetched URL ended after redirects.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn final_url_of(&self, url: &str) -> Result<Option<String>>;
    /// The next queued URLs of one site (`None`: URLs of no site), shallowest
    /// first, leaving out those in flight: the crawler takes turns between
    /// sites, so one huge or slow site does not hold the others back.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn next_queued_in(
        &self,
        site: Option<&str>,
        limit: usize,
        in_flight: &HashSet<i64>,
    ) -> Result<Vec<Queued>>;
    /// The sites (`None`: no site) that have URLs queued.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn queued_sites(&self) -> Result<Vec<Option<String>>>;
    /// Changes the decision for a queued URL when its turn comes (a page
    /// candidate once its site's page limit is spent: only checked, or
    /// skipped when no page links to it).
    ///
    /// # Errors
    /// When the store cannot be written.
    fn redecide(&mut self, new: &NewUrl) -> Result<()>;
    /// Leaves every URL of a site (`None`: of no site) still queued, with
    /// the reason (a time budget spent): recorded as excluded, not fetched.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn leave_queued(&mut self, site: Option<&str>, reason: &str) -> Result<()>;
    /// Documents and feeds per site to be (or already) fetched.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn resource_counts(&self) -> Result<BTreeMap<String, usize>>;
    /// Records a checked URL, or a crawl that gave no page (with the problem).
    ///
    /// # Errors
    /// When the store cannot be written.
    fn finish_url(
        &mut self,
        url: &str,
        result: &UrlResult,
        problem: Option<&Problem>,
    ) -> Result<()>;
    /// Records an audited page.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn finish_page(&mut self, done: PageDone<'_, Self::Page>) -> Result<()>;
    /// Records a fetched document or feed.
    ///
    /// # Errors
    /// When the store cannot be written.
    fn finish_resource(&mut self, done: ResourceDone<'_>) -> Result<()>;
    /// Pages audited per site (for progress).
    ///
    /// # Errors
    /// When the store cannot be read.
    fn pages_per_site(&self) -> Result<BTreeMap<String, usize>>;
    /// URLs still queued (for progress).
    ///
    /// # Errors
    /// When the store cannot be read.
    fn queued_count(&self) -> Result<usize>;
    /// Whether a page of `site` (a URL to crawl) is still queued.
    ///
    /// # Errors
    /// When the store cannot be read.
    fn pages_queued_in(&self, site: &str) -> Result<bool>;
}
