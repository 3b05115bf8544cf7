//! The audit store: one SQLite file per audit holding the run's settings,
//! the runs, the frontier (every URL seen, with what was decided and learnt
//! about it, and when), the pages with their rule outcomes, the links, the
//! findings and the site outcomes. It is the single source of truth: it is
//! written in transactions as the crawl goes (a page's report, findings,
//! links and the URLs it adds commit together with the page being marked
//! done), so an audit killed at any moment resumes without losing or
//! duplicating a finding, and the report is rendered from it without
//! crawling ([`crate::audit::load_report`]).
//!
//! By concern: the schema, opening and batches here; how values are kept
//! (JSON, deflated blobs, `texts` bodies: [`blob`]); findings written and
//! read back ([`findings`]); the typed run settings ([`settings`]); the frontier the crawler records into ([`frontier`], the
//! [`crate::crawl::Frontier`] implementation); what site rules read
//! ([`site`]); what `check` records of links between local files ([`local`]);
//! what the report is assembled from ([`report`]).

mod blob;
mod findings;
pub mod frontier;
mod links;
pub mod local;
mod measured;
mod migrate;
pub mod report;
pub mod settings;
pub mod site;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

use blob::{deflated, deflated_json, inflated, json, parse_json, text_body};
use findings::{NewTexts, TextIds, put_finding, put_finding_json, text_digest};

pub use frontier::PageRecord;
#[cfg(any(test, feature = "test-hooks"))]
pub use migrate::downgrade as test_hook_downgrade;
pub use report::ReportParts;
pub use settings::{OutputSettings, RunSettings, RunState};
// The frontier's vocabulary is the crawler's; named from here too.
pub use crate::crawl::{Action, NewUrl, Queued, SiteRow, UrlResult};

/// The version of the store's layout; a store of another one is not resumed
/// or read (its audit is started afresh, and the message says so).
///
/// 3: links are compact (issue #19): each distinct URL once in `link_urls`,
/// a link row holds ids and the few columns queries read, and the rest of a
/// page's links (href, text, element) is one deflated blob per page in
/// `link_details`; a finding is its occurrence (where: URL, element,
/// fingerprint) and the id of its shared part (rule, messages, legal bases,
/// …) kept once in `texts`; a page's report entry and facts are deflated
/// JSON.
///
/// 4: a finding's row also holds what the report's order sorts by (`url`,
/// `line`, `rule`, `selector`, copied out of its occurrence and shared part),
/// indexed by `findings_order`, so `ORDER BY site, url, line, rule,
/// selector, id` is [`crate::report::sort_findings`]'s order and the report
/// can be read from the store in it, one finding at a time
/// ([`Store::each_finding_in_report_order`]).
///
/// 5: a store under 20 KB a page (issue #19): `texts.body` is deflated JSON
/// (read only through [`text_body`]) keyed by a digest of its JSON
/// (`texts.digest`, so a finding's shared part is found without comparing
/// bodies); a page's links are `links` rows clustered by the page's
/// `link_details` row (`WITHOUT ROWID`, keyed by `(details, ord)`), which
/// holds the page's site and source once instead of every link row (no
/// `links.site`, no `links_site` index); new stores have 16 KB database
/// pages ([`PAGE_SIZE`]). [`migrate::from_4`].
pub const FORMAT: u32 = 5;

/// The database page size of a new store: the per-page blobs (report entry,
/// facts, link details: 1–4 KB each) fill 4 KB pages badly (README, "At the
/// scale issue's page shape").
const PAGE_SIZE: u32 = 16_384;

/// The page cache of a store's connection, in KB (SQLite's default is 2 MB):
/// the indexes written on every page (link targets, URLs, findings) outgrow
/// 2 MB within a few hundred pages, and each page read back missed the cache
/// (a 2 004-page audit: 89 677 `pread64` calls with the default, 11 939 with
/// 8 MB, no fewer with 16 or 32 MB). At most 8 MB more memory per store.
const CACHE_KB: u32 = 8_192;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS run(id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE IF NOT EXISTS sites(
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, name TEXT NOT NULL, root TEXT NOT NULL,
  role TEXT, discovered INTEGER NOT NULL DEFAULT 0, robots TEXT, crawl_delay REAL);
CREATE TABLE IF NOT EXISTS urls(
  id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, site TEXT, depth INTEGER NOT NULL,
  action TEXT NOT NULL, state TEXT NOT NULL, need_anchors INTEGER NOT NULL DEFAULT 0,
  status TEXT, http_status INTEGER, final_url TEXT, redirects TEXT, detail TEXT, anchors TEXT,
  fetched_at TEXT);
CREATE INDEX IF NOT EXISTS urls_queue ON urls(state, depth, id);
-- The crawler's turns between sites read the queue per site.
CREATE INDEX IF NOT EXISTS urls_site_queue ON urls(state, site, depth, id);
CREATE INDEX IF NOT EXISTS urls_site ON urls(site, action);
CREATE TABLE IF NOT EXISTS pages(url TEXT PRIMARY KEY, seq INTEGER NOT NULL, site TEXT NOT NULL, report TEXT NOT NULL, facts TEXT);
CREATE INDEX IF NOT EXISTS pages_site ON pages(site);
CREATE TABLE IF NOT EXISTS link_urls(id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE);
-- A page's links (layout 5): its site and source once, the details blob last (read only when needed).
CREATE TABLE IF NOT EXISTS link_details(
  id INTEGER PRIMARY KEY, site TEXT NOT NULL, source INTEGER NOT NULL, details BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS link_details_site ON link_details(site);
CREATE TABLE IF NOT EXISTS links(
  details INTEGER NOT NULL, ord INTEGER NOT NULL, target INTEGER NOT NULL,
  scheme TEXT NOT NULL, fragment TEXT, tag TEXT NOT NULL, blank INTEGER NOT NULL,
  PRIMARY KEY(details, ord)) WITHOUT ROWID;
-- body: deflated JSON, read through text_body; digest: the first 16 bytes of its JSON's SHA-256.
CREATE TABLE IF NOT EXISTS texts(id INTEGER PRIMARY KEY, digest BLOB NOT NULL, body BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS texts_digest ON texts(digest);
-- url, line, rule and selector repeat the occurrence's and the shared part's: the report's order (layout 4).
CREATE TABLE IF NOT EXISTS findings(
  id INTEGER PRIMARY KEY, scope TEXT NOT NULL, site TEXT NOT NULL, shared INTEGER NOT NULL, occurrence TEXT NOT NULL,
  url TEXT, line INTEGER, rule TEXT, selector TEXT);
CREATE INDEX IF NOT EXISTS findings_site ON findings(scope, site);
CREATE INDEX IF NOT EXISTS findings_order ON findings(site, url, line, rule, selector, id);
CREATE TABLE IF NOT EXISTS site_outcomes(site TEXT NOT NULL, rule TEXT NOT NULL, outcome TEXT NOT NULL, PRIMARY KEY(site, rule));
CREATE TABLE IF NOT EXISTS site_checklists(site TEXT PRIMARY KEY, checklist TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site_emc(site TEXT PRIMARY KEY, emc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site_sitemaps(site TEXT PRIMARY KEY, facts TEXT NOT NULL);
-- Seeds only a sitemap lists (issue 22: kept for --resume; a stored link to one ends it).
CREATE TABLE IF NOT EXISTS listed_only(url TEXT PRIMARY KEY);
-- Seconds the time budgets counted (issue 22): lane '' is the audit's, else a site id.
CREATE TABLE IF NOT EXISTS spent(lane TEXT PRIMARY KEY, secs REAL NOT NULL);
CREATE TABLE IF NOT EXISTS site_probes(site TEXT PRIMARY KEY, facts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources(url TEXT PRIMARY KEY, kind TEXT NOT NULL, facts TEXT NOT NULL);
-- Several problems may concern one input (a page cut by the nesting limit whose browser render was refused requests).
CREATE TABLE IF NOT EXISTS problems(
  input TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY(input, kind, message));
";

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The `link_urls` ids read or added lately ([`links::LinkIds`]).
    link_ids: links::LinkIds,
    /// The `texts` ids read or added lately ([`TextIds`]).
    text_ids: TextIds,
}

fn db_err(path: &Path, e: &rusqlite::Error) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// What lies at a store's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// Nothing.
    Absent,
    /// A portal-audit store (of any layout).
    Ours,
    /// Something else: never replaced, never written to.
    Foreign,
}

/// Where a store is made before it is renamed to `path`: `.<name>.creating` beside it.
fn creating_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.creating"))
}

/// Removes an SQLite file of ours and its journal files.
fn remove_with_journal(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Whether a creation of the store at `path` was stopped before the store
/// was whole (its half-made file is still beside it).
#[must_use]
pub fn creation_stopped(path: &Path) -> bool {
    creating_path(path).exists()
}

/// Whether `path` holds a portal-audit store, looked at without writing: an
/// SQLite file (its 16-byte header) with the `run` table of settings (or, for
/// the first layout, `meta` and `urls`).
#[must_use]
pub fn ownership(path: &Path) -> Ownership {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return if path.symlink_metadata().is_ok() {
            Ownership::Foreign
        } else {
            Ownership::Absent
        };
    };
    let mut header = [0u8; 16];
    if file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Ownership::Foreign;
    }
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let ours = Connection::open_with_flags(path, flags)
        .and_then(|conn| {
            // This layout's `run`, or the first layout's `meta` with `urls`.
            conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND (name = 'run' \
                 OR (name = 'meta' AND EXISTS \
                   (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'urls')))",
                [],
                |row| row.get::<_, i64>(0),
            )
        })
        .is_ok_and(|n| n >= 1);
    if ours {
        Ownership::Ours
    } else {
        Ownership::Foreign
    }
}

/// The lock of a store for one run: an exclusive lock on `<store>.lock`
/// (held until the process ends, released by the system even after
/// `kill -9`), which holds the pid of its run. A second `audit` or
/// `--resume` on the store stops at once instead of racing the first.
#[derive(Debug)]
pub struct StoreLock {
    _file: std::fs::File,
}

impl StoreLock {
    /// Takes the lock of the store at `path`.
    ///
    /// # Errors
    /// [`Error::StoreInUse`] when another run holds it; [`Error::Write`] when
    /// the lock file cannot be written.
    pub fn acquire(path: &Path) -> Result<Self> {
        use std::io::{Read, Seek, Write};
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        let lock_path = PathBuf::from(lock_path);
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let write_err = |source| Error::Write {
            path: lock_path.clone(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(write_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.take(32).read_to_string(&mut pid);
                return Err(Error::StoreInUse {
                    path: path.to_path_buf(),
                    pid: pid.trim().to_string(),
                });
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(write_err(source)),
        }
        file.set_len(0).map_err(write_err)?;
        file.rewind().map_err(write_err)?;
        write!(file, "{}", std::process::id()).map_err(write_err)?;
        file.flush().map_err(write_err)?;
        Ok(Self { _file: file })
    }
}

impl Store {
    /// Creates a new store for a run with these settings, replacing a
    /// store of ours at `path` (never another file: [`Error::NotAStore`]).
    ///
    /// # Errors
    /// [`Error::NotAStore`] when `path` holds something else; [`Error::Store`]
    /// when the file cannot be written.
    pub fn create(path: &Path, settings: &RunSettings) -> Result<Self> {
        if ownership(path) == Ownership::Foreign {
            return Err(Error::NotAStore(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        // Made whole beside it, then renamed into place: a run killed in its
        // first moments leaves either no store or one with its settings,
        // never a store `--resume` cannot read (what a killed creation left
        // beside it is ours, by its name, and removed).
        let creating = creating_path(path);
        remove_with_journal(&creating);
        {
            let store = Self::open_inner(&creating)?;
            store.write_settings(settings)?;
            crate::crawl::crash_point("store-creating");
            // Closing it checkpoints its journal into the file.
        }
        remove_with_journal(path);
        std::fs::rename(&creating, path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
        crate::crawl::crash_point("store-created");
        Self::open_inner(path)
    }

    /// Opens an existing store.
    ///
    /// # Errors
    /// [`Error::Store`] when it does not exist, is not a store, or was
    /// written by a version of another layout.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "no such store (was the audit started with the same --out or --store?)"
                    .into(),
            });
        }
        if ownership(path) != Ownership::Ours {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "not a portal-audit store (left as it is)".into(),
            });
        }
        let mut store = Self::connect(path)?;
        // The layout is read before anything is written: a store of the
        // previous layout is migrated, one of another is refused untouched.
        if store.stored_format() == Some(2) {
            migrate::from_2(&mut store)?;
        }
        if store.stored_format() == Some(3) {
            migrate::from_3(&mut store)?;
        }
        // After 3 → 4, which reads the bodies of `texts` as JSON text.
        if store.stored_format() == Some(4) {
            migrate::from_4(&mut store)?;
        }
        // Reading the settings says whether it is a store of this layout.
        store.settings()?;
        migrate::problems_per_input(&mut store)?;
        store
            .conn
            .execute_batch(SCHEMA)
            .map_err(|e| store.err(&e))?;
        Ok(store)
    }

    fn open_inner(path: &Path) -> Result<Self> {
        let store = Self::connect(path)?;
        store
            .conn
            .execute_batch(SCHEMA)
            .map_err(|e| store.err(&e))?;
        Ok(store)
    }

    /// Another connection to this store's file, which reads what is
    /// committed while this one goes on writing (WAL lets readers work
    /// beside the writer) and writes nothing (`query_only`): the site
    /// judgments read their sites on threads of their own.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn reader(&self) -> Result<Store> {
        let reader = Self::connect(&self.path)?;
        reader
            .conn
            .execute_batch("PRAGMA query_only = ON")
            .map_err(|e| reader.err(&e))?;
        Ok(reader)
    }

    fn connect(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(|e| db_err(path, &e))?;
        // The page size only takes for a new file (before WAL is set).
        conn.execute_batch(&format!(
            "PRAGMA page_size={PAGE_SIZE}; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
             PRAGMA busy_timeout=5000; PRAGMA cache_size=-{CACHE_KB};"
        ))
        .map_err(|e| db_err(path, &e))?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            link_ids: links::LinkIds::default(),
            text_ids: TextIds::default(),
        })
    }

    /// The layout version written in the store's settings, if it has any.
    fn stored_format(&self) -> Option<u32> {
        self.conn
            .query_row(
                "SELECT json_extract(settings, '$.format') FROM run WHERE id = 1",
                [],
                |r| r.get::<_, Option<u32>>(0),
            )
            .ok()
            .flatten()
    }

    fn err(&self, e: &rusqlite::Error) -> Error {
        db_err(&self.path, e)
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
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
        if !self.conn.is_autocommit()
            && let Err(e) = self.conn.execute_batch("COMMIT")
        {
            // The batch may be undone: the ids it added are not known any more.
            self.link_ids.clear();
            self.text_ids.0.clear();
            return Err(self.err(&e));
        }
        Ok(())
    }

    /// The JSON texts of the first column of `sql` (with `params`), parsed as
    /// each row is read: the texts of 20 000 pages are never all in memory at
    /// once. A row that no longer parses is left out, and said in the log.
    fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each_json_row(sql, params, |value| out.push(value))?;
        Ok(out)
    }

    /// [`Self::json_rows`], each value given to `each` as it is parsed.
    fn each_json_row<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut each: impl FnMut(T),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let mut rows = stmt.query(params).map_err(|e| self.err(&e))?;
        let mut unreadable = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let cell = row.get_ref(0).map_err(|e| self.err(&e))?;
            match parse_json(cell) {
                Some(value) => each(value),
                None => unreadable += 1,
            }
        }
        if unreadable > 0 {
            tracing::warn!(
                "{}: {unreadable} rows of `{sql}` do not parse and are left out",
                self.path.display()
            );
        }
        Ok(())
    }

    /// Calls `each` with every page's report entry in URL order, one at a
    /// time; a row that no longer parses is left out, and said in the log.
    ///
    /// # Errors
    /// [`Error::Store`], and `each`'s.
    pub fn try_each_page<E: From<Error>>(
        &self,
        each: impl FnMut(crate::report::model::PageReport) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.try_each_page_by("SELECT report FROM pages ORDER BY url", [], each)
    }

    /// The pages' report entries of the rows of `sql` (`report`), one at a
    /// time; a row that no longer parses is left out, and said in the log.
    ///
    /// # Errors
    /// [`Error::Store`], and `each`'s.
    pub(crate) fn try_each_page_by<E: From<Error>>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut each: impl FnMut(crate::report::model::PageReport) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let mut rows = stmt.query(params).map_err(|e| self.err(&e))?;
        let mut unreadable = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let cell = row.get_ref(0).map_err(|e| self.err(&e))?;
            match parse_json(cell) {
                Some(page) => each(page)?,
                None => unreadable += 1,
            }
        }
        if unreadable > 0 {
            tracing::warn!(
                "{}: {unreadable} rows of `{sql}` do not parse and are left out",
                self.path.display()
            );
        }
        Ok(())
    }

    /// One JSON value of `sql`, if there is a row and it parses.
    fn json_row<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Option<T>> {
        Ok(self.json_rows(sql, params)?.into_iter().next())
    }

    /// A test hook, built only with the `test-hooks` feature (which `cargo
    /// test` enables, never a release build): `PORTAL_AUDIT_TEST_STORE_FULL_AFTER_PAGES=N`
    /// lets the file grow by N more database pages only, so the next writes
    /// fail as on a full disk.
    #[cfg(feature = "test-hooks")]
    pub fn test_hook_fill_up(&self) -> Result<()> {
        let Some(extra) = std::env::var("PORTAL_AUDIT_TEST_STORE_FULL_AFTER_PAGES")
            .ok()
            .and_then(|n| n.parse::<u64>().ok())
        else {
            return Ok(());
        };
        let pages: u64 = self
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        self.conn
            .query_row(
                &format!("PRAGMA max_page_count = {}", pages + extra),
                [],
                |_| Ok(()),
            )
            .map_err(|e| self.err(&e))
    }
}

#[cfg(test)]
mod tests;
