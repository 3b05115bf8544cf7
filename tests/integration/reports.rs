//! The report formats, the baseline and the gate, run as a user runs them.
//!
//! Every format is rendered from one fixture check (`fixtures/sites/sample`,
//! as of 2026-11-28) and compared with an `insta` snapshot under
//! `tests/integration/snapshots/reports/` after redacting times, the day and
//! the tool version (`support::snapshot`; `cargo insta review` after a
//! deliberate change); each format also has assertions on its real content.

use std::path::{Path, PathBuf};

use pretty_assertions::assert_eq;

use crate::support::cli::{assert_valid_report, repo, root, run_in};

const AS_OF: &str = "2026-11-28";

/// The four findings of the sample site: (url, rule, line).
const SAMPLE: [(&str, &str, u64); 4] = [
    (
        "fixtures/sites/sample/gioi-thieu.html",
        "html-lang-invalid",
        2,
    ),
    ("fixtures/sites/sample/index.html", "img-alt-missing", 21),
    (
        "fixtures/sites/sample/tin-tuc/index.html",
        "html-lang-missing",
        2,
    ),
    (
        "fixtures/sites/sample/tin-tuc/index.html",
        "page-title-missing",
        3,
    ),
];

/// The files of the non-HTML formats.
const FILES: [&str; 5] = [
    "report.json",
    "report.sarif",
    "junit.xml",
    "findings.csv",
    "summary.md",
];

/// Only the foundation's rules run in these tests, so that rules added later
/// (which list themselves in every format) leave the snapshots alone.
const RULES: [&str; 8] = [
    "--rule",
    "html-lang-invalid",
    "--rule",
    "html-lang-missing",
    "--rule",
    "img-alt-missing",
    "--rule",
    "page-title-missing",
];

/// Runs `check` on the sample site with every format into a fresh folder.
fn check_sample(formats: &str, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "check",
        "fixtures/sites/sample",
        "--as-of",
        AS_OF,
        "--format",
        formats,
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(&RULES);
    args.extend_from_slice(extra);
    let output = run_in(&root(), &args);
    (out, output)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn json(path: &Path) -> serde_json::Value {
    crate::support::cli::restored(serde_json::from_str(&read(path)).unwrap())
}

/// Compares with the stored snapshot (`tests/integration/snapshots/reports/<name>.snap`).
fn assert_snapshot(name: &str, actual: &str) {
    crate::support::snapshot::settings("reports").bind(|| {
        insta::assert_snapshot!(name, actual);
    });
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&read(&repo("tests/schemas/sarif-schema-2.1.0.json"))).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(sarif: &serde_json::Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn every_format_from_one_check_matches_its_snapshot() {
    let (out, output) = check_sample("json,html,sarif,junit,csv,md", &[]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for file in FILES.iter().chain(&["report.html"]) {
        assert!(stdout.contains(file), "{file} not listed in:\n{stdout}");
        assert_snapshot(file, &read(&out.path().join(file)));
    }
    assert_valid_report(&json(&out.path().join("report.json")));
}

#[test]
fn sarif_validates_and_carries_rules_fingerprints_and_positions() {
    let (out, _) = check_sample("json,sarif", &[]);
    let report = json(&out.path().join("report.json"));
    let sarif = json(&out.path().join("report.sarif"));
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for (_, rule, _) in SAMPLE {
        assert!(rule_ids.contains(&rule), "{rule} not described");
    }
    let img = rules.iter().find(|r| r["id"] == "img-alt-missing").unwrap();
    assert_eq!(img["name"], "ImgAltMissing");
    assert_eq!(img["defaultConfiguration"]["level"], "error");
    let help = img["help"]["text"].as_str().unwrap();
    assert!(help.contains("Cách sửa:"), "{help}");
    assert!(help.contains("Căn cứ pháp lý:"), "{help}");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let mut got: Vec<(String, String, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            assert_eq!(r["kind"], "fail");
            (
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                r["ruleId"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String, u64)> = SAMPLE
        .iter()
        .map(|(u, r, l)| (u.to_string(), r.to_string(), *l))
        .collect();
    assert_eq!(got, want);
    let mut fingerprints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["portalAudit/v2"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    expected.sort_unstable();
    assert_eq!(fingerprints, expected);
}

#[test]
fn sarif_truncates_at_the_limit_with_a_notification() {
    let (out, _) = check_sample("json", &[]);
    let report = portal_audit::report::load::load(&out.path().join("report.json")).unwrap();
    let options = portal_audit::report::RenderOptions::of(&report);
    let mut bytes = Vec::new();
    portal_audit::report::sarif::write_with_limit(&report, &options, 3, &mut bytes).unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
    let note = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["descriptor"]["id"], "results-truncated");
    // In the report's language, like the rest of the SARIF run.
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("3 trên 4 kết quả")
    );
    assert_eq!(portal_audit::report::sarif::MAX_RESULTS, 25_000);
}

#[test]
fn junit_parses_with_a_suite_per_site_and_a_case_per_rule() {
    use quick_xml::events::Event;
    let (out, _) = check_sample("junit", &[]);
    let xml = read(&out.path().join("junit.xml"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut suites = Vec::new();
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    let mut in_failure = false;
    loop {
        match reader.read_event().expect("junit.xml is well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.unescape_value().unwrap().into_owned())
                };
                match e.name().as_ref() {
                    b"testsuite" => suites.push((attr(b"name"), attr(b"tests"), attr(b"failures"))),
                    b"testcase" => cases.push(attr(b"name").unwrap()),
                    b"failure" => {
                        failures.push(attr(b"message").unwrap());
                        in_failure = true;
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_failure => {
                failures.push(t.decode().unwrap().into_owned());
            }
            Event::GeneralRef(r) if in_failure => {
                let name = r.decode().unwrap();
                failures.push(
                    match name.as_ref() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    }
                    .to_string(),
                );
            }
            Event::End(e) if e.name().as_ref() == b"failure" => in_failure = false,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        suites,
        vec![(
            Some("fixtures/sites/sample".to_string()),
            Some("4".to_string()),
            Some("4".to_string())
        )]
    );
    cases.sort();
    assert_eq!(
        cases,
        vec![
            "html-lang-invalid",
            "html-lang-missing",
            "img-alt-missing",
            "page-title-missing"
        ]
    );
    let all = failures.concat();
    assert!(
        all.contains("fixtures/sites/sample/index.html:21:"),
        "occurrence with line and column missing:\n{all}"
    );
    assert!(all.contains("html > body > main > img"), "{all}");
}

/// `junit.xml` is written case by case with quick-xml (`junit::write`); it is
/// byte for byte the document quick-junit serialises whole from the same
/// cases, also for texts with ANSI escapes, C0 controls, characters XML
/// refuses (U+FFFE) and markup characters, in a site name and in messages
/// (one left open at a message's end: a case's text is written line by
/// line, the escape parser's state carried from one to the next).
#[test]
fn junit_written_case_by_case_is_quick_junits_document() {
    use portal_audit::report::{RenderOptions, junit};
    let (out, _) = check_sample("json", &[]);
    let mut report = portal_audit::report::load::load(&out.path().join("report.json")).unwrap();
    let hostile = "\u{1b}]0;title\u{7} \u{1b}[31mred\u{1b}[0m \u{1} \u{fffe} <&> \"'\n\tend";
    report.sites[0].name = format!("site {hostile}");
    for (i, f) in report.findings.iter_mut().enumerate() {
        f.message.vi = format!("{} {hostile} {i}\u{1b}[3", f.message.vi);
        f.message.en = format!("{} {hostile} {i}", f.message.en);
        f.selector = Some(format!("p{hostile}"));
    }
    for skipped in [false, true] {
        let options = RenderOptions {
            junit_skipped: skipped,
            ..RenderOptions::of(&report)
        };
        let mut written = Vec::new();
        junit::write(&report, &options, &mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            junit::render_whole(&report, &options)
        );
    }
}

#[test]
fn csv_has_a_bom_and_every_vietnamese_character_intact() {
    let (out, _) = check_sample("json,csv", &[]);
    let bytes = std::fs::read(out.path().join("findings.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "no UTF-8 BOM");
    let report = json(&out.path().join("report.json"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, portal_audit::report::csv::HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    for (row, finding) in rows.iter().zip(report["findings"].as_array().unwrap()) {
        assert_eq!(&row[1], finding["url"].as_str().unwrap());
        assert_eq!(&row[4], finding["rule"].as_str().unwrap());
        assert_eq!(&row[8], finding["message"]["vi"].as_str().unwrap());
        assert_eq!(&row[13], finding["fingerprint"].as_str().unwrap());
    }
    let img = rows.iter().find(|r| &r[4] == "img-alt-missing").unwrap();
    assert_eq!(&img[2], "21");
    assert!(img[14].contains("Ảnh"), "title: {}", &img[14]);
    assert!(
        img[8]
            .chars()
            .any(|c| "ảấầẩẫậắằẳẵặđếềểễệốồổỗộớờởỡợứừửữự".contains(c)),
        "{}",
        &img[8]
    );
}

#[test]
fn markdown_summary_is_short_and_says_the_verdict() {
    let (out, _) = check_sample("md", &[]);
    let md = read(&out.path().join("summary.md"));
    assert!(md.starts_with("## portal-audit: ❌ KHÔNG ĐẠT\n"), "{md}");
    assert!(
        md.contains("| fixtures/sites/sample | 3 | "),
        "site row missing:\n{md}"
    );
    assert!(md.contains("| `img-alt-missing` | "), "{md}");
    assert!(md.lines().count() < 40, "{md}");
}

/// Runs `report` on a saved report.json into a fresh folder.
fn rerender(
    saved: &Path,
    formats: &str,
    first: &[&str],
) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let mut args = first.to_vec();
    args.extend_from_slice(&[
        "report",
        saved.to_str().unwrap(),
        "--format",
        formats,
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let output = run_in(&root(), &args);
    (out, output)
}

#[test]
fn report_re_renders_a_saved_report_identically_and_in_english() {
    let (out, _) = check_sample("json,sarif,junit,csv,md", &[]);
    let saved = out.path().join("report.json");
    let (again, output) = rerender(&saved, "sarif,junit,csv,md,json", &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    for file in FILES {
        assert_eq!(
            read(&out.path().join(file)),
            read(&again.path().join(file)),
            "{file} differs after re-rendering"
        );
    }
    let (en, output) = rerender(&saved, "md", &["--lang", "en"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(read(&en.path().join("summary.md")).starts_with("## portal-audit: ❌ FAILED\n"));
}

#[test]
fn report_rejects_what_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("x.json");
    std::fs::write(&bogus, "<html></html>").unwrap();
    let output = run_in(
        &root(),
        &[
            "report",
            bogus.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a report"), "{stderr}");
    let output = run_in(
        &root(),
        &["check", "fixtures/sites/sample", "--format", "pdf"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "không có định dạng báo cáo `pdf` (các định dạng: json, html, sarif, junit, csv, md, codequality, xlsx)"
        ),
        "{stderr}"
    );
}

/// Copies the sample site into `dir/site`.
fn copy_sample(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    for file in ["index.html", "gioi-thieu.html", "tin-tuc/index.html"] {
        let to = site.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo("fixtures/sites/sample").join(file), to).unwrap();
    }
    site
}

fn check_in(dir: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "site", "--as-of", AS_OF, "--out", out];
    args.extend_from_slice(&RULES);
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn baseline_lets_only_the_new_defect_fail_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_sample(dir.path());
    // First audit: four findings, accepted into the baseline.
    assert_eq!(check_in(dir.path(), "a", &[]).status.code(), Some(1));
    let output = run_in(
        dir.path(),
        &["baseline", "a/report.json", "--output", "accepted.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("4 phát hiện được chấp nhận"));
    let accepted = json(&dir.path().join("accepted.json"));
    assert_eq!(accepted["format"], "portal-audit-baseline");
    assert_eq!(accepted["accepted"].as_array().unwrap().len(), 4);

    // Edit: move everything down the pages (new lines above), and add one defect.
    let index = site.join("index.html");
    let html = read(&index)
        .replace(
            "<body>\n",
            "<body>\n<p>Thông báo: lịch tiếp công dân\nthay đổi từ tháng 12.</p>\n<p>Đường dây nóng: 1900 0000</p>\n",
        )
        .replace(
            "</body>",
            "<footer>\n  <img src=\"/anh/ban-do.png\">\n</footer>\n</body>",
        );
    std::fs::write(&index, html).unwrap();
    for page in ["gioi-thieu.html", "tin-tuc/index.html"] {
        let path = site.join(page);
        let text = read(&path);
        std::fs::write(&path, format!("\n\n\n{text}")).unwrap();
    }

    let output = check_in(
        dir.path(),
        "b",
        &["--baseline", "accepted.json", "--format", "json,md"],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("--baseline accepted.json: 4 phát hiện đã được chấp nhận, không tính"),
        "{output:?}"
    );
    let report = json(&dir.path().join("b/report.json"));
    assert_valid_report(&report);
    assert_eq!(report["counts"]["findings"], 5);
    assert_eq!(report["gate"]["counted"], 1);
    assert_eq!(report["gate"]["baselined"], 4);
    assert_eq!(report["gate"]["baseline"], "accepted.json");
    // Every old finding moved down, yet kept its fingerprint.
    let lines: Vec<u64> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert!(lines.iter().all(|l| *l > 3), "{lines:?}");
    let md = read(&dir.path().join("b/summary.md"));
    assert!(
        md.contains("4 phát hiện đã chấp nhận trong tệp nền `accepted.json`"),
        "{md}"
    );

    // The previous report.json works as a baseline too; and one new finding is tolerated with --max-findings 1.
    let output = check_in(dir.path(), "c", &["--baseline", "a/report.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        json(&dir.path().join("c/report.json"))["gate"]["counted"],
        1
    );
    let output = check_in(
        dir.path(),
        "d",
        &["--baseline", "a/report.json", "--max-findings", "1"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    // diff: the footer image is the only new finding; nothing fixed.
    let output = run_in(
        dir.path(),
        &["diff", "a/report.json", "b/report.json", "--json"],
    );
    assert_eq!(output.status.code(), Some(0));
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (
            diff["new"].as_u64(),
            diff["fixed"].as_u64(),
            diff["unchanged"].as_u64()
        ),
        (Some(1), Some(0), Some(4))
    );
    let new: Vec<&serde_json::Value> = diff["rules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["new"].as_array().unwrap())
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["rule"], "img-alt-missing");
    assert_eq!(new[0]["selector"], "html > body > footer > img");

    let output = run_in(dir.path(), &["diff", "a/report.json", "b/report.json"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("site  (+1 mới, -0 đã sửa, =4 không đổi)"),
        "{text}"
    );
    assert!(text.contains("+ site/index.html:"), "{text}");
    assert!(
        text.contains("Tổng: 1 mới, 0 đã sửa, 4 không đổi."),
        "{text}"
    );

    // Fixing the old image shows up as fixed.
    let html = read(&index).replace(
        "<img src=\"/anh/hoi-nghi-xuc-tien-dau-tu.jpg\">",
        "<img src=\"/anh/hoi-nghi-xuc-tien-dau-tu.jpg\" alt=\"Hội nghị\">",
    );
    std::fs::write(&index, html).unwrap();
    check_in(dir.path(), "e", &[]);
    let output = run_in(
        dir.path(),
        &["diff", "b/report.json", "e/report.json", "--json"],
    );
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (
            diff["new"].as_u64(),
            diff["fixed"].as_u64(),
            diff["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(4))
    );
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    std::fs::write(dir.path().join("b.json"), "{\"hello\": 1}").unwrap();
    let output = check_in(dir.path(), "a", &["--baseline", "b.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("b.json: neither a baseline"), "{stderr}");
    let output = check_in(dir.path(), "a", &["--baseline", "missing.json"]);
    assert_eq!(output.status.code(), Some(2));
}

/// Checks a report file with our own `check`: the report must have no finding.
fn assert_report_has_no_findings(html: &Path) {
    let out = tempfile::tempdir().unwrap();
    let output = run_in(
        &root(),
        &[
            "check",
            html.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--fail-on",
            "notice",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    let report = json(&out.path().join("report.json"));
    // Nothing failed and nothing needs review.
    let own: Vec<&serde_json::Value> = report["findings"].as_array().unwrap().iter().collect();
    assert!(
        own.is_empty(),
        "the HTML report has findings of its own:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(output.status.code(), Some(0));
    let outcomes = report["pages"][0]["outcomes"].as_object().unwrap();
    assert!(
        outcomes.values().filter(|o| *o == "passed").count() >= 3,
        "our own rules did not apply to the report: {outcomes:?}"
    );
}

/// No request of any kind: no external script, style, image, font or frame.
pub(crate) fn assert_self_contained(html: &str) {
    let doc = scraper::Html::parse_document(html);
    let any = |css: &str| {
        doc.select(&scraper::Selector::parse(css).unwrap())
            .next()
            .map(|e| e.html())
    };
    for css in [
        "script[src]",
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "[style]",
        "image",
        "use",
    ] {
        assert_eq!(any(css), None, "`{css}` would load something");
    }
    assert!(!html.contains("url("), "CSS url() found");
    assert!(!html.contains("@import"), "CSS @import found");
    let csp = any("meta[http-equiv=Content-Security-Policy]").unwrap();
    assert!(
        csp.contains("default-src &#39;none&#39;") || csp.contains("default-src 'none'"),
        "{csp}"
    );
}

#[test]
fn html_report_is_complete_self_contained_and_has_no_findings_itself() {
    let (out, _) = check_sample("html,json", &["--province", "Tỉnh Hà Giang"]);
    let saved = json(&out.path().join("report.json"));
    assert_valid_report(&saved);
    assert_eq!(saved["run"]["province"], "Tỉnh Hà Giang");
    let path = out.path().join("report.html");
    let html = read(&path);
    assert_self_contained(&html);
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| -> Vec<String> {
        doc.select(&scraper::Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(select("html[lang=vi]").len(), 1);
    assert_eq!(
        select("h1"),
        vec![
            "Báo cáo đánh giá Cổng thông tin điện tử và các trang thông tin điện tử thành phần tỉnh Hà Giang năm 2026"
        ]
    );
    // Vietnamese number and date formats under --lang vi.
    assert_eq!(select("#overall-score"), vec!["55,6"]);
    assert!(select(".verdict")[0].contains("KHÔNG ĐẠT"));
    // Header for print: province, dates, tool version, on each site's page.
    let header = &select(".site .print-header")[0];
    assert!(
        header.starts_with("Tỉnh Hà Giang · Ngày lập báo cáo "),
        "{header}"
    );
    assert!(
        header.contains("Ngày tham chiếu pháp lý 28/11/2026 · portal-audit "),
        "{header}"
    );
    // Per rule: why, fix, legal bases and every occurrence with place and snippet.
    let mut rules = select(".rule h3 code");
    rules.sort();
    assert_eq!(
        rules,
        vec![
            "html-lang-invalid",
            "html-lang-missing",
            "img-alt-missing",
            "page-title-missing"
        ]
    );
    let img = select("#rule-img-alt-missing")[0].clone();
    assert!(img.contains("Cách sửa"), "{img}");
    assert!(
        img.contains("tiêu chí 1.1.1 WCAG 2.0 (khuyến nghị)"),
        "{img}"
    );
    assert!(
        img.contains("điểm c khoản 3 Điều 10 Nghị định số 224/2026/NĐ-CP (bắt buộc)"),
        "{img}"
    );
    assert!(img.contains("fixtures/sites/sample/index.html"), "{img}");
    assert!(img.contains("21:3"), "{img}");
    assert!(img.contains("html > body > main > img"), "{img}");
    assert!(
        img.contains("<img src=\"/anh/hoi-nghi-xuc-tien-dau-tu.jpg\">"),
        "snippet shown as text: {img}"
    );
    assert_eq!(select("tr.occ").len(), 4);
    // Accessibility criteria grouped by WCAG principle.
    let criteria = select(".criteria tbody tr");
    assert_eq!(
        criteria[0].split_whitespace().collect::<Vec<_>>().join(" "),
        "1. Có thể nhận biếtWCAG 1.1.1img-alt-missing010"
    );
    // With JavaScript off: the filters stay hidden and everything is shown.
    assert_eq!(select("form#filters[hidden]").len(), 1);
    assert_eq!(select("tr.occ[hidden]").len(), 0);
    assert!(select("#js-off")[0].contains("JavaScript"));
    assert_report_has_no_findings(&path);

    let (en, output) = check_sample("html", &["--lang", "en"]);
    assert_eq!(output.status.code(), Some(1));
    let path = en.path().join("report.html");
    let html = read(&path);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<title>Web portal audit report</title>"));
    assert!(html.contains("Legal reference date"));
    assert_report_has_no_findings(&path);
}

#[test]
fn html_report_shows_the_trend_against_a_previous_audit() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_sample(dir.path());
    check_in(dir.path(), "a", &[]);
    let index = site.join("index.html");
    std::fs::write(
        &index,
        read(&index).replace("</body>", "<footer><img src=\"/x.png\"></footer>\n</body>"),
    )
    .unwrap();
    check_in(
        dir.path(),
        "b",
        &["--previous", "a/report.json", "--format", "html"],
    );
    let html = read(&dir.path().join("b/report.html"));
    assert!(
        html.contains("<p>1 mới · 0 đã sửa · 4 không đổi</p>"),
        "trend missing"
    );
    assert!(
        html.contains("aria-label=\"Xu hướng so với lần trước: 1 mới, 0 đã sửa, 4 không đổi\"")
    );
    assert_report_has_no_findings(&dir.path().join("b/report.html"));
}

/// A script that marks the page if it ever runs: `data-xss` on `<html>`.
fn payload(tag: &str) -> String {
    format!("document.documentElement.setAttribute('data-xss','{tag}')")
}

/// Fixture pages whose titles, link texts, attributes, URLs and site name carry
/// script payloads. Returns the site folder's name (itself a payload).
fn write_hostile_site(dir: &Path) -> String {
    let site = format!("site\"><img src=x onerror={}>", payload("site"));
    let root = dir.join(&site);
    std::fs::create_dir_all(&root).unwrap();
    let pages = [
        (
            "title.html".to_string(),
            format!(
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\">\n<title><script>{}</script><img src=x onerror=\"{}\"></title>\n</head>\n<body>\n<h1>Tiêu đề độc hại</h1>\n<a href=\"javascript:{}\"><img src=\"x\" onerror=\"{}\"></a>\n<img src=\"&quot;&gt;&lt;script&gt;{}&lt;/script&gt;\">\n<img src=\"y\" data-x=\"</code></pre><script>{}</script>\">\n</body>\n</html>\n",
                payload("title"),
                payload("title-img"),
                payload("href"),
                payload("link"),
                payload("src"),
                payload("pre"),
            ),
        ),
        (
            "lang.html".to_string(),
            format!(
                "<!DOCTYPE html>\n<html lang=\"&quot;&gt;&lt;img src=x onerror={}&gt;\">\n<head><meta charset=\"utf-8\"><title>Ngôn ngữ</title></head>\n<body><p>Nội dung</p></body>\n</html>\n",
                payload("lang")
            ),
        ),
        (
            format!("a\"><svg onload={}>.html", payload("url")),
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Đường dẫn</title></head>\n<body><img src=\"z.png\"></body>\n</html>\n".to_string(),
        ),
    ];
    for (name, html) in pages {
        std::fs::write(root.join(name), html).unwrap();
    }
    site
}

/// The Chromium binary: `$CHROMIUM`, else `chromium` on the PATH (`.ci/run` installs it).
pub(crate) fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|path| path.is_file())
        .expect(
            "headless Chromium is needed for this test: `apt-get install -y chromium` (as .ci/run does), or set CHROMIUM",
        )
}

/// Runs headless Chromium on a URL with a fresh profile, at most two minutes.
/// Its output goes to files, not pipes: a dumped DOM larger than a pipe's
/// buffer would block Chromium while this waits for it to exit.
pub(crate) fn run_chromium(url: &str, extra: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let out_path = profile.path().join("stdout");
    let err_path = profile.path().join("stderr");
    let mut child = std::process::Command::new(chromium())
        .args(crate::support::browser::HEADLESS)
        .args([&format!("--user-data-dir={}", profile.path().display())])
        .args(extra)
        .arg(url)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes on {url}");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let output = std::process::Output {
        status: child.wait().unwrap(),
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read(&err_path).unwrap(),
    };
    assert!(output.status.success(), "chromium failed: {output:?}");
    output
}

/// A `file://` URL for a path, with a query.
fn file_url(path: &Path, query: &str) -> String {
    let mut url = url::Url::from_file_path(path).unwrap();
    url.set_query(Some(query));
    url.to_string()
}

#[test]
fn hostile_pages_cannot_script_the_html_report_in_a_browser_and_filters_work() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_hostile_site(dir.path());
    let output = run_in(
        dir.path(),
        &[
            "check",
            &site,
            "--as-of",
            AS_OF,
            "--format",
            "json,html",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&dir.path().join("out/report.json"));
    let img_findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "img-alt-missing")
        .count();
    assert_eq!(img_findings, 4, "the fixture must give four image findings");
    let rules: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains("html-lang-invalid"), "{rules:?}");
    let html_path = dir.path().join("out/report.html");
    let html = read(&html_path);
    assert_self_contained(&html);
    assert_report_has_no_findings(&html_path);

    let dom = String::from_utf8(
        run_chromium(
            &file_url(&html_path, "rule=img-alt-missing"),
            &["--dump-dom"],
        )
        .stdout,
    )
    .unwrap();
    assert!(dom.contains("</html>"), "no DOM dumped:\n{dom}");
    // No payload ran: nothing set data-xss; no element came from a payload.
    assert!(!dom.contains("data-xss="), "a payload ran");
    assert_eq!(dom.matches("<script").count(), 1, "only our own script");
    assert!(
        !dom.contains("<img"),
        "an <img> from a payload became markup"
    );
    assert_eq!(
        dom.matches("<svg").count(),
        dom.matches("<svg class=\"bar\"").count(),
        "an <svg> from a payload became markup"
    );
    // A real element with a javascript: href (escaped snippets, shown as text, may quote one).
    let js_link = regex::Regex::new(r#"<[a-z]+\s[^<>]*href="javascript:"#).unwrap();
    assert!(!js_link.is_match(&dom), "a javascript: link");
    // The payloads are shown, as text.
    assert!(dom.contains(&format!(
        "&lt;script&gt;{}&lt;/script&gt;&lt;img src=x onerror=\"{}\"&gt;",
        payload("title"),
        payload("title-img")
    )));
    assert!(dom.contains(&format!(
        "a\"&gt;&lt;svg onload={}&gt;.html",
        payload("url")
    )));

    // The filter from the address ran: only the image rule is shown.
    let doc = scraper::Html::parse_document(&dom);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    let status = doc.select(&sel("#filter-status")).next().unwrap();
    assert_eq!(
        status.value().attr("data-visible"),
        Some(img_findings.to_string().as_str())
    );
    assert_eq!(
        status.text().collect::<String>(),
        format!(
            "Đang hiện {img_findings} trên {} chỗ.",
            report["findings"].as_array().unwrap().len()
        )
    );
    assert!(doc.select(&sel("form#filters[hidden]")).next().is_none());
    assert!(doc.select(&sel("#js-off[hidden]")).next().is_some());
    for row in doc.select(&sel("tr.occ")) {
        let shown = row.value().attr("hidden").is_none();
        assert_eq!(
            shown,
            row.value().attr("data-rule") == Some("img-alt-missing"),
            "{}",
            row.html()
        );
    }
    for section in doc.select(&sel("section.rule")) {
        assert_eq!(
            section.value().attr("hidden").is_none(),
            section.value().attr("id") == Some("rule-img-alt-missing")
        );
    }

    // Another filter: only the warnings are shown; and the
    // rules sorted by id instead of by severity and count.
    let rule_order = |dom: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(dom);
        doc.select(&sel("section.rule"))
            .map(|s| s.value().attr("data-rule").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        rule_order(&dom)[0],
        "img-alt-missing",
        "most occurrences first"
    );
    let dom = String::from_utf8(
        run_chromium(
            &file_url(&html_path, "severity=warning&sort=id"),
            &["--dump-dom"],
        )
        .stdout,
    )
    .unwrap();
    let warnings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "warning")
        .count();
    assert!(
        dom.contains(&format!("data-visible=\"{warnings}\"")),
        "severity filter"
    );
    assert!(!dom.contains("data-xss="), "a payload ran");
    let order = rule_order(&dom);
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    let mut with_findings: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    with_findings.sort_unstable();
    assert_eq!(order[0], with_findings[0]);

    // A screenshot, kept as an artefact of the test run.
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-hostile.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &file_url(&html_path, ""),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
            "--hide-scrollbars",
        ],
    );
    let png = std::fs::read(&shot).expect("the screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);

    // Printed: every page is A4.
    let pdf_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-hostile.pdf");
    let _ = std::fs::remove_file(&pdf_path);
    run_chromium(
        &file_url(&html_path, ""),
        &[
            &format!("--print-to-pdf={}", pdf_path.display()),
            "--no-pdf-header-footer",
        ],
    );
    let pdf = std::fs::read(&pdf_path).expect("the PDF was written");
    let text = String::from_utf8_lossy(&pdf);
    let a4 = regex::Regex::new(r"MediaBox \[0 0 59[45]\.\d* 84[12]\.\d*\]").unwrap();
    let boxes = regex::Regex::new(r"MediaBox \[").unwrap();
    assert!(a4.is_match(&text), "not A4");
    assert_eq!(a4.find_iter(&text).count(), boxes.find_iter(&text).count());
    let pages = regex::Regex::new(r"/Type\s*/Page[^s]").unwrap();
    assert!(
        pages.find_iter(&text).count() >= 4,
        "the report prints on several pages"
    );
}

#[test]
fn docs_ci_commands_run() {
    let doc = read(&repo("docs/ci.md"));
    let command = regex::Regex::new(r"portal-audit (check|report|diff|baseline) [^\n`]*").unwrap();
    // Only what is inside code blocks (every other part between ``` fences).
    let commands: Vec<&str> = doc
        .split("```")
        .skip(1)
        .step_by(2)
        .flat_map(|block| command.find_iter(block).map(|m| m.as_str()))
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    let site = copy_sample(dir.path());
    std::fs::rename(site, dir.path().join("public")).unwrap();
    let last = run_in(
        dir.path(),
        &["check", "public/", "--out", ".portal-audit-last"],
    );
    assert_eq!(last.status.code(), Some(1));
    for line in commands {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let output = run_in(dir.path(), &args);
        // Every example passes: the first check uses --fail-on never, the
        // others accept today's findings with the baseline written before.
        assert_eq!(
            output.status.code(),
            Some(0),
            "`{line}` in docs/ci.md: {output:?}"
        );
    }
    for file in FILES.iter().chain(&["report.html"]) {
        assert!(dir.path().join("audit-out").join(file).is_file(), "{file}");
    }
    assert!(dir.path().join(".portal-audit-baseline.json").is_file());
}

#[test]
fn html_report_groups_by_legal_provision_and_lists_problems_per_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_sample(dir.path());
    std::fs::write(site.join("rong.html"), "").unwrap();
    // On 2023-06-30 Thông tư 32/2017 was in force: its Điều 18 item is a row.
    let mut args = vec![
        "check",
        "site",
        "--as-of",
        "2023-06-30",
        "--format",
        "html",
        "--out",
        "out",
    ];
    args.extend_from_slice(&RULES);
    let output = run_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let html = read(&dir.path().join("out/report.html"));
    let doc = scraper::Html::parse_document(&html);
    let rows: Vec<String> = doc
        .select(&scraper::Selector::parse(".site table.criteria tbody tr").unwrap())
        .map(|r| {
            r.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        rows.contains(
            &"điểm c khoản 1 Điều 18 Thông tư số 32/2017/TT-BTTTT (bắt buộc)img-alt-missing010"
                .to_string()
        ),
        "{rows:#?}"
    );
    // Every accessibility rule rests on the article that recommends WCAG.
    assert!(
        rows.contains(&"khoản 3 Điều 17 Thông tư số 32/2017/TT-BTTTT (khuyến nghị)html-lang-invalid, html-lang-missing, img-alt-missing, page-title-missing540".to_string()),
        "{rows:#?}"
    );
    let problems: Vec<String> = doc
        .select(&scraper::Selector::parse(".site li").unwrap())
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(problems, vec!["site/rong.html (empty): tệp rỗng"]);
}

/// Checks the sample, sets `field` to `value` in the entries of `list`
/// (`rules` or `findings`) of rule `rule` in the saved report.json, and renders
/// that report in `formats`.
fn render_edited(
    list: &str,
    rule: &str,
    field: &str,
    value: &str,
    formats: &str,
) -> tempfile::TempDir {
    let (out, _) = check_sample("json", &[]);
    let mut report = json(&out.path().join("report.json"));
    let key = if list == "rules" { "id" } else { "rule" };
    for entry in report[list].as_array_mut().unwrap() {
        if entry[key] == rule {
            entry[field] = value.into();
        }
    }
    // The numbers no longer match the edited findings: a report without them
    // (as before schema 1.2) gets them computed when it is loaded.
    report.as_object_mut().unwrap().remove("statistics");
    let saved = out.path().join("edited.json");
    std::fs::write(&saved, report.to_string()).unwrap();
    let (dir, output) = rerender(&saved, formats, &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // Kept beside the renders, for tests that render it again.
    std::fs::copy(&saved, dir.path().join("edited.json")).unwrap();
    dir
}

#[test]
fn a_report_without_the_counts_by_strength_gets_them_when_read() {
    // A 1.2 report has statistics but no counts by the strength of the bases.
    let (out, _) = check_sample("json", &[]);
    let written = json(&out.path().join("report.json"));
    let mut old = written.clone();
    old["schema_version"] = "1.2.0".into();
    let statistics = old["statistics"].as_object_mut().unwrap();
    statistics.remove("strength");
    for rule in statistics["rules"].as_array_mut().unwrap() {
        rule.as_object_mut().unwrap().remove("binding");
    }
    let saved = out.path().join("old.json");
    std::fs::write(&saved, old.to_string()).unwrap();
    let (dir, output) = rerender(&saved, "json", &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let again = json(&dir.path().join("report.json"));
    let failed = written["counts"]["by_outcome"]["failed"].as_u64().unwrap();
    assert!(failed > 0);
    assert_eq!(
        again["statistics"]["strength"],
        written["statistics"]["strength"]
    );
    assert_eq!(
        again["statistics"]["strength"]["binding"].as_u64().unwrap()
            + again["statistics"]["strength"]["advisory"]
                .as_u64()
                .unwrap(),
        failed
    );
    assert_eq!(again["statistics"]["rules"], written["statistics"]["rules"]);
}

/// The text of every element matching `css`.
fn texts(html: &str, css: &str) -> Vec<String> {
    scraper::Html::parse_document(html)
        .select(&scraper::Selector::parse(css).unwrap())
        .map(|e| e.text().collect())
        .collect()
}

#[test]
fn html_report_has_a_checklist_per_other_family() {
    // No content rule exists yet: relabel one rule of a saved report as `content`.
    let html_dir = render_edited("rules", "page-title-missing", "family", "content", "html");
    let html = read(&html_dir.path().join("report.html"));
    let headings = texts(&html, ".site h4");
    assert!(
        headings.contains(&"Danh mục kiểm tra: Thông tin bắt buộc".to_string()),
        "{headings:?}"
    );
    assert!(html.contains(
        "<tr><th scope=\"row\">Trang không có tiêu đề</th><td>page-title-missing</td><td>2</td><td class=\"bad\">1</td><td>0</td></tr>"
    ));
}

#[test]
fn cant_tell_findings_make_the_manual_review_checklist_and_never_fail_junit() {
    // No rule of the foundation reports cant_tell: mark one finding of a saved report.
    let dir = render_edited(
        "findings",
        "img-alt-missing",
        "outcome",
        "cant_tell",
        "html,junit,sarif,md",
    );
    let html = read(&dir.path().join("report.html"));
    // A report without a checklist (schema 1.0, or edited as here) gets one
    // from its findings when it is loaded again.
    // The item's own cell: what to judge, then its Đạt / Không đạt / Ghi chú cells.
    let items = texts(&html, "#review tr.review-row > td:first-child");
    assert_eq!(
        items,
        vec![
            "Ảnh thiếu văn bản thay thế · img-alt-missing · fixtures/sites/sample · 1 chỗ trên 1 trang: Ảnh /anh/hoi-nghi-xuc-tien-dau-tu.jpg không có văn bản thay thế (alt, aria-label, aria-labelledby hoặc title).\n    fixtures/sites/sample/index.html:21:3 · html > body > main > img"
        ]
    );
    assert!(html.contains("<span class=\"review-tag\">Cần kiểm tra thủ công</span>"));
    let junit = read(&dir.path().join("junit.xml"));
    assert!(junit.contains("tests=\"4\" failures=\"3\""), "{junit}");
    assert!(
        junit.contains("<system-out>Cần kiểm tra thủ công (1 mục, 1 chỗ):\n☐ Ảnh /anh/hoi-nghi-xuc-tien-dau-tu.jpg không có văn bản thay thế (alt, aria-label, aria-labelledby hoặc title). — 1 chỗ trên 1 trang\n  fixtures/sites/sample/index.html:21:3  [html &gt; body &gt; main &gt; img]\n</system-out>"),
        "{junit}"
    );
    // Code scanning gets no review result by default; `--sarif-review` asks for them.
    let sarif = json(&dir.path().join("report.sarif"));
    assert_valid_sarif(&sarif);
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "fail")
    );
    let output = run_in(
        &root(),
        &[
            "report",
            dir.path().join("edited.json").to_str().unwrap(),
            "--format",
            "sarif",
            "--sarif-review",
            "--out",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let sarif = json(&dir.path().join("report.sarif"));
    assert_valid_sarif(&sarif);
    let review: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "review")
        .collect();
    assert_eq!(review.len(), 1);
    assert_eq!(review[0]["level"], "none");
    assert_eq!(
        review[0]["properties"]["review_item"]
            .as_str()
            .map(str::len),
        Some(16),
        "a review result names its checklist item"
    );
    assert!(read(&dir.path().join("summary.md")).contains("| 3 | 0 | 0 | 1 |"));
}

#[test]
fn only_the_rules_that_ran_are_listed() {
    let out = tempfile::tempdir().unwrap();
    let output = run_in(
        &root(),
        &[
            "check",
            "fixtures/sites/sample",
            "--rule",
            "img-alt-missing",
            "--format",
            "json,sarif,junit",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&out.path().join("report.json"));
    assert_valid_report(&report);
    let ids = |rules: &serde_json::Value| -> Vec<String> {
        rules
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&report["rules"]), ["img-alt-missing"]);
    let sarif = json(&out.path().join("report.sarif"));
    assert_eq!(
        ids(&sarif["runs"][0]["tool"]["driver"]["rules"]),
        ["img-alt-missing"]
    );
    let junit = read(&out.path().join("junit.xml"));
    assert_eq!(junit.matches("<testcase ").count(), 1, "{junit}");
}

#[test]
fn report_re_renders_an_audit_store_without_crawling() {
    use crate::support::server::{Server, page};
    let site = Server::start(vec![(
        "/",
        page(
            "Sở Tư pháp",
            "<img src=\"/anh/a.png\"><a href=\"/khong-co\">Trang hỏng</a>",
        ),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let audit = run_in(
        dir.path(),
        &[
            "audit",
            &site.url("/"),
            "--out",
            "out",
            "--quiet",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&audit.stderr)
    );
    let hits = site.hits("/");

    let again = run_in(
        dir.path(),
        &[
            "report",
            "out/audit.sqlite",
            "--format",
            "json,md",
            "--out",
            "again",
            "--quiet",
        ],
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(site.hits("/"), hits, "re-rendering does not fetch anything");
    let fingerprints = |path: &str| -> Vec<String> {
        let report = json(&dir.path().join(path));
        assert_valid_report(&report);
        let mut f: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect();
        f.sort();
        f
    };
    let original = fingerprints("out/report.json");
    assert!(
        original.len() >= 2,
        "the image and the broken link: {original:?}"
    );
    assert_eq!(fingerprints("again/report.json"), original);
    assert!(
        // (The summary lists the ten rules with most occurrences: the
        // portal's own rules now outnumber the image's single one.)
        std::fs::read_to_string(dir.path().join("again/summary.md"))
            .unwrap()
            .contains("link-broken")
    );
}

#[test]
fn html_report_shows_the_category_checklist_link_problems_and_unicode_compliance_per_site() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = run_in(
        &root(),
        &[
            "check",
            "fixtures/sites/content-so-khdt",
            "--role",
            "so-khdt",
            "--as-of",
            "2026-09-01",
            "--format",
            "json,html",
            "--out",
            dir,
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = json(&out.path().join("report.json"));
    let doc = scraper::Html::parse_document(
        &std::fs::read_to_string(out.path().join("report.html")).unwrap(),
    );
    let select = |css: &str| scraper::Selector::parse(css).unwrap();

    // One row per required category, with the status of report.json.
    let items = report["sites"][0]["checklist"]["items"].as_array().unwrap();
    let rows: Vec<(String, String)> = doc
        .select(&select("table.categories tbody tr"))
        .map(|tr| {
            let name = tr
                .select(&select("th"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            let class = tr
                .value()
                .attr("class")
                .unwrap()
                .trim_start_matches("cat-")
                .to_string();
            (name, class)
        })
        .collect();
    let want: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            (
                i["name"]["vi"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(rows, want);
    assert!(
        want.iter().any(|(_, s)| s == "missing"),
        "the fixture misses some categories"
    );

    // Unicode compliance: pages checked and compliant, as report.json says.
    let pages = report["pages"].as_array().unwrap().len();
    let text = doc.root_element().text().collect::<String>();
    assert!(
        text.contains(&format!("/{pages} trang đạt chuẩn")),
        "unicode share"
    );

    // Link problems of a site with a broken local link.
    let out2 = tempfile::tempdir().unwrap();
    let tmp = out2.path();
    let site = tmp.join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Trang chủ</title></head><body><a href=\"khong-co.html\">Lịch tiếp công dân</a></body></html>",
    )
    .unwrap();
    let run = run_in(
        tmp,
        &[
            "check",
            "site",
            "--format",
            "html",
            "--out",
            "out",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(run.status.code(), Some(0));
    let doc = scraper::Html::parse_document(
        &std::fs::read_to_string(tmp.join("out/report.html")).unwrap(),
    );
    let cells: Vec<String> = doc
        .select(&select("table.links tbody tr td"))
        .map(|td| td.text().collect::<String>())
        .collect();
    assert_eq!(cells[0], "site/index.html:1");
    assert_eq!(cells[1], "Lịch tiếp công dân");
    assert!(cells[2].ends_with("khong-co.html"), "{cells:?}");
    assert!(
        cells[3].starts_with("broken") || cells[3].contains("link-broken"),
        "{cells:?}"
    );
}

#[test]
fn audit_takes_the_same_gates_and_outputs_as_check() {
    use crate::support::server::{Server, page};
    let site = Server::start(vec![("/", page("Sở Tư pháp", "<img src=\"/anh/a.png\">"))]);
    let dir = tempfile::tempdir().unwrap();
    let url = site.url("/");
    let first = run_in(
        dir.path(),
        &[
            "audit", &url, "--out", "one", "--quiet", "--format", "json,md",
        ],
    );
    assert_eq!(
        first.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(dir.path().join("one/summary.md").is_file());
    let baseline = run_in(
        dir.path(),
        &[
            "baseline",
            "one/report.json",
            "--output",
            "accepted.json",
            "--quiet",
        ],
    );
    assert_eq!(baseline.status.code(), Some(0));
    // The same defects again: all accepted by the baseline, so the gate passes.
    let again = run_in(
        dir.path(),
        &[
            "audit",
            &url,
            "--out",
            "two",
            "--quiet",
            "--baseline",
            "accepted.json",
            "--province",
            "Tỉnh Mẫu",
        ],
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let report = json(&dir.path().join("two/report.json"));
    assert_valid_report(&report);
    assert_eq!(report["gate"]["passed"], true);
    assert_eq!(report["gate"]["counted"], 0);
    assert!(report["gate"]["baselined"].as_u64().unwrap() >= 1);
    assert_eq!(report["run"]["province"], "Tỉnh Mẫu");
}

/// A report read back from its report.json (`portal-audit report`) renders
/// the very same numbers, byte for byte, as the run that wrote it: every
/// format presents the `statistics` the JSON carries.
#[test]
fn a_report_read_back_renders_the_same_numbers() {
    let (out, _) = check_sample("json,html,junit,md", &[]);
    let saved = out.path().join("report.json");
    let (again, output) = rerender(&saved, "html,junit,md", &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    for file in ["report.html", "junit.xml", "summary.md"] {
        assert_eq!(
            read(&out.path().join(file)),
            read(&again.path().join(file)),
            "{file}"
        );
    }
    // The statistics were read, not computed again: numbers edited in the
    // JSON are the ones shown.
    let mut report = json(&saved);
    report["statistics"]["score"]["percent"] = serde_json::json!(12.34);
    report["statistics"]["findings"]["errors"] = serde_json::json!(99);
    let edited = out.path().join("edited.json");
    std::fs::write(&edited, report.to_string()).unwrap();
    let (shown, output) = rerender(&edited, "md", &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let md = read(&shown.path().join("summary.md"));
    assert!(md.contains("Điểm chung **12,3**/100"), "{md}");
    let html_dir = rerender(&edited, "html", &[]).0;
    let html = read(&html_dir.path().join("report.html"));
    assert_eq!(
        texts(&html, "#dashboard table.counts tbody td")[2],
        "99",
        "the errors cell"
    );
}
