//! `meta-viewport-zoom-blocked`: the viewport meta tag stops users from zooming.
//!
//! **What it checks.** A `<meta name="viewport">` whose `content` sets
//! `user-scalable` or `maximum-scale` lets users zoom to at least 200 %:
//! `user-scalable` is not `no` (or a number between -1 and 1), and
//! `maximum-scale` is at least 2 (negative and `device-width` values are
//! ignored by browsers and pass).
//!
//! **Why.** People with low vision enlarge the page on their phone; a portal
//! that blocks pinch-zoom is unreadable for them. WCAG 2.0 SC 1.4.4 (Resize
//! text, level AA); ACT rule b4f0c3.
//!
//! **Fails:** `<meta name="viewport" content="width=device-width, user-scalable=no">`
//!
//! **Passes:** `<meta name="viewport" content="width=device-width, initial-scale=1">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// A viewport property's numeric value as browsers read it.
fn number(value: &str) -> f64 {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" => 1.0,
        "no" => 0.0,
        "device-width" | "device-height" => 10.0,
        v => {
            let numeric: String = v
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
                .collect();
            numeric.parse::<f64>().unwrap_or(0.0)
        }
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "meta-viewport-zoom-blocked",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for meta in page.by_tag("meta") {
        if !meta
            .attr("name")
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("viewport"))
        {
            continue;
        }
        let Some(content) = meta.attr("content") else {
            continue;
        };
        let mut applicable = false;
        let mut blocked: Option<String> = None;
        for pair in content.split([',', ';']) {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let n = number(value);
            match key.as_str() {
                "user-scalable" => {
                    applicable = true;
                    if n > -1.0 && n < 1.0 {
                        blocked = Some(pair.trim().to_string());
                    }
                }
                "maximum-scale" => {
                    applicable = true;
                    if (0.0..2.0).contains(&n) {
                        blocked = Some(pair.trim().to_string());
                    }
                }
                _ => {}
            }
        }
        match (applicable, blocked) {
            (_, Some(setting)) => {
                out.fail(meta).arg("setting", setting);
            }
            (true, None) => out.pass(),
            (false, None) => {}
        }
    }
}
