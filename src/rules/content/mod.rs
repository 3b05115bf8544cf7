//! Mandatory information: the categories each site must publish, per legal
//! basis, role and date, and how they are published (freshness, article
//! metadata, structured items, site functions, domain).
//!
//! Data, not code, says what is required: `rulesets/categories.toml` (the
//! categories and their vocabulary, the roles) and `rulesets/profiles/*.toml`
//! (each legal document's required categories, with article and clause, roles
//! and validity). Pages contribute their facts while they are parsed
//! ([`facts::extract`], kept in [`crate::rules::site::SitePage`]); each site is
//! then judged once ([`assess::Assessment`]) and the rules of this family read
//! that judgement. One file per rule.

pub mod assess;
pub mod catalog;
mod category_missing;
mod category_stale;
pub mod checklist;
pub mod dates;
pub mod facts;
mod site_moved;
pub mod text;

use super::{Check, Family, Rule};
use crate::ruleset::AppliedBasis;

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "category-missing",
        family: Family::Content,
        check: Check::Assessed(category_missing::check),
    },
    Rule {
        id: "category-stale",
        family: Family::Content,
        check: Check::Assessed(category_stale::check),
    },
    Rule {
        id: "site-moved",
        family: Family::Content,
        check: Check::Assessed(site_moved::check),
    },
];

/// The legal bases of a checklist item as one line (`43/2011/NĐ-CP Điều 10
/// khoản 1 điểm c; 1526/QĐ-UBND (Trà Vinh) Điều 10 khoản 2 điểm a`).
#[must_use]
pub fn bases_text(bases: &[AppliedBasis]) -> String {
    bases
        .iter()
        .map(|b| format!("{} {}", b.number, b.article))
        .collect::<Vec<_>>()
        .join("; ")
}
