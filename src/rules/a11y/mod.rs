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

use super::Rule;
use crate::page::{El, Page};
use crate::rules::Findings;

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    aria_attr_undefined::RULE,
    aria_attr_unsupported::RULE,
    aria_attr_value_invalid::RULE,
    aria_context_missing::RULE,
    aria_hidden_focusable::RULE,
    aria_idref_missing::RULE,
    aria_owned_missing::RULE,
    aria_required_attr_missing::RULE,
    attr_duplicated::RULE,
    autocomplete_invalid::RULE,
    blinking_content::RULE,
    button_name_missing::RULE,
    bypass_missing::RULE,
    contrast_enhanced_insufficient::RULE,
    contrast_insufficient::RULE,
    decorative_element_exposed::RULE,
    focus_indicator_removed::RULE,
    form_field_label_missing::RULE,
    heading_empty::RULE,
    heading_level_skipped::RULE,
    html_lang_invalid::RULE,
    html_lang_missing::RULE,
    html_xml_lang_mismatch::RULE,
    id_duplicate::RULE,
    iframe_content_unreachable::RULE,
    iframe_name_missing::RULE,
    image_button_name_missing::RULE,
    img_alt_meaningless::RULE,
    img_alt_missing::RULE,
    input_label_missing::RULE,
    label_not_in_name::RULE,
    lang_invalid::RULE,
    layout_table_marked_as_data::RULE,
    letter_spacing_narrow::RULE,
    line_height_narrow::RULE,
    link_name_missing::RULE,
    link_text_generic::RULE,
    media_autoplay_audio::RULE,
    media_transcript_missing::RULE,
    menuitem_name_missing::RULE,
    meta_refresh_any_delay::RULE,
    meta_refresh_delay::RULE,
    meta_viewport_zoom_blocked::RULE,
    object_name_missing::RULE,
    orientation_locked::RULE,
    page_title_missing::RULE,
    presentational_children_focusable::RULE,
    radio_group_ungrouped::RULE,
    role_invalid::RULE,
    summary_name_missing::RULE,
    svg_img_name_missing::RULE,
    table_caption_missing::RULE,
    table_header_unassigned::RULE,
    table_headers_attr_invalid::RULE,
    video_captions_missing::RULE,
    word_spacing_narrow::RULE,
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
