//! Mandatory information: the categories each site must publish, per legal
//! basis, role and date, and how they are published (freshness, article
//! metadata, structured items, site functions, domain).
//!
//! Data, not code, says what is required: `rulesets/categories.toml` (the
//! categories and their vocabulary, the roles) and `rulesets/profiles/*.toml`
//! (each legal document's required categories, with article and clause, roles
//! and validity). Pages contribute their facts while they are parsed
//! ([`facts::extract`], kept in [`crate::rules::site::SitePage`]); each site is
//! then judged once ([`assess::Assessment`]) and the rules of this family read
//! that judgement. One file per rule.

mod advertising_present;
mod article_metadata_missing;
pub mod assess;
// The catalog is data the ruleset loads; the label folding is Vietnamese text
// handling: both live below the rules, and are named from here too.
pub use crate::ruleset::catalog;
mod category_buried;
mod category_missing;
mod category_stale;
pub mod checklist;
mod component_site_unlinked;
pub mod components;
pub mod dates;
mod domain_name_nonstandard;
mod dublin_core_metadata_missing;
mod editorial_email_missing;
mod english_items_missing;
pub mod facts;
mod footer_details_missing;
mod header_agency_name_missing;
mod item_fields_missing;
mod main_menu_items_missing;
mod national_portal_unlinked;
mod procedure_fields_missing;
mod procedure_form_format_disallowed;
mod role_obsolete;
mod site_function_missing;
mod site_moved;
pub use crate::vietnamese::text;
mod upload_size_limit_missing;
mod xml_sitemap_malformed;
mod xml_sitemap_missing;

use super::{Findings, Rule};
use crate::ruleset::{AppliedBasis, Lang};

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    advertising_present::RULE,
    article_metadata_missing::RULE,
    category_buried::RULE,
    category_missing::RULE,
    category_stale::RULE,
    component_site_unlinked::RULE,
    domain_name_nonstandard::RULE,
    dublin_core_metadata_missing::RULE,
    editorial_email_missing::RULE,
    english_items_missing::RULE,
    footer_details_missing::RULE,
    header_agency_name_missing::RULE,
    item_fields_missing::RULE,
    main_menu_items_missing::RULE,
    national_portal_unlinked::RULE,
    procedure_fields_missing::RULE,
    procedure_form_format_disallowed::RULE,
    role_obsolete::RULE,
    site_function_missing::RULE,
    site_moved::RULE,
    upload_size_limit_missing::RULE,
    xml_sitemap_malformed::RULE,
    xml_sitemap_missing::RULE,
];

/// The legal bases of a finding as one line for its message, in Vietnamese
/// citation order with their strength ("điểm c khoản 1 Điều 10 Nghị định số
/// 43/2011/NĐ-CP (bắt buộc); …").
#[must_use]
pub fn bases_text(bases: &[AppliedBasis]) -> String {
    crate::legal::labels(bases, Lang::Vi)
}

/// Every link target of the site's pages: the links outside running text
/// (resolved against their page) and the links the crawler kept for judging.
fn link_targets(site: &super::SiteData) -> Vec<String> {
    let mut out: Vec<String> = site
        .pages
        .iter()
        .flat_map(|page| {
            page.content
                .links
                .iter()
                .filter_map(|l| crate::facts::resolve_href(&page.url, &l.href))
        })
        .collect();
    out.extend(site.links.iter().map(|l| l.link.target.clone()));
    out
}

/// The labels of the checks that failed, in order.
fn absent<'a>(checks: impl IntoIterator<Item = (bool, &'a str)>) -> Vec<&'a str> {
    checks
        .into_iter()
        .filter(|(present, _)| !present)
        .map(|(_, label)| label)
        .collect()
}

/// One finding at `url` listing what is missing (slot `{missing}`), or a pass.
fn report_missing<S: AsRef<str>>(out: &mut Findings, url: &str, missing: &[S]) {
    if missing.is_empty() {
        out.pass();
    } else {
        let list: Vec<&str> = missing.iter().map(AsRef::as_ref).collect();
        out.fail_at(None)
            .at_url(url.to_string())
            .arg("missing", list.join(", "));
    }
}
