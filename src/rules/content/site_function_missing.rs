//! `site-function-missing`: a function every state portal must offer is absent.
//!
//! **What it checks.** Over all audited pages: a search form (`input
//! type=search`, a search-named field, a form whose action searches); a
//! human sitemap page (a link or page named "Sơ đồ cổng/site/trang" or whose
//! address names a sitemap); an RSS/Atom feed (`<link rel=alternate
//! type=…rss…>` or a link to one); a print function on articles (checked
//! when article pages were audited); Q&A or a feedback address (a "Hỏi đáp",
//! "Góp ý", "Phản ánh kiến nghị", "Liên hệ" link, a `mailto:` link, or an
//! email in the footer); a mobile viewport on the home page (`<meta
//! name="viewport" content="width=device-width…">`). One finding per missing
//! function.
//!
//! **Why.** Nghị định 43/2011 Điều 15 (search, print and save for every
//! article, Q&A or an email address) and Nghị định 42/2022 Điều 7; Thông tư
//! 32/2017 Điều 16 khoản 4 (a sitemap for users and an XML sitemap); Thông tư
//! 39/2017 Danh mục item 3.17 (RSS); Thông tư 32/2017 Điều 17 khoản 1 and
//! Nghị định 224/2026 Điều 10 khoản 3 điểm a (mobile access). The XML sitemap is the crawler's to
//! find (robots.txt, `/sitemap.xml`) and is not judged here.
//!
//! **Fails:** a site with no search box and no "Sơ đồ cổng" link.
//!
//! **Passes:** `<form role="search">…</form>`, `<a href="/so-do-cong">Sơ đồ cổng</a>`, …

use super::assess::Assessment;
use super::text::{fold, names};
use crate::rules::Findings;

/// Labels of a human sitemap page.
const SITEMAP: [&str; 6] = [
    "so do cong",
    "so do site",
    "so do trang",
    "so do website",
    "sitemap",
    "ban do site",
];
/// Labels of Q&A and feedback.
const FEEDBACK: [&str; 7] = [
    "hoi dap",
    "gop y",
    "phan anh kien nghi",
    "pakn",
    "lien he",
    "doi thoai truc tuyen",
    "gui cau hoi",
];

fn named(label: &str, terms: &[&str]) -> bool {
    let folded = fold(label);
    terms.iter().any(|t| names(&folded, t, 5))
}

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let pages = &site.site.pages;
    let links = || pages.iter().flat_map(|p| p.content.links.iter());
    let search = pages.iter().any(|p| p.content.search_form);
    let sitemap = links().any(|l| {
        let href = l.href.to_ascii_lowercase();
        named(&l.text, &SITEMAP)
            || href.contains("sitemap")
            || href.contains("so-do-cong")
            || href.contains("so-do-site")
    }) || pages
        .iter()
        .any(|p| p.title.as_deref().is_some_and(|t| named(t, &SITEMAP)));
    let feed = pages.iter().any(|p| p.content.feed);
    let articles: Vec<_> = pages
        .iter()
        .filter(|p| p.content.article.is_some())
        .collect();
    let print = articles.is_empty() || articles.iter().any(|p| p.content.print);
    let feedback = links()
        .any(|l| named(&l.text, &FEEDBACK) || l.href.to_ascii_lowercase().starts_with("mailto:"))
        || pages.iter().any(|p| p.content.footer_text.contains('@'));
    let viewport = site.home().is_none_or(|home| {
        home.content
            .meta
            .get("viewport")
            .is_some_and(|v| v.to_ascii_lowercase().contains("width=device-width"))
    });
    for (present, function) in [
        (search, "chức năng tìm kiếm (search)"),
        (sitemap, "trang sơ đồ cổng (sitemap page)"),
        (feed, "kênh RSS (RSS feed)"),
        (print, "chức năng in bài viết (print articles)"),
        (
            feedback,
            "hỏi đáp hoặc địa chỉ góp ý (Q&A or feedback address)",
        ),
        (viewport, "hiển thị trên thiết bị di động (mobile viewport)"),
    ] {
        if present {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(site.site.root.clone())
                .arg("function", function);
        }
    }
}
