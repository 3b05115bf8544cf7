//! `id-duplicate`: two elements share an `id`.
//!
//! **What it checks.** Every non-empty `id` in the page is carried by one
//! element only. The finding is on each later element carrying the same
//! `id`.
//!
//! **Why.** `<label for>`, `aria-labelledby` and in-page links all resolve an
//! `id` to the first element that has it: a duplicated id silently names the
//! wrong field or skips to the wrong place. WCAG 2.0 SC 4.1.1 (Parsing,
//! level A); ACT rule 3ea0c8 (deprecated with SC 4.1.1 in WCAG 2.2, still
//! part of WCAG 2.0).
//!
//! **Fails:** `<div id="nhan">Họ tên</div><div id="nhan">Địa chỉ</div>`
//!
//! **Passes:** `<div id="ho-ten">Họ tên</div><div id="dia-chi">Địa chỉ</div>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "id-duplicate",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let mut ids: Vec<(&str, usize)> = page.ids().filter(|(id, _)| !id.is_empty()).collect();
    ids.sort_unstable();
    for (id, count) in ids {
        if count == 1 {
            out.pass();
            continue;
        }
        for el in page.by_id(id).skip(1) {
            out.fail(el).arg("id", id).arg("count", count.to_string());
        }
    }
}
