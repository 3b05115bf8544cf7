//! A site's block of `report.html`.

use std::collections::BTreeMap;

use super::view::{
    AvailabilityView, CategoryRow, Criterion, LinkRow, PageView, Principle, SectionView, SiteView,
    UnicodeRow,
};
use super::{family_name, principle_name, score_width, trend};
use crate::messages;
use crate::report::diff::Diff;
use crate::report::model::{Report, SiteReport};
use crate::report::statistics::{SiteStatistics, Statistics};
use crate::rules::Family;
use crate::ruleset::Lang;

/// What every site's block is built with.
#[derive(Clone, Copy)]
pub(super) struct SiteContext<'a> {
    pub(super) stats: &'a Statistics,
    /// A provision's Vietnamese citation → its label in the report's language.
    pub(super) provision_labels: &'a BTreeMap<String, String>,
    pub(super) comparison: Option<&'a Diff>,
    pub(super) t: &'a BTreeMap<&'static str, &'static str>,
    pub(super) lang: Lang,
}

/// A site's block: its numbers, tables, checklist, links and pages (its
/// link findings' rows and its pages', [`super::lists::Lists`]).
pub(super) fn site_view(
    report: &Report,
    index: usize,
    site: &SiteReport,
    context: &SiteContext<'_>,
    (broken_links, page_list): (Vec<LinkRow>, Vec<PageView>),
) -> SiteView {
    let SiteContext {
        stats,
        provision_labels,
        comparison,
        t,
        lang,
    } = *context;
    let no_stats = SiteStatistics::default();
    let numbers = stats.site(&site.id).unwrap_or(&no_stats);
    let mut families: BTreeMap<String, usize> = BTreeMap::new();
    for f in &numbers.families {
        families.insert(family_name(f.family, lang).to_string(), f.total());
    }
    SiteView {
        index,
        file: None,
        id: site.id.clone(),
        name: site.name.clone(),
        root: site.root.clone(),
        state: site.status.state.id(),
        status: crate::report::province::status_text(&site.status, lang),
        pages: site.pages,
        strength: stats
            .province
            .iter()
            .find(|r| r.site == site.id)
            .filter(|r| r.failed > 0)
            .and_then(|r| r.strength.map(|s| (r.failed, s)))
            .map(|(failed, s)| {
                crate::messages::text(
                    "province.site_strength",
                    lang,
                    &[
                        ("failed", &failed.to_string()),
                        ("binding", &s.binding.to_string()),
                        ("advisory", &s.advisory.to_string()),
                    ],
                )
            }),
        score: crate::report::locale::score(numbers.score.percent, lang),
        score_width: score_width(&numbers.score),
        errors: numbers.findings.errors,
        warnings: numbers.findings.warnings,
        notices: numbers.findings.notices,
        review: numbers.findings.review,
        families: families.into_iter().collect(),
        principles: principles(numbers, lang),
        provisions: numbers
            .provisions
            .iter()
            .map(|row| {
                let mut criterion = Criterion::row(row);
                if let Some(label) = provision_labels.get(&row.id) {
                    criterion.label.clone_from(label);
                }
                criterion
            })
            .collect(),
        checklists: checklists(report, numbers, lang),
        categories: categories(site, lang),
        moved: site
            .checklist
            .as_ref()
            .and_then(|c| c.moved.as_ref())
            .map(|m| format!("{} ({})", m.evidence, m.url)),
        broken_links,
        unicode: unicode(numbers),
        problems: report
            .problems
            .iter()
            .filter(|p| p.input.starts_with(&site.root))
            .map(|p| (p.input.clone(), p.kind.to_string(), p.message.clone()))
            .collect(),
        availability: availability(site, lang),
        page_list,
        trend: comparison.as_ref().map(|d| {
            let (n, f, u) = d.site_totals(&site.id);
            trend(n, f, u, t)
        }),
    }
}

fn availability(site: &SiteReport, lang: Lang) -> Option<AvailabilityView> {
    use crate::report::availability::kinds_text;
    let a = site.availability.as_ref()?;
    Some(AvailabilityView {
        failed: a.failed,
        first: a.first.clone(),
        last: a.last.clone(),
        kinds: kinds_text(&a.kinds, lang),
        root_failed: a.root_failed,
        sections: a
            .sections
            .iter()
            .map(|s| SectionView {
                section: s.section.clone(),
                failed: s.failed,
                first: s.first.clone(),
                last: s.last.clone(),
                kinds: kinds_text(&s.kinds, lang),
                paths: s.paths.clone(),
                more: s.failed.saturating_sub(s.paths.len()),
            })
            .collect(),
    })
}

/// The WCAG table of a site: its principles, named, with their criteria.
fn principles(stats: &SiteStatistics, lang: Lang) -> Vec<Principle> {
    stats
        .principles
        .iter()
        .map(|p| Principle {
            number: p.principle.clone(),
            name: principle_name(&p.principle, lang),
            criteria: p.criteria.iter().map(Criterion::row).collect(),
        })
        .collect()
}

/// Per family other than accessibility, every rule's outcomes on the site: the
/// checklist of mandatory information, Unicode, links, standards and privacy.
fn checklists(
    report: &Report,
    stats: &SiteStatistics,
    lang: Lang,
) -> Vec<(String, Vec<Criterion>)> {
    Family::ALL
        .iter()
        .filter(|f| **f != Family::A11y)
        .filter_map(|family| {
            let rows: Vec<Criterion> = report
                .rules
                .iter()
                .filter(|rule| rule.family == *family)
                .map(|rule| {
                    Criterion::of(
                        rule.title.get(lang).to_string(),
                        vec![rule.id.clone()],
                        stats.rule(&rule.id).map(|r| r.outcomes).unwrap_or_default(),
                    )
                })
                .collect();
            (!rows.is_empty()).then(|| (family_name(*family, lang), rows))
        })
        .collect()
}

/// TCVN 6909 compliance of a site, as the page shows it.
fn unicode(stats: &SiteStatistics) -> Option<UnicodeRow> {
    let u = stats.unicode.as_ref()?;
    Some(UnicodeRow {
        compliant: u.compliant,
        checked: u.checked,
        percent: format!("{:.0}", u.percent),
        worst: u.worst.iter().map(|p| (p.url.clone(), p.total())).collect(),
    })
}

/// The mandatory-category checklist of a site, as rows.
fn categories(site: &SiteReport, lang: Lang) -> Vec<CategoryRow> {
    let Some(checklist) = &site.checklist else {
        return Vec::new();
    };
    checklist
        .items
        .iter()
        .map(|item| {
            let status_name = messages::text(&format!("category.{}", item.status.id()), lang, &[]);
            let first = item.evidence.first();
            let mut required_by = crate::legal::labels(&item.required_by, lang);
            if !item.suppliers.is_empty() {
                let names: Vec<&str> = item.suppliers.iter().map(|s| s.name.get(lang)).collect();
                required_by.push_str(&messages::text(
                    "legal.supplied_by",
                    lang,
                    &[("units", &names.join(", "))],
                ));
            }
            if item.conditional {
                required_by.push_str(&messages::text("legal.conditional", lang, &[]));
            }
            let status_name = match &item.reason {
                Some(reason) => format!("{status_name} ({})", reason.get(lang)),
                None => status_name.to_string(),
            };
            CategoryRow {
                name: item.name.get(lang).to_string(),
                status: item.status.id(),
                status_name,
                required_by,
                evidence: first.map(|e| match (&e.site, &e.via) {
                    (Some(site), Some(via)) => messages::text(
                        "legal.component_evidence",
                        lang,
                        &[("text", &e.text), ("site", site), ("via", via)],
                    ),
                    _ => e.text.clone(),
                }),
                evidence_url: first.map(|e| e.url.clone()),
                newest_date: item.newest_date.map(|d| d.format("%d/%m/%Y").to_string()),
            }
        })
        .collect()
}
