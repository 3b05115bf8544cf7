//! The audit store: one SQLite file per audit holding the configuration, the
//! runs, the frontier (every URL seen, with what was decided and learnt about
//! it), the pages with their rule outcomes, the links, the findings and the
//! site outcomes. It is the single source of truth: it is written in
//! transactions as the crawl goes (a page's report, findings, links and the
//! URLs it adds commit together with the page being marked done), so an
//! audit killed at any moment resumes without losing or duplicating a
//! finding, and [`load_report`] renders the report from it without crawling.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::facts::{LinkResult, LinkStatus, RedirectHop};
use crate::page::Target;
use crate::report::model::{
    CrawlReport, CrawlSite, Finding, PageReport, Problem, RedirectChain, Report, SiteReport,
    SkippedUrl,
};
use crate::resource::ResourceFacts;
use crate::rules::Outcome;
use crate::rules::site::SitePage;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE IF NOT EXISTS sites(
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, name TEXT NOT NULL, root TEXT NOT NULL,
  role TEXT, discovered INTEGER NOT NULL DEFAULT 0, robots TEXT, crawl_delay REAL);
CREATE TABLE IF NOT EXISTS urls(
  id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, site TEXT, depth INTEGER NOT NULL,
  action TEXT NOT NULL, state TEXT NOT NULL, need_anchors INTEGER NOT NULL DEFAULT 0,
  status TEXT, http_status INTEGER, final_url TEXT, redirects TEXT, detail TEXT, anchors TEXT);
CREATE INDEX IF NOT EXISTS urls_queue ON urls(state, depth, id);
CREATE TABLE IF NOT EXISTS pages(url TEXT PRIMARY KEY, seq INTEGER NOT NULL, site TEXT NOT NULL, report TEXT NOT NULL, facts TEXT);
CREATE TABLE IF NOT EXISTS links(
  id INTEGER PRIMARY KEY, site TEXT NOT NULL, source TEXT NOT NULL, href TEXT NOT NULL,
  target TEXT NOT NULL, scheme TEXT NOT NULL, fragment TEXT, tag TEXT NOT NULL, text TEXT NOT NULL,
  element TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS links_site ON links(site);
CREATE TABLE IF NOT EXISTS findings(id INTEGER PRIMARY KEY, scope TEXT NOT NULL, site TEXT NOT NULL, finding TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site_outcomes(site TEXT NOT NULL, rule TEXT NOT NULL, outcome TEXT NOT NULL, PRIMARY KEY(site, rule));
CREATE TABLE IF NOT EXISTS site_checklists(site TEXT PRIMARY KEY, checklist TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site_sitemaps(site TEXT PRIMARY KEY, facts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources(url TEXT PRIMARY KEY, kind TEXT NOT NULL, facts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS problems(input TEXT PRIMARY KEY, kind TEXT NOT NULL, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outages(url TEXT PRIMARY KEY, site TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL);
";

/// An audited page as stored: its report entry and the facts site rules read.
#[derive(Debug, Clone, Copy)]
pub struct PageRecord<'a> {
    /// The page's entry in the report.
    pub report: &'a PageReport,
    /// What site rules will need of it.
    pub facts: &'a SitePage,
}

/// A fetched document or feed as stored.
#[derive(Debug, Clone, Copy)]
pub struct ResourceRecord<'a> {
    /// Its URL (the frontier's).
    pub url: &'a str,
    /// The site whose feed it is, for its item links.
    pub site: Option<&'a str>,
    /// What the analysis found, when it was fetched.
    pub facts: Option<&'a ResourceFacts>,
    /// Why it could not be analysed, if so.
    pub problem: Option<&'a Problem>,
}

/// What to do with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Fetch, parse and audit (a page of a site).
    Crawl,
    /// Only check that it answers.
    Check,
    /// Fetch and analyse a linked document or an advertised feed.
    Resource(crate::resource::LinkKind),
    /// Do not fetch; the status says why.
    Skip,
}

impl Action {
    fn id(self) -> &'static str {
        match self {
            Action::Crawl => "crawl",
            Action::Check => "check",
            Action::Resource(crate::resource::LinkKind::Document) => "document",
            Action::Resource(crate::resource::LinkKind::Feed) => "feed",
            Action::Skip => "skip",
        }
    }
    fn from_id(id: &str) -> Self {
        match id {
            "crawl" => Action::Crawl,
            "check" => Action::Check,
            "document" => Action::Resource(crate::resource::LinkKind::Document),
            "feed" => Action::Resource(crate::resource::LinkKind::Feed),
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
    /// Crawl or check.
    pub action: Action,
    /// Read anchors.
    pub need_anchors: bool,
}

/// What was learnt about a URL.
#[derive(Debug, Clone, Default)]
pub struct UrlResult {
    /// Status class.
    pub status: Option<LinkStatus>,
    /// Final HTTP status.
    pub http_status: Option<u16>,
    /// Final URL after redirects.
    pub final_url: Option<String>,
    /// Redirect chain.
    pub redirects: Vec<RedirectHop>,
    /// Error or note.
    pub detail: Option<String>,
    /// The page's fragment targets, when it was parsed.
    pub anchors: Option<Vec<String>>,
}

/// A link as stored.
#[derive(Debug, Clone)]
pub struct StoredLink {
    /// Href as written.
    pub href: String,
    /// Normalised target, or href for other schemes.
    pub target: String,
    /// Scheme.
    pub scheme: String,
    /// Fragment.
    pub fragment: Option<String>,
    /// Tag.
    pub tag: String,
    /// Link text.
    pub text: String,
    /// Element.
    pub element: Target,
}

/// A site row.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Root.
    pub root: String,
    /// Role.
    pub role: Option<String>,
    /// Discovered.
    pub discovered: bool,
    /// robots.txt note.
    pub robots: Option<String>,
    /// Crawl-delay.
    pub crawl_delay: Option<f64>,
}

/// What the store holds for a report: sites, pages, findings, problems and the crawl.
pub type ReportParts = (
    Vec<SiteReport>,
    Vec<PageReport>,
    Vec<Finding>,
    Vec<Problem>,
    CrawlReport,
);

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn db_err(path: &Path, e: &rusqlite::Error) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl Store {
    /// Creates a new store, replacing any file at `path`.
    ///
    /// # Errors
    /// [`Error::Store`] when the file cannot be written.
    pub fn create(path: &Path) -> Result<Self> {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Self::open_inner(path)
    }

    /// Opens an existing store.
    ///
    /// # Errors
    /// [`Error::Store`] when it does not exist or is not a store.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "no such store (was the audit started with the same --out or --store?)"
                    .into(),
            });
        }
        let store = Self::open_inner(path)?;
        if store.meta("config")?.is_none() {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "not a portal-audit store".into(),
            });
        }
        Ok(store)
    }

    fn open_inner(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(|e| db_err(path, &e))?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        )
        .map_err(|e| db_err(path, &e))?;
        conn.execute_batch(SCHEMA).map_err(|e| db_err(path, &e))?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn err(&self, e: &rusqlite::Error) -> Error {
        db_err(&self.path, e)
    }

    /// Starts a batch: the writes that follow (each still all-or-nothing)
    /// are committed together by [`Store::commit_batch`]. One commit for many
    /// pages instead of one each; should the process die, the pages of an
    /// uncommitted batch are still queued in the store and `--resume` fetches
    /// them again. Does nothing when a batch is already open.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn begin_batch(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN").map_err(|e| self.err(&e))?;
        }
        Ok(())
    }

    /// Commits the open batch, if any.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn commit_batch(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.conn
                .execute_batch("COMMIT")
                .map_err(|e| self.err(&e))?;
        }
        Ok(())
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A metadata value.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// Sets a metadata value.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// Records that a request to `site`'s own URL got no usable answer (see
    /// [`crate::report::availability`]); a later failure of the same URL
    /// (after `--resume`) replaces it.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn record_outage(
        &self,
        site: &str,
        outage: &crate::report::availability::Outage,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO outages(url, site, at, kind) VALUES (?1, ?2, ?3, ?4)",
                params![outage.url, site, outage.at, outage.kind],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// The failed requests to `site`'s own URLs, in time order.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn outages(&self, site: &str) -> Result<Vec<crate::report::availability::Outage>> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, at, kind FROM outages WHERE site = ?1 ORDER BY at, url")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([site], |r| {
                Ok(crate::report::availability::Outage {
                    url: r.get(0)?,
                    at: r.get(1)?,
                    kind: r.get(2)?,
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(&e))
    }

    /// Records the start of a run (the first or a resumption); returns how many runs there were before.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn start_run(&self, started_at: &str) -> Result<u32> {
        let before: u32 = self
            .conn
            .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        self.conn
            .execute("INSERT INTO runs(started_at) VALUES (?1)", [started_at])
            .map_err(|e| self.err(&e))?;
        Ok(before)
    }

    /// Records the end of the current run.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn finish_run(&self, finished_at: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?1 WHERE id = (SELECT max(id) FROM runs)",
                [finished_at],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// Adds or updates a site.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn put_site(&self, site: &SiteRow) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO sites(id, ord, name, root, role, discovered, robots, crawl_delay)
                 VALUES (?1, (SELECT count(*) FROM sites), ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET robots = excluded.robots, crawl_delay = excluded.crawl_delay",
                params![
                    site.id,
                    site.name,
                    site.root,
                    site.role,
                    site.discovered,
                    site.robots,
                    site.crawl_delay
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// Every site, in the order added.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn sites(&self) -> Result<Vec<SiteRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, root, role, discovered, robots, crawl_delay FROM sites ORDER BY ord")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SiteRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    root: r.get(2)?,
                    role: r.get(3)?,
                    discovered: r.get(4)?,
                    robots: r.get(5)?,
                    crawl_delay: r.get(6)?,
                })
            })
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))?;
        Ok(rows)
    }

    /// Adds URLs to the frontier in one transaction (existing URLs are kept;
    /// a queued check becomes a crawl when asked, and anchors are asked for).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn add_urls(&mut self, urls: &[NewUrl]) -> Result<()> {
        let path = self.path.clone();
        let tx = self.conn.savepoint().map_err(|e| db_err(&path, &e))?;
        insert_urls(&tx, urls).map_err(|e| db_err(&path, &e))?;
        tx.commit().map_err(|e| db_err(&path, &e))
    }

    /// How many URLs of each site are (or were) to be crawled.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn crawl_counts(&self) -> Result<BTreeMap<String, usize>> {
        self.counts_per_site("action = 'crawl'")
    }

    /// How many documents and feeds of each site are (or were) to be fetched.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn resource_counts(&self) -> Result<BTreeMap<String, usize>> {
        self.counts_per_site("action IN ('document', 'feed')")
    }

    /// URLs per site whose row matches `condition` (a fixed SQL expression).
    fn counts_per_site(&self, condition: &str) -> Result<BTreeMap<String, usize>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT site, count(*) FROM urls WHERE {condition} AND site IS NOT NULL GROUP BY site"
            ))
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, usize>(1)?)))
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .map_err(|e| self.err(&e))?;
        Ok(rows)
    }

    /// What the frontier already decided for a URL: its action and whether it is still queued.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn known(&self, url: &str) -> Result<Option<(Action, bool)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT action, state FROM urls WHERE url = ?1")
            .map_err(|e| self.err(&e))?;
        stmt.query_row([url], |r| {
            Ok((
                Action::from_id(&r.get::<_, String>(0)?),
                r.get::<_, String>(1)? == "queued",
            ))
        })
        .optional()
        .map_err(|e| self.err(&e))
    }

    /// [`Store::known`] for many URLs in one query (the targets of a page's
    /// links): the URLs already in the frontier, with their action, whether
    /// they are still queued and whether their anchors are asked for.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn known_many<'u>(
        &self,
        urls: impl Iterator<Item = &'u str>,
    ) -> Result<HashMap<String, (Action, bool, bool)>> {
        // A page links to the same URL many times: ask once.
        let mut urls: Vec<&str> = urls.collect();
        urls.sort_unstable();
        urls.dedup();
        let mut known = HashMap::new();
        if urls.is_empty() {
            return Ok(known);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT url, action, state, need_anchors FROM urls WHERE url IN (SELECT value FROM json_each(?1))",
            )
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt
            .query([serde_json::to_string(&urls).unwrap_or_default()])
            .map_err(|e| self.err(&e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let read = || -> rusqlite::Result<(String, Action, bool, bool)> {
                Ok((
                    row.get(0)?,
                    Action::from_id(row.get_ref(1)?.as_str()?),
                    row.get_ref(2)?.as_str()? == "queued",
                    row.get::<_, bool>(3)?,
                ))
            };
            let (url, action, queued, anchors) = read().map_err(|e| self.err(&e))?;
            known.insert(url, (action, queued, anchors));
        }
        Ok(known)
    }

    /// Where a fetched URL ended after redirects.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn final_url_of(&self, url: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT final_url FROM urls WHERE url = ?1", [url], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(&e))
    }

    /// The next queued URLs, shallowest first, skipping `exclude` (in flight).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn next_queued(
        &self,
        limit: usize,
        exclude: &std::collections::HashSet<i64>,
    ) -> Result<Vec<Queued>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, url, site, depth, action, need_anchors FROM urls
                 WHERE state = 'queued' ORDER BY depth, id LIMIT ?1",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([(limit + exclude.len()) as i64], |r| {
                Ok(Queued {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    site: r.get(2)?,
                    depth: r.get(3)?,
                    action: Action::from_id(&r.get::<_, String>(4)?),
                    need_anchors: r.get(5)?,
                })
            })
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))?;
        Ok(rows
            .into_iter()
            .filter(|q| !exclude.contains(&q.id))
            .take(limit)
            .collect())
    }

    /// Records a checked (not crawled) URL, or a crawl that gave no page.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn finish_url(
        &mut self,
        url: &str,
        result: &UrlResult,
        problem: Option<&Problem>,
    ) -> Result<()> {
        let path = self.path.clone();
        let tx = self.conn.savepoint().map_err(|e| db_err(&path, &e))?;
        update_url(&tx, url, result).map_err(|e| db_err(&path, &e))?;
        if let Some(p) = problem {
            insert_problem(&tx, p).map_err(|e| db_err(&path, &e))?;
        }
        tx.commit().map_err(|e| db_err(&path, &e))
    }

    /// Records an audited page: its result, report and facts, findings, links and the
    /// URLs it adds, all in one transaction. `landed`: the final address of
    /// a redirected page, recorded as done so it is not audited again.
    ///
    /// # Errors
    /// [`Error::Store`].
    #[allow(
        clippy::too_many_arguments,
        reason = "one transaction takes every part of a page"
    )]
    pub fn finish_page(
        &mut self,
        url: &str,
        result: &UrlResult,
        landed: Option<&str>,
        page: PageRecord<'_>,
        findings: &[Finding],
        links: &[StoredLink],
        new_urls: &[NewUrl],
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        update_url(&tx, url, result).map_err(e)?;
        if let Some(landed) = landed {
            tx.execute(
                "INSERT INTO urls(url, site, depth, action, state, status, http_status, final_url, anchors)
                 SELECT ?1, site, depth, 'crawl', 'done', 'ok', http_status, ?1, anchors FROM urls WHERE url = ?2
                 ON CONFLICT(url) DO NOTHING",
                params![landed, url],
            )
            .map_err(e)?;
        }
        tx.execute(
            // `seq`: the recording order (max(rowid) is a look-up; count(*) read the whole table).
            "INSERT OR REPLACE INTO pages(url, seq, site, report, facts)
             VALUES (?1, (SELECT coalesce(max(rowid), 0) FROM pages), ?2, ?3, ?4)",
            params![
                page.report.url,
                page.report.site,
                json(page.report),
                json(page.facts)
            ],
        )
        .map_err(e)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO findings(scope, site, finding) VALUES ('page', ?1, ?2)",
                )
                .map_err(e)?;
            for f in findings {
                stmt.execute(params![f.site, json(f)]).map_err(e)?;
            }
        }
        insert_links(&tx, &page.report.site, &page.report.url, links).map_err(e)?;
        insert_urls(&tx, new_urls).map_err(e)?;
        tx.commit().map_err(e)
    }

    /// Records a fetched document or feed: its URL result, its facts, the
    /// problem when it could not be analysed, the links of a feed's items
    /// (with the feed as their source, in `site`) and the URLs they add, in
    /// one transaction.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn finish_resource(
        &mut self,
        result: &UrlResult,
        resource: ResourceRecord<'_>,
        links: &[StoredLink],
        new_urls: &[NewUrl],
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        update_url(&tx, resource.url, result).map_err(e)?;
        if let Some(facts) = resource.facts {
            tx.execute(
                "INSERT OR REPLACE INTO resources(url, kind, facts) VALUES (?1, ?2, ?3)",
                params![resource.url, Action::Resource(facts.kind).id(), json(facts)],
            )
            .map_err(e)?;
        }
        if let Some(problem) = resource.problem {
            insert_problem(&tx, problem).map_err(e)?;
        }
        if let Some(site) = resource.site {
            insert_links(&tx, site, resource.url, links).map_err(e)?;
        }
        insert_urls(&tx, new_urls).map_err(e)?;
        tx.commit().map_err(e)
    }

    /// The facts of the resources with these URLs that were analysed.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn resources(&self, urls: &[&str]) -> Result<Vec<ResourceFacts>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT facts FROM resources WHERE url = ?1")
            .map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        for url in urls {
            let text: Option<String> = stmt
                .query_row([url], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(&e))?;
            if let Some(facts) = text.and_then(|t| serde_json::from_str(&t).ok()) {
                out.push(facts);
            }
        }
        Ok(out)
    }

    /// Records a problem (an input that could not be audited).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn add_problem(&self, problem: &Problem) -> Result<()> {
        insert_problem(&self.conn, problem).map_err(|e| self.err(&e))
    }

    /// Queued URLs left.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn queued_count(&self) -> Result<usize> {
        self.conn
            .query_row(
                "SELECT count(*) FROM urls WHERE state = 'queued'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }

    /// Pages audited, in all.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn page_count(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM pages", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// Pages audited per site.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn pages_per_site(&self) -> Result<BTreeMap<String, usize>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT site, count(*) FROM pages GROUP BY site")
            .map_err(|e| self.err(&e))?;
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, usize>(1)?)))
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .map_err(|e| self.err(&e))
    }

    /// Records what looking for a site's XML sitemap found (kept for
    /// `--resume`, which does not look again).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn put_xml_sitemap(&self, site: &str, facts: &crate::facts::XmlSitemapFacts) -> Result<()> {
        let text = json(facts);
        self.conn
            .execute(
                "INSERT INTO site_sitemaps(site, facts) VALUES (?1, ?2)
                 ON CONFLICT(site) DO UPDATE SET facts = excluded.facts",
                params![site, text],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// What site rules read about one site.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn site_data(&self, site: &SiteRow) -> Result<crate::rules::SiteData> {
        let mut data = crate::rules::SiteData {
            id: site.id.clone(),
            root: site.root.clone(),
            role: site.role.clone(),
            ..Default::default()
        };
        data.xml_sitemap = self
            .conn
            .query_row(
                "SELECT facts FROM site_sitemaps WHERE site = ?1",
                [&site.id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map_err(|e| self.err(&e))?
            .and_then(|text| serde_json::from_str(&text).ok());
        let mut stmt = self
            .conn
            .prepare("SELECT facts FROM pages WHERE site = ?1 ORDER BY url")
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([&site.id]).map_err(|e| self.err(&e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let text: Option<String> = row.get(0).map_err(|e| self.err(&e))?;
            if let Some(page) = text.and_then(|t| serde_json::from_str::<SitePage>(&t).ok()) {
                data.pages.push(page);
            }
        }
        let mut wanted: Vec<&str> = data
            .pages
            .iter()
            .flat_map(|p| p.resource_links.iter().map(|l| l.url.as_str()))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let resources = self.resources(&wanted)?;
        data.resources = resources;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT l.source, l.href, l.target, l.scheme, l.fragment, l.tag, l.text, l.element,
                        u.status, u.http_status, u.redirects, u.detail, u.anchors, u.final_url
                 FROM links l LEFT JOIN urls u ON u.url = l.target
                 WHERE l.site = ?1 ORDER BY l.id",
            )
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([&site.id]).map_err(|e| self.err(&e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(&e))? {
            let get = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let fragment: Option<String> = get(4).map_err(|e| self.err(&e))?;
            let status = get(8)
                .map_err(|e| self.err(&e))?
                .and_then(|s| LinkStatus::from_id(&s))
                .unwrap_or(LinkStatus::Unchecked);
            let redirects: Vec<RedirectHop> = get(10)
                .map_err(|e| self.err(&e))?
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default();
            let scheme: String = r.get(3).map_err(|e| self.err(&e))?;
            let anchors: Option<String> = get(12).map_err(|e| self.err(&e))?;
            let fragment_found = match (&fragment, &anchors) {
                (Some(f), Some(a)) if matches!(status, LinkStatus::Ok | LinkStatus::Redirect) => {
                    Some(f.eq_ignore_ascii_case("top") || a.split('\n').any(|x| x == f))
                }
                _ => None,
            };
            let href: String = r.get(1).map_err(|e| self.err(&e))?;
            let plain = status == LinkStatus::Ok
                && fragment_found != Some(false)
                && !matches!(href.trim(), "" | "#")
                && redirects.is_empty()
                && matches!(scheme.as_str(), "http" | "https");
            if plain {
                data.links_ok += 1;
                continue;
            }
            let element: String = r.get(7).map_err(|e| self.err(&e))?;
            data.links.push(LinkResult {
                source: r.get(0).map_err(|e| self.err(&e))?,
                href,
                target: r.get(2).map_err(|e| self.err(&e))?,
                scheme,
                fragment,
                tag: r.get(5).map_err(|e| self.err(&e))?,
                text: r.get(6).map_err(|e| self.err(&e))?,
                element: serde_json::from_str(&element).unwrap_or_default(),
                status,
                http_status: r.get(9).map_err(|e| self.err(&e))?,
                redirects,
                final_url: get(13).map_err(|e| self.err(&e))?,
                detail: get(11).map_err(|e| self.err(&e))?,
                fragment_found,
            });
        }
        Ok(data)
    }

    /// Replaces a site's site-rule outcomes and findings (one transaction, so
    /// running site rules again never duplicates).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn put_site_results(
        &mut self,
        site: &str,
        outcomes: &crate::rules::Outcomes,
        findings: &[Finding],
        checklist: Option<&crate::rules::content::checklist::Checklist>,
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        tx.execute(
            "DELETE FROM findings WHERE scope = 'site' AND site = ?1",
            [site],
        )
        .map_err(e)?;
        tx.execute("DELETE FROM site_outcomes WHERE site = ?1", [site])
            .map_err(e)?;
        tx.execute("DELETE FROM site_checklists WHERE site = ?1", [site])
            .map_err(e)?;
        if let Some(checklist) = checklist {
            tx.execute(
                "INSERT INTO site_checklists(site, checklist) VALUES (?1, ?2)",
                params![site, json(checklist)],
            )
            .map_err(e)?;
        }
        for (rule, outcome) in outcomes.iter() {
            tx.execute(
                "INSERT INTO site_outcomes(site, rule, outcome) VALUES (?1, ?2, ?3)",
                params![site, rule, outcome.id()],
            )
            .map_err(e)?;
        }
        for f in findings {
            tx.execute(
                "INSERT INTO findings(scope, site, finding) VALUES ('site', ?1, ?2)",
                params![site, json(f)],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// The JSON texts of the first column of `sql`, parsed as each row is
    /// read: the texts of 20 000 pages are never all in memory at once. A row
    /// that no longer parses (a store written by another version) is left out,
    /// and said in the log.
    fn json_rows<T: serde::de::DeserializeOwned>(&self, sql: &str) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        let mut unreadable = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let text = row.get_ref(0).map_err(|e| self.err(&e))?;
            match serde_json::from_slice(text.as_bytes().unwrap_or_default()) {
                Ok(value) => out.push(value),
                Err(_) => unreadable += 1,
            }
        }
        if unreadable > 0 {
            tracing::warn!(
                "{}: {unreadable} rows of `{sql}` do not parse (written by another version?) and are left out",
                self.path.display()
            );
        }
        Ok(out)
    }

    /// The parts of the report the store holds.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn report_parts(&self) -> Result<ReportParts> {
        // Pages in URL order, whatever order the crawl recorded them in.
        let pages: Vec<PageReport> = self.json_rows("SELECT report FROM pages ORDER BY url")?;
        let findings: Vec<Finding> = self.json_rows("SELECT finding FROM findings ORDER BY id")?;
        let mut problems = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT input, kind, message FROM problems ORDER BY input")
                .map_err(|e| self.err(&e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(Problem {
                        input: r.get(0)?,
                        kind: r.get(1)?,
                        message: r.get(2)?,
                    })
                })
                .map_err(|e| self.err(&e))?;
            for row in rows {
                problems.push(row.map_err(|e| self.err(&e))?);
            }
        }
        let mut outcomes: BTreeMap<String, BTreeMap<String, Outcome>> = BTreeMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT site, rule, outcome FROM site_outcomes")
                .map_err(|e| self.err(&e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(|e| self.err(&e))?;
            for row in rows {
                let (site, rule, outcome) = row.map_err(|e| self.err(&e))?;
                if let Ok(o) = serde_json::from_value::<Outcome>(serde_json::Value::String(outcome))
                {
                    outcomes.entry(site).or_default().insert(rule, o);
                }
            }
        }
        let site_rows = self.sites()?;
        let mut crawl = CrawlReport {
            store: self.path.display().to_string(),
            ..CrawlReport::default()
        };
        let mut sites = Vec::new();
        for s in &site_rows {
            let pages_n = pages.iter().filter(|p| p.site == s.id).count();
            let queued: usize = self
                .conn
                .query_row(
                    "SELECT count(*) FROM urls WHERE site = ?1 AND state = 'queued'",
                    [&s.id],
                    |r| r.get(0),
                )
                .map_err(|e| self.err(&e))?;
            sites.push(SiteReport {
                id: s.id.clone(),
                name: s.name.clone(),
                root: s.root.clone(),
                role: s.role.clone(),
                pages: pages_n,
                outcomes: outcomes.remove(&s.id).map(Into::into).unwrap_or_default(),
                checklist: self
                    .conn
                    .query_row(
                        "SELECT checklist FROM site_checklists WHERE site = ?1",
                        [&s.id],
                        |r| r.get::<_, String>(0),
                    )
                    .ok()
                    .and_then(|text| serde_json::from_str(&text).ok()),
                availability: crate::report::availability::summarise(
                    &s.root,
                    &self.outages(&s.id)?,
                ),
            });
            crawl.sites.push(CrawlSite {
                id: s.id.clone(),
                root: s.root.clone(),
                discovered: s.discovered,
                robots: s.robots.clone(),
                crawl_delay_secs: s.crawl_delay,
                pages: pages_n,
                queued,
            });
        }
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT url, site, status, detail, redirects, final_url, state FROM urls
                     WHERE action = 'skip' OR redirects IS NOT NULL ORDER BY url",
                )
                .map_err(|e| self.err(&e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                })
                .map_err(|e| self.err(&e))?;
            for row in rows {
                let (url, site, status, detail, redirects, final_url) =
                    row.map_err(|e| self.err(&e))?;
                let hops: Vec<RedirectHop> = redirects
                    .as_deref()
                    .and_then(|s| serde_json::from_str(s).ok())
                    .unwrap_or_default();
                if !hops.is_empty() {
                    crawl.redirects.push(RedirectChain {
                        url: url.clone(),
                        hops,
                        final_url: final_url.clone(),
                        status: status.clone().unwrap_or_default(),
                    });
                    continue;
                }
                let status = status.unwrap_or_default();
                let detail = detail.unwrap_or_default();
                let kind = if status == "robots_disallowed" {
                    "robots_disallowed"
                } else if detail.starts_with("crawl trap") {
                    "trap"
                } else {
                    "excluded"
                };
                crawl.skipped.push(SkippedUrl {
                    url,
                    site,
                    kind: kind.to_string(),
                    reason: detail,
                });
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT coalesce(status, 'queued'), count(*) FROM urls GROUP BY 1")
                .map_err(|e| self.err(&e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, usize>(1)?)))
                .map_err(|e| self.err(&e))?;
            for row in rows {
                let (k, v) = row.map_err(|e| self.err(&e))?;
                crawl.link_status.insert(k, v);
            }
        }
        crawl.links = self
            .conn
            .query_row("SELECT count(*) FROM links", [], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        crawl.resumed = self
            .conn
            .query_row("SELECT max(count(*) - 1, 0) FROM runs", [], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        crawl.complete = self.meta("state")?.as_deref() == Some("complete");
        crawl.ignore_robots = self.meta("ignore_robots")?.as_deref() == Some("true");
        crawl.user_agent = self.meta("user_agent")?.unwrap_or_default();
        Ok((sites, pages, findings, problems, crawl))
    }
}

fn insert_urls(tx: &Connection, urls: &[NewUrl]) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO urls(url, site, depth, action, state, need_anchors, status, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(url) DO UPDATE SET
           need_anchors = max(need_anchors, excluded.need_anchors),
           action = CASE WHEN state = 'queued' AND action = 'check' AND excluded.action = 'crawl'
                         THEN 'crawl'
                         WHEN state = 'queued' AND action IN ('check', 'crawl')
                              AND excluded.action IN ('document', 'feed')
                         THEN excluded.action ELSE action END",
    )?;
    for u in urls {
        let (state, status, detail) = match &u.skip {
            Some((status, reason)) => ("done", Some(status.id()), Some(reason.as_str())),
            None => ("queued", None, None),
        };
        insert.execute(params![
            u.url,
            u.site,
            u.depth,
            u.action.id(),
            state,
            u.need_anchors,
            status,
            detail
        ])?;
    }
    Ok(())
}

fn insert_links(
    tx: &Connection,
    site: &str,
    source: &str,
    links: &[StoredLink],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO links(site, source, href, target, scheme, fragment, tag, text, element)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for l in links {
        stmt.execute(params![
            site,
            source,
            l.href,
            l.target,
            l.scheme,
            l.fragment,
            l.tag,
            l.text,
            json(&l.element)
        ])?;
    }
    Ok(())
}

fn update_url(tx: &Connection, url: &str, r: &UrlResult) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE urls SET state = 'done', status = ?2, http_status = ?3, final_url = ?4,
                redirects = ?5, detail = ?6, anchors = ?7 WHERE url = ?1",
        params![
            url,
            r.status.map(LinkStatus::id),
            r.http_status,
            r.final_url,
            (!r.redirects.is_empty()).then(|| json(&r.redirects)),
            r.detail,
            r.anchors.as_ref().map(|a| a.join("\n")),
        ],
    )?;
    Ok(())
}

fn insert_problem(conn: &Connection, p: &Problem) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO problems(input, kind, message) VALUES (?1, ?2, ?3)",
        params![p.input, p.kind, p.message],
    )?;
    Ok(())
}

/// Renders the report of an audit from its store, without crawling: the
/// `report <store>` command calls this. The rules table and legal documents
/// come from `ruleset` (the embedded one plus any user file).
///
/// # Errors
/// [`Error::Store`] when the file is not a readable store.
pub fn load_report(path: &Path, ruleset: &crate::ruleset::Ruleset) -> Result<Report> {
    let store = Store::open(path)?;
    build_report(&store, ruleset)
}

/// Builds the report from an open store.
///
/// # Errors
/// [`Error::Store`].
pub fn build_report(store: &Store, ruleset: &crate::ruleset::Ruleset) -> Result<Report> {
    let (sites, pages, findings, problems, crawl) = store.report_parts()?;
    let config: crate::config::Config = store
        .meta("config")?
        .and_then(|c| serde_json::from_str(&c).ok())
        .unwrap_or_default();
    let as_of = store
        .meta("as_of")?
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let lang = match store.meta("lang")?.as_deref() {
        Some("en") => crate::ruleset::Lang::En,
        _ => crate::ruleset::Lang::Vi,
    };
    let fail_on = match store.meta("fail_on")?.as_deref() {
        Some("warning") => crate::gate::FailOn::Warning,
        Some("notice") => crate::gate::FailOn::Notice,
        Some("never") => crate::gate::FailOn::Never,
        _ => crate::gate::FailOn::Error,
    };
    let started_at = store
        .meta("started_at")?
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map_or_else(chrono::Utc::now, |d| d.with_timezone(&chrono::Utc));
    let inputs = config.sites.iter().map(|s| s.root.clone()).collect();
    let mut report = crate::report::assemble(crate::report::ReportParts {
        command: "audit",
        inputs,
        started_at,
        as_of,
        lang,
        fail_on,
        ruleset,
        sites,
        pages,
        findings,
        problems,
    });
    report.crawl = Some(crawl);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_that_do_not_parse_are_left_out_and_the_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("audit.sqlite")).unwrap();
        let rows: Vec<u32> = store
            .json_rows(
                "SELECT value FROM (SELECT '1' AS value UNION ALL SELECT 'not json' \
                 UNION ALL SELECT '3')",
            )
            .unwrap();
        assert_eq!(rows, vec![1, 3]);
    }
}
