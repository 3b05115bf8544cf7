//! The page-load section of `report.html` (browser mode, measured pages):
//! each site's medians and the slowest pages by Largest Contentful Paint,
//! with their numbers. The numbers are the report's statistics
//! (`statistics.province[].load`, `statistics.load`, `statistics.slowest`);
//! this module only words them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::href;
use crate::messages;
use crate::report::locale;
use crate::report::model::Report;
use crate::report::province::{has_load, load_cells};
use crate::ruleset::Lang;

/// A site's row: its name, anchor, measured pages and the five medians.
#[derive(Debug, Serialize)]
pub(super) struct LoadSite {
    pub(super) name: String,
    pub(super) index: usize,
    pub(super) pages: usize,
    pub(super) cells: Vec<String>,
}

/// One of the slowest pages, its medians as text.
#[derive(Debug, Serialize)]
pub(super) struct SlowView {
    pub(super) url: String,
    pub(super) href: Option<String>,
    pub(super) site: String,
    pub(super) runs: usize,
    /// FCP, LCP, full display, TBT, CLS as in the province table, then the
    /// longest task (s), requests and kilobytes transferred.
    pub(super) cells: Vec<String>,
    /// The machine's idle cores while it was measured ("—" when unknown).
    pub(super) free: String,
}

/// The section, present when a page of the report was measured.
#[derive(Debug, Serialize)]
pub(super) struct LoadView {
    /// Texts (`pageload.*`).
    pub(super) t: BTreeMap<&'static str, &'static str>,
    /// The five value headers (the province table's).
    pub(super) headers: Vec<String>,
    /// The whole report's medians (the province table's footer).
    pub(super) total: Vec<String>,
    /// Measured pages in the whole report.
    pub(super) pages: usize,
    pub(super) sites: Vec<LoadSite>,
    pub(super) slowest: Vec<SlowView>,
    /// "Measured with: …", the browsers that measured the slowest pages;
    /// empty when none is known (reports before they were recorded).
    pub(super) browsers: String,
}

/// The section's view; `None` when no page was measured.
pub(super) fn load_view(report: &Report, lang: Lang) -> Option<LoadView> {
    if !has_load(report) {
        return None;
    }
    let stats = &report.statistics;
    let name_of = |id: &str| {
        report
            .sites
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let sites = stats
        .province
        .iter()
        .map(|row| LoadSite {
            name: name_of(&row.site),
            index: report
                .sites
                .iter()
                .position(|s| s.id == row.site)
                .unwrap_or_default(),
            pages: row.load.as_ref().map_or(0, |l| l.pages),
            cells: load_cells(row.load.as_ref(), lang),
        })
        .collect();
    let slowest = stats
        .slowest
        .iter()
        .map(|p| {
            let m = &p.median;
            let one = crate::report::statistics::LoadMedians {
                pages: 1,
                fcp_ms: m.fcp_ms,
                lcp_ms: m.lcp_ms,
                visual_complete_ms: m.visual_complete_ms,
                tbt_ms: Some(m.tbt_ms),
                cls: Some(m.cls),
            };
            let mut cells = load_cells(Some(&one), lang);
            cells.push(locale::decimal(m.longest_task_ms / 1000.0, 2, lang));
            cells.push(m.requests.to_string());
            #[allow(clippy::cast_precision_loss, reason = "byte counts far below 2^52")]
            cells.push(locale::decimal(m.transfer_bytes as f64 / 1024.0, 1, lang));
            SlowView {
                url: p.url.clone(),
                href: href(&p.url),
                site: name_of(&p.site),
                runs: p.runs,
                cells,
                free: m
                    .free_cores
                    .map_or_else(|| "—".to_string(), |free| locale::decimal(free, 1, lang)),
            }
        })
        .collect();
    let browsers: std::collections::BTreeSet<&str> = stats
        .slowest
        .iter()
        .filter_map(|p| p.browser.as_deref())
        .collect();
    let browsers = if browsers.is_empty() {
        String::new()
    } else {
        let list = browsers.into_iter().collect::<Vec<_>>().join(", ");
        messages::text("pageload-browsers", lang, &[("browsers", &list)])
    };
    let p = |key: &str| messages::text(key, lang, &[]);
    Some(LoadView {
        t: messages::group("pageload", lang),
        headers: [
            "province.col_fcp",
            "province.col_lcp",
            "province.col_full",
            "province.col_tbt",
            "province.col_cls",
        ]
        .iter()
        .map(|k| p(k))
        .collect(),
        total: load_cells(stats.load.as_ref(), lang),
        pages: stats.load.as_ref().map_or(0, |l| l.pages),
        sites,
        slowest,
        browsers,
    })
}

#[cfg(test)]
mod tests {
    /// Every `l.t.*` the section's template names is in
    /// reports/texts.toml's `[pageload.*]`, and every such text is used.
    #[test]
    fn every_text_the_section_names_is_there_and_used() {
        let template = include_str!("../../../reports/templates/load.html");
        let named: std::collections::BTreeSet<&str> = regex::Regex::new(r"l\.t\.([a-z0-9_]+)")
            .unwrap()
            .captures_iter(template)
            .map(|c| c.get(1).unwrap().as_str())
            .collect();
        let have: std::collections::BTreeSet<&str> =
            crate::messages::group("pageload", crate::ruleset::Lang::Vi)
                .into_keys()
                .collect();
        assert_eq!(named, have);
    }
}
