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
use super::score::{self, Tally};
use crate::rules::{Family, Outcome, Outcomes};
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
    env.add_template("report.html", TEMPLATE)
        .expect("the embedded template parses (tested)");
    let view = view(report, options);
    let template = env
        .get_template("report.html")
        .expect("the template was just added");
    let rendered = template.render_captured_to(
        minijinja::context! {
            v => view,
            csp => minijinja::Value::from_safe_string(csp()),
            css => minijinja::Value::from_safe_string(CSS.to_string()),
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
fn csp() -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let hash = |text: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text));
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        hash(CSS),
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
    severity_name: &'static str,
    review: bool,
    url: String,
    href: Option<String>,
    selector: Option<String>,
    place: String,
    snippet: Option<String>,
    message: String,
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
}

#[derive(Debug, Serialize)]
struct RuleView {
    id: String,
    title: String,
    family: &'static str,
    family_name: &'static str,
    severity: &'static str,
    severity_name: &'static str,
    severity_rank: u8,
    why: String,
    fix: String,
    legal: Vec<String>,
    wcag: Vec<String>,
    failed: usize,
    review: usize,
    occurrences: Vec<Occurrence>,
}

#[derive(Debug, Serialize)]
struct Criterion {
    /// The criterion (`1.1.1`), provision or rule title.
    label: String,
    rules: Vec<String>,
    passed: usize,
    failed: usize,
    cant_tell: usize,
}

#[derive(Debug, Serialize)]
struct Principle {
    number: String,
    name: &'static str,
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
    checklists: Vec<(&'static str, Vec<Criterion>)>,
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
    status_name: &'static str,
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
}

#[derive(Debug, Serialize)]
struct View {
    lang: &'static str,
    t: BTreeMap<&'static str, &'static str>,
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
    families: Vec<(String, &'static str, usize)>,
    sites: Vec<SiteView>,
    rules: Vec<RuleView>,
    review_items: Vec<ReviewView>,
    problems: Vec<(String, String, String)>,
    documents: Vec<Document>,
    trend: Option<Trend>,
    severities: Vec<(&'static str, &'static str)>,
}

fn family_name(family: Family, lang: Lang) -> &'static str {
    let (vi, en) = match family {
        Family::A11y => ("Hỗ trợ người khuyết tật", "Accessibility"),
        Family::Unicode => ("Tiếng Việt Unicode", "Vietnamese Unicode"),
        Family::Content => ("Thông tin bắt buộc", "Mandatory information"),
        Family::Links => ("Liên kết", "Links"),
        Family::Standards => ("Tiêu chuẩn kỹ thuật", "Web standards"),
        Family::Privacy => ("Dữ liệu cá nhân", "Personal data"),
    };
    if lang == Lang::Vi { vi } else { en }
}

fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    let (vi, en) = match severity {
        Severity::Error => ("lỗi", "error"),
        Severity::Warning => ("cảnh báo", "warning"),
        Severity::Notice => ("lưu ý", "notice"),
    };
    if lang == Lang::Vi { vi } else { en }
}

fn principle_name(number: &str, lang: Lang) -> &'static str {
    let (vi, en) = match number {
        "1" => ("Có thể nhận biết", "Perceivable"),
        "2" => ("Có thể vận hành", "Operable"),
        "3" => ("Có thể hiểu được", "Understandable"),
        "4" => ("Tương thích, bền vững", "Robust"),
        _ => ("Khác", "Other"),
    };
    if lang == Lang::Vi { vi } else { en }
}

/// A link target, only for web URLs: a `javascript:` or `data:` URL from a
/// hostile page must never become a link in the report.
fn href(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

fn occurrence(f: &Finding, lang: Lang) -> Occurrence {
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
    }
}

/// Counts (errors, warnings, notices, review) of failed and cant-tell findings.
fn severity_counts<'a>(
    findings: impl Iterator<Item = &'a Finding>,
) -> (usize, usize, usize, usize) {
    let mut counts = (0, 0, 0, 0);
    for f in findings {
        if f.outcome == Outcome::CantTell {
            counts.3 += 1;
            continue;
        }
        match f.severity {
            Severity::Error => counts.0 += 1,
            Severity::Warning => counts.1 += 1,
            Severity::Notice => counts.2 += 1,
        }
    }
    counts
}

fn score_width(tally: Tally) -> usize {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a percentage between 0 and 100"
    )]
    tally.percent().map_or(0, |p| p.round() as usize)
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

/// The outcome maps of one site: its own (site rules) and its pages'.
fn site_outcomes<'a>(report: &'a Report, site: &str) -> Vec<&'a Outcomes> {
    report
        .sites
        .iter()
        .filter(|s| s.id == site)
        .map(|s| &s.outcomes)
        .chain(
            report
                .pages
                .iter()
                .filter(|p| p.site == site)
                .map(|p| &p.outcomes),
        )
        .collect()
}

impl Criterion {
    fn new(label: &str) -> Self {
        Criterion {
            label: label.to_string(),
            rules: Vec::new(),
            passed: 0,
            failed: 0,
            cant_tell: 0,
        }
    }

    /// Adds a rule's outcomes on every page (and the site) to the counts.
    fn count(&mut self, rule: &str, outcomes: &[&Outcomes]) {
        if !self.rules.iter().any(|r| r == rule) {
            self.rules.push(rule.to_string());
        }
        for map in outcomes {
            match map.get(rule) {
                Some(Outcome::Passed) => self.passed += 1,
                Some(Outcome::Failed) => self.failed += 1,
                Some(Outcome::CantTell) => self.cant_tell += 1,
                _ => {}
            }
        }
    }
}

/// Per WCAG principle and criterion, the (page or site, rule) outcomes of the
/// accessibility rules on one site.
fn principles(report: &Report, site: &str, lang: Lang) -> Vec<Principle> {
    let outcomes = site_outcomes(report, site);
    let mut criteria: BTreeMap<String, Criterion> = BTreeMap::new();
    for rule in report.rules.iter().filter(|r| r.family == Family::A11y) {
        for sc in &rule.wcag {
            criteria
                .entry(sc.clone())
                .or_insert_with(|| Criterion::new(sc))
                .count(&rule.id, &outcomes);
        }
    }
    let mut by_principle: BTreeMap<String, Vec<Criterion>> = BTreeMap::new();
    for (sc, criterion) in criteria {
        let number = sc.split('.').next().unwrap_or("").to_string();
        by_principle.entry(number).or_default().push(criterion);
    }
    by_principle
        .into_iter()
        .map(|(number, mut criteria)| {
            criteria.sort_by_key(|c| sc_key(&c.label));
            Principle {
                name: principle_name(&number, lang),
                number,
                criteria,
            }
        })
        .collect()
}

/// Per legal provision in force (e.g. Thông tư 32/2017 Điều 18 khoản 1 điểm c
/// for an audit as of a date it was in force), the outcomes of the
/// accessibility rules resting on it. WCAG itself is left out: the criteria
/// table shows it.
fn provisions(report: &Report, site: &str) -> Vec<Criterion> {
    let outcomes = site_outcomes(report, site);
    let mut rows: BTreeMap<String, Criterion> = BTreeMap::new();
    for rule in report.rules.iter().filter(|r| r.family == Family::A11y) {
        for basis in rule.legal.iter().filter(|b| b.document != "wcag-2.0") {
            let label = format!("{} {}", basis.number, basis.article);
            rows.entry(label.clone())
                .or_insert_with(|| Criterion::new(&label))
                .count(&rule.id, &outcomes);
        }
    }
    rows.into_values().collect()
}

/// Per family other than accessibility, every rule's outcomes on the site: the
/// checklist of mandatory information, Unicode, links, standards and privacy.
/// The mandatory-category checklist of a site, as rows.
fn categories(site: &super::model::SiteReport, lang: Lang) -> Vec<CategoryRow> {
    use crate::rules::content::checklist::Status;
    let Some(checklist) = &site.checklist else {
        return Vec::new();
    };
    checklist
        .items
        .iter()
        .map(|item| {
            let vi = lang == Lang::Vi;
            let status_name = match item.status {
                Status::Present => {
                    if vi {
                        "Có"
                    } else {
                        "Present"
                    }
                }
                Status::Missing => {
                    if vi {
                        "Thiếu"
                    } else {
                        "Missing"
                    }
                }
                Status::Stale => {
                    if vi {
                        "Chưa cập nhật"
                    } else {
                        "Stale"
                    }
                }
                Status::NotAssessed => {
                    if vi {
                        "Không đánh giá"
                    } else {
                        "Not assessed"
                    }
                }
            };
            let first = item.evidence.first();
            CategoryRow {
                name: item.name.get(lang).to_string(),
                status: item.status.id(),
                status_name,
                required_by: item
                    .required_by
                    .iter()
                    .map(|b| format!("{} {}", b.number, b.article))
                    .collect::<Vec<_>>()
                    .join("; "),
                evidence: first.map(|e| e.text.clone()),
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

/// How many of a site's pages have no failed Unicode finding (TCVN 6909:2001),
/// and the pages with the most Unicode findings.
fn unicode(report: &Report, site: &str) -> Option<UnicodeRow> {
    let unicode_rules: Vec<&str> = report
        .rules
        .iter()
        .filter(|r| r.family == Family::Unicode)
        .map(|r| r.id.as_str())
        .collect();
    if unicode_rules.is_empty() {
        return None;
    }
    let pages: Vec<&super::model::PageReport> = report
        .pages
        .iter()
        .filter(|p| p.site == site && unicode_rules.iter().any(|r| p.outcomes.contains(r)))
        .collect();
    if pages.is_empty() {
        return None;
    }
    let compliant = pages
        .iter()
        .filter(|p| {
            !unicode_rules
                .iter()
                .any(|r| p.outcomes.get(r) == Some(Outcome::Failed))
        })
        .count();
    let mut worst: BTreeMap<&str, usize> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.site == site && f.family == Some(Family::Unicode))
    {
        *worst.entry(f.url.as_str()).or_default() += 1;
    }
    let mut worst: Vec<(String, usize)> =
        worst.into_iter().map(|(u, n)| (u.to_string(), n)).collect();
    worst.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    worst.truncate(5);
    #[allow(clippy::cast_precision_loss, reason = "page counts are far below 2^52")]
    let percent = format!("{:.0}", 100.0 * compliant as f64 / pages.len() as f64);
    Some(UnicodeRow {
        compliant,
        checked: pages.len(),
        percent,
        worst,
    })
}

fn checklists(report: &Report, site: &str, lang: Lang) -> Vec<(&'static str, Vec<Criterion>)> {
    let outcomes = site_outcomes(report, site);
    Family::ALL
        .iter()
        .filter(|f| **f != Family::A11y)
        .filter_map(|family| {
            let rows: Vec<Criterion> = report
                .rules
                .iter()
                .filter(|r| r.family == *family)
                .map(|rule| {
                    let mut row = Criterion::new(rule.title.get(lang));
                    row.count(&rule.id, &outcomes);
                    row
                })
                .collect();
            (!rows.is_empty()).then(|| (family_name(*family, lang), rows))
        })
        .collect()
}

/// `1.4.10` sorts after `1.4.3`.
fn sc_key(sc: &str) -> Vec<u32> {
    sc.split('.').filter_map(|p| p.parse().ok()).collect()
}

fn view(report: &Report, options: &RenderOptions<'_>) -> View {
    let lang = options.lang;
    let t = texts(lang);
    let (tallies, overall) = score::tallies(report);
    let comparison = options.previous.map(|old| diff::diff(old, report));

    let sites = report
        .sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.site == site.id)
                .collect();
            let (errors, warnings, notices, review) = severity_counts(findings.iter().copied());
            let mut families: BTreeMap<String, usize> = BTreeMap::new();
            for f in &findings {
                *families
                    .entry(f.family.map_or("", |x| family_name(x, lang)).to_string())
                    .or_default() += 1;
            }
            let mut by_url: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
            for f in &findings {
                by_url.entry(f.url.as_str()).or_default().push(f);
            }
            let page_list = report
                .pages
                .iter()
                .filter(|p| p.site == site.id)
                .map(|p| {
                    let mine = by_url.get(p.url.as_str()).map_or(&[][..], Vec::as_slice);
                    let (e, w, n, r) = severity_counts(mine.iter().copied());
                    PageView {
                        url: p.url.clone(),
                        href: href(&p.url),
                        title: p.title.clone(),
                        status: p.status,
                        failed: e + w + n,
                        review: r,
                    }
                })
                .collect();
            let tally = tallies.get(&site.id).copied().unwrap_or_default();
            SiteView {
                index,
                id: site.id.clone(),
                name: site.name.clone(),
                root: site.root.clone(),
                pages: site.pages,
                score: tally.text(),
                score_width: score_width(tally),
                errors,
                warnings,
                notices,
                review,
                families: families.into_iter().collect(),
                principles: principles(report, &site.id, lang),
                provisions: provisions(report, &site.id),
                checklists: checklists(report, &site.id, lang),
                categories: categories(site, lang),
                moved: site
                    .checklist
                    .as_ref()
                    .and_then(|c| c.moved.as_ref())
                    .map(|m| format!("{} ({})", m.evidence, m.url)),
                broken_links: broken_links(&findings),
                unicode: unicode(report, &site.id),
                problems: report
                    .problems
                    .iter()
                    .filter(|p| p.input.starts_with(&site.root))
                    .map(|p| (p.input.clone(), p.kind.clone(), p.message.clone()))
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
            let occurrences: Vec<Occurrence> = report
                .findings
                .iter()
                .filter(|f| f.rule == rule.id)
                .map(|f| occurrence(f, lang))
                .collect();
            if occurrences.is_empty() {
                return None;
            }
            let review = occurrences.iter().filter(|o| o.review).count();
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
                legal: rule
                    .legal
                    .iter()
                    .map(|b| format!("{} {}", b.number, b.article))
                    .collect(),
                wcag: rule.wcag.clone(),
                failed: occurrences.len() - review,
                review,
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

    let (errors, warnings, notices, review) = severity_counts(report.findings.iter());
    let review_items = review_items(report, &rules, lang);
    let families = Family::ALL
        .iter()
        .map(|family| {
            (
                family.id().to_string(),
                family_name(*family, lang),
                report
                    .counts
                    .by_family
                    .get(family.id())
                    .copied()
                    .unwrap_or(0),
            )
        })
        .collect();
    View {
        lang: lang.id(),
        province: report.run.province.clone(),
        date: report.run.finished_at.chars().take(10).collect(),
        as_of: report.run.as_of.to_string(),
        version: report.tool.version.clone(),
        command: report.run.command.clone(),
        inputs: report.run.inputs.clone(),
        gate_passed: report.gate.passed,
        fail_on: report.gate.fail_on.clone(),
        counted: report.gate.counted,
        max_findings: report.gate.max_findings,
        baseline: report.gate.baseline.clone(),
        baselined: report.gate.baselined,
        score: overall.text(),
        score_width: score_width(overall),
        pages: report.counts.pages,
        findings: report.counts.findings,
        errors,
        warnings,
        notices,
        review,
        families,
        sites,
        rules,
        review_items,
        problems: report
            .problems
            .iter()
            .map(|p| (p.input.clone(), p.kind.clone(), p.message.clone()))
            .collect(),
        documents: report
            .legal_documents
            .iter()
            .map(|d| Document {
                number: d.number.clone(),
                title: d.title.get(lang).to_string(),
                in_force: d.in_force,
                valid_from: d.valid_from.to_string(),
                valid_to: d.valid_to.map(|d| d.to_string()),
            })
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

/// The review checklist: one entry per item (site, rule, pattern), with its
/// first locations.
fn review_items(report: &Report, rules: &[RuleView], lang: Lang) -> Vec<ReviewView> {
    report
        .review
        .iter()
        .map(|item| {
            let rule = report.rules.iter().find(|r| r.id == item.rule);
            ReviewView {
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

/// The fixed texts of the page.
fn texts(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    const TEXTS: &[(&str, &str, &str)] = &[
        (
            "title",
            "Báo cáo đánh giá cổng thông tin điện tử",
            "Web portal audit report",
        ),
        (
            "skip",
            "Bỏ qua đến nội dung chính",
            "Skip to the main content",
        ),
        ("contents", "Mục lục", "Contents"),
        ("dashboard", "Tổng quan", "Overview"),
        ("sites", "Trang con", "Sites"),
        ("site", "Trang con", "Site"),
        ("rules", "Các vấn đề theo quy tắc", "Problems by rule"),
        (
            "review_list",
            "Danh sách cần người kiểm tra",
            "Manual review checklist",
        ),
        (
            "review_intro",
            "Công cụ không tự kết luận được những mục sau; cần người kiểm tra và đánh dấu. Mỗi mục gom mọi chỗ giống nhau của một quy tắc trên một trang con, nên chỉ cần xem một lần.",
            "The tool cannot decide these items; a person must check and tick them. Each item gathers every like occurrence of a rule on one site, so it is judged once.",
        ),
        ("on", "trên", "on"),
        ("and", "và", "and"),
        (
            "more_places",
            "chỗ khác, liệt kê đủ ở mục quy tắc",
            "more, all listed under the rule",
        ),
        (
            "problems",
            "Đầu vào không kiểm tra được",
            "Inputs that could not be checked",
        ),
        (
            "documents",
            "Văn bản pháp lý được viện dẫn",
            "Legal documents cited",
        ),
        ("province", "Tỉnh/đơn vị", "Province/agency"),
        ("date", "Ngày lập báo cáo", "Report date"),
        ("as_of", "Ngày tham chiếu pháp lý", "Legal reference date"),
        ("version", "Phiên bản công cụ", "Tool version"),
        ("inputs", "Đối tượng kiểm tra", "Audited"),
        ("gate", "Ngưỡng kiểm soát", "Gate"),
        ("passed", "ĐẠT", "PASSED"),
        ("failed", "KHÔNG ĐẠT", "FAILED"),
        ("counted", "phát hiện được tính", "findings counted"),
        ("tolerated", "được phép tối đa", "tolerated at most"),
        (
            "baselined",
            "phát hiện đã chấp nhận trong tệp nền",
            "accepted findings in the baseline",
        ),
        ("score", "Điểm", "Score"),
        ("overall", "Điểm chung", "Overall score"),
        (
            "formula",
            "Cách tính điểm: với mỗi trang (hoặc trang con) và mỗi quy tắc áp dụng được, kết quả đạt hay không đạt được tính theo trọng số mức độ của quy tắc (lỗi 3, cảnh báo 2, lưu ý 1). Điểm = 100 × tổng trọng số đạt ÷ tổng trọng số áp dụng được. Kết quả “không áp dụng” và “cần người kiểm tra” không được tính.",
            "Score: for each page (or site) and each rule that applies, the passed or failed outcome weighs the rule's severity (error 3, warning 2, notice 1). Score = 100 × passed weight ÷ applicable weight. “Inapplicable” and “needs review” outcomes are not counted.",
        ),
        ("pages", "Trang", "Pages"),
        ("findings", "Phát hiện", "Findings"),
        ("errors", "Lỗi", "Errors"),
        ("warnings", "Cảnh báo", "Warnings"),
        ("notices", "Lưu ý", "Notices"),
        ("review", "Cần xem", "Review"),
        ("families", "Phát hiện theo nhóm", "Findings by family"),
        ("family", "Nhóm", "Family"),
        ("count", "Số lượng", "Count"),
        ("severity", "Mức độ", "Severity"),
        ("rule", "Quy tắc", "Rule"),
        ("all", "Tất cả", "All"),
        ("filter", "Lọc và sắp xếp", "Filter and sort"),
        ("sort", "Sắp xếp quy tắc", "Sort rules"),
        ("sort_severity", "theo mức độ", "by severity"),
        ("sort_count", "theo số chỗ", "by occurrences"),
        ("sort_id", "theo mã", "by id"),
        ("showing", "Đang hiện", "Showing"),
        ("of", "trên", "of"),
        ("occurrences_word", "chỗ", "occurrences"),
        ("reset", "Bỏ lọc", "Reset"),
        (
            "a11y",
            "Tiêu chí tiếp cận (WCAG 2.0)",
            "Accessibility criteria (WCAG 2.0)",
        ),
        ("principle", "Nguyên tắc", "Principle"),
        ("criterion", "Tiêu chí", "Criterion"),
        (
            "provisions",
            "Theo điều khoản pháp lý đang có hiệu lực",
            "By legal provision in force",
        ),
        ("provision", "Điều khoản", "Provision"),
        ("checklist", "Danh mục kiểm tra", "Checklist"),
        (
            "categories",
            "Thông tin bắt buộc phải công khai",
            "Mandatory information",
        ),
        ("category", "Mục thông tin", "Category"),
        ("status_col", "Tình trạng", "Status"),
        ("required_by", "Căn cứ", "Required by"),
        ("evidence", "Bằng chứng", "Evidence"),
        ("newest", "Ngày mới nhất", "Newest date"),
        (
            "moved",
            "Trang đã chuyển hoặc sáp nhập; các mục thông tin không được đánh giá",
            "The site has moved or merged; its categories are not assessed",
        ),
        ("broken_links", "Liên kết có vấn đề", "Link problems"),
        (
            "availability",
            "Tính sẵn sàng trong lúc kiểm tra (Quy chế Điều 15.2: hoạt động 24/24)",
            "Availability during the audit (Quy chế Điều 15.2: up 24/24)",
        ),
        (
            "availability_failed",
            "yêu cầu tới trang con không nhận được trả lời dùng được",
            "requests to the site got no usable answer",
        ),
        (
            "availability_root",
            "Chính trang chủ không truy cập được.",
            "The site's home page itself was unreachable.",
        ),
        ("section", "Mục", "Section"),
        ("failed_col", "Số lỗi", "Failed"),
        ("first_failure", "Lần đầu", "First"),
        ("last_failure", "Lần cuối", "Last"),
        ("failure_kinds", "Loại lỗi", "Kinds"),
        ("failed_paths", "Đường dẫn", "Paths"),
        ("more", "và", "and"),
        ("more_after", "đường dẫn khác", "more"),
        ("link_source", "Trang nguồn", "Source page"),
        ("link_text", "Chữ liên kết", "Link text"),
        ("link_target", "Đích", "Target"),
        ("link_status", "Tình trạng", "Status"),
        (
            "unicode",
            "Tiếng Việt Unicode (TCVN 6909:2001)",
            "Vietnamese Unicode (TCVN 6909:2001)",
        ),
        (
            "unicode_share",
            "trang đạt chuẩn trên tổng số trang đã kiểm tra",
            "pages compliant out of the pages checked",
        ),
        ("worst_pages", "Trang nhiều lỗi nhất", "Worst pages"),
        ("pass_count", "Đạt", "Passed"),
        ("fail_count", "Không đạt", "Failed"),
        ("cant_tell", "Cần xem", "Review"),
        ("page_list", "Các trang đã kiểm tra", "Pages checked"),
        ("page", "Trang", "Page"),
        ("page_title", "Tiêu đề", "Title"),
        ("status", "Mã HTTP", "HTTP status"),
        ("what", "Nội dung", "What"),
        ("why", "Vì sao", "Why"),
        ("fix", "Cách sửa", "How to fix"),
        ("legal", "Căn cứ pháp lý", "Legal basis"),
        ("where", "Vị trí", "Where"),
        ("line", "Dòng:cột", "Line:column"),
        ("selector", "Bộ chọn CSS", "CSS selector"),
        ("snippet", "Mã HTML", "HTML snippet"),
        ("message", "Mô tả", "Message"),
        ("no_findings", "Không có phát hiện nào.", "No findings."),
        (
            "no_review",
            "Không có mục nào cần người kiểm tra.",
            "Nothing needs a person's review.",
        ),
        ("in_force", "còn hiệu lực", "in force"),
        ("not_in_force", "hết hiệu lực", "not in force"),
        ("valid", "Hiệu lực", "Valid"),
        (
            "trend",
            "Xu hướng so với lần trước",
            "Trend against the previous audit",
        ),
        ("new", "mới", "new"),
        ("fixed", "đã sửa", "fixed"),
        ("unchanged", "không đổi", "unchanged"),
        ("kind", "Loại", "Kind"),
        ("input", "Đầu vào", "Input"),
        ("none", "không có", "none"),
        (
            "js_off",
            "Bộ lọc cần JavaScript; khi tắt JavaScript, toàn bộ nội dung vẫn hiện đầy đủ.",
            "Filters need JavaScript; with JavaScript off, everything is shown.",
        ),
    ];
    TEXTS
        .iter()
        .map(|(key, vi, en)| (*key, if lang == Lang::Vi { *vi } else { *en }))
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

    #[test]
    fn criteria_sort_numerically() {
        let mut scs = vec!["1.4.10", "1.4.3", "1.1.1"];
        scs.sort_by_key(|s| sc_key(s));
        assert_eq!(scs, ["1.1.1", "1.4.3", "1.4.10"]);
    }
}
