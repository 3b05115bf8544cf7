//! `aria-owned-missing`: an element with an ARIA role owns elements its role does not allow.
//!
//! **What it checks.** Every element in the accessibility tree with an
//! explicit role that requires owned elements (`list` → `listitem`, `tablist`
//! → `tab`, `menu` → `menuitem…`/`group`, `grid`/`table` → `row`/`rowgroup`,
//! `row` → cells, `listbox` → `option`/`group`, `tree` → `treeitem`/`group`)
//! owns only those (through plain wrappers without a role; a `group` must in
//! turn own allowed roles). Busy containers (`aria-busy="true"`) are skipped.
//!
//! **Why.** A list whose items are plain spans is announced as an empty list;
//! a tab list with links in it confuses the tab count. WCAG 2.0 SC 1.3.1
//! (level A); ACT rule bc4a75.
//!
//! **Fails:** `<div role="list"><span>Thông báo</span></div>`
//!
//! **Passes:** `<div role="list"><span role="listitem">Thông báo</span></div>`

use crate::page::{El, Page};
use crate::rules::Findings;

use super::ax_tree::{Owned, Owners, children};
use crate::rules::{Check, Family, Rule};

/// The first owned element (or text wrapper) whose role is not allowed.
fn offender<'a>(
    page: &'a Page,
    owners: &Owners<'a>,
    el: El<'a>,
    allowed: &[&str],
    depth: u32,
) -> Option<El<'a>> {
    if depth > 16 {
        return None;
    }
    for owned in children(page, owners, el) {
        match owned {
            Owned::Text(holder) => return Some(holder),
            Owned::Element(child) => {
                let role = page.role(child);
                match role.as_deref() {
                    Some("group") if allowed.contains(&"group") => {
                        if let Some(bad) = offender(page, owners, child, allowed, depth + 1) {
                            return Some(bad);
                        }
                    }
                    Some(r) if allowed.contains(&r) => {}
                    _ => return Some(child),
                }
            }
        }
    }
    None
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-owned-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let owners = Owners::of(page);
    for (el, role) in super::explicit_roles(page) {
        let allowed = super::aria::required_owned(&role);
        if allowed.is_empty()
            || el
                .attr("aria-busy")
                .is_some_and(|b| b.trim().eq_ignore_ascii_case("true"))
        {
            continue;
        }
        match offender(page, &owners, el, allowed, 0) {
            Some(bad) => {
                out.fail(bad)
                    .arg("role", role.as_str())
                    .arg("allowed", allowed.join(", "));
            }
            None => out.pass(),
        }
    }
}
