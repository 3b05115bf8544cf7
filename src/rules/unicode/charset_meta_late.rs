//! `charset-meta-late`: the `<meta charset>` comes after the first 1024 bytes.
//!
//! **What it checks.** A `<meta charset>` or `http-equiv="Content-Type"`
//! declaration starts within the first 1024 bytes of the page, where the HTML
//! standard's prescan looks for it.
//!
//! **Why.** A browser ignores a later declaration (or reloads the page when it
//! meets it), so the page is decoded by guesswork. Thông tư 39/2017 (Danh
//! mục, mục 2.7) requires UTF-8, declared where it takes effect.
//!
//! **Fails:** a `<head>` with long scripts or comments before `<meta charset="utf-8">`
//!
//! **Passes:** `<meta charset="utf-8">` as the first element of `<head>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "charset-meta-late",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let Some(meta) = &page.encoding.meta else {
        return;
    };
    if meta.in_prescan {
        out.pass();
        return;
    }
    let finding = match super::charset_element(page) {
        Some(el) => out.fail(el),
        None => out.fail_at(None),
    };
    finding
        .arg("offset", meta.offset.to_string())
        .arg("label", meta.label.clone());
}
