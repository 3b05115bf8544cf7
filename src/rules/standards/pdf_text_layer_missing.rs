//! `pdf-text-layer-missing`: a PDF has no text, only images (a scan).
//!
//! **What it checks.** A linked PDF that opens but has (almost) no
//! extractable text on its first pages: fewer than 20 letters, i.e. a scanned
//! image of a document.
//!
//! **Why.** A scan cannot be read by a screen reader, searched, or copied:
//! for a blind citizen the document does not exist. WCAG 2.0 SC 1.1.1
//! (Non-text Content) and Thông tư 32/2017 Điều 18 khoản 1 điểm c require a
//! text equivalent; Nghị định 42/2022 requires a downloadable document, not
//! a picture of one.
//!
//! **Fails:** a PDF whose pages are only images (scanned decision with a stamp)
//!
//! **Passes:** a PDF exported from the word processor (with a text layer), or a scan with OCR text

use crate::rules::{Findings, SiteData};

use super::{document_finding, readable_pdfs};
use crate::rules::{Check, Family, Rule};

/// Fewer non-space characters than this on the pages read means a scan.
pub const MIN_TEXT_CHARS: usize = 20;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "pdf-text-layer-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count, pdf) in readable_pdfs(site) {
        if pdf.text_chars < MIN_TEXT_CHARS {
            document_finding(out, page, link, count).arg("pages", pdf.pages.to_string());
        } else {
            out.pass();
        }
    }
}
