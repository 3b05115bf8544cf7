//! `report.html`: one self-contained page for people — the provincial
//! department's yearly review (printable to PDF: A4, a page per site) and each
//! webmaster's list of what to fix.
//!
//! The page is rendered by minijinja from `reports/templates/report.html` with
//! HTML auto-escaping, so every string that came from an audited page (title,
//! URL, selector, snippet, message values) is text, never markup. The CSS and
//! the small filtering script are our own files, inlined; the page makes no
//! request of any kind and is fully readable with JavaScript off. Only
//! `http(s)` URLs become links (never `javascript:` or other schemes).
//!
//! The view model is built here; the template only lays it out.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::RenderOptions;
use super::diff;
use super::model::{Finding, Report};
use super::statistics::{CriterionRow, OutcomeCounts, Score, SiteStatistics};
use crate::messages;
use crate::rules::{Family, Outcome};
use crate::ruleset::{Lang, Severity};

const TEMPLATE: &str = include_str!("../../reports/templates/report.html");
const CSS: &str = include_str!("../../reports/templates/report.css");
const JS: &str = include_str!("../../reports/templates/report.js");

/// Writes the report as one HTML page, streamed to `out` as it renders.
///
/// # Errors
/// The writer's I/O errors.
pub fn write(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Page-derived text is escaped and its control characters shown
    // (`\x1b`, `U+202E`): a bidi override cannot reverse a name on screen.
    env.set_formatter(|out, state, value| {
        if !value.is_safe()
            && let Some(text) = value.as_str()
            && let std::borrow::Cow::Owned(shown) = super::safe::visible_in_page(text)
        {
            return minijinja::escape_formatter(out, state, &minijinja::Value::from(shown));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_template("report.html", TEMPLATE)
        .expect("the embedded template parses (tested)");
    let view = view(report, options);
    let css = css(options.lang);
    let template = env
        .get_template("report.html")
        .expect("the template was just added");
    let rendered = template.render_captured_to(
        minijinja::context! {
            v => view,
            csp => minijinja::Value::from_safe_string(csp(&css)),
            css => minijinja::Value::from_safe_string(css),
            js => minijinja::Value::from_safe_string(JS.to_string()),
        },
        out,
    );
    match rendered {
        Ok(_) => Ok(()),
        // minijinja reports the writer's failure as its own error kind.
        Err(e) if e.kind() == minijinja::ErrorKind::WriteFailure => Err(std::io::Error::other(e)),
        Err(e) => panic!("the view model always renders (tested): {e}"),
    }
}

/// The page's Content Security Policy: nothing may be loaded, and only our own
/// style sheet and script (by hash) may run, so even a payload that slipped
/// past escaping could neither execute nor call out.
/// The style sheet, its printed page numbers ("Trang N/M") in the report's language.
fn css(lang: Lang) -> String {
    match lang {
        Lang::Vi => CSS.to_string(),
        Lang::En => CSS.replace("content: \"Trang \"", "content: \"Page \""),
    }
}

fn csp(css: &str) -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let hash = |text: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text));
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        hash(css),
        hash(JS)
    )
}

/// An occurrence as the page shows it.
#[derive(Debug, Serialize)]
struct Occurrence {
    site: String,
    rule: String,
    family: &'static str,
    severity: &'static str,
    severity_name: String,
    review: bool,
    url: String,
    href: Option<String>,
    selector: Option<String>,
    place: String,
    snippet: Option<String>,
    message: String,
    /// The finding's own bases, when they differ from its rule's list (a
    /// missing category cites the articles requiring that category).
    legal: Option<String>,
}

/// Locations listed per review item (the rest are counted; the rule's section lists them all).
pub const REVIEW_LOCATIONS: usize = 20;

/// One item of the manual review checklist.
#[derive(Debug, Serialize)]
struct ReviewView {
    site: String,
    site_name: String,
    rule: String,
    title: String,
    family: &'static str,
    severity: &'static str,
    message: String,
    count: usize,
    pages: usize,
    locations: Vec<(String, String, Option<String>)>,
    more: usize,
    linked: bool,
    /// The item's id (kept by `report --review-decisions`).
    id: String,
    /// A person's decision: `passed`/`failed`, its name, the note.
    decision: Option<(&'static str, String, Option<String>)>,
}

#[derive(Debug, Serialize)]
struct RuleView {
    id: String,
    title: String,
    family: &'static str,
    family_name: String,
    severity: &'static str,
    severity_name: String,
    severity_rank: u8,
    why: String,
    fix: String,
    legal: Vec<String>,
    wcag: Vec<String>,
    failed: usize,
    review: usize,
    occurrences: Vec<Occurrence>,
}

/// A row of outcome counts as the tables show it.
#[derive(Debug, Serialize)]
struct Criterion {
    /// The criterion (`1.1.1`), provision or rule title.
    label: String,
    rules: Vec<String>,
    passed: usize,
    failed: usize,
    cant_tell: usize,
}

impl Criterion {
    fn of(label: String, rules: Vec<String>, outcomes: OutcomeCounts) -> Self {
        Criterion {
            label,
            rules,
            passed: outcomes.passed,
            failed: outcomes.failed,
            cant_tell: outcomes.cant_tell,
        }
    }

    fn row(row: &CriterionRow) -> Self {
        Criterion::of(row.id.clone(), row.rules.clone(), row.outcomes)
    }
}

#[derive(Debug, Serialize)]
struct Principle {
    number: String,
    name: String,
    criteria: Vec<Criterion>,
}

#[derive(Debug, Serialize)]
struct PageView {
    url: String,
    href: Option<String>,
    title: Option<String>,
    status: Option<u16>,
    failed: usize,
    review: usize,
}

#[derive(Debug, Serialize)]
struct Trend {
    new: usize,
    fixed: usize,
    unchanged: usize,
    chart: Vec<Bar>,
}

#[derive(Debug, Serialize)]
struct Bar {
    label: &'static str,
    class: &'static str,
    count: usize,
    x: usize,
    width: usize,
}

#[derive(Debug, Serialize)]
struct SiteView {
    index: usize,
    id: String,
    name: String,
    root: String,
    state: &'static str,
    status: String,
    pages: usize,
    score: String,
    score_width: usize,
    errors: usize,
    warnings: usize,
    notices: usize,
    review: usize,
    families: Vec<(String, usize)>,
    principles: Vec<Principle>,
    provisions: Vec<Criterion>,
    checklists: Vec<(String, Vec<Criterion>)>,
    categories: Vec<CategoryRow>,
    moved: Option<String>,
    broken_links: Vec<LinkRow>,
    unicode: Option<UnicodeRow>,
    problems: Vec<(String, String, String)>,
    availability: Option<AvailabilityView>,
    page_list: Vec<PageView>,
    trend: Option<Trend>,
}

/// One mandatory category of a site (Nghị định 43/2011, 42/2022, 224/2026; the province's profile).
#[derive(Debug, Serialize)]
struct CategoryRow {
    name: String,
    status: &'static str,
    status_name: String,
    required_by: String,
    evidence: Option<String>,
    evidence_url: Option<String>,
    newest_date: Option<String>,
}

/// A link finding as a row: source page, link text, target and status.
#[derive(Debug, Serialize)]
struct LinkRow {
    source: String,
    line: Option<u64>,
    text: String,
    target: String,
    status: String,
    rule: String,
}

/// A site's failures during the audit (Quy chế Điều 15.2), kinds in words.
#[derive(Debug, Serialize)]
struct AvailabilityView {
    failed: usize,
    first: String,
    last: String,
    kinds: String,
    root_failed: bool,
    sections: Vec<SectionView>,
}

/// One section's failures; `more`: failed paths not listed.
#[derive(Debug, Serialize)]
struct SectionView {
    section: String,
    failed: usize,
    first: String,
    last: String,
    kinds: String,
    paths: Vec<String>,
    more: usize,
}

fn availability(site: &super::model::SiteReport, lang: Lang) -> Option<AvailabilityView> {
    use super::availability::kinds_text;
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

/// TCVN 6909 compliance of a site's pages.
#[derive(Debug, Serialize)]
struct UnicodeRow {
    compliant: usize,
    checked: usize,
    percent: String,
    worst: Vec<(String, usize)>,
}

#[derive(Debug, Serialize)]
struct Document {
    number: String,
    title: String,
    in_force: bool,
    valid_from: String,
    valid_to: Option<String>,
    /// Issue date, confidence and what is uncertain, in words.
    detail: String,
}

#[derive(Debug, Serialize)]
struct View {
    lang: &'static str,
    t: BTreeMap<&'static str, &'static str>,
    /// Texts of the province table (`province.*`).
    p: BTreeMap<&'static str, &'static str>,
    /// The report's title (naming the province and year when known).
    title: String,
    /// The interrupted-audit banner, when the crawl did not finish.
    interrupted: Option<String>,
    /// The province table: headers, rows, and the whole province's scores.
    province_headers: Vec<String>,
    province_rows: Vec<super::province::Row>,
    province_scores: Vec<(String, &'static str)>,
    /// Against `--previous`: the province's family scores then and now, and
    /// the mandatory categories whose status changed.
    family_trend: Vec<super::province::FamilyTrend>,
    category_changes: Vec<super::province::CategoryChange>,
    province: Option<String>,
    date: String,
    as_of: String,
    version: String,
    command: String,
    inputs: Vec<String>,
    gate_passed: bool,
    fail_on: String,
    counted: usize,
    max_findings: usize,
    baseline: Option<String>,
    baselined: usize,
    score: String,
    score_width: usize,
    pages: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    notices: usize,
    review: usize,
    families: Vec<(String, String, usize)>,
    sites: Vec<SiteView>,
    rules: Vec<RuleView>,
    review_items: Vec<ReviewView>,
    problems: Vec<(String, String, String)>,
    documents: Vec<Document>,
    trend: Option<Trend>,
    severities: Vec<(&'static str, String)>,
}

/// A family's name.
fn family_name(family: Family, lang: Lang) -> String {
    messages::text(&format!("family.{}", family.id()), lang, &[])
}

/// A severity's name.
fn severity_name(severity: Severity, lang: Lang) -> String {
    messages::text(&format!("severity.{}", severity.id()), lang, &[])
}

/// A WCAG principle's name, by number.
fn principle_name(number: &str, lang: Lang) -> String {
    messages::text_or(&format!("principle.{number}"), "principle.other", lang)
}

/// A link target, only for web URLs: a `javascript:` or `data:` URL from a
/// hostile page must never become a link in the report.
fn href(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

fn occurrence(f: &Finding, rule_legal: &[crate::legal::AppliedBasis], lang: Lang) -> Occurrence {
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
        selector: f.selector.clone(),
        place,
        snippet: f.snippet.clone(),
        message: f.message.get(lang).to_string(),
        legal: (f.legal != rule_legal).then(|| crate::legal::labels(&f.legal, lang)),
    }
}

fn score_width(score: &Score) -> usize {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a percentage between 0 and 100"
    )]
    score.percent.map_or(0, |p| p.round() as usize)
}

fn trend(new: usize, fixed: usize, unchanged: usize, t: &BTreeMap<&str, &'static str>) -> Trend {
    // A stacked bar 300 units wide: unchanged, new, fixed.
    let total = (new + fixed + unchanged).max(1);
    let mut x = 0;
    let mut chart = Vec::new();
    for (key, class, count) in [
        ("unchanged", "unchanged", unchanged),
        ("new", "new", new),
        ("fixed", "fixed", fixed),
    ] {
        let width = count * 300 / total;
        chart.push(Bar {
            label: t[key],
            class,
            count,
            x,
            width,
        });
        x += width;
    }
    Trend {
        new,
        fixed,
        unchanged,
        chart,
    }
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
fn categories(site: &super::model::SiteReport, lang: Lang) -> Vec<CategoryRow> {
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

/// The site's link findings (broken, blocked, unreachable, redirected, …) as rows.
fn broken_links(findings: &[&Finding]) -> Vec<LinkRow> {
    findings
        .iter()
        .filter(|f| f.family == Some(Family::Links))
        .map(|f| {
            let arg = |name: &str| f.args.get(name).cloned().unwrap_or_default();
            LinkRow {
                source: f.url.clone(),
                line: f.line,
                text: arg("text"),
                target: arg("target"),
                status: arg("status"),
                rule: f.rule.clone(),
            }
        })
        .collect()
}

fn view(report: &Report, options: &RenderOptions<'_>) -> View {
    let lang = options.lang;
    let t = messages::group("html", lang);
    let stats = &report.statistics;
    let comparison = options.previous.map(|old| diff::diff_failed(old, report));
    let no_stats = SiteStatistics::default();
    // A provision row is named by its Vietnamese citation: shown in the
    // report's language.
    let provision_labels: BTreeMap<String, String> = report
        .rules
        .iter()
        .flat_map(|r| r.legal.iter())
        .map(|b| (b.label(Lang::Vi), b.label(lang)))
        .collect();

    let sites = report
        .sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let numbers = stats.site(&site.id).unwrap_or(&no_stats);
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.site == site.id)
                .collect();
            let mut families: BTreeMap<String, usize> = BTreeMap::new();
            for f in &numbers.families {
                families.insert(family_name(f.family, lang).to_string(), f.total());
            }
            let page_list = report
                .pages
                .iter()
                .filter(|p| p.site == site.id)
                .map(|p| {
                    let (failed, review) = numbers.page(&p.url);
                    PageView {
                        url: p.url.clone(),
                        href: href(&p.url),
                        title: p.title.clone(),
                        status: p.status,
                        failed,
                        review,
                    }
                })
                .collect();
            SiteView {
                index,
                id: site.id.clone(),
                name: site.name.clone(),
                root: site.root.clone(),
                state: site.status.state.id(),
                status: super::province::status_text(&site.status, lang),
                pages: site.pages,
                score: super::locale::score(numbers.score.percent, lang),
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
                broken_links: broken_links(&findings),
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
                    trend(n, f, u, &t)
                }),
            }
        })
        .collect();

    let mut rules: Vec<RuleView> = report
        .rules
        .iter()
        .filter_map(|rule| {
            let counts = stats.rules.iter().find(|c| c.rule == rule.id)?;
            let occurrences: Vec<Occurrence> = report
                .findings
                .iter()
                .filter(|f| f.rule == rule.id)
                .map(|f| occurrence(f, &rule.legal, lang))
                .collect();
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
                failed: counts.failed,
                review: counts.review,
                occurrences,
            })
        })
        .collect();
    rules.sort_by(|a, b| {
        b.severity_rank
            .cmp(&a.severity_rank)
            .then(b.failed.cmp(&a.failed))
            .then(a.id.cmp(&b.id))
    });

    let review_items = review_items(report, &rules, lang);
    let families = stats
        .families
        .iter()
        .map(|f| {
            (
                f.family.id().to_string(),
                family_name(f.family, lang),
                f.total(),
            )
        })
        .collect();
    let interrupted = report.crawl.as_ref().filter(|c| !c.complete).map(|c| {
        messages::text(
            "status.interrupted",
            lang,
            &[(
                "command",
                &format!("portal-audit audit --resume --store {}", c.store),
            )],
        )
    });
    View {
        lang: lang.id(),
        p: messages::group("province", lang),
        title: super::province::title(report, lang),
        interrupted,
        province_headers: super::province::headers(lang),
        province_rows: super::province::rows(report, lang),
        province_scores: stats
            .family_scores
            .iter()
            .map(|f| {
                (
                    super::locale::score(f.score.percent, lang),
                    f.band.map_or("none", super::statistics::Band::id),
                )
            })
            .collect(),
        family_trend: options.previous.map_or_else(Vec::new, |old| {
            super::province::family_trend(old, report, lang)
        }),
        category_changes: options.previous.map_or_else(Vec::new, |old| {
            super::province::category_changes(old, report, lang)
        }),
        province: report.run.province.clone(),
        date: super::locale::day_of(&report.run.finished_at, lang),
        as_of: super::locale::date(report.run.as_of, lang),
        version: report.tool.version.clone(),
        command: report.run.command.clone(),
        inputs: report.run.inputs.clone(),
        gate_passed: report.gate.passed,
        fail_on: report.gate.fail_on.to_string(),
        counted: report.gate.counted,
        max_findings: report.gate.max_findings,
        baseline: report.gate.baseline.clone(),
        baselined: report.gate.baselined,
        score: super::locale::score(stats.score.percent, lang),
        score_width: score_width(&stats.score),
        pages: report.counts.pages,
        findings: report.counts.findings,
        errors: stats.findings.errors,
        warnings: stats.findings.warnings,
        notices: stats.findings.notices,
        review: stats.findings.review,
        families,
        sites,
        rules,
        review_items,
        problems: report
            .problems
            .iter()
            .map(|p| (p.input.clone(), p.kind.to_string(), p.message.clone()))
            .collect(),
        documents: report
            .legal_documents
            .iter()
            .map(|d| document(d, report.run.as_of, lang))
            .collect(),
        trend: comparison
            .as_ref()
            .map(|d| trend(d.new, d.fixed, d.unchanged, &t)),
        severities: [Severity::Error, Severity::Warning, Severity::Notice]
            .into_iter()
            .map(|s| (s.id(), severity_name(s, lang)))
            .collect(),
        t,
    }
}

/// A bibliography entry: the document as cited, its title and issue date,
/// its validity with how well it is established on the report's date.
fn document(d: &super::model::DocumentStatus, as_of: chrono::NaiveDate, lang: Lang) -> Document {
    let mut detail = vec![d.confidence.name(lang).to_string()];
    if let Some(end) = d.end_confidence.filter(|_| d.valid_to.is_some()) {
        detail.push(messages::text(
            "legal.end_confidence",
            lang,
            &[("confidence", end.name(lang))],
        ));
    }
    if let Some(from) = d.status_uncertain_from {
        let key = if from <= as_of {
            "legal.status_unverified"
        } else {
            "legal.status_unverified_from"
        };
        detail.push(messages::text(
            key,
            lang,
            &[("date", &crate::legal::vi_date(from))],
        ));
    }
    let cited = d.cited_as.get(lang);
    let issued = d.issued.map(crate::legal::IssueDate::display);
    Document {
        number: if cited.is_empty() {
            d.number.clone()
        } else {
            cited.to_string()
        },
        title: match issued {
            Some(day) => messages::text(
                "legal.issued",
                lang,
                &[("title", d.title.get(lang)), ("date", &day)],
            ),
            None => d.title.get(lang).to_string(),
        },
        in_force: d.in_force,
        valid_from: d.valid_from.to_string(),
        valid_to: d.valid_to.map(|d| d.to_string()),
        detail: detail.join("; "),
    }
}

/// The review checklist: one entry per item (site, rule, pattern), with its
/// first locations.
fn review_items(report: &Report, rules: &[RuleView], lang: Lang) -> Vec<ReviewView> {
    report
        .review
        .iter()
        .map(|item| {
            let rule = report.rules.iter().find(|r| r.id == item.rule);
            ReviewView {
                id: item.id.clone(),
                decision: item.decision.as_ref().map(|d| {
                    let (id, key) = match d.verdict {
                        super::model::Verdict::Passed => ("passed", "decision.passed"),
                        super::model::Verdict::Failed => ("failed", "decision.failed"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            href("https://x.gov.vn/a b"),
            Some("https://x.gov.vn/a%20b".into())
        );
        assert_eq!(href("javascript:alert(1)"), None);
        assert_eq!(href("data:text/html,<script>"), None);
        assert_eq!(href("site/index.html"), None);
    }
}
