//! What an audit was started with, as one typed record (serde) rather than
//! loose key/values: the configuration, the reference date, the language,
//! the gate threshold, the rules asked for, the User-Agent sent. Written once
//! when the store is created; `--resume` and `report <store>` read it back.
//! And the run's state (running, interrupted, complete), and each run's times.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{FORMAT, Store, json};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::FailOn;
use crate::lang::Lang;

/// The settings of an audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    /// The store layout ([`FORMAT`]).
    pub format: u32,
    /// The sites, limits and crawl settings.
    pub config: Config,
    /// When the audit started (RFC 3339).
    pub started_at: String,
    /// Reference date for legal bases.
    pub as_of: NaiveDate,
    /// Display language.
    pub lang: Lang,
    /// Gate threshold.
    pub fail_on: FailOn,
    /// Only these rules ran (all when empty).
    pub only_rules: Vec<String>,
    /// The User-Agent sent.
    pub user_agent: String,
    /// Where the reports were asked to go, and in which formats, so that
    /// `--resume` writes them there again (stores before it lack it).
    #[serde(default)]
    pub output: OutputSettings,
}

/// Where an audit's reports are written and in which formats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputSettings {
    /// The reports' folder (absolute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out: Option<std::path::PathBuf>,
    /// The formats (`json`, `html`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formats: Vec<String>,
}

impl RunSettings {
    /// Settings of a test store.
    #[cfg(test)]
    #[must_use]
    pub fn for_test() -> Self {
        Self {
            format: FORMAT,
            config: Config::default(),
            started_at: "2026-01-01T00:00:00Z".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            lang: Lang::Vi,
            fail_on: FailOn::Error,
            only_rules: Vec::new(),
            user_agent: String::new(),
            output: OutputSettings::default(),
        }
    }
}

/// Where an audit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    /// Crawling (or killed while crawling).
    Running,
    /// Stopped by the user; `--resume` continues.
    Interrupted,
    /// Done: crawled, probed, site rules run.
    Complete,
}

impl Store {
    pub(super) fn write_settings(&self, settings: &RunSettings) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO run(id, settings, state) VALUES (1, ?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET settings = excluded.settings",
                params![json(settings), json(&RunState::Running)],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// The settings the audit was started with.
    ///
    /// # Errors
    /// [`Error::Store`] when the file holds no settings of this layout (not a
    /// store, or one written by an earlier version).
    pub fn settings(&self) -> Result<RunSettings> {
        // No `run` table (the first layout) reads as no settings.
        let text: Option<String> = self
            .conn
            .query_row("SELECT settings FROM run WHERE id = 1", [], |r| r.get(0))
            .optional()
            .unwrap_or_default();
        let settings = text.and_then(|t| serde_json::from_str::<RunSettings>(&t).ok());
        match settings {
            Some(settings) if settings.format == FORMAT => Ok(settings),
            _ => Err(Error::Store {
                path: self.path.clone(),
                message: "not a store of this version of portal-audit (an earlier version's \
                          audit cannot be resumed or rendered: start it afresh)"
                    .into(),
            }),
        }
    }

    /// Where the audit is.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn state(&self) -> Result<RunState> {
        self.json_row("SELECT state FROM run WHERE id = 1", [])?
            .ok_or_else(|| Error::Store {
                path: self.path.clone(),
                message: "the store holds no run".into(),
            })
    }

    /// Records where the audit is.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn set_state(&self, state: RunState) -> Result<()> {
        self.conn
            .execute("UPDATE run SET state = ?1 WHERE id = 1", [json(&state)])
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    /// Records the start of a run (the first or a resumption).
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn start_run(&self, started_at: &str) -> Result<()> {
        self.conn
            .execute("INSERT INTO runs(started_at) VALUES (?1)", [started_at])
            .map(|_| ())
            .map_err(|e| self.err(&e))
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

    /// How many times the audit was resumed.
    ///
    /// # Errors
    /// [`Error::Store`].
    pub fn resumed(&self) -> Result<u32> {
        self.conn
            .query_row("SELECT max(count(*) - 1, 0) FROM runs", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_and_the_state_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.sqlite");
        let mut settings = RunSettings::for_test();
        settings.lang = Lang::En;
        settings.fail_on = FailOn::Notice;
        settings.only_rules = vec!["img-alt-missing".into()];
        let store = Store::create(&path, &settings).unwrap();
        assert_eq!(store.state().unwrap(), RunState::Running);
        store.set_state(RunState::Complete).unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.settings().unwrap(), settings);
        assert_eq!(store.state().unwrap(), RunState::Complete);
    }

    #[test]
    fn a_file_without_settings_of_this_layout_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE urls(id INTEGER PRIMARY KEY, state TEXT, depth INTEGER);",
        )
        .unwrap();
        drop(conn);
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(err.contains("start it afresh"), "{err}");
    }
}
