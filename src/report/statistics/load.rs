//! Page-load numbers across pages: per site (the province table's columns)
//! and for the whole report, and the slowest pages by Largest Contentful
//! Paint (the HTML report's page-load section).
//!
//! A measured page carries the median of each value over its runs
//! (`pages[].rendered.metrics.median`, what the `load-*` rules judge). A
//! site's value is the median over its measured pages of those page
//! medians. They are computed from the pages every time the statistics are
//! (`assemble`, loading an older report, and `merge`, which puts the shards'
//! pages together first), never from other medians: a median of medians of
//! shards would not be the median of the pages.

use super::types::{LoadMedians, SLOWEST_PAGES, SlowPage};
use crate::page::rendered::{LoadRun, median};
use crate::report::model::PageReport;

/// A page's metrics, when it was measured.
pub(super) fn measured(page: &PageReport) -> Option<&crate::page::rendered::LoadMetrics> {
    page.rendered.as_ref()?.metrics.as_ref()
}

/// The medians over some measured pages' medians; `None` without a measured page.
pub(super) fn medians(runs: &[LoadRun]) -> Option<LoadMedians> {
    if runs.is_empty() {
        return None;
    }
    let med = |f: &dyn Fn(&LoadRun) -> Option<f64>| {
        let mut values: Vec<f64> = runs.iter().filter_map(f).collect();
        median(&mut values)
    };
    Some(LoadMedians {
        pages: runs.len(),
        fcp_ms: med(&|r| r.fcp_ms).map(f64::round),
        lcp_ms: med(&|r| r.lcp_ms).map(f64::round),
        visual_complete_ms: med(&|r| r.visual_complete_ms).map(f64::round),
        tbt_ms: med(&|r| Some(r.tbt_ms)).map(f64::round),
        cls: med(&|r| Some(r.cls)).map(|v| (v * 1000.0).round() / 1000.0),
    })
}

/// The measured pages with the largest median LCP (at most
/// [`SLOWEST_PAGES`]), slowest first; pages without an LCP after those with
/// one, ties in URL order.
pub(super) fn slowest(mut pages: Vec<SlowPage>) -> Vec<SlowPage> {
    pages.sort_by(|a, b| {
        let lcp = |p: &SlowPage| p.median.lcp_ms.unwrap_or(f64::NEG_INFINITY);
        lcp(b).total_cmp(&lcp(a)).then_with(|| a.url.cmp(&b.url))
    });
    pages.truncate(SLOWEST_PAGES);
    pages
}
