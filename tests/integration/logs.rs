//! What `audit` says on standard error when it is not a terminal (cron, CI):
//! a timestamped line per phase and per finished site in `--lang`, `-v` for
//! the requests that failed, `-vv` for the crawl's decisions, each said once.

use pretty_assertions::assert_eq;

use crate::support::cli::run_in;
use crate::support::server::{Reply, Server, page};

/// Two sites: the first links a page that answers 500, one robots.txt
/// keeps out, and an external page (not checked with `--no-external`); the
/// second's only page links a PDF (analysed once that page is done).
pub(crate) fn sites() -> (Server, Server, tempfile::TempDir) {
    let stc = Server::start(vec![
        (
            "/",
            page(
                "Sở Tài chính",
                "<main><h1>Tin</h1><img src=\"/logo.png\">\
                 <a href=\"/loi\">Lỗi</a> <a href=\"/bi-chan\">Chặn</a> \
                 <a href=\"https://example.com/\">Ngoài</a></main>",
            ),
        ),
        (
            "/robots.txt",
            Reply::Raw(
                200,
                vec![("Content-Type".into(), "text/plain".into())],
                b"User-agent: *\nDisallow: /bi-chan\n".to_vec(),
            ),
        ),
        ("/loi", Reply::Raw(500, Vec::new(), b"loi".to_vec())),
        (
            "/logo.png",
            Reply::Raw(
                200,
                vec![("Content-Type".into(), "image/png".into())],
                b"\x89PNG".to_vec(),
            ),
        ),
    ]);
    let sxd = Server::start(vec![
        (
            "/",
            page(
                "Sở Xây dựng",
                "<main><h1>Tin</h1><p>Xin chào. <a href=\"/bao-cao.pdf\">Báo cáo</a></p></main>",
            ),
        ),
        (
            "/bao-cao.pdf",
            Reply::Raw(
                200,
                vec![("Content-Type".into(), "application/pdf".into())],
                b"%PDF-1.4\n%%EOF\n".to_vec(),
            ),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"stc\"\nname = \"Sở Tài chính\"\nroot = \"{}\"\n\n\
         [[site]]\nid = \"sxd\"\nname = \"Sở Xây dựng\"\nroot = \"{}\"\n\n\
         [limits]\ndelay_secs = 0\ntimeout_secs = 2\nread_timeout_secs = 2\nretries = 1\nbackoff_secs = 0.05\n",
        stc.url("/"),
        sxd.url("/")
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    (stc, sxd, dir)
}

/// Runs the audit with standard error a pipe (as in cron or CI): its
/// standard error.
fn audit(dir: &std::path::Path, out: &str, extra: &[&str]) -> String {
    audit_output(dir, out, extra).1
}

/// Runs the audit: its standard output and standard error.
pub(crate) fn audit_output(dir: &std::path::Path, out: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "audit",
        "--config",
        "audit.toml",
        "--out",
        out,
        "--fail-on",
        "never",
        "--no-external",
        "--rule",
        "img-alt-missing",
    ];
    args.extend_from_slice(extra);
    let output = run_in(dir, &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The timestamped lines (`portal-audit HH:MM:SS …`), without the prefix.
fn timed(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("portal-audit "))
        .filter(|l| l.as_bytes().get(2) == Some(&b':') && l.as_bytes().get(5) == Some(&b':'))
        .map(|l| &l[9..])
        .collect()
}

/// No line is said twice (a timestamp or a log level aside).
fn said_once(stderr: &str) {
    let mut seen = std::collections::HashSet::new();
    for line in stderr.lines().filter(|l| !l.starts_with("portal-audit: ")) {
        let key = line.split_once(' ').map_or(line, |(_, rest)| rest);
        assert!(seen.insert(key), "said twice: {line}\n{stderr}");
    }
}

#[test]
fn a_log_has_a_line_per_phase_and_per_site_in_its_language() {
    let (_stc, _sxd, dir) = sites();
    let (stdout, stderr) = audit_output(dir.path(), "out", &[]);
    // Every site's transport is probed, then the site rules of the sites run
    // (several at once, said in the sites' order).
    // The terminal summary ends with the table of the sites (as `demo`;
    // that a broken link is only a finding there is
    // webmaster::after_an_audit_a_broken_link_is_a_finding_not_an_input_that_failed).
    let table = stdout
        .find("Tổng hợp toàn tỉnh")
        .map(|at| &stdout[at..])
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        table.contains("Sở Tài chính") && table.contains("Sở Xây dựng"),
        "{stdout}"
    );
    assert_eq!(
        timed(&stderr),
        [
            "Thu thập và kiểm tra các trang, tài liệu và nguồn tin",
            "Sở Xây dựng: các trang đã xong, còn phân tích tài liệu và nguồn tin liên kết",
            "Trang web 1/2 — Sở Tài chính: kiểm tra truyền tải (HTTPS, TLS, DNS)",
            "Trang web 2/2 — Sở Xây dựng: kiểm tra truyền tải (HTTPS, TLS, DNS)",
            "Trang web 1/2 — Sở Tài chính: các quy tắc cấp trang web",
            "Trang web 2/2 — Sở Xây dựng: các quy tắc cấp trang web",
            "Lập báo cáo",
            "Sở Tài chính: 1 trang, 1 lỗi, 0 mục thiếu",
            "Sở Xây dựng: 1 trang, 0 lỗi, 0 mục thiếu",
        ],
        "{stderr}"
    );
    // Without -v, no request is logged.
    assert!(!stderr.contains("HTTP 500"), "{stderr}");
    said_once(&stderr);

    let stderr = audit(dir.path(), "out-en", &["--lang", "en"]);
    assert_eq!(
        timed(&stderr),
        [
            "Crawling and checking the pages, documents and feeds",
            "Sở Xây dựng: pages done, analysing the linked documents and feeds",
            "Site 1/2 — Sở Tài chính: transport probes (HTTPS, TLS, DNS)",
            "Site 2/2 — Sở Xây dựng: transport probes (HTTPS, TLS, DNS)",
            "Site 1/2 — Sở Tài chính: site rules",
            "Site 2/2 — Sở Xây dựng: site rules",
            "Building the report",
            "Sở Tài chính: pages 1, failures 1, missing items 0",
            "Sở Xây dựng: pages 1, failures 0, missing items 0",
        ],
        "{stderr}"
    );
    said_once(&stderr);
}

#[test]
fn verbose_logs_failed_requests_and_very_verbose_the_decisions() {
    let (stc, _sxd, dir) = sites();
    let failed = format!("{}: máy chủ trả lời HTTP 500", stc.url("/loi"));
    let skipped = format!(
        "bỏ qua {}: robots.txt không cho phép thu thập địa chỉ này",
        stc.url("/bi-chan")
    );

    let stderr = audit(dir.path(), "out-v", &["-v"]);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(&failed)).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains(" INFO "), "{stderr}");
    assert!(
        !stderr.contains(&skipped),
        "-v does not show decisions: {stderr}"
    );
    said_once(&stderr);

    let stderr = audit(dir.path(), "out-vv", &["-vv"]);
    assert_eq!(
        stderr.lines().filter(|l| l.contains(&failed)).count(),
        1,
        "{stderr}"
    );
    let skips: Vec<&str> = stderr.lines().filter(|l| l.contains(&skipped)).collect();
    assert_eq!(skips.len(), 1, "{stderr}");
    assert!(skips[0].contains(" DEBUG "), "{stderr}");
    // The retry of the 500, in Vietnamese with a decimal comma (the backoff
    // is 0.05 s and up to half as much again).
    let retry = format!(
        "{}: lần thử 1 không được (HTTP 500), thử lại sau 0,0",
        stc.url("/loi")
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(" DEBUG ") && l.contains(&retry) && l.ends_with(" giây")),
        "-vv shows the retry of the 500: {stderr}"
    );
    assert!(
        stderr.contains(
            "bỏ qua https://example.com/: không kiểm tra liên kết ra ngoài các trang web được kiểm tra"
        ),
        "the external link is a skip decision: {stderr}"
    );
    assert!(
        !stderr.contains("retrying") && !stderr.contains("disallows"),
        "no English under --lang vi: {stderr}"
    );
    said_once(&stderr);

    // The same lines follow --lang en.
    let stderr = audit(dir.path(), "out-vv-en", &["-vv", "--lang", "en"]);
    for line in [
        format!("{}: the server answered HTTP 500", stc.url("/loi")),
        format!("skipped {}: robots.txt disallows it", stc.url("/bi-chan")),
        format!(
            "{}: attempt 1 failed (HTTP 500), retrying in 0.0",
            stc.url("/loi")
        ),
        "skipped https://example.com/: external links are not checked".to_string(),
    ] {
        assert!(stderr.contains(&line), "{line}: {stderr}");
    }
    said_once(&stderr);
}

/// A site's name is shown in a log with its control characters and bidi
/// overrides made visible, never obeyed.
#[test]
fn a_log_line_shows_control_characters_instead_of_obeying_them() {
    let server = Server::start(vec![("/", page("Sở", "<main><h1>Tin</h1></main>"))]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"so\"\nname = \"Sở \\u202Etxt.exe\\u001b[2J\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\nretries = 0\n",
        server.url("/")
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    let stderr = audit(dir.path(), "out", &[]);
    assert!(
        !stderr.contains('\u{202E}') && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
    assert!(
        timed(&stderr).contains(&"Sở U+202Etxt.exe\\x1b[2J: 1 trang, 0 lỗi, 0 mục thiếu"),
        "{stderr}"
    );
}
