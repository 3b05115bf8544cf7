//! `obsolete-presentational-markup`: presentation is done with obsolete HTML.
//!
//! **What it checks.** Elements (`font`, `center`, `big`, `strike`, `tt`,
//! `basefont`, `u` used for styling is allowed in HTML5 and not flagged) and
//! attributes (`bgcolor`, `background`, `text`/`link`/`vlink`/`alink` on
//! `body`, `align`, `valign`, `border` on images, `hspace`, `vspace`) that HTML5
//! made obsolete in favour of CSS. One finding per kind, at its first
//! occurrence, with the count.
//!
//! **Why.** Presentation in markup cannot be overridden by users' style
//! sheets (high contrast, larger text) and mixes content with layout, against
//! Thông tư 39/2017 Danh mục item 3.3 (CSS for the user interface). A notice:
//! the page still works.
//!
//! **Fails:** `<font face="Arial" color="red">Thông báo</font>`, `<td bgcolor="#ff0000">`
//!
//! **Passes:** `<span class="canh-bao">Thông báo</span>`

use std::collections::BTreeMap;

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

const ELEMENTS: &[&str] = &["basefont", "big", "center", "font", "strike", "tt"];
const ATTRIBUTES: &[&str] = &[
    "bgcolor",
    "background",
    "align",
    "valign",
    "hspace",
    "vspace",
];
const BODY_ATTRIBUTES: &[&str] = &["text", "link", "vlink", "alink"];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "obsolete-presentational-markup",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check<'a>(page: &'a Page, out: &mut Findings) {
    if page.root().is_none() {
        return;
    }
    // kind -> (first element, count)
    let mut found: BTreeMap<String, (El<'_>, usize)> = BTreeMap::new();
    let mut note = |kind: String, el: El<'a>| {
        found
            .entry(kind)
            .and_modify(|(_, n)| *n += 1)
            .or_insert((el, 1));
    };
    for name in ELEMENTS {
        for el in page.by_tag(name) {
            note(format!("<{name}>"), el);
        }
    }
    for el in page.elements() {
        for (attr, _) in el.attrs() {
            let obsolete = ATTRIBUTES.contains(&attr)
                || (el.name() == "body" && BODY_ATTRIBUTES.contains(&attr))
                || (el.name() == "img" && attr == "border");
            if obsolete {
                note(format!("{}[{attr}]", el.name()), el);
            }
        }
    }
    if found.is_empty() {
        out.pass();
        return;
    }
    let mut found: Vec<(String, (El<'_>, usize))> = found.into_iter().collect();
    found.sort_by_key(|(kind, (el, _))| (el.index(), kind.clone()));
    for (kind, (el, count)) in found {
        out.fail(el)
            .arg("markup", kind)
            .arg("count", count.to_string());
    }
}
