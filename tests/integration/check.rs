//! `check` records each page in a store as it goes (the one `audit` writes,
//! a temporary file unless `--keep-store` names one): links between local
//! files find their target's fragments whichever page is read first, a file
//! named twice is checked once, and no store is left behind.

use std::path::Path;

use crate::support::cli::{run_for_report, run_in_with_env};

/// A small static site: `a.html` links forward to pages read after it.
fn site(dir: &Path) {
    let page = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            path,
            format!(
                "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
                 <title>{name}</title></head><body><main>{body}</main></body></html>"
            ),
        )
        .unwrap();
    };
    page(
        "a.html",
        "<h1 id=\"dau\">A</h1>\
         <a href=\"z.html#co\">co</a> <a href=\"z.html#khong\">khong</a>\
         <a href=\"tin-tuc/#muc\">muc</a> <a href=\"tin-tuc/#thieu\">thieu</a>\
         <a href=\"mat.html\">mat</a> <a href=\"#top\">top</a>",
    );
    page(
        "tin-tuc/index.html",
        "<h1 id=\"muc\">Tin</h1><a href=\"../a.html#dau\">dau</a>",
    );
    page(
        "z.html",
        "<h1 id=\"co\">Z</h1><a href=\"a.html#dau\">dau</a> <a href=\"a.html#cuoi\">cuoi</a>\
         <a href=\"tin-tuc/#muc\">muc</a>",
    );
}

/// `rule page → target#fragment` of a report's findings, sorted.
fn link_findings(report: &serde_json::Value, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} → {}",
                f["rule"].as_str().unwrap(),
                f["url"].as_str().unwrap().trim_start_matches(&prefix),
                f["args"]["target"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches(&prefix),
            )
        })
        .collect();
    out.sort();
    out
}

/// `check INPUTS --format json --fail-on never --out OUT EXTRA…`.
fn args<'a>(inputs: &[&'a str], out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["check"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&[
        "--format",
        "json",
        "--fail-on",
        "never",
        "--out",
        out.to_str().unwrap(),
    ]);
    args.extend_from_slice(extra);
    args
}

/// The report of `check` run in `dir` with the two local link rules.
fn check(dir: &Path, inputs: &[&str], out: &Path) -> serde_json::Value {
    let rules = ["--rule", "link-fragment-missing", "--rule", "link-broken"];
    run_for_report(dir, &args(inputs, out, &rules), out)
}

#[test]
fn fragments_are_found_in_pages_read_later_and_in_a_folders_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    let out = dir.path().join("out");
    let report = check(dir.path(), &["site"], &out);
    assert_eq!(
        link_findings(&report, Path::new("site")),
        [
            "link-broken a.html → mat.html",
            "link-fragment-missing a.html → tin-tuc#thieu",
            "link-fragment-missing a.html → z.html#khong",
            "link-fragment-missing z.html → a.html#cuoi",
        ],
        "{:#}",
        report["findings"]
    );
    assert_eq!(report["counts"]["pages"], 3);
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    site(&dir.path().join("site"));
    let out = dir.path().join("out");
    let report = check(dir.path(), &["site", "site/a.html"], &out);
    let pages: Vec<&str> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        pages,
        ["site/a.html", "site/tin-tuc/index.html", "site/z.html"]
    );
    let sites: Vec<(&str, u64)> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["pages"].as_u64().unwrap()))
        .collect();
    assert_eq!(sites, [("site", 3), ("site/a.html", 0)]);
    assert_eq!(
        link_findings(&report, Path::new("site")).len(),
        4,
        "{:#}",
        report["findings"]
    );
}

#[test]
fn the_store_is_removed_after_the_run_unless_kept() {
    let dir = tempfile::tempdir().unwrap();
    site(&dir.path().join("site"));
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let out = dir.path().join("out");
    let args = args(&["site"], &out, &[]);
    let output = run_in_with_env(dir.path(), &args, &[("TMPDIR", tmp.to_str().unwrap())]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert!(out.join("report.json").is_file());

    let kept = dir.path().join("kept.sqlite");
    let keep = args
        .iter()
        .copied()
        .chain(["--keep-store", kept.to_str().unwrap()]);
    let keep: Vec<&str> = keep.collect();
    let output = run_in_with_env(dir.path(), &keep, &[("TMPDIR", tmp.to_str().unwrap())]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let store = rusqlite::Connection::open(&kept).unwrap();
    let pages: i64 = store
        .query_row("SELECT count(*) FROM pages", [], |r| r.get(0))
        .unwrap();
    let links: i64 = store
        .query_row("SELECT count(*) FROM links", [], |r| r.get(0))
        .unwrap();
    assert_eq!((pages, links), (3, 10));
}
