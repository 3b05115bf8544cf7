//! `category-missing`: a category of information the law requires of this site is not published.
//!
//! **What it checks.** The checklist of the site (see `assess.rs`): every
//! category that a legal profile in force on the reference date requires of
//! the site's role, looked for in menus, other link texts and slugs outside
//! running text, headings, breadcrumbs, page titles, URL slugs, document-list
//! columns and the footer. One finding per category found nowhere, naming the
//! articles that require it.
//!
//! **Why.** Nghị định 43/2011 Điều 10–13 (to 14/8/2022), Nghị định 42/2022
//! Điều 4, Nghị định 224/2026 Điều 9, Luật Công nghệ thông tin Điều 28 khoản
//! 2, Luật Tiếp cận thông tin Điều 19 and provincial regulations (Trà Vinh:
//! Quyết định 1526/QĐ-UBND Điều 10 khoản 2) list what each portal must publish;
//! Thông tư 32/2017 Điều 16 khoản 2 wants those items on the home page or the
//! main menu.
//!
//! **Fails:** a Văn phòng UBND site whose pages name no "Lịch tiếp công dân"
//! (a news sentence that mentions a schedule does not count).
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
        if item.status == Status::Missing {
            out.fail_at(None)
                .at_url(site.site.root.clone())
                .arg("category", item.name.vi.clone())
                .arg("id", item.category.clone())
                .arg("basis", bases_text(&item.required_by));
        } else {
            out.pass();
        }
    }
}
