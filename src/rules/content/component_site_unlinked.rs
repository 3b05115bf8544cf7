//! `component-site-unlinked`: the portal does not link to one of its configured component sites.
//!
//! **What it checks.** On a site with the role `portal`, for every other site
//! the audit's configuration names (discovered sites aside): some audited
//! page of the portal links into that site (same host and port, `www.`
//! ignored, below its root path). Links are those outside running text
//! (menus, headers, footers, sidebars, link lists: [`super::facts::PageFacts`])
//! and every link the crawler kept for judging. One finding per component
//! site not linked, naming it (`id`, its root and role). Without configured
//! component sites (`check`, a single site) the rule is inapplicable.
//!
//! **Why.** Nghị định 43/2011 Điều 16 made the provincial portal integrate the
//! sites of the sở and UBND huyện, and Điều 15 khoản 1 điểm b asked for
//! complete links to the portals of subordinate units; under Nghị định
//! 42/2022 Điều 6 khoản 1 the sites of sở and UBND huyện/xã had until about
//! 15/8/2024 to become components of the provincial portal, the first step
//! being a link from it [S]. A provincial Quy chế (Trà Vinh's Điều 2 and
//! Điều 11 khoản 3) adds its own articles where its profile is selected.
//!
//! **Fails:** the configuration names `soxd` (`https://soxd.tinh.gov.vn/`) and
//! no page of the portal links to that host.
//!
//! **Passes:** the portal's "Liên kết" block has
//! `<a href="https://soxd.tinh.gov.vn/">Sở Xây dựng</a>`.

use super::assess::Assessment;
use super::components::within;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "component-site-unlinked",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() || site.site.role.as_deref() != Some("portal") {
        return;
    }
    let targets = super::link_targets(site.site);
    for component in site
        .sites
        .iter()
        .filter(|c| c.id != site.site.id && c.root != site.site.root)
    {
        if targets.iter().any(|t| within(&component.root, t)) {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(site.site.root.clone())
                .arg("id", component.id.clone())
                .arg("site", component.root.clone())
                .arg(
                    "name",
                    component
                        .name
                        .clone()
                        .or_else(|| component.role.clone())
                        .unwrap_or_else(|| component.id.clone()),
                );
        }
    }
}
