//! `decorative-element-exposed`: an element marked decorative is still exposed to assistive technologies.
//!
//! **What it checks.** Every element marked decorative — an explicit
//! `role="none"` or `role="presentation"`, or an `<img alt="">` — that is in
//! the accessibility tree has neither keyboard focus nor a global ARIA
//! attribute (`aria-label`, `aria-labelledby`, `aria-describedby`, …), and
//! an `<img alt="">` has no `title` with text. Each of these makes browsers
//! ignore the decorative role (WAI-ARIA 1.2 §9.3, HTML-AAM `img`).
//!
//! **Why.** The author says "ignore this", then gives it a name or focus; the
//! browser exposes it after all, with the wrong role, and screen-reader users
//! get noise. WCAG 2.0 SC 1.3.1 (level A); ACT rule 46ca7f.
//!
//! **Fails:** `<img src="logo.png" alt="" aria-label="Logo">`, `<nav role="presentation" aria-label="Menu">`
//!
//! **Passes:** `<img src="duong-ke.png" alt="">`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

fn marked_decorative(page: &Page, el: El<'_>) -> bool {
    match page.explicit_role(el).map(str::to_ascii_lowercase) {
        Some(role) => role == "none" || role == "presentation",
        None => el.name() == "img" && el.attr("alt") == Some(""),
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "decorative-element-exposed",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let mut candidates: Vec<El<'_>> = page.by_tag("img").chain(page.with_role_attr()).collect();
    candidates.sort_by_key(El::index);
    candidates.dedup();
    for el in candidates {
        if !marked_decorative(page, el) || page.is_hidden(el) {
            continue;
        }
        // Exposed when the browser does not give it the presentational role
        // after all: focus or a global ARIA attribute (WAI-ARIA 1.2 §9.3), or
        // for `<img alt="">` a title with text (HTML-AAM).
        if page.role(el).as_deref() == Some("presentation") {
            out.pass();
        } else if super::frame_presentational_by_default(page, el) {
            out.cant_tell(el).arg("element", super::describe(el));
        } else {
            out.fail(el).arg("element", super::describe(el));
        }
    }
}
