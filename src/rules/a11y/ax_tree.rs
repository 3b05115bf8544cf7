//! The accessibility-tree parent and children of an element, as ARIA's
//! required context and owned-element rules need them: elements with no role
//! (plain `div`/`span` without global ARIA attributes), presentational
//! elements and hidden elements are skipped over; `aria-owns` re-parents.

use crate::page::accname::GLOBAL_ARIA;
use crate::page::{El, Page};

/// Whether the element is left out of the tree and its children take its place.
pub fn transparent(page: &Page, el: El<'_>) -> bool {
    match page.role(el).as_deref() {
        None | Some("generic") => {
            !el.attrs()
                .any(|(name, _)| name != "aria-hidden" && GLOBAL_ARIA.contains(&name))
                && !page.is_focusable(el)
        }
        Some("presentation") => true,
        _ => false,
    }
}

/// The element that owns `el` through `aria-owns`, if any.
fn aria_owner<'a>(page: &'a Page, el: El<'a>) -> Option<El<'a>> {
    let id = el.attr("id").filter(|id| !id.is_empty())?;
    page.with_aria_attrs().find(|o| {
        o.attr("aria-owns")
            .is_some_and(|ids| ids.split_ascii_whitespace().any(|i| i == id))
    })
}

/// The nearest ancestor in the accessibility tree (after `aria-owns`).
pub fn parent<'a>(page: &'a Page, el: El<'a>) -> Option<El<'a>> {
    if let Some(owner) = aria_owner(page, el) {
        return Some(owner);
    }
    let mut current = el.parent();
    while let Some(p) = current {
        if !transparent(page, p) {
            return Some(p);
        }
        current = aria_owner(page, p).or_else(|| p.parent());
    }
    None
}

/// What an element owns in the accessibility tree: elements, or text that
/// sits directly in a transparent wrapper.
pub enum Owned<'a> {
    /// An element with a role.
    Element(El<'a>),
    /// Text not wrapped in an element with a role.
    Text(El<'a>),
}

/// The accessibility children of `el` (DOM children through transparent
/// wrappers, then the elements named in `aria-owns`).
pub fn children<'a>(page: &'a Page, el: El<'a>) -> Vec<Owned<'a>> {
    let mut out = Vec::new();
    collect(page, el, &mut out, 0);
    if let Some(ids) = el.attr("aria-owns") {
        for id in ids.split_ascii_whitespace() {
            if let Some(target) = page.by_id(id).next()
                && !page.is_hidden(target)
            {
                out.push(Owned::Element(target));
            }
        }
    }
    out
}

fn collect<'a>(page: &'a Page, el: El<'a>, out: &mut Vec<Owned<'a>>, depth: u32) {
    if depth > 64 {
        return;
    }
    for node in el.element_ref().children() {
        if let Some(text) = node.value().as_text() {
            if !text.trim().is_empty() && depth > 0 {
                out.push(Owned::Text(el));
            }
            continue;
        }
        let Some(child) = page.element(node.id()) else {
            continue;
        };
        if page.is_hidden(child) || aria_owner(page, child).is_some_and(|o| o != el) {
            continue;
        }
        if transparent(page, child) {
            collect(page, child, out, depth + 1);
        } else {
            out.push(Owned::Element(child));
        }
    }
}
