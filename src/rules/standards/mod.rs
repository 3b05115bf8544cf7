//! Web standards (Thông tư 39/2017 Danh mục; Thông tư 32/2017): markup,
//! transport security. One file per rule.

mod doctype_missing;
mod html_parse_errors;
mod mixed_content;
mod obsolete_presentational_markup;

use super::{Check, Family, Rule};

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "doctype-missing",
        family: Family::Standards,
        check: Check::Page(doctype_missing::check),
    },
    Rule {
        id: "html-parse-errors",
        family: Family::Standards,
        check: Check::Page(html_parse_errors::check),
    },
    Rule {
        id: "mixed-content",
        family: Family::Standards,
        check: Check::Page(mixed_content::check),
    },
    Rule {
        id: "obsolete-presentational-markup",
        family: Family::Standards,
        check: Check::Page(obsolete_presentational_markup::check),
    },
];
