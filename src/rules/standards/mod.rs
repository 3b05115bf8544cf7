//! Web standards (Thông tư 39/2017 Danh mục; Thông tư 32/2017): markup,
//! transport security. One file per rule.

mod doctype_missing;
mod document_corrupt;
mod document_format_disallowed;
mod document_format_legacy;
mod feed_invalid;
mod hsts_missing;
mod html_parse_errors;
mod http_redirect_not_permanent;
mod https_missing;
mod ipv6_missing;
mod mixed_content;
mod obsolete_presentational_markup;
mod pdf_text_layer_missing;
mod pdf_text_legacy_font;
mod pdf_title_missing;
mod pdf_untagged;
mod tls_certificate_invalid;
mod tls_version_outdated;

use super::site::{ResourceLink, SitePage};
use super::{Check, Family, Findings, RawFinding, Rule, SiteData};
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

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "doctype-missing",
        family: Family::Standards,
        check: Check::Page(doctype_missing::check),
    },
    Rule {
        id: "document-corrupt",
        family: Family::Standards,
        check: Check::Site(document_corrupt::check),
    },
    Rule {
        id: "document-format-disallowed",
        family: Family::Standards,
        check: Check::Site(document_format_disallowed::check),
    },
    Rule {
        id: "document-format-legacy",
        family: Family::Standards,
        check: Check::Site(document_format_legacy::check),
    },
    Rule {
        id: "feed-invalid",
        family: Family::Standards,
        check: Check::Site(feed_invalid::check),
    },
    Rule {
        id: "hsts-missing",
        family: Family::Standards,
        check: Check::Site(hsts_missing::check),
    },
    Rule {
        id: "html-parse-errors",
        family: Family::Standards,
        check: Check::Page(html_parse_errors::check),
    },
    Rule {
        id: "http-redirect-not-permanent",
        family: Family::Standards,
        check: Check::Site(http_redirect_not_permanent::check),
    },
    Rule {
        id: "https-missing",
        family: Family::Standards,
        check: Check::Site(https_missing::check),
    },
    Rule {
        id: "ipv6-missing",
        family: Family::Standards,
        check: Check::Site(ipv6_missing::check),
    },
    Rule {
        id: "mixed-content",
        family: Family::Standards,
        check: Check::Page(mixed_content::check),
    },
    Rule {
        id: "obsolete-presentational-markup",
        family: Family::Standards,
        check: Check::Page(obsolete_presentational_markup::check),
    },
    Rule {
        id: "pdf-text-layer-missing",
        family: Family::Standards,
        check: Check::Site(pdf_text_layer_missing::check),
    },
    Rule {
        id: "pdf-text-legacy-font",
        family: Family::Standards,
        check: Check::Site(pdf_text_legacy_font::check),
    },
    Rule {
        id: "pdf-title-missing",
        family: Family::Standards,
        check: Check::Site(pdf_title_missing::check),
    },
    Rule {
        id: "pdf-untagged",
        family: Family::Standards,
        check: Check::Site(pdf_untagged::check),
    },
    Rule {
        id: "tls-certificate-invalid",
        family: Family::Standards,
        check: Check::Site(tls_certificate_invalid::check),
    },
    Rule {
        id: "tls-version-outdated",
        family: Family::Standards,
        check: Check::Site(tls_version_outdated::check),
    },
];
