//! `utf8-bytes-invalid`: the page has byte sequences that are not valid UTF-8.
//!
//! **What it checks.** A page decoded as UTF-8 has no invalid byte sequences.
//! Each element holding some is reported once, with the byte offset and line
//! of the first, the text around it and how many there are in that element.
//!
//! **Why.** The browser shows each invalid sequence as "�": usually text pasted
//! in a legacy encoding (TCVN3, VNI, windows-1258) into a UTF-8 page. TCVN
//! 6909:2001 and UTF-8 are mandatory (Thông tư 39/2017, Danh mục, mục 2.7 và
//! 3.14; Nghị định 43/2011 Điều 7, then Nghị định 42/2022).
//!
//! **Fails:** `<p>C\xE6ng th\xABng tin</p>` in a UTF-8 page
//!
//! **Passes:** `<p>Cổng thông tin</p>`

use std::collections::BTreeMap;

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// Bytes of context shown on each side of the first invalid sequence.
const CONTEXT_BYTES: usize = 24;

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "utf8-bytes-invalid",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let info = &page.encoding;
    if !info.is_utf8() {
        return;
    }
    if info.invalid_utf8_count == 0 {
        out.pass();
        return;
    }
    let bytes = &page.bytes;
    // The element a line belongs to: the last one starting on or before it.
    let lines: Vec<u64> = page.elements().map(|el| el.line()).collect();
    let mut by_element: BTreeMap<u32, (usize, u64, usize)> = BTreeMap::new();
    let mut line = 1;
    let mut counted_to = 0;
    for &offset in &info.invalid_utf8_offsets {
        let offset = offset.min(bytes.len());
        line += bytes[counted_to..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted_to = offset;
        let idx = lines.partition_point(|&l| l <= line).saturating_sub(1) as u32;
        by_element
            .entry(idx)
            .and_modify(|e| e.2 += 1)
            .or_insert((offset, line, 1));
    }
    for (idx, (offset, line, count)) in by_element {
        let Some(el) = page.elements().nth(idx as usize) else {
            continue;
        };
        out.fail(el)
            .arg("offset", offset.to_string())
            .arg("line", line.to_string())
            .arg("context", context(bytes, offset))
            .arg("count", count.to_string());
    }
}

/// The text around `offset`, invalid bytes shown as `\xNN`.
fn context(bytes: &[u8], offset: usize) -> String {
    let mut start = offset.saturating_sub(CONTEXT_BYTES);
    while start > 0 && start < offset && (bytes[start] & 0xC0) == 0x80 {
        start += 1;
    }
    let end = (offset + CONTEXT_BYTES).min(bytes.len());
    let mut out = String::new();
    let mut rest = &bytes[start..end];
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(err) => {
                let valid = err.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let bad = err.error_len().unwrap_or(rest.len() - valid).max(1);
                for b in &rest[valid..valid + bad] {
                    out.push_str(&format!("\\x{b:02X}"));
                }
                rest = &rest[valid + bad..];
            }
        }
    }
    super::excerpt(&out, 80)
}
