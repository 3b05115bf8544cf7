//! `link-javascript-href`: a link whose `href` is a `javascript:` URL.
//!
//! **What it checks.** No visible `<a>` has an `href` starting with
//! `javascript:` (ignoring case and spaces). Such pseudo-links do nothing
//! without script, cannot be opened in a new tab or bookmarked, and are
//! usually buttons in disguise.
//!
//! **Why.** Screen readers announce a link, the user expects to go somewhere,
//! and a script runs instead (or nothing, when scripts are blocked). WCAG 2.0
//! SC 4.1.2 (Name, Role, Value, level A) and 2.1.1 (Keyboard) as best
//! practice: use a `<button>` for actions and a real URL for links.
//!
//! **Fails:** `<a href="javascript:void(0)" onclick="moPopup()">Đăng nhập</a>`
//!
//! **Passes:** `<button type="button" onclick="moPopup()">Đăng nhập</button>`, `<a href="/dang-nhap">Đăng nhập</a>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-javascript-href",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for link in page.by_tag("a") {
        let Some(href) = link.attr("href") else {
            continue;
        };
        if page.is_hidden(link) {
            continue;
        }
        let scheme: String = href
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(11)
            .collect::<String>()
            .to_ascii_lowercase();
        if scheme == "javascript:" {
            out.fail(link).arg("text", page.accessible_name(link));
        } else {
            out.pass();
        }
    }
}
