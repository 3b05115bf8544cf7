//! `aria-context-missing`: an element with an ARIA role is not inside the role it must belong to.
//!
//! **What it checks.** Every element in the accessibility tree whose explicit
//! role needs a context (`listitem` in a `list`, `tab` in a `tablist`,
//! `option` in a `listbox`, `row` in a `table`/`grid`, `menuitem` in a
//! `menu`…) has such a parent in the accessibility tree (plain wrappers
//! without a role and presentational elements are skipped; `aria-owns`
//! counts). Elements whose native role is the same are left to HTML.
//!
//! **Why.** A tab outside a tab list is announced without its position or
//! the list it belongs to. WCAG 2.0 SC 1.3.1 (level A); ACT rule ff89c9.
//!
//! **Fails:** `<div role="listitem">Thông báo</div>` with no `role="list"` around it
//!
//! **Passes:** `<div role="list"><div role="listitem">Thông báo</div></div>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "aria-context-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let owners = super::ax_tree::Owners::of(page);
    for (el, role) in super::explicit_roles(page) {
        let context = crate::page::aria::role(&role).map_or(&[][..], |r| r.context);
        if context.is_empty() || page.implicit_role(el) == Some(role.as_str()) {
            continue;
        }
        let parent_role = super::ax_tree::parent(page, &owners, el).and_then(|p| page.role(p));
        if parent_role.as_deref().is_some_and(|r| context.contains(&r)) {
            out.pass();
        } else {
            out.fail(el)
                .arg("role", role.as_str())
                .arg("context", context.join(", "));
        }
    }
}
