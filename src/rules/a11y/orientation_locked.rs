//! `orientation-locked`: CSS turns the page a quarter turn in one orientation, locking it to the other.
//!
//! **What it checks.** Rules inside `@media (orientation: portrait)` or
//! `(orientation: landscape)` blocks that rotate the whole page (a selector
//! that matches the `<html>` or `<body>` element: `html`, `:root`,
//! `body.khoa-huong`…, with `transform: rotate()/rotateZ()/rotate3d()` about
//! the z axis, `matrix()`, a planar `matrix3d()`, or the `rotate` property)
//! do not turn it by about 90° (between 45° and 135°, modulo 180°).
//! Rotations we cannot compute, and turns about other axes, are left alone.
//!
//! **Why.** People who mount a tablet on a wheelchair cannot turn it; a page
//! that rotates itself back to one orientation is unusable for them. WCAG 2.1
//! SC 1.3.4 (Orientation, level AA; a best practice under WCAG 2.0); ACT rule
//! b33eff.
//!
//! **Fails:** `@media (orientation: portrait) { html { transform: rotate(90deg); } }`
//!
//! **Passes:** a page whose layout adapts with `@media (orientation: …)` without rotating it

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// An angle in degrees: `deg`, `rad`, `turn`, `grad`.
fn angle(value: &str) -> Option<f64> {
    let v = value.trim().to_ascii_lowercase();
    for (unit, factor) in [
        ("deg", 1.0),
        ("grad", 0.9),
        ("rad", 180.0 / std::f64::consts::PI),
        ("turn", 360.0),
    ] {
        if let Some(n) = v.strip_suffix(unit) {
            return n.trim().parse::<f64>().ok().map(|n| n * factor);
        }
    }
    (v == "0" || v == "none").then_some(0.0)
}

fn numbers(args: &str) -> Option<Vec<f64>> {
    args.split(',')
        .map(|a| a.trim().parse::<f64>().ok())
        .collect()
}

/// The rotation of a `transform` value in degrees, `None` when unknown.
fn transform_rotation(value: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = value.trim();
    if rest.eq_ignore_ascii_case("none") {
        return Some(0.0);
    }
    while !rest.is_empty() {
        let open = rest.find('(')?;
        let close = rest[open..].find(')')? + open;
        let name = rest[..open].trim().to_ascii_lowercase();
        let args = &rest[open + 1..close];
        match name.as_str() {
            "rotate" | "rotatez" => total += angle(args)?,
            "matrix" => {
                let m = numbers(args)?;
                if m.len() != 6 {
                    return None;
                }
                total += m[1].atan2(m[0]).to_degrees();
            }
            "matrix3d" => {
                // Column-major; a turn in the page's plane leaves z alone.
                let m = numbers(args)?;
                if m.len() != 16 || [m[2], m[6], m[8], m[9]].iter().any(|v| v.abs() > 1e-9) {
                    return None;
                }
                total += m[1].atan2(m[0]).to_degrees();
            }
            "rotate3d" => {
                // A turn about the z axis (0, 0, ±z) is a turn in the page's
                // plane; about any other axis it tilts the page, not rotates it.
                let parts: Vec<&str> = args.split(',').collect();
                let [x, y, z, a] = parts[..] else {
                    return None;
                };
                let (x, y, z) = (
                    x.trim().parse::<f64>().ok()?,
                    y.trim().parse::<f64>().ok()?,
                    z.trim().parse::<f64>().ok()?,
                );
                if x != 0.0 || y != 0.0 || z == 0.0 {
                    return None;
                }
                total += angle(a)? * z.signum();
            }
            n if n.starts_with("translate") || n.starts_with("scale") => {}
            _ => return None,
        }
        rest = rest[close + 1..].trim_start();
    }
    Some(total)
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "orientation-locked",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let Some(html) = page.root() else { return };
    let body = page.by_tag("body").next();
    if body.is_some_and(|b| page.is_not_rendered(b)) {
        return;
    }
    // The whole page turns when a rule applies to the root or the body,
    // however its selector names them (`html`, `:root`, `body.khoa-doc`, a
    // class set on <html> by script…).
    let page_elements: Vec<scraper::ElementRef<'_>> = std::iter::once(html)
        .chain(body)
        .map(|e| e.element_ref())
        .collect();
    for (selector, declarations) in &page.sheets().orientation {
        let whole_page = crate::page::style::parse_selector(selector)
            .is_some_and(|parsed| page_elements.iter().any(|e| parsed.matches(e)));
        if !whole_page {
            continue;
        }
        let rotation = declarations.iter().find_map(|d| match d.property.as_str() {
            "transform" => transform_rotation(&d.value).filter(|r| r.abs() > 1e-6),
            "rotate" => angle(&d.value).filter(|r| r.abs() > 1e-6),
            _ => None,
        });
        let zero = declarations.iter().any(|d| {
            (d.property == "transform" && transform_rotation(&d.value).is_some())
                || (d.property == "rotate" && angle(&d.value).is_some())
        });
        match rotation {
            Some(degrees) => {
                let turned = degrees.rem_euclid(180.0);
                if (45.0..=135.0).contains(&turned) {
                    out.fail(html).arg("selector", selector.as_str());
                } else {
                    out.pass();
                }
            }
            None if zero => out.pass(),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::transform_rotation;

    #[test]
    fn rotations() {
        assert_eq!(
            transform_rotation("rotate(90deg)").map(f64::round),
            Some(90.0)
        );
        assert_eq!(
            transform_rotation("rotate(1.5708rad)").map(f64::round),
            Some(90.0)
        );
        assert_eq!(
            transform_rotation("matrix3d(0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)")
                .map(f64::round),
            Some(-90.0)
        );
        assert_eq!(transform_rotation("translateX(100px)"), Some(0.0));
        assert_eq!(transform_rotation("rotateZ(0, 0, 1, 270deg)"), None);
        assert_eq!(
            transform_rotation("rotate3d(0, 0, 1, 270deg)").map(f64::round),
            Some(270.0)
        );
        assert_eq!(
            transform_rotation("rotate3d(0, 0, -2, 0.25turn)").map(f64::round),
            Some(-90.0)
        );
        assert_eq!(transform_rotation("rotate3d(1, 0, 0, 90deg)"), None);
        assert_eq!(
            transform_rotation("matrix3d(0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)")
                .map(f64::round),
            Some(90.0)
        );
        assert_eq!(
            transform_rotation("matrix3d(1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1)"),
            None
        );
    }
}
