//! `pdf-untagged`: a PDF carries no structure tags.
//!
//! **What it checks.** A linked, readable PDF with text is tagged: its
//! catalog has a structure tree (`StructTreeRoot`) or `MarkInfo /Marked true`.
//! A notice.
//!
//! **Why.** Without tags a screen reader gets the text in drawing order,
//! with no headings, lists or table structure. WCAG 2.0 SC 1.3.1 (Info and
//! Relationships; technique PDF9, PDF6).
//!
//! **Fails:** a PDF printed to file from an old driver (text, no tags)
//!
//! **Passes:** a PDF exported with "tagged PDF" enabled

use crate::rules::{Findings, SiteData};

use super::pdf_text_layer_missing::MIN_TEXT_CHARS;
use super::{document_finding, readable_pdfs};
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "pdf-untagged",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count, pdf) in readable_pdfs(site) {
        // A scan is reported by pdf-text-layer-missing; tags without text help nobody.
        if pdf.text_chars < MIN_TEXT_CHARS {
            continue;
        }
        if pdf.tagged {
            out.pass();
        } else {
            document_finding(out, page, link, count);
        }
    }
}
