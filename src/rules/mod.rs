//! The rule engine: the registry, the rule types and the findings sink.
//!
//! A rule is a plain function: page rules read one [`Page`], site rules read
//! what the store holds about one site ([`SiteData`]). Rules do no I/O and
//! return nothing: they report to a [`Findings`] sink, which records the ACT
//! outcome (`passed`, `failed`, `cant_tell`, `inapplicable`) of the rule on
//! that page. Texts, severities and legal bases are data, in `rulesets/*.toml`.
//!
//! Adding a rule: one file in its family folder with its `check` function and,
//! next to it, its own declaration `pub const RULE: Rule = Rule { id, family,
//! check: Check::Page(check) }` (or `Check::Site` / `Check::Assessed`); one
//! line `<file>::RULE` in that family's `RULES` (sorted by id); one entry in
//! `rulesets/<family>.toml`; one fixture folder: `fixtures/rules/<id>/` for a
//! page rule, a site fixture `fixtures/sites/<name>/` whose `expected.toml`
//! names the rule for a site rule (`tests/integration/sites.rs` serves it,
//! audits it and fails for a site rule without one). Nothing else changes.

pub mod a11y;
pub mod content;
pub mod engine;
mod findings;
pub mod links;
mod outcomes;
pub mod privacy;
pub mod site;
pub mod standards;
pub mod unicode;

// The vocabulary rules share with reports lives below them; named from here too.
pub use crate::finding::Outcome;
pub use crate::ruleset::Family;
pub use findings::{Findings, MAX_FINDINGS_PER_RULE_PER_PAGE, RawFinding};
pub use outcomes::Outcomes;
pub use site::SiteData;

use crate::page::Page;

/// What a rule looks at.
#[derive(Clone, Copy)]
pub enum Check {
    /// Runs once per HTML page.
    Page(fn(&Page, &mut Findings)),
    /// Runs once per site, after its crawl, over what the store holds.
    Site(fn(&SiteData, &mut Findings)),
    /// Runs once per site over its content assessment: the legal profiles in
    /// force for its role on the reference date and its category checklist
    /// (the mandatory-information family).
    Assessed(fn(&content::assess::Assessment<'_>, &mut Findings)),
}

/// A rule as code knows it: the id (matching `rulesets/*.toml`), its family and its check.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case id naming the defect.
    pub id: &'static str,
    /// The family (and so the folder and ruleset file).
    pub family: Family,
    /// The check.
    pub check: Check,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("family", &self.family)
            .finish()
    }
}

/// Every family's rules. Each family keeps its own sorted `RULES` slice, which
/// names the `RULE` each rule file declares.
pub const FAMILIES: &[&[Rule]] = &[
    a11y::RULES,
    unicode::RULES,
    content::RULES,
    links::RULES,
    standards::RULES,
    privacy::RULES,
];

/// Every registered rule, family by family.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// Checks that every id names a registered rule (`--rule`).
///
/// # Errors
/// [`crate::Error::UnknownRule`] for the first that does not.
pub fn check_ids(ids: &[String]) -> crate::Result<()> {
    match ids.iter().find(|id| by_id(id).is_none()) {
        Some(id) => Err(crate::Error::UnknownRule(id.clone())),
        None => Ok(()),
    }
}

/// The rule with this id.
#[must_use]
pub fn by_id(id: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.id == id)
}
