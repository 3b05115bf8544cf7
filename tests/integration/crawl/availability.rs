//! Availability during the audit (Quy chế Điều 15.2): a site whose
//! `/tin-tuc/` section answers 503 and one of whose documents never answers
//! gets an exact summary per section, kept in the store so `report <store>`
//! renders it again, in JSON, HTML and Markdown; the rest of the audit is
//! unchanged.

use super::{audit, findings, pages};
use crate::support::cli::run_in;
use crate::support::server::{Reply, Server, page};

#[test]
fn failed_sections_are_summarised_per_site_with_times() {
    let server = Server::start(vec![
        (
            "/",
            page(
                "Trang chủ",
                "<a href=\"/gioi-thieu\">Giới thiệu</a> <a href=\"/tin-tuc/ok\">Tin mới</a> \
                 <a href=\"/tin-tuc/a\">Tin A</a> <a href=\"/tin-tuc/b?trang=2\">Tin B</a> \
                 <a href=\"/van-ban/cham\">Văn bản</a>",
            ),
        ),
        ("/gioi-thieu", page("Giới thiệu", "<p>Giới thiệu</p>")),
        ("/tin-tuc/ok", page("Tin mới", "<p>Tin mới</p>")),
        ("/tin-tuc/a", Reply::Raw(503, vec![], b"busy".to_vec())),
        (
            "/tin-tuc/b?trang=2",
            Reply::Raw(503, vec![], b"busy".to_vec()),
        ),
        ("/van-ban/cham", Reply::Hang),
    ]);
    let u = |p: &str| server.url(p);
    let dir = tempfile::tempdir().unwrap();
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    let (code, report) = audit(
        dir.path(),
        &[
            &u("/"),
            "--ignore-robots",
            "--delay",
            "0",
            "--timeout",
            "1",
            "--fail-on",
            "never",
        ],
    );
    let after = chrono::Utc::now() + chrono::Duration::seconds(1);
    assert_eq!(code, 0);

    // Nothing else lost: the pages that answered are audited, the failures
    // are link findings as before.
    assert_eq!(pages(&report), [u("/"), u("/gioi-thieu"), u("/tin-tuc/ok")]);
    let links = findings(&report, "links");
    assert_eq!(links.len(), 3, "{links:?}");
    for target in ["/tin-tuc/a", "/tin-tuc/b?trang=2", "/van-ban/cham"] {
        assert!(
            links
                .iter()
                .any(|l| l.contains(&format!("| {} |", u(target)))),
            "{target}: {links:?}"
        );
    }

    let availability = report["sites"][0]["availability"].clone();
    let time = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let (first, last) = (time(&availability["first"]), time(&availability["last"]));
    assert!(before <= first && first <= last && last <= after);
    let mut exact = availability.clone();
    for key in ["first", "last"] {
        exact[key] = serde_json::Value::Null;
    }
    for section in exact["sections"].as_array_mut().unwrap() {
        let (f, l) = (time(&section["first"]), time(&section["last"]));
        assert!(first <= f && f <= l && l <= last);
        section["first"] = serde_json::Value::Null;
        section["last"] = serde_json::Value::Null;
    }
    assert_eq!(
        exact,
        serde_json::json!({
            "failed": 3,
            "first": null,
            "last": null,
            "kinds": {"http_5xx": 2, "timeout": 1},
            "root_failed": false,
            "sections": [
                {
                    "section": "/tin-tuc/",
                    "failed": 2,
                    "first": null,
                    "last": null,
                    "kinds": {"http_5xx": 2},
                    "paths": ["/tin-tuc/a", "/tin-tuc/b?trang=2"]
                },
                {
                    "section": "/van-ban/",
                    "failed": 1,
                    "first": null,
                    "last": null,
                    "kinds": {"timeout": 1},
                    "paths": ["/van-ban/cham"]
                }
            ]
        })
    );

    // Rendered again from the store alone (the server is gone): the same summary.
    drop(server);
    let again = dir.path().join("again");
    let output = run_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "report",
            "out/audit.sqlite",
            "--format",
            "json,html,md",
            "--out",
            again.to_str().unwrap(),
        ],
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rendered: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(again.join("report.json")).unwrap()).unwrap();
    assert_eq!(rendered["sites"][0]["availability"], availability);
    let html = std::fs::read_to_string(again.join("report.html")).unwrap();
    let f = |s: usize, k: &str| availability["sections"][s][k].as_str().unwrap().to_string();
    // minijinja escapes `/` in HTML text.
    assert!(
        html.contains("<h4>Availability during the audit (Quy chế Điều 15.2: up 24&#x2f;24)</h4>")
    );
    let row = format!(
        "<tr><td class=\"url\">&#x2f;tin-tuc&#x2f;</td><td>2</td><td>{}</td><td>{}</td><td>server error (HTTP 5xx) × 2</td><td class=\"url\">&#x2f;tin-tuc&#x2f;a, &#x2f;tin-tuc&#x2f;b?trang=2</td></tr>",
        f(0, "first"),
        f(0, "last")
    );
    assert!(html.contains(&row), "{html}");
    let summary = std::fs::read_to_string(again.join("summary.md")).unwrap();
    let site = report["sites"][0]["name"]
        .as_str()
        .unwrap()
        .replace('_', "\\_");
    for (i, row) in [
        "`/tin-tuc/` | 2 | {first} | {last} | server error (HTTP 5xx) × 2 |",
        "`/van-ban/` | 1 | {first} | {last} | timed out × 1 |",
    ]
    .iter()
    .enumerate()
    {
        let row = format!(
            "| {site} | {}",
            row.replace("{first}", &f(i, "first"))
                .replace("{last}", &f(i, "last"))
        );
        assert!(summary.contains(&row), "{row}\n{summary}");
    }
}
