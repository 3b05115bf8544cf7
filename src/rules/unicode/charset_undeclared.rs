//! `charset-undeclared`: the page does not declare its character encoding.
//!
//! **What it checks.** The page has a byte order mark, a `charset` in the HTTP
//! `Content-Type` header, or a `<meta charset>` / `http-equiv="Content-Type"`
//! declaration (a late one is reported by `charset-meta-late` instead).
//!
//! **Why.** Without a declaration the browser guesses from the user's locale,
//! and Vietnamese pages come out as mojibake on some machines. Thông tư
//! 39/2017 (Danh mục, mục 2.7) requires UTF-8, which a page must say it uses.
//!
//! **Fails:** `<head><title>Trang chủ</title></head>` with no charset anywhere
//!
//! **Passes:** `<head><meta charset="utf-8">…`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "charset-undeclared",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let info = &page.encoding;
    if info.bom.is_some()
        || info.transport.is_some()
        || info.meta.is_some()
        || info.unknown_label.is_some()
    {
        out.pass();
        return;
    }
    match page.root() {
        Some(el) => out.fail(el),
        None => out.fail_at(None),
    };
}
