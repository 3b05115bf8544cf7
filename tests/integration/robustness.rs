//! Hostile and broken inputs: the audit goes on, the problem is reported with
//! where and why, and no finding already made is lost.

use portal_audit::page::{MAX_DEPTH, Page};

use crate::support::cli::{assert_valid_report, repo, root, run_in};

fn report_of(dir: &std::path::Path) -> serde_json::Value {
    crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap())
            .unwrap(),
    )
}

/// A folder with one good page (one finding) plus the given bad files.
fn folder_with(bad: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::copy(
        repo("fixtures/sites/sample/gioi-thieu.html"),
        site.join("good.html"),
    )
    .unwrap();
    for (name, bytes) in bad {
        std::fs::write(site.join(name), bytes).unwrap();
    }
    dir
}

fn check(dir: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let output = run_in(dir, &["check", "site", "--out", "out"]);
    let report = report_of(dir);
    assert_valid_report(&report);
    (output.status.code(), report)
}

#[test]
fn empty_binary_and_unreadable_files_are_reported_and_the_rest_checked() {
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    png.extend_from_slice(b"IHDR");
    let dir = folder_with(&[("empty.html", b""), ("image.html", &png)]);
    std::os::unix::fs::symlink("/no/such/file.html", dir.path().join("site/dangling.html"))
        .unwrap();
    let (code, report) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(report["counts"]["pages"], 1);
    assert_eq!(report["findings"][0]["rule"], "html-lang-invalid");
    let mut problems: Vec<(String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let input = p["input"].as_str().unwrap();
            (
                input[input.rfind('/').unwrap() + 1..].to_string(),
                p["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    problems.sort();
    assert_eq!(
        problems,
        vec![
            ("dangling.html".to_string(), "unreadable".to_string()),
            ("empty.html".to_string(), "empty".to_string()),
            ("image.html".to_string(), "binary".to_string()),
        ]
    );
}

#[test]
fn invalid_utf8_is_decoded_with_its_offsets_recorded() {
    let page = b"<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>C\xf4ng th\xf4ng tin</title></head><body><img src=a.png></body></html>\n";
    let dir = folder_with(&[("latin1.html", page)]);
    let (_, report) = check(dir.path());
    let pages = report["pages"].as_array().unwrap();
    let bad = pages
        .iter()
        .find(|p| p["url"].as_str().unwrap().ends_with("latin1.html"))
        .unwrap();
    assert_eq!(bad["encoding"]["used"], "UTF-8");
    assert_eq!(bad["encoding"]["invalid_utf8_count"], 2);
    assert_eq!(
        bad["encoding"]["invalid_utf8_offsets"],
        serde_json::json!([68, 74])
    );
    assert_eq!(bad["title"], "C\u{FFFD}ng th\u{FFFD}ng tin");
    // The rules still ran on it.
    let img = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "img-alt-missing")
        .unwrap();
    assert_eq!(img["line"], 2);
}

#[test]
fn content_cut_by_the_nesting_limit_is_a_problem_of_its_page() {
    // 600 nested divs inside html and body: the 90 beyond the limit of 512
    // open elements lose both tags, so 180 tags are not built.
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"vi\"><head><title>Sâu</title></head><body>\n");
    html.push_str(&"<div>".repeat(600));
    html.push_str("chữ");
    html.push_str(&"</div>".repeat(600));
    html.push_str("\n</body></html>\n");
    let dir = folder_with(&[("deep.html", html.as_bytes())]);
    let output = run_in(dir.path(), &["check", "site", "--out", "out"]);
    let report = report_of(dir.path());
    assert_valid_report(&report);
    let cut = 2 * (600 - (MAX_DEPTH - 2));
    let problems: Vec<(&str, &str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["input"].as_str().unwrap(),
                p["kind"].as_str().unwrap(),
                p["message"].as_str().unwrap(),
            )
        })
        .collect();
    let message = format!(
        "{cut} thẻ lồng sâu hơn {MAX_DEPTH} cấp không được dựng; nội dung bên trong chúng không được kiểm tra"
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].0.ends_with("deep.html"), "{problems:?}");
    assert_eq!(
        (problems[0].1, problems[0].2),
        ("depth_limited", message.as_str())
    );
    // The page itself is still audited, and its counter agrees.
    let deep = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"].as_str().unwrap().ends_with("deep.html"))
        .unwrap();
    assert_eq!(deep["depth_limited_tags"].as_u64().unwrap(), cut as u64);
    // The terminal lists it with the other problems.
    assert!(String::from_utf8_lossy(&output.stdout).contains(&message));

    // In English too.
    run_in(
        dir.path(),
        &["check", "site", "--out", "out", "--lang", "en"],
    );
    let report = report_of(dir.path());
    assert_eq!(
        report["problems"][0]["message"],
        format!(
            "{cut} tags nested deeper than {MAX_DEPTH} levels were not built; the content inside them was not checked"
        )
    );
}

#[test]
fn a_page_nested_100000_deep_is_checked_without_overflow() {
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"vi\"><head><title>Sâu</title></head><body>\n");
    for _ in 0..100_000 {
        html.push_str("<div>");
    }
    html.push_str("<img src=\"deep.png\">");
    for _ in 0..100_000 {
        html.push_str("</div>");
    }
    html.push_str("\n<img src=\"after.png\">\n</body></html>\n");
    let dir = folder_with(&[("deep.html", html.as_bytes())]);
    let (code, report) = check(dir.path());
    assert_eq!(code, Some(1));
    let pages = report["pages"].as_array().unwrap();
    let deep = pages
        .iter()
        .find(|p| p["url"].as_str().unwrap().ends_with("deep.html"))
        .unwrap();
    assert_eq!(
        deep["depth_limited_tags"].as_u64().unwrap(),
        2 * (100_000 - (MAX_DEPTH as u64 - 2)) + 1
    );
    let srcs: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "img-alt-missing")
        .map(|f| f["args"]["src"].as_str().unwrap())
        .collect();
    // The image past the depth limit is not built (as in browsers, which stop
    // nesting too); the one after the deep block is found on its line.
    assert_eq!(srcs, vec!["after.png"]);
    let after = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["args"]["src"] == "after.png")
        .unwrap();
    assert_eq!(after["line"], 4);
}

#[test]
fn a_20_mb_page_is_checked() {
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"vi\"><head><title>Lớn</title></head><body>\n");
    let paragraph =
        "<p>Ủy ban nhân dân tỉnh triển khai nhiệm vụ phát triển kinh tế – xã hội năm 2026.</p>\n";
    while html.len() < 20 * 1024 * 1024 {
        html.push_str(paragraph);
    }
    html.push_str("<img src=\"cuoi-trang.png\">\n</body></html>\n");
    let lines = html.lines().count() as u64;
    let dir = folder_with(&[("big.html", html.as_bytes())]);
    let (_, report) = check(dir.path());
    let img = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "img-alt-missing")
        .unwrap();
    assert_eq!(img["line"].as_u64().unwrap(), lines - 1);
    assert_eq!(img["args"]["src"], "cuoi-trang.png");
}

#[test]
fn snippets_of_huge_elements_stay_short() {
    let mut html = String::from("<html><body>");
    html.push_str(&"<p>chữ</p>".repeat(50_000));
    let page = Page::from_html("t", &html);
    let body = page.by_tag("body").next().unwrap();
    assert!(body.snippet().chars().count() <= 241);
    assert!(body.snippet().ends_with('…'));
}

#[test]
fn check_does_not_follow_directory_symlink_loops() {
    let dir = folder_with(&[]);
    std::os::unix::fs::symlink(dir.path().join("site"), dir.path().join("site/loop")).unwrap();
    let output = run_in(dir.path(), &["check", "site", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(report_of(dir.path())["counts"]["pages"], 1);
    let _ = root();
}
