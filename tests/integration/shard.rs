//! A national audit split across machines: `audit --shard I/N` audits a
//! fixed share of the configuration's sites, `merge` puts the shards'
//! reports together into the report one run of every site writes. The demo
//! province (five sites on 127.0.0.1 with roles, its own provincial profile,
//! links between the portal and its component sites) is audited once whole
//! and once in three shards, each its own process.

use std::collections::BTreeMap;
use std::path::Path;

use portal_audit::demo::DemoServers;
use serde_json::Value;

use crate::support::cli::{assert_valid_report, run_in};

/// Runs the binary in `dir`, expecting `code`; returns stdout and stderr.
fn run(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    let output = run_in(dir, args);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    (stdout, stderr)
}

fn read(path: &Path) -> Value {
    let report: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_valid_report(&report);
    report
}

/// The audit arguments every run here shares.
fn audit<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "audit",
        "--config",
        "demo/audit.toml",
        "--out",
        out,
        "--format",
        "json",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    args
}

/// Findings by fingerprint.
fn by_fingerprint(report: &Value) -> BTreeMap<String, Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["fingerprint"].as_str().unwrap().to_string(), f.clone()))
        .collect()
}

/// A report without what differs between any two runs (times, the store's path).
fn comparable(mut report: Value) -> Value {
    for key in ["started_at", "finished_at"] {
        report["run"][key] = Value::Null;
    }
    if let Some(crawl) = report.get_mut("crawl") {
        crawl["store"] = Value::Null;
    }
    report
}

#[test]
fn three_shards_merged_equal_one_run_of_every_site() {
    let servers = DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();

    // One run of every site (the demo's seeded defects fail the gate: exit 1).
    run(path, &audit("whole", &[]), 1);
    let whole = read(&path.join("whole/report.json"));

    // Three shards, each its own process, store and report.
    let mut shard_sites: Vec<Vec<String>> = Vec::new();
    for index in 0..3 {
        let out = format!("shard-{index}");
        let shard = format!("{index}/3");
        let output = run_in(path, &audit(&out, &["--shard", &shard]));
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(path.join(&out).join("audit.sqlite").is_file());
        let report = read(&path.join(&out).join("report.json"));
        assert_eq!(report["run"]["selection"]["shard"]["index"], index);
        assert_eq!(report["run"]["selection"]["shard"]["count"], 3);
        let sites: Vec<String> = report["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            report["run"]["selection"]["audited"],
            serde_json::json!(sites)
        );
        shard_sites.push(sites);
    }
    // Every site in exactly one shard, none empty with five sites.
    let mut all: Vec<String> = shard_sites.concat();
    all.sort();
    assert_eq!(all, ["binhan", "portal", "sokhdt", "sotnmt", "vpubnd"]);
    assert!(shard_sites.iter().all(|s| !s.is_empty()), "{shard_sites:?}");
    // The deal is stable: the same shard gets the same sites again.
    let again = run_in(
        path,
        &audit("again-0", &["--shard", "0/3", "--fail-on", "never"]),
    );
    assert_eq!(again.status.code(), Some(0));
    let again = read(&path.join("again-0/report.json"));
    assert_eq!(
        again["run"]["selection"]["audited"],
        serde_json::json!(shard_sites[0])
    );

    // Merged in another order than the shards' (the merge orders them).
    let (stdout, _) = run(
        path,
        &[
            "merge",
            "shard-2/report.json",
            "shard-0/report.json",
            "shard-1/report.json",
            "--out",
            "merged",
            "--format",
            "json",
        ],
        1,
    );
    assert!(stdout.contains("merged/report.json"), "{stdout}");
    let merged = read(&path.join("merged/report.json"));

    // Findings by fingerprint, in the same order.
    assert!(!by_fingerprint(&whole).is_empty());
    assert_eq!(by_fingerprint(&merged), by_fingerprint(&whole));
    assert_eq!(merged["findings"], whole["findings"]);
    // Checklists (the portal's judged against every configured site, also
    // those other shards audited).
    let checklists = |r: &Value| -> Vec<(Value, Value)> {
        r["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].clone(), s["checklist"].clone()))
            .collect()
    };
    assert!(checklists(&whole).iter().any(|(_, c)| !c.is_null()));
    assert_eq!(checklists(&merged), checklists(&whole));
    // Counts, statistics, the gate and everything else.
    for key in [
        "counts",
        "statistics",
        "gate",
        "sites",
        "pages",
        "rules",
        "review",
        "templates",
        "legal_documents",
    ] {
        assert_eq!(merged[key], whole[key], "{key} differs");
    }
    // Known difference (docs/scale.md): a page of another shard's site that
    // only other sites link to is crawled (and its HTTP error listed as a
    // problem) in one run, only link-checked in a shard; and the merged
    // link-status counts add up each shard's, so a URL checked by two shards
    // counts twice. Everything else is the same.
    let problems = |r: &Value| r["problems"].as_array().unwrap().clone();
    assert!(
        problems(&merged)
            .iter()
            .all(|p| problems(&whole).contains(p)),
        "{:?}",
        problems(&merged)
    );
    let mut merged = comparable(merged);
    let mut whole = comparable(whole);
    for report in [&mut merged, &mut whole] {
        report["problems"] = Value::Null;
        report["crawl"]["link_status"] = Value::Null;
    }
    assert_eq!(merged, whole);
}

#[test]
fn merge_refuses_reports_that_are_not_one_audit() {
    let servers = DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    let never = ["--fail-on", "never"];
    run(
        path,
        &audit("s0", &["--shard", "0/2", never[0], never[1]]),
        0,
    );
    run(
        path,
        &audit(
            "s1-other-day",
            &[
                "--shard",
                "1/2",
                never[0],
                never[1],
                "--as-of",
                "2025-01-01",
            ],
        ),
        0,
    );

    // Merges `inputs` in English, expecting the usage error; returns stderr.
    let refused = |inputs: &[&str]| {
        let mut args = vec!["--lang", "en", "merge", "--out", "m"];
        args.extend_from_slice(inputs);
        run(path, &args, 2).1
    };
    // A missing shard: the merge would lack its sites (said in vi by default).
    let (_, stderr) = run(path, &["merge", "s0/report.json", "--out", "m"], 2);
    assert!(stderr.contains("thiếu phần 1/2"), "{stderr}");
    let stderr = refused(&["s0/report.json"]);
    assert!(stderr.contains("shard 1/2 is missing"), "{stderr}");
    // The same shard twice: its sites are in both.
    let stderr = refused(&["s0/report.json", "s0/report.json"]);
    assert!(
        stderr.contains("is in both s0/report.json and s0/report.json"),
        "{stderr}"
    );
    // Another reference date.
    let stderr = refused(&["s0/report.json", "s1-other-day/report.json"]);
    assert!(
        stderr.contains(
            "s1-other-day/report.json cannot be merged with s0/report.json: its reference date (--as-of) is `2025-01-01`, the first report's is `2026-11-28`"
        ),
        "{stderr}"
    );
    assert!(!path.join("m/report.json").exists());
}

#[test]
fn bad_shards_and_unknown_sites_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::write(
        path.join("audit.toml"),
        "[[site]]\nid = \"portal\"\nroot = \"http://127.0.0.1:9/\"\n",
    )
    .unwrap();
    let args = |extra: &[&'static str]| {
        let mut args = vec!["audit", "--config", "audit.toml", "--out", "out"];
        args.extend_from_slice(extra);
        args
    };
    for (shard, vi, en) in [
        (
            "3/3",
            "--shard `3/3`: hãy viết dạng I/N",
            "--shard `3/3`: write it as I/N with 0 ≤ I < N",
        ),
        (
            "1/0",
            "--shard `1/0`: hãy viết dạng I/N",
            "--shard `1/0`: write it as I/N",
        ),
        (
            "x",
            "--shard `x`: hãy viết dạng I/N",
            "--shard `x`: write it as I/N",
        ),
    ] {
        let (_, stderr) = run(path, &args(&["--shard", shard]), 2);
        assert!(stderr.contains(vi), "{stderr}");
        let mut en_args = vec!["--lang", "en"];
        en_args.extend(args(&["--shard", shard]));
        let (_, stderr) = run(path, &en_args, 2);
        assert!(stderr.contains(en), "{stderr}");
    }
    let (_, stderr) = run(path, &args(&["--sites", "portal,sokhdt"]), 2);
    assert!(
        stderr.contains("--sites: tệp cấu hình không có trang `sokhdt`; các trang của nó: portal"),
        "{stderr}"
    );
    // --sites and --shard take a configuration, not a URL.
    let output = run_in(path, &["audit", "http://127.0.0.1:9/", "--shard", "0/2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!path.join("out").exists());
}

#[test]
fn a_shard_without_sites_writes_an_empty_report_that_merges() {
    let servers = DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    // Five sites in six shards: one shard gets none.
    let mut empty = None;
    for index in 0..6 {
        let out = format!("s{index}");
        let shard = format!("{index}/6");
        run(
            path,
            &audit(&out, &["--shard", &shard, "--fail-on", "never"]),
            0,
        );
        let report = read(&path.join(&out).join("report.json"));
        if report["sites"].as_array().unwrap().is_empty() {
            assert_eq!(report["counts"]["pages"], 0);
            assert_eq!(report["gate"]["passed"], true);
            empty = Some(index);
        }
    }
    assert!(empty.is_some());
    let inputs: Vec<String> = (0..6).map(|i| format!("s{i}/report.json")).collect();
    let mut args = vec!["merge", "--out", "merged", "--format", "json", "--quiet"];
    args.extend(inputs.iter().map(String::as_str));
    run(path, &args, 0);
    let merged = read(&path.join("merged/report.json"));
    assert_eq!(merged["sites"].as_array().unwrap().len(), 5);
    assert!(merged["run"].get("selection").is_none());
}

#[test]
fn sites_runs_a_subset_of_the_configuration() {
    let servers = DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    run(
        path,
        &audit("some", &["--sites", "sokhdt,binhan", "--fail-on", "never"]),
        0,
    );
    let report = read(&path.join("some/report.json"));
    let sites: Vec<&str> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    // In the configuration's order, whatever the order given.
    assert_eq!(sites, ["sokhdt", "binhan"]);
    assert!(
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| ["sokhdt", "binhan"].contains(&p["site"].as_str().unwrap()))
    );
    assert_eq!(
        report["run"]["selection"]["audited"],
        serde_json::json!(["sokhdt", "binhan"])
    );
    assert!(report["run"]["selection"].get("shard").is_none());
}
