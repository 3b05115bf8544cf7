//! The accessibility-tree parent and children of an element, as ARIA's
//! required context and owned-element rules need them: elements with no role
//! (plain `div`/`span` without global ARIA attributes), presentational
//! elements and hidden elements are skipped over; `aria-owns` re-parents.

use std::collections::HashMap;

use crate::page::aria::cancels_presentation;
use crate::page::{El, Page};

/// Which element owns which id through `aria-owns` (the first owner wins),
/// built once per page and rule.
pub struct Owners<'a>(HashMap<&'a str, El<'a>>);

impl<'a> Owners<'a> {
    /// The `aria-owns` relations of a page.
    pub fn of(page: &'a Page) -> Self {
        let mut map = HashMap::new();
        for owner in page.with_aria_attrs() {
            if let Some(ids) = owner.attr("aria-owns") {
                for id in ids.split_ascii_whitespace() {
                    map.entry(id).or_insert(owner);
                }
            }
        }
        Self(map)
    }

    /// The element that owns `el` through `aria-owns`, if any.
    fn owner(&self, el: El<'a>) -> Option<El<'a>> {
        let id = el.attr("id").filter(|id| !id.is_empty())?;
        self.0.get(id).copied().filter(|o| *o != el)
    }
}

/// Whether the element is left out of the tree and its children take its place.
pub fn transparent(page: &Page, el: El<'_>) -> bool {
    match page.role(el).as_deref() {
        None | Some("generic") => {
            !el.attrs()
                .any(|(name, _)| name != "aria-hidden" && cancels_presentation(name))
                && !page.is_focusable(el)
        }
        Some("presentation") => true,
        _ => false,
    }
}

/// The nearest ancestor in the accessibility tree (after `aria-owns`).
pub fn parent<'a>(page: &'a Page, owners: &Owners<'a>, el: El<'a>) -> Option<El<'a>> {
    if let Some(owner) = owners.owner(el) {
        return Some(owner);
    }
    let mut current = el.parent();
    // Bounded: `aria-owns` may form cycles.
    for _ in 0..1024 {
        let p = current?;
        if !transparent(page, p) {
            return Some(p);
        }
        current = owners.owner(p).or_else(|| p.parent());
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
pub fn children<'a>(page: &'a Page, owners: &Owners<'a>, el: El<'a>) -> Vec<Owned<'a>> {
    let mut out = Vec::new();
    collect(page, owners, el, &mut out, 0);
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

fn collect<'a>(
    page: &'a Page,
    owners: &Owners<'a>,
    el: El<'a>,
    out: &mut Vec<Owned<'a>>,
    depth: u32,
) {
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
        if page.is_hidden(child) || owners.owner(child).is_some_and(|o| o != el) {
            continue;
        }
        if transparent(page, child) {
            collect(page, owners, child, out, depth + 1);
        } else {
            out.push(Owned::Element(child));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Owners, parent};
    use crate::page::Page;

    #[test]
    fn aria_owns_cycles_end() {
        let page = Page::from_html(
            "t.html",
            "<div id=a role=listitem aria-owns=b><div id=b role=none aria-owns=a><span id=c role=listitem>x</span></div></div>",
        );
        let owners = Owners::of(&page);
        let (a, b, c) = (
            page.by_id("a").next().unwrap(),
            page.by_id("b").next().unwrap(),
            page.by_id("c").next().unwrap(),
        );
        // b keeps its element role: aria-owns is global and cancels role=none.
        assert_eq!(parent(&page, &owners, c), Some(b));
        // a owns b and b owns a: each answer is immediate, nothing loops.
        assert_eq!(parent(&page, &owners, b), Some(a));
        assert_eq!(parent(&page, &owners, a), Some(b));
    }
}
