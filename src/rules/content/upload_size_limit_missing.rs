//! `upload-size-limit-missing`: a file field does not say how large a file
//! may be.
//!
//! **What it checks.** Every `<input type="file">` of the page (an online
//! form's attachment field) has a maximum size stated beside it: a number
//! with a unit of file size (`10 MB`, `2,5MB`, `500 KB`, `1 GB`, `20
//! megabyte`) in the text of the elements around it — from its parent up to
//! the `<form>` that holds it (or three levels up outside a form) — or in an
//! element its `aria-describedby` names. A `title` or `placeholder` is not
//! counted: they are not shown beside the field. A page without a file
//! field is inapplicable.
//!
//! **Why.** Thông tư 32/2017 Điều 7 [V]: the online form's attachment field
//! shows the maximum size of the file that may be attached, so that a
//! citizen does not fill the form in only to have the file refused (the
//! circular's status after Thông tư 22/2023, 05/4/2024, is not established).
//!
//! **Fails:** `<label>Hồ sơ đính kèm <input type="file" name="hs"></label>`
//! with no size anywhere in the form.
//!
//! **Passes:** `<input type="file" name="hs"> <small>Tệp PDF, dung lượng
//! tối đa 10 MB</small>`.

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "upload-size-limit-missing",
    family: Family::Content,
    check: Check::Page(check),
};

/// Units of file size, lower case, longest first.
const UNITS: &[&str] = &[
    "megabytes",
    "megabyte",
    "kilobytes",
    "kilobyte",
    "gigabyte",
    "mib",
    "kib",
    "gib",
    "mb",
    "kb",
    "gb",
];

/// Whether a text states a file size: digits, optional white space, then a
/// unit that is not the start of a longer word.
fn states_size(text: &str) -> bool {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // The number, with a decimal separator.
        while i < bytes.len() && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'.' | b',')) {
            i += 1;
        }
        let rest = lower[i..].trim_start();
        if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            let after = rest[unit.len()..].chars().next();
            if !after.is_some_and(char::is_alphanumeric) {
                return true;
            }
        }
    }
    false
}

/// The texts shown beside a file field: what its `aria-describedby` names,
/// then its ancestors' from the parent up to its form (or three levels).
fn states_size_beside(page: &Page, field: El<'_>) -> bool {
    let described = field
        .attr("aria-describedby")
        .unwrap_or_default()
        .split_ascii_whitespace()
        .filter_map(|id| page.by_id(id).next())
        .any(|el| states_size(&el.text()));
    if described {
        return true;
    }
    let in_form = field.ancestors().any(|a| a.name() == "form");
    for (level, ancestor) in field.ancestors().enumerate() {
        if matches!(ancestor.name(), "body" | "html") || (!in_form && level >= 3) {
            break;
        }
        if states_size(&ancestor.text()) {
            return true;
        }
        if ancestor.name() == "form" {
            break;
        }
    }
    false
}

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    for field in page.by_tag("input") {
        if !field
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("file"))
        {
            continue;
        }
        if states_size_beside(page, field) {
            out.pass();
        } else {
            let name = field
                .attr("name")
                .or_else(|| field.attr("id"))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or("input[type=file]");
            out.fail(field).arg("field", name.trim().to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::states_size;

    #[test]
    fn sizes() {
        for yes in [
            "Dung lượng tối đa 10 MB",
            "tối đa 2,5MB/tệp",
            "không quá 500 KB.",
            "(max 1GB)",
            "20 megabyte",
        ] {
            assert!(states_size(yes), "{yes}");
        }
        for no in [
            "Tệp PDF hoặc Word",
            "Mẫu số 03",
            "10 mbps",
            "Hồ sơ MB-01",
            "",
        ] {
            assert!(!states_size(no), "{no}");
        }
    }
}
