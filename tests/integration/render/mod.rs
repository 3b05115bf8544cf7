//! The browser mode (`--render chromium`, `[crawl] render`): pages served on
//! 127.0.0.1 whose menu and a mandatory category are built by a script, and
//! pages the browser cannot finish. These tests need an installed Chromium
//! (`.ci/run` installs it); they are skipped, saying so, only when there is
//! neither `chromium` on `PATH` nor a `CHROMIUM` variable.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use portal_audit::render::{RenderOptions, Renderer};

mod contrast;
mod kept_tab;
mod killed;
mod load;
mod network;

use crate::support::cli::{audit_config, run_in_with_env, run_with_report};
use crate::support::server::{MakeReply, Reply, Server, page};

/// Whether a Chromium can be run; says why the test is skipped otherwise.
pub(crate) fn chromium() -> bool {
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
    check_in(dir, url, extra, &[])
}

/// [`check`] with these environment variables.
fn check_in(
    dir: &Path,
    url: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (i32, serde_json::Value) {
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
        // Measuring is tested on its own (`page_load_rules_…`).
        "--measure-runs",
        "0",
    ];
    args.extend_from_slice(&RULES);
    args.extend_from_slice(extra);
    run_with_report(dir, &args, env)
}

/// The entry of the page at `url` in a report.
pub(super) fn page_of<'a>(report: &'a serde_json::Value, url: &str) -> &'a serde_json::Value {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == url)
        .unwrap_or_else(|| panic!("no page {url}: {report}"))
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
            "as_of = \"2023-01-01\"\n\n[[site]]\nid = \"portal\"\nrole = \"portal\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\ntimeout_secs = 2\nread_timeout_secs = 2\nretries = 0\nbackoff_secs = 0.05\n\n[crawl]\ncheck_external = false\nsitemaps = false\nrender = \"{render}\"\nrender_deadline_secs = 8\nmeasure_runs = 1\n",
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
    // The site's root page is measured once (`measure_runs = 1`); the
    // metrics went through the store into the report. Other pages are not.
    let mut root_median = serde_json::Value::Null;
    for page in report["pages"].as_array().unwrap() {
        let metrics = &page["rendered"]["metrics"];
        if page["url"] == server.url("/").as_str() {
            assert_eq!(metrics["runs"].as_array().unwrap().len(), 1, "{page}");
            root_median = metrics["median"].clone();
        } else {
            assert!(metrics.is_null(), "{page}");
        }
    }
    // The province table's medians are the one measured page's.
    let load = &report["statistics"]["province"][0]["load"];
    assert_eq!(load["pages"], 1);
    for key in ["fcp_ms", "lcp_ms", "visual_complete_ms", "tbt_ms", "cls"] {
        assert_eq!(load[key], root_median[key], "{key}");
    }
    assert_eq!(report["statistics"]["load"], *load);
    assert_eq!(
        report["statistics"]["slowest"][0]["url"],
        server.url("/").as_str()
    );
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

/// Pages a browser cannot finish, in one `check` with a page it can: a
/// script that reloads the page for ever, a `<meta http-equiv=refresh
/// content=0>` to itself, a page whose renderer crashes, and one during
/// which the whole browser crashes (the crashes through test hooks: no page
/// crashes a current Chromium on purpose). Each page that cannot be rendered
/// is a `render` problem with its reason and keeps its served findings; the
/// browser is started again after its crash and the other pages are
/// rendered.
#[test]
fn crashes_and_endless_reloads_are_problems_and_the_check_goes_on() {
    if !chromium() {
        return;
    }
    let page = |title: &str, head: &str, body: &str| {
        Reply::Html(format!(
            "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">{head}<title>{title}</title></head><body><h1>{title}</h1><img src=\"/anh.png\">{body}</body></html>\n"
        ))
    };
    let server = Server::start(vec![
        (
            "/tai-lai",
            page("Tải lại", "", "<script>location.reload()</script>"),
        ),
        (
            "/lam-moi",
            page("Làm mới", "<meta http-equiv=\"refresh\" content=\"0\">", ""),
        ),
        ("/sap", page("Sập", "", "")),
        ("/trinh-duyet-sap", page("Trình duyệt sập", "", "")),
        ("/on", page("Ổn", "", "")),
        ("/anh.png", Reply::Raw(200, vec![], Vec::new())),
    ]);
    let urls: Vec<String> = ["/tai-lai", "/lam-moi", "/sap", "/trinh-duyet-sap", "/on"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let (code, report) = check_rendered_img_alt(
        &urls,
        &[],
        &[
            ("PORTAL_AUDIT_TEST_CRASH_RENDERER", "/sap"),
            ("PORTAL_AUDIT_TEST_CRASH_BROWSER", "/trinh-duyet-sap"),
        ],
    );
    assert_eq!(code, 0);
    let mut problems: Vec<(String, String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["input"].as_str().unwrap().to_string(),
                p["kind"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    problems.sort();
    let said = |url: &str, reason: &str| {
        (
            url.to_string(),
            "render".to_string(),
            format!(
                "the page could not be rendered in the browser ({reason}); only the HTML as served was checked"
            ),
        )
    };
    let reloads = "the page navigated 11 times without settling (a script reload or redirect loop)";
    let mut expected = vec![
        said(&urls[0], reloads),
        said(&urls[1], reloads),
        said(&urls[2], "the page crashed the browser's renderer"),
    ];
    expected.sort();
    assert_eq!(problems, expected);
    // Every page keeps its served check; the pages the browser could finish
    // (the one it crashed during included, tried again on a new browser)
    // have their rendered view too.
    let pages = report["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 5);
    for page in pages {
        let url = page["url"].as_str().unwrap();
        assert_eq!(page["outcomes"]["img-alt-missing"], "failed", "{url}");
        let rendered = url.ends_with("/on") || url.ends_with("/trinh-duyet-sap");
        assert_eq!(page.get("rendered").is_some(), rendered, "{url}");
    }
    let served = crate::support::cli::all_findings(&report)
        .iter()
        .filter(|f| f["rule"] == "img-alt-missing" && f.get("view").is_none())
        .count();
    assert_eq!(served, 5);
}

#[test]
fn the_browser_renders_as_many_pages_at_once_as_it_has_tabs() {
    if !chromium() {
        return;
    }
    for tabs in [1, 3] {
        assert_eq!(loads_at_once(tabs, 0), tabs, "render_tabs = {tabs}");
    }
}

#[test]
fn a_page_being_measured_holds_no_render_tab() {
    if !chromium() {
        return;
    }
    // One render tab; the machine made to look idle (test hook), so the
    // root is measured as soon as it has rendered, in a tab of its own,
    // while the one render tab goes on with the other pages: two loads at
    // once (one, had the measurement waited for the render tab or for the
    // crawl to end).
    assert_eq!(
        loads_at_once_with(1, 1, &[("PORTAL_AUDIT_TEST_IDLE", "1")]),
        2
    );
}

/// How many pages of a five-page portal were loading at the same time in an
/// `all` audit with `tabs` render tabs and the root measured `measure_runs`
/// times. Each page's script asks a second server for an answer that takes
/// 1.5 s; only a browser sends it (it is no link), so that server counts
/// the loads in progress.
fn loads_at_once(tabs: usize, measure_runs: usize) -> usize {
    loads_at_once_with(tabs, measure_runs, &[])
}

/// [`loads_at_once`] with `env` for the audit.
fn loads_at_once_with(tabs: usize, measure_runs: usize, env: &[(&str, &str)]) -> usize {
    let paths: Vec<String> = (0..5).map(|i| format!("/cham-{i}")).collect();
    let slow = Server::start(
        paths
            .iter()
            .map(|p| {
                (
                    p.as_str(),
                    Reply::Delay(
                        std::time::Duration::from_millis(1500),
                        Box::new(Reply::Raw(200, vec![], b"ok".to_vec())),
                    ),
                )
            })
            .collect(),
    );
    let page = |i: usize, links: &str| {
        Reply::Html(format!(
            "<!doctype html>\n<html lang=\"vi\"><head><title>Trang {i}</title></head><body><h1>Trang {i}</h1>{links}<script>fetch('http://127.0.0.1:{}/cham-{i}')</script></body></html>\n",
            slow.port
        ))
    };
    let links: String = (1..5)
        .map(|i| format!("<a href=\"/trang-{i}\">Trang {i}</a> "))
        .collect();
    let children: Vec<String> = (1..5).map(|i| format!("/trang-{i}")).collect();
    let mut routes = vec![("/", page(0, &links))];
    routes.extend(
        children
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), page(i + 1, ""))),
    );
    let site = Server::start(routes);
    let config = format!(
        "as_of = \"2023-01-01\"\n\n[[site]]\nid = \"portal\"\nrole = \"portal\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\n\n[crawl]\ncheck_external = false\nsitemaps = false\nrender = \"all\"\nrender_tabs = {tabs}\nmeasure_runs = {measure_runs}\n",
        site.url("/")
    );
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = audit_config(dir.path(), &config, &RULES, env);
    let rendered = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.get("rendered").is_some())
        .count();
    assert_eq!(rendered, 5, "{}", report["problems"]);
    let measured = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.pointer("/rendered/metrics").is_some_and(|m| !m.is_null()))
        .count();
    assert_eq!(
        measured,
        usize::from(measure_runs > 0),
        "{}",
        report["problems"]
    );
    slow.max_at_once()
}

/// `check URLS` in the browser mode with only `img-alt-missing`, no page-load
/// measurement, English, the JSON report read back; `extra` adds options.
pub(super) fn check_rendered_img_alt(
    urls: &[String],
    extra: &[&str],
    env: &[(&str, &str)],
) -> (i32, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["--lang", "en", "check"];
    args.extend(urls.iter().map(String::as_str));
    args.extend([
        "--out",
        "out",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--quiet",
        "--rule",
        "img-alt-missing",
        "--render",
        "chromium",
        "--measure-runs",
        "0",
    ]);
    args.extend(extra);
    run_with_report(dir.path(), &args, env)
}

#[test]
fn the_crawl_follows_a_rendered_pages_served_links_while_the_browser_renders_it() {
    if !chromium() {
        return;
    }
    // The root page's image (added by a script, so the crawler does not
    // check it first) answers only once the crawler has asked for the
    // root's linked page /tiep: if the crawl waited for the root's analysis
    // (its render and its measurement) before following its links, the
    // browser would wait for the image until the render deadline (a render
    // problem of the root) and the measurement with it.
    let asked = Arc::new((Mutex::new(false), Condvar::new()));
    let gate = Arc::clone(&asked);
    let make: MakeReply = Arc::new(move |path: &str| {
        let (lock, changed) = &*gate;
        match path {
            "/tiep" => {
                *lock.lock().unwrap() = true;
                changed.notify_all();
                Some(Reply::Html(
                    "<!doctype html>\n<html lang=\"vi\"><head><title>Tiếp</title></head><body><h1>Tiếp</h1></body></html>\n"
                        .to_string(),
                ))
            }
            "/cho.png" => {
                let (open, _) = changed
                    .wait_timeout_while(lock.lock().unwrap(), Duration::from_secs(30), |open| {
                        !*open
                    })
                    .unwrap();
                Some(if *open {
                    Reply::Raw(200, vec![], Vec::new())
                } else {
                    Reply::Hang
                })
            }
            _ => None,
        }
    });
    let server = Server::start(vec![
        (
            "/",
            Reply::Html(
                "<!doctype html>\n<html lang=\"vi\"><head><title>Trang chủ</title></head><body><h1>Trang chủ</h1><a href=\"/tiep\">Tiếp</a><script>const img = document.createElement('img'); img.src = '/cho.png'; img.alt = 'Chờ'; document.body.appendChild(img);</script></body></html>\n"
                    .to_string(),
            ),
        ),
        ("*", Reply::Dynamic(make)),
    ]);
    let config = format!(
        "as_of = \"2023-01-01\"\n\n[[site]]\nid = \"portal\"\nrole = \"portal\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\n\n[crawl]\ncheck_external = false\nsitemaps = false\nrender = \"sample\"\nrender_deadline_secs = 10\nmeasure_runs = 1\n",
        server.url("/")
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = audit_config(dir.path(), &config, &["--rule", "img-alt-missing"], &[]);
    assert_eq!(code, 0);
    assert_eq!(report["problems"], serde_json::json!([]));
    let root = page_of(&report, &server.url("/"));
    assert!(root.get("rendered").is_some(), "{root}");
    assert_eq!(
        root["rendered"]["metrics"]["runs"].as_array().map(Vec::len),
        Some(1),
        "{root}"
    );
    assert!(
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["url"] == server.url("/tiep").as_str())
    );
}

/// The browser's processes (its process group): the command lines.
fn browser_processes(pid: u32) -> Vec<String> {
    killed::processes()
        .into_iter()
        .filter(|p| p.group == pid)
        .map(|p| p.cmdline)
        .collect()
}

#[test]
fn the_browser_runs_one_renderer_per_tab_and_no_process_it_does_not_use() {
    if !chromium() {
        return;
    }
    // Three pages, two of them with a frame from another site (localhost
    // against 127.0.0.1), rendered two at a time in kept tabs.
    let server = Server::start(vec![
        ("/khung", page("Khung", "<p>Khung</p>")),
        ("/", page("Một", "<p>Một</p>")),
    ]);
    let framed = page(
        "Hai",
        &format!(
            "<iframe src=\"http://localhost:{}/khung\" title=\"Khung\"></iframe>",
            server.port
        ),
    );
    server.route("/hai", framed.clone());
    server.route("/ba", framed);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let renderer = Renderer::new(RenderOptions {
        tabs: 2,
        repeat: 0,
        ..RenderOptions::default()
    })
    .unwrap();
    runtime.block_on(async {
        let urls = [server.url("/"), server.url("/hai"), server.url("/ba")];
        let renders = urls.iter().map(|url| renderer.render(url, false));
        for rendered in futures_util::future::join_all(renders).await {
            rendered.unwrap();
        }
        let pid = renderer.browser_pid().await.unwrap();
        let processes = browser_processes(pid);
        let count = |kind: &str| processes.iter().filter(|p| p.contains(kind)).count();
        // One renderer for each kept tab: no startup window's page, no spare
        // renderer, no process of its own for a frame of another site.
        assert!(count("--type=renderer") <= 2, "{processes:#?}");
        // Software compositing in the browser process.
        assert_eq!(count("--type=gpu-process"), 0, "{processes:#?}");
    });
}
