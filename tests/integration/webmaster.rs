//! For the webmaster of a big site (#17): a template defect weighs once in the
//! score and is written once in `report.json`, the AAA-only rules are off
//! unless asked for, and the HTML report stays small and usable.

use std::path::Path;

use pretty_assertions::assert_eq;
use serde_json::Value;

use crate::support::cli::{assert_valid_report, run_in};

const AS_OF: &str = "2026-11-28";

/// A page whose shared header has a logo without `alt`; `own` adds an image
/// of the page's own, also without `alt`.
fn page(title: &str, own: bool) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{title}</title>
</head>
<body>
<header class="top">
  <img class="logo" src="/img/logo.png">
</header>
<main>
  <h1>{title}</h1>
  <p>Nội dung trang.</p>
{}</main>
</body>
</html>
"#,
        if own {
            "  <img src=\"/anh/ban-do.png\">\n"
        } else {
            ""
        }
    )
}

/// Five pages sharing the header; `lien-he.html` has a defect of its own.
fn template_site(dir: &Path) {
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    for name in ["index", "gioi-thieu", "lien-he", "tin-tuc", "van-ban"] {
        std::fs::write(
            site.join(format!("{name}.html")),
            page(name, name == "lien-he"),
        )
        .unwrap();
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    crate::support::cli::restored(serde_json::from_str(&read(path)).unwrap())
}

#[test]
fn a_template_defect_weighs_once_in_the_score_and_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    template_site(dir.path());
    let output = run_in(
        dir.path(),
        &[
            "check",
            "site",
            "--as-of",
            AS_OF,
            "--out",
            "a",
            "--format",
            "json,csv",
            "--rule",
            "img-alt-missing",
            "--rule",
            "html-lang-missing",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&dir.path().join("a/report.json"));
    assert_valid_report(&report);

    // Both rules are errors (weight 3). html-lang-missing passes on the 5
    // pages: 15. img-alt-missing fails on all 5, but 3 of them only by the
    // header's logo, the template defect first counted on gioi-thieu.html:
    // only gioi-thieu.html and lien-he.html (its own image) count, 2 × 3.
    let score = &report["statistics"]["score"];
    assert_eq!(
        (score["passed"].as_u64(), score["applicable"].as_u64()),
        (Some(15), Some(21)),
        "{score}"
    );
    assert_eq!(report["statistics"]["sites"][0]["score"], *score);

    // report.json: the logo once in full, the other 4 pages by what differs.
    assert_eq!(report["counts"]["findings"], 6);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{findings:?}");
    let group = &report["templates"][0];
    assert_eq!(group["count"], 5);
    let pages = group["pages"].as_array().unwrap();
    assert_eq!(pages[0]["url"], "site/gioi-thieu.html");
    assert_eq!(pages[0].get("finding"), None);
    for p in &pages[1..] {
        let differs: Vec<&str> = p["finding"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // The logo is at the same place on every page: only the
        // fingerprint (which hashes the URL) differs.
        assert_eq!(differs, ["fingerprint"], "{p}");
    }

    // Read back, the report has every occurrence again, as it was: the same
    // JSON, and a CSV row per occurrence.
    let output = run_in(
        dir.path(),
        &[
            "report",
            "a/report.json",
            "--out",
            "b",
            "--format",
            "json,csv",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        read(&dir.path().join("b/report.json")),
        read(&dir.path().join("a/report.json"))
    );
    let csv = read(&dir.path().join("b/findings.csv"));
    assert_eq!(csv.lines().count(), 1 + 6, "{csv}");
    assert_eq!(
        csv.lines().filter(|l| l.contains("/img/logo.png")).count(),
        5,
        "{csv}"
    );
    assert_eq!(csv, read(&dir.path().join("a/findings.csv")));
}

#[test]
fn aaa_only_rules_are_off_unless_a_ruleset_or_rule_asks() {
    let dir = tempfile::tempdir().unwrap();
    // 4.48:1: enough for AA large text, short of the enhanced 7:1.
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Trang</title></head>\
         <body><main><h1>Trang</h1><p style=\"color:#777; background:#fff; font-size:24pt\">Chữ lớn.</p>\
         <p style=\"color:#595959; background:#fff\">Chữ 7:1.</p></main></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("aaa.toml"),
        "[rules.contrast-enhanced-insufficient]\nenabled = true\n",
    )
    .unwrap();
    let rules_of = |out: &str, extra: &[&str]| -> (Vec<String>, Vec<String>) {
        let mut args = vec![
            "check",
            "index.html",
            "--as-of",
            AS_OF,
            "--out",
            out,
            "--fail-on",
            "never",
        ];
        args.extend_from_slice(extra);
        let output = run_in(dir.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report = json(&dir.path().join(out).join("report.json"));
        let ran = report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        let found = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        (ran, found)
    };
    let aaa = "contrast-enhanced-insufficient".to_string();
    let (ran, found) = rules_of("default", &[]);
    assert!(!ran.contains(&aaa), "{ran:?}");
    assert!(
        !ran.contains(&"meta-refresh-any-delay".to_string()),
        "{ran:?}"
    );
    assert!(
        ran.contains(&"contrast-insufficient".to_string()),
        "{ran:?}"
    );
    assert!(!found.contains(&aaa), "{found:?}");
    let (ran, found) = rules_of("ruleset", &["--ruleset", "aaa.toml"]);
    assert!(ran.contains(&aaa), "{ran:?}");
    assert_eq!(found.iter().filter(|r| **r == aaa).count(), 1, "{found:?}");
    let (ran, found) = rules_of("named", &["--rule", "contrast-enhanced-insufficient"]);
    assert_eq!(ran, std::slice::from_ref(&aaa));
    assert_eq!(found, [aaa]);
    // `rules` says so.
    let output = run_in(dir.path(), &["rules"]);
    let listing = String::from_utf8_lossy(&output.stdout);
    let line = listing
        .lines()
        .find(|l| l.starts_with("contrast-enhanced-insufficient "))
        .unwrap();
    assert!(line.ends_with("[disabled]"), "{line}");
}

#[test]
fn the_html_report_lists_a_template_defect_once_and_caps_a_rule_per_site() {
    let dir = tempfile::tempdir().unwrap();
    template_site(dir.path());
    // A page of its own with 60 images without alt.
    let images: String = (0..60)
        .map(|i| format!("<p>Ảnh {i}</p><img src=\"/anh/{i}.png\">\n"))
        .collect();
    std::fs::write(
        dir.path().join("site/thu-vien.html"),
        page("thu-vien", false).replace("</main>", &format!("{images}</main>")),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "check",
            "site",
            "--as-of",
            AS_OF,
            "--out",
            "a",
            "--format",
            "json,html",
            "--rule",
            "img-alt-missing",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let report = json(&dir.path().join("a/report.json"));
    assert_eq!(report["counts"]["findings"], 6 + 1 + 60);
    let html = read(&dir.path().join("a/report.html"));
    let rows: Vec<&str> = html
        .split("<tr class=\"occ")
        .skip(1)
        .filter(|row| row.contains("data-rule=\"img-alt-missing\""))
        .collect();
    // The logo once (6 pages now); 50 of the site's other 61 (lien-he's own
    // image, thu-vien's 60), and one row for the 11 not listed.
    let template: Vec<&&str> = rows
        .iter()
        .filter(|r| r.contains("class=\"template-tag\""))
        .collect();
    assert_eq!(template.len(), 1, "{rows:?}");
    assert!(
        template[0].contains("6 trang — lỗi giao diện chung, sửa một lần trong mẫu trang:"),
        "{}",
        template[0]
    );
    assert_eq!(template[0].matches("<li class=\"url\">").count(), 6);
    let more: Vec<&&str> = rows.iter().filter(|r| r.starts_with(" more\"")).collect();
    assert_eq!(more.len(), 1, "{rows:?}");
    assert!(
        more[0].contains("… và 11 vị trí khác của quy tắc này trên trang thành phần"),
        "{}",
        more[0]
    );
    assert_eq!(rows.len(), 1 + 50 + 1, "{rows:?}");
    assert_eq!(
        rows.iter().filter(|r| r.contains("logo.png")).count(),
        1,
        "{rows:?}"
    );
}

#[test]
fn after_an_audit_a_broken_link_is_a_finding_not_an_input_that_failed() {
    use crate::support::server::{Server, page};
    let site = Server::start(vec![(
        "/",
        page(
            "Sở Tài chính",
            "<main><h1>Sở Tài chính</h1><a href=\"/khong-co\">Văn bản cũ</a></main>",
        ),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(
        dir.path(),
        &[
            "audit",
            &site.url("/"),
            "--out",
            "out",
            "--delay",
            "0",
            "--fail-on",
            "never",
            "--rule",
            "link-broken",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let report = json(&dir.path().join("out/report.json"));
    let broken = site.url("/khong-co");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "link-broken" && f["args"]["target"] == broken.as_str()),
        "{report}"
    );
    assert!(stdout.contains("link-broken"), "{stdout}");
    assert!(!stdout.contains("Không kiểm tra được"), "{stdout}");
}
