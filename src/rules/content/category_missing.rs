//! `category-missing`: a category of information the law requires of this site is not published.
//!
//! **What it checks.** The checklist of the site (see `assess.rs`): every
//! category that a legal profile in force on the reference date requires of
//! the site's role, looked for in menus, other link texts and slugs outside
//! running text, headings, breadcrumbs, page titles, URL slugs, document-list
//! columns and the footer. An item a unit must supply to the portal (Quy chế
//! Trà Vinh Điều 10 khoản 2) also counts when found on that unit's component
//! site linked from the portal. One finding per category found nowhere,
//! citing exactly the articles that require *that* category on that date,
//! with their strength, and naming the supplying units. A category required
//! only of an agency that has such information (Luật Tiếp cận thông tin Điều
//! 19 khoản 1 điểm e: statistics, science programmes, the annual financial
//! report) is asked of a person (`cant_tell`) rather than failed; one whose
//! law for the period is not established is `not_assessed` and not reported.
//!
//! **Why.** Nghị định 43/2011 Điều 10–13 (to 14/8/2022), Nghị định 42/2022
//! Điều 4, Nghị định 224/2026 Điều 9, Luật Công nghệ thông tin Điều 28 khoản
//! 2, Luật Tiếp cận thông tin Điều 19 and provincial regulations (Trà Vinh:
//! Quy chế kèm theo Quyết định 1526/QĐ-UBND, Điều 10) list what each portal
//! must publish.
//!
//! **Fails:** a provincial portal (with the Trà Vinh profile) whose pages name
//! no "Lịch tiếp công dân", and whose Văn phòng UBND site, linked from it,
//! does not either (a news sentence that mentions a schedule does not count).
//!
//! **Passes:** `<nav><a href="/lich-tiep-cong-dan">Lịch tiếp công dân</a></nav>`.

use super::assess::Assessment;
use super::bases_text;
use super::checklist::Status;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "category-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    for item in &site.checklist.items {
        match item.status {
            Status::Missing => {
                let finding = if item.conditional {
                    out.cant_tell_at(None)
                } else {
                    out.fail_at(None)
                };
                let supplied = if item.suppliers.is_empty() {
                    String::new()
                } else {
                    let names: Vec<String> = item
                        .suppliers
                        .iter()
                        .map(|s| format!("{} ({})", s.name.vi, s.role))
                        .collect();
                    format!(" Đơn vị cung cấp: {}.", names.join(", "))
                };
                finding
                    .at_url(site.site.root.clone())
                    .arg("category", item.name.vi.clone())
                    .arg("id", item.category.clone())
                    .arg("basis", bases_text(&item.required_by))
                    .arg("supplied", supplied)
                    .bases(item.required_by.clone());
            }
            // CantTell is set after the rules, by the report (`report::status`).
            Status::NotAssessed | Status::CantTell => {}
            Status::Present | Status::Stale => out.pass(),
        }
    }
}
