//! `presentational-children-focusable`: a control whose children are presentational contains focusable content.
//!
//! **What it checks.** Elements whose role makes their children presentational
//! (`button`, `checkbox`, `img`, `menuitemcheckbox`, `menuitemradio`, `meter`,
//! `option`, `progressbar`, `radio`, `scrollbar`, `separator`, `slider`,
//! `switch`, `tab`) have no focusable descendant: a link inside a button, a
//! checkbox inside a menu item.
//!
//! **Why.** The inner control is focusable but has no role or name for a
//! screen reader: keyboard users reach something that is announced as
//! nothing. WCAG 2.0 SC 1.3.1 and 4.1.2 (level A); ACT rule 307n5z.
//!
//! **Fails:** `<button>Lưu <a href="/tuy-chon">tùy chọn</a></button>`
//!
//! **Passes:** `<button>Lưu</button> <a href="/tuy-chon">tùy chọn</a>`

use crate::page::{Page, aria};
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "presentational-children-focusable",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let roles: Vec<&str> = aria::ROLES
        .iter()
        .filter(|r| r.children_presentational)
        .map(|r| r.name)
        .collect();
    let candidates = page.with_roles(
        &roles,
        &[
            "button", "img", "input", "option", "meter", "progress", "hr",
        ],
    );
    for el in candidates {
        if page.is_hidden(el) || page.is_svg(el) {
            continue;
        }
        match el.descendants().find(|d| page.is_focusable(*d)) {
            Some(inner) => {
                out.fail(inner).arg("element", super::describe(inner));
            }
            None => out.pass(),
        }
    }
}
