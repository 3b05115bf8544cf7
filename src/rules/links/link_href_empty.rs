//! `link-href-empty`: a link has an empty `href` or only `#`.
//!
//! **What it checks.** `a` and `area` elements whose `href` is empty or just
//! `#`: they lead nowhere (or reload the page).
//!
//! **Why.** A link that goes nowhere is a broken promise to the reader, and a
//! screen reader announces it as a link all the same. Quy chế Điều 11 khoản 3.
//!
//! **Fails:** `<a href="">Thủ tục hành chính</a>`, `<a href="#">Xem thêm</a>`
//!
//! **Passes:** `<a href="/thu-tuc-hanh-chinh">Thủ tục hành chính</a>`

use crate::rules::{Findings, SiteData};

use super::is_anchor;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-href-empty",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in data.links.iter().filter(|l| is_anchor(l)) {
        let href = link.link.href.trim();
        if href.is_empty() || href == "#" {
            super::fail(out, link);
        }
    }
}
