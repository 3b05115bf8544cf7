//! The one page pipeline behind `check` (files, folders, URLs) and `audit`:
//! admitted bytes become a [`Page`] (parsed once), its linked stylesheets are
//! attached (from disk or the network, found the same way), every enabled
//! page rule runs, and what the report, the site rules and the link check
//! need of the page is taken before the DOM is dropped. Whatever the entry
//! point, the same bytes give the same page findings.

use crate::finding::Finding;
use crate::page::{Page, PageInput, StyleSource, links};
use crate::report::model::PageReport;
use crate::rules::engine::{self, Context};
use crate::rules::site::SitePage;

/// What the analysis of one page gives.
#[derive(Debug)]
pub struct Analysed {
    /// The page's entry in the report.
    pub report: PageReport,
    /// What site rules will need of the page.
    pub site_page: SitePage,
    /// The page rules' findings.
    pub findings: Vec<Finding>,
    /// Every link of the page.
    pub links: Vec<links::Link>,
    /// Its `<base href>`, if any.
    pub base: Option<String>,
    /// Its fragment targets.
    pub anchors: Vec<String>,
}

/// Parses an admitted page, attaches its stylesheets from `styles`, and runs
/// the page rules of `ctx` on it.
#[must_use]
pub fn analyse(input: PageInput, styles: &dyn StyleSource, ctx: &Context<'_>) -> Analysed {
    let mut page = Page::parse(input);
    page.attach_stylesheets(styles);
    let result = engine::run_page(&page, ctx);
    let links = links::extract(&page);
    Analysed {
        report: page_report(&page, &result),
        site_page: SitePage::from_page(&page, &links),
        findings: result.findings,
        base: links::base_href(&page),
        anchors: links::anchors(&page),
        links,
    }
}

/// The report entry of an analysed page.
#[must_use]
pub fn page_report(page: &Page, result: &engine::RunResult) -> PageReport {
    PageReport {
        site: page.site.clone(),
        url: page.url.clone(),
        status: page.status,
        title: page.title(),
        encoding: page.encoding.clone(),
        bytes: page.bytes.len(),
        elements: page.element_count(),
        parse_errors: page.parse_error_count,
        depth_limited_tags: page.depth_limited_tags,
        outcomes: result.outcomes.clone(),
    }
}
