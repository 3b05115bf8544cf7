//! `audit` against servers the tests start on 127.0.0.1 (one port per host):
//! a fixture province with known link defects, fault cases, and resuming after
//! a real process kill.

mod availability;
mod budget;
mod early_kill;
mod frontier;

use std::path::Path;
use std::time::Duration;

use crate::support::server::{Reply, Server, page};
use crate::support::synthetic;

use crate::support::cli::{assert_valid_report, run_in, run_in_with_env};

/// Runs `audit` in `dir` with `args`; returns the exit code and the report.
fn audit(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    audit_with_env(dir, args, &[])
}

/// [`audit`] with environment variables (the binary's test hooks).
fn audit_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", "out", "--quiet"]);
    let output = run_in_with_env(dir, &all, env);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("out/report.json")).unwrap_or_else(|e| {
            panic!(
                "no report ({e}); stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        }),
    )
    .unwrap();
    assert_valid_report(&report);
    (
        output.status.code().unwrap_or(-1),
        crate::support::cli::restored(report),
    )
}

/// Findings of a family as `rule | page | line | target | outcome`, sorted.
fn findings(report: &serde_json::Value, family: &str) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == family)
        .map(|f| {
            format!(
                "{} | {} | {} | {} | {}",
                f["rule"].as_str().unwrap(),
                f["url"].as_str().unwrap(),
                f["line"],
                f["args"]["target"].as_str().unwrap_or_default(),
                f["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn pages(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

pub(crate) fn problems(report: &serde_json::Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {}",
                p["input"].as_str().unwrap(),
                p["kind"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect()
}

const LIMITS: &str = "[limits]\ndelay_secs = 0\ntimeout_secs = 1\nread_timeout_secs = 1\nretries = 1\nbackoff_secs = 0.05\n";

#[test]
fn a_fixture_province_gives_exactly_the_seeded_link_findings() {
    let external = Server::start(vec![
        ("/bi-chan", Reply::Raw(403, vec![], b"forbidden".to_vec())),
        (
            "/cham",
            Reply::Delay(Duration::from_secs(4), Box::new(page("Chậm", "x"))),
        ),
    ]);
    let a = Server::start(vec![("/", page("Sở A", "<p>Trang chủ sở A</p>"))]);
    let b = Server::start(vec![
        ("/", page("Sở B", "<a href=\"/tin-tuc#muc-2\">Mục 2</a>")),
        ("/tin-tuc", page("Tin tức", "<h2 id=\"muc-2\">Mục 2</h2>")),
    ]);
    let c = Server::start(vec![(
        "/",
        page(
            "UBND huyện C",
            "<img src=\"/anh/khong-co.png\" alt=\"Ảnh\">",
        ),
    )]);
    let portal_body = format!(
        "<a href=\"/gioi-thieu\">Giới thiệu</a>\n\
         <a href=\"/lien-he#ban-do\">Bản đồ</a>\n\
         <a href=\"/lien-he#khong-co\">Mục không có</a>\n\
         <a href=\"/cu\">Trang cũ</a>\n\
         <a href=\"/vong\">Vòng lặp</a>\n\
         <a href=\"/khong-ton-tai\">Không tồn tại</a>\n\
         <a href=\"{a}\">Sở A</a> <a href=\"{b}\">Sở B</a> <a href=\"{c}\">UBND huyện C</a>\n\
         <a href=\"{a_gone}\">Trang đã xoá của sở A</a>\n\
         <a href=\"{blocked}\">Dịch vụ công</a>\n\
         <a href=\"{slow}\">Trang chậm</a>\n\
         <a href=\"/noi-bo/tai-lieu\">Nội bộ</a>\n\
         <a href=\"mailto:banbientap@tinh\">Ban biên tập</a>\n\
         <a href=\"javascript:void(0)\">Xem</a>\n\
         <a href=\"\">Trống</a>",
        a = a.url("/"),
        b = b.url("/"),
        c = c.url("/"),
        a_gone = a.url("/trang-bi-xoa"),
        blocked = external.url("/bi-chan"),
        slow = external.url("/cham"),
    );
    let portal = Server::start(vec![
        ("/", page("Cổng thông tin điện tử tỉnh", &portal_body)),
        (
            "/gioi-thieu",
            page(
                "Giới thiệu",
                "<link rel=\"stylesheet\" href=\"/kieu.css\"><p>Giới thiệu chung</p>",
            ),
        ),
        (
            "/lien-he",
            page(
                "Liên hệ",
                "<link rel=stylesheet href=kieu.css><h2 id=\"ban-do\">Bản đồ</h2>",
            ),
        ),
        (
            "/kieu.css",
            Reply::Raw(200, vec![], b"p { color: #333 }".to_vec()),
        ),
        ("/cu", Reply::Redirect(301, "/moi".into())),
        ("/moi", page("Trang mới", "<p>Mới</p>")),
        ("/vong", Reply::Redirect(302, "/vong-2".into())),
        ("/vong-2", Reply::Redirect(302, "/vong".into())),
        (
            "/chi-co-trong-sitemap",
            page(
                "Chỉ có trong sitemap",
                "<a href=\"/het-han\">Văn bản hết hạn</a>",
            ),
        ),
        ("/noi-bo/tai-lieu", page("Nội bộ", "bí mật")),
        (
            "/khong-ton-tai",
            Reply::Raw(404, vec![], b"not found".to_vec()),
        ),
    ]);
    portal.route(
        "/robots.txt",
        Reply::Raw(
            200,
            vec![],
            format!(
                "User-agent: *\nDisallow: /noi-bo/\nSitemap: {}\n",
                portal.url("/so-do.xml")
            )
            .into_bytes(),
        ),
    );
    portal.route(
        "/so-do.xml",
        Reply::Raw(
            200,
            vec![],
            format!(
                "<?xml version=\"1.0\"?><sitemapindex><sitemap><loc>{}</loc></sitemap></sitemapindex>",
                portal.url("/so-do-1.xml.gz")
            )
            .into_bytes(),
        ),
    );
    let urlset = format!(
        "<?xml version=\"1.0\"?><urlset><url><loc>{}</loc></url></urlset>",
        portal.url("/chi-co-trong-sitemap")
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, urlset.as_bytes()).unwrap();
    portal.route(
        "/so-do-1.xml.gz",
        Reply::Raw(
            200,
            vec![("Content-Type".into(), "application/gzip".into())],
            gz.finish().unwrap(),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"portal\"\nroot = \"{}\"\nrole = \"portal\"\n\n\
         [[site]]\nid = \"so-a\"\nroot = \"{}\"\nrole = \"so-khdt\"\n\n\
         [[site]]\nid = \"so-b\"\nroot = \"{}\"\nrole = \"so-tnmt\"\n\n\
         [[site]]\nid = \"huyen-c\"\nroot = \"{}\"\nrole = \"ubnd-huyen\"\n\n{LIMITS}",
        portal.url("/"),
        a.url("/"),
        b.url("/"),
        c.url("/"),
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    let (code, report) = audit(dir.path(), &["--config", "audit.toml"]);
    assert_eq!(code, 1, "the gate fails on the broken links");
    let p = |path: &str| portal.url(path);
    assert_eq!(pages(&report), {
        let mut v = vec![
            p("/"),
            p("/chi-co-trong-sitemap"),
            p("/moi"),
            p("/gioi-thieu"),
            p("/lien-he"),
            a.url("/"),
            b.url("/"),
            b.url("/tin-tuc"),
            c.url("/"),
        ];
        v.sort();
        v
    });
    let line = 5;
    let f = |rule: &str, page: &str, line: u32, target: &str, outcome: &str| {
        format!("{rule} | {page} | {line} | {target} | {outcome}")
    };
    let mut expected = vec![
        f(
            "link-fragment-missing",
            &p("/"),
            line + 2,
            &p("/lien-he#khong-co"),
            "failed",
        ),
        f(
            "link-redirect-permanent",
            &p("/"),
            line + 3,
            &p("/cu"),
            "failed",
        ),
        f(
            "link-redirect-loop",
            &p("/"),
            line + 4,
            &p("/vong"),
            "failed",
        ),
        f(
            "link-broken",
            &p("/"),
            line + 5,
            &p("/khong-ton-tai"),
            "failed",
        ),
        f(
            "link-broken",
            &p("/"),
            line + 7,
            &a.url("/trang-bi-xoa"),
            "failed",
        ),
        f(
            "link-blocked",
            &p("/"),
            line + 8,
            &external.url("/bi-chan"),
            "cant_tell",
        ),
        f(
            "link-unreachable",
            &p("/"),
            line + 9,
            &external.url("/cham"),
            "failed",
        ),
        f(
            "link-mailto-invalid",
            &p("/"),
            line + 11,
            "mailto:banbientap@tinh",
            "failed",
        ),
        f(
            "link-javascript",
            &p("/"),
            line + 12,
            "javascript:void(0)",
            "failed",
        ),
        f("link-href-empty", &p("/"), line + 13, "", "failed"),
        f(
            "link-broken",
            &p("/chi-co-trong-sitemap"),
            line,
            &p("/het-han"),
            "failed",
        ),
        f(
            "link-broken",
            &c.url("/"),
            line,
            &c.url("/anh/khong-co.png"),
            "failed",
        ),
    ];
    expected.sort();
    assert_eq!(findings(&report, "links"), expected);
    let crawl = &report["crawl"];
    assert_eq!(crawl["complete"], true);
    assert_eq!(crawl["ignore_robots"], false);
    assert_eq!(
        crawl["skipped"],
        serde_json::json!([{
            "url": p("/noi-bo/tai-lieu"),
            "site": "portal",
            "kind": "robots_disallowed",
            // In the audit's language (a key in the store).
            "reason": "robots.txt không cho phép thu thập địa chỉ này"
        }])
    );
    // The store keeps the key; a store of an earlier version kept English
    // text, which a report shows as it is.
    let store = dir.path().join("out/audit.sqlite");
    let conn = rusqlite::Connection::open(&store).unwrap();
    let detail = |conn: &rusqlite::Connection| -> String {
        conn.query_row(
            "SELECT detail FROM urls WHERE url = ?1",
            [p("/noi-bo/tai-lieu")],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(detail(&conn), r#"{"key":"skip-robots"}"#);
    conn.execute(
        "UPDATE urls SET detail = 'robots.txt disallows it' WHERE url = ?1",
        [p("/noi-bo/tai-lieu")],
    )
    .unwrap();
    drop(conn);
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let old = portal_audit::audit::load_report(&store, &ruleset).unwrap();
    assert_eq!(
        old.crawl.as_ref().unwrap().skipped[0].reason,
        "robots.txt disallows it"
    );
    let chains: Vec<String> = crawl["redirects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["url"].as_str().unwrap(),
                r["hops"].as_array().unwrap().len(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        chains,
        vec![
            format!("{} 1 redirect", p("/cu")),
            format!("{} 2 redirect_loop", p("/vong"))
        ]
    );
    let broken: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "link-redirect-loop")
        .collect();
    assert_eq!(
        broken[0]["message"]["en"],
        format!(
            "Link \"Vòng lặp\" to {0} redirects in a loop or too many times (redirect loop: {0} -> {1} -> {0}).",
            p("/vong"),
            p("/vong-2")
        )
    );
    assert_eq!(portal.hits("/noi-bo/tai-lieu"), 0, "robots.txt is obeyed");
    assert_eq!(portal.hits("/khong-ton-tai"), 1, "each URL is fetched once");
    assert_eq!(
        portal.hits("/kieu.css"),
        2,
        "a stylesheet is fetched once for the cascade of both pages, and checked once as a link"
    );
}

#[test]
fn faults_give_a_clear_finding_or_reason_and_the_audit_completes() {
    let bomb = {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &vec![b' '; 8 * 1024 * 1024]).unwrap();
        gz.finish().unwrap()
    };
    let year = chrono::Datelike::year(&chrono::Utc::now());
    // Plain HTTP behind an https:// link: the TLS handshake fails.
    let tls = Server::start(vec![("/tls", page("x", "y"))]);
    let body = "<a href=\"/e500\">500</a>\n\
         <a href=\"/e503\">503</a>\n\
         <a href=\"/e429\">429</a>\n\
         <a href=\"/reset\">reset</a>\n\
         <a href=\"/hang\">hang</a>\n\
         <a href=\"/drip\">drip</a>\n\
         <a href=\"/bomb\">bomb</a>\n\
         <a href=\"/huge\">huge</a>\n\
         <a href=\"/wrong-type\">wrong type</a>\n\
         <a href=\"/to-file\">file</a>\n\
         <a href=\"/r0\">redirects</a>\n"
        .to_string()
        + &format!("<a href=\"https://127.0.0.1:{}/tls\">tls</a>\n", tls.port)
        + &format!("<a href=\"/lich?year={year}\">lịch</a>");
    let server = Server::start(vec![
        ("/", page("Trang chủ", &body)),
        ("/e500", Reply::Raw(500, vec![], b"oops".to_vec())),
        (
            "/e503",
            Reply::Seq(vec![
                Reply::Raw(503, vec![("Retry-After".into(), "1".into())], vec![]),
                page("Đã hồi phục", "<p>ok</p>"),
            ]),
        ),
        (
            "/e429",
            Reply::Raw(429, vec![("Retry-After".into(), "0".into())], vec![]),
        ),
        ("/reset", Reply::Reset),
        ("/hang", Reply::Hang),
        ("/drip", Reply::Drip(100, Duration::from_millis(400))),
        (
            "/bomb",
            Reply::Raw(
                200,
                vec![
                    ("Content-Type".into(), "text/html".into()),
                    ("Content-Encoding".into(), "gzip".into()),
                ],
                bomb,
            ),
        ),
        (
            "/huge",
            Reply::Raw(
                200,
                vec![
                    ("Content-Type".into(), "text/html".into()),
                    ("Content-Length".into(), "2147483648".into()),
                ],
                b"<html>".to_vec(),
            ),
        ),
        (
            "/wrong-type",
            Reply::Raw(
                200,
                vec![("Content-Type".into(), "application/octet-stream".into())],
                b"<!doctype html><html lang=vi><title>x</title></html>".to_vec(),
            ),
        ),
        (
            "/to-file",
            Reply::Redirect(302, "file:///etc/passwd".into()),
        ),
    ]);
    for i in 0..12 {
        server.route(
            &format!("/r{i}"),
            Reply::Redirect(307, format!("/r{}", i + 1)),
        );
    }
    for y in year - 4..=year + 4 {
        server.route(
            &format!("/lich?year={y}"),
            page(
                &format!("Lịch {y}"),
                &format!(
                    "<a href=\"/lich?year={}\">trước</a> <a href=\"/lich?year={}\">sau</a>",
                    y - 1,
                    y + 1
                ),
            ),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        format!(
            "[[site]]\nid = \"f\"\nroot = \"{}\"\n\n{LIMITS}max_page_bytes = 1048576\n",
            server.url("/")
        ),
    )
    .unwrap();
    // In English: the problems' texts are compared (Vietnamese is the
    // default; other tests check it).
    let (code, report) = audit(dir.path(), &["--config", "audit.toml", "--lang", "en"]);
    assert_eq!(code, 1);
    let u = |path: &str| server.url(path);
    let mut expected_problems = vec![
        format!("{} | http | HTTP 500", u("/e500")),
        format!("{} | http | HTTP 429", u("/e429")),
        format!(
            "{} | too_large | body larger than 1048576 bytes",
            u("/bomb")
        ),
        format!(
            "{} | too_large | body larger than 1048576 bytes",
            u("/huge")
        ),
        format!(
            "{} | content_type | served as `application/octet-stream` but the body is HTML; not audited as a page",
            u("/wrong-type")
        ),
        format!(
            "{} | fetch | refused redirect to file:///etc/passwd: scheme `file` is not http or https",
            u("/to-file")
        ),
        format!("{} | fetch | timed out after 1 s", u("/hang")),
        format!("{} | fetch | more than 10 redirects", u("/r0")),
        format!("{} | fetch | timed out after 1 s", u("/drip")),
    ];
    let mut got_problems: Vec<String> = problems(&report)
        .into_iter()
        .map(|p| {
            // The reset message carries the OS's wording: keep its kind only.
            if p.starts_with(&u("/reset")) {
                let kind = p.split(" | ").nth(1).unwrap().to_string();
                let message = p.split(" | ").nth(2).unwrap().to_string();
                assert!(message.starts_with("connection reset: "), "{message}");
                format!("{} | {kind} | connection reset", u("/reset"))
            } else {
                p
            }
        })
        .collect();
    expected_problems.push(format!("{} | fetch | connection reset", u("/reset")));
    expected_problems.sort();
    got_problems.sort();
    assert_eq!(got_problems, expected_problems);
    assert_eq!(server.hits("/e503"), 2, "503 with Retry-After is retried");
    assert_eq!(server.hits("/e500"), 2, "500 is retried once");
    let got = pages(&report);
    assert!(got.contains(&u("/e503")), "{got:?}");
    let calendar: Vec<String> = (year - 2..=year + 2)
        .map(|y| u(&format!("/lich?year={y}")))
        .collect();
    for c in &calendar {
        assert!(got.contains(c), "{c} in {got:?}");
    }
    assert_eq!(got.len(), 2 + calendar.len());
    let skipped: Vec<String> = report["crawl"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s["url"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            format!(
                "{} trap crawl trap: calendar page for year {}, more than 2 years from now",
                u(&format!("/lich?year={}", year - 3)),
                year - 3
            ),
            format!(
                "{} trap crawl trap: calendar page for year {}, more than 2 years from now",
                u(&format!("/lich?year={}", year + 3)),
                year + 3
            ),
        ]
    );
    let mut link_findings: Vec<String> = findings(&report, "links")
        .into_iter()
        .map(|f| f.split(" | ").map(str::to_string).collect::<Vec<_>>())
        .map(|f| format!("{} {} {}", f[0], f[3], f[4]))
        .collect();
    link_findings.sort();
    assert_eq!(
        link_findings,
        vec![
            format!("link-blocked {} cant_tell", u("/e429")),
            format!("link-broken {} failed", u("/e500")),
            format!("link-redirect-loop {} failed", u("/r0")),
            format!("link-tls-invalid https://127.0.0.1:{}/tls failed", tls.port),
            format!("link-unreachable {} failed", u("/drip")),
            format!("link-unreachable {} failed", u("/hang")),
            format!("link-unreachable {} failed", u("/reset")),
            format!("link-unreachable {} failed", u("/to-file")),
        ]
    );
}

#[test]
fn a_page_whose_analysis_crashes_is_a_problem_and_the_audit_goes_on() {
    // The test hook makes the analysis of /trang-2 panic (no real page is
    // known to crash a parser): the page is reported, nothing else is lost.
    let n = 5;
    let server = chain_site(n, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        format!(
            "[[site]]\nid = \"s\"\nroot = \"{}\"\n\n{LIMITS}",
            server.url("/")
        ),
    )
    .unwrap();
    let (code, report) = audit_with_env(
        dir.path(),
        &["--config", "audit.toml"],
        &[("PORTAL_AUDIT_TEST_PANIC_URL", "/trang-2")],
    );
    assert_eq!(code, 1);
    let u = |path: &str| server.url(path);
    // /trang-4 is still reached through /trang-3 (each page links to the next two).
    assert_eq!(
        pages(&report),
        vec![u("/"), u("/trang-1"), u("/trang-3"), u("/trang-4")]
    );
    assert_eq!(
        problems(&report)
            .into_iter()
            .filter(|p| p.contains("page_not_analysed"))
            .collect::<Vec<_>>(),
        vec![format!(
            "{} | page_not_analysed | trang đã tải được nhưng việc phân tích bị lỗi; các quy tắc và liên kết của trang không được kiểm tra",
            u("/trang-2")
        )]
    );
    // Every other page's findings are there: one image without alt each.
    let images = crate::support::cli::all_findings(&report)
        .iter()
        .filter(|f| f["rule"] == "img-alt-missing")
        .count();
    assert_eq!(images, 4);
}

#[test]
fn a_store_that_fills_up_during_the_crawl_stops_the_audit_with_its_own_error() {
    // The test hook lets the store grow by 3 database pages only (48 KB in
    // the 16 KB pages of layout 5: room for some of the 30 pages, not all),
    // so the crawl's writes then fail as on a full disk.
    // Pages served 100 ms apart arrive in several batches: the first ones fit
    // whatever a page's findings weigh (each cites its legal bases in full).
    let server = chain_site(30, Duration::from_millis(100));
    let dir = tempfile::tempdir().unwrap();
    let output = run_in_with_env(
        dir.path(),
        &[
            "audit",
            &server.url("/"),
            "--delay",
            "0",
            "--out",
            "out",
            "--quiet",
            "--lang",
            "en",
        ],
        &[("PORTAL_AUDIT_TEST_STORE_FULL_AFTER_PAGES", "3")],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("portal-audit: store out/audit.sqlite: database or disk is full"),
        "{stderr}"
    );
    assert!(stderr.contains("Check the disk space"), "{stderr}");
    // Not taken for a stop by the user.
    assert!(!stderr.contains("Stopped"), "{stderr}");
    assert!(!dir.path().join("out/report.json").exists());
    // It failed part-way: the pages recorded before are kept (for --resume).
    let kept = wait_for_pages(&dir.path().join("out/audit.sqlite"), 1);
    assert!((1..30).contains(&kept), "{kept} pages kept");
}

/// A site of `n` pages in a chain (each links to the next two), each with a
/// broken link and an image without alt, served slowly enough to be killed.
pub(crate) fn chain_site(n: usize, delay: Duration) -> Server {
    let server = Server::start(vec![]);
    for i in 0..n {
        let path = if i == 0 {
            "/".to_string()
        } else {
            format!("/trang-{i}")
        };
        let body = format!(
            "<a href=\"/trang-{}\">Tiếp</a>\n<a href=\"/trang-{}\">Sau nữa</a>\n<a href=\"/mat-{i}\">Mất</a>\n<img src=\"/anh.png\">",
            i + 1,
            i + 2
        );
        server.route(
            &path,
            Reply::Delay(delay, Box::new(page(&format!("Trang {i}"), &body))),
        );
    }
    server.route("/anh.png", Reply::Raw(200, vec![], b"png".to_vec()));
    server
}

/// Runs the binary with `args` in `dir`, sends it Ctrl-C (SIGINT) once its
/// store (`store`, relative to `dir`) holds 3 pages, and returns its output.
pub(crate) fn interrupted_audit(dir: &Path, args: &[&str], store: &str) -> std::process::Output {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_portal-audit"))
        .args(args)
        .current_dir(dir)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(wait_for_pages(&dir.join(store), 3) >= 3);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait_with_output().unwrap()
}

/// Waits (at most 30 s) until the audit's store holds `min` pages; returns how many it holds.
fn wait_for_pages(store: &Path, min: usize) -> usize {
    let started = std::time::Instant::now();
    let mut pages = 0;
    while pages < min && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
        pages = rusqlite::Connection::open_with_flags(
            store,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .and_then(|c| c.query_row("SELECT count(*) FROM pages", [], |r| r.get(0)))
        .unwrap_or(0);
    }
    pages
}

fn finding_keys(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f["rule"], f["url"], f["selector"], f["line"], f["fingerprint"]
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn an_audit_killed_part_way_resumes_to_the_same_findings() {
    let n = 40;
    let server = chain_site(n, Duration::from_millis(60));
    let config = format!(
        "[[site]]\nid = \"s\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\nconcurrency = 2\nper_host = 2\nmax_depth = 100\n",
        server.url("/")
    );
    let whole = tempfile::tempdir().unwrap();
    std::fs::write(whole.path().join("audit.toml"), &config).unwrap();
    let (code, expected) = audit(whole.path(), &["--config", "audit.toml"]);
    assert_eq!(code, 1);
    assert_eq!(expected["pages"].as_array().unwrap().len(), n);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("audit.toml"), &config).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_portal-audit"))
        .args(["audit", "--config", "audit.toml", "--out", "out", "--quiet"])
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    let store = dir.path().join("out/audit.sqlite");
    let done_at_kill = wait_for_pages(&store, 8);
    child.kill().unwrap(); // SIGKILL: no chance to flush anything
    let status = child.wait().unwrap();
    assert!(!status.success(), "the audit was killed");
    assert!(
        (8..n).contains(&done_at_kill),
        "killed part-way ({done_at_kill} of {n} pages)"
    );
    assert!(!dir.path().join("out/report.json").exists());

    let (code, resumed) = audit(dir.path(), &["--resume"]);
    assert_eq!(code, 1);
    assert_eq!(resumed["crawl"]["resumed"], 1);
    assert_eq!(resumed["crawl"]["complete"], true);
    assert_eq!(pages(&resumed), pages(&expected));
    // The page list itself is in URL order, whatever order either run
    // recorded the pages in: the two reports list them identically.
    let listed = |report: &serde_json::Value| -> Vec<String> {
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["url"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(listed(&resumed), pages(&resumed));
    assert_eq!(listed(&resumed), listed(&expected));
    assert_eq!(finding_keys(&resumed), finding_keys(&expected));
    let seeded = crate::support::cli::all_findings(&resumed)
        .iter()
        .filter(|f| f["rule"] == "img-alt-missing" || f["family"] == "links")
        .count();
    assert_eq!(
        seeded,
        2 * n + 3,
        "one broken link and one image without alt per page, and the last two pages link past the end three times"
    );
}

#[test]
fn check_on_a_folder_checks_links_between_local_files_and_fragments() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("tin-tuc")).unwrap();
    let html = |title: &str, body: &str| {
        format!(
            "<!doctype html>\n<html lang=\"vi\">\n<head><title>{title}</title></head>\n<body>\n{body}\n</body>\n</html>\n"
        )
    };
    std::fs::write(
        site.join("index.html"),
        html(
            "Trang chủ",
            "<a href=\"gioi-thieu.html#lich-su\">Lịch sử</a>\n\
             <a href=\"gioi-thieu.html#khong-co\">Không có</a>\n\
             <a href=\"/tin-tuc/\">Tin tức</a>\n\
             <a href=\"da-xoa.html\">Đã xoá</a>\n\
             <a href=\"#dau-trang\">Đầu trang</a>\n\
             <a href=\"https://example.gov.vn/\">Ngoài</a>\n\
             <img src=\"anh/thieu.png\" alt=\"Ảnh\"><span id=\"dau-trang\"></span>",
        ),
    )
    .unwrap();
    std::fs::write(
        site.join("gioi-thieu.html"),
        html("Giới thiệu", "<h2 id=\"lich-su\">Lịch sử</h2>"),
    )
    .unwrap();
    std::fs::write(
        site.join("tin-tuc/index.html"),
        html(
            "Tin tức",
            "<a href=\"../index.html#muc-moi\">Về trang chủ</a>",
        ),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &[
            "check",
            "site",
            "--out",
            "out",
            "--quiet",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap(),
    );
    assert_valid_report(&report);
    assert_eq!(
        findings(&report, "links"),
        vec![
            "link-broken | site/index.html | 11 | site/anh/thieu.png | failed".to_string(),
            "link-broken | site/index.html | 8 | site/da-xoa.html | failed".to_string(),
            "link-fragment-missing | site/index.html | 6 | site/gioi-thieu.html#khong-co | failed"
                .to_string(),
            "link-fragment-missing | site/tin-tuc/index.html | 5 | site/index.html#muc-moi | failed"
                .to_string(),
        ]
    );
    assert_eq!(report["sites"][0]["outcomes"]["link-broken"], "failed");
    assert_eq!(report["sites"][0]["outcomes"]["link-javascript"], "passed");
}

#[test]
fn without_config_component_sites_under_the_portal_domain_are_discovered() {
    let other = Server::start(vec![("/", page("Báo ngoài", "<p>x</p>"))]);
    let sxd = Server::start(vec![
        (
            "/",
            page("Sở Xây dựng", "<a href=\"/quy-hoach\">Quy hoạch</a>"),
        ),
        ("/quy-hoach", page("Quy hoạch", "<p>y</p>")),
    ]);
    let portal = Server::start(vec![]);
    let host = |name: &str, server: &Server| format!("http://{name}.tinh.test:{}/", server.port);
    portal.route(
        "/",
        page(
            "Cổng",
            &format!(
                "<a href=\"{}\">Sở Xây dựng</a>\n<a href=\"{}\">Báo</a>\n<a href=\"/ra-noi-bo\">Nội bộ</a>",
                host("sxd", &sxd),
                other.url("/"),
            ),
        ),
    );
    portal.route(
        "/ra-noi-bo",
        Reply::Redirect(302, format!("{}bi-mat", other.url("/"))),
    );
    let dir = tempfile::tempdir().unwrap();
    let start = host("portal", &portal);
    let (code, report) = audit(
        dir.path(),
        &[
            &start,
            "--resolve",
            "portal.tinh.test=127.0.0.1",
            "--resolve",
            "sxd.tinh.test=127.0.0.1",
            "--delay",
            "0",
        ],
    );
    assert_eq!(code, 1);
    let sites: Vec<String> = report["crawl"]["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s["id"].as_str().unwrap(),
                s["discovered"],
                s["pages"]
            )
        })
        .collect();
    assert_eq!(
        sites,
        vec![
            format!("portal.tinh.test:{} false 1", portal.port),
            format!("sxd.tinh.test:{} true 2", sxd.port),
        ]
    );
    // The other "host" is the loopback address itself, which a site named by
    // a host name may not lead to (crawl::address): a finding, no request.
    assert_eq!(
        other.hits("/"),
        0,
        "an internal address is never connected to"
    );
    let unsafe_redirect: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "links")
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["args"]["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        unsafe_redirect,
        vec![
            format!(
                "link-unreachable 127.0.0.1 is at a non-public address (127.0.0.1); only hosts named by the user may be (--allow-private)"
            ),
            format!(
                "link-unreachable refused redirect to {}bi-mat: a public site redirects to a private or loopback address",
                other.url("/")
            )
        ]
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_says_how_to_resume() {
    let n = 30;
    let server = chain_site(n, Duration::from_millis(80));
    let dir = tempfile::tempdir().unwrap();
    let output = interrupted_audit(
        dir.path(),
        &[
            "--lang",
            "en",
            "audit",
            &server.url("/"),
            "--out",
            "out",
            "--quiet",
            "--delay",
            "0",
            "--depth",
            "100",
        ],
        "out/audit.sqlite",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("continue with: portal-audit audit --resume --store out/audit.sqlite"),
        "{stderr}"
    );
    let partial: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap(),
    );
    assert_valid_report(&partial);
    assert_eq!(partial["crawl"]["complete"], false);
    assert!(partial["pages"].as_array().unwrap().len() < n);
    let again = run_in(dir.path(), &["audit", &server.url("/"), "--out", "out"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an unfinished store is not overwritten"
    );
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("chứa một lần kiểm tra chưa xong: chạy tiếp bằng --resume")
    );
    let (code, done) = audit(dir.path(), &["--resume"]);
    assert_eq!(code, 1);
    assert_eq!(done["crawl"]["complete"], true);
    assert_eq!(done["pages"].as_array().unwrap().len(), n);
}

#[test]
fn crawl_delay_and_per_host_limits_are_honoured() {
    // Asserted on what the server saw (how many requests it was answering at
    // once, and in which order they came), never on durations: a busy CI
    // machine stretches time, not these counts.
    let run = |server: &Server, args: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec![server.url("/")];
        all.extend(args.iter().map(|a| (*a).to_string()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        audit(dir.path(), &all).1
    };
    // Crawl-delay 0.3 s, four requests allowed at once, pages answer at once:
    // robots.txt is asked first, the delay is kept in the report, and the
    // requests still come one after the other, never two at once.
    let server = chain_site(6, Duration::ZERO);
    server.route(
        "/robots.txt",
        Reply::Raw(200, vec![], b"User-agent: *\nCrawl-delay: 0.3\n".to_vec()),
    );
    let report = run(&server, &["--delay", "0", "--per-host", "4"]);
    assert_eq!(report["crawl"]["sites"][0]["crawl_delay_secs"], 0.3);
    assert_eq!(server.arrivals()[0].1, "/robots.txt");
    assert_eq!(pages(&report).len(), 6);
    assert_eq!(server.max_at_once(), 1);

    // No delay, pages take 200 ms, eight requests allowed in all: one per
    // host means one at a time; two per host means two at once, never more.
    for per_host in [1usize, 2] {
        let server = chain_site(6, Duration::from_millis(200));
        server.route("/robots.txt", Reply::Raw(404, vec![], vec![]));
        let report = run(
            &server,
            &[
                "--delay",
                "0",
                "--per-host",
                &per_host.to_string(),
                "--concurrency",
                "8",
            ],
        );
        assert_eq!(pages(&report).len(), 6);
        assert_eq!(server.max_at_once(), per_host, "per host {per_host}");
        // Breadth first: a page is asked for only after the page linking to it.
        let order: Vec<String> = server.arrivals().into_iter().map(|(_, p)| p).collect();
        let at = |p: &str| order.iter().position(|o| o == p).unwrap();
        for i in 1..6 {
            // trang-i is first linked from trang-(i-2) (the root for 1 and 2).
            let parent = if i <= 2 {
                "/".to_string()
            } else {
                format!("/trang-{}", i - 2)
            };
            assert!(at(&parent) < at(&format!("/trang-{i}")), "{order:?}");
        }
    }
}

#[test]
fn the_page_limit_counts_distinct_pages_and_further_links_are_only_checked() {
    let server = chain_site(10, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = audit(
        dir.path(),
        &[
            &server.url("/"),
            "--delay",
            "0",
            "--max-pages",
            "5",
            "--depth",
            "100",
        ],
    );
    let u = |p: &str| server.url(p);
    // Breadth-first: `/` queues trang-1, trang-2 and its broken mat-0, which
    // fails and so gives its page slot back; trang-1 and trang-2 queue
    // trang-3 and trang-4: the limit counts pages audited, each once however
    // often it is linked.
    assert_eq!(
        pages(&report),
        vec![
            u("/"),
            u("/trang-1"),
            u("/trang-2"),
            u("/trang-3"),
            u("/trang-4")
        ]
    );
    assert_eq!(server.hits("/trang-5"), 1, "checked once, not crawled");
    assert_eq!(server.hits("/trang-6"), 1, "checked once, not crawled");
    assert_eq!(
        server.hits("/trang-7"),
        0,
        "never linked from an audited page"
    );
    // Problems are written in the run's language (Vietnamese by default):
    // the broken pages fetched as pages, mat-0 first among them.
    let problems = problems(&report);
    assert!(
        problems.contains(&format!("{} | http | máy chủ trả về HTTP 404", u("/mat-0"))),
        "{problems:?}"
    );
    for p in &problems {
        assert!(
            p.contains("/mat-") && p.ends_with("| http | máy chủ trả về HTTP 404"),
            "{p}"
        );
    }
}

/// The scale target: a synthetic portal (2 000 pages by default, `SYNTH_PAGES`
/// to change) where the audit must find every seeded broken link and missing
/// fragment and nothing else. Prints pages per second and, when
/// `/usr/bin/time` exists, the audit's peak memory. Not part of `cargo test`:
/// `cargo test --release --test integration synthetic -- --ignored --nocapture`.
#[test]
#[ignore = "a scale benchmark: run it on purpose"]
fn synthetic_portal_finds_every_seeded_defect_and_nothing_else() {
    let n: usize = std::env::var("SYNTH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let server = synthetic::serve(n);
    let dir = tempfile::tempdir().unwrap();
    let time = Path::new("/usr/bin/time");
    let bin = env!("CARGO_BIN_EXE_portal-audit");
    let mut command = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-v").arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    let pages_arg = (2 * n).to_string();
    command
        .args([
            "audit",
            &server.url("/"),
            "--out",
            "out",
            "--quiet",
            "--delay",
            "0",
            "--depth",
            "100",
            "--max-pages",
            &pages_arg,
            "--per-host",
            "8",
        ])
        .current_dir(dir.path());
    let started = std::time::Instant::now();
    let output = command.output().unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap(),
    );
    let audited = report["pages"].as_array().unwrap().len();
    let mut expected: Vec<String> = Vec::new();
    // Page 0 is served at `/` and at `/p/0`: its defects are found on both.
    let sources = (0..n)
        .map(|i| (i, server.url(&format!("/p/{i}"))))
        .chain([(0, server.url("/"))]);
    for (i, source) in sources {
        if i.is_multiple_of(7) {
            expected.push(format!(
                "link-broken {source} {}",
                server.url(&format!("/mat/{i}"))
            ));
        }
        if i.is_multiple_of(11) {
            expected.push(format!(
                "link-fragment-missing {source} {}#khong-{i}",
                server.url(&format!("/p/{}", (i + 1) % n))
            ));
        }
    }
    expected.sort();
    let mut got: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "links")
        .map(|f| {
            format!(
                "{} {} {}",
                f["rule"].as_str().unwrap(),
                f["url"].as_str().unwrap(),
                f["args"]["target"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    let measure = |name: &str| {
        stderr
            .lines()
            .find(|l| l.contains(name))
            .map_or_else(|| format!("{name}: unknown"), |l| l.trim().to_string())
    };
    let peak = format!(
        "{}; {}; {}",
        measure("Maximum resident set size"),
        measure("User time"),
        measure("System time")
    );
    let store_bytes = std::fs::metadata(dir.path().join("out/audit.sqlite")).map_or(0, |m| m.len());
    println!(
        "{audited} pages (+ the root's duplicate) in {:.1} s: {:.0} pages/s; {peak}; {} links; store {} MB",
        elapsed.as_secs_f64(),
        audited as f64 / elapsed.as_secs_f64(),
        report["crawl"]["links"],
        store_bytes / 1_000_000
    );
    assert_eq!(audited, n + 1, "every page, and `/` besides /p/0");
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
}

#[test]
fn an_unreachable_portal_or_a_bad_config_gives_the_documented_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let refused = Server::start(vec![]);
    let port = refused.port;
    drop(refused); // nothing listens on the port any more
    std::thread::sleep(Duration::from_millis(100));
    let output = run_in(
        dir.path(),
        &[
            "audit",
            &format!("http://127.0.0.1:{port}/"),
            "--out",
            "out",
            "--quiet",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("không kiểm tra được đầu vào nào"),
        "{stderr}"
    );
    // The problem in the default language, with the network library's detail.
    assert!(stderr.contains("máy chủ từ chối kết nối"), "{stderr}");

    std::fs::write(
        dir.path().join("audit.toml"),
        "[[site]]\nroot = \"https://a.gov.vn/\"\n\n[limits]\npages = 3\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["audit", "--config", "audit.toml"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("tệp cấu hình audit.toml: dòng 5: unknown field `pages`"),
        "{stderr}"
    );
    let output = run_in(dir.path(), &["audit"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn exclusions_head_fallback_and_external_checking_follow_the_options() {
    let external = Server::start(vec![
        ("/khong-head", Reply::NoHead(Box::new(page("x", "y")))),
        ("/mat", Reply::Raw(404, vec![], vec![])),
        ("/trang", page("Ngoài", "<h2 id=\"co\">Có</h2>")),
    ]);
    let server = Server::start(vec![(
        "/",
        page(
            "Trang chủ",
            &format!(
                "<a href=\"/dang-nhap?next=1\">Đăng nhập</a>\n<a href=\"/tin-tuc\">Tin</a>\n\
                 <a href=\"{}\">Không nhận HEAD</a>\n<a href=\"{}\">Mất</a>\n\
                 <a href=\"{trang}#co\">Có</a> <a href=\"{trang}#khong\">Không</a>",
                external.url("/khong-head"),
                external.url("/mat"),
                trang = external.url("/trang"),
            ),
        ),
    )]);
    server.route("/tin-tuc", page("Tin", "<p>t</p>"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        format!(
            "[[site]]\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\n\n[crawl]\nexclude = [\"/dang-nhap\"]\n",
            server.url("/")
        ),
    )
    .unwrap();
    let (_, report) = audit(dir.path(), &["--config", "audit.toml"]);
    assert_eq!(server.hits("/dang-nhap"), 0);
    assert_eq!(
        report["crawl"]["skipped"],
        serde_json::json!([{
            "url": server.url("/dang-nhap?next=1"),
            "site": format!("127.0.0.1:{}", server.port),
            "kind": "excluded",
            "reason": "khớp mẫu loại trừ `/dang-nhap`"
        }])
    );
    assert_eq!(external.hits("/khong-head"), 2, "HEAD refused, then GET");
    assert_eq!(
        findings(&report, "links"),
        vec![
            format!(
                "link-broken | {} | 8 | {} | failed",
                server.url("/"),
                external.url("/mat")
            ),
            format!(
                "link-fragment-missing | {} | 9 | {}#khong | failed",
                server.url("/"),
                external.url("/trang")
            ),
        ]
    );
    assert_eq!(
        external.hits("/trang"),
        1,
        "one GET reads the anchors for both links"
    );

    // A 404 to HEAD is confirmed with GET (some servers lie to HEAD).
    assert_eq!(external.hits("/mat"), 2);

    let dir = tempfile::tempdir().unwrap();
    let (_, report) = audit(
        dir.path(),
        &[&server.url("/"), "--no-external", "--delay", "0"],
    );
    assert_eq!(external.hits("/mat"), 2, "not checked with --no-external");
    // Without the exclude pattern the login page is crawled (and is missing).
    assert_eq!(
        findings(&report, "links"),
        vec![format!(
            "link-broken | {} | 5 | {} | failed",
            server.url("/"),
            server.url("/dang-nhap?next=1")
        )]
    );
    assert_eq!(report["crawl"]["link_status"]["excluded"], 3);
}

#[test]
fn a_root_that_redirects_to_another_host_brings_that_host_into_the_site() {
    let new = Server::start(vec![
        (
            "/",
            page("Cổng mới", "<a href=\"/gioi-thieu\">Giới thiệu</a>"),
        ),
        ("/gioi-thieu", page("Giới thiệu", "<p>x</p>")),
    ]);
    let old = Server::start(vec![(
        "/",
        Reply::Redirect(301, format!("http://www.tinh.test:{}/", new.port)),
    )]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        format!(
            "[[site]]\nid = \"cong\"\nroot = \"http://tinh.test:{}/\"\n\n[limits]\ndelay_secs = 0\n\n\
             [crawl]\nresolve = [\"tinh.test=127.0.0.1\", \"www.tinh.test=127.0.0.1\"]\n",
            old.port
        ),
    )
    .unwrap();
    let (_, report) = audit(dir.path(), &["--config", "audit.toml"]);
    let got: Vec<String> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["site"].as_str().unwrap(),
                p["url"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            format!("cong http://www.tinh.test:{}/", new.port),
            format!("cong http://www.tinh.test:{}/gioi-thieu", new.port),
        ]
    );
}

#[test]
fn sitemap_pages_beyond_the_page_limit_are_left_out_not_checked() {
    let server = Server::start(vec![("/", page("Trang chủ", "<p>x</p>"))]);
    let locs: String = (0..10)
        .map(|i| format!("<url><loc>{}</loc></url>", server.url(&format!("/s-{i}"))))
        .collect();
    server.route(
        "/sitemap.xml",
        Reply::Raw(200, vec![], format!("<urlset>{locs}</urlset>").into_bytes()),
    );
    for i in 0..10 {
        server.route(&format!("/s-{i}"), page(&format!("S {i}"), "<p>s</p>"));
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = audit(
        dir.path(),
        &[&server.url("/"), "--delay", "0", "--max-pages", "3"],
    );
    assert_eq!(
        pages(&report),
        vec![server.url("/"), server.url("/s-0"), server.url("/s-1")]
    );
    let asked: usize = (2..10).map(|i| server.hits(&format!("/s-{i}"))).sum();
    assert_eq!(asked, 0);
}

#[test]
fn the_configuration_carries_ruleset_reference_date_and_gate() {
    let server = Server::start(vec![(
        "/",
        page(
            "Trang chủ",
            "<a href=\"/mat\">Mất</a>\n<a href=\"/cu\">Cũ</a>",
        ),
    )]);
    server.route("/cu", Reply::Redirect(308, "/".into()));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("cfg")).unwrap();
    std::fs::write(
        dir.path().join("cfg/mine.toml"),
        "[rules.link-broken]\nenabled = false\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cfg/audit.toml"),
        format!(
            "as_of = \"2020-01-01\"\nruleset = \"mine.toml\"\n\n[[site]]\nroot = \"{}\"\n\n\
             [limits]\ndelay_secs = 0\n\n[gate]\nfail_on = \"notice\"\n",
            server.url("/")
        ),
    )
    .unwrap();
    let (code, report) = audit(dir.path(), &["--config", "cfg/audit.toml"]);
    assert_eq!(report["run"]["as_of"], "2020-01-01");
    assert_eq!(report["gate"]["fail_on"], "notice");
    assert_eq!(
        findings(&report, "links"),
        vec![format!(
            "link-redirect-permanent | {} | 6 | {} | failed",
            server.url("/"),
            server.url("/cu")
        )]
    );
    assert_eq!(code, 1, "a notice fails a notice gate");
    let (code, _) = audit(
        dir.path(),
        &["--config", "cfg/audit.toml", "--fail-on", "never"],
    );
    assert_eq!(code, 0, "--fail-on wins over the file");
}

#[test]
fn a_store_of_layouts_3_and_4_is_migrated_and_reports_identically() {
    // Pages of the scale benchmark's shape: one menu, sidebar and footer on
    // every page, so template defects too.
    let n = 30;
    let make = move |path: &str| -> Option<Reply> {
        let i: usize = match path {
            "/" => 0,
            _ => path.strip_prefix("/p/")?.parse().ok()?,
        };
        (i < n).then(|| Reply::Html(portal_audit::synth::site_page(i, n)))
    };
    let server = Server::start(vec![("*", Reply::Dynamic(std::sync::Arc::new(make)))]);
    let dir = tempfile::tempdir().unwrap();
    audit(
        dir.path(),
        &[
            &server.url("/"),
            "--delay",
            "0",
            "--depth",
            "100",
            "--max-pages",
            "80",
        ],
    );
    drop(server);
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let store = dir.path().join("out/audit.sqlite");
    let rendered = || {
        let report = portal_audit::audit::load_report(&store, &ruleset).unwrap();
        let mut bytes = Vec::new();
        portal_audit::report::json::write(&report, &mut bytes).unwrap();
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        value["run"]["finished_at"] = serde_json::Value::Null;
        // The store reads its findings in the report's order by itself.
        let mut streamed = Vec::new();
        portal_audit::store::Store::open(&store)
            .unwrap()
            .each_finding_in_report_order(|f| streamed.push(f.fingerprint))
            .unwrap();
        let sorted: Vec<String> = report
            .findings
            .iter()
            .map(|f| f.fingerprint.clone())
            .collect();
        assert_eq!(streamed, sorted);
        (report.findings.len(), report.templates.len(), value)
    };
    let (findings, templates, before) = rendered();
    // Streamed from the store, byte for byte (template groups compacted too).
    crate::stream::assert_streams_identically(&store);
    assert!(
        findings > 100 && templates > 0,
        "{findings} findings, {templates} groups"
    );
    // The store as layout 4 had it (texts as JSON text, links with their
    // site), then as layout 3 (no order columns either): each migrated to
    // this layout when opened, 3 → 4 → 5.
    for layout in [4, 3] {
        portal_audit::store::test_hook_downgrade(&store, layout).unwrap();
        let (_, _, migrated) = rendered();
        assert!(
            migrated == before,
            "the store migrated from layout {layout} reports otherwise than before"
        );
    }
}

#[test]
fn the_report_is_rendered_again_from_the_store_alone() {
    let server = chain_site(4, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let (_, written) = audit(dir.path(), &[&server.url("/"), "--delay", "0"]);
    drop(server); // no network needed from here on
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let store = dir.path().join("out/audit.sqlite");
    let report = portal_audit::audit::load_report(&store, &ruleset).unwrap();
    // As `report.json` writes it (template defects compact).
    let mut bytes = Vec::new();
    portal_audit::report::json::write(&report, &mut bytes).unwrap();
    let again: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_valid_report(&again);
    let mut again = crate::support::cli::restored(again);
    assert_eq!(again["crawl"]["store"], store.display().to_string());
    assert_eq!(written["crawl"]["store"], "out/audit.sqlite");
    let mut written = written;
    for r in [&mut again, &mut written] {
        r["run"]["finished_at"] = serde_json::Value::Null;
        r["crawl"]["store"] = serde_json::Value::Null;
    }
    assert!(
        again == written,
        "the re-rendered report differs from report.json"
    );
}

#[test]
fn a_relative_sitemap_line_is_resolved_against_robots_txt() {
    let site = Server::start(vec![
        ("/", page("Trang chủ", "<p>Trang chủ</p>")),
        ("/chi-trong-so-do", page("Chỉ trong sơ đồ", "<p>Trang</p>")),
    ]);
    site.route(
        "/robots.txt",
        Reply::Raw(
            200,
            vec![],
            b"User-agent: *\nAllow: /\nSitemap: /ban-do/so-do.xml\n".to_vec(),
        ),
    );
    site.route(
        "/ban-do/so-do.xml",
        Reply::Raw(
            200,
            vec![],
            format!(
                "<?xml version=\"1.0\"?><urlset><url><loc>{}</loc></url></urlset>",
                site.url("/chi-trong-so-do")
            )
            .into_bytes(),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = audit(dir.path(), &[&site.url("/")]);
    // The page only the relative sitemap lists is audited.
    assert_eq!(
        pages(&report),
        vec![site.url("/"), site.url("/chi-trong-so-do")]
    );
}

#[test]
fn a_retry_after_above_the_cap_is_retried_once_after_the_cap() {
    let busy = |status| Reply::Raw(status, vec![("Retry-After".into(), "3600".into())], vec![]);
    let site = Server::start(vec![
        (
            "/",
            page(
                "Trang chủ",
                "<a href=\"/ban\">bận</a> <a href=\"/ban-mai\">bận mãi</a>",
            ),
        ),
        (
            "/ban",
            Reply::Seq(vec![busy(503), page("Đã hồi phục", "<p>ok</p>")]),
        ),
        ("/ban-mai", busy(429)),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"s\"\nroot = \"{}\"\n\n\
         [limits]\ndelay_secs = 0\ntimeout_secs = 2\nretries = 3\nbackoff_secs = 0.05\n\
         max_retry_after_secs = 0\n",
        site.url("/"),
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    let (_, report) = audit(dir.path(), &["--config", "audit.toml"]);
    // An hour asked, the cap (0 s here) waited, then asked again: the page
    // that came back is audited.
    assert_eq!(site.hits("/ban"), 2);
    assert!(
        pages(&report).contains(&site.url("/ban")),
        "{:?}",
        pages(&report)
    );
    // One still busy is asked again once only, not `retries` times.
    assert_eq!(site.hits("/ban-mai"), 2);
}
