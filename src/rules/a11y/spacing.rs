//! The shared check of the three text-spacing rules (letter spacing, word
//! spacing, line height set with `!important` in a `style` attribute): users
//! who override spacing with their own style sheet cannot beat `!important`
//! author styles, so the value written there must already be wide enough.

use crate::page::{El, Page};
use crate::rules::Findings;

/// The elements holding visible text whose `property` comes from `el` (no
/// element in between declares it).
fn text_holders<'a>(page: &'a Page, el: El<'a>, property: &str) -> Vec<El<'a>> {
    let mut holders: Vec<El<'a>> = Vec::new();
    for node in el.element_ref().descendants() {
        if node.value().as_text().is_none_or(|t| t.trim().is_empty()) {
            continue;
        }
        let Some(parent) = node.parent().and_then(|p| page.element(p.id())) else {
            continue;
        };
        if !page.is_visible(parent) || holders.contains(&parent) {
            continue;
        }
        let owner = std::iter::once(parent)
            .chain(parent.ancestors())
            .find(|a| page.declared(*a).get(property).is_some());
        if owner == Some(el) {
            holders.push(parent);
        }
    }
    holders
}

/// Whether the element is moved off screen by positioning.
fn off_screen(page: &Page, el: El<'_>) -> bool {
    let declared = page.declared(el);
    ["top", "left"].iter().any(|side| {
        declared
            .get(side)
            .is_some_and(|d| d.value.trim_start().starts_with('-'))
    })
}

/// Runs one spacing rule: `minimum` is the required value in `em` (or as a
/// line-height multiplier); `normal` is what `normal`/`initial` amount to.
pub fn check(page: &Page, out: &mut Findings, property: &str, minimum: f32, normal: f32) {
    if !super::html(page) {
        return;
    }
    for el in page.with_style_attr() {
        let Some(decl) = page.declared(el).inline_important(property) else {
            continue;
        };
        let value = decl.value.trim().to_ascii_lowercase();
        if matches!(
            value.as_str(),
            "inherit" | "unset" | "revert" | "revert-layer"
        ) {
            continue;
        }
        if !page.is_visible(el) || off_screen(page, el) {
            continue;
        }
        let holders = text_holders(page, el, property);
        if holders.is_empty() {
            continue;
        }
        // The value as inherited: a length is fixed in pixels where it is
        // declared; a line-height number stays a multiplier.
        let at_el = page.font_size_px(el);
        let absolute_px: Option<f32> = match value.as_str() {
            "normal" | "initial" => None,
            v if property == "line-height" && v.parse::<f32>().is_ok() => None,
            v => at_el.and_then(|font| {
                crate::page::style::length_parts(v, font).map(|(n, factor)| n * factor)
            }),
        };
        let ratio_for = |holder: El<'_>| -> Option<f32> {
            match value.as_str() {
                "normal" | "initial" => Some(normal),
                v if property == "line-height" && v.parse::<f32>().is_ok() => v.parse::<f32>().ok(),
                _ => Some(absolute_px? / page.font_size_px(holder)?),
            }
        };
        let ratios: Vec<Option<f32>> = holders.iter().map(|h| ratio_for(*h)).collect();
        let ratio = if ratios.iter().any(Option::is_none) {
            None
        } else {
            ratios.into_iter().flatten().reduce(f32::min)
        };
        let wraps_unknown = property == "line-height"
            && std::iter::once(el).chain(el.ancestors()).any(|a| {
                let d = page.declared(a);
                ["overflow", "overflow-x"].iter().any(|p| {
                    d.get(p)
                        .is_some_and(|v| v.value.contains("scroll") || v.value.contains("auto"))
                }) || d
                    .get("white-space")
                    .is_some_and(|v| v.value.contains("nowrap"))
            });
        match ratio {
            Some(r) if r + 1e-4 >= minimum => out.pass(),
            Some(_) if !wraps_unknown => {
                out.fail(el).arg("value", decl.value.as_str());
            }
            _ => {
                out.cant_tell(el).arg("value", decl.value.as_str());
            }
        }
    }
}
