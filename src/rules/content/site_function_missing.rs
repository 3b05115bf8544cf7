//! `site-function-missing`: a function every state portal must offer is absent.
//!
//! **What it checks.** Over all audited pages: a search form (`input
//! type=search`, a search-named field, a form whose action searches); a
//! human sitemap page (a link or page named "Sơ đồ cổng/site/trang" or whose
//! address names a sitemap); an RSS/Atom feed (`<link rel=alternate
//! type=…rss…>` or a link to one); on every audited article page, a print
//! function ("In bài", a print link or button) and a save function ("Lưu
//! tin", "Lưu bài viết", "Tải về", "Tải xuống", "Xuất PDF", "Save",
//! "Download", a `download` link, with or without diacritics, outside menus
//! and the footer); Q&A or a feedback address (a "Hỏi đáp", "Góp ý", "Phản
//! ánh kiến nghị", "Liên hệ" link, a `mailto:` link, or an email in the
//! footer); a mobile viewport on the home page (`<meta name="viewport"
//! content="width=device-width…">`). One finding per missing function; for
//! print and save it names the article pages lacking it (the first five and
//! how many more).
//!
//! A function is judged only while an article requiring it is in force on the
//! reference date, and its finding (`id`: `search`, `sitemap-page`, `feed`,
//! `print`, `save`, `feedback`, `viewport`) cites only the articles requiring
//! *that* function (`ids` in `rulesets/content.toml`).
//!
//! **Why.** Nghị định 43/2011 Điều 15 (search, print and save for every
//! article, Q&A or an email address) and Nghị định 42/2022 Điều 7 khoản 1;
//! Thông tư 32/2017 Điều 16 khoản 4 (a sitemap for users and an XML sitemap);
//! Thông tư 39/2017 Danh mục item 3.17 (RSS); Thông tư 32/2017 Điều 17 khoản
//! 1 and Nghị định 224/2026 Điều 10 khoản 3 điểm a (mobile access). The XML
//! sitemap is judged by `xml-sitemap-missing` and `xml-sitemap-malformed`.
//!
//! **Fails:** a site with no search box and no "Sơ đồ cổng" link; an article page with "In bài" but no "Lưu tin".
//!
//! **Passes:** `<form role="search">…</form>`, `<a href="/so-do-cong">Sơ đồ cổng</a>`, …

use super::assess::Assessment;
use super::text::{fold, names};
use crate::rules::Findings;
use crate::rules::content::facts::PageFacts;
use crate::rules::site::SitePage;
use crate::rules::{Check, Family, Rule};

/// How many article pages a finding names.
const NAMED_PAGES: usize = 5;

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

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "site-function-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

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
    let articles: Vec<&SitePage> = pages
        .iter()
        .filter(|p| p.content.article.is_some())
        .collect();
    let lacking = |has: fn(&PageFacts) -> bool| -> String {
        let urls: Vec<&str> = articles
            .iter()
            .filter(|p| !has(&p.content))
            .map(|p| p.url.as_str())
            .collect();
        if urls.is_empty() {
            return String::new();
        }
        let mut text = format!(": {}", urls[..urls.len().min(NAMED_PAGES)].join(", "));
        if urls.len() > NAMED_PAGES {
            text.push_str(&format!(" (+{})", urls.len() - NAMED_PAGES));
        }
        text
    };
    let print = lacking(|p| p.print);
    let save = lacking(|p| p.save);
    let feedback = links()
        .any(|l| named(&l.text, &FEEDBACK) || l.href.to_ascii_lowercase().starts_with("mailto:"))
        || pages.iter().any(|p| p.content.footer_text.contains('@'));
    let viewport = site.home().is_none_or(|home| {
        home.content
            .meta
            .get("viewport")
            .is_some_and(|v| v.to_ascii_lowercase().contains("width=device-width"))
    });
    let whole = |present: bool| if present { None } else { Some(String::new()) };
    let article = |lacking: String| (!lacking.is_empty()).then_some(lacking);
    for (id, missing, function) in [
        ("search", whole(search), "chức năng tìm kiếm (search)"),
        (
            "sitemap-page",
            whole(sitemap),
            "trang sơ đồ cổng (sitemap page)",
        ),
        ("feed", whole(feed), "kênh RSS (RSS feed)"),
        (
            "print",
            article(print),
            "chức năng in bài viết (print articles)",
        ),
        (
            "save",
            article(save),
            "chức năng lưu bài viết (save articles)",
        ),
        (
            "feedback",
            whole(feedback),
            "hỏi đáp hoặc địa chỉ góp ý (Q&A or feedback address)",
        ),
        (
            "viewport",
            whole(viewport),
            "hiển thị trên thiết bị di động (mobile viewport)",
        ),
    ] {
        if site.bases("site-function-missing", Some(id)).is_empty() {
            continue;
        }
        match missing {
            None => out.pass(),
            Some(pages) => {
                out.fail_at(None)
                    .at_url(site.site.root.clone())
                    .arg("id", id)
                    .arg("function", format!("{function}{pages}"));
            }
        }
    }
}
