//! `role-obsolete`: the site's configured role is that of a body which no longer existed on the reference date.
//!
//! **What it checks.** The role given to the site (`--role`, `role` in
//! `audit.toml`) against the roles of `rulesets/categories.toml`: a role with
//! an `ended` date before the reference date (the district level abolished
//! on 01/7/2025; Sở Kế hoạch và Đầu tư, Sở Tài nguyên và Môi trường and Sở
//! Thông tin và Truyền thông merged in early 2025) gives one finding naming
//! the body that took over its duties and that body's role. The site is still
//! judged with the role as configured.
//!
//! **Why.** Nghị định 45/2025/NĐ-CP lists the sở organised in every province
//! from 2025, without those three; the provinces were merged and the district
//! level abolished from 01/7/2025 (Nghị định 224/2026 Điều 11 khoản 4 names
//! only tỉnh and xã portals). Requirements read for a body that no longer
//! exists, or a site now run by its successor, can be wrong: a person must
//! confirm the role, and the configuration should name the successor.
//!
//! **Fails:** `role = "so-khdt"` audited as of 28/11/2026 (the finding names
//! Sở Tài chính, `so-tc`).
//!
//! **Passes:** `role = "so-tc"` as of 28/11/2026; `role = "so-khdt"` as of 01/9/2019.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "role-obsolete",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    let Some(role) = site.site.role.as_deref().and_then(|r| site.catalog.role(r)) else {
        return;
    };
    let Some(ended) = role.ended.filter(|_| role.ended_by(site.as_of)) else {
        out.pass();
        return;
    };
    let successor = role.successor.as_deref().and_then(|r| site.catalog.role(r));
    out.cant_tell_at(None)
        .at_url(site.site.root.clone())
        .arg("id", role.id.clone())
        .arg("name", role.name.vi.clone())
        .arg("ended", ended.format("%d/%m/%Y").to_string())
        .arg(
            "successor",
            successor.map_or_else(|| "?".to_string(), |s| s.name.vi.clone()),
        )
        .arg(
            "successor_role",
            successor.map_or_else(|| "?".to_string(), |s| s.id.clone()),
        );
}
