//! The view model of `report.html`: what the template lays out, every string
//! already in the report's language.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::report::statistics::{CriterionRow, OutcomeCounts};

/// An occurrence as the page shows it.
#[derive(Debug, Serialize)]
pub(super) struct Occurrence {
    pub(super) site: String,
    pub(super) rule: String,
    pub(super) family: &'static str,
    pub(super) severity: &'static str,
    pub(super) severity_name: String,
    pub(super) review: bool,
    pub(super) url: String,
    pub(super) href: Option<String>,
    /// The element's text on the live page (`#:~:text=`), when it can be found.
    pub(super) fragment: Option<String>,
    pub(super) selector: Option<String>,
    pub(super) place: String,
    pub(super) snippet: Option<String>,
    pub(super) message: String,
    /// The finding's own bases, when they differ from its rule's list (a
    /// missing category cites the articles requiring that category).
    pub(super) legal: Option<String>,
    /// A template defect: one row for all its pages.
    pub(super) template: Option<TemplateView>,
}

/// The pages of a template defect, as its row lists them.
#[derive(Debug, Serialize)]
pub(super) struct TemplateView {
    /// Distinct pages.
    pub(super) pages: usize,
    /// The first pages' URLs.
    pub(super) urls: Vec<String>,
    /// Pages not listed.
    pub(super) more: usize,
}

/// One item of the manual review checklist.
#[derive(Debug, Serialize)]
pub(super) struct ReviewView {
    pub(super) site: String,
    pub(super) site_name: String,
    pub(super) rule: String,
    pub(super) title: String,
    pub(super) family: &'static str,
    pub(super) severity: &'static str,
    pub(super) message: String,
    pub(super) count: usize,
    pub(super) pages: usize,
    pub(super) locations: Vec<(String, String, Option<String>)>,
    pub(super) more: usize,
    pub(super) linked: bool,
    /// The item's id (kept by `report --review-decisions`).
    pub(super) id: String,
    /// A person's decision: `passed`/`failed`, its name, the note.
    pub(super) decision: Option<(&'static str, String, Option<String>)>,
    /// The distinct texts to judge (link texts), most frequent first, at most
    /// [`super::REVIEW_TEXTS`]; empty when the occurrences carry no text.
    pub(super) texts: Vec<crate::report::review::DistinctText>,
    /// Distinct texts not listed.
    pub(super) more_texts: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct RuleView {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) family: &'static str,
    pub(super) family_name: String,
    pub(super) severity: &'static str,
    pub(super) severity_name: String,
    pub(super) severity_rank: u8,
    pub(super) why: String,
    pub(super) fix: String,
    pub(super) legal: Vec<String>,
    pub(super) wcag: Vec<String>,
    /// Its WCAG criteria's W3C "Understanding" pages: (criterion, URL).
    pub(super) understanding: Vec<(String, String)>,
    pub(super) failed: usize,
    pub(super) review: usize,
    pub(super) occurrences: Vec<Occurrence>,
    /// Per site, the occurrences past the listed ones (counted, in
    /// `findings.csv` and `report.json`).
    pub(super) more: Vec<(String, usize)>,
}

/// A row of outcome counts as the tables show it.
#[derive(Debug, Serialize)]
pub(super) struct Criterion {
    /// The criterion (`1.1.1`), provision or rule title.
    pub(super) label: String,
    pub(super) rules: Vec<String>,
    pub(super) passed: usize,
    pub(super) failed: usize,
    pub(super) cant_tell: usize,
}

impl Criterion {
    pub(super) fn of(label: String, rules: Vec<String>, outcomes: OutcomeCounts) -> Self {
        Criterion {
            label,
            rules,
            passed: outcomes.passed,
            failed: outcomes.failed,
            cant_tell: outcomes.cant_tell,
        }
    }

    pub(super) fn row(row: &CriterionRow) -> Self {
        Criterion::of(row.id.clone(), row.rules.clone(), row.outcomes)
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Principle {
    pub(super) number: String,
    pub(super) name: String,
    pub(super) criteria: Vec<Criterion>,
}

#[derive(Debug, Serialize)]
pub(super) struct PageView {
    pub(super) url: String,
    pub(super) href: Option<String>,
    pub(super) title: Option<String>,
    pub(super) status: Option<u16>,
    pub(super) failed: usize,
    pub(super) review: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct Trend {
    pub(super) new: usize,
    pub(super) fixed: usize,
    pub(super) unchanged: usize,
    pub(super) chart: Vec<Bar>,
}

#[derive(Debug, Serialize)]
pub(super) struct Bar {
    pub(super) label: &'static str,
    pub(super) class: &'static str,
    pub(super) count: usize,
    pub(super) x: usize,
    pub(super) width: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct SiteView {
    pub(super) index: usize,
    /// Its own report's file, relative to `report.html` (`--split-sites`).
    pub(super) file: Option<String>,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) root: String,
    pub(super) state: &'static str,
    pub(super) status: String,
    pub(super) pages: usize,
    /// The failed findings split by the strength of their bases, in words.
    pub(super) strength: Option<String>,
    pub(super) score: String,
    pub(super) score_width: usize,
    pub(super) errors: usize,
    pub(super) warnings: usize,
    pub(super) notices: usize,
    pub(super) review: usize,
    pub(super) families: Vec<(String, usize)>,
    pub(super) principles: Vec<Principle>,
    pub(super) provisions: Vec<Criterion>,
    pub(super) checklists: Vec<(String, Vec<Criterion>)>,
    pub(super) categories: Vec<CategoryRow>,
    pub(super) moved: Option<String>,
    pub(super) broken_links: Vec<LinkRow>,
    pub(super) unicode: Option<UnicodeRow>,
    pub(super) problems: Vec<(String, String, String)>,
    pub(super) availability: Option<AvailabilityView>,
    pub(super) page_list: Vec<PageView>,
    pub(super) trend: Option<Trend>,
}

/// One mandatory category of a site (Nghị định 43/2011, 42/2022, 224/2026; the province's profile).
#[derive(Debug, Serialize)]
pub(super) struct CategoryRow {
    pub(super) name: String,
    pub(super) status: &'static str,
    pub(super) status_name: String,
    pub(super) required_by: String,
    pub(super) evidence: Option<String>,
    pub(super) evidence_url: Option<String>,
    pub(super) newest_date: Option<String>,
}

/// A link finding as a row: source page, link text, target and status.
#[derive(Debug, Serialize)]
pub(super) struct LinkRow {
    pub(super) source: String,
    pub(super) line: Option<u64>,
    pub(super) text: String,
    pub(super) target: String,
    pub(super) status: String,
    pub(super) rule: String,
}

/// A site's failures during the audit (Quy chế Điều 15.2), kinds in words.
#[derive(Debug, Serialize)]
pub(super) struct AvailabilityView {
    pub(super) failed: usize,
    pub(super) first: String,
    pub(super) last: String,
    pub(super) kinds: String,
    pub(super) root_failed: bool,
    pub(super) sections: Vec<SectionView>,
}

/// One section's failures; `more`: failed paths not listed.
#[derive(Debug, Serialize)]
pub(super) struct SectionView {
    pub(super) section: String,
    pub(super) failed: usize,
    pub(super) first: String,
    pub(super) last: String,
    pub(super) kinds: String,
    pub(super) paths: Vec<String>,
    pub(super) more: usize,
}

/// TCVN 6909 compliance of a site's pages.
#[derive(Debug, Serialize)]
pub(super) struct UnicodeRow {
    pub(super) compliant: usize,
    pub(super) checked: usize,
    pub(super) percent: String,
    pub(super) worst: Vec<(String, usize)>,
}

#[derive(Debug, Serialize)]
pub(super) struct Document {
    pub(super) number: String,
    pub(super) title: String,
    pub(super) in_force: bool,
    pub(super) valid_from: String,
    pub(super) valid_to: Option<String>,
    /// Issue date, confidence and what is uncertain, in words.
    pub(super) detail: String,
}

#[derive(Debug, Serialize)]
pub(super) struct View {
    /// One site's own report (`--split-sites`): no gate verdict (the run's).
    pub(super) site_file: bool,
    pub(super) lang: &'static str,
    pub(super) t: BTreeMap<&'static str, &'static str>,
    /// Texts of the province table (`province.*`).
    pub(super) p: BTreeMap<&'static str, &'static str>,
    /// The report's title (naming the province and year when known).
    pub(super) title: String,
    /// The report's id: the key of the checklist's choices in `localStorage`.
    pub(super) report_id: String,
    /// The interrupted-audit banner, when the crawl did not finish.
    pub(super) interrupted: Option<String>,
    /// The province table: headers, rows, and the whole province's scores.
    pub(super) province_headers: Vec<String>,
    pub(super) province_rows: Vec<crate::report::province::Row>,
    pub(super) province_scores: Vec<(String, &'static str)>,
    /// Against `--previous`: the province's family scores then and now, and
    /// the mandatory categories whose status changed.
    pub(super) family_trend: Vec<crate::report::province::FamilyTrend>,
    pub(super) category_changes: Vec<crate::report::province::CategoryChange>,
    pub(super) province: Option<String>,
    pub(super) date: String,
    pub(super) as_of: String,
    pub(super) version: String,
    pub(super) command: String,
    pub(super) inputs: Vec<String>,
    pub(super) gate_passed: bool,
    pub(super) fail_on: String,
    pub(super) counted: usize,
    pub(super) max_findings: usize,
    pub(super) baseline: Option<String>,
    pub(super) baselined: usize,
    pub(super) score: String,
    pub(super) score_width: usize,
    pub(super) pages: usize,
    pub(super) findings: usize,
    pub(super) errors: usize,
    pub(super) warnings: usize,
    pub(super) notices: usize,
    pub(super) review: usize,
    pub(super) families: Vec<(String, String, usize)>,
    pub(super) sites: Vec<SiteView>,
    pub(super) rules: Vec<RuleView>,
    pub(super) review_items: Vec<ReviewView>,
    pub(super) problems: Vec<(String, String, String)>,
    pub(super) documents: Vec<Document>,
    pub(super) trend: Option<Trend>,
    pub(super) severities: Vec<(&'static str, String)>,
    /// The page-load section, when pages were measured (browser mode).
    pub(super) load: Option<super::load::LoadView>,
}
