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
    for site in sites.iter_mut() {
        match site.status.state {
            SiteState::Reachable => {}
            SiteState::Unreachable => {
                // One message for all of them, shared.
                let message: crate::finding::Shared<_> =
                    messages::localized("status.unreachable_finding", &[]).into();
                for f in findings
                    .iter_mut()
                    .filter(|f| f.site == site.id && f.family == Some(Family::Content))
                {
                    f.outcome = Outcome::CantTell;
                    f.message = message.clone();
                    // One review item per rule, not one per category or
                    // element nobody could see (the fingerprint is kept).
                    f.args.clear();
                }
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
                let limit = site.status.limit.unwrap_or_default().to_string();
                let left = site.status.left.to_string();
                let key = if site.status.state == SiteState::Capped {
                    "status.capped_category"
                } else {
                    "status.incomplete_category"
                };
                let mut converted = false;
                for f in findings
                    .iter_mut()
                    .filter(|f| f.site == site.id && f.rule == CATEGORY_MISSING)
                {
                    let category = f.args.get("category").cloned().unwrap_or_default();
                    f.outcome = Outcome::CantTell;
                    f.message = messages::localized(
                        key,
                        &[("category", &category), ("limit", &limit), ("left", &left)],
                    )
                    .into();
                    converted = true;
                }
                if converted && site.outcomes.get(CATEGORY_MISSING) == Some(Outcome::Failed) {
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
