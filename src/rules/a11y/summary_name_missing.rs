//! `summary-name-missing`: the `<summary>` of a `<details>` has no accessible name.
//!
//! **What it checks.** The first `<summary>` child of each `<details>`, without
//! an explicit role (or whose `role="none"` is overridden because it is
//! focusable) and in the accessibility tree, has a non-empty accessible
//! name (its text, `aria-label`, `aria-labelledby` or `title`).
//!
//! **Why.** The summary is the button that opens the section; without a name a
//! screen reader announces an unnamed control. WCAG 2.0 SC 4.1.2 (level A);
//! ACT rule 2t702h.
//!
//! **Fails:** `<details><summary></summary>…</details>`
//!
//! **Passes:** `<details><summary>Thủ tục hành chính</summary>…</details>`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "summary-name-missing",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let summaries = page.by_tag("details").filter_map(|details| {
        details
            .children()
            .find(|c| c.name() == "summary")
            .filter(|s| page.role(*s).as_deref() == Some("button"))
    });
    super::require_names(page, out, summaries);
}
