//! `bypass-missing`: a page with repeated navigation offers no way to skip to its content.
//!
//! **What it checks.** A page with links, navigation, a header or a sidebar
//! (blocks that repeat on every page of a portal) before its first paragraph
//! has a `main` landmark
//! (`<main>` or `role="main"`, not hidden). Without one, a skip link (an
//! in-page link to an element that exists) or headings may still do the job,
//! which a person must confirm (cant_tell); with none of the three, it fails.
//! A page with no such block before its content is not applicable.
//!
//! **Why.** Keyboard and screen-reader users otherwise go through the whole
//! menu of the portal on every page before they reach the article.
//! Thông tư 32/2017 Điều 18 khoản 2 encourages keyboard shortcuts to the main
//! parts of the portal. WCAG 2.0 SC 2.4.1 (Bypass Blocks, level A); ACT rules
//! cf77f2 and b40fd1.
//!
//! **Fails:** a page of `<div class="menu">` links and `<div id="noi-dung">` text, with no `<main>`, heading or skip link
//!
//! **Passes:** `<nav>…</nav><main>…</main>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "bypass-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some(body) = page.by_tag("body").next() else {
        return;
    };
    // Repeated blocks matter only before the content: links, navigation,
    // header or sidebar ahead of the first paragraph.
    let content_starts = page
        .by_tag("p")
        .find(|p| !page.is_hidden(*p) && p.text().chars().any(char::is_alphanumeric))
        .map_or(u32::MAX, |p| p.index());
    let repeated = page
        .by_tag("a")
        .take_while(|a| a.index() < content_starts)
        .any(|a| !page.is_hidden(a))
        || page
            .with_roles(
                &["navigation", "banner", "complementary"],
                &["nav", "header", "aside"],
            )
            .into_iter()
            .any(|b| b.index() < content_starts && !page.is_hidden(b));
    if !repeated {
        return;
    }
    let main = page
        .with_roles(&["main"], &["main"])
        .into_iter()
        .any(|m| !page.is_hidden(m));
    if main {
        out.pass();
        return;
    }
    let skip_link = page.by_tag("a").any(|a| {
        a.attr("href")
            .and_then(|h| h.strip_prefix('#'))
            .is_some_and(|id| !id.is_empty() && page.id_count(id) > 0)
    });
    let headings = page
        .with_roles(&["heading"], &["h1", "h2", "h3", "h4", "h5", "h6"])
        .into_iter()
        .any(|h| !page.is_hidden(h));
    if skip_link || headings {
        out.cant_tell(body);
    } else {
        out.fail(body);
    }
}
