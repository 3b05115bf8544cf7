//! A page's links in the store: one compact row each in `links` (the
//! target's `link_urls` id and what the queries read), clustered by the
//! page's `link_details` row, which holds the links' href, text and element
//! in one deflated blob; the `link_urls` ids a write resolves; and the index
//! of links by target, built once a crawl has written them.

use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;

use super::Store;
use crate::error::Result;
use crate::facts::LinkRecord;

impl Store {
    /// Indexes the links by target (`links_target`), which the questions
    /// "does any page link to this URL" need; does nothing when the index is
    /// there. A crawl writes its links without it ([`Store::unindex_links`]):
    /// a page's ~115 link rows went to ~115 different pages of that index,
    /// each copied (16 KB) into the record's savepoint journal, a `pwrite`
    /// each; one sort of every row after the crawl builds it instead
    /// (issue #19, docs/scale.md).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn index_links(&self) -> Result<()> {
        self.conn
            .execute_batch("CREATE INDEX IF NOT EXISTS links_target ON links(target)")
            .map_err(|e| self.err(&e))
    }

    /// Drops the index [`Store::index_links`] builds, before a crawl writes
    /// links (a resumed crawl's store has it from the interrupted run's end).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn unindex_links(&self) -> Result<()> {
        self.conn
            .execute_batch("DROP INDEX IF EXISTS links_target")
            .map_err(|e| self.err(&e))
    }
}

/// What a link row does not hold: its href, text and element, kept for the
/// page's links together in one deflated blob (`link_details`), read back
/// only for the links site rules look at (not the plain ones).
type LinkDetail = (String, String, String, u64, Option<u64>, String, String);

/// A [`LinkDetail`] of borrowed fields, as it is written.
type LinkDetailRef<'a> = (
    &'a str,
    &'a str,
    &'a str,
    u64,
    Option<u64>,
    &'a str,
    &'a str,
);

/// The deflated details of a page's links, in order (the JSON of a
/// [`LinkDetail`] each, written from borrowed fields).
pub(super) fn encode_details<'a>(links: impl Iterator<Item = LinkDetailRef<'a>>) -> Vec<u8> {
    super::deflated_json(&links.collect::<Vec<_>>())
}

/// [`encode_details`] of the links as the frontier keeps them.
fn encode_records(links: &[LinkRecord]) -> Vec<u8> {
    encode_details(links.iter().map(|l| {
        (
            l.href.as_str(),
            l.text.as_str(),
            l.element.selector.as_str(),
            l.element.line,
            l.element.column,
            l.element.snippet.as_str(),
            l.element.signature.as_str(),
        )
    }))
}

/// The details [`encode_details`] wrote (none when the blob is damaged).
pub(super) fn decode_details(blob: &[u8]) -> Vec<LinkDetail> {
    super::inflated(blob)
        .and_then(|json| serde_json::from_slice(&json).ok())
        .unwrap_or_default()
}

/// A link rebuilt from its row's parts and its details.
pub(super) fn link_record(
    target: String,
    scheme: String,
    fragment: Option<String>,
    tag: String,
    detail: LinkDetail,
) -> LinkRecord {
    let (href, text, selector, line, column, snippet, signature) = detail;
    LinkRecord {
        href,
        target,
        scheme,
        fragment,
        tag,
        text,
        element: crate::page::element::Target {
            selector,
            line,
            column,
            snippet,
            signature,
        },
    }
}

/// The ids of URLs in `link_urls` the store has read or added: most of a
/// page's links lead to URLs earlier pages linked to (the menu, the sidebar,
/// the footer), so they cost no look-up. Only ids of writes that committed
/// enter it ([`LinkIds::keep`]); it is emptied when a batch fails to commit
/// and when it holds [`LinkIds::MAX`] URLs, so its memory stays bounded.
#[derive(Debug, Default)]
pub(super) struct LinkIds(FxHashMap<Box<str>, i64>);

impl LinkIds {
    /// URLs kept at most (a few MB).
    const MAX: usize = 32_768;

    /// Keeps the ids a committed write resolved.
    pub(super) fn keep(&mut self, resolved: FxHashMap<Box<str>, i64>) {
        if self.0.len() + resolved.len() > Self::MAX {
            self.0.clear();
        }
        self.0.extend(resolved);
    }

    /// Forgets every id (their writes may have been undone).
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

/// The `link_urls` ids one write resolves: those known before it and those
/// it reads or adds (kept in the store's [`LinkIds`] once it commits).
pub(super) struct LinkUrls<'a> {
    known: &'a LinkIds,
    resolved: FxHashMap<Box<str>, i64>,
}

impl<'a> LinkUrls<'a> {
    pub(super) fn new(known: &'a LinkIds) -> Self {
        Self {
            known,
            resolved: FxHashMap::default(),
        }
    }

    /// What this write resolved, for [`LinkIds::keep`].
    pub(super) fn resolved(self) -> FxHashMap<Box<str>, i64> {
        self.resolved
    }

    /// The id of a URL in `link_urls`: known, read, or added when new.
    fn id(&mut self, tx: &Connection, url: &str) -> rusqlite::Result<i64> {
        if let Some(&id) = self.known.0.get(url).or_else(|| self.resolved.get(url)) {
            return Ok(id);
        }
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM link_urls WHERE url = ?1")?
            .query_row([url], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO link_urls(url) VALUES (?1)")?
                    .execute([url])?;
                tx.last_insert_rowid()
            }
        };
        self.resolved.insert(url.into(), id);
        Ok(id)
    }
}

/// A page's links: its `link_details` row (site, source, the details in one
/// blob: `details` when encoded ahead, from the same links) and one compact
/// row each (the target's id and what the queries read), keyed by that row
/// and the link's place.
pub(super) fn insert_links(
    tx: &Connection,
    urls: &mut LinkUrls<'_>,
    site: &str,
    source: &str,
    links: &[LinkRecord],
    details: Option<Vec<u8>>,
) -> rusqlite::Result<()> {
    if links.is_empty() {
        return Ok(());
    }
    let source = urls.id(tx, source)?;
    let details = details.unwrap_or_else(|| encode_records(links));
    tx.prepare_cached("INSERT INTO link_details(site, source, details) VALUES (?1, ?2, ?3)")?
        .execute(params![site, source, details])?;
    let details = tx.last_insert_rowid();
    // The rows go LINK_ROWS at a time through one statement (a page has ~115
    // links: one statement run per link was most of a page's write), the
    // rest one by one.
    let mut chunks = links.chunks_exact(LINK_ROWS);
    let mut ord = 0usize;
    for chunk in chunks.by_ref() {
        let mut stmt = tx.prepare_cached(&LINK_INSERT_MANY)?;
        for (k, l) in chunk.iter().enumerate() {
            let target = urls.id(tx, &l.target)?;
            bind_link(&mut stmt, k * 7, details, ord + k, target, l)?;
        }
        stmt.raw_execute()?;
        ord += chunk.len();
    }
    let mut stmt = tx.prepare_cached(&LINK_INSERT_ONE)?;
    for (k, l) in chunks.remainder().iter().enumerate() {
        let target = urls.id(tx, &l.target)?;
        bind_link(&mut stmt, 0, details, ord + k, target, l)?;
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Link rows written by one statement at most.
const LINK_ROWS: usize = 16;

/// The statement writing one link row, and the one writing [`LINK_ROWS`].
static LINK_INSERT_ONE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| link_insert(1));
static LINK_INSERT_MANY: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| link_insert(LINK_ROWS));

/// `INSERT INTO links` of `rows` rows, seven parameters each.
fn link_insert(rows: usize) -> String {
    let row = "(?, ?, ?, ?, ?, ?, ?)";
    format!(
        "INSERT INTO links(details, ord, target, scheme, fragment, tag, blank) VALUES {}",
        vec![row; rows].join(", ")
    )
}

/// Binds one link row's seven values after the `at` first parameters.
fn bind_link(
    stmt: &mut rusqlite::Statement<'_>,
    at: usize,
    details: i64,
    ord: usize,
    target: i64,
    l: &LinkRecord,
) -> rusqlite::Result<()> {
    stmt.raw_bind_parameter(at + 1, details)?;
    stmt.raw_bind_parameter(at + 2, ord as i64)?;
    stmt.raw_bind_parameter(at + 3, target)?;
    stmt.raw_bind_parameter(at + 4, &l.scheme)?;
    stmt.raw_bind_parameter(at + 5, &l.fragment)?;
    stmt.raw_bind_parameter(at + 6, &l.tag)?;
    stmt.raw_bind_parameter(at + 7, matches!(l.href.trim(), "" | "#"))
}
