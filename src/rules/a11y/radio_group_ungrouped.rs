//! `radio-group-ungrouped`: a group of radio buttons is not grouped with a name.
//!
//! **What it checks.** Radio buttons (`<input type="radio">`) that share a
//! `name` in the same form, two or more of them, sit inside a `<fieldset>`
//! with a non-empty `<legend>`, or inside an element with
//! `role="radiogroup"` (or `group`) that has an accessible name.
//!
//! **Why.** "Có" and "Không" read out alone do not say what the question
//! was; the group's name (the legend) does. WCAG 2.0 SC 1.3.1 and 3.3.2
//! (level A).
//!
//! **Fails:** `<p>Giới tính</p><input type="radio" name="gt" id="nam"><label for="nam">Nam</label><input type="radio" name="gt" id="nu"><label for="nu">Nữ</label>`
//!
//! **Passes:** `<fieldset><legend>Giới tính</legend>…</fieldset>`

use std::collections::BTreeMap;

use crate::page::accname::input_type;
use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// Whether the radio button sits in a named group.
fn grouped(page: &Page, radio: El<'_>) -> bool {
    radio.ancestors().any(|a| {
        let role = page.role(a);
        matches!(role.as_deref(), Some("radiogroup" | "group"))
            && !page.accessible_name(a).is_empty()
    })
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "radio-group-ungrouped",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    // (form index, name) -> radios
    let mut groups: BTreeMap<(u32, &str), Vec<El<'_>>> = BTreeMap::new();
    for radio in page.by_tag("input") {
        if input_type(radio) != "radio" || page.is_hidden(radio) {
            continue;
        }
        let Some(name) = radio.attr("name").filter(|n| !n.is_empty()) else {
            continue;
        };
        let form = radio
            .ancestors()
            .find(|a| a.name() == "form")
            .map_or(u32::MAX, |f| f.index());
        groups.entry((form, name)).or_default().push(radio);
    }
    for radios in groups.values().filter(|r| r.len() > 1) {
        let first = radios[0];
        if radios.iter().all(|r| grouped(page, *r)) {
            out.pass();
        } else {
            out.fail(first)
                .arg("name", first.attr("name").unwrap_or_default());
        }
    }
}
