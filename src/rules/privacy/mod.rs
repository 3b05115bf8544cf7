//! Personal data (Thông tư 25/2010; Luật Bảo vệ dữ liệu cá nhân 2025): forms
//! that collect it, consent, transport. One file per rule, plus the shared
//! recognition of personal-data fields.

mod consent_checkbox_prechecked;
mod fields;
mod personal_data_form_insecure;
mod tracker_on_personal_data_form;

use super::{Check, Family, Rule};

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "consent-checkbox-prechecked",
        family: Family::Privacy,
        check: Check::Page(consent_checkbox_prechecked::check),
    },
    Rule {
        id: "personal-data-form-insecure",
        family: Family::Privacy,
        check: Check::Page(personal_data_form_insecure::check),
    },
    Rule {
        id: "tracker-on-personal-data-form",
        family: Family::Privacy,
        check: Check::Page(tracker_on_personal_data_form::check),
    },
];
