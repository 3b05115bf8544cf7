//! `link-fragment-missing`: the `#fragment` of a link names no element in the target page.
//!
//! **What it checks.** A link with a `#fragment` whose target page (fetched
//! and read) has no element with that `id`, and no `<a name>` of that name.
//! `#top` is always valid. Targets that could not be read are not judged.
//!
//! **Why.** A reader following "Điều 5" in a table of contents lands at the top
//! of a long document instead; Quy chế Điều 11 khoản 3 asks for correct links.
//!
//! **Fails:** `<a href="quy-che.html#dieu-5">` when `quy-che.html` has no `id="dieu-5"`.
//!
//! **Passes:** `<a href="quy-che.html#dieu-5">` and `<h2 id="dieu-5">` in `quy-che.html`.

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-fragment-missing",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        if link.fragment_found == Some(false) {
            super::fail(out, link);
        }
    }
}
