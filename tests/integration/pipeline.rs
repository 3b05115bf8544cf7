//! One page pipeline: `check` on a folder and `audit` of the same files
//! served on 127.0.0.1 give the same page findings, the same outcome of every
//! page rule on every page, and refuse the same inputs for the same reason
//! (`fixtures/pipeline/README.md` says what the pages exercise).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::cli::{repo, run_for_report};
use crate::support::server::{Reply, Server};
use crate::support::site::serve as serve_folder;

/// Serves the folder as a static server would. The UTF-16 page goes without
/// a charset in its content type: the shared server's `charset=utf-8` would
/// contradict its byte order mark, an HTTP fact (a finding of its own) that
/// a file on disk does not have.
fn serve(site: &Path) -> Server {
    let utf16 = std::fs::read(site.join("utf16.html")).unwrap();
    let html = vec![("Content-Type".to_string(), "text/html".to_string())];
    serve_folder(
        site,
        vec![("/utf16.html".to_string(), Reply::Raw(200, html, utf16))],
    )
}

/// A page's address relative to the folder (check) or the server (audit).
fn relative(url: &str, prefix: &str) -> String {
    url.strip_prefix(prefix)
        .unwrap_or(url)
        .trim_start_matches('/')
        .to_string()
}

/// The page rules' ids.
fn page_rules() -> Vec<&'static str> {
    portal_audit::rules::all()
        .filter(|rule| matches!(rule.check, portal_audit::rules::Check::Page(_)))
        .map(|rule| rule.id)
        .collect()
}

/// Page findings as `page | rule | outcome | selector | line:column | message`, sorted.
fn page_findings(report: &serde_json::Value, prefix: &str) -> Vec<String> {
    let page_rules = page_rules();
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| page_rules.contains(&f["rule"].as_str().unwrap()))
        .map(|f| {
            format!(
                "{} | {} | {} | {} | {}:{} | {}",
                relative(f["url"].as_str().unwrap(), prefix),
                f["rule"].as_str().unwrap(),
                f["outcome"].as_str().unwrap(),
                f["selector"].as_str().unwrap_or_default(),
                f["line"],
                f["column"],
                f["message"]["en"].as_str().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Every page's rule outcomes (and what was learnt decoding it), by relative address.
fn page_outcomes(report: &serde_json::Value, prefix: &str) -> BTreeMap<String, String> {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                relative(p["url"].as_str().unwrap(), prefix),
                format!(
                    "{} | {} | {}",
                    p["encoding"]["used"], p["elements"], p["outcomes"]
                ),
            )
        })
        .collect()
}

/// The refused inputs as `page | kind`, sorted.
fn problems(report: &serde_json::Value, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} | {}",
                relative(p["input"].as_str().unwrap(), prefix),
                p["kind"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn check_on_a_folder_and_audit_of_the_same_files_give_the_same_page_findings() {
    let fixture = repo("fixtures/pipeline");
    let dir = tempfile::tempdir().unwrap();
    // The folder is checked where it lies, under a name of its own.
    let site: PathBuf = dir.path().join("site");
    copy_dir(&fixture, &site);
    let checked = run_for_report(
        dir.path(),
        &[
            "check",
            "site",
            "--out",
            "check-out",
            "--fail-on",
            "never",
            "--quiet",
        ],
        &dir.path().join("check-out"),
    );

    let server = serve(&site);
    let root = server.url("/");
    let start = server.url("/index.html");
    let audited = run_for_report(
        dir.path(),
        &[
            "audit",
            &start,
            "--out",
            "audit-out",
            "--fail-on",
            "never",
            "--delay",
            "0",
            "--quiet",
        ],
        &dir.path().join("audit-out"),
    );

    let from_check = page_findings(&checked, "site/");
    let from_audit = page_findings(&audited, &root);
    // What the pages were built to show, so that a pipeline that loses a
    // stylesheet (or applies the print one) cannot pass by agreeing with itself.
    // Each page's `.nhat` paragraph is its first `p`, on line 12.
    let contrast: Vec<&str> = from_check
        .iter()
        .filter(|f| f.contains("| contrast-insufficient |"))
        .map(|f| f.split(" | Text").next().unwrap())
        .collect();
    assert_eq!(
        contrast,
        [
            "index.html | contrast-insufficient | failed | html > body > p:nth-of-type(1) | 12:1",
            "tin/bai-1.html | contrast-insufficient | failed | html > body > p:nth-of-type(1) | 12:1",
            "tin/bai-2.html | contrast-insufficient | failed | html > body > p:nth-of-type(1) | 12:1",
        ]
    );
    assert!(
        from_check
            .iter()
            .any(|f| f.starts_with("utf16.html | img-alt-missing |")),
        "the UTF-16 page is audited: {from_check:#?}"
    );
    assert!(
        from_check
            .iter()
            .any(|f| f.starts_with("tin/bai-2.html | meta-refresh-delay |")),
        "{from_check:#?}"
    );
    pretty_assertions::assert_eq!(from_check, from_audit);

    pretty_assertions::assert_eq!(
        page_outcomes(&checked, "site/"),
        page_outcomes(&audited, &root)
    );
    assert_eq!(checked["pages"].as_array().unwrap().len(), 4);

    let refused = problems(&checked, "site/");
    assert_eq!(refused, ["nhi-phan.html | binary"]);
    assert_eq!(refused, problems(&audited, &root));
}

#[test]
fn check_of_urls_gives_the_page_findings_of_the_folder_check_and_refuses_a_404() {
    let fixture = repo("fixtures/pipeline");
    let dir = tempfile::tempdir().unwrap();
    let site: PathBuf = dir.path().join("site");
    copy_dir(&fixture, &site);
    let server = serve(&site);
    let root = server.url("/");
    let folder = run_for_report(
        dir.path(),
        &[
            "check",
            "site",
            "--out",
            "folder",
            "--fail-on",
            "never",
            "--quiet",
        ],
        &dir.path().join("folder"),
    );
    let (index, bai_2, utf16, missing) = (
        server.url("/index.html"),
        server.url("/tin/bai-2.html"),
        server.url("/utf16.html"),
        server.url("/khong-co.html"),
    );
    let urls = run_for_report(
        dir.path(),
        &[
            "check",
            &index,
            &bai_2,
            &utf16,
            &missing,
            "--out",
            "urls",
            "--fail-on",
            "never",
            "--quiet",
        ],
        &dir.path().join("urls"),
    );
    let checked_by_url = ["index.html", "tin/bai-2.html", "utf16.html"];
    let from_folder: Vec<String> = page_findings(&folder, "site/")
        .into_iter()
        .filter(|f| {
            checked_by_url
                .iter()
                .any(|p| f.starts_with(&format!("{p} |")))
        })
        .collect();
    let from_urls = page_findings(&urls, &root);
    assert!(
        from_urls
            .iter()
            .any(|f| f.starts_with("tin/bai-2.html | contrast-insufficient | failed")),
        "the stylesheet of a checked URL is applied: {from_urls:#?}"
    );
    pretty_assertions::assert_eq!(from_folder, from_urls);
    // A 404 is not audited as content: it is a problem with its status.
    let problems = &urls["problems"];
    assert_eq!(problems.as_array().unwrap().len(), 1, "{problems}");
    assert_eq!(problems[0]["input"], missing.as_str());
    assert_eq!(problems[0]["kind"], "http");
    assert_eq!(problems[0]["message"], "máy chủ trả về HTTP 404");
    assert_eq!(urls["pages"].as_array().unwrap().len(), 3);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
