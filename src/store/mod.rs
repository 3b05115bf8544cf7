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
//! By concern: the schema, opening and batches here; the typed run settings
//! ([`settings`]); the frontier the crawler records into ([`frontier`], the
//! [`crate::crawl::Frontier`] implementation); what site rules read
//! ([`site`]); what `check` records of links between local files ([`local`]);
//! what the report is assembled from ([`report`]).

pub mod frontier;
pub mod local;
mod migrate;
pub mod report;
pub mod settings;
pub mod site;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};

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
CREATE INDEX IF NOT EXISTS links_target ON links(target);
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
    /// The `link_urls` ids read or added lately ([`frontier::LinkIds`]).
    link_ids: frontier::LinkIds,
    /// The `texts` ids read or added lately ([`TextIds`]).
    text_ids: TextIds,
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

/// The deflate level of the store's blobs (README, "At the scale issue's
/// page shape", measures the levels).
const DEFLATE_LEVEL: flate2::Compression = flate2::Compression::new(6);

/// A value's JSON deflated: how the large per-page values (a page's report
/// entry and its site facts) are kept; [`Store::json_rows`] reads both these
/// blobs and JSON texts.
fn deflated_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    deflated(&serde_json::to_vec(value).unwrap_or_default())
}

std::thread_local! {
    /// One deflate and one inflate state per thread, reset for each blob: a
    /// state made per blob (≈ 300 KB to deflate, 40 KB to inflate, aligned
    /// allocations) cost CPU and, read back by the thousand, fragmented the
    /// heap (`report` of a 2 004-page store: RSS 104 MB against 48 MB).
    static DEFLATE: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(DEFLATE_LEVEL, false));
    static INFLATE: std::cell::RefCell<flate2::Decompress> =
        std::cell::RefCell::new(flate2::Decompress::new(false));
}

/// `bytes` deflated (raw deflate; [`inflated`] reads it back).
fn deflated(bytes: &[u8]) -> Vec<u8> {
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(deflate.total_in()).unwrap_or(usize::MAX);
            let status = deflate.compress_vec(
                bytes.get(read..).unwrap_or_default(),
                &mut out,
                flate2::FlushCompress::Finish,
            );
            match status {
                Ok(flate2::Status::StreamEnd) | Err(_) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
    })
}

/// A blob of [`deflated`] inflated; `None` when it is damaged or cut short.
fn inflated(blob: &[u8]) -> Option<Vec<u8>> {
    INFLATE.with_borrow_mut(|inflate| {
        inflate.reset(false);
        let mut out = Vec::with_capacity(blob.len().saturating_mul(4).max(64));
        loop {
            let (read, written) = (inflate.total_in(), inflate.total_out());
            let status = inflate
                .decompress_vec(
                    blob.get(usize::try_from(read).ok()?..)?,
                    &mut out,
                    flate2::FlushDecompress::Finish,
                )
                .ok()?;
            match status {
                flate2::Status::StreamEnd => return Some(out),
                _ if out.len() == out.capacity() => out.reserve(out.capacity()),
                // No room was missing and nothing moved: the blob is cut short.
                _ if inflate.total_in() == read && inflate.total_out() == written => return None,
                _ => {}
            }
        }
    })
}

/// A JSON value from a column: a text, or a blob of [`deflated_json`].
fn parse_json<T: serde::de::DeserializeOwned>(cell: rusqlite::types::ValueRef<'_>) -> Option<T> {
    match cell {
        rusqlite::types::ValueRef::Blob(blob) => serde_json::from_slice(&inflated(blob)?).ok(),
        rusqlite::types::ValueRef::Text(text) => serde_json::from_slice(text).ok(),
        _ => None,
    }
}

/// A finding's shared part (or any value) parsed from a `texts.body` cell.
/// **Every read of `texts.body` goes through here**: layout 5 keeps the
/// bodies deflated (a blob of [`deflated_json`]), layouts 3–4 kept JSON text
/// (a store of those layouts is migrated when opened, but both are read).
/// `None` when the cell does not parse.
fn text_body<T: serde::de::DeserializeOwned>(cell: rusqlite::types::ValueRef<'_>) -> Option<T> {
    parse_json(cell)
}

/// The fields of a finding that tell one occurrence from another; the rest
/// (rule, severity, messages, legal bases, WCAG, arguments) is the same for
/// many findings and kept once ([`put_finding`]).
const OCCURRENCE_FIELDS: &[&str] = &[
    "url",
    "selector",
    "line",
    "column",
    "snippet",
    "fingerprint",
    "signature",
    "template",
    "view",
    "baseline_state",
];

/// What identifies a `texts` body: the first 16 bytes of the SHA-256 of its
/// JSON (a collision is beyond reach: 2⁶⁴ bodies for an even chance).
type TextDigest = [u8; 16];

fn text_digest(body: &str) -> TextDigest {
    use sha2::Digest as _;
    let full = sha2::Sha256::digest(body.as_bytes());
    let mut digest = [0u8; 16];
    digest.copy_from_slice(&full[..16]);
    digest
}

/// The `texts` ids of the shared parts the store has read or added, by
/// digest: most findings' shared part was written by an earlier finding of
/// the same rule, so it costs no look-up. As [`frontier::LinkIds`], only ids
/// of writes that committed enter it, it is emptied when a batch fails to
/// commit, and it holds at most [`TextIds::MAX`] ids.
#[derive(Debug, Default)]
struct TextIds(rustc_hash::FxHashMap<TextDigest, i64>);

impl TextIds {
    /// Ids kept at most (≈ 2 MB).
    const MAX: usize = 65_536;

    fn keep(&mut self, resolved: rustc_hash::FxHashMap<TextDigest, i64>) {
        if self.0.len() + resolved.len() > Self::MAX {
            self.0.clear();
        }
        self.0.extend(resolved);
    }
}

/// The `texts` ids one write resolves (kept in the store's [`TextIds`] once
/// it commits).
struct NewTexts<'a> {
    known: &'a TextIds,
    resolved: rustc_hash::FxHashMap<TextDigest, i64>,
}

impl<'a> NewTexts<'a> {
    fn new(known: &'a TextIds) -> Self {
        Self {
            known,
            resolved: rustc_hash::FxHashMap::default(),
        }
    }

    /// The id of `body` (a JSON text) in `texts`: known, read by its digest,
    /// or added (deflated) when new. Bodies are never compared.
    fn id(&mut self, tx: &Connection, body: &str) -> rusqlite::Result<i64> {
        let digest = text_digest(body);
        if let Some(&id) = self
            .known
            .0
            .get(&digest)
            .or_else(|| self.resolved.get(&digest))
        {
            return Ok(id);
        }
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM texts WHERE digest = ?1")?
            .query_row([&digest[..]], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO texts(digest, body) VALUES (?1, ?2)")?
                    .execute(rusqlite::params![&digest[..], deflated(body.as_bytes())])?;
                tx.last_insert_rowid()
            }
        };
        self.resolved.insert(digest, id);
        Ok(id)
    }
}

/// A finding's row: its occurrence's JSON, its shared part's JSON, and what
/// the report's order sorts by (layout 4).
struct FindingRow<'a> {
    shared: &'a str,
    occurrence: &'a str,
    url: Option<&'a str>,
    line: Option<i64>,
    rule: Option<&'a str>,
    selector: Option<&'a str>,
}

fn insert_finding(
    tx: &Connection,
    texts: &mut NewTexts<'_>,
    scope: &str,
    site: &str,
    row: &FindingRow<'_>,
) -> rusqlite::Result<()> {
    let shared = texts.id(tx, row.shared)?;
    tx.prepare_cached(
        "INSERT INTO findings(scope, site, shared, occurrence, url, line, rule, selector)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        scope,
        site,
        shared,
        row.occurrence,
        row.url,
        row.line,
        row.rule,
        row.selector
    ])?;
    Ok(())
}

/// Writes one finding given as a JSON object (a store of layout 2's) as its
/// occurrence and its shared part.
fn put_finding_json(
    tx: &Connection,
    texts: &mut NewTexts<'_>,
    scope: &str,
    site: &str,
    finding: serde_json::Value,
) -> rusqlite::Result<()> {
    let serde_json::Value::Object(mut shared) = finding else {
        return Ok(());
    };
    let mut occurrence = serde_json::Map::new();
    for key in OCCURRENCE_FIELDS {
        if let Some(value) = shared.remove(*key) {
            occurrence.insert((*key).to_string(), value);
        }
    }
    let text = |map: &serde_json::Map<String, serde_json::Value>, key: &str| {
        map.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let (url, rule, selector) = (
        text(&occurrence, "url"),
        text(&shared, "rule"),
        text(&occurrence, "selector"),
    );
    let line = occurrence.get("line").and_then(serde_json::Value::as_i64);
    let shared = serde_json::Value::Object(shared).to_string();
    let occurrence = serde_json::Value::Object(occurrence).to_string();
    let row = FindingRow {
        shared: &shared,
        occurrence: &occurrence,
        url: url.as_deref(),
        line,
        rule: rule.as_deref(),
        selector: selector.as_deref(),
    };
    insert_finding(tx, texts, scope, site, &row)
}

/// A finding's shared part as it is written (the fields but
/// [`OCCURRENCE_FIELDS`], serialised from the finding's own, keys in the
/// order JSON objects of layouts 3–4 had them).
#[derive(serde::Serialize)]
struct SharedPartOut<'a> {
    args: &'a std::collections::BTreeMap<String, String>,
    family: &'a Option<crate::ruleset::Family>,
    legal: &'a [crate::ruleset::AppliedBasis],
    message: &'a crate::lang::Localized,
    outcome: &'a crate::finding::Outcome,
    rule: &'a str,
    severity: &'a crate::ruleset::Severity,
    site: &'a str,
    wcag: &'a [String],
}

/// A finding's occurrence as it is written ([`OCCURRENCE_FIELDS`]; what it
/// does not have is left out, read back as `None`).
#[derive(serde::Serialize)]
struct OccurrenceOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: &'a Option<crate::finding::BaselineState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: &'a Option<u64>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: &'a Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selector: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: &'a Option<String>,
    url: &'a str,
    #[serde(skip_serializing_if = "is_served")]
    view: &'a crate::finding::View,
}

fn is_served(view: &&crate::finding::View) -> bool {
    view.is_served()
}

/// Writes one finding as its occurrence and its shared part (kept once in
/// `texts`, found by its digest).
fn put_finding(
    tx: &Connection,
    texts: &mut NewTexts<'_>,
    scope: &str,
    site: &str,
    f: &crate::finding::Finding,
) -> rusqlite::Result<()> {
    let shared = json(&SharedPartOut {
        args: &f.args,
        family: &f.family,
        legal: &f.legal,
        message: &f.message,
        outcome: &f.outcome,
        rule: &f.rule,
        severity: &f.severity,
        site: &f.site,
        wcag: &f.wcag,
    });
    let occurrence = json(&OccurrenceOut {
        baseline_state: &f.baseline_state,
        column: &f.column,
        fingerprint: &f.fingerprint,
        line: &f.line,
        selector: &f.selector,
        signature: &f.signature,
        snippet: &f.snippet,
        template: &f.template,
        url: &f.url,
        view: &f.view,
    });
    let row = FindingRow {
        shared: &shared,
        occurrence: &occurrence,
        url: Some(&f.url),
        line: f.line.and_then(|l| i64::try_from(l).ok()),
        rule: Some(&f.rule),
        selector: f.selector.as_deref(),
    };
    insert_finding(tx, texts, scope, site, &row)
}

/// A finding's shared part as `texts` keeps it (the fields but
/// [`OCCURRENCE_FIELDS`]).
#[derive(Debug, Clone, serde::Deserialize)]
struct SharedPart {
    rule: String,
    family: Option<crate::ruleset::Family>,
    outcome: crate::finding::Outcome,
    severity: crate::ruleset::Severity,
    site: String,
    message: crate::finding::Shared<crate::lang::Localized>,
    legal: crate::finding::Shared<Vec<crate::ruleset::AppliedBasis>>,
    wcag: crate::finding::Shared<Vec<String>>,
    args: crate::finding::Shared<std::collections::BTreeMap<String, String>>,
}

/// A finding's occurrence as `findings` keeps it ([`OCCURRENCE_FIELDS`]).
#[derive(Debug, serde::Deserialize)]
struct Occurrence {
    url: String,
    selector: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    snippet: Option<String>,
    fingerprint: String,
    #[serde(default)]
    view: crate::finding::View,
    #[serde(default)]
    baseline_state: Option<crate::finding::BaselineState>,
    #[serde(default)]
    signature: Option<String>,
    #[serde(default)]
    template: Option<String>,
}

impl Occurrence {
    /// The finding of this occurrence and its shared part.
    fn finding(self, part: &SharedPart) -> crate::finding::Finding {
        let part = part.clone();
        crate::finding::Finding {
            rule: part.rule,
            family: part.family,
            outcome: part.outcome,
            severity: part.severity,
            site: part.site,
            url: self.url,
            selector: self.selector,
            line: self.line,
            column: self.column,
            snippet: self.snippet,
            message: part.message,
            legal: part.legal,
            wcag: part.wcag,
            args: part.args,
            fingerprint: self.fingerprint,
            view: self.view,
            baseline_state: self.baseline_state,
            signature: self.signature,
            template: self.template,
        }
    }
}

/// The shared parts read so far, by `texts` id (`None`: it does not parse).
/// A report in memory keeps every one, so that its findings share them; a
/// report streamed keeps at most [`SharedParts::KEPT`]: a store has a `texts`
/// row per distinct message and values (2 676 of 3.2 KB each for the 12 532
/// findings of the 2 004-page benchmark), so keeping every one parsed grew
/// with the findings (10 MB there), while the findings read in the report's
/// order mostly reuse the few parts of their site and page.
#[derive(Debug, Default)]
struct SharedParts {
    parts: std::collections::HashMap<i64, Option<SharedPart>>,
    bounded: bool,
}

impl SharedParts {
    /// The most parts kept parsed; past it, they are read again.
    const KEPT: usize = 256;

    /// The shared part `id`, read from `texts` when it is not kept.
    fn get(&mut self, store: &Store, id: i64) -> Result<Option<&SharedPart>> {
        use std::collections::hash_map::Entry;
        if self.bounded && self.parts.len() >= Self::KEPT && !self.parts.contains_key(&id) {
            self.parts.clear();
        }
        match self.parts.entry(id) {
            Entry::Occupied(part) => Ok(part.into_mut().as_ref()),
            Entry::Vacant(slot) => {
                let part = store
                    .conn
                    .prepare_cached("SELECT body FROM texts WHERE id = ?1")
                    .and_then(|mut stmt| {
                        stmt.query_row([id], |r| Ok(text_body::<SharedPart>(r.get_ref(0)?)))
                            .optional()
                    })
                    .map_err(|e| store.err(&e))?
                    .flatten();
                Ok(slot.insert(part).as_ref())
            }
        }
    }
}

/// The findings in the report's order, through the index `findings_order`.
const REPORT_ORDER: &str = "SELECT id, shared, occurrence FROM findings INDEXED BY findings_order
     ORDER BY site, url, line, rule, selector, id";

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

    fn connect(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(|e| db_err(path, &e))?;
        // The page size only takes for a new file (before WAL is set).
        conn.execute_batch(&format!(
            "PRAGMA page_size={PAGE_SIZE}; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
             PRAGMA busy_timeout=5000;"
        ))
        .map_err(|e| db_err(path, &e))?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            link_ids: frontier::LinkIds::default(),
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
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let mut rows = stmt.query(params).map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        let mut unreadable = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let cell = row.get_ref(0).map_err(|e| self.err(&e))?;
            match parse_json(cell) {
                Some(value) => out.push(value),
                None => unreadable += 1,
            }
        }
        if unreadable > 0 {
            tracing::warn!(
                "{}: {unreadable} rows of `{sql}` do not parse and are left out",
                self.path.display()
            );
        }
        Ok(out)
    }

    /// Every finding in the order written, each put together from its
    /// occurrence and its shared part as it is read.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn findings(&self) -> Result<Vec<crate::finding::Finding>> {
        let mut out = Vec::new();
        self.each_finding(|f| out.push(f))?;
        Ok(out)
    }

    /// Calls `each` with every finding in the order written, one at a time;
    /// a row that no longer parses is left out, and said in the log. The
    /// shared part of findings (rule, messages, legal bases…) is read and
    /// parsed once per `texts` row, and the findings built from it share its
    /// message and legal bases ([`crate::finding::Shared`]) instead of
    /// holding a copy each.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn each_finding(&self, mut each: impl FnMut(crate::finding::Finding)) -> Result<()> {
        self.try_each_finding_by(
            "SELECT id, shared, occurrence FROM findings ORDER BY id",
            [],
            |_, f| {
                each(f);
                Ok::<(), Error>(())
            },
        )
    }

    /// Calls `each` with every finding in the report's order
    /// ([`crate::report::sort_findings`]: site, page, line, rule, selector,
    /// then the order written), one at a time, read through the index
    /// `findings_order` (layout 4): nothing is sorted in memory. Findings are
    /// as stored: what the report adds (`status::apply`, baseline states,
    /// template keys) is not applied.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn each_finding_in_report_order(
        &self,
        mut each: impl FnMut(crate::finding::Finding),
    ) -> Result<()> {
        self.try_each_finding_by(REPORT_ORDER, [], |_, f| {
            each(f);
            Ok::<(), Error>(())
        })
    }

    /// [`Store::each_finding_in_report_order`] with each finding's row id,
    /// stopping at the first error `each` returns.
    ///
    /// # Errors
    /// [`Error::Store`], and `each`'s.
    pub fn try_each_finding_in_report_order<E: From<Error>>(
        &self,
        mut each: impl FnMut(i64, crate::finding::Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        // Streamed: the findings are not kept, nor need every part kept.
        self.try_each_finding_with(
            REPORT_ORDER,
            [],
            &mut SharedParts {
                bounded: true,
                ..SharedParts::default()
            },
            &mut each,
        )
    }

    /// Calls `each` with the findings of these row ids, in the order given
    /// (a row id not found is left out).
    ///
    /// # Errors
    /// [`Error::Store`], and `each`'s.
    pub fn try_each_finding_of<E: From<Error>>(
        &self,
        ids: &[i64],
        mut each: impl FnMut(i64, crate::finding::Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut parts = SharedParts {
            bounded: true,
            ..SharedParts::default()
        };
        for &id in ids {
            self.try_each_finding_with(
                "SELECT id, shared, occurrence FROM findings WHERE id = ?1",
                [id],
                &mut parts,
                &mut each,
            )?;
        }
        Ok(())
    }

    /// The findings of the rows of `sql` (`id, shared, occurrence`).
    fn try_each_finding_by<E: From<Error>>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut each: impl FnMut(i64, crate::finding::Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.try_each_finding_with(sql, params, &mut SharedParts::default(), &mut each)
    }

    /// [`Store::try_each_finding_by`] with the shared parts read so far.
    fn try_each_finding_with<E: From<Error>>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        parts: &mut SharedParts,
        each: &mut impl FnMut(i64, crate::finding::Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let mut rows = stmt.query(params).map_err(|e| self.err(&e))?;
        let mut unreadable = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let id: i64 = row.get(0).map_err(|e| self.err(&e))?;
            let shared: i64 = row.get(1).map_err(|e| self.err(&e))?;
            let occurrence = row
                .get_ref(2)
                .map_err(|e| self.err(&e))?
                .as_bytes()
                .unwrap_or_default();
            let part = parts.get(self, shared)?;
            match (part, serde_json::from_slice::<Occurrence>(occurrence)) {
                (Some(part), Ok(occurrence)) => each(id, occurrence.finding(part))?,
                _ => unreadable += 1,
            }
        }
        if unreadable > 0 {
            tracing::warn!(
                "{}: {unreadable} findings do not parse and are left out",
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
        mut each: impl FnMut(crate::report::model::PageReport) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let sql = "SELECT report FROM pages ORDER BY url";
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(&e))?;
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
