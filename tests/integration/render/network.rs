//! The browser's network: a rendered page reaches only what the crawler's
//! address policy allows, through the tool's proxy.

use super::*;

/// The problems of kind `render_blocked`: `(page, message)`.
fn blocked(report: &serde_json::Value) -> Vec<(String, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "render_blocked")
        .map(|p| {
            (
                p["input"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A page whose images, frame and scripts reach for `inner` (a second
/// loopback server standing for the internal network) in several forms, and
/// for the cloud metadata address; and one image of its own.
fn reaching_page(inner: u16) -> Reply {
    Reply::Html(format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cổng</title></head><body>\n\
         <h1>Cổng</h1>\n<img src=\"/rieng.png\" alt=\"của cổng\">\n\
         <img src=\"http://127.0.0.1:{inner}/anh.png\" alt=\"a\">\n\
         <img src=\"http://noi-bo.example.test:{inner}/rebind.png\" alt=\"b\">\n\
         <iframe src=\"http://[::ffff:127.0.0.1]:{inner}/khung\" title=\"c\"></iframe>\n\
         <script>\nfetch('http://127.0.0.1:{inner}/fetched').catch(() => {{}});\n\
         fetch('http://169.254.169.254/latest/meta-data/').catch(() => {{}});\n</script>\n\
         </body></html>\n"
    ))
}

/// A portal serving [`reaching_page`] (towards `inner`) and its own image.
fn reaching_portal(inner: u16) -> Server {
    Server::start(vec![
        ("/", reaching_page(inner)),
        ("/rieng.png", Reply::Raw(200, vec![], Vec::new())),
    ])
}

fn internal_network() -> Server {
    let ok = || Reply::Raw(200, vec![], b"secret".to_vec());
    Server::start(vec![
        ("/anh.png", ok()),
        ("/rebind.png", ok()),
        ("/khung", ok()),
        ("/fetched", ok()),
    ])
}

#[test]
fn a_rendered_page_cannot_reach_the_internal_network() {
    if !chromium() {
        return;
    }
    let inner = internal_network();
    let p = inner.port;
    let portal = reaching_portal(p);
    // A public-looking name, resolved to 127.0.0.1 by the test's DNS server.
    let dns = crate::support::dns::dns_server(crate::support::dns::Aaaa::Absent);
    let url = format!("http://cong.example.test:{}/", portal.port);
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = check(
        dir.path(),
        &url,
        &[
            "--render",
            "chromium",
            "--lang",
            "en",
            "--dns-server",
            &format!("127.0.0.1:{dns}"),
        ],
    );
    assert_eq!(code, 0);
    assert!(
        report["pages"][0].get("rendered").is_some(),
        "{}",
        report["problems"]
    );
    // The named site is loaded through the gate, its own image too.
    assert!(portal.hits("/rieng.png") >= 1);
    assert_eq!(
        inner.arrivals(),
        vec![],
        "nothing reaches the internal network"
    );
    let blocked = blocked(&report);
    for (target, address) in [
        (
            format!("http://127.0.0.1:{p}/anh.png"),
            "127.0.0.1".to_string(),
        ),
        (
            format!("http://127.0.0.1:{p}/fetched"),
            "127.0.0.1".to_string(),
        ),
        (
            format!("http://noi-bo.example.test:{p}/rebind.png"),
            "127.0.0.1".to_string(),
        ),
        (
            "http://169.254.169.254/latest/meta-data/".to_string(),
            "169.254.169.254".to_string(),
        ),
    ] {
        assert!(
            blocked.iter().any(|(page, message)| page == &url
                && message.contains(&format!("requested {target}, which was blocked"))
                && message.contains(&format!("non-public address ({address})"))),
            "{target} in {blocked:#?}"
        );
    }
}

#[test]
fn a_site_on_a_loopback_address_renders_its_own_network() {
    if !chromium() {
        return;
    }
    let inner = internal_network();
    let portal = reaching_portal(inner.port);
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = check(
        dir.path(),
        &portal.url("/"),
        &["--render", "chromium", "--lang", "en"],
    );
    assert_eq!(code, 0);
    assert_eq!(blocked(&report), Vec::<(String, String)>::new());
    assert!(portal.hits("/rieng.png") >= 1, "{}", report["problems"]);
    assert!(inner.hits("/anh.png") >= 1);
    assert!(inner.hits("/fetched") >= 1);
}

#[test]
fn audit_renders_a_pinned_site_without_reaching_the_internal_network() {
    if !chromium() {
        return;
    }
    let inner = internal_network();
    let p = inner.port;
    let portal = reaching_portal(p);
    // A configured site on a public-looking name, pinned to 127.0.0.1 (`--resolve`).
    let root = format!("http://cong.example.test:{}/", portal.port);
    let config = format!(
        "as_of = \"2023-01-01\"\n\n[[site]]\nid = \"portal\"\nrole = \"portal\"\nroot = \"{root}\"\n\n[limits]\ndelay_secs = 0\n\n[crawl]\ncheck_external = false\nsitemaps = false\nrender = \"sample\"\nmeasure_runs = 0\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut extra = RULES.to_vec();
    extra.extend(["--lang", "en", "--resolve", "cong.example.test=127.0.0.1"]);
    let (_, report) = audit_config(dir.path(), &config, &extra, &[]);
    assert!(
        report["pages"][0].get("rendered").is_some(),
        "{}",
        report["problems"]
    );
    assert!(
        portal.hits("/rieng.png") >= 1,
        "the pinned site's own image loads"
    );
    assert_eq!(
        inner.arrivals(),
        vec![],
        "nothing reaches the internal network"
    );
    let blocked = blocked(&report);
    for target in [
        format!("http://127.0.0.1:{p}/anh.png"),
        format!("http://127.0.0.1:{p}/fetched"),
        format!("http://[::ffff:7f00:1]:{p}/khung"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
    ] {
        assert!(
            blocked.iter().any(|(page, message)| page == &root
                && message.contains(&format!("requested {target}, which was blocked"))),
            "{target} in {blocked:#?}"
        );
    }
}
