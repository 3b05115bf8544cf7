//! The report streamed from an audit's store (issue #19): its head counted
//! from the store's rows one at a time, its pages and findings read again as
//! each format is written — the same bytes as the report assembled in memory,
//! on the demo province, on pages of the scale benchmark's shape (template
//! defects), on unreachable and capped sites, and under every gate policy.

use std::path::Path;

use portal_audit::audit::{RunKind, load_report, report_of, store_ruleset, streamed_report_of};
use portal_audit::baseline::Baseline;
use portal_audit::finding::{BaselineEntry, FailOn, GateBy};
use portal_audit::gate::Policy;
use portal_audit::report::stream::Body;
use portal_audit::report::{Format, RenderOptions, annotations, sarif, summary};
use portal_audit::ruleset::Lang;
use portal_audit::store::Store;

use crate::support::cli::run_in;

/// The bytes of each streaming format of the report in memory and of the
/// report streamed, under `policy` (the run's own gate when `None`).
fn both(store: &Store, policy: Option<&Policy>) -> Vec<(Format, Vec<u8>, Vec<u8>)> {
    let base = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let ruleset = store_ruleset(store, &base).unwrap();
    let report = report_of(store, &ruleset, policy, RunKind::Audit).unwrap();
    let mut streamed = streamed_report_of(store, &ruleset, policy, RunKind::Audit).unwrap();
    // Made a second apart, at most.
    streamed
        .head
        .run
        .finished_at
        .clone_from(&report.run.finished_at);
    let options = RenderOptions::of(&report);
    let mut out: Vec<(Format, Vec<u8>, Vec<u8>)> = Format::ALL
        .into_iter()
        .filter(|f| f.streams())
        .map(|format| {
            let (mut memory, mut stream) = (Vec::new(), Vec::new());
            format.write(&report, &options, &mut memory).unwrap();
            format
                .write_streamed(&streamed, &options, &mut stream)
                .unwrap();
            (format, memory, stream)
        })
        .collect();
    // The formats that stream, each compared (none silently left out).
    let ids: Vec<&str> = out.iter().map(|(f, _, _)| f.id()).collect();
    assert_eq!(
        ids,
        ["json", "html", "sarif", "junit", "csv", "md", "codequality"]
    );
    // SARIF with the needs-review results, and cut at a few results.
    let review = RenderOptions {
        sarif_review: true,
        ..options
    };
    for limit in [sarif::MAX_RESULTS, 7] {
        let (mut memory, mut stream) = (Vec::new(), Vec::new());
        sarif::write_with_limit(&report, &review, limit, &mut memory).unwrap();
        sarif::write_body_with_limit(Body::Stream(&streamed), &review, limit, &mut stream).unwrap();
        out.push((Format::Sarif, memory, stream));
    }
    // The terminal summary, listing none, a few or many findings, the
    // accepted ones or not, in both languages.
    for (max_findings, list_accepted, lang) in [
        (0, false, Lang::Vi),
        (3, false, Lang::En),
        (3, true, Lang::Vi),
        (50, false, Lang::Vi),
        (100_000, true, Lang::En),
    ] {
        let style = summary::Style {
            color: false,
            max_findings,
            list_accepted,
        };
        let memory = summary::render(&report, lang, style).into_bytes();
        let stream = summary::render_body(Body::Stream(&streamed), lang, style)
            .unwrap()
            .into_bytes();
        out.push((Format::Markdown, memory, stream));
    }
    // GitHub annotations, and the Markdown summary in English.
    let english = RenderOptions {
        lang: Lang::En,
        ..options
    };
    let memory = annotations::render(&report, &english).into_bytes();
    let stream = annotations::render_body(Body::Stream(&streamed), &english)
        .unwrap()
        .into_bytes();
    if memory.is_empty() {
        assert!(stream.is_empty(), "annotations");
    } else {
        out.push((Format::Markdown, memory, stream));
    }
    // Markdown's trend compares every finding: not written streamed.
    let with_previous = RenderOptions {
        previous: Some(&report),
        ..options
    };
    assert!(
        Format::Markdown
            .write_streamed(&streamed, &with_previous, &mut Vec::new())
            .is_err()
    );
    let (mut memory, mut stream) = (Vec::new(), Vec::new());
    Format::Markdown
        .write(&report, &english, &mut memory)
        .unwrap();
    Format::Markdown
        .write_streamed(&streamed, &english, &mut stream)
        .unwrap();
    out.push((Format::Markdown, memory, stream));
    out
}

/// Asserts that the store's report streams byte for byte as it is written
/// in memory, under its own gate and under other policies (a baseline
/// accepting some findings, every occurrence counted, a tolerance).
pub fn assert_streams_identically(path: &Path) {
    let store = Store::open(path).unwrap();
    let report = load_report(path, &portal_audit::ruleset::Ruleset::embedded().unwrap()).unwrap();
    let accepted: Vec<BaselineEntry> = report
        .findings
        .iter()
        .step_by(3)
        .map(BaselineEntry::of)
        .chain(std::iter::once(BaselineEntry {
            site: "gone".into(),
            url: "https://gone.example/".into(),
            rule: "img-alt-missing".into(),
            selector: None,
            fingerprint: "0".repeat(32),
        }))
        .collect();
    let policies = [
        None,
        Some(Policy {
            fail_on: FailOn::Notice,
            max_findings: 3,
            baseline: Some(Baseline::new("accepted.json".into(), accepted, false)),
            gate_by: GateBy::Group,
        }),
        Some(Policy {
            fail_on: FailOn::Warning,
            max_findings: 0,
            baseline: None,
            gate_by: GateBy::Occurrence,
        }),
    ];
    for policy in &policies {
        for (format, memory, stream) in both(&store, policy.as_ref()) {
            assert!(!memory.is_empty());
            if memory != stream {
                let (m, s) = (
                    String::from_utf8_lossy(&memory),
                    String::from_utf8_lossy(&stream),
                );
                let at = m
                    .lines()
                    .zip(s.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{} differs at line {at} ({policy:?}):\nmemory: {}\nstream: {}",
                    format.id(),
                    m.lines().nth(at).unwrap_or(""),
                    s.lines().nth(at).unwrap_or("")
                );
            }
        }
    }
}

/// The demo province (five sites with roles, a provincial profile, review
/// items, template defects): streamed as written in memory; through the
/// command line too, `report <store> --format json,csv,codequality,sarif,md`
/// (streamed) writing the files that, with `xlsx` too, the report in memory
/// writes.
#[test]
fn the_demo_province_streams_byte_for_byte() {
    let servers = portal_audit::demo::DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    let output = run_in(
        path,
        &[
            "audit",
            "--config",
            "demo/audit.toml",
            "--out",
            "out",
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    drop(servers);
    let store = path.join("out/audit.sqlite");
    assert_streams_identically(&store);

    let store = store.to_str().unwrap();
    let rendered = |out: &str, formats: &str| {
        let output = run_in(
            path,
            &[
                "report", store, "--out", out, "--format", formats, "--quiet",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = std::fs::read_to_string(path.join(out).join("report.json")).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        value["run"]["finished_at"] = serde_json::Value::Null;
        (text.len(), value)
    };
    let streaming = "json,csv,codequality,sarif,md";
    let (streamed_len, streamed) = rendered("streamed", streaming);
    let (memory_len, memory) = rendered("memory", &format!("{streaming},xlsx"));
    assert_eq!(streamed_len, memory_len);
    assert_eq!(streamed, memory);
    assert!(path.join("memory/province.xlsx").is_file());
    for file in [
        "findings.csv",
        "province.csv",
        "gl-code-quality-report.json",
        "summary.md",
    ] {
        let read = |out: &str| std::fs::read(path.join(out).join(file)).unwrap();
        assert_eq!(read("streamed"), read("memory"), "{file}");
    }
}

/// What a run printed and wrote into `out`, with what differs between two
/// runs of the same sites aside: the times, the report folder's name, the
/// store's path.
fn outputs(dir: &Path, out: &str, stdout: &[u8]) -> Vec<(String, String)> {
    let clean = |text: String| text.replace(&format!("{out}/"), "OUT/");
    let mut files = vec![(
        "stdout".to_string(),
        clean(String::from_utf8_lossy(stdout).into_owned()),
    )];
    let mut names: Vec<String> = std::fs::read_dir(dir.join(out))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.ends_with(".json")
                || name.ends_with(".md")
                || name.ends_with(".csv")
                || name.ends_with(".sarif")
        })
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(dir.join(out).join(&name)).unwrap();
        let text = if name.ends_with(".json") || name.ends_with(".sarif") {
            let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
            for pointer in ["/run/started_at", "/run/finished_at", "/crawl"] {
                if let Some(v) = value.pointer_mut(pointer) {
                    *v = serde_json::Value::Null;
                }
            }
            if let Some(runs) = value.get_mut("runs").and_then(|r| r.as_array_mut()) {
                for run in runs {
                    run["invocations"] = serde_json::Value::Null;
                }
            }
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            text
        };
        files.push((name, clean(text)));
    }
    files
}

/// Runs the binary in `dir` with `args` twice, `--format` every streaming
/// format (the report streamed from the store) and the same with `xlsx` (the
/// report in memory), with GitHub annotations printed, and asserts both
/// exit 1 and print and write the same ([`outputs`]).
fn assert_same_streamed_or_not(dir: &Path, args: &[&str]) {
    let formats = "json,sarif,csv,md,codequality";
    let run = |out: &str, formats: &str| {
        let mut all = args.to_vec();
        all.extend(["--out", out, "--format", formats]);
        let output = crate::support::cli::run_in_with_env(dir, &all, &[("GITHUB_ACTIONS", "true")]);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        output.stdout
    };
    let streamed = run("streamed", formats);
    let memory = run("memory", &format!("{formats},xlsx"));
    assert!(String::from_utf8_lossy(&streamed).contains("::error "));
    let streamed = outputs(dir, "streamed", &streamed);
    let mut memory = outputs(dir, "memory", &memory);
    // The report written in memory lists its spreadsheet too.
    let xlsx = "Báo cáo: OUT/province.xlsx\n";
    assert!(memory[0].1.contains(xlsx), "{}", memory[0].1);
    memory[0].1 = memory[0].1.replace(xlsx, "");
    let names =
        |files: &[(String, String)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&streamed), names(&memory));
    for ((name, a), (_, b)) in streamed.iter().zip(&memory) {
        assert!(
            a == b,
            "{name} differs:\n--- streamed\n{a}\n--- memory\n{b}"
        );
    }
}

/// `audit` writes the same files and prints the same summary whether its
/// report streams from the store (every format asked streams) or is
/// assembled in memory (`xlsx` asked too), times aside: the demo province
/// audited twice on 127.0.0.1.
#[test]
fn audit_writes_the_same_reports_streamed_or_in_memory() {
    let servers = portal_audit::demo::DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let args = ["audit", "--config", "demo/audit.toml", "--max-listed", "7"];
    assert_same_streamed_or_not(dir.path(), &args);
}

/// `check` likewise, on the sample site with every failure counted.
#[test]
fn check_writes_the_same_reports_streamed_or_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let site = crate::support::cli::repo("fixtures/sites/sample");
    let args = [
        "check",
        site.to_str().unwrap(),
        "--max-listed",
        "5",
        "--fail-on",
        "notice",
    ];
    assert_same_streamed_or_not(dir.path(), &args);
}

// ---- HTML and JUnit streamed (html19) ----

/// `report.html` and `junit.xml` of the store's report streamed, under the
/// options that change what they list — JUnit's skipped cases, English, a
/// previous report (the trend: its findings read into memory), the sites'
/// own files linked — each the same bytes as written in memory.
fn assert_html_and_junit_stream_identically(path: &Path) {
    let store = Store::open(path).unwrap();
    let base = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let ruleset = store_ruleset(&store, &base).unwrap();
    let report = report_of(&store, &ruleset, None, RunKind::Audit).unwrap();
    let mut streamed = streamed_report_of(&store, &ruleset, None, RunKind::Audit).unwrap();
    streamed
        .head
        .run
        .finished_at
        .clone_from(&report.run.finished_at);
    // A previous run that had every other finding.
    let mut previous = report.clone();
    previous.findings = report.findings.iter().step_by(2).cloned().collect();
    let options = RenderOptions::of(&report);
    let variants = [
        RenderOptions {
            junit_skipped: true,
            ..options
        },
        RenderOptions {
            lang: portal_audit::ruleset::Lang::En,
            ..options
        },
        RenderOptions {
            previous: Some(&previous),
            ..options
        },
        RenderOptions {
            split_sites: true,
            ..options
        },
    ];
    for (i, options) in variants.iter().enumerate() {
        for format in [Format::Html, Format::Junit] {
            let (mut memory, mut stream) = (Vec::new(), Vec::new());
            format.write(&report, options, &mut memory).unwrap();
            format
                .write_streamed(&streamed, options, &mut stream)
                .unwrap();
            assert!(!memory.is_empty());
            assert!(
                memory == stream,
                "{} differs with options #{i}",
                format.id()
            );
        }
    }
}

/// The demo province's `report.html` (with each site's own file,
/// `--split-sites`) and `junit.xml`: streamed from the store by
/// `report <store> --format html,junit`, the same files as the report in
/// memory writes (`xlsx` asked too); and under each option of
/// [`assert_html_and_junit_stream_identically`].
#[test]
fn the_demo_provinces_html_and_junit_stream_byte_for_byte() {
    let servers = portal_audit::demo::DemoServers::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    servers.write_config(&dir.path().join("demo")).unwrap();
    let path = dir.path();
    let output = run_in(
        path,
        &[
            "audit",
            "--config",
            "demo/audit.toml",
            "--out",
            "out",
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    drop(servers);
    let store = path.join("out/audit.sqlite");
    assert_html_and_junit_stream_identically(&store);

    let store = store.to_str().unwrap();
    let render = |out: &str, formats: &str| {
        let output = run_in(
            path,
            &[
                "report",
                store,
                "--out",
                out,
                "--format",
                formats,
                "--split-sites",
                "--quiet",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    };
    render("streamed", "html,junit");
    render("memory", "html,junit,xlsx");
    let sites: Vec<String> = std::fs::read_dir(path.join("memory/sites"))
        .unwrap()
        .map(|e| format!("sites/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert!(sites.len() >= 2, "{sites:?}");
    for file in ["report.html", "junit.xml"]
        .into_iter()
        .map(String::from)
        .chain(sites)
    {
        let read = |out: &str| std::fs::read(path.join(out).join(&file)).unwrap();
        // Both written in the same second at most: the date shown is the day.
        assert!(read("streamed") == read("memory"), "{file}");
    }
}
