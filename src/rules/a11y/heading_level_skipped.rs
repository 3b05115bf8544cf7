//! `heading-level-skipped`: a heading skips levels (an `<h2>` followed by an `<h4>`).
//!
//! **What it checks.** Walking the headings in the accessibility tree in
//! document order (`<h1>`–`<h6>` and `role="heading"` with `aria-level`), no
//! heading is more than one level deeper than the heading before it. The
//! first heading may have any level.
//!
//! **Why.** Screen-reader users read the outline of a page from its heading
//! levels; a jump from 2 to 4 suggests a missing section. Thông tư 32/2017
//! Điều 18 khoản 1 điểm d requires headings that divide the content. WCAG 2.0
//! SC 1.3.1 (level A, best practice).
//!
//! **Fails:** `<h2>Tin tức</h2><h4>Tin trong tỉnh</h4>`
//!
//! **Passes:** `<h2>Tin tức</h2><h3>Tin trong tỉnh</h3>`

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

fn level(el: El<'_>) -> u32 {
    if let Some(level) = el
        .attr("aria-level")
        .and_then(|l| l.trim().parse::<u32>().ok())
        .filter(|l| *l > 0)
    {
        return level;
    }
    match el.name() {
        "h1" => 1,
        "h2" => 2,
        "h3" => 3,
        "h4" => 4,
        "h5" => 5,
        "h6" => 6,
        _ => 2,
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "heading-level-skipped",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let headings = page.with_roles(&["heading"], &["h1", "h2", "h3", "h4", "h5", "h6"]);
    let mut previous: Option<u32> = None;
    for heading in headings {
        if page.is_hidden(heading) {
            continue;
        }
        let current = level(heading);
        match previous {
            Some(p) if current > p + 1 => {
                out.fail(heading)
                    .arg("from", format!("h{p}"))
                    .arg("to", format!("h{current}"));
            }
            Some(_) => out.pass(),
            None => {}
        }
        previous = Some(current);
    }
}
