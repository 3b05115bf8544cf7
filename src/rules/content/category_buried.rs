//! `category-buried`: a mandatory category exists but is neither on the home page nor in a menu.
//!
//! **What it checks.** While Thông tư 32/2017 Điều 16 is in force on the
//! reference date (to 04/4/2024: Thông tư 22/2023 took over the portal's
//! structure and layout), every required category that was found (present or stale) was
//! found at least once on the home page or in a menu (`prominent` in the
//! checklist), not only on inner pages reached some other way.
//!
//! **Why.** Thông tư 32/2017 Điều 16 khoản 2: the information items of
//! Nghị định 43/2011 Chương II "phải được bố trí trên trang chủ hoặc trong
//! danh mục chính", in an easy-to-notice position. A schedule citizens cannot
//! reach from the home page is as good as unpublished.
//!
//! **Fails:** a "Lịch công tác" page that no menu and no home-page link leads to.
//!
//! **Passes:** `<nav><a href="lich-cong-tac.html">Lịch công tác</a></nav>`.

use super::assess::Assessment;
use super::checklist::Status;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "category-buried",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    // Only while its basis (Thông tư 32/2017 Điều 16 khoản 2) is in force.
    if !site.judged() || site.bases("category-buried", None).is_empty() {
        return;
    }
    for item in &site.checklist.items {
        if !matches!(item.status, Status::Present | Status::Stale) {
            continue;
        }
        if item.prominent {
            out.pass();
        } else {
            let url = item
                .evidence
                .first()
                .map_or_else(|| site.site.root.clone(), |e| e.url.clone());
            out.fail_at(None)
                .at_url(url)
                .arg("category", item.name.vi.clone())
                .arg("id", item.category.clone());
        }
    }
}
