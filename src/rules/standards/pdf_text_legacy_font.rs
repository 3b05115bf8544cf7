//! `pdf-text-legacy-font`: a PDF's text is Vietnamese typed with a legacy font.
//!
//! **What it checks.** The text extracted from the first pages of each linked
//! PDF that opens and has a text layer is not Vietnamese written in TCVN3
//! (`.VnTime`), VNI (`VNI-Times`), VISCII, VPS, VIQR or windows-1258: the
//! same per-word detector as the Unicode family's `legacy-font-text` (a word
//! counts when it holds a character no correct Vietnamese word holds and
//! converts into a well-formed Vietnamese syllable). The finding shows a run
//! of the text, its Unicode conversion and the encoding.
//!
//! **Why.** A PDF exported from a document typed in `.VnTime` carries the
//! legacy codes as its text: it looks right only through the embedded font,
//! and search, copying and screen readers get `Cæng th«ng tin`. Quyết định
//! 72/2002, Nghị định 43/2011 Điều 7 and Thông tư 39/2017 (Danh mục, mục 3.14)
//! require TCVN 6909:2001 Unicode.
//!
//! **Fails:** a PDF whose text layer reads `Quy Õt ®Þnh vÒ viÖc ban hµnh` (TCVN3 through a Latin font)
//!
//! **Passes:** a PDF whose text layer reads `Quyết định về việc ban hành`, or one with English text only

use crate::rules::unicode::{convert_excerpt, excerpt};
use crate::rules::{Findings, SiteData};
use crate::vietnamese::Legacy;
use crate::vietnamese::detect::detect;

use super::pdf_text_layer_missing::MIN_TEXT_CHARS;
use super::{document_finding, readable_pdfs};
use crate::rules::{Check, Family, Rule};

/// Characters shown of the text.
const RUN_CHARS: usize = 160;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "pdf-text-legacy-font",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    for (page, link, count, pdf) in readable_pdfs(site) {
        if pdf.text_chars < MIN_TEXT_CHARS {
            // A scan: `pdf-text-layer-missing` speaks for it.
            continue;
        }
        let found = detect(&pdf.text_sample).filter(|d| d.encoding != Legacy::Utf8Mojibake);
        match found {
            Some(found) => {
                let run = excerpt(&pdf.text_sample, RUN_CHARS);
                document_finding(out, page, link, count)
                    .arg("encoding", found.encoding.name())
                    .arg("converted", convert_excerpt(&run, found.encoding))
                    .arg("sample", run);
            }
            None => out.pass(),
        }
    }
}
