//! Accessibility for people with disabilities: WCAG 2.0 A/AA as far as markup
//! and CSS decide it, and the concrete minimum of Thông tư 32/2017 Điều 18.
//! One file per rule. Every rule reads roles, names and hidden-ness from the
//! shared [`crate::page::accname`] module and styles from the static cascade
//! ([`crate::page::style`]), so they all agree on what is on the page.

mod aria_attr_undefined;
mod aria_attr_unsupported;
mod aria_attr_value_invalid;
mod aria_context_missing;
mod aria_hidden_focusable;
mod aria_idref_missing;
mod aria_owned_missing;
mod aria_required_attr_missing;
mod attr_duplicated;
mod autocomplete_invalid;
mod ax_tree;
mod blinking_content;
mod button_name_missing;
mod bypass_missing;
mod contrast;
mod contrast_enhanced_insufficient;
mod contrast_insufficient;
mod decorative_element_exposed;
mod focus_indicator_removed;
mod form_field_label_missing;
mod heading_empty;
mod heading_level_skipped;
mod html_lang_invalid;
mod html_lang_missing;
mod html_xml_lang_mismatch;
mod id_duplicate;
mod iframe_content_unreachable;
mod iframe_name_missing;
mod image_button_name_missing;
mod img_alt_meaningless;
mod img_alt_missing;
mod input_label_missing;
mod label_not_in_name;
mod lang_invalid;
mod layout_table_marked_as_data;
mod letter_spacing_narrow;
mod line_height_narrow;
mod link_name_missing;
mod link_text_generic;
mod media_autoplay_audio;
mod media_transcript_missing;
mod menuitem_name_missing;
mod meta_refresh_any_delay;
mod meta_refresh_delay;
mod meta_viewport_zoom_blocked;
mod object_name_missing;
mod orientation_locked;
mod page_title_missing;
mod presentational_children_focusable;
mod radio_group_ungrouped;
mod refresh;
mod role_invalid;
mod spacing;
mod summary_name_missing;
mod svg_img_name_missing;
mod table_caption_missing;
mod table_header_unassigned;
mod table_headers_attr_invalid;
mod video_captions_missing;
mod word_spacing_narrow;

use super::{Check, Family, Rule};
use crate::page::{El, Page};
use crate::rules::Findings;

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "aria-attr-undefined",
        family: Family::A11y,
        check: Check::Page(aria_attr_undefined::check),
    },
    Rule {
        id: "aria-attr-unsupported",
        family: Family::A11y,
        check: Check::Page(aria_attr_unsupported::check),
    },
    Rule {
        id: "aria-attr-value-invalid",
        family: Family::A11y,
        check: Check::Page(aria_attr_value_invalid::check),
    },
    Rule {
        id: "aria-context-missing",
        family: Family::A11y,
        check: Check::Page(aria_context_missing::check),
    },
    Rule {
        id: "aria-hidden-focusable",
        family: Family::A11y,
        check: Check::Page(aria_hidden_focusable::check),
    },
    Rule {
        id: "aria-idref-missing",
        family: Family::A11y,
        check: Check::Page(aria_idref_missing::check),
    },
    Rule {
        id: "aria-owned-missing",
        family: Family::A11y,
        check: Check::Page(aria_owned_missing::check),
    },
    Rule {
        id: "aria-required-attr-missing",
        family: Family::A11y,
        check: Check::Page(aria_required_attr_missing::check),
    },
    Rule {
        id: "attr-duplicated",
        family: Family::A11y,
        check: Check::Page(attr_duplicated::check),
    },
    Rule {
        id: "autocomplete-invalid",
        family: Family::A11y,
        check: Check::Page(autocomplete_invalid::check),
    },
    Rule {
        id: "blinking-content",
        family: Family::A11y,
        check: Check::Page(blinking_content::check),
    },
    Rule {
        id: "button-name-missing",
        family: Family::A11y,
        check: Check::Page(button_name_missing::check),
    },
    Rule {
        id: "bypass-missing",
        family: Family::A11y,
        check: Check::Page(bypass_missing::check),
    },
    Rule {
        id: "contrast-enhanced-insufficient",
        family: Family::A11y,
        check: Check::Page(contrast_enhanced_insufficient::check),
    },
    Rule {
        id: "contrast-insufficient",
        family: Family::A11y,
        check: Check::Page(contrast_insufficient::check),
    },
    Rule {
        id: "decorative-element-exposed",
        family: Family::A11y,
        check: Check::Page(decorative_element_exposed::check),
    },
    Rule {
        id: "focus-indicator-removed",
        family: Family::A11y,
        check: Check::Page(focus_indicator_removed::check),
    },
    Rule {
        id: "form-field-label-missing",
        family: Family::A11y,
        check: Check::Page(form_field_label_missing::check),
    },
    Rule {
        id: "heading-empty",
        family: Family::A11y,
        check: Check::Page(heading_empty::check),
    },
    Rule {
        id: "heading-level-skipped",
        family: Family::A11y,
        check: Check::Page(heading_level_skipped::check),
    },
    Rule {
        id: "html-lang-invalid",
        family: Family::A11y,
        check: Check::Page(html_lang_invalid::check),
    },
    Rule {
        id: "html-lang-missing",
        family: Family::A11y,
        check: Check::Page(html_lang_missing::check),
    },
    Rule {
        id: "html-xml-lang-mismatch",
        family: Family::A11y,
        check: Check::Page(html_xml_lang_mismatch::check),
    },
    Rule {
        id: "id-duplicate",
        family: Family::A11y,
        check: Check::Page(id_duplicate::check),
    },
    Rule {
        id: "iframe-content-unreachable",
        family: Family::A11y,
        check: Check::Page(iframe_content_unreachable::check),
    },
    Rule {
        id: "iframe-name-missing",
        family: Family::A11y,
        check: Check::Page(iframe_name_missing::check),
    },
    Rule {
        id: "image-button-name-missing",
        family: Family::A11y,
        check: Check::Page(image_button_name_missing::check),
    },
    Rule {
        id: "img-alt-meaningless",
        family: Family::A11y,
        check: Check::Page(img_alt_meaningless::check),
    },
    Rule {
        id: "img-alt-missing",
        family: Family::A11y,
        check: Check::Page(img_alt_missing::check),
    },
    Rule {
        id: "input-label-missing",
        family: Family::A11y,
        check: Check::Page(input_label_missing::check),
    },
    Rule {
        id: "label-not-in-name",
        family: Family::A11y,
        check: Check::Page(label_not_in_name::check),
    },
    Rule {
        id: "lang-invalid",
        family: Family::A11y,
        check: Check::Page(lang_invalid::check),
    },
    Rule {
        id: "layout-table-marked-as-data",
        family: Family::A11y,
        check: Check::Page(layout_table_marked_as_data::check),
    },
    Rule {
        id: "letter-spacing-narrow",
        family: Family::A11y,
        check: Check::Page(letter_spacing_narrow::check),
    },
    Rule {
        id: "line-height-narrow",
        family: Family::A11y,
        check: Check::Page(line_height_narrow::check),
    },
    Rule {
        id: "link-name-missing",
        family: Family::A11y,
        check: Check::Page(link_name_missing::check),
    },
    Rule {
        id: "link-text-generic",
        family: Family::A11y,
        check: Check::Page(link_text_generic::check),
    },
    Rule {
        id: "media-autoplay-audio",
        family: Family::A11y,
        check: Check::Page(media_autoplay_audio::check),
    },
    Rule {
        id: "media-transcript-missing",
        family: Family::A11y,
        check: Check::Page(media_transcript_missing::check),
    },
    Rule {
        id: "menuitem-name-missing",
        family: Family::A11y,
        check: Check::Page(menuitem_name_missing::check),
    },
    Rule {
        id: "meta-refresh-any-delay",
        family: Family::A11y,
        check: Check::Page(meta_refresh_any_delay::check),
    },
    Rule {
        id: "meta-refresh-delay",
        family: Family::A11y,
        check: Check::Page(meta_refresh_delay::check),
    },
    Rule {
        id: "meta-viewport-zoom-blocked",
        family: Family::A11y,
        check: Check::Page(meta_viewport_zoom_blocked::check),
    },
    Rule {
        id: "object-name-missing",
        family: Family::A11y,
        check: Check::Page(object_name_missing::check),
    },
    Rule {
        id: "orientation-locked",
        family: Family::A11y,
        check: Check::Page(orientation_locked::check),
    },
    Rule {
        id: "page-title-missing",
        family: Family::A11y,
        check: Check::Page(page_title_missing::check),
    },
    Rule {
        id: "presentational-children-focusable",
        family: Family::A11y,
        check: Check::Page(presentational_children_focusable::check),
    },
    Rule {
        id: "radio-group-ungrouped",
        family: Family::A11y,
        check: Check::Page(radio_group_ungrouped::check),
    },
    Rule {
        id: "role-invalid",
        family: Family::A11y,
        check: Check::Page(role_invalid::check),
    },
    Rule {
        id: "summary-name-missing",
        family: Family::A11y,
        check: Check::Page(summary_name_missing::check),
    },
    Rule {
        id: "svg-img-name-missing",
        family: Family::A11y,
        check: Check::Page(svg_img_name_missing::check),
    },
    Rule {
        id: "table-caption-missing",
        family: Family::A11y,
        check: Check::Page(table_caption_missing::check),
    },
    Rule {
        id: "table-header-unassigned",
        family: Family::A11y,
        check: Check::Page(table_header_unassigned::check),
    },
    Rule {
        id: "table-headers-attr-invalid",
        family: Family::A11y,
        check: Check::Page(table_headers_attr_invalid::check),
    },
    Rule {
        id: "video-captions-missing",
        family: Family::A11y,
        check: Check::Page(video_captions_missing::check),
    },
    Rule {
        id: "word-spacing-narrow",
        family: Family::A11y,
        check: Check::Page(word_spacing_narrow::check),
    },
];

/// Whether HTML rules apply to the page at all (an SVG or XML document is not HTML).
/// The address an `<audio>`/`<video>` plays: its `src`, else its first `<source>`'s.
fn media_src<'a>(media: crate::page::El<'a>) -> &'a str {
    media
        .attr("src")
        .or_else(|| {
            media
                .children()
                .find(|c| c.name() == "source")
                .and_then(|s| s.attr("src"))
        })
        .unwrap_or("?")
}

fn html(page: &Page) -> bool {
    crate::page::accname::is_html(page)
}

/// The link role and its DPUB subclasses.
const LINK_ROLES: &[&str] = crate::page::aria::LINK_ROLES;

/// Whether `role="none"` on a frame gives way only because a frame is
/// focusable by default: no `tabindex`, no global ARIA attribute. HTML makes
/// an `iframe` a focusable area, so WAI-ARIA's conflict rule keeps it in the
/// tree with its own role, but browsers differ and ACT (cae760) treats it as
/// removed: a person must look.
fn frame_presentational_by_default(page: &Page, el: El<'_>) -> bool {
    matches!(el.name(), "iframe" | "frame")
        && page.explicit_role(el).is_some_and(|r| {
            r.eq_ignore_ascii_case("none") || r.eq_ignore_ascii_case("presentation")
        })
        && !el.has_attr("tabindex")
        && !el
            .attrs()
            .any(|(name, _)| crate::page::aria::cancels_presentation(name))
}

/// Elements with an explicit role (lower case) that is in force — not
/// overridden by a presentational-role conflict — and in the accessibility tree.
fn explicit_roles(page: &Page) -> impl Iterator<Item = (El<'_>, String)> + '_ {
    page.with_role_attr().filter_map(|el| {
        let role = page.explicit_role(el)?.to_ascii_lowercase();
        let in_force = page.role(el).as_deref() == Some(role.as_str());
        (in_force && !page.is_hidden(el)).then_some((el, role))
    })
}

/// The HTML images in the accessibility tree: `<img>` and `role="img"`
/// (SVG graphics have their own rule).
fn images(page: &Page) -> impl Iterator<Item = El<'_>> + '_ {
    page.with_roles(&["img"], &["img"])
        .into_iter()
        .filter(|img| !page.is_svg(*img) && !page.is_hidden(*img))
}

/// How a finding names an element in messages: its start tag, shortened.
fn describe(el: El<'_>) -> String {
    let snippet = el.snippet();
    // The end of the start tag: the first `>` outside quoted values.
    let mut quote: Option<char> = None;
    let end = snippet
        .char_indices()
        .find(|&(_, c)| match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                false
            }
            (Some(_), _) => false,
            (None, '"' | '\'') => {
                quote = Some(c);
                false
            }
            (None, c) => c == '>',
        })
        .map_or(snippet.len(), |(i, _)| i + 1);
    let tag = &snippet[..end];
    if tag.chars().count() > 80 {
        let mut cut: String = tag.chars().take(79).collect();
        cut.push('…');
        cut
    } else {
        tag.to_string()
    }
}

/// The shared check of the "has a non-empty accessible name" rules: every
/// candidate in the accessibility tree passes with a name and fails without.
fn require_names<'a>(
    page: &'a Page,
    out: &mut Findings,
    candidates: impl IntoIterator<Item = El<'a>>,
) {
    for el in candidates {
        if page.is_hidden(el) {
            continue;
        }
        if page.accessible_name(el).is_empty() {
            out.fail(el).arg("element", describe(el));
        } else {
            out.pass();
        }
    }
}
