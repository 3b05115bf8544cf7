//! The manual review checklist: cant-tell findings grouped once per site, rule
//! and pattern (`src/report/review.rs`), the same for `check` on files and for
//! an `audit` of the same pages served on 127.0.0.1.
//!
//! `fixtures/sites/review/` has three pages sharing a menu (whose link texts a
//! person must read: one item for the site), the generic phrase "Xem thêm" in
//! context three times on two pages (one item, whatever its case), "Chi tiết"
//! twice on two pages (one item) and two paragraphs on a background image whose
//! contrast cannot be known (one item).

use std::path::Path;

use pretty_assertions::assert_eq;

use crate::support::cli::{assert_valid_report, repo, run_in};
use crate::support::server::{Reply, Server};

const RULES: [&str; 4] = [
    "--rule",
    "link-text-generic",
    "--rule",
    "contrast-insufficient",
];

/// Each review item as `rule | pattern | count | pages | page:line, …`, with
/// `base` cut from the URLs.
fn items(report: &serde_json::Value, base: &str) -> Vec<String> {
    report["review"]
        .as_array()
        .expect("report.json has a review checklist")
        .iter()
        .map(|item| {
            let pattern: Vec<String> = item["pattern"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
                .collect();
            let locations: Vec<String> = item["locations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let url = l["url"].as_str().unwrap();
                    format!("{}:{}", url.strip_prefix(base).unwrap_or(url), l["line"])
                })
                .collect();
            format!(
                "{} | {} | {} | {} | {}",
                item["rule"].as_str().unwrap(),
                pattern.join(","),
                item["count"],
                item["pages"],
                locations.join(" ")
            )
        })
        .collect()
}

fn read_report(path: &Path) -> serde_json::Value {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_valid_report(&report);
    crate::support::cli::restored(report)
}

/// Every item belongs to the one site, and the items together hold every
/// cant-tell finding exactly once (nothing lost, nothing counted twice).
fn assert_complete(report: &serde_json::Value) {
    let site = report["sites"][0]["id"].as_str().unwrap();
    let mut grouped: Vec<&str> = Vec::new();
    for item in report["review"].as_array().unwrap() {
        assert_eq!(item["site"], site);
        assert_eq!(
            item["count"].as_u64().unwrap() as usize,
            item["locations"].as_array().unwrap().len()
        );
        grouped.extend(
            item["locations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["fingerprint"].as_str().unwrap()),
        );
    }
    let mut review: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["outcome"] == "cant_tell")
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    grouped.sort_unstable();
    review.sort_unstable();
    assert_eq!(grouped, review);
    assert_eq!(review.len(), 10);
}

#[test]
fn check_groups_review_items_once_per_site_and_pattern() {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "check",
        "fixtures/sites/review",
        "--as-of",
        "2026-11-28",
        "--format",
        "json,html,md,junit",
        "--quiet",
        "--out",
    ];
    let out_dir = out.path().to_str().unwrap().to_string();
    args.push(&out_dir);
    args.extend_from_slice(&RULES);
    let output = run_in(&repo("."), &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = read_report(&out.path().join("report.json"));
    assert_eq!(
        items(&report, "fixtures/sites/review/"),
        [
            "link-text-generic |  | 3 | 3 | index.html:10 lien-he.html:10 tin-tuc.html:10",
            "link-text-generic | phrase=xem thêm | 3 | 2 | index.html:18 index.html:19 tin-tuc.html:18",
            "contrast-insufficient | reason=background image | 2 | 2 | index.html:21 tin-tuc.html:21",
            "link-text-generic | phrase=chi tiết | 2 | 2 | lien-he.html:18 tin-tuc.html:19",
        ]
    );
    assert_complete(&report);
    // The gate is unchanged: review items never count.
    assert_eq!(report["gate"]["counted"], 0);

    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    let section = md
        .split("### ")
        .find(|s| s.starts_with("Danh sách cần kiểm tra thủ công"))
        .expect("summary.md has the checklist");
    assert_eq!(
        section.lines().take(4).collect::<Vec<_>>(),
        [
            "Danh sách cần kiểm tra thủ công (4 mục)",
            "",
            "- [ ] Chữ của liên kết không nói rõ đích đến (`link-text-generic`) · fixtures/sites/review · 3 chỗ trên 3 trang; đầu tiên fixtures/sites/review/index.html:10: Cần người kiểm tra chữ của các liên kết trên trang này (đầu tiên: “Trang chủ”) có nói rõ đích đến không.",
            "- [ ] Chữ của liên kết không nói rõ đích đến (`link-text-generic`) · fixtures/sites/review · 3 chỗ trên 2 trang; đầu tiên fixtures/sites/review/index.html:18: Liên kết \"Xem thêm\" cần được viết rõ nghĩa hoặc kiểm tra lại.",
        ]
    );
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert_eq!(
        html.matches("<tr class=\"review-row\"").count(),
        4,
        "{html}"
    );
    let junit = std::fs::read_to_string(out.path().join("junit.xml")).unwrap();
    assert!(
        junit.contains("<system-out>Cần kiểm tra thủ công (3 mục, 8 chỗ):\n"),
        "{junit}"
    );
}

#[test]
fn an_audit_of_the_same_pages_gives_the_same_items() {
    let page = |name: &str| {
        Reply::Html(std::fs::read_to_string(repo("fixtures/sites/review").join(name)).unwrap())
    };
    let server = Server::start(vec![
        ("/", page("index.html")),
        ("/tin-tuc.html", page("tin-tuc.html")),
        ("/lien-he.html", page("lien-he.html")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let root = server.url("/");
    let mut args = vec![
        "audit",
        root.as_str(),
        "--as-of",
        "2026-11-28",
        "--delay",
        "0",
        "--format",
        "json",
        "--out",
        "out",
        "--quiet",
    ];
    args.extend_from_slice(&RULES);
    let output = run_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = read_report(&dir.path().join("out/report.json"));
    assert_eq!(
        items(&report, &root),
        [
            "link-text-generic |  | 3 | 3 | :10 lien-he.html:10 tin-tuc.html:10",
            "link-text-generic | phrase=xem thêm | 3 | 2 | :18 :19 tin-tuc.html:18",
            "contrast-insufficient | reason=background image | 2 | 2 | :21 tin-tuc.html:21",
            "link-text-generic | phrase=chi tiết | 2 | 2 | lien-he.html:18 tin-tuc.html:19",
        ]
    );
    assert_complete(&report);

    // `report` renders the store again with the same checklist.
    let again = run_in(
        dir.path(),
        &[
            "report",
            "out/audit.sqlite",
            "--format",
            "json",
            "--out",
            "again",
        ],
    );
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert_eq!(
        read_report(&dir.path().join("again/report.json"))["review"],
        report["review"]
    );
}
