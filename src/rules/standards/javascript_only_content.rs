//! `javascript-only-content`: a link of the page exists only after its scripts ran.
//!
//! **What it checks.** In the browser mode (`--render chromium`), the page as
//! Chromium rendered it against the HTML the server sent: every link
//! (`a href`, other than `#…` and `javascript:`) of the rendered DOM whose
//! address the served HTML does not have. Inapplicable to a page that was not
//! rendered; passed when the rendered page's links are all in the served HTML.
//!
//! **Why.** Menus, category lists and news blocks built by JavaScript are not
//! seen by clients that do not run the page's scripts (search engines'
//! first pass, some screen-reader modes, low-end phones, a script that failed
//! to load), so mandatory information reached only through them may be out of
//! reach. Thông tư 32/2017 Điều 16 khoản 2–3 wants the mandatory items and the
//! function list in the main menu. A notice: a rendered menu is not wrong in
//! itself.
//!
//! **Fails:** served `<nav id="menu"></nav><script>…appendChild(a)…</script>`,
//! rendered `<nav id="menu"><a href="/gioi-thieu">Giới thiệu</a></nav>`.
//!
//! **Passes:** the same menu written in the served HTML.

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "javascript-only-content",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let Some(served) = page.served_links.as_ref() else {
        return;
    };
    for a in page.by_tag("a") {
        let Some(href) = a.attr("href").map(str::trim) else {
            continue;
        };
        if href.is_empty()
            || href.starts_with('#')
            || href
                .get(..11)
                .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"))
        {
            continue;
        }
        if served.contains(href) {
            out.pass();
        } else {
            let text: String = a.text().split_whitespace().collect::<Vec<_>>().join(" ");
            out.fail(a).arg("href", href).arg("text", text);
        }
    }
}
