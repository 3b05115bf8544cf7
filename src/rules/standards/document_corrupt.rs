//! `document-corrupt`: a linked PDF cannot be opened.
//!
//! **What it checks.** A linked document whose bytes say PDF (or whose link
//! says `.pdf`) cannot be read as a PDF: truncated, damaged, or an HTML error
//! page served in place of the file.
//!
//! **Why.** A document that does not open is not published at all: Nghị định
//! 43/2011 (then 42/2022) requires legal documents with a downloadable file;
//! Thông tư 39/2017 items 3.4–3.6 require the listed formats.
//!
//! **Fails:** `<a href="/van-ban/qd.pdf">…</a>` where `qd.pdf` holds `%PDF-1.4` and then garbage, or an HTML page
//!
//! **Passes:** `<a href="/van-ban/qd.pdf">…</a>` where `qd.pdf` is a readable PDF

use crate::resource::{FileType, LinkKind, sniff};
use crate::rules::{Findings, SiteData};

use super::document_finding;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "document-corrupt",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count) in site.linked_resources(LinkKind::Document) {
        let Some(facts) = site.resource(&link.url).filter(|f| f.error.is_none()) else {
            continue;
        };
        let claims_pdf = sniff::extension(&link.url) == "pdf";
        if facts.file_type == FileType::Pdf {
            match facts.pdf.as_ref().and_then(|pdf| pdf.corrupt.as_ref()) {
                Some(reason) => {
                    document_finding(out, page, link, count).arg("reason", reason.as_str());
                }
                None => out.pass(),
            }
        } else if claims_pdf {
            let reason = format!("the file is {}, not PDF", facts.file_type.extension());
            document_finding(out, page, link, count).arg("reason", reason);
        }
    }
}
