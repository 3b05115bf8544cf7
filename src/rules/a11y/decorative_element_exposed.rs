//! `decorative-element-exposed`: an element marked decorative is still exposed to assistive technologies.
//!
//! **What it checks.** Every element marked decorative — an explicit
//! `role="none"` or `role="presentation"`, or an `<img alt="">` — that is in
//! the accessibility tree has neither keyboard focus nor a global ARIA
//! attribute (`aria-label`, `aria-labelledby`, `aria-describedby`, …).
//! Either one makes browsers ignore the decorative role.
//!
//! **Why.** The author says "ignore this", then gives it a name or focus; the
//! browser exposes it after all, with the wrong role, and screen-reader users
//! get noise. WCAG 2.0 SC 1.3.1 (level A); ACT rule 46ca7f.
//!
//! **Fails:** `<img src="logo.png" alt="" aria-label="Logo">`, `<nav role="presentation" aria-label="Menu">`
//!
//! **Passes:** `<img src="duong-ke.png" alt="">`

use crate::page::accname::GLOBAL_ARIA;
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
        let exposed = page.is_focusable(el)
            || el
                .attrs()
                .any(|(name, _)| name != "aria-hidden" && GLOBAL_ARIA.contains(&name));
        if exposed {
            out.fail(el).arg("element", super::describe(el));
        } else {
            out.pass();
        }
    }
}
