//! A kept render tab between pages: no page sees what an earlier one left
//! (cookies, local and session storage, a frame's storage), even what it
//! writes as it is left, and a page that will not leave costs only its tab.

use super::{check_rendered_img_alt, chromium};
use crate::support::server::{Reply, Server, page};

#[test]
fn pages_rendered_in_one_kept_tab_see_nothing_another_left() {
    // Each page leaves a cookie, local and session storage as it loads.
    kept_tab_pages_see_nothing_left("leave();");
}

/// What a page leaves after its render — a timer that keeps writing, the
/// `pagehide` and `visibilitychange` handlers that leaving it runs — must
/// not reach the next page of the kept tab either (the browser parking the
/// tab on `about:blank` let those handlers' writes through).
#[test]
fn what_a_page_writes_after_its_render_does_not_reach_the_next_page() {
    kept_tab_pages_see_nothing_left(
        "setTimeout(() => setInterval(leave, 2), 1000);\naddEventListener('pagehide', leave);\naddEventListener('visibilitychange', leave);",
    );
}

/// A frame of another origin keeps its own session storage in the tab: it is
/// cleared too (the frame tells its page what it found; the page then adds
/// an image without a text alternative).
#[test]
fn a_frame_of_another_origin_sees_nothing_its_last_page_left() {
    if !chromium() {
        return;
    }
    let server = Server::start(vec![
        (
            "/khung",
            page(
                "Khung",
                "<script>\nconst seen = sessionStorage.getItem('da-den');\nsessionStorage.setItem('da-den', '1');\nparent.postMessage(seen ? 'seen' : 'fresh', '*');\n</script>",
            ),
        ),
        ("/anh.png", Reply::Raw(200, vec![], Vec::new())),
    ]);
    let framed = page(
        "Trang",
        &format!(
            "<script>\naddEventListener('message', (e) => {{ if (e.data === 'seen') {{ const img = document.createElement('img'); img.src = '/anh.png'; document.body.appendChild(img); }} }});\n</script>\n<iframe src=\"http://localhost:{}/khung\" title=\"Khung\"></iframe>",
            server.port
        ),
    );
    server.route("/mot", framed.clone());
    server.route("/hai", framed.clone());
    server.route("/ba", framed);
    three_pages_in_one_tab_see_nothing_left(&server);
    assert_eq!(server.hits("/khung"), 3);
}

/// A page that will not leave (it cancels the navigation its tab's reset
/// starts, and stays): its tab is closed and the next pages render in a
/// fresh one, seeing nothing it left; no page has a problem.
#[test]
fn a_page_that_will_not_leave_has_its_tab_closed_and_the_check_goes_on() {
    if !chromium() {
        return;
    }
    let stays = page(
        "Ở lại",
        "<script>\ndocument.cookie = 'da-den=1; path=/; max-age=3600';\nlocalStorage.setItem('da-den', '1');\nsessionStorage.setItem('da-den', '1');\nnavigation.addEventListener('navigate', (e) => { e.preventDefault(); setTimeout(() => fetch('/van-o-day'), 300); });\n</script>",
    );
    let server = Server::start(vec![
        ("/mot", stays),
        ("/van-o-day", Reply::Raw(204, vec![], Vec::new())),
        ("/anh.png", Reply::Raw(200, vec![], Vec::new())),
    ]);
    let looks = page(
        "Trang",
        "<script>\nif (document.cookie.includes('da-den=1') || localStorage.getItem('da-den') || sessionStorage.getItem('da-den')) { const img = document.createElement('img'); img.src = '/anh.png'; document.body.appendChild(img); }\n</script>",
    );
    server.route("/hai", looks.clone());
    server.route("/ba", looks);
    three_pages_in_one_tab_see_nothing_left(&server);
    // The page cancelled its navigation and was still there after it.
    assert_eq!(server.hits("/van-o-day"), 1);
}

/// Three pages rendered in one kept tab, each with a script that looks for
/// what an earlier page would have left (a cookie, local and session
/// storage) and adds an image without a text alternative when it finds any,
/// then runs `leaves` (which calls `leave()` to leave all three): no page
/// has that image.
fn kept_tab_pages_see_nothing_left(leaves: &str) {
    if !chromium() {
        return;
    }
    let page = |title: &str| {
        Reply::Html(format!(
            "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>\n<script>\nconst seen = document.cookie.includes('da-den=1') || localStorage.getItem('da-den') || sessionStorage.getItem('da-den');\nif (seen) {{ const img = document.createElement('img'); img.src = '/anh.png'; document.body.appendChild(img); }}\nconst leave = () => {{ document.cookie = 'da-den=1; path=/; max-age=3600'; localStorage.setItem('da-den', '1'); sessionStorage.setItem('da-den', '1'); }};\n{leaves}\n</script>\n</body></html>\n"
        ))
    };
    let server = Server::start(vec![
        ("/mot", page("Một")),
        ("/hai", page("Hai")),
        ("/ba", page("Ba")),
        ("/anh.png", Reply::Raw(200, vec![], Vec::new())),
    ]);
    three_pages_in_one_tab_see_nothing_left(&server);
}

/// `/mot`, `/hai` and `/ba` of `server` checked in this order in one kept
/// render tab: each is rendered, none has a problem, and none has an image
/// without a text alternative (what their scripts add when they find
/// something an earlier page left).
fn three_pages_in_one_tab_see_nothing_left(server: &Server) {
    let urls: Vec<String> = ["/mot", "/hai", "/ba"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let (code, report) = check_rendered_img_alt(&urls, &["--render-tabs", "1"], &[]);
    assert_eq!(code, 0);
    assert_eq!(report["problems"], serde_json::json!([]));
    let pages = report["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 3);
    for page in pages {
        assert!(page.get("rendered").is_some(), "{page}");
    }
    assert!(
        crate::support::cli::all_findings(&report)
            .iter()
            .all(|f| f["rule"] != "img-alt-missing"),
        "{}",
        report["findings"]
    );
}
