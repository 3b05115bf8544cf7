//! Hidden-ness: whether an element is rendered, visible and in the
//! accessibility tree (`hidden`, `display:none`, `visibility:hidden`,
//! `content-visibility:hidden` of the content, `aria-hidden="true"`, `inert`,
//! closed `<details>`), cached per element.

use super::{cells, input_type, is_true};
use crate::page::{El, Page};

impl Page {
    /// Whether the element is not rendered at all: `hidden`, `display:none`
    /// (its own or an ancestor's), inside `<template>`, `<head>`, `<script>`,
    /// `<style>`, or the content of a closed `<details>`.
    pub fn is_not_rendered(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.not_rendered, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let own = self.own_not_rendered(el);
        let value = own || el.parent().is_some_and(|p| self.is_not_rendered(p));
        let _ = cells[el.index() as usize].set(value);
        value
    }

    fn own_not_rendered(&self, el: El<'_>) -> bool {
        if matches!(
            el.name(),
            "template" | "head" | "script" | "style" | "noscript" | "title" | "meta" | "link"
        ) {
            return true;
        }
        if el.has_attr("hidden") {
            // `hidden` is overridden by an explicit display in the cascade.
            let display = self
                .declared(el)
                .get("display")
                .map(|d| d.value.to_ascii_lowercase());
            if display.as_deref().is_none_or(|d| d == "none") {
                return true;
            }
        }
        if el.name() == "input" && input_type(el) == "hidden" {
            return true;
        }
        if self
            .declared(el)
            .get("display")
            .is_some_and(|d| d.value.trim().eq_ignore_ascii_case("none"))
        {
            return true;
        }
        // `content-visibility: hidden` on the parent skips the content,
        // like `display: none` (CSS Containment 2).
        if el.parent().is_some_and(|p| self.hides_contents(p)) {
            return true;
        }
        if let Some(parent) = el.parent()
            && parent.name() == "details"
            && !parent.has_attr("open")
        {
            let first_summary = parent.children().find(|c| c.name() == "summary");
            if first_summary != Some(el) {
                return true;
            }
        }
        false
    }

    /// Whether `aria-hidden="true"` is set on the element or an ancestor.
    pub fn is_aria_hidden(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.aria_hidden, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let value = is_true(el.attr("aria-hidden"))
            || el.has_attr("inert")
            || el.parent().is_some_and(|p| self.is_aria_hidden(p));
        let _ = cells[el.index() as usize].set(value);
        value
    }

    /// Whether the element is invisible (`visibility: hidden|collapse`, inherited).
    pub fn is_invisible(&self, el: El<'_>) -> bool {
        let cells = cells(&self.ax_cache.invisible, self.element_count());
        if let Some(v) = cells[el.index() as usize].get() {
            return *v;
        }
        let own = self
            .declared(el)
            .get("visibility")
            .map(|d| d.value.trim().to_ascii_lowercase());
        let value = match own.as_deref() {
            Some("hidden" | "collapse") => true,
            Some("visible") => false,
            _ => el.parent().is_some_and(|p| self.is_invisible(p)),
        };
        let _ = cells[el.index() as usize].set(value);
        value
    }

    /// Whether the element is excluded from the accessibility tree.
    pub fn is_hidden(&self, el: El<'_>) -> bool {
        self.is_not_rendered(el) || self.is_aria_hidden(el) || self.is_invisible(el)
    }

    /// Whether the element is rendered and visible (it may still be
    /// `aria-hidden`).
    pub fn is_visible(&self, el: El<'_>) -> bool {
        !self.is_not_rendered(el) && !self.is_invisible(el)
    }

    /// Whether the element's own content is skipped by rendering
    /// (`content-visibility: hidden`): its box is there, its content is not.
    pub(super) fn hides_contents(&self, el: El<'_>) -> bool {
        self.declared(el)
            .get("content-visibility")
            .is_some_and(|d| d.value.trim().eq_ignore_ascii_case("hidden"))
    }
}
