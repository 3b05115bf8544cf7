//! Web standards (Thông tư 39/2017 Danh mục; Thông tư 32/2017): markup,
//! transport security. One file per rule.

mod dnssec_missing;
mod doctype_missing;
mod document_corrupt;
mod document_format_disallowed;
mod document_format_legacy;
mod emc_code_missing;
mod feed_invalid;
mod hsts_missing;
mod html_parse_errors;
mod http_redirect_not_permanent;
mod https_missing;
mod ipv6_missing;
mod javascript_only_content;
mod load;
mod load_first_content_slow;
mod load_full_display_slow;
mod load_largest_content_slow;
mod load_long_task;
mod mixed_content;
mod obsolete_presentational_markup;
mod pdf_text_layer_missing;
mod pdf_text_legacy_font;
mod pdf_title_missing;
mod pdf_untagged;
mod tls_certificate_invalid;
mod tls_version_outdated;
mod viewport_missing;

pub use emc_code_missing::{EmcCode, find as find_emc_code};
pub use viewport_missing::{MobileIssue, judge as judge_mobile};

use super::site::{ResourceLink, SitePage};
use super::{Findings, RawFinding, Rule, SiteData};
use crate::resource::{LinkKind, PdfFacts};

/// Each distinct linked PDF that could be read, with its first link, the
/// number of pages linking to it and its facts.
fn readable_pdfs(
    site: &SiteData,
) -> impl Iterator<Item = (&SitePage, &ResourceLink, usize, &PdfFacts)> {
    site.linked_resources(LinkKind::Document)
        .into_iter()
        .filter_map(|(page, link, count)| {
            let pdf = site
                .resource(&link.url)
                .and_then(|f| f.pdf.as_ref())
                .filter(|p| p.corrupt.is_none())?;
            Some((page, link, count, pdf))
        })
}

/// Reports a finding about a linked document or feed at its first link,
/// naming the document, the link text and how many pages link to it.
fn document_finding<'a>(
    out: &'a mut Findings,
    page: &SitePage,
    link: &ResourceLink,
    count: usize,
) -> &'a mut RawFinding {
    out.fail_at(Some(link.target.clone()))
        .at_url(page.url.clone())
        .arg("document", link.url.clone())
        .arg("text", link.text.clone())
        .arg("pages", count.to_string())
}

/// The page-load rules: they read only a measured page's metrics (and its
/// `<html>` element), so a page measured after its crawl is judged by them
/// alone (`pipeline::measured`).
pub const LOAD_RULES: [&str; 4] = [
    load_first_content_slow::RULE.id,
    load_full_display_slow::RULE.id,
    load_largest_content_slow::RULE.id,
    load_long_task::RULE.id,
];

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    dnssec_missing::RULE,
    doctype_missing::RULE,
    document_corrupt::RULE,
    document_format_disallowed::RULE,
    document_format_legacy::RULE,
    emc_code_missing::RULE,
    feed_invalid::RULE,
    hsts_missing::RULE,
    html_parse_errors::RULE,
    http_redirect_not_permanent::RULE,
    https_missing::RULE,
    ipv6_missing::RULE,
    javascript_only_content::RULE,
    load_first_content_slow::RULE,
    load_full_display_slow::RULE,
    load_largest_content_slow::RULE,
    load_long_task::RULE,
    mixed_content::RULE,
    obsolete_presentational_markup::RULE,
    pdf_text_layer_missing::RULE,
    pdf_text_legacy_font::RULE,
    pdf_title_missing::RULE,
    pdf_untagged::RULE,
    tls_certificate_invalid::RULE,
    tls_version_outdated::RULE,
    viewport_missing::RULE,
];
