//! `category-stale`: a dated category was not updated within the tool's limit.
//!
//! **What it checks.** For each required category with a freshness limit
//! (news: 30 days; citizen-reception schedule: 31 days; leaders' work
//! schedule: the current week — the defaults of `rulesets/categories.toml`,
//! changed with `[freshness]` in `audit.toml`), the newest date shown on the
//! pages of its section (pages whose title, main heading, breadcrumb, slug or
//! document table names it, and pages its menu links lead to), read in
//! Vietnamese formats (`13/8/2019`, `13-08-2019`, `ngày 13 tháng 8 năm
//! 2019`). A work schedule that shows only a past week is stale.
//!
//! **Why.** The law asks for timely updates without a day limit for these
//! categories: Nghị định 43/2011 Điều 17 ("thường xuyên, chính xác", to
//! 14/8/2022; its day limits for other categories are cited with them), Luật
//! Công nghệ thông tin Điều 28 khoản 1 điểm d (to 30/6/2026), Thông tư
//! 32/2017 Điều 19, Nghị định 42/2022 ("kịp thời"), Nghị định 224/2026 Điều 9
//! khoản 3 ("kịp thời ngay khi có sự thay đổi") and Quy chế Trà Vinh Điều 11
//! khoản 1. The finding cites those timeliness articles — not the article
//! that requires the section — and says that the limit is the tool's policy.
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
            let bases = site.bases("category-stale", Some(&item.category));
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
                .arg("basis", bases_text(&bases))
                .bases(bases);
        } else {
            out.pass();
        }
    }
}
