//! The browser mode (`--render chromium`, `[crawl] render`): pages served on
//! 127.0.0.1 whose menu and a mandatory category are built by a script, and
//! pages the browser cannot finish. These tests need an installed Chromium
//! (`.ci/run` installs it); they are skipped, saying so, only when there is
//! neither `chromium` on `PATH` nor a `CHROMIUM` variable.

use std::path::Path;

use crate::support::cli::{audit_config, run_in_with_env, run_with_report};
use crate::support::server::{Reply, Server};

/// Whether a Chromium can be run; says why the test is skipped otherwise.
fn chromium() -> bool {
    if std::env::var_os("CHROMIUM").is_some_and(|p| !p.is_empty()) {
        return true;
    }
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| dir.join("chromium").is_file())
    });
    if !on_path {
        eprintln!(
            "SKIPPED: no `chromium` on PATH and CHROMIUM is not set (the browser-mode tests need one)"
        );
    }
    on_path
}

/// A portal home page whose static HTML has an empty menu; a script fills it
/// (the four items of Thông tư 32/2017 and "Giới thiệu", the introduction
/// category) and adds an image without a text alternative.
fn scripted_home() -> Reply {
    Reply::Html(
        "<!doctype html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Cổng thông tin điện tử</title></head>\n<body>\n<header><nav id=\"menu\"></nav></header>\n<main><h1>Tin mới</h1><p id=\"noi-dung\">Đang tải…</p></main>\n<script>\nconst items = [['/', 'Trang chủ'], ['/gioi-thieu', 'Giới thiệu'], ['https://dichvucong.gov.vn/', 'Dịch vụ công trực tuyến'], ['/so-do-cong', 'Sơ đồ cổng']];\nconst nav = document.getElementById('menu');\nfor (const [href, text] of items) { const a = document.createElement('a'); a.href = href; a.textContent = text; nav.appendChild(a); }\nconst img = document.createElement('img'); img.src = '/logo.png'; document.querySelector('main').appendChild(img);\n</script>\n</body>\n</html>\n"
            .to_string(),
    )
}

/// The rules these tests run: the menu and category rules (site rules, which
/// read the rendered page's facts) and a page rule.
const RULES: [&str; 8] = [
    "--rule",
    "main-menu-items-missing",
    "--rule",
    "category-missing",
    "--rule",
    "img-alt-missing",
    "--rule",
    "javascript-only-content",
];

/// A server with the scripted home page (and its image) and `more` routes.
fn serve(more: Vec<(&str, Reply)>) -> Server {
    let mut routes = vec![
        ("/", scripted_home()),
        ("/logo.png", Reply::Raw(200, vec![], Vec::new())),
    ];
    routes.extend(more);
    Server::start(routes)
}

/// `check URL` with `extra` arguments; the exit code and the valid report.
fn check(dir: &Path, url: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec![
        "check",
        url,
        "--role",
        "portal",
        "--as-of",
        "2023-01-01",
        "--out",
        "out",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--quiet",
    ];
    args.extend_from_slice(&RULES);
    args.extend_from_slice(extra);
    run_with_report(dir, &args, &[])
}

/// `rule` findings as `(view, category id)` pairs.
fn findings(report: &serde_json::Value, rule: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["view"].as_str().unwrap_or("served").to_string(),
                f["args"]["id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn missing_categories(report: &serde_json::Value) -> Vec<String> {
    findings(report, "category-missing")
        .into_iter()
        .map(|(_, id)| id)
        .collect()
}

#[test]
fn check_url_finds_what_a_script_builds_only_when_rendered() {
    if !chromium() {
        return;
    }
    let server = serve(Vec::new());
    let url = server.url("/");

    let served = tempfile::tempdir().unwrap();
    let (code, report) = check(served.path(), &url, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report, "main-menu-items-missing"),
        vec![("served".to_string(), String::new())]
    );
    assert!(missing_categories(&report).contains(&"introduction".to_string()));
    assert!(findings(&report, "img-alt-missing").is_empty());
    assert!(findings(&report, "javascript-only-content").is_empty());
    assert!(report["pages"][0].get("rendered").is_none());

    let rendered = tempfile::tempdir().unwrap();
    let (code, report) = check(rendered.path(), &url, &["--render", "chromium"]);
    assert_eq!(code, 0);
    assert_eq!(report["problems"], serde_json::json!([]));
    // The site rules read the page as rendered: the menu and the category are there.
    assert!(findings(&report, "main-menu-items-missing").is_empty());
    assert!(!missing_categories(&report).contains(&"introduction".to_string()));
    // A page rule's finding in the DOM the script built says so.
    assert_eq!(
        findings(&report, "img-alt-missing"),
        vec![("rendered".to_string(), String::new())]
    );
    // Each menu link exists only after the script ran: a notice on the rendered page.
    let hrefs: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "javascript-only-content")
        .map(|f| {
            assert_eq!(f["view"], "rendered");
            assert_eq!(f["severity"], "notice");
            f["args"]["href"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "/",
            "/gioi-thieu",
            "https://dichvucong.gov.vn/",
            "/so-do-cong"
        ]
    );
    let page = &report["pages"][0];
    assert_eq!(page["rendered"]["final_url"], url.as_str());
    assert_eq!(page["outcomes"]["javascript-only-content"], "inapplicable");
    assert_eq!(page["rendered"]["outcomes"]["img-alt-missing"], "failed");
    assert_eq!(page["outcomes"]["img-alt-missing"], "inapplicable");
}

#[test]
fn a_page_that_never_finishes_loading_is_a_problem_and_keeps_its_served_check() {
    if !chromium() {
        return;
    }
    let server = Server::start(vec![
        (
            "/",
            Reply::Html(
                "<!doctype html>\n<html lang=\"vi\"><head><title>Trang chậm</title></head><body><h1>Trang chậm</h1><img src=\"/treo.png\" alt=\"\"></body></html>\n"
                    .to_string(),
            ),
        ),
        ("/treo.png", Reply::Hang),
    ]);
    let url = server.url("/");
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = check(
        dir.path(),
        &url,
        &[
            "--render",
            "chromium",
            "--render-deadline",
            "3",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 0);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["kind"], "render");
    assert_eq!(problems[0]["input"], url.as_str());
    assert_eq!(
        problems[0]["message"],
        "the page could not be rendered in the browser (the page did not finish loading within 3 s); only the HTML as served was checked"
    );
    // The served page was still checked.
    assert_eq!(report["pages"].as_array().unwrap().len(), 1);
    assert!(report["pages"][0].get("rendered").is_none());
    assert!(missing_categories(&report).contains(&"introduction".to_string()));
}

#[test]
fn audit_renders_the_sample_and_goes_on_past_a_page_that_hangs() {
    if !chromium() {
        return;
    }
    let server = serve(vec![
        (
            "/gioi-thieu",
            Reply::Html(
                "<!doctype html>\n<html lang=\"vi\"><head><title>Giới thiệu</title></head><body><h1>Giới thiệu</h1><img src=\"/treo.png\" alt=\"\"></body></html>\n"
                    .to_string(),
            ),
        ),
        ("/treo.png", Reply::Hang),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = |render: &str| {
        format!(
            "as_of = \"2023-01-01\"\n\n[[site]]\nid = \"portal\"\nrole = \"portal\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\ntimeout_secs = 2\nread_timeout_secs = 2\nretries = 0\nbackoff_secs = 0.05\n\n[crawl]\ncheck_external = false\nsitemaps = false\nrender = \"{render}\"\nrender_deadline_secs = 3\n",
            server.url("/")
        )
    };
    let mut rules = RULES.to_vec();
    rules.extend(["--lang", "en"]);
    let (code, report) = audit_config(dir.path(), &config("off"), &rules, &[]);
    assert_eq!(code, 0);
    // Served only: the menu is empty, so the crawl finds no other page.
    assert_eq!(report["pages"].as_array().unwrap().len(), 1);
    assert_eq!(findings(&report, "main-menu-items-missing").len(), 1);

    let dir = tempfile::tempdir().unwrap();
    let (code, report) = audit_config(dir.path(), &config("sample"), &rules, &[]);
    assert_eq!(code, 0);
    // The menu built by the script leads the crawl to /gioi-thieu.
    let pages: Vec<&str> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert!(
        pages.contains(&server.url("/gioi-thieu").as_str()),
        "{pages:?}"
    );
    assert!(findings(&report, "main-menu-items-missing").is_empty());
    assert!(!missing_categories(&report).contains(&"introduction".to_string()));
    assert_eq!(
        findings(&report, "img-alt-missing"),
        vec![("rendered".to_string(), String::new())]
    );
    // /gioi-thieu never finishes loading in the browser: a problem, and the audit went on.
    let problems: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["input"].as_str().unwrap(), p["kind"].as_str().unwrap()))
        .collect();
    assert!(
        problems.contains(&(server.url("/gioi-thieu").as_str(), "render")),
        "{problems:?}"
    );
}

#[test]
fn without_chromium_the_browser_mode_stops_with_a_clear_error_and_no_store() {
    let no_browser = [("CHROMIUM", "/nonexistent/chromium")];
    let said = "the browser mode (--render chromium) needs an installed Chromium (on PATH or in CHROMIUM; it is never downloaded): no Chromium found: CHROMIUM=/nonexistent/chromium is not a file";
    let dir = tempfile::tempdir().unwrap();
    // Each command stops with exit code 3 and says why.
    let stops = |args: &[&str]| {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        all.extend(["--out", "out"]);
        let output = run_in_with_env(dir.path(), &all, &no_browser);
        assert_eq!(output.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(said), "{stderr}");
    };
    stops(&["check", "http://127.0.0.1:9/", "--render", "chromium"]);
    std::fs::write(
        dir.path().join("audit.toml"),
        "[[site]]\nroot = \"http://127.0.0.1:9/\"\n\n[crawl]\nrender = \"sample\"\n",
    )
    .unwrap();
    stops(&["audit", "--config", "audit.toml"]);
    assert!(!dir.path().join("out/audit.sqlite").exists());
}

/// `(view, selector, line, outcome, ratio, reason)` of every `rule` finding.
fn contrast_findings(
    report: &serde_json::Value,
    rule: &str,
) -> Vec<(String, String, u64, String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["view"].as_str().unwrap_or("served").to_string(),
                f["selector"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["outcome"].as_str().unwrap().to_string(),
                f["args"]["ratio"].as_str().unwrap().to_string(),
                f["args"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Where layout decides the colours, the static cascade can only ask a
/// person; the browser paints them and the contrast rule judges what it
/// painted: grey text positioned over a grey band fails with its ratio, a
/// button in the user agent's text colour passes, and text over a gradient
/// stays for review in both views.
#[test]
fn contrast_is_judged_from_the_painted_colours_in_the_rendered_view() {
    if !chromium() {
        return;
    }
    let html = std::fs::read_to_string(crate::support::cli::repo(
        "fixtures/rules/contrast-insufficient/rendered/layout.html",
    ))
    .unwrap();
    let server = Server::start(vec![("/", Reply::Html(html))]);
    let url = server.url("/");
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = run_with_report(
        dir.path(),
        &[
            "check",
            &url,
            "--out",
            "out",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--quiet",
            "--rule",
            "contrast-insufficient",
            "--render",
            "chromium",
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(report["problems"], serde_json::json!([]));
    let f = |view: &str, selector: &str, line: u64, outcome: &str, ratio: &str, reason: &str| {
        (
            view.to_string(),
            selector.to_string(),
            line,
            outcome.to_string(),
            ratio.to_string(),
            reason.to_string(),
        )
    };
    assert_eq!(
        contrast_findings(&report, "contrast-insufficient"),
        vec![
            // Lines of the serialised DOM: the browser writes the doctype
            // and the head without their line breaks.
            f(
                "rendered",
                "html > body > div > p",
                15,
                "failed",
                "1.54",
                ""
            ),
            f(
                "rendered",
                "html > body > p",
                16,
                "cant_tell",
                "?",
                "background image"
            ),
            f(
                "served",
                "html > body > div > p",
                17,
                "cant_tell",
                "?",
                "position"
            ),
            f(
                "served",
                "html > body > p",
                18,
                "cant_tell",
                "?",
                "background image"
            ),
            f(
                "served",
                "html > body > form > button",
                19,
                "cant_tell",
                "?",
                "default colour"
            ),
        ]
    );
    let page = &report["pages"][0];
    assert_eq!(page["outcomes"]["contrast-insufficient"], "cant_tell");
    assert_eq!(
        page["rendered"]["outcomes"]["contrast-insufficient"],
        "failed"
    );
}
