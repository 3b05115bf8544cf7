//! Stores of an earlier layout brought to this one when opened, one
//! transaction a step (2 → this layout, 3 → 4), so an audit of an earlier version can
//! still be resumed or rendered. Layouts older than 2 are refused by
//! [`Store::settings`] with a message that says to start afresh.

use rusqlite::{OptionalExtension, params};

use super::frontier::{LinkIds, LinkUrls, insert_links};
use super::{SCHEMA, Store, db_err, put_finding_json};
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
                        insert_links(&tx, &mut urls, &s, &src, &links).map_err(e)?;
                    }
                    page = Some((site, source, vec![link]));
                }
            }
        }
        if let Some((s, src, links)) = page {
            insert_links(&tx, &mut urls, &s, &src, &links).map_err(e)?;
        }
    }
    {
        let mut stmt = tx
            .prepare("SELECT scope, site, finding FROM findings_2 ORDER BY id")
            .map_err(e)?;
        let mut rows = stmt.query([]).map_err(e)?;
        while let Some(r) = rows.next().map_err(e)? {
            let (scope, site, finding): (String, String, String) = (
                r.get(0).map_err(e)?,
                r.get(1).map_err(e)?,
                r.get(2).map_err(e)?,
            );
            if let Ok(value) = serde_json::from_str(&finding) {
                put_finding_json(&tx, &scope, &site, value).map_err(e)?;
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
        let first: crate::finding::Finding = serde_json::from_value(serde_json::json!({
            "rule": "img-alt-missing", "family": "a11y", "outcome": "failed", "severity": "error",
            "site": "s", "url": "https://a.example/đường", "selector": "main > img", "line": 4,
            "column": 1, "snippet": "<img src=\"a.png\">",
            "message": {"vi": "Ảnh thiếu alt", "en": "Image without alt"},
            "legal": [], "wcag": ["1.1.1"], "args": {}, "fingerprint": "f1"
        }))
        .unwrap();
        let mut second = first.clone();
        second.rule = "title-missing".into();
        second.url = "https://a.example/".into();
        second.line = None;
        second.selector = None;
        second.fingerprint = "f2".into();
        for f in [&first, &second] {
            crate::store::put_finding(&store.conn, "page", "s", f).unwrap();
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
        // The previous layout: no such columns, no index.
        store
            .conn
            .execute_batch(
                "DROP INDEX findings_order;
                 ALTER TABLE findings DROP COLUMN url; ALTER TABLE findings DROP COLUMN line;
                 ALTER TABLE findings DROP COLUMN rule; ALTER TABLE findings DROP COLUMN selector;
                 UPDATE run SET settings = json_set(settings, '$.format', 3);",
            )
            .unwrap();
        drop(store);
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
