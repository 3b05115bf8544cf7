//! The one page pipeline behind `check` (files, folders, URLs) and `audit`:
//! admitted bytes become a [`Page`] (parsed once), its linked stylesheets are
//! attached (from disk or the network, found the same way), every enabled
//! page rule runs, and what the report, the site rules and the link check
//! need of the page is taken before the DOM is dropped. Whatever the entry
//! point, the same bytes give the same page findings.

use std::collections::HashSet;

use crate::facts::{Problem, ProblemKind};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::messages;
use crate::page::rendered::BrowserFacts;
use crate::page::{Page, PageInput, StyleSource, links};
use crate::render::RenderedPage;
use crate::report::model::{PageReport, RenderedPageReport};
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

/// The problem of a page whose tags nested past the parser's limit
/// ([`MAX_DEPTH`](crate::page::MAX_DEPTH)) were not built, so the
/// content inside them went unchecked (`problem-depth-limited`); `None` when
/// nothing was cut.
#[must_use]
pub fn depth_problem(report: &PageReport, lang: Lang) -> Option<Problem> {
    (report.depth_limited_tags > 0).then(|| Problem {
        input: report.url.clone(),
        kind: ProblemKind::DepthLimited,
        message: messages::text(
            "problem-depth-limited",
            lang,
            &[
                ("count", &report.depth_limited_tags.to_string()),
                ("limit", &crate::page::MAX_DEPTH.to_string()),
            ],
        ),
    })
}

/// Parses an admitted page, attaches its stylesheets from `styles`, and runs
/// the page rules of `ctx` on it.
#[must_use]
pub fn analyse(input: PageInput, styles: &dyn StyleSource, ctx: &Context<'_>) -> Analysed {
    analyse_as(input, None, styles, ctx)
}

/// What the rendered view of a page brings beside its DOM.
struct RenderedView<'a> {
    /// The served page's link addresses as written.
    served_links: HashSet<String>,
    /// What the browser painted and measured.
    facts: &'a BrowserFacts,
}

/// [`analyse`], with the served page's link addresses and the browser's
/// facts when `input` is its rendered view.
fn analyse_as(
    input: PageInput,
    view: Option<RenderedView<'_>>,
    styles: &dyn StyleSource,
    ctx: &Context<'_>,
) -> Analysed {
    let mut page = Page::parse(input);
    if let Some(view) = view {
        page.served_links = Some(view.served_links);
        page.attach_browser(view.facts);
    }
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
        omitted_findings: result.omitted.clone(),
        outcomes: result.outcomes.clone(),
        rendered: None,
    }
}

/// Adds the rendered view of a page to the analysis of its served HTML: the
/// DOM a browser built (`render::Renderer::render`) goes through the same
/// pipeline as the served bytes (`served_input` gives its address, site,
/// status and headers; the body is the browser's serialisation, UTF-8).
///
/// The rendered page knows the served page's link addresses, so
/// `javascript-only-content` can name the links only the script made.
/// Its findings are marked [`View::Rendered`](crate::finding::View) (lines are
/// those of the serialised DOM), its outcomes go to the page entry's
/// `rendered`, its links and fragment targets join the served ones (a menu
/// built by script links to pages too), and the site rules read the rendered
/// page's facts: what a visitor with a browser sees decides whether a
/// mandatory category is there.
#[must_use]
pub fn with_rendered(
    served: Analysed,
    served_input: &PageInput,
    rendered: &RenderedPage,
    styles: &dyn StyleSource,
    ctx: &Context<'_>,
) -> Analysed {
    let mut headers: Vec<(String, String)> = served_input
        .headers
        .iter()
        .filter(|(name, _)| name != "content-type")
        .cloned()
        .collect();
    headers.push((
        "content-type".to_string(),
        "text/html; charset=utf-8".to_string(),
    ));
    let input = PageInput {
        url: served_input.url.clone(),
        site: served_input.site.clone(),
        bytes: rendered.dom.as_bytes().to_vec(),
        status: served_input.status,
        headers,
    };
    let served_links = served.links.iter().map(|l| l.href.clone()).collect();
    let view = analyse_as(
        input,
        Some(RenderedView {
            served_links,
            facts: &rendered.facts,
        }),
        styles,
        ctx,
    );
    let mut analysed = served;
    analysed.report.rendered = Some(RenderedPageReport {
        final_url: rendered.final_url.clone(),
        elements: view.report.elements,
        outcomes: view.report.outcomes,
        metrics: rendered.facts.metrics.clone(),
    });
    analysed
        .findings
        .extend(view.findings.into_iter().map(|mut finding| {
            engine::mark_rendered(&mut finding);
            finding
        }));
    let known: HashSet<(String, String)> = analysed
        .links
        .iter()
        .map(|l| (l.href.clone(), l.attr.clone()))
        .collect();
    analysed.links.extend(
        view.links
            .into_iter()
            .filter(|l| !known.contains(&(l.href.clone(), l.attr.clone()))),
    );
    let anchors: HashSet<String> = analysed.anchors.iter().cloned().collect();
    analysed
        .anchors
        .extend(view.anchors.into_iter().filter(|a| !anchors.contains(a)));
    analysed.site_page = view.site_page;
    analysed
}

/// Judges a page measured after its analysis (an audit measures its site
/// roots when the machine is quiet, `audit::measure`): `report`, the page's
/// stored entry, gets `metrics` and the outcomes of the page-load rules,
/// whose findings are returned. Those rules read only the metrics and the
/// rendered page's `<html>` element (line 1 of the browser's serialisation,
/// doctype and element written on one line), so they run on a page of that
/// element alone; no other rule runs. A page that was not rendered is left
/// as it is.
#[must_use]
pub fn measured(
    report: &mut PageReport,
    metrics: crate::page::rendered::LoadMetrics,
    ctx: &Context<'_>,
) -> Vec<Finding> {
    let Some(rendered) = report.rendered.as_mut() else {
        return Vec::new();
    };
    let load: Vec<String> = ctx
        .page_rules()
        .map(|rule| rule.id)
        .filter(|id| crate::rules::standards::LOAD_RULES.contains(id))
        .map(str::to_string)
        .collect();
    let mut findings = Vec::new();
    if !load.is_empty() {
        let mut page = Page::parse(PageInput {
            url: report.url.clone(),
            site: report.site.clone(),
            bytes: b"<!DOCTYPE html><html></html>".to_vec(),
            status: report.status,
            headers: vec![(
                "content-type".to_string(),
                "text/html; charset=utf-8".to_string(),
            )],
        });
        page.attach_browser(&BrowserFacts {
            metrics: Some(metrics.clone()),
            ..BrowserFacts::default()
        });
        let mut only = ctx.clone();
        only.only = load;
        let result = engine::run_page(&page, &only);
        for (rule, outcome) in result.outcomes.iter() {
            rendered.outcomes.insert(rule, outcome);
        }
        findings = result
            .findings
            .into_iter()
            .map(|mut finding| {
                engine::mark_rendered(&mut finding);
                finding
            })
            .collect();
    }
    rendered.metrics = Some(metrics);
    findings
}
