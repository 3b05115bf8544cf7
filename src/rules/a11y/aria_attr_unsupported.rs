//! `aria-attr-unsupported`: an ARIA state or property is used on a role that does not support it.
//!
//! **What it checks.** Every element in the accessibility tree with a
//! non-global `aria-*` attribute (`aria-sort`, `aria-pressed`,
//! `aria-checked`, `aria-selected`, `aria-valuenow`, `aria-orientation`, …)
//! has a role that supports it (WAI-ARIA 1.2's supported and inherited
//! states per role, [`crate::page::aria`]), with the implicit roles of ARIA
//! in HTML: `<h1 aria-selected>` (heading) and `<a aria-checked>` without
//! `href` (generic) fail. An element with no corresponding role (`label`,
//! `abbr`, `audio`…) takes only global attributes, or those ARIA in HTML
//! allows it; elements HTML does not define are left alone. No element with
//! a role that prohibits naming (`generic` `div`/`span`, `paragraph`,
//! `presentation`, `strong`…) has `aria-label` or `aria-labelledby`, nor a
//! `generic` one `aria-roledescription`. Attributes that WAI-ARIA 1.2 only
//! deprecates on a role are accepted.
//!
//! **Why.** Browsers drop unsupported states; a `<div aria-label="Chuối">`
//! is announced without its label, and `aria-pressed` on a link is never
//! read. WCAG 2.0 SC 4.1.2 (Name, Role, Value, level A); ACT rule 5c01ea.
//!
//! **Fails:** `<button aria-sort="ascending">Năm</button>`, `<div aria-label="Thông báo"></div>`
//!
//! **Passes:** `<button aria-pressed="false">Tương phản cao</button>`

use crate::page::accname::input_type;
use crate::page::{El, Page, aria};
use crate::rules::{Check, Family, Findings, Rule};

/// What an element without a role may carry beyond the global attributes
/// (ARIA in HTML, "ARIA role, state and property allowances").
enum Allowance {
    /// The attributes of this role.
    As(&'static aria::Role),
    /// Global attributes only (elements with no corresponding role).
    GlobalOnly,
    /// An element HTML does not define (custom elements, obsolete tags):
    /// its real role is unknown, so it is left alone.
    Unknown,
}

fn allowance(el: El<'_>) -> Allowance {
    let role = |name| aria::role(name).map_or(Allowance::Unknown, Allowance::As);
    match el.name() {
        // "Global aria-* attributes and any aria-* attributes applicable to
        // the application role."
        "audio" | "video" => role("application"),
        // Inputs with no corresponding role take the textbox's attributes
        // (date and time pickers, password); colour and file pickers are
        // given the same allowance rather than guessed stricter.
        "input" => match input_type(el).as_str() {
            "password" | "date" | "datetime-local" | "month" | "time" | "week" | "color"
            | "file" => role("textbox"),
            _ => Allowance::Unknown,
        },
        "abbr" | "br" | "canvas" | "cite" | "col" | "colgroup" | "dl" | "embed" | "figcaption"
        | "iframe" | "kbd" | "label" | "legend" | "map" | "object" | "picture" | "rp" | "rt"
        | "ruby" | "var" | "wbr" => Allowance::GlobalOnly,
        _ => Allowance::Unknown,
    }
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
        if page.is_hidden(el) || page.is_svg(el) {
            continue;
        }
        let role = page.role(el);
        let (allowed, shown) = match role.as_deref() {
            Some(name) => match aria::role(name) {
                Some(r) => (Allowance::As(r), name.to_string()),
                None => continue,
            },
            None => (allowance(el), format!("<{}>", el.name())),
        };
        if matches!(allowed, Allowance::Unknown) {
            continue;
        }
        for (name, _) in el.attrs() {
            if aria::value_type(name).is_none() {
                continue;
            }
            let supported = match &allowed {
                Allowance::As(r) if aria::GLOBAL.contains(&name) => !r.prohibits(name),
                Allowance::As(r) => r.supports(name),
                Allowance::GlobalOnly => aria::GLOBAL.contains(&name),
                Allowance::Unknown => true,
            };
            if supported {
                out.pass();
            } else {
                out.fail(el)
                    .arg("attribute", name)
                    .arg("role", shown.as_str());
            }
        }
    }
}
