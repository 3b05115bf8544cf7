//! `item-fields-missing`: a list of documents, projects or science programmes lacks fields the law requires.
//!
//! **What it checks.** Tables that list a section's items — legal documents
//! (header with Số/Ký hiệu, Ngày ban hành, Trích yếu), projects (a "Tên dự
//! án" column), science programmes (a "Tên đề tài" column) — have a column for
//! every field of that category in `rulesets/categories.toml`: for documents
//! hình thức, thẩm quyền ban hành, số ký hiệu, ngày ban hành, ngày hiệu lực,
//! trích yếu and a downloadable file, plus a document search on the page; for
//! projects the nine fields; for science programmes the six. Sections with
//! `details` (statistics: the method and the time) show them on their pages,
//! in a heading, a table header cell or a `Label: value` line.
//!
//! A list is judged only when its category is on the site's checklist and a
//! basis requiring *that list's* fields is in force on the reference date;
//! the finding cites exactly those articles (per category, `ids` in
//! `rulesets/content.toml`).
//!
//! **Why.** Nghị định 43/2011 Điều 10 khoản 1 điểm e (documents and the search
//! tool) and điểm h (the nine project fields), Điều 11 (science programmes);
//! Nghị định 42/2022 Điều 4 khoản 1 keeps the document fields; Quy chế Trà
//! Vinh Điều 10 khoản 2 điểm d and g repeat the project and programme fields
//! (where the Trà Vinh profile applies). Điều 12 (and Quy chế Điều 10 khoản 2
//! điểm l) want statistics with their "phương pháp" and "thời gian thực
//! hiện". From 01/7/2026 no national text in force lists these fields.
//!
//! **Fails:** `<tr><th>Tên dự án</th><th>Lĩnh vực</th><th>Tình trạng</th></tr>`.
//!
//! **Passes:** a project table with all nine columns.

use super::assess::Assessment;
use super::checklist::Status;
use super::text::fold;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "item-fields-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let catalog = site.catalog;
    let groups = |entries: &[String]| -> Vec<Vec<String>> {
        entries
            .iter()
            .map(|e| e.split('|').map(fold).collect())
            .collect()
    };
    let has = |alts: &[String], cells: &[String]| {
        alts.iter()
            .any(|a| cells.iter().any(|c| c.contains(a.as_str())))
    };
    // A list is judged while its category is on the checklist and an
    // article requiring its fields is in force.
    let judged = |id: &str| {
        site.checklist
            .items
            .iter()
            .any(|i| i.category == id && i.status != Status::NotAssessed)
            && !site.bases("item-fields-missing", Some(id)).is_empty()
    };
    for item in &site.checklist.items {
        let Some(category) = catalog.category(&item.category) else {
            continue;
        };
        if category.details.is_empty()
            || matches!(item.status, Status::Missing | Status::NotAssessed)
            || !judged(&category.id)
        {
            continue;
        }
        let pages = site
            .sections
            .get(&item.category)
            .map_or(&[][..], Vec::as_slice);
        let Some(first) = pages.first() else { continue };
        let cells: Vec<String> = site
            .site
            .pages
            .iter()
            .filter(|p| pages.contains(&p.url))
            .flat_map(|p| {
                let facts = &p.content;
                facts
                    .headings
                    .iter()
                    .map(|h| h.text.as_str())
                    .chain(facts.tables.iter().flatten().map(String::as_str))
                    .chain(facts.notes.iter().map(String::as_str))
            })
            .map(fold)
            .collect();
        let missing: Vec<String> = category
            .details
            .iter()
            .zip(groups(&category.details))
            .filter(|(_, alts)| !has(alts, &cells))
            .map(|(name, _)| name.split('|').next().unwrap_or_default().to_string())
            .collect();
        if missing.is_empty() {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(first.clone())
                .arg("category", category.name.vi.clone())
                .arg("id", category.id.clone())
                .arg("missing", missing.join(", "));
        }
    }
    for category in catalog
        .categories
        .iter()
        .filter(|c| !c.fields.is_empty() && judged(&c.id))
    {
        let marker: Vec<Vec<String>> = match &category.items {
            Some(items) => groups(std::slice::from_ref(items)),
            None => groups(&category.columns),
        };
        let fields = groups(&category.fields);
        for page in &site.site.pages {
            for header in &page.content.tables {
                let cells: Vec<String> = header.iter().map(|c| fold(c)).collect();
                if marker.is_empty() || !marker.iter().all(|alts| has(alts, &cells)) {
                    continue;
                }
                let mut missing: Vec<String> = category
                    .fields
                    .iter()
                    .zip(&fields)
                    .filter(|(_, alts)| !has(alts, &cells))
                    .map(|(name, _)| name.split('|').next().unwrap_or_default().to_string())
                    .collect();
                if category.id == "legal-documents" && !page.content.search_form {
                    missing.push("công cụ tìm kiếm văn bản".to_string());
                }
                if missing.is_empty() {
                    out.pass();
                } else {
                    out.fail_at(None)
                        .at_url(page.url.clone())
                        .arg("category", category.name.vi.clone())
                        .arg("id", category.id.clone())
                        .arg("missing", missing.join(", "));
                }
            }
        }
    }
}
