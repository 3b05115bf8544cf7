//! The report of a run from its store: assembled in memory ([`report_of`],
//! gated once) or streamed from the store's rows ([`streamed_report_of`]),
//! for `audit`, `check` and `report <store>`; and the ruleset it is built with.

use std::path::Path;

use crate::error::Result;
use crate::gate;
use crate::report::model::Report;
use crate::ruleset::Ruleset;
use crate::store::Store;

/// Renders the report of an audit from its store, without crawling (the
/// `report <store>` command). The rules table and legal documents come from
/// `ruleset` (the embedded one plus any user file) with the audit's own
/// ruleset file and provincial profiles (kept in its settings), so the
/// bibliography lists every document its findings cite; when that file can
/// no longer be read, `ruleset` alone (a warning says so). The gate is the
/// audit's threshold.
///
/// # Errors
/// [`crate::error::Error::Store`] when the file is not a readable store.
pub fn load_report(path: &Path, ruleset: &Ruleset) -> Result<Report> {
    let store = Store::open(path)?;
    report_of(
        &store,
        &store_ruleset(&store, ruleset)?,
        None,
        RunKind::Audit,
    )
}

/// The ruleset an audit's report is built with: `ruleset` with the audit's
/// own ruleset files and profiles; when those can no longer be read,
/// `ruleset` alone (a warning says so).
///
/// # Errors
/// [`crate::error::Error::Store`] when the store's settings cannot be read.
pub fn store_ruleset(store: &Store, ruleset: &Ruleset) -> Result<Ruleset> {
    let config = store.settings()?.config;
    let mut own = ruleset.clone();
    let applied = config
        .ruleset
        .iter()
        .try_for_each(|file| own.apply_user_file(Path::new(file)))
        .and_then(|()| {
            config
                .profiles
                .iter()
                .try_for_each(|profile| own.content.select(profile))
        })
        .and_then(|()| own.validate());
    match applied {
        Ok(()) => Ok(own),
        Err(e) => {
            tracing::warn!(
                "{}",
                crate::messages::log_text("log-ruleset-unreadable", &[("error", &e.to_string())])
            );
            Ok(ruleset.clone())
        }
    }
}

/// Whether the file at `path` is an SQLite file (an audit's store, not a
/// report.json), by its first bytes.
#[must_use]
pub fn is_store(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// A report from a report.json, or from an audit's store (SQLite) whose
/// report is built with `ruleset`, told apart by the file's first bytes.
///
/// # Errors
/// As [`crate::report::load::load`], and [`crate::error::Error::Store`] for a store that
/// cannot be read.
pub fn load_any(path: &Path, ruleset: &Ruleset) -> Result<Report> {
    if is_store(path) {
        load_report(path, ruleset)
    } else {
        let mut report = crate::report::load::load(path)?;
        // A report written before the checklist existed (schema 1.0) gets it
        // from its findings, grouped as `assemble` does.
        if report.review.is_empty() {
            report.review = crate::report::review::group(&report.findings, ruleset);
        }
        Ok(report)
    }
}

/// What kind of run a store's report is of: an audit (its command, the
/// configured sites' roots as inputs, the crawl section), or a check (its
/// command, the inputs given, no crawl section).
#[derive(Debug, Clone, Copy)]
pub enum RunKind<'a> {
    /// `audit`.
    Audit,
    /// `check` of these inputs.
    Check {
        /// The files, folders and URLs given.
        inputs: &'a [String],
    },
}

/// Assembles the report of the run in `store`, gated once by `policy`
/// (`None`: the threshold the run was started with, nothing else).
///
/// # Errors
/// [`crate::error::Error::Store`].
pub fn report_of(
    store: &Store,
    ruleset: &Ruleset,
    policy: Option<&gate::Policy>,
    kind: RunKind<'_>,
) -> Result<Report> {
    let settings = store.settings()?;
    let (mut sites, pages, mut findings, problems, crawl) = store.report_parts()?;
    // What the audit could not see is not a defect (before the gate counts).
    crate::report::status::apply(&mut sites, &mut findings);
    let gate = gate::judge(&mut findings, policy.unwrap_or(&stored_policy(&settings)));
    let mut parts = report_parts(&settings, ruleset, kind, sites, problems);
    parts.gate = gate;
    parts.pages = pages;
    parts.findings = findings;
    let mut report = crate::report::assemble(parts);
    finish_head(&mut report, &settings, kind, crawl);
    Ok(report)
}

/// The report of the run in `store` as [`report_of`] makes it, streamed: its
/// head counted from the store's rows read one at a time, its pages and
/// findings read again as each format writes them
/// ([`crate::report::stream`]). The formats written from it are byte for
/// byte those of [`report_of`]'s report.
///
/// # Errors
/// [`crate::error::Error::Store`].
pub fn streamed_report_of<'s>(
    store: &'s Store,
    ruleset: &Ruleset,
    policy: Option<&gate::Policy>,
    kind: RunKind<'_>,
) -> Result<crate::report::stream::Streamed<'s>> {
    let settings = store.settings()?;
    let (sites, problems, crawl) = store.report_head()?;
    let parts = report_parts(&settings, ruleset, kind, sites, problems);
    let policy = policy.cloned().unwrap_or_else(|| stored_policy(&settings));
    let mut streamed =
        crate::report::stream::Streamed::of(store, parts, Box::new(gate::Counter::new(policy)))?;
    finish_head(&mut streamed.head, &settings, kind, crawl);
    Ok(streamed)
}

/// A finished run's store (`audit`'s, or `check`'s temporary one), whose
/// report is then assembled in memory ([`Finished::report`]) or streamed
/// from its rows ([`Finished::streamed`]), as the formats asked need: the
/// store is kept (and, for `audit`, locked) until this is dropped.
pub struct Finished<'r> {
    store: Store,
    ruleset: std::borrow::Cow<'r, Ruleset>,
    policy: gate::Policy,
    /// `check`'s inputs (its run kind); `None` for `audit`.
    inputs: Option<Vec<String>>,
    /// What the store's life is tied to: `audit`'s lock, `check`'s
    /// temporary folder (dropped after the store).
    _keep: Box<dyn std::any::Any>,
}

impl std::fmt::Debug for Finished<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finished")
            .field("store", &self.store)
            .field("inputs", &self.inputs)
            .finish_non_exhaustive()
    }
}

impl<'r> Finished<'r> {
    /// A finished run in `store`, its report built with `ruleset` and gated
    /// by `policy`; `keep` lives as long as it (a lock, a temporary folder).
    pub(crate) fn new(
        store: Store,
        ruleset: std::borrow::Cow<'r, Ruleset>,
        policy: gate::Policy,
        inputs: Option<Vec<String>>,
        keep: Box<dyn std::any::Any>,
    ) -> Self {
        Finished {
            store,
            ruleset,
            policy,
            inputs,
            _keep: keep,
        }
    }

    fn kind(&self) -> RunKind<'_> {
        match &self.inputs {
            None => RunKind::Audit,
            Some(inputs) => RunKind::Check { inputs },
        }
    }

    /// The run's store.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The report assembled in memory ([`report_of`]).
    ///
    /// # Errors
    /// [`crate::error::Error::Store`].
    pub fn report(&self) -> Result<Report> {
        report_of(&self.store, &self.ruleset, Some(&self.policy), self.kind())
    }

    /// The report streamed from the store's rows ([`streamed_report_of`]).
    ///
    /// # Errors
    /// [`crate::error::Error::Store`].
    pub fn streamed(&self) -> Result<crate::report::stream::Streamed<'_>> {
        streamed_report_of(&self.store, &self.ruleset, Some(&self.policy), self.kind())
    }
}

/// The gate the run was started with: its threshold, nothing else.
fn stored_policy(settings: &crate::store::RunSettings) -> gate::Policy {
    gate::Policy {
        fail_on: settings.fail_on,
        ..gate::Policy::default()
    }
}

/// What a store's report is assembled from but its pages, findings and gate.
fn report_parts<'r>(
    settings: &crate::store::RunSettings,
    ruleset: &'r Ruleset,
    kind: RunKind<'_>,
    sites: Vec<crate::report::model::SiteReport>,
    problems: Vec<crate::facts::Problem>,
) -> crate::report::ReportParts<'r> {
    let started_at = chrono::DateTime::parse_from_rfc3339(&settings.started_at)
        .map_or_else(|_| chrono::Utc::now(), |d| d.with_timezone(&chrono::Utc));
    let (command, inputs) = match kind {
        RunKind::Audit => (
            "audit",
            settings
                .config
                .sites
                .iter()
                .map(|s| s.root.clone())
                .collect(),
        ),
        RunKind::Check { inputs } => ("check", inputs.to_vec()),
    };
    crate::report::ReportParts {
        command,
        inputs,
        started_at,
        as_of: settings.as_of,
        lang: settings.lang,
        gate: gate::evaluate(&[], settings.fail_on),
        ruleset,
        sites,
        pages: Vec::new(),
        findings: Vec::new(),
        problems,
    }
}

/// The sections a store's report has that `assemble` does not make: the
/// crawl (an audit's), the province and the selection of sites.
fn finish_head(
    report: &mut Report,
    settings: &crate::store::RunSettings,
    kind: RunKind<'_>,
    crawl: crate::report::model::CrawlReport,
) {
    if matches!(kind, RunKind::Audit) {
        report.crawl = Some(crawl);
    }
    report.run.province = settings.config.province.clone().map(|p| p.name);
    report.run.selection.clone_from(&settings.config.selected);
}
