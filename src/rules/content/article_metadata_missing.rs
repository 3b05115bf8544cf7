//! `article-metadata-missing`: a news article shows no date, or no author or source.
//!
//! **What it checks.** Pages recognised as articles (an `<article>` element or
//! `og:type=article`, or one main `h1` over at least 400 characters of
//! paragraphs and few sub-headings) show a publication date (a `<time>`, an
//! element whose class names a date, `article:published_time` / `DC.date`, or
//! a date just below the headline) and an author or source line (`Tác giả:`,
//! `Nguồn:`, `Theo …`, `Tin, ảnh: …`, an element whose class names the author
//! or source, or `DC.creator` / `author`).
//!
//! **Why.** Quy chế Trà Vinh Điều 9 khoản 3: whoever posts, quotes or uses
//! information on the portal "phải ghi rõ thông tin về tác giả, nguồn của
//! thông tin"; Thông tư 24/2011 Điều 4 makes the creator and the date
//! mandatory metadata of every article. Without a date readers cannot tell
//! whether news is current.
//!
//! **Fails:** `<article><h1>Hội nghị …</h1><p>…</p></article>` with no date and no source.
//!
//! **Passes:** the same with `<p class="date">15/08/2019</p>` and `<p>Nguồn: Báo Trà Vinh</p>`.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "article-metadata-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    for page in &site.site.pages {
        let Some(article) = &page.content.article else {
            continue;
        };
        let mut missing = Vec::new();
        if article.date.is_none() {
            missing.push("ngày đăng (date)");
        }
        if article.byline.is_none() {
            missing.push("tác giả hoặc nguồn (author or source)");
        }
        if missing.is_empty() {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(page.url.clone())
                .arg("headline", article.headline.clone())
                .arg("missing", missing.join(", "));
        }
    }
}
