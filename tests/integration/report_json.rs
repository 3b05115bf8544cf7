//! `report.json` format 1.7 (`docs/report-json.md`): what every finding and
//! page repeated is said once in `rules`, and a reader puts it back — the
//! report read is the report written; reports of format 1.6 still load,
//! diff, merge and are written again as they were.

use std::path::Path;

use portal_audit::report::model::Report;
use pretty_assertions::assert_eq;
use serde_json::Value;

use crate::support::cli::{assert_valid_report, repo, root, run_in};

/// `check` of some fixture sites and of a folder whose four pages share a
/// header image without `alt` (a template defect), in memory.
fn checked(dir: &Path) -> Report {
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    for i in 0..4 {
        std::fs::write(
            shared.join(format!("trang-{i}.html")),
            format!(
                "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
                 <title>Trang {i}</title></head><body><header><img class=\"logo\" \
                 src=\"logo.png\"></header><main><h1>Trang {i}</h1><p>Nội dung {i}.</p>\
                 </main></body></html>"
            ),
        )
        .unwrap();
    }
    let mut inputs: Vec<String> = ["sample", "review", "privacy", "content-so-khdt"]
        .iter()
        .map(|s| repo(&format!("fixtures/sites/{s}")).display().to_string())
        .collect();
    inputs.push(shared.display().to_string());
    let options = portal_audit::check::CheckOptions {
        inputs,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        lang: portal_audit::ruleset::Lang::Vi,
        gate: portal_audit::gate::Policy::default(),
        only_rules: Vec::new(),
        role: None,
        profiles: Vec::new(),
        ca_certs: Vec::new(),
        dns_server: portal_audit::crawl::dns::DnsServer::default(),
        analysis_timeout: std::time::Duration::from_secs(30),
        render: None,
        follow_symlinks: false,
        store: None,
    };
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    portal_audit::check::run(&options, &ruleset).unwrap()
}

#[test]
fn a_report_written_and_read_back_is_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = checked(dir.path());
    // One finding whose bases are not its rule's, and one with none: written
    // as they are, read back as they were.
    let cited = report
        .findings
        .iter()
        .position(|f| !f.legal.is_empty() && f.template.is_none())
        .unwrap();
    report.findings[cited].legal.clear();
    let last = report
        .findings
        .iter()
        .rposition(|f| f.template.is_none())
        .unwrap();
    assert_ne!(last, cited);
    report.findings[last].wcag = vec!["9.9.9".to_string()].into();
    assert!(
        !report.templates.is_empty(),
        "the shared header is a template defect"
    );
    assert!(report.findings.len() > 10, "{}", report.findings.len());

    let path = dir.path().join("report.json");
    let mut bytes = Vec::new();
    portal_audit::report::json::write(&report, &mut bytes).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let back = portal_audit::report::load::load(&path).unwrap();
    assert_eq!(back.findings, report.findings);
    assert_eq!(back.pages, report.pages);
    assert_eq!(back.statistics, report.statistics);
    assert!(back == report, "the report read back differs");

    // What was written: valid, and each thing said once.
    let text = String::from_utf8(bytes).unwrap();
    let written: Value = serde_json::from_str(&text).unwrap();
    assert_valid_report(&written);
    assert_eq!(written["schema_version"], "1.7.0");
    let rules = written["rules"].as_array().unwrap();
    let findings = written["findings"].as_array().unwrap();
    let own: Vec<&Value> = findings
        .iter()
        .filter(|f| f.get("legal").is_some())
        .collect();
    assert_eq!(own.len(), 1, "only the edited finding has its own bases");
    assert_eq!(own[0]["legal"], Value::Array(Vec::new()));
    let own: Vec<&Value> = findings
        .iter()
        .filter(|f| f.get("wcag").is_some())
        .collect();
    assert_eq!(own.len(), 1, "only the edited finding has its own criteria");
    assert!(
        findings
            .iter()
            .all(|f| f.get("family").is_none() && f.get("severity").is_none())
    );
    for page in written["pages"].as_array().unwrap() {
        let coded = page["outcomes"].as_str().unwrap();
        assert_eq!(coded.len(), rules.len());
        assert!(coded.bytes().all(|c| b"PFCI-".contains(&c)), "{coded}");
    }
    // One line per finding and per page, each line a JSON value.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "{");
    assert_eq!(lines[1], "  \"schema_version\": \"1.7.0\",");
    let finding_lines = lines
        .iter()
        .filter(|l| l.starts_with("    {\"rule\":"))
        .count();
    assert_eq!(finding_lines, findings.len());
    let page_lines = lines
        .iter()
        .filter(|l| l.starts_with("    {\"site\":") && l.contains("\"outcomes\":\""))
        .count();
    assert_eq!(page_lines, written["pages"].as_array().unwrap().len());
    for line in &lines[2..lines.len() - 1] {
        let entry = line.trim().trim_end_matches(',');
        if entry.starts_with('{') && entry.ends_with('}') {
            serde_json::from_str::<Value>(entry).unwrap();
        }
    }

    // The command line reads it back the same: re-rendered as JSON, the same file.
    let output = run_in(
        &root(),
        &[
            "report",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--out",
            dir.path().join("again").to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let again = std::fs::read_to_string(dir.path().join("again/report.json")).unwrap();
    assert_eq!(again, text);
}

/// The reports of format 1.6 under `fixtures/reports/1.6` (written by the
/// version before 1.7; its README says how).
fn fixture(name: &str) -> String {
    repo(&format!("fixtures/reports/1.6/{name}"))
        .display()
        .to_string()
}

fn json_of(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_1_6_report_loads_diffs_merges_and_is_written_again_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();

    // Loaded: every finding with its rule's fields, every page with its outcomes.
    let a = portal_audit::report::load::load(Path::new(&fixture("a.json"))).unwrap();
    assert_eq!(a.schema_version, "1.6.0");
    assert_eq!(a.findings.len(), 17);
    assert!(a.findings.iter().all(|f| f.family.is_some()));
    let written = json_of(Path::new(&fixture("a.json")));
    for (page, json) in a.pages.iter().zip(written["pages"].as_array().unwrap()) {
        let outcomes = json["outcomes"].as_object().unwrap();
        assert!(!outcomes.is_empty());
        assert_eq!(page.outcomes.len(), outcomes.len());
        for (rule, outcome) in outcomes {
            assert_eq!(outcome, page.outcomes.get(rule).unwrap().id());
        }
    }

    // Merged: the report the 1.6 version merged, in its layout.
    let output = run_in(
        &root(),
        &[
            "merge",
            &fixture("a.json"),
            &fixture("b.json"),
            "--out",
            &out("merged"),
            "--quiet",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let merged = json_of(&dir.path().join("merged/report.json"));
    assert_eq!(merged, json_of(Path::new(&fixture("merged.json"))));

    // Diffed: what the 1.6 version said, as text and as JSON.
    for (args, expected) in [
        (vec![], "diff-a-merged.txt"),
        (vec!["--json"], "diff-a-merged.json"),
    ] {
        let mut all = vec![
            "diff".to_string(),
            fixture("a.json"),
            fixture("merged.json"),
        ];
        all.extend(args.iter().map(|a: &&str| (*a).to_string()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let output = run_in(&root(), &all);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let expected = std::fs::read_to_string(fixture(expected)).unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    }

    // Written again (`report --format json`): the same report, still 1.6.
    let output = run_in(
        &root(),
        &[
            "report",
            &fixture("a.json"),
            "--format",
            "json",
            "--out",
            &out("again"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        json_of(&dir.path().join("again/report.json")),
        json_of(Path::new(&fixture("a.json")))
    );

    // A 1.6 report as a baseline accepts what it holds.
    let output = run_in(
        &root(),
        &[
            "--as-of",
            "2026-11-28",
            "check",
            "fixtures/sites/sample",
            "fixtures/sites/review",
            "--rule",
            "img-alt-missing",
            "--rule",
            "page-title-missing",
            "--baseline",
            &fixture("a.json"),
            "--format",
            "json",
            "--out",
            &out("baselined"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let baselined = json_of(&dir.path().join("baselined/report.json"));
    assert_eq!(baselined["gate"]["baselined"], 2);
    assert_eq!(baselined["gate"]["counted"], 0);
}
