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
    crate::support::cli::restored(report)
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

/// The demo's configuration cut down to three sites: the portal and two
/// component sites (`vpubnd` and `sotnmt` left out).
fn three_sites(dir: &Path) {
    let file = dir.join("demo/audit.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut kept = String::new();
    for (i, block) in text.split("[[site]]").enumerate() {
        if i > 0 {
            if block.contains("id = \"vpubnd\"") || block.contains("id = \"sotnmt\"") {
                // A dropped block may carry what follows the sites.
                if let Some(at) = block.find("\n[") {
                    kept.push_str(&block[at..]);
                }
                continue;
            }
            kept.push_str("[[site]]");
        }
        kept.push_str(block);
    }
    assert_eq!(kept.matches("[[site]]").count(), 3, "{kept}");
    std::fs::write(&file, kept).unwrap();
}

/// The rules only the portal is judged by (role `portal`).
const PORTAL_ONLY: [&str; 3] = [
    "component-site-unlinked",
    "editorial-email-missing",
    "national-portal-unlinked",
];

/// (site, rule, fingerprint) of every finding on `sites`.
fn findings_on(report: &Value, sites: &[&str]) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| sites.contains(&f["site"].as_str().unwrap()))
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap().to_string();
            (text("site"), text("rule"), text("fingerprint"))
        })
        .collect()
}

#[test]
fn a_selection_without_the_portal_judges_no_site_as_the_portal() {
    let servers = DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    three_sites(path);
    let never = ["--fail-on", "never"];
    run(path, &audit("whole", &never), 0);
    let whole = read(&path.join("whole/report.json"));
    // The portal is judged by its own rules in the whole run…
    let on_portal = findings_on(&whole, &["portal"]);
    assert!(
        on_portal
            .iter()
            .any(|(_, rule, _)| PORTAL_ONLY.contains(&rule.as_str())),
        "{on_portal:?}"
    );
    // …and two component sites without it: the first of them is no portal.
    let mut args = never.to_vec();
    args.extend(["--sites", "binhan,sokhdt"]);
    run(path, &audit("components", &args), 0);
    let components = read(&path.join("components/report.json"));
    let found = findings_on(&components, &["sokhdt", "binhan"]);
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|(_, rule, _)| !PORTAL_ONLY.contains(&rule.as_str())),
        "{found:?}"
    );
    // Exactly what the whole run finds on those two sites.
    assert_eq!(found, findings_on(&whole, &["sokhdt", "binhan"]));
    // And the portal alone completes them: merged, the whole run's findings.
    let mut args = never.to_vec();
    args.extend(["--sites", "portal"]);
    run(path, &audit("portal", &args), 0);
    run(
        path,
        &[
            "merge",
            "components/report.json",
            "portal/report.json",
            "--out",
            "merged",
            "--format",
            "json",
            "--quiet",
        ],
        0,
    );
    let merged = read(&path.join("merged/report.json"));
    assert_eq!(by_fingerprint(&merged), by_fingerprint(&whole));
}

/// Page-load metrics of one measured page whose every run measured `lcp`
/// ms (FCP a third of it, the last change 500 ms later, TBT a tenth, CLS
/// `lcp` / 100 000), on a machine with 1.5 cores idle.
fn metrics(lcp: f64) -> Value {
    let run = serde_json::json!({
        "fcp_ms": (lcp / 3.0).round(), "lcp_ms": lcp, "visual_complete_ms": lcp + 500.0,
        "load_ms": lcp, "longest_task_ms": lcp / 10.0, "tbt_ms": lcp / 10.0, "long_tasks": 1,
        "cls": lcp / 100_000.0, "requests": 3, "transfer_bytes": 2048, "free_cores": 1.5
    });
    serde_json::json!({
        "profile": "mobile-slow-4g", "median": run, "runs": [run],
        "browser": "HeadlessChrome/156.0.8078.114 (chromium-headless-shell)"
    })
}

/// Per-site page-load medians survive `merge` exactly: a site's medians are
/// its pages' (a site is in one shard), and the whole report's are
/// recomputed from every measured page of every shard — not a median of the
/// shards' medians, which would differ here (2 750 ms against 3 000 ms).
/// A site with no measured page says "không đo" in the province table,
/// never 0; the HTML lists the slowest pages by LCP with their numbers.
#[test]
fn merge_keeps_page_load_medians_exact() {
    let servers = DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    // Two shards, each given measured pages as the browser mode records
    // them: in shard 0 three pages of one site (LCP 1, 2 and 9 s: median
    // 2 s), in shard 1 two pages of one site (3 and 4 s: median 3.5 s).
    let lcps: [&[f64]; 2] = [&[1000.0, 2000.0, 9000.0], &[3000.0, 4000.0]];
    let mut measured_sites = Vec::new();
    let mut slowest_url = String::new();
    for (index, lcps) in lcps.iter().enumerate() {
        let out = format!("s{index}");
        let shard = format!("{index}/2");
        run(
            path,
            &audit(&out, &["--shard", &shard, "--fail-on", "never"]),
            0,
        );
        let file = path.join(&out).join("report.json");
        let mut report = read(&file);
        let pages = report["pages"].as_array_mut().unwrap();
        // The shard's site with the most pages.
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for p in pages.iter() {
            *count
                .entry(p["site"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        let site = count.iter().max_by_key(|(_, n)| **n).unwrap().0.clone();
        assert!(count[&site] >= lcps.len(), "{count:?}");
        for (page, &lcp) in pages
            .iter_mut()
            .filter(|p| p["site"] == site.as_str())
            .zip(lcps.iter())
        {
            if lcp == 9000.0 {
                slowest_url = page["url"].as_str().unwrap().to_string();
            }
            let rendered = serde_json::json!({
                "final_url": page["url"], "elements": 10, "outcomes": {}, "metrics": metrics(lcp)
            });
            page["rendered"] = rendered;
        }
        measured_sites.push(site);
        std::fs::write(&file, serde_json::to_vec(&report).unwrap()).unwrap();
    }
    let output = run_in(
        path,
        &[
            "merge",
            "s1/report.json",
            "s0/report.json",
            "--out",
            "merged",
            "--format",
            "json,html,csv,markdown,xlsx",
        ],
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let merged = read(&path.join("merged/report.json"));
    let stats = &merged["statistics"];
    let load_of = |site: &str| {
        stats["province"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["site"] == site)
            .unwrap()["load"]
            .clone()
    };
    assert_eq!(
        load_of(&measured_sites[0]),
        serde_json::json!({"pages": 3, "fcp_ms": 667.0, "lcp_ms": 2000.0,
            "visual_complete_ms": 2500.0, "tbt_ms": 200.0, "cls": 0.02})
    );
    assert_eq!(
        load_of(&measured_sites[1]),
        serde_json::json!({"pages": 2, "fcp_ms": 1167.0, "lcp_ms": 3500.0,
            "visual_complete_ms": 4000.0, "tbt_ms": 350.0, "cls": 0.035})
    );
    // Over all five pages, not (2 000 + 3 500) / 2.
    assert_eq!(stats["load"]["pages"], 5);
    assert_eq!(stats["load"]["lcp_ms"], 3000.0);
    assert_eq!(stats["load"]["tbt_ms"], 300.0);
    // The other sites were not measured: no `load`, never zeros.
    for row in stats["province"].as_array().unwrap() {
        let site = row["site"].as_str().unwrap();
        assert_eq!(
            row.get("load").is_some(),
            measured_sites.iter().any(|s| s == site),
            "{site}"
        );
    }
    // The slowest pages, by LCP, with their numbers.
    let slowest: Vec<f64> = stats["slowest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["median"]["lcp_ms"].as_f64().unwrap())
        .collect();
    assert_eq!(slowest, [9000.0, 4000.0, 3000.0, 2000.0, 1000.0]);
    assert_eq!(stats["slowest"][0]["url"], slowest_url.as_str());
    assert_eq!(stats["slowest"][0]["runs"], 1);

    // The province table in every format: the five medians, "không đo"
    // where nothing was measured.
    let csv = std::fs::read_to_string(path.join("merged/province.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("Nội dung lớn nhất (LCP, giây, trung vị)"),
        "{header}"
    );
    let name_of = |site: &str| {
        merged["sites"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == site)
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let line = |site: &str| {
        let name = name_of(site);
        csv.lines().find(|l| l.contains(&name)).unwrap().to_string()
    };
    assert!(
        line(&measured_sites[0]).contains(",\"0,7\",\"2,0\",\"2,5\",200,\"0,02\","),
        "{}",
        line(&measured_sites[0])
    );
    let unmeasured = stats["province"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["site"].as_str().unwrap().to_string())
        .find(|s| !measured_sites.contains(s))
        .unwrap();
    assert_eq!(line(&unmeasured).matches("không đo").count(), 5);
    let markdown = std::fs::read_to_string(path.join("merged/summary.md")).unwrap();
    assert!(
        markdown.contains("| 0,7 | 2,0 | 2,5 | 200 | 0,02 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| 1,0 | 3,0 | 3,5 | 300 | 0,03 |"),
        "{markdown}"
    );
    assert!(path.join("merged/province.xlsx").is_file());
    // The terminal's province table (`report` on an audit's report.json).
    let output = run_in(
        path,
        &[
            "report",
            "merged/report.json",
            "--out",
            "again",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("LCP, giây, trung vị"), "{stdout}");
    let terminal_row = |site: &str| {
        let name = name_of(site);
        stdout
            .lines()
            .find(|l| l.contains(&name) && !l.contains("http"))
            .unwrap_or_else(|| panic!("no row for {name}: {stdout}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        terminal_row(&measured_sites[1]).contains("1,2 3,5 4,0 350 0,04"),
        "{stdout}"
    );

    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(path.join("merged/report.html")).unwrap(),
    );
    let texts = |css: &str| -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap();
        html.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(
        texts("#province-table tfoot td.load"),
        ["1,0", "3,0", "3,5", "300", "0,03"]
    );
    assert_eq!(texts("#load-slowest tbody tr th")[0], slowest_url);
    assert_eq!(
        texts("#load-slowest tbody tr:first-child td.load"),
        ["3,0", "9,0", "9,5", "900", "0,09", "0,90", "3", "2,0"]
    );
    // The machine's idle cores while each was measured, and which browser
    // measured, so a reader can tell a busy machine's numbers.
    assert_eq!(texts("#load-slowest tbody tr:first-child td.free"), ["1,5"]);
    assert_eq!(
        texts("#load-browsers"),
        ["Trình duyệt đã đo: HeadlessChrome/156.0.8078.114 (chromium-headless-shell)"]
    );
    assert_eq!(texts("#load-sites tbody tr").len(), 5);
}
