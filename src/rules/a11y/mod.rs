//! Accessibility for people with disabilities: WCAG 2.0 A/AA as far as markup
//! and CSS decide it, and the concrete minimum of Thông tư 32/2017 Điều 18.
//! One file per rule.

mod html_lang_invalid;
mod html_lang_missing;
mod img_alt_missing;
mod page_title_missing;

use super::{Check, Family, Rule};

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "html-lang-invalid",
        family: Family::A11y,
        check: Check::Page(html_lang_invalid::check),
    },
    Rule {
        id: "html-lang-missing",
        family: Family::A11y,
        check: Check::Page(html_lang_missing::check),
    },
    Rule {
        id: "img-alt-missing",
        family: Family::A11y,
        check: Check::Page(img_alt_missing::check),
    },
    Rule {
        id: "page-title-missing",
        family: Family::A11y,
        check: Check::Page(page_title_missing::check),
    },
];
