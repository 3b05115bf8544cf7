//! Findings in the store: a finding's shared part (rule, messages, legal
//! bases) kept once in `texts` and its occurrence in `findings`, written by
//! [`put_finding`] and read back one at a time, in the order written or in
//! the report's order.

use rusqlite::{Connection, OptionalExtension};

use super::{Store, deflated, json, text_body};
use crate::error::{Error, Result};

/// The fields of a finding that tell one occurrence from another; the rest
/// (rule, severity, messages, legal bases, WCAG, arguments) is the same for
/// many findings and kept once ([`put_finding`]).
pub(super) const OCCURRENCE_FIELDS: &[&str] = &[
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
pub(super) type TextDigest = [u8; 16];

pub(super) fn text_digest(body: &str) -> TextDigest {
    use sha2::Digest as _;
    let full = sha2::Sha256::digest(body.as_bytes());
    let mut digest = [0u8; 16];
    digest.copy_from_slice(&full[..16]);
    digest
}

/// The `texts` ids of the shared parts the store has read or added, by
/// digest: most findings' shared part was written by an earlier finding of
/// the same rule, so it costs no look-up. As [`super::links::LinkIds`], only ids
/// of writes that committed enter it, it is emptied when a batch fails to
/// commit, and it holds at most [`TextIds::MAX`] ids.
#[derive(Debug, Default)]
pub(super) struct TextIds(pub(super) rustc_hash::FxHashMap<TextDigest, i64>);

impl TextIds {
    /// Ids kept at most (≈ 2 MB).
    const MAX: usize = 65_536;

    pub(super) fn keep(&mut self, resolved: rustc_hash::FxHashMap<TextDigest, i64>) {
        if self.0.len() + resolved.len() > Self::MAX {
            self.0.clear();
        }
        self.0.extend(resolved);
    }
}

/// The `texts` ids one write resolves (kept in the store's [`TextIds`] once
/// it commits).
pub(super) struct NewTexts<'a> {
    known: &'a TextIds,
    pub(super) resolved: rustc_hash::FxHashMap<TextDigest, i64>,
}

impl<'a> NewTexts<'a> {
    pub(super) fn new(known: &'a TextIds) -> Self {
        Self {
            known,
            resolved: rustc_hash::FxHashMap::default(),
        }
    }

    /// The id of `body` (a JSON text) in `texts`: known, read by its digest,
    /// or added (deflated) when new. Bodies are never compared.
    pub(super) fn id(&mut self, tx: &Connection, body: &str) -> rusqlite::Result<i64> {
        self.id_of(tx, text_digest(body), || body.to_string())
    }

    /// [`NewTexts::id`] of the body whose digest is `digest`, made by `body`
    /// only when the store does not know the digest yet.
    pub(super) fn id_of(
        &mut self,
        tx: &Connection,
        digest: TextDigest,
        body: impl FnOnce() -> String,
    ) -> rusqlite::Result<i64> {
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
                    .execute(rusqlite::params![&digest[..], deflated(body().as_bytes())])?;
                tx.last_insert_rowid()
            }
        };
        self.resolved.insert(digest, id);
        Ok(id)
    }
}

/// A finding's row: its occurrence's JSON, its shared part's JSON, and what
/// the report's order sorts by (layout 4).
pub(super) struct FindingRow<'a> {
    shared: &'a str,
    occurrence: &'a str,
    url: Option<&'a str>,
    line: Option<i64>,
    rule: Option<&'a str>,
    selector: Option<&'a str>,
}

pub(super) fn insert_finding(
    tx: &Connection,
    texts: &mut NewTexts<'_>,
    scope: &str,
    site: &str,
    row: &FindingRow<'_>,
) -> rusqlite::Result<()> {
    let shared = texts.id(tx, row.shared)?;
    insert_occurrence(tx, scope, site, shared, row)
}

/// A finding's row in `findings`, its shared part being `texts` row `shared`
/// (`row.shared` is not read).
fn insert_occurrence(
    tx: &Connection,
    scope: &str,
    site: &str,
    shared: i64,
    row: &FindingRow<'_>,
) -> rusqlite::Result<()> {
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
pub(super) fn put_finding_json(
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
pub(super) struct SharedPartOut<'a> {
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
pub(super) struct OccurrenceOut<'a> {
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

pub(super) fn is_served(view: &&crate::finding::View) -> bool {
    view.is_served()
}

/// Writes one finding as its occurrence and its shared part (kept once in
/// `texts`, found by its digest).
pub(super) fn put_finding(
    tx: &Connection,
    texts: &mut NewTexts<'_>,
    scope: &str,
    site: &str,
    f: &crate::finding::Finding,
) -> rusqlite::Result<()> {
    let (shared, occurrence) = (shared_json(f), occurrence_json(f));
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

/// A finding's parts as [`put_finding`] writes them, made ahead of the write
/// (on the thread that analysed its page): the digest of its shared part and
/// its occurrence. The shared part itself is made again only when the store
/// does not know its digest (most findings share it with an earlier one).
#[derive(Debug)]
pub(super) struct EncodedFinding {
    digest: TextDigest,
    occurrence: String,
}

impl EncodedFinding {
    pub(super) fn of(f: &crate::finding::Finding) -> Self {
        Self {
            digest: text_digest(&shared_json(f)),
            occurrence: occurrence_json(f),
        }
    }
}

/// [`put_finding`] of a finding encoded ahead (`encoded` is `f`'s).
pub(super) fn put_encoded_finding(
    tx: &Connection,
    texts: &mut NewTexts<'_>,
    scope: &str,
    site: &str,
    f: &crate::finding::Finding,
    encoded: &EncodedFinding,
) -> rusqlite::Result<()> {
    let shared = texts.id_of(tx, encoded.digest, || shared_json(f))?;
    let row = FindingRow {
        shared: "",
        occurrence: &encoded.occurrence,
        url: Some(&f.url),
        line: f.line.and_then(|l| i64::try_from(l).ok()),
        rule: Some(&f.rule),
        selector: f.selector.as_deref(),
    };
    insert_occurrence(tx, scope, site, shared, &row)
}

/// A finding's shared part's JSON, as `texts` keeps it.
fn shared_json(f: &crate::finding::Finding) -> String {
    json(&SharedPartOut {
        args: &f.args,
        family: &f.family,
        legal: &f.legal,
        message: &f.message,
        outcome: &f.outcome,
        rule: &f.rule,
        severity: &f.severity,
        site: &f.site,
        wcag: &f.wcag,
    })
}

/// A finding's occurrence's JSON, as `findings` keeps it.
fn occurrence_json(f: &crate::finding::Finding) -> String {
    json(&OccurrenceOut {
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
    })
}

/// A finding's shared part as `texts` keeps it (the fields but
/// [`OCCURRENCE_FIELDS`]).
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct SharedPart {
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
pub(super) struct Occurrence {
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
pub(super) struct SharedParts {
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
pub(super) const REPORT_ORDER: &str =
    "SELECT id, shared, occurrence FROM findings INDEXED BY findings_order
     ORDER BY site, url, line, rule, selector, id";

/// One site's findings in the report's order, through the index
/// `findings_order` (a site's own HTML file).
pub(super) const SITE_ORDER: &str =
    "SELECT id, shared, occurrence FROM findings INDEXED BY findings_order
     WHERE site = ?1
     ORDER BY site, url, line, rule, selector, id";

/// One rule's findings on one site in the report's order, through the
/// index `findings_order` (its `site` prefix; `rule` is filtered on the
/// index's own column): JUnit's case of a rule in a site's suite. `+rule`
/// keeps SQLite from taking `rule = ?2` as a constraint of the index, with
/// which it sorted the last terms of the order in a temporary B-tree.
pub(super) const SITE_RULE_ORDER: &str =
    "SELECT id, shared, occurrence FROM findings INDEXED BY findings_order
     WHERE site = ?1 AND +rule = ?2
     ORDER BY site, url, line, rule, selector, id";

impl Store {
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

    /// Calls `each` with the findings of `site` in the report's order
    /// ([`SITE_ORDER`]: the site's range of the index `findings_order`).
    ///
    /// # Errors
    /// [`Error::Store`], and `each`'s.
    pub fn try_each_finding_of_site<E: From<Error>>(
        &self,
        site: &str,
        mut each: impl FnMut(i64, crate::finding::Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.try_each_finding_with(
            SITE_ORDER,
            [site],
            &mut SharedParts {
                bounded: true,
                ..SharedParts::default()
            },
            &mut each,
        )
    }

    /// Calls `each` with the findings of `rule` on `site` in the report's
    /// order ([`SITE_RULE_ORDER`]: the site's range of the index
    /// `findings_order`, its rule column read from the index, only the
    /// rule's rows read from the table; nothing sorted).
    ///
    /// # Errors
    /// [`Error::Store`], and `each`'s.
    pub fn try_each_finding_of_site_rule<E: From<Error>>(
        &self,
        site: &str,
        rule: &str,
        mut each: impl FnMut(i64, crate::finding::Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.try_each_finding_with(
            SITE_RULE_ORDER,
            [site, rule],
            &mut SharedParts {
                bounded: true,
                ..SharedParts::default()
            },
            &mut each,
        )
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
}
