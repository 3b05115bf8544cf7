//! The manual review checklist filled in a real browser (issue 16): headless
//! Chromium driven over the DevTools protocol ticks Đạt with the mouse and
//! Không đạt with the keyboard, writes a note, reloads the page (the choices
//! come back from `localStorage`), downloads "Tải kết quả kiểm tra thủ công",
//! and the downloaded file is merged by `report --review-decisions`.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::browser::{Browser, Devtools};
use crate::support::cli::run_in;

/// Waits until the report has loaded and its checklist script has run.
async fn ready(dt: &mut Devtools, session: &str) {
    dt.wait_for(
        session,
        "!window.staleDocument && document.readyState === 'complete' && !!document.getElementById('review-tools') && !document.getElementById('review-tools').hidden",
    )
    .await;
}

fn json_file(path: &Path) -> Value {
    crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap(),
    )
}

#[test]
fn the_checklist_is_ticked_kept_across_a_reload_and_downloaded_for_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::support::cli::root();
    let out = dir.path().join("out");
    let output = run_in(
        &root,
        &[
            "check",
            "fixtures/sites/review",
            "--format",
            "json,html",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.code().is_some(), "{output:?}");
    let report = json_file(&out.join("report.json"));
    let ids: Vec<String> = report["review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let file = downloads.join("review-decisions.json");
    let url = url::Url::from_file_path(out.join("report.html")).unwrap();

    let browser = Browser::start(&crate::reports::chromium());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (state, labelled) = runtime.block_on(async {
        let (socket, _) = tokio_tungstenite::connect_async(browser.ws.as_str())
            .await
            .unwrap();
        let mut dt = Devtools { socket, next: 0 };
        dt.call(
            None,
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.to_str().unwrap()}),
        )
        .await;
        let target = dt
            .call(None, "Target.createTarget", json!({"url": url.as_str()}))
            .await;
        let session = dt
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target["targetId"], "flatten": true}),
            )
            .await["sessionId"]
            .as_str()
            .unwrap()
            .to_string();
        let s = session.as_str();
        ready(&mut dt, s).await;
        // Every control has a label that names it.
        let labelled = dt
            .eval(
                s,
                "Array.from(document.querySelectorAll('#checklist input, #checklist textarea')).every(c => c.labels.length > 0 && c.labels[0].textContent.trim().length > 0)",
            )
            .await;
        // Đạt with the mouse, a note typed, Không đạt with the keyboard (Space on the focused radio).
        dt.eval(s, &format!("document.getElementById('passed-{}').click()", ids[0]))
            .await;
        dt.eval(s, &format!("document.getElementById('note-{}').focus()", ids[0]))
            .await;
        dt.call(
            Some(s),
            "Input.insertText",
            json!({"text": "Đã xem: chữ liên kết rõ nghĩa"}),
        )
        .await;
        dt.eval(s, &format!("document.getElementById('failed-{}').focus()", ids[1]))
            .await;
        dt.key(s, " ", "Space", 32, " ").await;
        // Reloaded (the old document marked, so that only the new one is
        // waited for): the choices come back from localStorage.
        dt.eval(s, "window.staleDocument = true").await;
        dt.call(Some(s), "Page.reload", json!({})).await;
        ready(&mut dt, s).await;
        let state = dt
            .eval(
                s,
                &format!(
                    "[document.getElementById('passed-{a}').checked, document.getElementById('note-{a}').value, document.getElementById('failed-{b}').checked, document.getElementById('passed-{c}').checked || document.getElementById('failed-{c}').checked, document.getElementById('review-status').textContent]",
                    a = ids[0],
                    b = ids[1],
                    c = ids[2]
                ),
            )
            .await;
        dt.eval(s, "document.getElementById('review-download').click()")
            .await;
        // The download, written by the browser, waited for while the DevTools
        // connection stays open: closing it resets the download behaviour set
        // above, and the browser would then refuse the download.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !file.is_file() {
            assert!(Instant::now() < deadline, "nothing was downloaded");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (state, labelled)
    });
    assert_eq!(labelled, json!(true), "a checklist control without a label");
    assert_eq!(
        state,
        json!([
            true,
            "Đã xem: chữ liên kết rõ nghĩa",
            true,
            false,
            "Đã lưu 2 mục trong trình duyệt này."
        ])
    );

    drop(browser);
    let decisions = json_file(&file);
    assert_eq!(
        decisions,
        json!({"decisions": [
            {"id": ids[0], "verdict": "passed", "note": "Đã xem: chữ liên kết rõ nghĩa"},
            {"id": ids[1], "verdict": "failed"},
        ]})
    );

    // The downloaded file is what `report --review-decisions` reads.
    let output = run_in(
        dir.path(),
        &[
            "report",
            out.join("report.json").to_str().unwrap(),
            "--review-decisions",
            file.to_str().unwrap(),
            "--format",
            "json,html",
            "--out",
            "merged",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let merged = json_file(&dir.path().join("merged/report.json"));
    assert_eq!(
        merged["review"][0]["decision"],
        json!({"verdict": "passed", "note": "Đã xem: chữ liên kết rõ nghĩa"})
    );
    assert_eq!(
        merged["review"][1]["decision"],
        json!({"verdict": "failed"})
    );
    // The merged HTML opens with those choices made; its report id (and so
    // its saved choices) is the same report's.
    let html = std::fs::read_to_string(dir.path().join("merged/report.html")).unwrap();
    let first = std::fs::read_to_string(out.join("report.html")).unwrap();
    let report_id = |html: &str| {
        regex::Regex::new(r#"data-report-id="([0-9a-f]{16})""#)
            .unwrap()
            .captures(html)
            .unwrap()[1]
            .to_string()
    };
    assert_eq!(report_id(&html), report_id(&first));
    assert!(html.contains(&format!(
        "id=\"passed-{}\" value=\"passed\" checked>",
        ids[0]
    )));
    assert!(html.contains(&format!(
        "id=\"failed-{}\" value=\"failed\" checked>",
        ids[1]
    )));
    assert!(html.contains("rows=\"2\">Đã xem: chữ liên kết rõ nghĩa</textarea>"));
}
