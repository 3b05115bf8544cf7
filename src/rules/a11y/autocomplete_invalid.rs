//! `autocomplete-invalid`: a form field's `autocomplete` value is not one the HTML standard defines.
//!
//! **What it checks.** Every visible, enabled `<input>`, `<select>` or
//! `<textarea>` with a non-empty `autocomplete` (other than `on`/`off`) has a
//! value of the form `[section-*] [shipping|billing] [home|work|mobile|fax|pager]
//! field [webauthn]`, where `field` is a defined autofill field name and the
//! `home`/`work`… qualifier is only used with contact fields (email, tel…).
//!
//! **Why.** Browsers and assistive tools fill in and label personal data only
//! for valid tokens; people with cognitive or motor disabilities rely on it.
//! WCAG 2.1 SC 1.3.5 (Identify Input Purpose, level AA; a best practice under
//! WCAG 2.0); ACT rule 73f2c2.
//!
//! **Fails:** `<input autocomplete="so-dien-thoai">`
//!
//! **Passes:** `<input type="tel" autocomplete="tel">`

use crate::page::Page;
use crate::page::accname::input_type;
use crate::rules::{Check, Family, Findings, Rule};

const FIELDS: &[&str] = &[
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "honorific-suffix",
    "nickname",
    "username",
    "new-password",
    "current-password",
    "one-time-code",
    "organization-title",
    "organization",
    "street-address",
    "address-line1",
    "address-line2",
    "address-line3",
    "address-level4",
    "address-level3",
    "address-level2",
    "address-level1",
    "country",
    "country-name",
    "postal-code",
    "cc-name",
    "cc-given-name",
    "cc-additional-name",
    "cc-family-name",
    "cc-number",
    "cc-exp",
    "cc-exp-month",
    "cc-exp-year",
    "cc-csc",
    "cc-type",
    "transaction-currency",
    "transaction-amount",
    "language",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "sex",
    "url",
    "photo",
];

const CONTACT_FIELDS: &[&str] = &[
    "tel",
    "tel-country-code",
    "tel-national",
    "tel-area-code",
    "tel-local",
    "tel-local-prefix",
    "tel-local-suffix",
    "tel-extension",
    "email",
    "impp",
];

/// Whether `value` follows the autofill grammar.
#[must_use]
pub fn valid(value: &str) -> bool {
    let tokens: Vec<String> = value
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut rest: &[String] = &tokens;
    if rest.len() == 1 && matches!(rest[0].as_str(), "on" | "off") {
        return true;
    }
    if rest.last().is_some_and(|t| t == "webauthn") {
        rest = &rest[..rest.len() - 1];
    }
    if rest.first().is_some_and(|t| t.starts_with("section-")) {
        rest = &rest[1..];
    }
    if rest
        .first()
        .is_some_and(|t| t == "shipping" || t == "billing")
    {
        rest = &rest[1..];
    }
    let contact = rest
        .first()
        .is_some_and(|t| matches!(t.as_str(), "home" | "work" | "mobile" | "fax" | "pager"));
    if contact {
        rest = &rest[1..];
    }
    match rest {
        [field] => {
            CONTACT_FIELDS.contains(&field.as_str()) || !contact && FIELDS.contains(&field.as_str())
        }
        _ => false,
    }
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "autocomplete-invalid",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for el in page
        .by_tag("input")
        .chain(page.by_tag("select"))
        .chain(page.by_tag("textarea"))
    {
        let Some(value) = el.attr("autocomplete").filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        if el.name() == "input"
            && matches!(
                input_type(el).as_str(),
                "hidden" | "button" | "submit" | "reset" | "image" | "checkbox" | "radio" | "file"
            )
        {
            continue;
        }
        if page.is_disabled(el)
            || el
                .attr("aria-disabled")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            || page.is_hidden(el) && !page.is_focusable(el)
        {
            continue;
        }
        if valid(value) {
            out.pass();
        } else {
            out.fail(el).arg("value", value.trim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn grammar() {
        for ok in [
            "email",
            "work email",
            "section-a shipping street-address",
            "on",
            "current-password webauthn",
        ] {
            assert!(valid(ok), "{ok}");
        }
        for bad in [
            "badname",
            "work photo",
            "work shipping email",
            "work,email",
            "shipping",
            "address-line1 address-line2",
            "work",
        ] {
            assert!(!valid(bad), "{bad}");
        }
    }
}
