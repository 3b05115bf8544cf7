//! `legacy-encoding-mislabelled`: Vietnamese legacy bytes labelled as Latin-1.
//!
//! **What it checks.** A page declared `iso-8859-1`/`windows-1252` (browsers
//! treat both as windows-1252), or undeclared bytes that are not UTF-8, do not
//! hold Vietnamese written in TCVN3, VNI, VISCII, VPS, windows-1258 or UTF-8.
//! The text is scored word by word against the tables; the finding names what
//! the bytes really are, with a sample and its Unicode conversion.
//!
//! **Why.** Such a page shows `Cæng th«ng tin` instead of "Cổng thông tin"
//! unless the reader has the legacy font; search engines and screen readers
//! get nonsense. Quyết định 72/2002 and Thông tư 39/2017 (Danh mục, mục 3.14)
//! require TCVN 6909:2001, and mục 2.7 UTF-8.
//!
//! **Fails:** `<meta charset="iso-8859-1">` on a page typed with `.VnTime`
//!
//! **Passes:** `<meta charset="iso-8859-1">` on an English page

use crate::page::{EncodingSource, Page};
use crate::rules::Findings;
use crate::rules::{Check, Family, Rule};
use crate::vietnamese::{self, Legacy, detect::Tally};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "legacy-encoding-mislabelled",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let info = &page.encoding;
    let declared_latin = info.used == "windows-1252"
        && matches!(
            info.source,
            EncodingSource::Transport | EncodingSource::Meta
        );
    let undeclared_bytes =
        info.is_utf8() && info.source == EncodingSource::Default && info.invalid_utf8_count > 0;
    if !declared_latin && !undeclared_bytes {
        return;
    }
    let label = if declared_latin {
        info.transport
            .clone()
            .or_else(|| info.meta.as_ref().map(|m| m.label.clone()))
            .unwrap_or_default()
    } else {
        "-".to_string()
    };
    // The windows-1252 view of the text: as decoded, or of the raw bytes
    // (line by line, tags left out).
    let mut tally = Tally::default();
    let runs: Vec<String> = if declared_latin {
        super::text_nodes(page)
            .map(|(_, text)| text.to_string())
            .collect()
    } else {
        vietnamese::view_of_bytes(&page.bytes)
            .lines()
            .map(without_tags)
            .collect()
    };
    for run in &runs {
        tally.add(run);
    }
    let Some(found) = tally.verdict().filter(|d| d.encoding != Legacy::Viqr) else {
        out.pass();
        return;
    };
    let sample = runs
        .iter()
        .find(|run| vietnamese::detect(run).is_some_and(|d| d.encoding == found.encoding))
        .map(|run| super::excerpt(run, 60))
        .unwrap_or_default();
    let encoding = if found.encoding == Legacy::Utf8Mojibake {
        "UTF-8"
    } else {
        found.encoding.name()
    };
    let finding = match super::charset_element(page) {
        Some(el) => out.fail(el),
        None => out.fail_at(None),
    };
    finding
        .arg("label", label)
        .arg("encoding", encoding)
        .arg("converted", super::convert_excerpt(&sample, found.encoding))
        .arg("text", sample);
}

/// A line of HTML without its tags (each replaced by a space).
fn without_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
