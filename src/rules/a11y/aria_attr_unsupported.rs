//! `aria-attr-unsupported`: an ARIA state or property is used on a role that does not support it.
//!
//! **What it checks.** Every element in the accessibility tree with a
//! non-global `aria-*` attribute (`aria-sort`, `aria-pressed`,
//! `aria-checked`, `aria-valuenow`, `aria-orientation`, …) has a role that
//! supports it, and no element with a role that prohibits naming (`generic`
//! `div`/`span`, `paragraph`, `presentation`, `strong`…) has `aria-label` or
//! `aria-labelledby`. Form controls whose implicit role we do not model are
//! left alone.
//!
//! **Why.** Browsers drop unsupported states; a `<div aria-label="Chuối">`
//! is announced without its label, and `aria-pressed` on a link is never
//! read. WCAG 2.0 SC 4.1.2 (Name, Role, Value, level A); ACT rule 5c01ea.
//!
//! **Fails:** `<button aria-sort="ascending">Năm</button>`, `<div aria-label="Thông báo"></div>`
//!
//! **Passes:** `<button aria-pressed="false">Tương phản cao</button>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// Elements with no role in our model whose real role we may not know.
fn role_unknown(name: &str) -> bool {
    !matches!(
        name,
        "div"
            | "span"
            | "audio"
            | "video"
            | "b"
            | "i"
            | "u"
            | "s"
            | "small"
            | "font"
            | "center"
            | "label"
            | "abbr"
            | "cite"
            | "q"
            | "kbd"
            | "samp"
            | "var"
            | "bdi"
            | "bdo"
            | "pre"
            | "address"
            | "section"
    )
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-attr-unsupported",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page.with_aria_attrs() {
        if page.is_hidden(el) {
            continue;
        }
        let role = page.role(el);
        if role.is_none() && role_unknown(el.name()) {
            continue;
        }
        let effective = role.clone().unwrap_or_else(|| "generic".to_string());
        for (name, _) in el.attrs() {
            if super::aria::value_type(name).is_none() {
                continue;
            }
            let supported = if matches!(name, "aria-label" | "aria-labelledby") {
                !super::aria::NAME_PROHIBITED.contains(&effective.as_str())
            } else {
                super::aria::supporting_roles(name)
                    .is_none_or(|roles| roles.contains(&effective.as_str()))
            };
            if supported {
                out.pass();
            } else {
                out.fail(el)
                    .arg("attribute", name)
                    .arg("role", effective.as_str());
            }
        }
    }
}
