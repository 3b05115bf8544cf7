//! Hardening against hostile sites, files and configurations (issue 22): the
//! address policy (an audited site cannot lead the auditor into the internal
//! network), bounded inputs, the store lock, output that cannot drive a
//! terminal or break an XML parser, `check DIR` staying inside DIR.

use std::path::Path;

use crate::support::cli::{assert_valid_report, run_in};
use crate::support::dns::{Aaaa, dns_server};
use crate::support::server::{Reply, Server, page};

/// Runs `audit` in `dir`; the exit code, the report and stderr.
fn audit(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["--lang", "en", "audit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", "out", "--quiet", "--delay", "0"]);
    let output = run_in(dir, &all);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("out/report.json"))
            .unwrap_or_else(|e| panic!("no report ({e}); stderr: {stderr}")),
    )
    .unwrap();
    assert_valid_report(&report);
    (
        output.status.code().unwrap_or(-1),
        crate::support::cli::restored(report),
        stderr,
    )
}

/// `rule status` of each links finding, sorted.
fn link_findings(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "links")
        .map(|f| {
            format!(
                "{} {} {}",
                f["rule"].as_str().unwrap(),
                f["args"]["target"].as_str().unwrap(),
                f["args"]["status"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

/// A public-looking portal (its name resolved by the test's DNS server to
/// 127.0.0.1) whose page, redirect and robots.txt point into an "internal
/// network" — another server on loopback — in every textual form.
fn hostile_portal(inner: &Server) -> Server {
    let port = inner.port;
    let portal = Server::start(vec![]);
    portal.route(
        "/",
        page(
            "Cổng",
            &format!(
                "<a href=\"http://127.0.0.1:{port}/literal\">a</a>\n\
                 <a href=\"http://[::ffff:127.0.0.1]:{port}/mapped\">b</a>\n\
                 <a href=\"http://2130706433:{port}/decimal\">c</a>\n\
                 <a href=\"http://0177.0.0.1:{port}/octal\">d</a>\n\
                 <a href=\"http://noi-bo.example.test:{port}/rebind\">e</a>\n\
                 <a href=\"/ra-ngoai\">f</a>"
            ),
        ),
    );
    portal.route(
        "/ra-ngoai",
        Reply::Redirect(302, format!("http://[::ffff:127.0.0.1]:{port}/redirected")),
    );
    portal.route(
        "/robots.txt",
        Reply::Raw(
            200,
            vec![("content-type".into(), "text/plain".into())],
            format!("User-agent: *\nAllow: /\nSitemap: http://127.0.0.1:{port}/sitemap.xml\n")
                .into_bytes(),
        ),
    );
    portal
}

fn internal_network() -> Server {
    let ok = || page("Nội bộ", "<p>bí mật</p>");
    Server::start(vec![
        ("/literal", ok()),
        ("/mapped", ok()),
        ("/decimal", ok()),
        ("/octal", ok()),
        ("/rebind", ok()),
        ("/redirected", ok()),
        (
            "/sitemap.xml",
            Reply::Raw(
                200,
                vec![("content-type".into(), "application/xml".into())],
                b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"></urlset>".to_vec(),
            ),
        ),
    ])
}

#[test]
fn a_public_site_cannot_lead_the_auditor_into_the_internal_network() {
    let inner = internal_network();
    let portal = hostile_portal(&inner);
    let dns = dns_server(Aaaa::Absent);
    let dir = tempfile::tempdir().unwrap();
    let start = format!("http://cong.example.test:{}/", portal.port);
    let (code, report, stderr) = audit(
        dir.path(),
        &[&start, "--dns-server", &format!("127.0.0.1:{dns}")],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        portal.hits("/") >= 1,
        "the named site is audited at its loopback address"
    );
    assert_eq!(
        inner.arrivals(),
        vec![],
        "nothing reaches the internal network"
    );
    let p = inner.port;
    let refused = |host: &str, path: &str, address: &str| {
        format!(
            "link-unreachable http://{host}:{p}/{path} {host} is at a non-public address ({address}); only hosts named by the user may be (--allow-private)"
        )
    };
    let mut expected = vec![
        refused("127.0.0.1", "literal", "127.0.0.1"),
        refused("127.0.0.1", "decimal", "127.0.0.1"),
        refused("127.0.0.1", "octal", "127.0.0.1"),
        refused("[::ffff:7f00:1]", "mapped", "::ffff:127.0.0.1"),
        format!(
            "link-unreachable http://noi-bo.example.test:{p}/rebind refused to connect to http://noi-bo.example.test:{p}/rebind: noi-bo.example.test is at a non-public address (127.0.0.1); only hosts named by the user may be (--allow-private)"
        ),
        format!(
            "link-unreachable {start}ra-ngoai refused redirect to http://[::ffff:7f00:1]:{p}/redirected: a public site redirects to a private or loopback address"
        ),
    ];
    expected.sort();
    assert_eq!(link_findings(&report), expected);
    let skipped: Vec<String> = report["crawl"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(skipped, vec!["private_address"; 4]);
}

#[test]
fn allow_private_and_a_site_on_a_private_address_reach_their_own_network() {
    let inner = internal_network();
    let portal = hostile_portal(&inner);
    let dns = dns_server(Aaaa::Absent);
    let dir = tempfile::tempdir().unwrap();
    let start = format!("http://cong.example.test:{}/", portal.port);
    let (_, report, stderr) = audit(
        dir.path(),
        &[
            &start,
            "--dns-server",
            &format!("127.0.0.1:{dns}"),
            "--allow-private",
        ],
    );
    assert_eq!(link_findings(&report), Vec::<String>::new(), "{stderr}");
    for path in [
        "/literal",
        "/mapped",
        "/rebind",
        "/redirected",
        "/sitemap.xml",
    ] {
        assert!(inner.hits(path) >= 1, "{path}");
    }

    // A site configured by its loopback address checks its own network's links.
    let inner = internal_network();
    let portal = hostile_portal(&inner);
    let dir = tempfile::tempdir().unwrap();
    let (_, report, stderr) = audit(dir.path(), &[&portal.url("/")]);
    assert!(
        !link_findings(&report)
            .iter()
            .any(|f| f.contains("non-public") || f.contains("private or loopback")),
        "{stderr}"
    );
    assert!(inner.hits("/literal") >= 1);
    assert!(inner.hits("/redirected") >= 1);
}

#[test]
fn store_names_a_file_that_is_not_a_store_and_it_is_left_alone() {
    let site = Server::start(vec![("/", page("Cổng", "<p>x</p>"))]);
    let dir = tempfile::tempdir().unwrap();
    for name in ["notes.txt", "notes.txt-wal", "notes.txt-shm"] {
        std::fs::write(dir.path().join(name), format!("ghi chú {name}\n")).unwrap();
    }
    let output = run_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "audit",
            &site.url("/"),
            "--store",
            "notes.txt",
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("notes.txt is not a portal-audit store: it is left as it is"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["notes.txt", "notes.txt-wal", "notes.txt-shm"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            format!("ghi chú {name}\n")
        );
    }
    assert_eq!(site.hits("/"), 0, "nothing is fetched");

    // A store of ours, complete, is replaced by a new audit.
    let (code, _, stderr) = audit(dir.path(), &[&site.url("/"), "--store", "audit.sqlite"]);
    assert!(matches!(code, 0 | 1), "{stderr}");
    let (code, _, stderr) = audit(dir.path(), &[&site.url("/"), "--store", "audit.sqlite"]);
    assert!(matches!(code, 0 | 1), "{stderr}");
}

#[test]
fn a_second_run_on_a_store_in_use_stops_at_once() {
    let site = Server::start(vec![("/", page("Cổng", "<p>x</p>"))]);
    let dir = tempfile::tempdir().unwrap();
    // Another run holds the store's lock (this test process stands for it).
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(dir.path().join("audit.sqlite.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    std::fs::write(dir.path().join("audit.sqlite.lock"), "4242").unwrap();
    for resume in [false, true] {
        let mut args = vec![
            "--lang",
            "en",
            "audit",
            "--store",
            "audit.sqlite",
            "--out",
            "out",
            "--quiet",
        ];
        let url = site.url("/");
        if resume {
            args.push("--resume");
        } else {
            args.push(&url);
        }
        let output = run_in(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr).trim(),
            "portal-audit: another run is using this store (pid 4242): audit.sqlite"
        );
    }
    assert_eq!(site.hits("/"), 0);
    drop(lock);
    let (code, _, stderr) = audit(dir.path(), &[&site.url("/"), "--store", "audit.sqlite"]);
    assert!(matches!(code, 0 | 1), "{stderr}");
}

#[test]
fn robots_txt_is_read_up_to_500_kib_and_the_report_says_so() {
    let mut robots = b"User-agent: *\nDisallow: /noi-bo/\n".to_vec();
    while robots.len() < 2 * 1024 * 1024 {
        robots.extend_from_slice(b"Disallow: /mot-duong-dan-rat-dai-lap-lai/\n");
    }
    // Past the cap: ignored, as Google does.
    robots.extend_from_slice(b"Disallow: /cuoi/\n");
    let site = Server::start(vec![
        (
            "/",
            page(
                "Cổng",
                "<a href=\"/noi-bo/a\">a</a>\n<a href=\"/cuoi/b\">b</a>",
            ),
        ),
        ("/cuoi/b", page("Cuối", "<p>x</p>")),
        ("/noi-bo/a", page("Nội bộ", "<p>x</p>")),
        (
            "/robots.txt",
            Reply::Raw(
                200,
                vec![("content-type".into(), "text/plain".into())],
                robots,
            ),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let (_, report, stderr) = audit(dir.path(), &[&site.url("/")]);
    assert_eq!(
        report["crawl"]["sites"][0]["robots"],
        "robots.txt is 500 KiB or more; only its first 500 KiB were read (as Google does)",
        "{stderr}"
    );
    assert_eq!(site.hits("/noi-bo/a"), 0, "the rules read are kept");
    assert_eq!(
        site.hits("/cuoi/b"),
        1,
        "the rules past the cap are ignored"
    );
}

#[test]
fn page_text_cannot_drive_the_terminal_or_break_junit() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31m\u{202E}gpj.exe\u{FFFE}\u{FFFF}\u{1}";
    std::fs::write(
        dir.path().join("trang.html"),
        format!(
            "<!doctype html>\n<html lang=\"vi\">\n<head><title>{evil}</title></head>\n<body>\n\
             <a href=\"#khong-co\">{evil}</a>\n<img src=\"a.png\" id=\"x{evil}\">\n\
             <a href=\"#\">đây</a>\n</body>\n</html>\n"
        ),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "check",
            "trang.html",
            "--format",
            "json,junit,sarif",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}', '\u{202E}', '\u{1}']),
        "{stdout}"
    );
    assert!(
        stdout.contains("\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mU+202Egpj.exe"),
        "{stdout}"
    );
    let junit = std::fs::read_to_string(dir.path().join("out/junit.xml")).unwrap();
    let doc = roxmltree::Document::parse(&junit).expect("junit.xml is well-formed XML 1.0");
    assert!(doc.descendants().any(|n| n.has_tag_name("failure")));
    assert!(junit.contains("gpj.exe\u{FFFD}\u{FFFD}"), "kept, made XML");
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/report.sarif")).unwrap(),
    )
    .expect("SARIF parses");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// `audit --config` with `toml` (in a fresh folder): exit code and stderr.
fn audit_with_config(toml: &str, extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("audit.toml"), toml).unwrap();
    std::fs::write(
        dir.path().join("passwd"),
        "root:x:0:0:root:/root:/bin/bash\n",
    )
    .unwrap();
    let mut args = vec!["--lang", "en", "audit", "--config", "audit.toml", "--quiet"];
    args.extend_from_slice(extra);
    let output = run_in(dir.path(), &args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn config_numbers_are_checked_and_named_and_files_are_read_bounded() {
    let site = "[[site]]\nroot = \"http://127.0.0.1:9/\"\n";
    for (limit, expected) in [
        (
            "delay_secs = 1e308",
            "line 4: limits.delay_secs = 1e308 is not a number of seconds from 0 to 86400",
        ),
        (
            "timeout_secs = nan",
            "line 4: limits.timeout_secs = NaN is not a number of seconds above 0 to 86400",
        ),
        (
            "backoff_secs = -1.0",
            "line 4: limits.backoff_secs = -1.0 is not a number of seconds from 0 to 86400",
        ),
        (
            "connect_timeout_secs = inf",
            "line 4: limits.connect_timeout_secs = inf is not a number of seconds above 0 to 86400",
        ),
        (
            "concurrency = 0",
            "line 4: limits.concurrency = 0 is not between 1 and 1024",
        ),
    ] {
        let (code, stderr) = audit_with_config(&format!("{site}[limits]\n{limit}\n"), &[]);
        assert_eq!(code, 2, "{limit}: {stderr}");
        assert!(stderr.contains(expected), "{limit}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (code, stderr) = audit_with_config(site, &["--delay", "1e308"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("limits.delay_secs"), "{stderr}");

    // A ruleset path at an endless file stops at the size limit.
    let (code, stderr) = audit_with_config(&format!("ruleset = \"/dev/zero\"\n{site}"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("larger than 4096 KiB"), "{stderr}");
    // A ruleset path at a file that is not TOML: the error never quotes it.
    let (code, stderr) = audit_with_config(&format!("ruleset = \"passwd\"\n{site}"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("passwd"), "{stderr}");
    assert!(!stderr.contains("root:x"), "{stderr}");
}

#[test]
fn check_dir_reads_nothing_outside_dir_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let secret = dir.path().join("secret");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(
        secret.join("leak.html"),
        "<!doctype html><html lang=\"vi\"><head><title>KHOA-BI-MAT-123</title></head><body><p>KHOA-BI-MAT-123</p></body></html>",
    )
    .unwrap();
    // White on white, if it were read.
    std::fs::write(
        secret.join("x.css"),
        ".x { color: #999; background-color: #aaa }",
    )
    .unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html>\n<html lang=\"vi\">\n<head><title>Trang chủ</title>\n\
         <link rel=\"stylesheet\" href=\"../secret/x.css\"></head>\n\
         <body>\n<p class=\"x\">Chữ cần đọc được</p>\n</body>\n</html>\n",
    )
    .unwrap();
    // The same sheet inside the folder is read: the rule can see it.
    std::fs::write(
        site.join("in.css"),
        ".x { color: #999; background-color: #aaa }",
    )
    .unwrap();
    std::fs::write(
        site.join("ban.html"),
        "<!doctype html>\n<html lang=\"vi\">\n<head><title>Ban</title>\n\
         <link rel=\"stylesheet\" href=\"in.css\"></head>\n\
         <body>\n<p class=\"x\">Chữ cần đọc được</p>\n</body>\n</html>\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../secret/leak.html", site.join("leak.html")).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--lang",
            "en",
            "check",
            "site",
            "--format",
            "json",
            "--out",
            "out",
            "--rule",
            "contrast-insufficient",
            "--rule",
            "page-title-missing",
        ];
        args.extend_from_slice(extra);
        let output = run_in(dir.path(), &args);
        let text = std::fs::read_to_string(dir.path().join("out/report.json")).unwrap();
        (output, text)
    };
    let (output, text) = run(&[]);
    assert!(matches!(output.status.code(), Some(0 | 1)));
    assert!(
        !text.contains("KHOA-BI-MAT-123"),
        "the outside file's text is not in the report"
    );
    let report: serde_json::Value =
        crate::support::cli::restored(serde_json::from_str(&text).unwrap());
    assert_valid_report(&report);
    let problems: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["input"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            "site/leak.html a symlink leading outside the checked folder: not read (--follow-symlinks to read it)"
        ]
    );
    let contrast_failed = |report: &serde_json::Value, page: &str| {
        report["findings"].as_array().unwrap().iter().any(|f| {
            f["rule"] == "contrast-insufficient"
                && f["outcome"] == "failed"
                && f["url"].as_str().unwrap().ends_with(page)
        })
    };
    assert!(
        contrast_failed(&report, "ban.html"),
        "a sheet inside is read"
    );
    assert!(
        !contrast_failed(&report, "index.html"),
        "../secret/x.css is not read"
    );

    let (_, text) = run(&["--follow-symlinks"]);
    assert!(text.contains("KHOA-BI-MAT-123"), "asked for: read");
    let report: serde_json::Value =
        crate::support::cli::restored(serde_json::from_str(&text).unwrap());
    assert!(
        !contrast_failed(&report, "index.html"),
        "`..` past the folder stays refused"
    );
}

#[test]
fn findings_per_rule_and_page_are_capped_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let images: String = (0..1500)
        .map(|i| format!("<img src=\"a{i}.png\">\n"))
        .collect();
    std::fs::write(
        dir.path().join("trang.html"),
        format!(
            "<!doctype html>\n<html lang=\"vi\">\n<head><title>Ảnh</title></head>\n<body>\n{images}</body>\n</html>\n"
        ),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "check",
            "trang.html",
            "--out",
            "out",
            "--rule",
            "img-alt-missing",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap(),
    );
    assert_valid_report(&report);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1000);
    assert_eq!(findings[999]["line"], 1004, "the first 1000, in page order");
    assert_eq!(
        report["pages"][0]["omitted_findings"],
        serde_json::json!({"img-alt-missing": 500})
    );
    assert_eq!(report["pages"][0]["outcomes"]["img-alt-missing"], "failed");
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("trang.html: img-alt-missing — and 500 more places (counted, not listed")
    );
}

#[test]
fn a_killed_report_writers_temporary_file_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("trang.html"),
        "<!doctype html>\n<html lang=\"vi\">\n<head><title>Trang</title></head>\n<body><p>x</p></body>\n</html>\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A writer killed mid-way (no such process: pids stay below 2^22), one
    // still running (this test), and a file that is not ours.
    let stale = out.join(".report.json.999999999.tmp");
    let running = out.join(format!(".report.json.{}.tmp", std::process::id()));
    let other = out.join(".report.json.notes.tmp");
    for path in [&stale, &running, &other] {
        std::fs::write(path, "{").unwrap();
    }
    let output = run_in(
        dir.path(),
        &["check", "trang.html", "--out", "out", "--format", "json"],
    );
    assert!(matches!(output.status.code(), Some(0 | 1)));
    assert!(!stale.exists());
    assert!(running.exists());
    assert!(other.exists());
}

/// Row 14: a page with 2 MiB attributes gives reports of bounded size (each
/// shown value cut with its full length said, no CSV cell past what a
/// spreadsheet holds), and control characters and bidi overrides in page
/// text are shown visibly in `report.html`, never raw.
#[test]
fn huge_attributes_are_cut_in_every_report_and_controls_are_visible_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "A".repeat(2 * 1024 * 1024);
    std::fs::write(
        dir.path().join("trang.html"),
        format!(
            "<!doctype html>\n<html lang=\"vi\">\n<head><title>Tiêu đề \u{202E}gpj.exe \u{1b}[2J</title></head>\n<body>\n\
             <a href=\"khong-co-{huge}.html\" title=\"{huge}\">{huge}</a>\n\
             <img src=\"a.png\" id=\"i{huge}\" title=\"{huge}\">\n\
             <a href=\"#muc-{huge}\">Mục</a>\n\
             <p>\u{202E}exe.txt \u{1}</p>\n</body>\n</html>\n"
        ),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "check",
            "trang.html",
            "--format",
            "json,html,csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["report.json", "report.html", "findings.csv"] {
        let size = std::fs::metadata(dir.path().join("out").join(name))
            .unwrap()
            .len();
        assert!(size < 1024 * 1024, "{name}: {size} bytes");
    }
    let json = std::fs::read_to_string(dir.path().join("out/report.json")).unwrap();
    // The long values are cut, each with its whole length (2 MiB and a few).
    assert!(
        json.contains("… [2097") && json.contains(" ký tự / characters]"),
        "the full length is said"
    );
    let csv = std::fs::read_to_string(dir.path().join("out/findings.csv")).unwrap();
    let mut reader = ::csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                cell.chars().count() <= 32_767,
                "a cell of {}",
                cell.chars().count()
            );
        }
    }
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(
        !html.contains(['\u{202E}', '\u{1b}', '\u{1}']),
        "no raw control in HTML"
    );
    assert!(html.contains("U+202Egpj.exe"), "the override is shown");
}
