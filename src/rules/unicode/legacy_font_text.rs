//! `legacy-font-text`: text typed with a legacy Vietnamese font in a UTF-8 page.
//!
//! **What it checks.** The text of each element of a UTF-8 page is not
//! Vietnamese written in TCVN3 (`.VnTime`), VNI (`VNI-Times`), VISCII, VPS,
//! VIQR or windows-1258 bytes. Words are scored one by one: a word counts when
//! it holds a character no correct Vietnamese word holds and converts into a
//! well-formed Vietnamese syllable; correct Vietnamese, English, French names
//! and other scripts never count. Image `alt` and `title` texts are checked
//! too. The finding shows the legacy span (from its first legacy word to its
//! last: correct Unicode words around it are left out) and its Unicode
//! conversion, and names the encoding.
//!
//! **Why.** Without the legacy font installed, readers see `Cæng th«ng tin`
//! for "Cổng thông tin"; search, sorting and screen readers fail for everyone.
//! Quyết định 72/2002, Nghị định 43/2011 Điều 7 (then Nghị định 42/2022),
//! Thông tư 39/2017 (Danh mục, mục 3.14) and the Trà Vinh regulation (Quyết
//! định 1526/QĐ-UBND Điều 4 khoản 1) require TCVN 6909:2001 Unicode.
//!
//! **Fails:** `<h2>Cæng th«ng tin ®iÖn tö</h2>`, `<p>Coång thoâng tin</p>`
//!
//! **Passes:** `<h2>Cổng thông tin điện tử</h2>`, `<p>Café de Paris</p>`

use crate::page::{El, Page};
use crate::rules::Findings;
use crate::rules::{Check, Family, Rule};
use crate::vietnamese::Legacy;
use crate::vietnamese::detect::{CANDIDATE, Tally, classify};

/// Characters shown of a run.
const RUN_CHARS: usize = 240;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "legacy-font-text",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !page.encoding.is_utf8() {
        return;
    }
    let scan = super::scan::scan(page);
    if scan.text_nodes > 0 {
        out.pass();
    }
    // The page's own verdict breaks ties between look-alike encodings
    // (VISCII and VPS share many letters): one document, one font.
    let prefer = scan.page_tally.verdict().map(|d| d.encoding);
    let mut flagged = std::collections::HashSet::new();
    for node in &scan.nodes {
        let Some(tally) = &node.tally else {
            continue;
        };
        let found = tally
            .verdict_preferring(prefer)
            .filter(|d| d.encoding != Legacy::Utf8Mojibake);
        let Some(found) = found else {
            continue;
        };
        if !flagged.insert(node.el) {
            continue;
        }
        report(out, page.el(node.el), &node.text, found.encoding);
    }
    // Text alternatives of images, typed with the same fonts.
    for img in page.by_tag("img") {
        for value in ["alt", "title"]
            .into_iter()
            .filter_map(|name| img.attr(name))
        {
            if classify(value.as_bytes()) & CANDIDATE == 0 {
                continue;
            }
            let mut tally = Tally::default();
            tally.add_checked(value);
            let found = tally
                .verdict_preferring(prefer)
                .filter(|d| d.encoding != Legacy::Utf8Mojibake);
            if let Some(found) = found
                && flagged.insert(img.index())
            {
                report(out, img, value, found.encoding);
            }
        }
    }
}

/// Reports the legacy span of a text: from its first converted word to its
/// last, so correct Unicode around it (a paragraph that mixes both) is
/// neither shown as legacy nor "converted".
fn report(out: &mut Findings, el: El<'_>, text: &str, encoding: Legacy) {
    let span =
        crate::vietnamese::converted_span(text, encoding).map_or(text, |(range, _)| &text[range]);
    let run = super::excerpt(span, RUN_CHARS);
    out.fail(el)
        .arg("encoding", encoding.name())
        .arg("converted", super::convert_excerpt(&run, encoding))
        .arg("text", run);
}
