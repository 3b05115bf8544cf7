//! `pdf-title-missing`: a PDF has no document title.
//!
//! **What it checks.** A linked, readable PDF has a `Title` in its document
//! information. A notice.
//!
//! **Why.** Screen readers and browsers announce the title when the PDF
//! opens; without it users hear a file name such as `scan0001.pdf`. WCAG 2.0
//! SC 2.4.2 (Page Titled; technique PDF18).
//!
//! **Fails:** a PDF whose Info dictionary has no `/Title`
//!
//! **Passes:** a PDF with `/Title (Quyết định về việc ban hành Quy chế…)`

use crate::rules::{Findings, SiteData};

use super::{document_finding, readable_pdfs};
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "pdf-title-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count, pdf) in readable_pdfs(site) {
        if pdf.title.is_none() {
            document_finding(out, page, link, count);
        } else {
            out.pass();
        }
    }
}
