//! The rules' sections and the manual review checklist of `report.html`.

use std::collections::BTreeMap;

use super::lists::Listed;
use super::view::{Occurrence, ReviewView, RuleView};
use super::{REVIEW_LOCATIONS, REVIEW_TEXTS, family_name, href, severity_name};
use crate::messages;
use crate::report::model::{Finding, Report};
use crate::rules::{Family, Outcome};
use crate::ruleset::{Lang, Severity};

/// Every rule with findings, its occurrences listed, errors first, then by
/// the number of failures.
pub(super) fn rule_views(
    report: &Report,
    listed: &mut BTreeMap<String, Listed>,
    lang: Lang,
) -> Vec<RuleView> {
    let stats = &report.statistics;
    let mut rules: Vec<RuleView> = report
        .rules
        .iter()
        .filter_map(|rule| {
            let counts = stats.rules.iter().find(|c| c.rule == rule.id)?;
            let Listed {
                rows: occurrences,
                more,
                ..
            } = listed.remove(&rule.id).unwrap_or_default();
            Some(RuleView {
                id: rule.id.clone(),
                title: rule.title.get(lang).to_string(),
                family: rule.family.id(),
                family_name: family_name(rule.family, lang),
                severity: rule.severity.id(),
                severity_name: severity_name(rule.severity, lang),
                severity_rank: match rule.severity {
                    Severity::Error => 3,
                    Severity::Warning => 2,
                    Severity::Notice => 1,
                },
                why: rule.why.get(lang).to_string(),
                fix: rule.fix.get(lang).to_string(),
                legal: rule.legal.iter().map(|b| b.label(lang)).collect(),
                wcag: rule.wcag.clone(),
                understanding: rule
                    .wcag
                    .iter()
                    .filter_map(|sc| Some((sc.clone(), understanding(sc)?)))
                    .collect(),
                failed: counts.failed,
                review: counts.review,
                occurrences,
                more,
            })
        })
        .collect();
    rules.sort_by(|a, b| {
        b.severity_rank
            .cmp(&a.severity_rank)
            .then(b.failed.cmp(&a.failed))
            .then(a.id.cmp(&b.id))
    });
    rules
}

/// The W3C "Understanding" pages of the WCAG criteria, by number
/// (`reports/wcag.toml`).
#[derive(serde::Deserialize)]
struct Understanding {
    base: String,
    slugs: BTreeMap<String, String>,
}

/// The URL of the W3C "Understanding WCAG 2.1" page of a criterion
/// (`1.1.1` → `…/Understanding/non-text-content.html`), when the data names it.
pub(super) fn understanding(sc: &str) -> Option<String> {
    static DATA: std::sync::OnceLock<Understanding> = std::sync::OnceLock::new();
    let data = DATA.get_or_init(|| {
        toml::from_str(include_str!("../../../reports/wcag.toml"))
            .expect("reports/wcag.toml parses (tested)")
    });
    data.slugs
        .get(sc)
        .map(|slug| format!("{}{slug}.html", data.base))
}

/// Occurrences a rule's section lists per site; the others are counted, and
/// `findings.csv` and `report.json` hold them all. So a rule failing on
/// 3 000 pages of a site does not make a page no browser opens.
pub const OCCURRENCES_PER_SITE: usize = 50;

/// Pages listed under a template defect's row (the others are counted).
pub const TEMPLATE_PAGES: usize = 20;

pub(super) fn occurrence(
    f: &Finding,
    rule_legal: &[crate::legal::AppliedBasis],
    lang: Lang,
) -> Occurrence {
    let place = match (f.line, f.column) {
        (Some(line), Some(column)) => format!("{line}:{column}"),
        (Some(line), None) => line.to_string(),
        _ => String::new(),
    };
    Occurrence {
        site: f.site.clone(),
        rule: f.rule.clone(),
        family: f.family.map_or("unknown", Family::id),
        severity: f.severity.id(),
        severity_name: severity_name(f.severity, lang),
        review: f.outcome == Outcome::CantTell,
        url: f.url.clone(),
        href: href(&f.url),
        fragment: href(&f.url).and_then(|h| text_fragment(&h, f.snippet.as_deref()?)),
        selector: f.selector.clone(),
        place,
        snippet: f.snippet.clone(),
        message: f.message.get(lang).to_string(),
        legal: (f.legal.as_slice() != rule_legal).then(|| crate::legal::labels(&f.legal, lang)),
        template: None,
    }
}

/// A link to the element's text on the live page: a text fragment
/// (`#:~:text=`, which browsers scroll to and highlight) of the first words of
/// the snippet's own text (before its first inner tag), written as the link's
/// text too, so that the link says where it goes (the project's
/// `link-text-generic` passes it): only the directive's own `-`, `,` and `&`
/// are percent-encoded, the browser encodes the rest. None when that text is
/// too short to find, holds an entity, was cut, or is itself evidence of a
/// Unicode defect (legacy, decomposed, invisible: the page's bytes could not
/// be matched, and the report would show the defect).
pub(super) fn text_fragment(href: &str, snippet: &str) -> Option<String> {
    let rest = snippet.strip_prefix('<')?;
    let text = &rest[rest.find('>')? + 1..];
    let text = &text[..text.find(['<', '…']).unwrap_or(text.len())];
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    let text = words.join(" ");
    if text.contains('&')
        || text.chars().filter(|c| c.is_alphanumeric()).count() < 4
        || !unicode_normalization::is_nfc(&text)
        || matches!(
            crate::report::safe::evidence_in_page(&text),
            std::borrow::Cow::Owned(_)
        )
    {
        return None;
    }
    let encoded = text
        .replace('%', "%25")
        .replace('-', "%2D")
        .replace(',', "%2C");
    let page = href.split('#').next().unwrap_or(href);
    Some(format!("{page}#:~:text={encoded}"))
}

/// The review checklist: one entry per item (site, rule, pattern), with its
/// distinct texts (link texts) or its first locations.
pub(super) fn review_items(
    report: &Report,
    mut texts: BTreeMap<String, Vec<crate::report::review::DistinctText>>,
    rules: &[RuleView],
    lang: Lang,
) -> Vec<ReviewView> {
    report
        .review
        .iter()
        .map(|item| {
            let rule = report.rules.iter().find(|r| r.id == item.rule);
            let mut distinct = texts.remove(&item.id).unwrap_or_default();
            let more_texts = distinct.len().saturating_sub(REVIEW_TEXTS);
            distinct.truncate(REVIEW_TEXTS);
            ReviewView {
                texts: distinct,
                more_texts,
                id: item.id.clone(),
                decision: item.decision.as_ref().map(|d| {
                    let (id, key) = match d.verdict {
                        crate::report::model::Verdict::Passed => ("passed", "decision.passed"),
                        crate::report::model::Verdict::Failed => ("failed", "decision.failed"),
                    };
                    (id, messages::text(key, lang, &[]), d.note.clone())
                }),
                site: item.site.clone(),
                site_name: report
                    .sites
                    .iter()
                    .find(|s| s.id == item.site)
                    .map_or_else(|| item.site.clone(), |s| s.name.clone()),
                rule: item.rule.clone(),
                title: rule.map_or_else(|| item.rule.clone(), |r| r.title.get(lang).to_string()),
                family: item.family.map_or("unknown", Family::id),
                severity: item.severity.id(),
                message: item.message.get(lang).to_string(),
                count: item.count,
                pages: item.pages,
                locations: item
                    .locations
                    .iter()
                    .take(REVIEW_LOCATIONS)
                    .map(|l| {
                        let place = match (l.line, l.column) {
                            (Some(line), Some(column)) => format!(":{line}:{column}"),
                            (Some(line), None) => format!(":{line}"),
                            _ => String::new(),
                        };
                        (l.url.clone(), place, l.selector.clone())
                    })
                    .collect(),
                more: item.locations.len().saturating_sub(REVIEW_LOCATIONS),
                linked: rules.iter().any(|r| r.id == item.rule),
            }
        })
        .collect()
}
