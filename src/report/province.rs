//! The province table ("Tổng hợp toàn tỉnh"), the first thing the yearly
//! report shows: one row per site with its status, pages, mandatory
//! information, HTTPS, Unicode, broken links, accessibility failures at levels
//! A and AA, items for manual review, the page-load medians when pages were
//! measured (browser mode) and a score per family. The numbers are
//! the report's `statistics.province`; this module only words them, once, for
//! HTML, Markdown and `province.csv`, so the three say the same.

use super::locale;
use super::model::{Report, SiteState, SiteStatus};
use super::statistics::{Band, LoadMedians, ProvinceRow};
use crate::lang::Lang;
use crate::messages;
use crate::rules::Family;

/// One site's row, as text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    /// Site id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Root URL.
    pub root: String,
    /// `reachable`, `unreachable`, `capped`.
    pub state: &'static str,
    /// The status in words, with time and reason or the limit.
    pub status: String,
    /// Pages audited.
    pub pages: usize,
    /// Mandatory information `x/y`, or `—` when the content rules did not run
    /// or the site was unreachable.
    pub mandatory: String,
    /// The names of the categories missing.
    pub missing: Vec<String>,
    /// `Có`/`Không`/`—`.
    pub https: String,
    /// Pages compliant with TCVN 6909 `x/y`, or `—`.
    pub unicode: String,
    /// Broken links.
    pub broken_links: usize,
    /// Accessibility failures at level A.
    pub a11y_a: usize,
    /// Accessibility failures at level AA.
    pub a11y_aa: usize,
    /// Failed findings.
    pub failed: usize,
    /// Of those, breaching a binding article (`—` for a report without the count).
    pub binding: String,
    /// Of those, resting only on recommendations.
    pub advisory: String,
    /// Manual review items.
    pub review_items: usize,
    /// Page-load medians (FCP, LCP, full display in seconds, TBT in ms, CLS)
    /// when the report has the columns ([`has_load`]): "không đo"/"not
    /// measured" for a site none of whose pages was measured; empty otherwise.
    pub load: Vec<String>,
    /// Scores per family (text and band id), in [`Family::ALL`] order.
    pub scores: Vec<(String, &'static str)>,
}

impl Row {
    /// The row's cells in [`headers`] order.
    #[must_use]
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.name.clone(),
            self.status.clone(),
            self.pages.to_string(),
            self.mandatory.clone(),
            self.https.clone(),
            self.unicode.clone(),
            self.broken_links.to_string(),
            self.a11y_a.to_string(),
            self.a11y_aa.to_string(),
            self.failed.to_string(),
            self.binding.clone(),
            self.advisory.clone(),
            self.review_items.to_string(),
        ];
        cells.extend(self.load.iter().cloned());
        cells.extend(self.scores.iter().map(|(s, _)| s.clone()));
        cells
    }
}

/// The title of a province's report: "Báo cáo đánh giá Cổng thông tin điện tử
/// và các trang thông tin điện tử thành phần tỉnh X năm YYYY" (the year of the
/// reference date), or the plain title without a province.
#[must_use]
pub fn title(report: &Report, lang: Lang) -> String {
    match &report.run.province {
        Some(province) => {
            // "Tỉnh Trà Vinh" is written "tỉnh Trà Vinh" inside a sentence.
            let mid = ["Tỉnh ", "Thành phố "]
                .iter()
                .find_map(|p| province.strip_prefix(p).map(|rest| (p, rest)))
                .map_or_else(
                    || province.clone(),
                    |(p, rest)| format!("{}{rest}", p.to_lowercase()),
                );
            let province = if lang == Lang::Vi {
                mid
            } else {
                province.clone()
            };
            messages::text(
                "province.title",
                lang,
                &[
                    ("province", &province),
                    (
                        "year",
                        &chrono::Datelike::year(&report.run.as_of).to_string(),
                    ),
                ],
            )
        }
        None => messages::text("province.plain_title", lang, &[]),
    }
}

/// A site's status in words.
#[must_use]
pub fn status_text(status: &SiteStatus, lang: Lang) -> String {
    match status.state {
        SiteState::Reachable => messages::text("status.reachable", lang, &[]),
        SiteState::Unreachable => {
            let reason = status.reason.as_deref().unwrap_or("other");
            // The problem's full message (`status.detail`) is in report.json
            // and in the site's problems; the status says the kind.
            let reason = messages::text_or(&format!("outage.{reason}"), "outage.other", lang);
            match &status.at {
                Some(at) => messages::text(
                    "status.unreachable_since",
                    lang,
                    &[("reason", &reason), ("at", &locale::time(at, lang))],
                ),
                None => messages::text("status.unreachable", lang, &[]),
            }
        }
        SiteState::Capped => messages::text(
            "status.capped",
            lang,
            &[
                ("limit", &status.limit.unwrap_or_default().to_string()),
                ("left", &status.left.to_string()),
            ],
        ),
        SiteState::Incomplete => {
            let key = format!(
                "status.incomplete_{}",
                status.reason.as_deref().unwrap_or("site_budget")
            );
            let key = if messages::has(&key) {
                key.as_str()
            } else {
                "status.incomplete_site_budget"
            };
            messages::text(key, lang, &[("left", &status.left.to_string())])
        }
    }
}

/// Whether the province table has the page-load columns: when a page of
/// some site was measured (browser mode with `measure_runs`).
#[must_use]
pub fn has_load(report: &Report) -> bool {
    report.statistics.province.iter().any(|r| r.load.is_some())
}

/// The page-load columns' headers, in row order.
const LOAD_COLUMNS: [&str; 5] = [
    "province.col_fcp",
    "province.col_lcp",
    "province.col_full",
    "province.col_tbt",
    "province.col_cls",
];

/// Page-load medians as the table's cells: seconds with one decimal for the
/// three times, milliseconds for TBT, two decimals for CLS; `—` for a value
/// none of the pages had, "không đo"/"not measured" without a measured page.
#[must_use]
pub fn load_cells(load: Option<&LoadMedians>, lang: Lang) -> Vec<String> {
    let Some(load) = load else {
        return vec![messages::text("province.not_measured", lang, &[]); LOAD_COLUMNS.len()];
    };
    let secs = |ms: Option<f64>| {
        ms.map_or_else(
            || "—".to_string(),
            |ms| locale::decimal(ms / 1000.0, 1, lang),
        )
    };
    vec![
        secs(load.fcp_ms),
        secs(load.lcp_ms),
        secs(load.visual_complete_ms),
        load.tbt_ms
            .map_or_else(|| "—".to_string(), |ms| locale::decimal(ms, 0, lang)),
        load.cls
            .map_or_else(|| "—".to_string(), |cls| locale::decimal(cls, 2, lang)),
    ]
}

/// The column headers, in row order (the page-load columns when the report
/// has them, then the families' names last).
#[must_use]
pub fn headers(report: &Report, lang: Lang) -> Vec<String> {
    let mut headers: Vec<String> = [
        "province.col_site",
        "province.col_status",
        "province.col_pages",
        "province.col_mandatory",
        "province.col_https",
        "province.col_unicode",
        "province.col_broken",
        "province.col_a",
        "province.col_aa",
        "province.col_failed",
        "province.col_binding",
        "province.col_advisory",
        "province.col_review",
    ]
    .iter()
    .map(|k| messages::text(k, lang, &[]))
    .collect();
    if has_load(report) {
        headers.extend(LOAD_COLUMNS.iter().map(|k| messages::text(k, lang, &[])));
    }
    headers.extend(Family::ALL.iter().map(|f| {
        messages::text(
            "province.col_score",
            lang,
            &[(
                "family",
                &messages::text(&format!("family.{}", f.id()), lang, &[]),
            )],
        )
    }));
    headers
}

/// The rows of the table, in report order.
#[must_use]
pub fn rows(report: &Report, lang: Lang) -> Vec<Row> {
    let load = has_load(report);
    report
        .statistics
        .province
        .iter()
        .filter_map(|row| {
            let site = report.sites.iter().find(|s| s.id == row.site)?;
            Some(text_row(row, &site.name, &site.root, load, lang))
        })
        .collect()
}

fn text_row(row: &ProvinceRow, name: &str, root: &str, load: bool, lang: Lang) -> Row {
    let dash = || "—".to_string();
    let unreachable = row.status.state == SiteState::Unreachable;
    Row {
        id: row.site.clone(),
        name: name.to_string(),
        root: root.to_string(),
        state: row.status.state.id(),
        status: status_text(&row.status, lang),
        pages: row.pages,
        mandatory: row.mandatory.as_ref().map_or_else(dash, |m| {
            if unreachable {
                dash()
            } else {
                format!("{}/{}", m.present, m.required)
            }
        }),
        missing: row.mandatory.as_ref().map_or_else(Vec::new, |m| {
            m.missing
                .iter()
                .map(|(_, vi, en)| if lang == Lang::Vi { vi } else { en }.clone())
                .collect()
        }),
        https: match row.https {
            Some(true) => messages::text("province.yes", lang, &[]),
            Some(false) => messages::text("province.no", lang, &[]),
            None => dash(),
        },
        unicode: row
            .unicode
            .map_or_else(dash, |(ok, checked)| format!("{ok}/{checked}")),
        broken_links: row.broken_links,
        a11y_a: row.a11y_a,
        a11y_aa: row.a11y_aa,
        failed: row.failed,
        binding: row.strength.map_or_else(dash, |s| s.binding.to_string()),
        advisory: row.strength.map_or_else(dash, |s| s.advisory.to_string()),
        review_items: row.review_items,
        load: if load {
            load_cells(row.load.as_ref(), lang)
        } else {
            Vec::new()
        },
        scores: row
            .scores
            .iter()
            .map(|s| {
                (
                    locale::score(s.score.percent, lang),
                    s.band.map_or("none", Band::id),
                )
            })
            .collect(),
    }
}

/// The province table as CSV (`province.csv`, written with `findings.csv`):
/// UTF-8 with a BOM so spreadsheet programs read the Vietnamese right, headers
/// and values in the report's language, formula-like cells defused.
#[must_use]
pub fn csv(report: &Report, lang: Lang) -> String {
    let mut headers = headers(report, lang);
    headers.insert(1, messages::text("province.col_root", lang, &[]));
    headers.insert(5, messages::text("province.col_missing", lang, &[]));
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(&headers)
        .expect("writing to memory cannot fail");
    for row in rows(report, lang) {
        let mut cells = row.cells();
        cells.insert(1, row.root.clone());
        cells.insert(5, row.missing.join("; "));
        writer
            .write_record(cells.iter().map(|c| super::csv::defuse(c)))
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("flushing memory cannot fail");
    let mut text = String::from('\u{feff}');
    text.push_str(&String::from_utf8(bytes).expect("all cells are strings"));
    text
}

/// A family's score in the previous report and in this one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FamilyTrend {
    /// The family's name.
    pub family: String,
    /// The previous score (`—` without one).
    pub then: String,
    /// This report's score.
    pub now: String,
}

/// A mandatory category whose status changed since the previous report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CategoryChange {
    /// The site's name.
    pub site: String,
    /// The category's name.
    pub category: String,
    /// Its status then (`category.*` text; `—` when it was not required).
    pub then: String,
    /// Its status now.
    pub now: String,
}

/// The whole province's score per family, then and now (a previous report
/// without family scores, before 1.3, gets them computed).
#[must_use]
pub fn family_trend(previous: &Report, report: &Report, lang: Lang) -> Vec<FamilyTrend> {
    let computed;
    let before = if previous.statistics.family_scores.is_empty() {
        computed = super::statistics::compute(previous).family_scores;
        &computed
    } else {
        &previous.statistics.family_scores
    };
    report
        .statistics
        .family_scores
        .iter()
        .map(|now| FamilyTrend {
            family: messages::text(&format!("family.{}", now.family.id()), lang, &[]),
            then: locale::score(
                before
                    .iter()
                    .find(|b| b.family == now.family)
                    .and_then(|b| b.score.percent),
                lang,
            ),
            now: locale::score(now.score.percent, lang),
        })
        .collect()
}

/// The mandatory categories whose status changed between the two reports,
/// per site (matched by site id and category id), in report order.
#[must_use]
pub fn category_changes(previous: &Report, report: &Report, lang: Lang) -> Vec<CategoryChange> {
    let name = |status: crate::rules::content::checklist::Status| {
        messages::text(&format!("category.{}", status.id()), lang, &[])
    };
    let mut changes = Vec::new();
    for site in &report.sites {
        let Some(now) = &site.checklist else { continue };
        let then = previous
            .sites
            .iter()
            .find(|s| s.id == site.id)
            .and_then(|s| s.checklist.as_ref());
        for item in &now.items {
            let before = then.and_then(|c| c.items.iter().find(|i| i.category == item.category));
            if before.is_some_and(|b| b.status == item.status)
                || (before.is_none() && then.is_none())
            {
                continue;
            }
            changes.push(CategoryChange {
                site: site.name.clone(),
                category: item.name.get(lang).to_string(),
                then: before.map_or_else(|| "—".to_string(), |b| name(b.status)),
                now: name(item.status),
            });
        }
    }
    changes
}
