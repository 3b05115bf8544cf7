//! `document-format-disallowed`: a document is published in a format outside the standards list.
//!
//! **What it checks.** Every linked document (by its real type, from its
//! bytes: the extension alone is not trusted) is in a format the standards
//! list allows for documents, spreadsheets, presentations and images: PDF,
//! DOC/DOCX, ODT, RTF, TXT, XLS/XLSX, ODS, CSV, PPT/PPTX, ODP, JPEG, PNG, GIF,
//! TIFF. Archives (ZIP, RAR, 7-Zip, gzip) and executables are findings.
//!
//! **Why.** Citizens must be able to open what the agency publishes without
//! special software, and an executable from a government site is a security
//! risk. Thông tư 39/2017 Danh mục items 3.4–3.7 list the mandatory formats;
//! Thông tư 32/2017 Điều 5 and 7 require documents in those formats.
//!
//! **Fails:** `<a href="/van-ban/qd-1526.rar">Quyết định 1526</a>`
//!
//! **Passes:** `<a href="/van-ban/qd-1526.pdf">Quyết định 1526</a>` (a real PDF)

use crate::resource::{FileType, LinkKind};
use crate::rules::{Findings, SiteData};

use super::document_finding;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "document-format-disallowed",
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
            FileType::Zip | FileType::Rar | FileType::SevenZip | FileType::Gzip | FileType::Exe => {
                document_finding(out, page, link, count).arg("format", facts.file_type.extension());
            }
            _ => out.pass(),
        }
    }
}
