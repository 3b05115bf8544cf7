//! `english-items-missing`: the English section lacks the items the law requires in English.
//!
//! **What it checks.** When the English section is required (role `portal`:
//! Nghị định 43/2011 Điều 13, Nghị định 42/2022 Điều 7) and present, its
//! pages — pages in `lang="en"` or below an `/en/` or `/english/` path —
//! name in their titles, headings or links: an introduction of the agency
//! (About, Introduction, Overview, Organisation, Functions), the contacts of
//! officials (Contact, Contacts, Directory), and the online public services
//! usable by foreigners (Public services, Online services, Administrative
//! procedures). One finding listing the missing items.
//!
//! One finding per missing item (`id`: `introduction`, `contacts`,
//! `services`), each citing the articles that ask for *that* item; an item no
//! article in force asks for is not looked for.
//!
//! **Why.** Nghị định 43/2011 Điều 13 (to 14/8/2022): a Bộ or UBND tỉnh portal
//! provides in English at least items a (introduction) and k (contacts of
//! competent officials) of Điều 10 khoản 1 and the information on online
//! services foreigners may use. Nghị định 42/2022 Điều 7 khoản 2 keeps only
//! the organisation, functions and duties (điểm a) and the contacts of
//! competent officials (điểm b): from 15/8/2022 the online-services item is
//! not required. A lone "English" link to a welcome page does not inform
//! foreign investors or visitors.
//!
//! **Fails:** an `/en/` home page whose only link is "About Tra Vinh".
//!
//! **Passes:** English pages linking "About", "Contacts" and "Online public services".

use super::assess::Assessment;
use super::checklist::Status;
use super::text::{fold, names};
use crate::rules::{Check, Family, Findings, Rule};

/// The English items (finding `id`, name, labels that name it).
const ITEMS: [(&str, &str, &[&str]); 3] = [
    (
        "introduction",
        "giới thiệu (introduction)",
        &[
            "about",
            "introduction",
            "overview",
            "organization",
            "organisation",
            "functions",
            "general information",
        ],
    ),
    (
        "contacts",
        "liên hệ cán bộ (contacts of officials)",
        &["contact", "contacts", "directory"],
    ),
    (
        "services",
        "dịch vụ công (online public services)",
        &[
            "public services",
            "online services",
            "online public services",
            "administrative procedures",
        ],
    ),
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "english-items-missing",
    family: Family::Content,
    check: Check::Assessed(check),
};

/// Runs the rule on one site.
pub fn check(site: &Assessment<'_>, out: &mut Findings) {
    if !site.judged() {
        return;
    }
    let required_and_present = site
        .checklist
        .items
        .iter()
        .any(|i| i.category == "english" && i.status != Status::Missing);
    if !required_and_present {
        return;
    }
    let root = site.site.root.trim_end_matches('/');
    let english: Vec<_> = site
        .site
        .pages
        .iter()
        .filter(|p| {
            let lang_en = p
                .content
                .lang
                .as_deref()
                .is_some_and(|l| l.to_ascii_lowercase().starts_with("en"));
            let rest = p.url.strip_prefix(root).unwrap_or(&p.url);
            let path_en = rest
                .split('/')
                .any(|s| s.eq_ignore_ascii_case("en") || s.eq_ignore_ascii_case("english"));
            lang_en || path_en
        })
        .collect();
    let Some(first) = english.first() else {
        return;
    };
    let labels: Vec<String> = english
        .iter()
        .flat_map(|p| {
            p.title
                .iter()
                .cloned()
                .chain(p.content.headings.iter().map(|h| h.text.clone()))
                .chain(p.content.links.iter().map(|l| l.text.clone()))
        })
        .map(|l| fold(&l))
        .collect();
    for (id, name, terms) in ITEMS {
        if site.bases("english-items-missing", Some(id)).is_empty() {
            continue;
        }
        let present = labels
            .iter()
            .any(|label| terms.iter().any(|t| names(label, t, 5)));
        if present {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(first.url.clone())
                .arg("id", id)
                .arg("missing", name);
        }
    }
}
