//! `charset-not-utf8`: the page is not in UTF-8.
//!
//! **What it checks.** The encoding the page was decoded with, as a browser
//! decides it (byte order mark, HTTP `Content-Type`, `<meta>` in the first
//! 1024 bytes), is UTF-8; a declared label that no browser knows (`tcvn3`,
//! `x-viet-vni`) also fails, since it names a legacy encoding. The finding
//! names the encoding and what declared it.
//!
//! **Why.** Thông tư 39/2017 (Danh mục, mục 2.7) makes UTF-8 mandatory for
//! presenting characters, and mục 3.14 TCVN 6909:2001 for Vietnamese;
//! Nghị định 43/2011 Điều 7 (then Nghị định 42/2022) and Quyết định 72/2002
//! require Unicode Vietnamese. A windows-1258 page is decoded into
//! non-precomposed text, and pages in other encodings break search and copy.
//!
//! **Fails:** `<meta charset="windows-1258">`
//!
//! **Passes:** `<meta charset="utf-8">`

use crate::page::{EncodingSource, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "charset-not-utf8",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let info = &page.encoding;
    let declared_by = match info.source {
        EncodingSource::Bom => "BOM",
        EncodingSource::Transport => "HTTP Content-Type",
        EncodingSource::Meta => "<meta>",
        EncodingSource::Default => "",
    };
    let (encoding, declared_by) = if !info.is_utf8() {
        (info.used.clone(), declared_by)
    } else if let Some(label) = info
        .unknown_label
        .as_ref()
        .filter(|l| !l.to_ascii_lowercase().contains("utf"))
    {
        let by = if info.transport.as_deref() == Some(label.as_str()) {
            "HTTP Content-Type"
        } else {
            "<meta>"
        };
        (label.clone(), by)
    } else {
        out.pass();
        return;
    };
    let finding = match super::charset_element(page) {
        Some(el) => out.fail(el),
        None => out.fail_at(None),
    };
    finding
        .arg("encoding", encoding)
        .arg("declared_by", declared_by);
}
