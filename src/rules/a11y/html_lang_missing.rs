//! `html-lang-missing`: the page does not say which language it is in.
//!
//! **What it checks.** The root `<html>` element of an HTML page has a `lang`
//! attribute with a non-empty value (`xml:lang` alone does not count for HTML).
//!
//! **Why.** Screen readers choose their voice and pronunciation from it; without
//! it, Vietnamese is read with English rules and becomes unintelligible.
//! WCAG 2.0 SC 3.1.1 (Language of Page, level A); Thông tư 32/2017 Điều 17.3
//! recommends WCAG 2.0. ACT rule b5c3f8.
//!
//! **Fails:** `<html><head><title>Cổng thông tin</title>…`
//!
//! **Passes:** `<html lang="vi">…`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "html-lang-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some(html) = page.root() else { return };
    if html
        .attr("lang")
        .is_some_and(|lang| !lang.trim().is_empty())
    {
        out.pass();
    } else {
        out.fail(html);
    }
}
