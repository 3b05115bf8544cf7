//! Stores of an earlier layout brought to this one when opened, one
//! transaction a step (2 → this layout, 3 → 4, 4 → 5), so an audit of an earlier version can
//! still be resumed or rendered. Layouts older than 2 are refused by
//! [`Store::settings`] with a message that says to start afresh.

use rusqlite::{OptionalExtension, params};

use super::links::{LinkIds, LinkUrls, insert_links};
use super::{NewTexts, SCHEMA, Store, TextIds, db_err, put_finding_json};
use crate::error::Result;
use crate::facts::LinkRecord;

/// Layout 2 → 3: the links, one row each with their URLs and element JSON,
/// become compact rows with their details in one blob per page; each
/// finding, one JSON text, becomes its occurrence and its shared part.
pub(super) fn from_2(store: &mut Store) -> Result<()> {
    let path = store.path.clone();
    let e = |e: rusqlite::Error| db_err(&path, &e);
    let tx = store.conn.transaction().map_err(e)?;
    tx.execute_batch(
        "DROP INDEX IF EXISTS links_site; ALTER TABLE links RENAME TO links_2;
         ALTER TABLE findings RENAME TO findings_2;",
    )
    .map_err(e)?;
    tx.execute_batch(SCHEMA).map_err(e)?;
    let no_ids = LinkIds::default();
    let mut urls = LinkUrls::new(&no_ids);
    {
        let mut stmt = tx
            .prepare(
                "SELECT site, source, href, target, scheme, fragment, tag, text, element
                 FROM links_2 ORDER BY id",
            )
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        // A page's links were written together: consecutive rows of one source.
        let mut page: Option<(String, String, Vec<LinkRecord>)> = None;
        while let Some(r) = rows.next().map_err(e)? {
            let (site, source): (String, String) = (r.get(0).map_err(e)?, r.get(1).map_err(e)?);
            let element: String = r.get(8).map_err(e)?;
            let link = LinkRecord {
                href: r.get(2).map_err(e)?,
                target: r.get(3).map_err(e)?,
                scheme: r.get(4).map_err(e)?,
                fragment: r.get(5).map_err(e)?,
                tag: r.get(6).map_err(e)?,
                text: r.get(7).map_err(e)?,
                element: serde_json::from_str(&element).unwrap_or_default(),
            };
            match &mut page {
                Some((s, src, links)) if *s == site && *src == source => links.push(link),
                _ => {
                    if let Some((s, src, links)) = page.take() {
                        insert_links(&tx, &mut urls, &s, &src, &links, None).map_err(e)?;
                    }
                    page = Some((site, source, vec![link]));
                }
            }
        }
        if let Some((s, src, links)) = page {
            insert_links(&tx, &mut urls, &s, &src, &links, None).map_err(e)?;
        }
    }
    {
        let mut stmt = tx
            .prepare("SELECT scope, site, finding FROM findings_2 ORDER BY id")
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        let no_texts = TextIds::default();
        let mut texts = NewTexts::new(&no_texts);
        while let Some(r) = rows.next().map_err(e)? {
            let (scope, site, finding): (String, String, String) = (
                r.get(0).map_err(e)?,
                r.get(1).map_err(e)?,
                r.get(2).map_err(e)?,
            );
            if let Ok(value) = serde_json::from_str(&finding) {
                put_finding_json(&tx, &mut texts, &scope, &site, value).map_err(e)?;
            }
        }
    }
    tx.execute_batch("DROP TABLE findings_2;").map_err(e)?;
    tx.execute(
        "UPDATE run SET settings = json_set(settings, '$.format', ?1) WHERE id = 1",
        params![super::FORMAT],
    )
    .map_err(e)?;
    tx.execute_batch("DROP TABLE links_2;").map_err(e)?;
    tx.commit().map_err(e)?;
    // The old tables' space goes back to the file system (a 2 000-page store:
    // 153 MB before, 181 MB after the migration without it). Done once; a
    // failure (no room for the copy) leaves a migrated store, only larger.
    if let Err(err) = store.conn.execute_batch("VACUUM") {
        tracing::warn!("{}: VACUUM after the migration: {err}", path.display());
    }
    Ok(())
}

/// Layout 3 → 4: each finding's row gets what the report's order sorts by —
/// its page (`url`), `line` and `selector` from its occurrence, its `rule`
/// from its shared part — and the index `findings_order` is made (by the
/// schema, once the columns are there), so the report reads the findings in
/// its order from the store.
pub(super) fn from_3(store: &mut Store) -> Result<()> {
    let path = store.path.clone();
    let e = |e: rusqlite::Error| db_err(&path, &e);
    let tx = store.conn.transaction().map_err(e)?;
    tx.execute_batch(
        "ALTER TABLE findings ADD COLUMN url TEXT;
         ALTER TABLE findings ADD COLUMN line INTEGER;
         ALTER TABLE findings ADD COLUMN rule TEXT;
         ALTER TABLE findings ADD COLUMN selector TEXT;
         UPDATE findings SET
           url = json_extract(occurrence, '$.url'),
           line = json_extract(occurrence, '$.line'),
           selector = json_extract(occurrence, '$.selector'),
           rule = (SELECT json_extract(body, '$.rule') FROM texts WHERE texts.id = findings.shared);",
    )
    .map_err(e)?;
    tx.execute(
        "UPDATE run SET settings = json_set(settings, '$.format', 4) WHERE id = 1",
        [],
    )
    .map_err(e)?;
    tx.commit().map_err(e)
}

/// Layout 4 → 5 (after 3 → 4, which reads `texts.body` as JSON text): each
/// `texts` body is deflated and keyed by its digest (same ids, so findings
/// keep theirs); each page's `link_details` row takes the page's site and
/// source from its links, whose rows lose them and are clustered by
/// `(details, ord)` in the order written. The tables of layout 5 are made
/// by the schema.
pub(super) fn from_4(store: &mut Store) -> Result<()> {
    let path = store.path.clone();
    let e = |e: rusqlite::Error| db_err(&path, &e);
    let tx = store.conn.transaction().map_err(e)?;
    // The old indexes go first: the schema's `IF NOT EXISTS` must make the new tables'.
    tx.execute_batch(
        "DROP INDEX IF EXISTS links_site; DROP INDEX IF EXISTS links_target;
         DROP INDEX IF EXISTS texts_hash;
         ALTER TABLE texts RENAME TO texts_4; ALTER TABLE links RENAME TO links_4;
         ALTER TABLE link_details RENAME TO link_details_4;",
    )
    .map_err(e)?;
    tx.execute_batch(SCHEMA).map_err(e)?;
    {
        let mut read = tx
            .prepare("SELECT id, body FROM texts_4 ORDER BY id")
            .map_err(e)?;
        let mut write = tx
            .prepare("INSERT INTO texts(id, digest, body) VALUES (?1, ?2, ?3)")
            .map_err(e)?;
        let mut rows = read.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let id: i64 = r.get(0).map_err(e)?;
            let body: String = r.get(1).map_err(e)?;
            write
                .execute(params![
                    id,
                    &super::text_digest(&body)[..],
                    super::deflated(body.as_bytes())
                ])
                .map_err(e)?;
        }
    }
    tx.execute_batch(
        "INSERT INTO link_details(id, site, source, details)
           SELECT d.id, l.site, l.source, d.details FROM link_details_4 d
           JOIN (SELECT details, min(id), site, source FROM links_4 GROUP BY details) l
             ON l.details = d.id
           ORDER BY d.id;
         INSERT INTO links(details, ord, target, scheme, fragment, tag, blank)
           SELECT details, ord, target, scheme, fragment, tag, blank FROM links_4 ORDER BY details, ord;
         DROP TABLE texts_4; DROP TABLE links_4; DROP TABLE link_details_4;",
    )
    .map_err(e)?;
    tx.execute(
        "UPDATE run SET settings = json_set(settings, '$.format', 5) WHERE id = 1",
        [],
    )
    .map_err(e)?;
    tx.commit().map_err(e)?;
    // The old tables' space goes back to the file system, as after 2 → 3.
    if let Err(err) = store.conn.execute_batch("VACUUM") {
        tracing::warn!("{}: VACUUM after the migration: {err}", path.display());
    }
    Ok(())
}

/// A test hook (tests and the `test-hooks` feature only): turns a store of
/// this layout back into layout `to` (4 or 3) as those versions wrote it, so
/// tests can assert a store migrated from it reports as before.
///
/// # Errors
/// [`crate::Error::Store`].
#[cfg(any(test, feature = "test-hooks"))]
pub fn downgrade(path: &std::path::Path, to: u32) -> Result<()> {
    let e = |e: rusqlite::Error| db_err(path, &e);
    let mut conn = rusqlite::Connection::open(path).map_err(e)?;
    let tx = conn.transaction().map_err(e)?;
    // 5 → 4: texts as JSON text with the hash of 4's look-up; links with their site and source.
    tx.execute_batch(
        "DROP INDEX texts_digest; ALTER TABLE texts RENAME TO texts_5;
         CREATE TABLE texts(id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, body TEXT NOT NULL);
         CREATE INDEX texts_hash ON texts(hash);",
    )
    .map_err(e)?;
    {
        let mut read = tx.prepare("SELECT id, body FROM texts_5").map_err(e)?;
        let mut write = tx
            .prepare("INSERT INTO texts(id, hash, body) VALUES (?1, ?2, ?3)")
            .map_err(e)?;
        let mut rows = read.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            use std::hash::{Hash, Hasher};
            let id: i64 = r.get(0).map_err(e)?;
            // As layout 4 wrote it: the finding's JSON, keys sorted.
            let body: serde_json::Value =
                super::text_body(r.get_ref(1).map_err(e)?).unwrap_or_default();
            let body = body.to_string();
            let mut hasher = std::hash::DefaultHasher::new();
            body.hash(&mut hasher);
            write
                .execute(params![id, hasher.finish() as i64, body])
                .map_err(e)?;
        }
    }
    tx.execute_batch(
        "DROP TABLE texts_5;
         DROP INDEX IF EXISTS links_target; ALTER TABLE links RENAME TO links_5;
         CREATE TABLE links(
           id INTEGER PRIMARY KEY, site TEXT NOT NULL, source INTEGER NOT NULL, target INTEGER NOT NULL,
           scheme TEXT NOT NULL, fragment TEXT, tag TEXT NOT NULL, blank INTEGER NOT NULL,
           details INTEGER NOT NULL, ord INTEGER NOT NULL);
         INSERT INTO links(site, source, target, scheme, fragment, tag, blank, details, ord)
           SELECT d.site, d.source, l.target, l.scheme, l.fragment, l.tag, l.blank, l.details, l.ord
           FROM links_5 l JOIN link_details d ON d.id = l.details ORDER BY l.details, l.ord;
         DROP TABLE links_5;
         CREATE INDEX links_site ON links(site); CREATE INDEX links_target ON links(target);
         DROP INDEX link_details_site;
         ALTER TABLE link_details DROP COLUMN site; ALTER TABLE link_details DROP COLUMN source;
         UPDATE run SET settings = json_set(settings, '$.format', 4);",
    )
    .map_err(e)?;
    if to <= 3 {
        // 4 → 3: no order columns, no index.
        tx.execute_batch(
            "DROP INDEX findings_order;
             ALTER TABLE findings DROP COLUMN url; ALTER TABLE findings DROP COLUMN line;
             ALTER TABLE findings DROP COLUMN rule; ALTER TABLE findings DROP COLUMN selector;
             UPDATE run SET settings = json_set(settings, '$.format', 3);",
        )
        .map_err(e)?;
    }
    tx.commit().map_err(e)
}

/// Within layout 3: `problems` keyed by input alone kept one problem per
/// page (a page's nesting-limit problem replaced by its render problem, its
/// refused browser requests by one another); it becomes keyed by input,
/// kind and message, its rows kept.
pub(super) fn problems_per_input(store: &mut Store) -> Result<()> {
    let path = store.path.clone();
    let e = |e: rusqlite::Error| db_err(&path, &e);
    let sql: Option<String> = store
        .conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'problems'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(e)?;
    if !sql.is_some_and(|sql| sql.contains("input TEXT PRIMARY KEY")) {
        return Ok(());
    }
    let tx = store.conn.transaction().map_err(e)?;
    tx.execute_batch(
        "ALTER TABLE problems RENAME TO problems_old;
         CREATE TABLE problems(
           input TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL,
           PRIMARY KEY(input, kind, message));
         INSERT OR IGNORE INTO problems(input, kind, message)
           SELECT input, kind, message FROM problems_old ORDER BY rowid;
         DROP TABLE problems_old;",
    )
    .map_err(e)?;
    tx.commit().map_err(e)
}

#[cfg(test)]
mod tests {
    use crate::crawl::{Frontier, SiteRow};
    use crate::facts::LinkStatus;
    use crate::store::{RunSettings, Store};

    /// A store of layout 2, as the previous version wrote it: two links of
    /// one page, one broken.
    fn layout_2(path: &std::path::Path) -> SiteRow {
        let site = SiteRow {
            id: "s".into(),
            name: "S".into(),
            root: "https://a.example/".into(),
            role: None,
            discovered: false,
            robots: None,
            crawl_delay: None,
        };
        let store = Store::create(path, &RunSettings::for_test()).unwrap();
        store.put_site(&site).unwrap();
        store
            .conn
            .execute_batch(
                "DROP TABLE links; DROP TABLE link_urls; DROP TABLE link_details;
                 CREATE TABLE links(
                   id INTEGER PRIMARY KEY, site TEXT NOT NULL, source TEXT NOT NULL, href TEXT NOT NULL,
                   target TEXT NOT NULL, scheme TEXT NOT NULL, fragment TEXT, tag TEXT NOT NULL, text TEXT NOT NULL,
                   element TEXT NOT NULL);
                 CREATE INDEX links_site ON links(site);
                 INSERT INTO urls(url, site, depth, action, state, status, http_status)
                   VALUES ('https://a.example/', 's', 0, 'crawl', 'done', 'ok', 200),
                          ('https://a.example/mat', 's', 1, 'check', 'done', 'broken', 404);
                 INSERT INTO links(site, source, href, target, scheme, fragment, tag, text, element) VALUES
                   ('s', 'https://a.example/', '/', 'https://a.example/', 'https', NULL, 'a', 'Trang chủ',
                    '{\"selector\":\"nav > a\",\"line\":3,\"column\":5,\"snippet\":\"<a href=\\\"/\\\">\"}'),
                   ('s', 'https://a.example/', '/mat', 'https://a.example/mat', 'https', NULL, 'a', 'Văn bản',
                    '{\"selector\":\"main > a\",\"line\":9,\"column\":1,\"snippet\":\"<a href=\\\"/mat\\\">\",\"signature\":\"a|main\"}');
                 DROP TABLE findings; DROP TABLE texts;
                 CREATE TABLE findings(id INTEGER PRIMARY KEY, scope TEXT NOT NULL, site TEXT NOT NULL, finding TEXT NOT NULL);
                 INSERT INTO findings(scope, site, finding) VALUES ('page', 's', json_object(
                   'rule', 'img-alt-missing', 'family', 'a11y', 'outcome', 'failed', 'severity', 'error',
                   'site', 's', 'url', 'https://a.example/', 'selector', 'main > img', 'line', 4, 'column', 1,
                   'snippet', '<img src=\"a.png\">', 'message', json_object('vi', 'Ảnh thiếu alt', 'en', 'Image without alt'),
                   'legal', json_array(), 'wcag', json_array('1.1.1'), 'args', json_object(), 'fingerprint', 'f1'));
                 UPDATE run SET settings = json_set(settings, '$.format', 2);",
            )
            .unwrap();
        site
    }

    #[test]
    fn a_store_of_the_previous_layout_is_migrated_and_keeps_its_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.sqlite");
        let site = layout_2(&path);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.settings().unwrap().format, crate::store::FORMAT);
        let data = store.site_data(&site).unwrap();
        assert_eq!(data.links_ok, 1);
        assert_eq!(data.links.len(), 1);
        let broken = &data.links[0];
        assert_eq!(broken.source, "https://a.example/");
        assert_eq!(broken.answer.status, LinkStatus::Broken);
        assert_eq!(broken.link.href, "/mat");
        assert_eq!(broken.link.text, "Văn bản");
        assert_eq!(broken.link.element.selector, "main > a");
        assert_eq!(broken.link.element.line, 9);
        assert_eq!(broken.link.element.snippet, "<a href=\"/mat\">");
        assert_eq!(broken.link.element.signature, "a|main");
        let findings = store.findings().unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "img-alt-missing");
        assert_eq!(findings[0].selector.as_deref(), Some("main > img"));
        assert_eq!(findings[0].message.en, "Image without alt");
        assert_eq!(findings[0].fingerprint, "f1");
        drop(store);
        // Opened again, it is a store of this layout: nothing left to migrate.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.site_data(&site).unwrap().links.len(), 1);
    }

    #[test]
    fn a_store_of_layout_3_gets_the_columns_of_the_reports_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.sqlite");
        let store = Store::create(&path, &RunSettings::for_test()).unwrap();
        let first = crate::store::tests::sample_finding("https://a.example/đường", "f1");
        let mut second = first.clone();
        second.rule = "title-missing".into();
        second.url = "https://a.example/".into();
        second.line = None;
        second.selector = None;
        second.fingerprint = "f2".into();
        for f in [&first, &second] {
            crate::store::tests::put(&store, f);
        }
        // url, line, rule, selector.
        type Columns = (String, Option<i64>, String, Option<String>);
        let columns = |store: &Store| -> Vec<Columns> {
            let mut stmt = store
                .conn
                .prepare("SELECT url, line, rule, selector FROM findings ORDER BY id")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let written = columns(&store);
        let expected: Vec<Columns> = vec![
            (
                "https://a.example/đường".into(),
                Some(4),
                "img-alt-missing".into(),
                Some("main > img".into()),
            ),
            (
                "https://a.example/".into(),
                None,
                "title-missing".into(),
                None,
            ),
        ];
        assert_eq!(written, expected);
        // Layout 3: no such columns, no index (and `texts` as JSON text).
        drop(store);
        super::downgrade(&path, 3).unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.settings().unwrap().format, crate::store::FORMAT);
        assert_eq!(columns(&store), written);
        let mut read = Vec::new();
        store
            .each_finding_in_report_order(|f| read.push(f))
            .unwrap();
        assert_eq!(read, vec![second, first]);
        drop(store);
        // Opened again: nothing left to migrate.
        let store = Store::open(&path).unwrap();
        assert_eq!(columns(&store), written);
    }

    #[test]
    fn problems_keyed_by_input_alone_are_rekeyed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.sqlite");
        let store = Store::create(&path, &RunSettings::for_test()).unwrap();
        store
            .conn
            .execute_batch(
                "DROP TABLE problems;
                 CREATE TABLE problems(input TEXT PRIMARY KEY, kind TEXT NOT NULL, message TEXT NOT NULL);
                 INSERT INTO problems VALUES ('https://a.example/', 'render', 'r');",
            )
            .unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        for kind in ["depth_limited", "render_blocked"] {
            store
                .conn
                .execute(
                    "INSERT OR REPLACE INTO problems(input, kind, message) VALUES ('https://a.example/', ?1, 'm')",
                    [kind],
                )
                .unwrap();
        }
        let count: i64 = store
            .conn
            .query_row("SELECT count(*) FROM problems", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 3);
    }

    #[test]
    fn a_store_of_an_older_layout_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.sqlite");
        let store = Store::create(&path, &RunSettings::for_test()).unwrap();
        store
            .conn
            .execute_batch("UPDATE run SET settings = json_set(settings, '$.format', 1);")
            .unwrap();
        drop(store);
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(err.contains("start it afresh"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
