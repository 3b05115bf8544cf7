//! The store's own unit tests: rows that do not parse, findings kept as
//! occurrence plus shared part, the report's order from the index, ownership.

use super::*;

/// Writes a finding as a page's recording does, with no `texts` id known.
pub(super) fn put(store: &Store, f: &crate::finding::Finding) {
    let known = TextIds::default();
    let mut texts = NewTexts::new(&known);
    put_finding(&store.conn, &mut texts, "page", &f.site, f).unwrap();
}

/// A failed `img-alt-missing` finding of site `s` at `url` (line 4, `main > img`).
pub(super) fn sample_finding(url: &str, fingerprint: &str) -> crate::finding::Finding {
    serde_json::from_value(serde_json::json!({
        "rule": "img-alt-missing", "family": "a11y", "outcome": "failed", "severity": "error",
        "site": "s", "url": url, "selector": "main > img", "line": 4,
        "column": 1, "snippet": "<img src=\"a.png\">",
        "message": {"vi": "Ảnh thiếu alt", "en": "Image without alt"},
        "legal": [], "wcag": ["1.1.1"], "args": {}, "fingerprint": fingerprint
    }))
    .unwrap()
}

#[test]
fn rows_that_do_not_parse_are_left_out_and_the_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("audit.sqlite"), &RunSettings::for_test()).unwrap();
    let rows: Vec<u32> = store
        .json_rows(
            "SELECT value FROM (SELECT '1' AS value UNION ALL SELECT 'not json' \
             UNION ALL SELECT '3')",
            [],
        )
        .unwrap();
    assert_eq!(rows, vec![1, 3]);
}

#[test]
fn a_finding_is_kept_as_its_occurrence_and_a_shared_part_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("audit.sqlite"), &RunSettings::for_test()).unwrap();
    let first = sample_finding("https://a.example/", "f1");
    let mut second = first.clone();
    second.url = "https://a.example/b".into();
    second.line = Some(40);
    second.fingerprint = "f2".into();
    for f in [&first, &second] {
        put(&store, f);
    }
    let read = store.findings().unwrap();
    assert_eq!(read, vec![first, second]);
    // Read back, the two hold one message and one list of bases, not a copy each.
    assert!(crate::finding::Shared::ptr_eq(
        &read[0].message,
        &read[1].message
    ));
    assert!(crate::finding::Shared::ptr_eq(
        &read[0].legal,
        &read[1].legal
    ));
    assert!(crate::finding::Shared::ptr_eq(&read[0].args, &read[1].args));
    // One shared part, kept deflated under the digest of its JSON (layout 5).
    let (texts, kind, digest): (i64, String, Vec<u8>) = store
        .conn
        .query_row(
            "SELECT count(*), typeof(body), digest FROM texts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((texts, kind.as_str(), digest.len()), (1, "blob", 16));
}

#[test]
fn findings_are_read_in_the_reports_order_from_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("audit.sqlite"), &RunSettings::for_test()).unwrap();
    let base = sample_finding("https://a.example/", "f");
    // Every key of the order varied, with `None`s, non-ASCII bytes, large
    // lines and ties (kept in the order written), written out of order.
    // site, url, line, rule, selector.
    type Case<'a> = (&'a str, &'a str, Option<u64>, &'a str, Option<&'a str>);
    let cases: &[Case<'_>] = &[
        (
            "t",
            "https://a.example/b",
            Some(2),
            "link-broken",
            Some("a"),
        ),
        ("s", "https://a.example/đ", None, "img-alt-missing", None),
        (
            "s",
            "https://a.example/b",
            Some(10),
            "img-alt-missing",
            Some("b"),
        ),
        (
            "s",
            "https://a.example/b",
            Some(9),
            "img-alt-missing",
            Some("b"),
        ),
        ("s", "https://a.example/b", None, "title-missing", None),
        (
            "s",
            "https://a.example/b",
            Some(9),
            "heading-order",
            Some("h3"),
        ),
        (
            "s",
            "https://a.example/B",
            Some(1),
            "img-alt-missing",
            Some("b"),
        ),
        ("s", "https://a.example/b", Some(9), "img-alt-missing", None),
        (
            "s",
            "https://a.example/b",
            Some(9),
            "img-alt-missing",
            Some("b"),
        ),
        (
            "s",
            "https://a.example/b",
            Some(u64::from(u32::MAX) + 7),
            "img-alt-missing",
            Some("Z"),
        ),
        (
            "s",
            "https://a.example/é",
            Some(3),
            "img-alt-missing",
            Some("ä"),
        ),
        (
            "s",
            "https://a.example/é",
            Some(3),
            "img-alt-missing",
            Some("z"),
        ),
    ];
    let mut written = Vec::new();
    for (i, (site, url, line, rule, selector)) in cases.iter().enumerate() {
        let mut f = base.clone();
        f.site = (*site).into();
        f.url = (*url).into();
        f.line = *line;
        f.rule = (*rule).into();
        f.selector = selector.map(str::to_string);
        f.fingerprint = format!("f{i}");
        put(&store, &f);
        written.push(f);
    }
    let mut expected = written;
    crate::report::sort_findings(&mut expected);
    let mut read = Vec::new();
    store
        .each_finding_in_report_order(|f| read.push(f))
        .unwrap();
    let order = |fs: &[crate::finding::Finding]| -> Vec<String> {
        fs.iter().map(|f| f.fingerprint.clone()).collect()
    };
    assert_eq!(order(&read), order(&expected));
    assert_eq!(read, expected);
    // One rule on one site (JUnit's case): the same order, that rule's alone.
    for (site, rule) in [("s", "img-alt-missing"), ("t", "link-broken"), ("s", "x")] {
        let mut one = Vec::new();
        store
            .try_each_finding_of_site_rule(site, rule, |_, f| {
                one.push(f);
                Ok::<(), Error>(())
            })
            .unwrap();
        let kept: Vec<_> = expected
            .iter()
            .filter(|f| f.site == site && f.rule == rule)
            .cloned()
            .collect();
        assert_eq!(order(&one), order(&kept), "{site} {rule}");
    }
    // One site's (its own HTML file): the same order.
    let mut one = Vec::new();
    store
        .try_each_finding_of_site("s", |_, f| {
            one.push(f);
            Ok::<(), Error>(())
        })
        .unwrap();
    let kept: Vec<_> = expected.iter().filter(|f| f.site == "s").cloned().collect();
    assert_eq!(order(&one), order(&kept));
    // Read through the index: its `site` prefix searched, nothing sorted.
    for (sql, params) in [
        (super::findings::SITE_RULE_ORDER, &["s", "r"][..]),
        (super::findings::SITE_ORDER, &["s"][..]),
    ] {
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            plan,
            ["SEARCH findings USING INDEX findings_order (site=?)"],
            "{plan:?}"
        );
    }
}

#[test]
fn only_a_store_of_ours_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite");
    assert_eq!(ownership(&path), Ownership::Absent);
    std::fs::write(&path, "root:x:0:0\n").unwrap();
    assert_eq!(ownership(&path), Ownership::Foreign);
    assert!(matches!(
        Store::create(&path, &RunSettings::for_test()),
        Err(Error::NotAStore(_))
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "root:x:0:0\n");
    std::fs::remove_file(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch("CREATE TABLE notes(text TEXT);")
        .unwrap();
    drop(other);
    assert_eq!(ownership(&path), Ownership::Foreign);
    assert!(Store::open(&path).is_err());
    std::fs::remove_file(&path).unwrap();
    drop(Store::create(&path, &RunSettings::for_test()).unwrap());
    assert_eq!(ownership(&path), Ownership::Ours);
    drop(Store::create(&path, &RunSettings::for_test()).unwrap());
}

#[test]
fn blobs_inflate_to_what_was_deflated_and_a_cut_blob_to_nothing() {
    // Compressible far beyond the first guess of the output's size, and not.
    let repetitive = "Trang chủ\n".repeat(5_000);
    let varied: String = (0..20_000u32)
        .map(|i| format!("{:x}", i.wrapping_mul(2_654_435_761)))
        .collect();
    for text in [repetitive.as_str(), varied.as_str(), ""] {
        let blob = deflated(text.as_bytes());
        assert_eq!(inflated(&blob).as_deref(), Some(text.as_bytes()));
        // The same state serves the next blob.
        assert_eq!(inflated(&blob).as_deref(), Some(text.as_bytes()));
    }
    let blob = deflated(repetitive.as_bytes());
    assert_eq!(inflated(&blob[..blob.len() / 2]), None);
    assert_eq!(inflated(b""), None);
}

/// Whether the store has the index of links by target.
fn has_links_target(store: &Store) -> bool {
    store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'links_target'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

#[test]
fn a_crawl_writes_links_without_their_target_index_and_its_end_builds_it() {
    use crate::crawl::{Action, Frontier, NewUrl};
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::create(&dir.path().join("audit.sqlite"), &RunSettings::for_test()).unwrap();
    assert!(
        !has_links_target(&store),
        "a new store's crawl writes no index"
    );
    let seed = |url: &str| NewUrl {
        url: url.into(),
        site: Some("s".into()),
        depth: 1,
        action: Action::Crawl,
        need_anchors: false,
        skip: None,
    };
    // Two sitemap-only seeds; a recorded page links to the first.
    let (linked, alone) = ("https://a.example/linked", "https://a.example/alone");
    store
        .add_seeds(&[seed(linked), seed(alone)], &[linked, alone])
        .unwrap();
    store
        .conn
        .execute_batch(
            "INSERT INTO link_urls(id, url) VALUES (1, 'https://a.example/'), (2, 'https://a.example/linked');
             INSERT INTO link_details(id, site, source, details) VALUES (1, 's', 1, x'');
             INSERT INTO links(details, ord, target, scheme, fragment, tag, blank)
               VALUES (1, 0, 2, 'https', NULL, 'a', 0);",
        )
        .unwrap();
    // A resumed crawl's question, asked with the index, which it leaves dropped.
    store.index_links().unwrap();
    let listed = store.listed_only().unwrap();
    assert_eq!(listed, std::collections::HashSet::from([alone.to_string()]));
    assert!(
        !has_links_target(&store),
        "the crawl goes on without the index"
    );
    // The crawl's end builds it, once.
    store.index_links().unwrap();
    store.index_links().unwrap();
    assert!(has_links_target(&store));
    let plan: String = store
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT 1 FROM links WHERE target = 2",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("links_target"), "{plan}");
}
