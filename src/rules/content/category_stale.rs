//! `category-stale`: a dated category was not updated within its limit.
//!
//! **What it checks.** For each required category with a freshness limit in
//! `rulesets/categories.toml` (news: 30 days; citizen-reception schedule: 31
//! days; leaders' work schedule: the current week), the newest date shown on
//! the pages of its section (pages whose title, main heading, breadcrumb, slug
//! or document table names it, and pages its menu links lead to), read in
//! Vietnamese formats (`13/8/2019`, `13-08-2019`, `ngày 13 tháng 8 năm 2019`).
//! A work schedule that shows only a past week is stale.
//!
//! **Why.** Nghị định 43/2011 Điều 17 (to 14/8/2022) and Quy chế Trà Vinh Điều
//! 11 khoản 1 set update deadlines; Nghị định 42/2022 and Nghị định 224/2026
//! Điều 9 khoản 3 require updates "kịp thời"; Thông tư 32/2017 Điều 19 wants
//! information "luôn được cập nhật". A schedule of last week tells citizens
//! nothing about this week.
//!
//! **Fails:** a "Lịch công tác" page for `Tuần 33 (12/8/2019 - 18/8/2019)`
//! checked on 20/8/2019.
//!
//! **Passes:** the schedule of the current week.

use super::assess::Assessment;
use super::bases_text;
use super::checklist::Status;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "category-stale",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    for item in &site.checklist.items {
        let (Some(newest), Some(since)) = (item.newest_date, item.fresh_since) else {
            continue;
        };
        if item.status == Status::Stale {
            out.fail_at(None)
                .at_url(
                    item.newest_url
                        .clone()
                        .unwrap_or_else(|| site.site.root.clone()),
                )
                .arg("category", item.name.vi.clone())
                .arg("id", item.category.clone())
                .arg("newest", newest.format("%d/%m/%Y").to_string())
                .arg("since", since.format("%d/%m/%Y").to_string())
                .arg("basis", bases_text(&item.required_by));
        } else {
            out.pass();
        }
    }
}
