//! Content moved out of view while kept for screen readers (the "visually
//! hidden" patterns), found once per page.

use super::values::{clip_is_empty, length_px};
use crate::page::{El, Page};

/// The properties one of which an element must declare to move its content
/// out of view: clipping, shrinking and `left`/`top`/`right` all need a
/// `position`; the others move it on their own.
const OUT_OF_VIEW: &[&str] = &["position", "text-indent", "margin-left", "margin-top"];

impl Page {
    /// Whether `el` itself moves its content out of sight while keeping it
    /// for screen readers: the "visually hidden" patterns of screen-reader
    /// classes and image replacement. A positioned element clipped to nothing
    /// (`clip: rect(0 0 0 0)`, `rect(1px, 1px, 1px, 1px)`, `clip-path:
    /// inset(50%)`) or shrunk to one pixel with `overflow: hidden`; a text
    /// indent of -500 px or more; a box moved 500 px or more beyond the
    /// top or left edge (`left`, `top`, `right` on a positioned box,
    /// `margin-left`, `margin-top`). Only the element's own declarations.
    ///
    /// Found for the whole page the first time a rule asks: only elements
    /// that can declare one of [`OUT_OF_VIEW`] are looked at (those with a
    /// `style` attribute, unless a stylesheet rule declares one), so most
    /// pages decide it without resolving any element's cascade.
    #[must_use]
    pub fn moves_out_of_view(&self, el: El<'_>) -> bool {
        self.style_cache
            .out_of_view
            .get_or_init(|| {
                let from_sheets = self.sheets().declares_any(OUT_OF_VIEW);
                let moved = |e: &El<'_>| self.own_moves_out_of_view(*e);
                if from_sheets {
                    self.elements().filter(moved).map(|e| e.index()).collect()
                } else {
                    self.with_style_attr()
                        .filter(moved)
                        .map(|e| e.index())
                        .collect()
                }
            })
            .binary_search(&el.index())
            .is_ok()
    }

    /// [`Page::moves_out_of_view`] worked out for one element.
    fn own_moves_out_of_view(&self, el: El<'_>) -> bool {
        const FAR: f32 = -500.0;
        let declared = self.declared(el);
        if !declared.declares_any(OUT_OF_VIEW) {
            return false;
        }
        let get = |p: &str| declared.get(p).map(|d| d.value.trim().to_ascii_lowercase());
        let px = |p: &str| get(p).and_then(|v| length_px(&v));
        let far = |p: &str| px(p).is_some_and(|v| v <= FAR);
        let position = get("position");
        let positioned = matches!(position.as_deref(), Some("absolute" | "fixed"));
        let moved = positioned || position.as_deref() == Some("relative");
        let clipped = positioned
            && (get("clip").is_some_and(|c| clip_is_empty(&c))
                || get("clip-path").is_some_and(|c| {
                    let c: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
                    c == "inset(50%)" || c == "inset(100%)"
                })
                || px("width").is_some_and(|w| w <= 1.0)
                    && px("height").is_some_and(|h| h <= 1.0)
                    && get("overflow").as_deref() == Some("hidden"));
        clipped
            || far("text-indent")
            || moved && (far("left") || far("top") || far("right"))
            || far("margin-left")
            || far("margin-top")
    }
}
