//! A deterministic synthetic portal of `n` pages (30–120 KB of Vietnamese
//! text, 60–150 links each) with seeded defects: page `i` links to the missing
//! `/mat/<i>` when `i % 7 == 0`, and to a missing fragment `#khong-<i>` when
//! `i % 11 == 0`. Everything else answers. Used by the ignored scale test
//! (`cargo test --release --test integration synthetic -- --ignored --nocapture`).

use std::fmt::Write as _;

use super::server::{Reply, Server};

const SENTENCES: &[&str] = &[
    "Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai kế hoạch phát triển kinh tế - xã hội năm 2026.",
    "Sở Kế hoạch và Đầu tư hướng dẫn thủ tục đăng ký doanh nghiệp qua mạng điện tử.",
    "Người dân có thể gửi phản ánh, kiến nghị về thủ tục hành chính qua cổng dịch vụ công trực tuyến.",
    "Lễ hội Ok Om Bók của đồng bào Khmer được tổ chức trang trọng, an toàn và tiết kiệm.",
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới đạt nhiều kết quả quan trọng.",
    "Công tác giảm nghèo bền vững được các cấp ủy, chính quyền quan tâm chỉ đạo sát sao.",
];

/// Links every page has at least (menu and tree links aside).
const BASE_LINKS: usize = 50;

/// The page with index `i` of an `n`-page portal.
pub fn page(i: usize, n: usize) -> String {
    let mut html = String::with_capacity(130 * 1024);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Trang {i} – Cổng thông tin điện tử tỉnh</title></head>\n<body>\n<nav aria-label=\"Menu chính\"><ul>\n"
    );
    for m in 0..10.min(n) {
        let _ = writeln!(html, "<li><a href=\"/p/{m}\">Mục {m}</a></li>");
    }
    html.push_str("</ul></nav>\n<main>\n");
    for m in 0..3 {
        let _ = writeln!(html, "<h2 id=\"muc-{m}\">Mục {m}</h2>");
    }
    // Tree links make every page reachable within log2(n) hops.
    for child in [2 * i + 1, 2 * i + 2, i + 1] {
        if child < n {
            let _ = writeln!(html, "<p><a href=\"/p/{child}\">Trang {child}</a></p>");
        }
    }
    let links = BASE_LINKS + (i * 37) % 90;
    let target_bytes = 30 * 1024 + (i * 7919) % (90 * 1024);
    let mut k = 0;
    while html.len() < target_bytes || k < links {
        let sentence = SENTENCES[(i + k) % SENTENCES.len()];
        if k < links {
            let j = (i * 131 + k * 17) % n;
            match k % 3 {
                0 => {
                    let _ = writeln!(
                        html,
                        "<p>{sentence} <a href=\"/p/{j}\">Xem trang {j}</a></p>"
                    );
                }
                1 => {
                    let _ = writeln!(
                        html,
                        "<p>{sentence} <a href=\"/p/{j}#muc-{}\">Mục {} trang {j}</a></p>",
                        k % 3,
                        k % 3
                    );
                }
                _ => {
                    let _ = writeln!(
                        html,
                        "<p>{sentence} <img src=\"/anh/{}.png\" alt=\"Ảnh {k}\"></p>",
                        (i + k) % 50
                    );
                }
            }
        } else {
            let _ = writeln!(html, "<p>{sentence} {sentence}</p>");
        }
        k += 1;
    }
    portal_audit::synth::seeded_broken_links(&mut html, i, n);
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// Serves an `n`-page synthetic portal, generating each page when asked
/// (the server holds no pages, so a 20 000-page portal costs it no memory).
/// Every connection is closed after one answer.
pub fn serve(n: usize) -> Server {
    Server::start(routes(n))
}

/// The same portal served as nginx serves a site: a connection answers
/// request after request (the browser mode's benchmark: a browser reuses
/// its connections for a page's images).
pub fn serve_keep_alive(n: usize) -> Server {
    Server::start_keep_alive(routes(n))
}

/// The portal's one route: pages at `/` and `/p/<i>`, 50 images at
/// `/anh/<a>.png` with the validators a web server gives a static file
/// (`Last-Modified`, `ETag`), so a browser may keep them in its cache.
fn routes(n: usize) -> Vec<(&'static str, Reply)> {
    let make = move |path: &str| -> Option<Reply> {
        if path == "/" {
            return Some(Reply::Html(page(0, n)));
        }
        if let Some(i) = path.strip_prefix("/p/") {
            let i: usize = i.parse().ok()?;
            return (i < n).then(|| Reply::Html(page(i, n)));
        }
        let a: usize = path
            .strip_prefix("/anh/")?
            .strip_suffix(".png")?
            .parse()
            .ok()?;
        (a < 50).then(|| {
            Reply::Raw(
                200,
                vec![
                    ("Content-Type".into(), "image/png".into()),
                    (
                        "Last-Modified".into(),
                        "Mon, 01 Jun 2026 00:00:00 GMT".into(),
                    ),
                    ("ETag".into(), format!("\"anh-{a}\"")),
                ],
                b"\x89PNG".to_vec(),
            )
        })
    };
    vec![("*", Reply::Dynamic(std::sync::Arc::new(make)))]
}
