//! `site-moved`: the site announces a merger or redirects to another site, so its content is not judged.
//!
//! **What it checks.** The home page announces a merger (`sáp nhập`, `hợp
//! nhất`) with a new address (`….gov.vn`, `địa chỉ mới`), a page refreshes to
//! another host (`<meta http-equiv="refresh">`), or pages were served from
//! another host than the site's root (a redirect). The checklist then marks
//! every category "not assessed" and the category rules stay silent.
//!
//! **Why.** Provinces were merged in 2025 (Trà Vinh became part of Vĩnh Long
//! on 30/6/2025); the district level was abolished. A former portal that now
//! points to its successor is not a portal missing every category: reporting
//! it as such would be wrong. Nghị định 224/2026 Điều 11 khoản 4 sets the
//! domains of the current tỉnh and xã portals.
//!
//! **Fails:** `<p>Từ ngày 01/7/2025, tỉnh Trà Vinh hợp nhất với tỉnh Vĩnh Long;
//! mời truy cập vinhlong.gov.vn</p>` on the home page.
//!
//! **Passes:** a home page without such an announcement.

use super::assess::Assessment;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "site-moved",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    match &site.checklist.moved {
        Some(moved) => {
            out.cant_tell_at(None)
                .at_url(moved.url.clone())
                .arg("evidence", moved.evidence.clone())
                .arg("target", moved.target.clone().unwrap_or_else(|| "?".into()));
        }
        None => out.pass(),
    }
}
