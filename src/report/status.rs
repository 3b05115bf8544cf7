//! Honest site status: what an audit could not see is not reported as a
//! defect. Applied by the command before the gate and `assemble`, so every
//! format, count and score sees the same findings.
//!
//! - An **unreachable** site (no page answered) gets no score; the findings and
//!   site outcomes of its content rules (mandatory information, menus,
//!   metadata…) become `cant_tell` with the message *không kiểm tra được vì
//!   trang không truy cập được*, instead of 13 "missing category" errors.
//! - On a **capped** site (the page limit reached, addresses left), a
//!   mandatory category not found on the audited pages may sit on one that was
//!   not audited: its `category-missing` finding becomes `cant_tell`, and the
//!   checklist says `cant_tell` instead of `missing`.

use super::model::{Finding, SiteReport, SiteState};
use crate::messages;
use crate::rules::content::checklist::Status;
use crate::rules::{Family, Outcome};

/// The rule whose findings say a mandatory category is missing.
const CATEGORY_MISSING: &str = "category-missing";

/// Turns what a site's status leaves unknown into `cant_tell`: every content
/// finding and site outcome of an unreachable site, the missing categories of
/// a capped one (findings, site outcome and checklist items).
pub fn apply(sites: &mut [SiteReport], findings: &mut [Finding]) {
    let mut converted = std::collections::BTreeSet::new();
    {
        let unseen = Unseen::new(sites);
        for f in findings.iter_mut() {
            if unseen.finding(f) {
                converted.insert(f.site.clone());
            }
        }
    }
    apply_to_sites(sites, |site| converted.contains(site));
}

/// What the sites' status does to each finding, one at a time ([`apply`]).
#[derive(Debug)]
pub struct Unseen {
    /// Each site's id and status.
    sites: Vec<(String, super::model::SiteStatus)>,
    /// One message for every content finding of an unreachable site, shared.
    unreachable: crate::finding::Shared<crate::lang::Localized>,
}

impl Unseen {
    /// For these sites (their status as the store says).
    #[must_use]
    pub fn new(sites: &[SiteReport]) -> Self {
        Self {
            sites: sites
                .iter()
                .map(|s| (s.id.clone(), s.status.clone()))
                .collect(),
            unreachable: messages::localized("status.unreachable_finding", &[]).into(),
        }
    }

    /// Turns the finding into `cant_tell` when its site's status leaves it
    /// unknown; returns whether it was a missing category of a capped or
    /// incomplete site.
    pub fn finding(&self, f: &mut Finding) -> bool {
        let Some((_, status)) = self.sites.iter().find(|(id, _)| *id == f.site) else {
            return false;
        };
        match status.state {
            SiteState::Reachable => false,
            SiteState::Unreachable => {
                if f.family == Some(Family::Content) {
                    f.outcome = Outcome::CantTell;
                    f.message = self.unreachable.clone();
                    // One review item per rule, not one per category or
                    // element nobody could see (the fingerprint is kept).
                    f.args.clear();
                }
                false
            }
            SiteState::Capped | SiteState::Incomplete => {
                if f.rule != CATEGORY_MISSING {
                    return false;
                }
                let limit = status.limit.unwrap_or_default().to_string();
                let left = status.left.to_string();
                let key = if status.state == SiteState::Capped {
                    "status.capped_category"
                } else {
                    "status.incomplete_category"
                };
                let category = f.args.get("category").cloned().unwrap_or_default();
                f.outcome = Outcome::CantTell;
                f.message = messages::localized(
                    key,
                    &[("category", &category), ("limit", &limit), ("left", &left)],
                )
                .into();
                true
            }
        }
    }
}

/// What a site's status does to the site: the content outcomes of an
/// unreachable site and the missing categories of a capped or incomplete
/// one (its site outcome when `converted` says one of its findings was)
/// become `cant_tell`.
pub fn apply_to_sites(sites: &mut [SiteReport], converted: impl Fn(&str) -> bool) {
    for site in sites.iter_mut() {
        match site.status.state {
            SiteState::Reachable => {}
            SiteState::Unreachable => {
                let content: Vec<String> = site
                    .outcomes
                    .iter()
                    .filter(|(rule, outcome)| {
                        *outcome == Outcome::Failed
                            && crate::rules::by_id(rule)
                                .is_some_and(|r| r.family == Family::Content)
                    })
                    .map(|(rule, _)| rule.to_string())
                    .collect();
                for rule in content {
                    site.outcomes.insert(&rule, Outcome::CantTell);
                }
                mark_missing(site);
            }
            SiteState::Capped | SiteState::Incomplete => {
                if converted(&site.id)
                    && site.outcomes.get(CATEGORY_MISSING) == Some(Outcome::Failed)
                {
                    site.outcomes.insert(CATEGORY_MISSING, Outcome::CantTell);
                }
                mark_missing(site);
            }
        }
    }
}

/// A checklist's missing categories become `cant_tell`.
fn mark_missing(site: &mut SiteReport) {
    if let Some(checklist) = site.checklist.as_mut() {
        for item in &mut checklist.items {
            if item.status == Status::Missing {
                item.status = Status::CantTell;
            }
        }
    }
}
