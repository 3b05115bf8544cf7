//! `consent-checkbox-prechecked`: consent to use or share personal data is ticked in advance.
//!
//! **What it checks.** A checkbox whose label or surrounding text asks for
//! consent ("đồng ý", "cho phép", "chia sẻ thông tin", "nhận thông tin",
//! "agree", "consent", "I accept") is rendered already `checked`.
//!
//! **Why.** Thông tư 25/2010 Điều 8 khoản 2: "không được thiết lập cơ chế chọn
//! đồng ý mặc định" — consent must be an explicit act; Luật Bảo vệ dữ liệu cá
//! nhân 2025 and Nghị định 356/2025 ban default consent.
//!
//! **Fails:** `<label><input type="checkbox" name="dong_y" checked> Tôi đồng ý chia sẻ thông tin</label>`
//!
//! **Passes:** `<label><input type="checkbox" name="dong_y"> Tôi đồng ý chia sẻ thông tin</label>`

use crate::page::Page;
use crate::rules::Findings;

use super::fields::label_text;
use crate::rules::{Check, Family, Rule};

const CONSENT_WORDS: &[&str] = &[
    "đồng ý",
    "dong y",
    "dong_y",
    "dongy",
    "cho phép",
    "chấp nhận",
    "chia sẻ thông tin",
    "nhận thông tin",
    "consent",
    "agree",
    "i accept",
    "privacy",
    "bảo mật",
    "điều khoản",
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "consent-checkbox-prechecked",
    family: Family::Privacy,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    for input in page.by_tag("input") {
        if !input
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("checkbox"))
        {
            continue;
        }
        let mut text = label_text(page, input);
        for attr in ["name", "id", "aria-label", "title", "value"] {
            if let Some(value) = input.attr(attr) {
                text.push(' ');
                text.push_str(value);
            }
        }
        // Text right next to an unlabelled checkbox (its parent's text).
        if let Some(parent) = input.parent() {
            text.push(' ');
            text.push_str(&parent.text());
        }
        let text = text.to_lowercase();
        if !CONSENT_WORDS.iter().any(|w| text.contains(w)) {
            continue;
        }
        if input.has_attr("checked") {
            let label: String = label_text(page, input)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.fail(input).arg(
                "label",
                if label.is_empty() {
                    input.attr("name").unwrap_or("?").to_string()
                } else {
                    label
                },
            );
        } else {
            out.pass();
        }
    }
}
