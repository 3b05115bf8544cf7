//! `report --split-sites`: one `sites/<file>.html` per site, for its
//! webmaster. Each is the report of that site alone — its pages, findings,
//! review items, template defects and problems; counts and statistics derived
//! again from them — rendered by the same HTML renderer, in the same
//! language, self-contained like `report.html`, which links each site to its
//! file.

use super::model::{Counts, Report};
use super::statistics;

/// The folder the site files are written in, beside `report.html`.
pub const SITES_DIR: &str = "sites";

/// The file name of each site's report, in the order of `report.sites`: its
/// id with anything but ASCII letters, digits, `.`, `_` and `-` made `-`
/// (a site id may be a URL or a folder) and no `-` at either end, made
/// unique with its position when two ids come out alike.
#[must_use]
pub fn file_names(report: &Report) -> Vec<String> {
    names_of(report.sites.iter().map(|s| s.id.as_str()))
}

fn names_of<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    ids.enumerate()
        .map(|(index, id)| {
            let stem: String = id
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            // An absolute folder (`check /srv/site`) gives `srv-site`, not `-srv-site`.
            let mut stem = stem.trim_matches('-').to_string();
            let stem_ok = !stem.trim_matches('.').is_empty();
            if !stem_ok {
                stem = format!("site-{index}");
            }
            let mut name = format!("{stem}.html");
            if !seen.insert(name.clone()) {
                name = format!("{stem}-{index}.html");
                seen.insert(name.clone());
            }
            name
        })
        .collect()
}

/// The report of the site at `index` alone.
///
/// # Panics
/// When `index` is not a site of the report.
#[must_use]
pub fn site_report(report: &Report, index: usize) -> Report {
    let site = &report.sites[index];
    let id = site.id.as_str();
    let pages: Vec<_> = report
        .pages
        .iter()
        .filter(|p| p.site == id)
        .cloned()
        .collect();
    let findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.site == id)
        .cloned()
        .collect();
    let mut one = Report {
        schema_version: report.schema_version.clone(),
        tool: report.tool.clone(),
        run: report.run.clone(),
        legal_documents: report.legal_documents.clone(),
        sites: vec![site.clone()],
        counts: Counts::of(&pages, &findings),
        pages,
        rules: report.rules.clone(),
        findings,
        review: report
            .review
            .iter()
            .filter(|r| r.site == id)
            .cloned()
            .collect(),
        templates: report
            .templates
            .iter()
            .filter(|t| t.site == id)
            .cloned()
            .collect(),
        problems: report
            .problems
            .iter()
            .filter(|p| p.input.starts_with(&site.root))
            .cloned()
            .collect(),
        statistics: statistics::Statistics::default(),
        gate: report.gate.clone(),
        crawl: report.crawl.clone(),
    };
    one.statistics = statistics::compute(&one);
    one
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        assert_eq!(
            names_of(
                [
                    "so-a",
                    "http://x.gov.vn/",
                    "so/a",
                    "so-a",
                    "..",
                    "/srv/site"
                ]
                .into_iter()
            ),
            [
                "so-a.html",
                "http---x.gov.vn.html",
                "so-a-2.html",
                "so-a-3.html",
                "site-4.html",
                "srv-site.html"
            ]
        );
    }
}
