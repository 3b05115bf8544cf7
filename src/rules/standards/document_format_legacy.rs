//! `document-format-legacy`: a document is in a legacy binary Office format.
//!
//! **What it checks.** Linked documents whose bytes are Word, Excel or
//! PowerPoint 97–2003 files (OLE2: `.doc`, `.xls`, `.ppt`). A notice: these
//! formats are still on the list, but the open (ODF) and newer (OOXML)
//! formats are recommended.
//!
//! **Why.** Thông tư 39/2017 Danh mục items 3.4–3.6 recommend `.docx`,
//! `.xlsx`, `.pptx` and the OpenDocument formats; old binary formats open
//! poorly on phones and in free software.
//!
//! **Fails:** `<a href="/bieu-mau/to-khai.doc">Tờ khai</a>`
//!
//! **Passes:** `<a href="/bieu-mau/to-khai.docx">Tờ khai</a>`, `<a href="/bieu-mau/to-khai.odt">Tờ khai</a>`

use crate::resource::{FileType, LinkKind};
use crate::rules::{Findings, SiteData};

use super::document_finding;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "document-format-legacy",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count) in site.linked_resources(LinkKind::Document) {
        let Some(facts) = site.resource(&link.url).filter(|f| f.error.is_none()) else {
            continue;
        };
        match facts.file_type {
            FileType::Doc | FileType::Xls | FileType::Ppt => {
                document_finding(out, page, link, count).arg("format", facts.file_type.extension());
            }
            _ => out.pass(),
        }
    }
}
