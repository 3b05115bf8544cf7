//! `link-javascript`: a link's `href` is a `javascript:` URL.
//!
//! **What it checks.** `a` and `area` elements whose `href` is a `javascript:`
//! URL.
//!
//! **Why.** Such a link does nothing without JavaScript, cannot be opened in a
//! new tab, shared or bookmarked, and a crawler (and a search engine) cannot
//! follow it to the content. Quy chế Điều 11 khoản 3 asks for links that lead
//! to the content. Screen readers announce a link, the user expects to go
//! somewhere and a script runs instead: WCAG 2.0 SC 4.1.2 (best practice).
//! This is the one rule for the defect (it replaced the accessibility rule
//! `link-javascript-href`, which reported the same element a second time).
//!
//! **Fails:** `<a href="javascript:void(0)" onclick="xem(12)">Xem</a>`
//!
//! **Passes:** `<a href="/tin-tuc/12">Xem</a>`, or a `<button>` for an action.

use crate::rules::{Findings, SiteData};

use super::is_anchor;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-javascript",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in data.links.iter().filter(|l| is_anchor(l)) {
        if link.link.scheme == "javascript" {
            super::fail(out, link);
        }
    }
}
