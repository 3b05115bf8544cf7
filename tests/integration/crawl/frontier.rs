//! A fair frontier: the sites take turns (one huge or slow site does not
//! hold the others back), the pages the root links to come before the
//! entries of a huge sitemap, and a page slot is given when a page is
//! fetched, so URLs that fail never spend the page limit. Asserted on which
//! pages were audited and on the order the servers saw requests, never on
//! durations.

use std::time::{Duration, Instant};

use super::{LIMITS, audit, pages};
use crate::support::server::{Reply, Server, page};

/// `server` gets a `/sitemap.xml` listing `n` pages `/s/0`, `/s/1`, … and
/// serves them.
pub(super) fn sitemap_of_pages(server: &Server, n: usize) {
    let locs: String = (0..n)
        .map(|i| format!("<url><loc>{}</loc></url>", server.url(&format!("/s/{i}"))))
        .collect();
    server.route(
        "/sitemap.xml",
        Reply::Raw(200, vec![], format!("<urlset>{locs}</urlset>").into_bytes()),
    );
    server.route(
        "*",
        Reply::Dynamic(std::sync::Arc::new(|path: &str| {
            path.starts_with("/s/").then(|| page(path, "<p>Bài</p>"))
        })),
    );
}

/// The home page's menu pages are audited before the page limit is spent on
/// a sitemap of thousands of entries; the sitemap entries beyond the limit
/// are neither fetched nor checked, and the report says they were left out.
#[test]
fn a_huge_sitemap_does_not_starve_the_home_pages_menu() {
    let menu = ["/gioi-thieu", "/tin-tuc", "/van-ban", "/lien-he"];
    let links: String = menu
        .iter()
        .map(|m| format!("<a href=\"{m}\">{m}</a>\n"))
        .collect();
    let server = Server::start(vec![("/", page("Cổng", &links))]);
    for m in menu {
        server.route(m, page(m, "<p>Chuyên mục</p>"));
    }
    sitemap_of_pages(&server, 5000);
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = audit(
        dir.path(),
        &[&server.url("/"), "--delay", "0", "--max-pages", "7"],
    );
    let audited = pages(&report);
    assert_eq!(audited.len(), 7, "{audited:?}");
    for m in menu {
        assert!(
            audited.contains(&server.url(m)),
            "{m} not audited: {audited:?}"
        );
    }
    // Two sitemap entries fill the limit; the next ones (at most the limit
    // were queued) are left out, said so, and never asked for.
    let sitemap_asked = server
        .arrivals()
        .iter()
        .filter(|(_, p)| p.starts_with("/s/"))
        .count();
    assert_eq!(sitemap_asked, 2);
    let skipped = report["crawl"]["skipped"].to_string();
    assert!(
        skipped.contains("đã đủ giới hạn số trang (địa chỉ chỉ có trong sơ đồ trang)"),
        "{skipped}"
    );
}

/// Pages that fail (404, 500, not HTML) do not spend the page limit: with a
/// limit of 4 and three broken links on the root, the four pages audited
/// are the root and three working pages; the fourth working page is checked.
#[test]
fn urls_that_fail_do_not_spend_the_page_limit() {
    let server = Server::start(vec![
        (
            "/",
            page(
                "Trang chủ",
                "<a href=\"/mat-1\">1</a> <a href=\"/loi\">2</a> <a href=\"/anh.png\">3</a>\n\
                 <a href=\"/a\">A</a> <a href=\"/b\">B</a> <a href=\"/c\">C</a> <a href=\"/d\">D</a>",
            ),
        ),
        ("/loi", Reply::Raw(500, vec![], b"oops".to_vec())),
        (
            "/anh.png",
            Reply::Raw(
                200,
                vec![("Content-Type".into(), "image/png".into())],
                b"png".to_vec(),
            ),
        ),
        ("/a", page("A", "<p>a</p>")),
        ("/b", page("B", "<p>b</p>")),
        ("/c", page("C", "<p>c</p>")),
        ("/d", page("D", "<p>d</p>")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"so\"\nroot = \"{}\"\n\n{}pages_per_site = 4\nretries = 0\n",
        server.url("/"),
        LIMITS.replace("retries = 1\n", "")
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    let (_, report) = audit(dir.path(), &["--config", "audit.toml"]);
    let u = |p: &str| server.url(p);
    assert_eq!(pages(&report), vec![u("/"), u("/a"), u("/b"), u("/c")]);
    assert_eq!(server.hits("/d"), 1, "checked once, not crawled");
}

/// A site whose every page is slow and which has many pages does not hold a
/// small site back: with one request per host and two at once, the small
/// site's pages are asked for while the slow site still has most of its
/// pages to go (before, the slow site's shallow URLs filled every look at
/// the queue, and the small site waited for most of them).
#[test]
fn a_slow_huge_site_does_not_starve_a_small_one() {
    let links: String = (0..20)
        .map(|i| format!("<a href=\"/p-{i}\">{i}</a>\n"))
        .collect();
    let slow = Server::start(vec![("/", page("Chậm", &links))]);
    for i in 0..20 {
        slow.route(
            &format!("/p-{i}"),
            Reply::Delay(Duration::from_millis(250), Box::new(page("P", "<p>p</p>"))),
        );
    }
    // The small site's root answers late: the slow site's URLs are queued
    // first, as shallow as its own.
    let small = Server::start(vec![(
        "/",
        Reply::Delay(
            Duration::from_millis(200),
            Box::new(page(
                "Nhỏ",
                "<a href=\"/x\">X</a> <a href=\"/y\">Y</a> <a href=\"/z\">Z</a>",
            )),
        ),
    )]);
    for p in ["/x", "/y", "/z"] {
        small.route(p, page(p, "<p>n</p>"));
    }
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"cham\"\nroot = \"{}\"\n\n[[site]]\nid = \"nho\"\nroot = \"{}\"\n\n{}per_host = 1\nconcurrency = 2\ntimeout_secs = 5\nread_timeout_secs = 5\n",
        slow.url("/"),
        small.url("/"),
        LIMITS.replace("timeout_secs = 1\nread_timeout_secs = 1\n", "")
    );
    std::fs::write(dir.path().join("audit.toml"), config).unwrap();
    let (_, report) = audit(dir.path(), &["--config", "audit.toml", "--ignore-robots"]);
    assert_eq!(pages(&report).len(), 21 + 4);
    let small_last = small_arrival_last(&small, &["/x", "/y", "/z"]);
    let before = slow_arrivals(&slow)
        .iter()
        .filter(|t| **t < small_last)
        .count();
    assert!(
        before <= 6,
        "the small site waited for {before} of the slow site's 20 pages"
    );
}

fn small_arrival_last(server: &Server, paths: &[&str]) -> Instant {
    server
        .arrival_instants()
        .into_iter()
        .filter(|(_, p)| paths.contains(&p.as_str()))
        .map(|(t, _)| t)
        .max()
        .expect("the small site's pages were asked for")
}

fn slow_arrivals(server: &Server) -> Vec<Instant> {
    server
        .arrival_instants()
        .into_iter()
        .filter(|(_, p)| p.starts_with("/p-"))
        .map(|(t, _)| t)
        .collect()
}
