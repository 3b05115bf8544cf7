//! `doctype-missing`: the page does not declare its HTML version.
//!
//! **What it checks.** The document starts with a document type declaration
//! (`<!DOCTYPE html>` for HTML5, or an HTML 4.01 / XHTML 1.x doctype). Which
//! version is used is information, not a defect: Thông tư 39/2017 makes HTML
//! 4.01 and XHTML 1.1 mandatory and recommends HTML5, and every browser treats
//! HTML5 as the successor of both.
//!
//! **Why.** Without a doctype browsers render in quirks mode: layout, fonts and
//! the box model differ from the standards the page was written for, which
//! breaks zoom and assistive technology in unpredictable ways. Thông tư 39/2017
//! Danh mục items 3.1–3.2 (web content standards).
//!
//! **Fails:** `<html lang="vi"><head><title>Tin tức</title>…`
//!
//! **Passes:** `<!DOCTYPE html><html lang="vi">…`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "doctype-missing",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let Some(html) = page.root() else { return };
    let has_doctype = page
        .html
        .tree
        .root()
        .children()
        .any(|node| node.value().is_doctype());
    if has_doctype {
        out.pass();
    } else {
        out.fail(html);
    }
}
