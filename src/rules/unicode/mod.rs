//! Vietnamese Unicode (TCVN 6909:2001): one file per rule.
//!
//! The encoding rules judge what decoding learnt (`page.encoding`); the text
//! rules read one shared pass over the page's text nodes (not scripts or
//! styles), [`scan::scan`], so that a clean page costs one byte loop over its
//! text, and report at most one finding per element.
//! Legacy-encoding knowledge lives in [`crate::vietnamese`].

mod charset_declarations_conflict;
mod charset_meta_late;
mod charset_not_utf8;
mod charset_undeclared;
mod invisible_characters;
mod legacy_encoding_mislabelled;
mod legacy_font_declared;
mod legacy_font_text;
mod replacement_character;
mod scan;
mod text_not_nfc;
mod utf8_bytes_invalid;
mod utf8_double_encoded;

use super::Rule;
use crate::page::{El, Page};

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    charset_declarations_conflict::RULE,
    charset_meta_late::RULE,
    charset_not_utf8::RULE,
    charset_undeclared::RULE,
    invisible_characters::RULE,
    legacy_encoding_mislabelled::RULE,
    legacy_font_declared::RULE,
    legacy_font_text::RULE,
    replacement_character::RULE,
    text_not_nfc::RULE,
    utf8_bytes_invalid::RULE,
    utf8_double_encoded::RULE,
];

/// Elements whose text is not page content.
fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "template" | "noscript")
}

/// Every text node of the page's content with its parent element, in document order.
fn text_nodes(page: &Page) -> impl Iterator<Item = (El<'_>, &str)> {
    page.html.tree.root().descendants().filter_map(move |node| {
        let text = node.value().as_text()?;
        let el = page.element(node.parent()?.id())?;
        (!is_raw_text(el.name())).then_some((el, &**text))
    })
}

/// The element a page-level encoding finding points at: the `<meta>` that
/// declares the charset, else `<html>`.
fn charset_element(page: &Page) -> Option<El<'_>> {
    page.by_tag("meta")
        .find(|m| {
            m.has_attr("charset")
                || m.attr("http-equiv")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"))
        })
        .or_else(|| page.root())
}

/// White space collapsed and trimmed, cut after `max` characters (with `…`).
/// NBSP is kept: in VISCII and VPS text it is a letter.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text
        .split(crate::vietnamese::is_separator)
        .filter(|w| !w.is_empty())
    {
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// The Unicode conversion of an excerpt: a final `…` added by [`excerpt`] is
/// kept out of it (in VISCII and VPS that character is a letter).
pub(crate) fn convert_excerpt(run: &str, encoding: crate::vietnamese::Legacy) -> String {
    match run.strip_suffix('…') {
        Some(cut) => crate::vietnamese::convert(cut, encoding) + "…",
        None => crate::vietnamese::convert(run, encoding),
    }
}

/// `Encoding::for_label`'s canonical name for a label, or the label itself.
fn canonical(label: &str) -> String {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).map_or_else(
        || label.trim().to_ascii_lowercase(),
        |e| e.name().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use crate::vietnamese::Legacy;

    #[test]
    fn a_cut_excerpt_converts_without_its_ellipsis() {
        // "…" is byte 85, a letter (Ầ) in VISCII.
        let run = super::excerpt(&"C±ng thông tin ".repeat(20), 30);
        assert!(run.ends_with('…'));
        let converted = super::convert_excerpt(&run, Legacy::Viscii);
        assert_eq!(converted, "Cổng thông tin Cổng thông tin …");
    }
}
