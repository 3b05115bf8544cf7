//! `legacy-font-declared`: the page asks for a legacy Vietnamese font.
//!
//! **What it checks.** No `font-family` or `font` declaration in a `style`
//! attribute, a `<style>` element or a linked stylesheet, and no
//! `<font face>`, names a TCVN3/ABC font (`.VnTime`, `.VnTimeH`, `.VnArial`,
//! with the dot sometimes escaped as `\.VnTime`) or a VNI font (`VNI-Times`,
//! `VNI-Helve`). Each element is reported once with the font it names.
//!
//! **Why.** These fonts draw legacy-encoded bytes as Vietnamese letters: text
//! shown with them is not Unicode (TCVN 6909:2001, Quyết định 72/2002;
//! Thông tư 39/2017, Danh mục, mục 3.14), and readers without the font see
//! garbage. The declaration is usually left over from Word "Save as HTML".
//!
//! **Fails:** `<p style="font-family: '.VnTime'">`, `<font face="VNI-Times">`
//!
//! **Passes:** `<p style="font-family: 'Times New Roman', serif">`

use std::sync::LazyLock;

use regex::Regex;

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// A `font`/`font-family` declaration's value.
static DECLARATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)font(?:-family)?\s*:\s*([^;{}]*)").expect("valid regex"));

/// A legacy font family name inside a value.
static LEGACY_FONT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:^|[\s,"':])\\?(\.vn[a-z][a-z0-9]*|vni[- ][a-z][a-z0-9-]*)"#)
        .expect("valid regex")
});

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "legacy-font-declared",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let mut looked = false;
    for el in page.elements() {
        let font = if let Some(style) = el.attr("style").filter(|s| has_font_word(s)) {
            looked = true;
            in_css(style)
        } else if el.name() == "font"
            && let Some(face) = el.attr("face")
        {
            looked = true;
            legacy_name(face)
        } else if el.name() == "style" {
            let css = el.text();
            looked |= has_font_word(&css);
            in_css(&css)
        } else {
            None
        };
        if let Some(font) = font {
            out.fail(el).arg("font", font);
        }
    }
    for sheet in &page.stylesheets {
        looked |= has_font_word(&sheet.text);
        if let Some(font) = in_css(&sheet.text) {
            out.fail_at(None)
                .arg("font", font)
                .at_url(sheet.url.clone());
        }
    }
    if looked {
        out.pass();
    }
}

fn has_font_word(css: &str) -> bool {
    css.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"font"))
}

/// The first legacy font named by a declaration in `css`.
fn in_css(css: &str) -> Option<String> {
    if !has_font_word(css) {
        return None;
    }
    DECLARATION
        .captures_iter(css)
        .find_map(|c| legacy_name(c.get(1)?.as_str()))
}

fn legacy_name(value: &str) -> Option<String> {
    LEGACY_FONT
        .captures(value)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use crate::page::{Page, PageInput, Stylesheet};
    use crate::rules::{Findings, Outcome};

    #[test]
    fn linked_stylesheets_are_checked_and_reported_by_url() {
        let mut page = Page::parse(PageInput {
            url: "https://example.gov.vn/".into(),
            bytes: b"<html><head><link rel=stylesheet href=/s.css></head><body>x</body></html>"
                .to_vec(),
            ..PageInput::default()
        });
        page.stylesheets = vec![Stylesheet {
            url: "https://example.gov.vn/s.css".into(),
            text: "h1{font-weight:bold} .tieu-de { font-family: VNI-Helve, Arial }".into(),
        }];
        let mut out = Findings::new("legacy-font-declared");
        super::check(&page, &mut out);
        assert_eq!(out.outcome(), Outcome::Failed);
        let finding = &out.items()[0];
        assert_eq!(finding.args["font"], "VNI-Helve");
        assert_eq!(finding.url.as_deref(), Some("https://example.gov.vn/s.css"));
        assert!(finding.target.is_none());
    }
}
