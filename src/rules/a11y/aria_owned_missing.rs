//! `aria-owned-missing`: an element with an ARIA role owns elements its role does not allow.
//!
//! **What it checks.** Every element in the accessibility tree with an
//! explicit role that requires owned elements (`list` → `listitem`, `tablist`
//! → `tab`, `menu` → `menuitem…`/`group`, `grid`/`table` → `row`/`rowgroup`,
//! `row` → cells, `listbox` → `option`/`group`, `tree` → `treeitem`/`group`)
//! owns at least one of them and nothing else: plain wrappers without a role
//! (`generic`) and `role="none"` are looked through, a `group` must in turn
//! own allowed roles, hidden elements are not owned. An empty container
//! (`role="list"` with no items, `role="row"` with no cells, or one whose
//! items are all hidden) fails on the container itself. Containers marked
//! busy (`aria-busy="true"` on them or around them, while script fills
//! them) are skipped.
//!
//! **Why.** A list whose items are plain spans is announced as an empty list;
//! a tab list with links in it confuses the tab count. WCAG 2.0 SC 1.3.1
//! (level A); ACT rule bc4a75.
//!
//! **Fails:** `<div role="list"><span>Thông báo</span></div>`
//!
//! **Passes:** `<div role="list"><span role="listitem">Thông báo</span></div>`,
//! `<div role="list" aria-busy="true"></div>`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

use super::ax_tree::{Owned, Owners, children};

/// What a container owns, against what its role allows.
enum Verdict<'a> {
    /// It owns at least one allowed element and nothing else.
    Allowed,
    /// It owns nothing it requires (empty, or only hidden or empty groups).
    Empty,
    /// The first owned element (or text wrapper) whose role is not allowed.
    Offender(El<'a>),
}

/// Walks what `el` owns: allowed roles, `group`s (which must in turn own
/// allowed roles) and the first offender. Returns the offender, if any, and
/// counts the allowed elements found.
fn walk<'a>(
    page: &'a Page,
    owners: &Owners<'a>,
    el: El<'a>,
    allowed: &[&str],
    found: &mut usize,
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
                        if let Some(bad) = walk(page, owners, child, allowed, found, depth + 1) {
                            return Some(bad);
                        }
                    }
                    Some(r) if allowed.contains(&r) => *found += 1,
                    _ => return Some(child),
                }
            }
        }
    }
    None
}

fn verdict<'a>(page: &'a Page, owners: &Owners<'a>, el: El<'a>, allowed: &[&str]) -> Verdict<'a> {
    let mut found = 0;
    match walk(page, owners, el, allowed, &mut found, 0) {
        Some(bad) => Verdict::Offender(bad),
        None if found == 0 => Verdict::Empty,
        None => Verdict::Allowed,
    }
}

/// Whether the element or a container around it is marked busy (being
/// filled by script: WAI-ARIA 1.2 asks authors to set `aria-busy` then).
fn busy(el: El<'_>) -> bool {
    std::iter::once(el).chain(el.ancestors()).any(|a| {
        a.attr("aria-busy")
            .is_some_and(|b| b.trim().eq_ignore_ascii_case("true"))
    })
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
        let allowed = crate::page::aria::role(&role).map_or(&[][..], |r| r.owns);
        if allowed.is_empty() || busy(el) {
            continue;
        }
        let at = match verdict(page, &owners, el, allowed) {
            Verdict::Allowed => {
                out.pass();
                continue;
            }
            Verdict::Empty => el,
            Verdict::Offender(bad) => bad,
        };
        out.fail(at)
            .arg("role", role.as_str())
            .arg("allowed", allowed.join(", "));
    }
}
