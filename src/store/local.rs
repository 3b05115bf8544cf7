//! What `check` records besides what `audit`'s recording writes: links
//! between local files are resolved on disk, not fetched, so their targets'
//! answers (the file found or not) and each checked page's fragment targets
//! are written here, to the same `urls` rows the crawl writes; the site
//! rules then read the links with their answers and fragments through
//! [`Store::site_data`], as they do after a crawl.

use rusqlite::params;

use super::Store;
use crate::error::Result;
use crate::facts::{LinkStatus, Problem};

/// What a local link's target gave: its key (the link's target), the file
/// found or not, and the file whose fragment targets decide its fragments
/// (the target, or a folder's `index.html`).
#[derive(Debug, Clone, Copy)]
pub struct LocalTarget<'a> {
    /// The link's target, as the link row names it.
    pub url: &'a str,
    /// Found ([`LinkStatus::Ok`]) or not ([`LinkStatus::Broken`]).
    pub status: LinkStatus,
    /// Why not.
    pub detail: Option<&'a str>,
    /// The key of the file whose anchors decide the fragments.
    pub anchors_of: &'a str,
}

impl Store {
    /// Records local link targets (the first answer of a target is kept: a
    /// file's existence does not change within a run). A target whose file
    /// was checked already takes its fragment targets now; one read later
    /// gets them from [`Store::put_local_page`].
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn put_local_targets<'a>(
        &self,
        targets: impl IntoIterator<Item = LocalTarget<'a>>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO urls(url, depth, action, state, status, detail, anchors)
                 VALUES (?1, 0, 'check', 'done', ?2, ?3, (SELECT anchors FROM urls WHERE url = ?4))
                 ON CONFLICT(url) DO NOTHING",
            )
            .map_err(|e| self.err(&e))?;
        for t in targets {
            stmt.execute(params![t.url, t.status.id(), t.detail, t.anchors_of])
                .map_err(|e| self.err(&e))?;
        }
        Ok(())
    }

    /// Records a checked local page's fragment targets under its key, and
    /// under its folder's key when it is an `index.html` (links to the folder
    /// already recorded find them there).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn put_local_page(
        &self,
        key: &str,
        folder: Option<&str>,
        anchors: &[String],
    ) -> Result<()> {
        let anchors = anchors.join("\n");
        self.conn
            .prepare_cached(
                "INSERT INTO urls(url, depth, action, state, status, anchors)
                 VALUES (?1, 0, 'check', 'done', ?2, ?3)
                 ON CONFLICT(url) DO UPDATE SET anchors = excluded.anchors",
            )
            .and_then(|mut stmt| stmt.execute(params![key, LinkStatus::Ok.id(), anchors]))
            .map_err(|e| self.err(&e))?;
        if let Some(folder) = folder {
            self.conn
                .prepare_cached("UPDATE urls SET anchors = ?2 WHERE url = ?1")
                .and_then(|mut stmt| stmt.execute(params![folder, anchors]))
                .map_err(|e| self.err(&e))?;
        }
        Ok(())
    }

    /// Records an input that could not be checked, or what went wrong
    /// without stopping its check.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn put_problem(&self, problem: &Problem) -> Result<()> {
        super::frontier::insert_problem(&self.conn, problem).map_err(|e| self.err(&e))
    }
}
