//! `personal-data-form-insecure`: a form collecting personal data travels over plain HTTP.
//!
//! **What it checks.** A `<form>` with fields for personal data (name, date
//! of birth, address, email, phone, ID or passport number — recognised by
//! type, autocomplete, name, label and placeholder in Vietnamese and English)
//! is on a page served over `http://`, or sends to an `http://` address.
//!
//! **Why.** Whatever a citizen types can be read and altered on the way.
//! Thông tư 25/2010 Điều 12 requires encrypted transmission of personal data;
//! Luật Bảo vệ dữ liệu cá nhân 2025 requires protecting it; Thông tư 39/2017
//! item 4.2 makes HTTPS mandatory.
//!
//! **Fails:** on `http://dichvucong.travinh.gov.vn/`: `<form action="/gui"><label>Họ và tên <input name="hoten"></label></form>`;
//! anywhere: `<form action="http://example.vn/gui">` with such fields.
//!
//! **Passes:** on `https://…`: `<form action="/gui" method="post">…</form>`

use crate::page::Page;
use crate::rules::Findings;

use super::fields::personal_fields;
use crate::rules::{Check, Family, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "personal-data-form-insecure",
    family: Family::Privacy,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let page_is_http = page.url.to_ascii_lowercase().starts_with("http://");
    for form in page.by_tag("form") {
        let fields = personal_fields(page, form);
        if fields.is_empty() {
            continue;
        }
        let kinds = kinds_list(&fields);
        let action = form.attr("action").map(str::trim).unwrap_or_default();
        let action_is_http = action.len() >= 7 && action[..7].eq_ignore_ascii_case("http://");
        let posts_to_https = action.len() >= 8 && action[..8].eq_ignore_ascii_case("https://");
        if action_is_http || (page_is_http && !posts_to_https) {
            let target = if action_is_http {
                action.to_string()
            } else {
                page.url.clone()
            };
            out.fail(form).arg("fields", kinds).arg("target", target);
        } else {
            out.pass();
        }
    }
}

/// The distinct kinds of the fields, comma-separated.
fn kinds_list(fields: &[(crate::page::El<'_>, &'static str)]) -> String {
    let mut kinds: Vec<&str> = fields.iter().map(|(_, k)| *k).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.join(", ")
}
