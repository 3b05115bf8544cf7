//! What `report.html` lists of the findings and pages, gathered in one read
//! of each, one row at a time ([`Lists::of`]): from a report in memory or
//! streamed from its store ([`Body`]), the same lists — so both write the
//! same page. What is kept is bounded by rules and sites where the page caps
//! its lists (a rule's section: [`OCCURRENCES_PER_SITE`] per site and one row
//! per template group); the sites' page lists and link rows are every page
//! and every link finding, as the page shows them.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::href;
use super::rules::{OCCURRENCES_PER_SITE, TEMPLATE_PAGES, occurrence};
use super::view::{LinkRow, Occurrence, PageView, TemplateView};
use crate::report::model::{Finding, PageReport, Report, TemplateGroup};
use crate::report::review::{DistinctText, LocationTexts};
use crate::report::stream::Body;
use crate::rules::Family;
use crate::ruleset::Lang;

/// A rule's rows: a template defect once (with its pages folded), then at
/// most [`OCCURRENCES_PER_SITE`] other occurrences per site; and per site
/// how many were not listed.
#[derive(Debug, Default)]
pub(super) struct Listed {
    pub(super) rows: Vec<Occurrence>,
    pub(super) more: Vec<(String, usize)>,
    shown: BTreeMap<String, usize>,
    groups: BTreeSet<String>,
}

/// The lists of `report.html` drawn from findings and pages.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// Each rule's section, by rule id.
    pub(super) rules: BTreeMap<String, Listed>,
    /// Each site's link findings as rows, by site id.
    pub(super) links: BTreeMap<String, Vec<LinkRow>>,
    /// Each site's pages, by site id.
    pub(super) pages: BTreeMap<String, Vec<PageView>>,
    /// The review items' distinct texts, by item id.
    pub(super) texts: BTreeMap<String, Vec<DistinctText>>,
}

impl Lists {
    /// The lists of the report `body` in `lang`: its findings read once in
    /// the report's order, its pages once in URL order.
    ///
    /// # Errors
    /// The rows' errors (a streamed report), as I/O errors.
    pub(super) fn of(body: Body<'_>, lang: Lang) -> io::Result<Self> {
        let report = body.head();
        let templates: BTreeMap<&str, &TemplateGroup> = report
            .templates
            .iter()
            .map(|t| (t.id.as_str(), t))
            .collect();
        let rules: BTreeMap<&str, &[crate::legal::AppliedBasis]> = report
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r.legal.as_slice()))
            .collect();
        let mut lists = Lists::default();
        let mut texts = LocationTexts::default();
        body.each_finding(|f| {
            if let Some(legal) = rules.get(f.rule.as_str()) {
                // Looked up by reference: the rule's id is copied once.
                match lists.rules.get_mut(f.rule.as_str()) {
                    Some(listed) => listed.add(f, &templates, legal, lang),
                    None => {
                        let mut listed = Listed::default();
                        listed.add(f, &templates, legal, lang);
                        lists.rules.insert(f.rule.clone(), listed);
                    }
                }
            }
            if f.family == Some(Family::Links) {
                lists
                    .links
                    .entry(f.site.clone())
                    .or_default()
                    .push(link_row(f));
            }
            texts.add(f);
            Ok(())
        })?;
        lists.texts = texts.distinct(&report.review);
        body.each_page(|p| {
            let row = page_row(report, p);
            lists.pages.entry(p.site.clone()).or_default().push(row);
            Ok(())
        })?;
        Ok(lists)
    }
}

impl Listed {
    /// Adds an occurrence of the rule (its bases `rule_legal`), in the
    /// report's order.
    fn add(
        &mut self,
        f: &Finding,
        templates: &BTreeMap<&str, &TemplateGroup>,
        rule_legal: &[crate::legal::AppliedBasis],
        lang: Lang,
    ) {
        if let Some(group) = f.template.as_deref().and_then(|id| templates.get(id)) {
            if self.groups.insert(group.id.clone()) {
                let mut row = occurrence(f, rule_legal, lang);
                let mut urls: Vec<&str> = group.pages.iter().map(|p| p.url.as_str()).collect();
                urls.dedup();
                row.template = Some(TemplateView {
                    pages: urls.len(),
                    urls: urls
                        .iter()
                        .take(TEMPLATE_PAGES)
                        .map(ToString::to_string)
                        .collect(),
                    more: urls.len().saturating_sub(TEMPLATE_PAGES),
                });
                self.rows.push(row);
            }
            return;
        }
        let count = self.shown.entry(f.site.clone()).or_default();
        if *count < OCCURRENCES_PER_SITE {
            *count += 1;
            self.rows.push(occurrence(f, rule_legal, lang));
        } else {
            match self.more.last_mut() {
                Some((site, n)) if *site == f.site => *n += 1,
                _ => self.more.push((f.site.clone(), 1)),
            }
        }
    }
}

/// A link finding (broken, blocked, unreachable, redirected, …) as a row.
fn link_row(f: &Finding) -> LinkRow {
    let arg = |name: &str| f.args.get(name).cloned().unwrap_or_default();
    LinkRow {
        source: f.url.clone(),
        line: f.line,
        text: arg("text"),
        target: arg("target"),
        status: arg("status"),
        rule: f.rule.clone(),
    }
}

/// A page's row in its site's page list, with its numbers.
fn page_row(report: &Report, p: &PageReport) -> PageView {
    let (failed, review) = report
        .statistics
        .site(&p.site)
        .map_or((0, 0), |numbers| numbers.page(&p.url));
    PageView {
        url: p.url.clone(),
        href: href(&p.url),
        title: p.title.clone(),
        status: p.status,
        failed,
        review,
    }
}
