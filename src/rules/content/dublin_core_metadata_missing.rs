//! `dublin-core-metadata-missing`: a page that must carry metadata lacks mandatory Dublin Core elements.
//!
//! **What it checks.** The home page and every article page carry the six
//! mandatory elements of Thông tư 24/2011 Điều 4, as `<meta name="DC.…">`:
//! `DC.title`, `DC.creator`, `DC.date`, `DC.description`, `DC.publisher`,
//! `DC.identifier`, none of them empty (Điều 5).
//!
//! **Why.** Thông tư 24/2011 Điều 6 makes metadata mandatory on the home page
//! and on every article of the news, direction, law and strategy sections;
//! Nghị định 43/2011 Điều 14 and Nghị định 224/2026 Điều 11 khoản 5 ask for
//! metadata. The embedding syntax is in the circular's Phụ lục II, which was
//! not found: the `DC.` meta form is the usual one but not verified, hence a
//! notice.
//!
//! **Fails:** a home page with `<meta name="DC.title" content="…">` only.
//!
//! **Passes:** all six elements with values.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// The mandatory elements (Thông tư 24/2011 Điều 4 khoản 1).
const MANDATORY: [&str; 6] = [
    "dc.title",
    "dc.creator",
    "dc.date",
    "dc.description",
    "dc.publisher",
    "dc.identifier",
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "dublin-core-metadata-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let home = site.home().map(|p| p.url.as_str());
    for page in &site.site.pages {
        if Some(page.url.as_str()) != home && page.content.article.is_none() {
            continue;
        }
        let meta = &page.content.meta;
        let missing: Vec<String> = MANDATORY
            .iter()
            .filter(|element| {
                // `DC.date.created`, `DC.date.issued` refine `DC.date`.
                !meta.iter().any(|(name, value)| {
                    (name == *element || name.starts_with(&format!("{element}.")))
                        && !value.trim().is_empty()
                })
            })
            .map(|e| format!("DC.{}", &e[3..]))
            .collect();
        super::report_missing(out, &page.url, &missing);
    }
}
