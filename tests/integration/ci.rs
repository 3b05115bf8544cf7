//! CI: fingerprints that survive harmless edits, the baseline state of every
//! finding in every format, SARIF for code scanning, GitHub annotations and
//! GitLab Code Quality — run as a CI job runs them, in a git repository.

use std::path::{Path, PathBuf};

use pretty_assertions::assert_eq;
use serde_json::Value;

use crate::support::cli::{assert_valid_report, repo, run_in, run_in_with_env};

const AS_OF: &str = "2026-11-28";

/// A page with two images without `alt`: one in the shared header, one in
/// the main content between paragraphs.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Sở Tài chính</title>
</head>
<body>
<header class="top">
  <img class="logo" src="/img/logo.png">
</header>
<main>
  <h1>Tin nổi bật</h1>
  <p>Đoạn thứ nhất về ngân sách.</p>
  <p>Đoạn thứ hai về thuế.</p>
  <img src="/anh/hoi-nghi.jpg">
</main>
</body>
</html>
"#;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    crate::support::cli::restored(serde_json::from_str(&read(path)).unwrap())
}

/// A git repository with the site under `public/`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status();
    assert!(git.is_ok_and(|s| s.success()), "git init");
    let public = dir.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("index.html"), PAGE).unwrap();
    (dir, public)
}

/// `check` with `img-alt-missing` and `html-lang-missing` only.
fn check(dir: &Path, input: &str, out: &str, extra: &[&str]) -> std::process::Output {
    check_with_env(dir, input, out, extra, &[])
}

fn check_with_env(
    dir: &Path,
    input: &str,
    out: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut args = vec![
        "check",
        input,
        "--as-of",
        AS_OF,
        "--out",
        out,
        "--rule",
        "img-alt-missing",
        "--rule",
        "html-lang-missing",
    ];
    args.extend_from_slice(extra);
    run_in_with_env(dir, &args, env)
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

fn states(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .map(|f| f["baseline_state"].as_str().unwrap_or("-").to_string())
        .collect()
}

#[test]
fn accepted_findings_stay_accepted_after_harmless_edits() {
    let (dir, public) = repository();
    let repo_dir = dir.path();
    assert_eq!(check(repo_dir, "public", "a", &[]).status.code(), Some(1));
    let first = json(&repo_dir.join("a/report.json"));
    assert_eq!(first["schema_version"], "1.7.0");
    assert_eq!(findings(&first).len(), 2);
    let output = run_in(
        repo_dir,
        &["baseline", "a/report.json", "--output", "accepted.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(json(&repo_dir.join("accepted.json"))["version"], 2);
    let selectors = |report: &Value| -> Vec<String> {
        findings(report)
            .iter()
            .map(|f| f["selector"].as_str().unwrap().to_string())
            .collect()
    };
    let before = selectors(&first);

    let edits: [(&str, String); 3] = [
        (
            "a same-tag sibling inserted above",
            PAGE.replace(
                "  <p>Đoạn thứ nhất",
                "  <img src=\"/anh/ban-do.png\" alt=\"Bản đồ\">\n  <p>Đoạn thứ nhất",
            )
            .replace(
                "<header class=\"top\">\n",
                "<header class=\"top\">\n  <img src=\"/img/co.png\" alt=\"Quốc kỳ\">\n",
            ),
        ),
        (
            "paragraphs reordered",
            PAGE.replace(
                "  <p>Đoạn thứ nhất về ngân sách.</p>\n  <p>Đoạn thứ hai về thuế.</p>\n",
                "  <p>Đoạn thứ hai về thuế.</p>\n  <p>Đoạn thứ ba, mới.</p>\n  <p>Đoạn thứ nhất về ngân sách.</p>\n",
            ),
        ),
        (
            "white space changed",
            PAGE.replace(
                "  <img class=\"logo\" src=\"/img/logo.png\">",
                "\t\t<img   class=\"logo\"\n\t\t     src=\"/img/logo.png\" >",
            )
            .replace("  <img src=\"/anh/hoi-nghi.jpg\">", "<img src = \"/anh/hoi-nghi.jpg\"/>")
            .replace("\n", "\r\n"),
        ),
    ];
    for (i, (what, page)) in edits.iter().enumerate() {
        assert_ne!(page, PAGE, "{what}");
        std::fs::write(public.join("index.html"), page).unwrap();
        let out = format!("b{i}");
        let output = check(
            repo_dir,
            "public",
            &out,
            &["--baseline", "accepted.json", "--format", "json,md"],
        );
        assert_eq!(output.status.code(), Some(0), "{what}: {output:?}");
        let report = json(&repo_dir.join(&out).join("report.json"));
        assert_valid_report(&report);
        assert_eq!(states(&report), ["accepted", "accepted"], "{what}");
        assert_eq!(report["gate"]["counted"], 0, "{what}");
        assert_eq!(report["gate"]["baselined"], 2, "{what}");
        assert!(report["gate"].get("absent").is_none(), "{what}");
        if i == 0 {
            // The old fingerprint hashed this selector: it changed.
            assert_ne!(selectors(&report), before, "{what}");
        }
    }

    // A real new defect is new; the fixed header logo is absent.
    let page = PAGE
        .replace(
            "  <img class=\"logo\" src=\"/img/logo.png\">",
            "  <img class=\"logo\" src=\"/img/logo.png\" alt=\"Sở Tài chính\">",
        )
        .replace(
            "</main>",
            "<footer><img src=\"/anh/ban-do.png\"></footer>\n</main>",
        );
    std::fs::write(public.join("index.html"), page).unwrap();
    let output = check(
        repo_dir,
        "public",
        "c",
        &["--baseline", "accepted.json", "--format", "json,md"],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&repo_dir.join("c/report.json"));
    assert_valid_report(&report);
    let mut by_state: Vec<(String, String)> = findings(&report)
        .iter()
        .map(|f| {
            (
                f["snippet"].as_str().unwrap().to_string(),
                f["baseline_state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    by_state.sort();
    assert_eq!(
        by_state,
        [
            (
                "<img src=\"/anh/ban-do.png\">".to_string(),
                "new".to_string()
            ),
            (
                "<img src=\"/anh/hoi-nghi.jpg\">".to_string(),
                "accepted".to_string()
            ),
        ]
    );
    let absent = report["gate"]["absent"].as_array().unwrap();
    assert_eq!(absent.len(), 1);
    assert_eq!(absent[0]["selector"], "html > body > header > img");
    // The terminal lists only the new finding, and says what it left out.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("/anh/ban-do.png"), "{stdout}");
    assert!(!stdout.contains("/anh/hoi-nghi.jpg"), "{stdout}");
    assert!(
        stdout.contains("1 phát hiện đã chấp nhận trong tệp nền không được liệt kê"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 phát hiện trong tệp nền không còn"),
        "{stdout}"
    );
    let listed = check(
        repo_dir,
        "public",
        "c2",
        &["--baseline", "accepted.json", "--list-accepted"],
    );
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(stdout.contains("/anh/hoi-nghi.jpg"), "{stdout}");
    assert!(stdout.contains("(đã chấp nhận)"), "{stdout}");
    // Markdown: the states and the new finding.
    let md = read(&repo_dir.join("c/summary.md"));
    assert!(
        md.contains("So với tệp nền: **1 mới**, 1 đã chấp nhận, 1 không còn (đã sửa)."),
        "{md}"
    );
    assert!(md.contains("### Phát hiện mới (1)"), "{md}");
    assert!(
        md.contains("- `img-alt-missing` public/index.html:"),
        "{md}"
    );
}

/// The fingerprint reports before format 1.4 had: the selector was hashed.
fn legacy(f: &Value) -> String {
    portal_audit::finding::legacy_fingerprint(
        f["rule"].as_str().unwrap(),
        f["site"].as_str().unwrap(),
        f["url"].as_str().unwrap(),
        f["selector"].as_str().unwrap_or(""),
        f["snippet"].as_str().unwrap_or(""),
    )
}

#[test]
fn last_years_baselines_and_reports_still_match() {
    let (dir, _) = repository();
    let repo_dir = dir.path();
    check(repo_dir, "public", "a", &[]);
    let mut old = json(&repo_dir.join("a/report.json"));
    // As the previous version wrote it: format 1.2, legacy fingerprints.
    old["schema_version"] = "1.2.0".into();
    for f in old["findings"].as_array_mut().unwrap() {
        f["fingerprint"] = legacy(f).into();
    }
    std::fs::write(repo_dir.join("old-report.json"), old.to_string()).unwrap();
    let accepted: Vec<Value> = findings(&old)
        .iter()
        .map(|f| {
            serde_json::json!({
                "site": f["site"], "url": f["url"], "rule": f["rule"],
                "selector": f["selector"], "fingerprint": f["fingerprint"],
            })
        })
        .collect();
    let file = serde_json::json!({
        "format": "portal-audit-baseline", "version": 1, "as_of": AS_OF, "accepted": accepted,
    });
    std::fs::write(repo_dir.join("old-baseline.json"), file.to_string()).unwrap();

    for baseline in ["old-baseline.json", "old-report.json"] {
        let output = check(repo_dir, "public", "b", &["--baseline", baseline]);
        assert_eq!(output.status.code(), Some(0), "{baseline}: {output:?}");
        let report = json(&repo_dir.join("b/report.json"));
        assert_eq!(states(&report), ["accepted", "accepted"], "{baseline}");
    }
    // `baseline` of an old report keeps saying its fingerprints are legacy.
    run_in(
        repo_dir,
        &["baseline", "old-report.json", "--output", "again.json"],
    );
    assert_eq!(json(&repo_dir.join("again.json"))["version"], 1);
    let output = check(repo_dir, "public", "c", &["--baseline", "again.json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // diff of last year's report with this year's: nothing new.
    let output = run_in(
        repo_dir,
        &["diff", "old-report.json", "b/report.json", "--json"],
    );
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (diff["new"].as_u64(), diff["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn baseline_optional_lets_the_first_run_go_without_a_file() {
    let (dir, _) = repository();
    let output = check(
        dir.path(),
        "public",
        "a",
        &[
            "--baseline",
            "missing.json",
            "--baseline-optional",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&dir.path().join("a/report.json"));
    assert!(report["gate"].get("baseline").is_none());
    assert_eq!(states(&report), ["-", "-"]);
    // Without --baseline-optional, a missing file is a usage error.
    let output = check(dir.path(), "public", "a", &["--baseline", "missing.json"]);
    assert_eq!(output.status.code(), Some(2));
}

fn sarif_validator() -> jsonschema::Validator {
    let path = repo("../shared/schemas/sarif-schema-2.1.0.json");
    let path = if path.is_file() {
        path
    } else {
        repo("tests/schemas/sarif-schema-2.1.0.json")
    };
    let schema: Value = serde_json::from_str(&read(&path)).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

/// A report whose first finding is needs-review (no rule of this test
/// reports one), with a baseline accepting the header logo, rendered again.
#[test]
fn sarif_for_code_scanning_is_repository_relative_with_baseline_states_and_no_review() {
    let (dir, public) = repository();
    let repo_dir = dir.path();
    // The CI job runs in the site's folder: `cd public && check .`.
    check(&public, ".", "../a", &["--format", "json"]);
    let mut report = json(&repo_dir.join("a/report.json"));
    let logo = findings(&report)
        .iter()
        .find(|f| f["selector"] == "html > body > header > img")
        .cloned()
        .unwrap();
    // One more finding that only needs review.
    let mut review = logo.clone();
    review["outcome"] = "cant_tell".into();
    review["fingerprint"] = "0123456789abcdef0123456789abcdef".into();
    report["findings"].as_array_mut().unwrap().push(review);
    report.as_object_mut().unwrap().remove("statistics");
    report.as_object_mut().unwrap().remove("review");
    std::fs::write(repo_dir.join("edited.json"), report.to_string()).unwrap();
    let baseline = serde_json::json!({
        "format": "portal-audit-baseline", "version": 2, "as_of": AS_OF,
        "accepted": [{ "site": logo["site"], "url": logo["url"], "rule": logo["rule"],
                       "selector": logo["selector"], "fingerprint": logo["fingerprint"] }],
    });
    std::fs::write(repo_dir.join("accepted.json"), baseline.to_string()).unwrap();

    let output = run_in(
        &public,
        &[
            "report",
            "../edited.json",
            "--format",
            "sarif,codequality",
            "--out",
            "../b",
            "--baseline",
            "../accepted.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let sarif = json(&repo_dir.join("b/report.sarif"));
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    let run = &sarif["runs"][0];
    let root = repo_dir.canonicalize().unwrap();
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", root.display())
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "no review result by default");
    assert!(results.iter().all(|r| r["kind"] == "fail"));
    for r in results {
        let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "public/index.html");
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    }
    let new = results
        .iter()
        .find(|r| r["baselineState"] == "new")
        .unwrap();
    assert!(new.get("suppressions").is_none());
    assert_eq!(
        new["partialFingerprints"]["portalAudit/v2"]
            .as_str()
            .map(str::len),
        Some(32)
    );
    let accepted = results
        .iter()
        .find(|r| r["baselineState"] == "unchanged")
        .unwrap();
    assert_eq!(accepted["suppressions"][0]["kind"], "external");
    assert_eq!(accepted["suppressions"][0]["status"], "accepted");
    assert_eq!(
        accepted["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "html > body > header > img"
    );
    // GitHub's limits: tags per rule.
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(rule["properties"]["tags"].as_array().unwrap().len() <= 20);
    }

    // GitLab Code Quality: the new failure only, with the same path.
    let quality = json(&repo_dir.join("b/gl-code-quality-report.json"));
    let issues = quality.as_array().unwrap();
    assert_eq!(issues.len(), 1, "{quality}");
    let issue = &issues[0];
    let mut keys: Vec<&str> = issue
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "check_name",
            "description",
            "fingerprint",
            "location",
            "severity"
        ]
    );
    assert_eq!(issue["check_name"], "img-alt-missing");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "public/index.html");
    assert_eq!(issue["location"]["lines"]["begin"], 15);
    assert!(
        issue["description"]
            .as_str()
            .unwrap()
            .starts_with("Ảnh /anh/hoi-nghi.jpg không có văn bản thay thế"),
        "{issue}"
    );

    // Asked for: one result per review occurrence; --sarif-root names another root.
    let output = run_in(
        &public,
        &[
            "report",
            "../edited.json",
            "--format",
            "sarif",
            "--out",
            "../c",
            "--sarif-review",
            "--sarif-root",
            ".",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let sarif = json(&repo_dir.join("c/report.sarif"));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results.iter().filter(|r| r["kind"] == "review").count(), 1);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "index.html"
    );
    assert!(results.iter().all(|r| r.get("baselineState").is_none()));
}

#[test]
fn github_annotations_name_the_new_failures_in_the_repository() {
    let (dir, public) = repository();
    let repo_dir = dir.path();
    let output = check_with_env(
        &public,
        ".",
        "../a",
        &["--format", "json"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(
        lines,
        [
            "::error file=public/index.html,line=9,col=3,title=img-alt-missing::Ảnh /img/logo.png không có văn bản thay thế (alt, aria-label, aria-labelledby hoặc title). [html > body > header > img]",
            "::error file=public/index.html,line=15,col=3,title=img-alt-missing::Ảnh /anh/hoi-nghi.jpg không có văn bản thay thế (alt, aria-label, aria-labelledby hoặc title). [html > body > main > img]",
        ]
    );
    // Accepted findings and those below --fail-on are no annotation.
    run_in(
        repo_dir,
        &["baseline", "a/report.json", "--output", "accepted.json"],
    );
    let output = check_with_env(
        &public,
        ".",
        "../b",
        &["--baseline", "../accepted.json"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&output.stdout).contains("::error"));
    // Outside GitHub Actions, nothing of the kind.
    let output = check(&public, ".", "../c", &[]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("::error"));
}

#[test]
fn junit_follows_the_gate_and_lists_only_new_failures() {
    let (dir, public) = repository();
    let repo_dir = dir.path();
    // A warning-level rule: html-lang-missing fails on a page without lang.
    std::fs::write(
        public.join("other.html"),
        PAGE.replace("<html lang=\"vi\">", "<html>"),
    )
    .unwrap();
    check(repo_dir, "public", "a", &["--format", "json,junit"]);
    let report = json(&repo_dir.join("a/report.json"));
    let lang_severity = findings(&report)
        .iter()
        .find(|f| f["rule"] == "html-lang-missing")
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .unwrap();
    let junit = read(&repo_dir.join("a/junit.xml"));
    assert!(!junit.contains("<skipped"), "{junit}");
    // Every failure is counted by --fail-on notice; with --fail-on never none is.
    let output = check(
        repo_dir,
        "public",
        "b",
        &["--format", "junit", "--fail-on", "never"],
    );
    assert_eq!(output.status.code(), Some(0));
    let junit = read(&repo_dir.join("b/junit.xml"));
    assert!(junit.contains("failures=\"0\""), "{junit}");
    assert!(
        junit.contains(
            "chỗ không đạt không tính: đã chấp nhận trong tệp nền hoặc dưới ngưỡng --fail-on never"
        ),
        "{junit}"
    );
    // With the baseline, the accepted ones are no failure either.
    run_in(
        repo_dir,
        &["baseline", "a/report.json", "--output", "accepted.json"],
    );
    let output = check(
        repo_dir,
        "public",
        "c",
        &[
            "--format",
            "junit",
            "--fail-on",
            "notice",
            "--baseline",
            "accepted.json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{lang_severity}: {output:?}");
    let junit = read(&repo_dir.join("c/junit.xml"));
    assert!(junit.contains("failures=\"0\""), "{junit}");
    // A rule that applied nowhere (no iframe) is a skipped case only when asked.
    for (out, extra, skipped) in [("d", None, false), ("e", Some("--junit-skipped"), true)] {
        let mut args = vec!["--format", "junit", "--rule", "iframe-name-missing"];
        args.extend(extra);
        check(repo_dir, "public", out, &args);
        let junit = read(&repo_dir.join(out).join("junit.xml"));
        assert_eq!(
            junit.contains("name=\"iframe-name-missing\""),
            skipped,
            "{junit}"
        );
        assert_eq!(junit.contains("<skipped"), skipped, "{junit}");
    }
}

#[test]
fn a_shared_header_defect_on_every_page_is_one_template_defect() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    let pages = [
        "index.html",
        "gioi-thieu.html",
        "lien-he.html",
        "tin-tuc.html",
        "van-ban.html",
    ];
    for (i, page) in pages.iter().enumerate() {
        // The same header everywhere (the logo lower on some pages); one
        // page also has a defect of its own.
        let extra = "<p>Thông báo.</p>\n".repeat(i);
        let own = if i == 2 {
            "<img src=\"/anh/ban-do.png\">\n"
        } else {
            ""
        };
        let html = PAGE
            .replace(
                "<header class=\"top\">\n",
                &format!("{extra}<header class=\"top\">\n"),
            )
            .replace("  <img src=\"/anh/hoi-nghi.jpg\">\n", own);
        std::fs::write(site.join(page), html).unwrap();
    }
    let output = check(dir.path(), "site", "a", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&dir.path().join("a/report.json"));
    assert_valid_report(&report);
    // Every occurrence is counted; the template defect's after its first
    // are kept compactly in its group (format 1.5).
    assert_eq!(report["counts"]["findings"], 6);
    assert_eq!(findings(&report).len(), 2, "{:?}", findings(&report));
    let templates = report["templates"].as_array().unwrap();
    assert_eq!(templates.len(), 1, "{templates:?}");
    let group = &templates[0];
    assert_eq!(group["rule"], "img-alt-missing");
    assert_eq!(group["signature"], "img.logo @ header.top");
    assert_eq!(group["count"], 5);
    let mut urls: Vec<&str> = group["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    urls.sort_unstable();
    let mut expected: Vec<String> = pages.iter().map(|p| format!("site/{p}")).collect();
    expected.sort();
    assert_eq!(urls, expected);
    let lines: Vec<u64> = group["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert!(lines.contains(&9) && lines.contains(&13), "{lines:?}");
    // The first occurrence is in `findings`, naming its group; the page's
    // own defect is in none. Each other page keeps what its finding differs
    // by: its own fingerprint (the URL is part of it).
    let in_group = findings(&report)
        .iter()
        .filter(|f| f["template"] == group["id"])
        .count();
    assert_eq!(in_group, 1);
    let group_pages = group["pages"].as_array().unwrap();
    assert!(group_pages[0].get("finding").is_none(), "{group_pages:?}");
    let mut fingerprints: Vec<&str> = group_pages[1..]
        .iter()
        .map(|p| p["finding"]["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 4, "{group_pages:?}");
    // The gate counts the template defect once, and the other defect once.
    assert_eq!(report["gate"]["counted"], 2);
    assert_eq!(report["gate"]["gate_by"], "group");
    // The terminal lists it once.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 lỗi trên 5 trang — phần giao diện chung: Ảnh /img/logo.png"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("/img/logo.png").count(), 1, "{stdout}");
    // Every occurrence, as before.
    check(dir.path(), "site", "b", &["--gate-by", "occurrence"]);
    let report = json(&dir.path().join("b/report.json"));
    assert_eq!(report["gate"]["counted"], 6);
    assert_eq!(report["gate"]["gate_by"], "occurrence");
}

#[test]
fn force_color_colours_a_ci_log() {
    let (dir, _) = repository();
    for (name, value, coloured) in [
        ("FORCE_COLOR", "1", true),
        ("CLICOLOR_FORCE", "1", true),
        ("FORCE_COLOR", "0", false),
    ] {
        let output = check_with_env(dir.path(), "public", "a", &[], &[(name, value)]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout.contains("\x1b[31m"),
            coloured,
            "{name}={value}: {stdout}"
        );
    }
}

#[test]
fn a_parse_error_shows_the_source_line_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = run_in(
        &crate::support::cli::root(),
        &[
            "check",
            "fixtures/rules/html-parse-errors/broken.html",
            "--rule",
            "html-parse-errors",
            "--fail-on",
            "never",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&out.join("report.json"));
    let lines: Vec<(u64, &str)> = findings(&report)
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["snippet"].as_str().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            (5, "<p>Thông báo <b>quan trọng</p></b>"),
            (5, "<p>Thông báo <b>quan trọng</p></b>"),
            (6, "<div>Lịch tiếp công dân</span></div>"),
        ]
    );
    // Two kinds of error on one line are two findings to accept.
    let fingerprints: std::collections::BTreeSet<&str> = findings(&report)
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 3);
}

#[test]
fn a_broken_image_is_said_as_an_image_that_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        PAGE.replace(
            "<img src=\"/anh/hoi-nghi.jpg\">",
            "<img src=\"anh/ban-do.png\" alt=\"Bản đồ\">\n<a href=\"khong-co.html\">Văn bản</a>",
        ),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "check",
            "site",
            "--rule",
            "link-broken",
            "--out",
            "out",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&dir.path().join("out/report.json"));
    let mut messages: Vec<(&str, &str)> = findings(&report)
        .iter()
        .map(|f| {
            (
                f["message"]["vi"].as_str().unwrap(),
                f["message"]["en"].as_str().unwrap(),
            )
        })
        .collect();
    messages.sort_unstable();
    // The link, the image and the header's logo (root-relative, not on disk).
    assert_eq!(
        messages,
        [
            (
                "Liên kết \"Văn bản\" tới site/khong-co.html bị hỏng (không có tệp này).",
                "Link \"Văn bản\" to site/khong-co.html is broken (no such file)."
            ),
            (
                "Ảnh site/anh/ban-do.png không tải được (không có tệp này).",
                "Image site/anh/ban-do.png does not load (no such file)."
            ),
            (
                "Ảnh site/img/logo.png không tải được (không có tệp này).",
                "Image site/img/logo.png does not load (no such file)."
            ),
        ]
    );
}

#[test]
fn an_audit_logs_each_phase_with_a_time_in_its_language() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), PAGE).unwrap();
    let server = crate::support::site::serve(site.path(), Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"stc\"\nname = \"Sở Tài chính\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\ntimeout_secs = 2\nread_timeout_secs = 2\nretries = 0\n",
        server.url("/")
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    // Standard error is a pipe here, as in cron or CI: the log form.
    let output = run_in(
        dir.path(),
        &[
            "audit",
            "--config",
            "audit.toml",
            "--out",
            "out",
            "--fail-on",
            "never",
            "--no-external",
            "--rule",
            "img-alt-missing",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let phases: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("portal-audit "))
        .filter(|l| l.as_bytes().get(2) == Some(&b':') && l.as_bytes().get(5) == Some(&b':'))
        .map(|l| &l[9..])
        .collect();
    assert_eq!(
        phases,
        [
            "Thu thập và kiểm tra các trang, tài liệu và nguồn tin",
            "Trang web 1/1 — Sở Tài chính: kiểm tra truyền tải (HTTPS, TLS, DNS)",
            "Trang web 1/1 — Sở Tài chính: các quy tắc cấp trang web",
            "Lập báo cáo",
            "Sở Tài chính: 1 trang, 2 lỗi, 0 mục thiếu",
        ],
        "{stderr}"
    );
    let output = run_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "audit",
            "--config",
            "audit.toml",
            "--out",
            "out2",
            "--fail-on",
            "never",
            "--no-external",
            "--rule",
            "img-alt-missing",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(" Building the report\n"), "{stderr}");
    // --quiet: nothing.
    let output = run_in(
        dir.path(),
        &[
            "audit",
            "--config",
            "audit.toml",
            "--out",
            "out3",
            "--quiet",
            "--fail-on",
            "never",
            "--no-external",
            "--rule",
            "img-alt-missing",
        ],
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("Lập báo cáo"));
}
