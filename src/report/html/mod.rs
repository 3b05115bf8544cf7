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

mod lists;
mod load;
mod rules;
mod site;
#[cfg(test)]
mod tests;
mod view;

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};

use super::RenderOptions;
use super::diff;
use super::model::Report;
use super::statistics::Score;
use super::stream::{Body, Streamed};
use crate::messages;
use crate::rules::Family;
use crate::ruleset::{Lang, Severity};
use rules::{review_items, rule_views};
use view::{Bar, Document, Trend, View};

const TEMPLATE: &str = include_str!("../../../reports/templates/report.html");
const CSS: &str = include_str!("../../../reports/templates/report.css");
const JS: &str = include_str!("../../../reports/templates/report.js");
/// The page-load section (browser mode), included by `report.html`.
const LOAD_TEMPLATE: &str = include_str!("../../../reports/templates/load.html");

/// Locations listed per review item (the rest are counted; the rule's section lists them all).
pub const REVIEW_LOCATIONS: usize = 20;

/// Distinct texts listed per review item (the rule's section has every occurrence).
pub const REVIEW_TEXTS: usize = 20;

/// Writes the report as one HTML page, streamed to `out` as it renders; with
/// `options.split_sites`, each site links to its own file
/// (`sites/<file>.html`, [`super::split::file_names`]).
///
/// # Errors
/// The writer's I/O errors.
pub fn write(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_body(Body::Memory(report), options, out)
}

/// [`write`] of a report in memory or streamed from its store: the page's
/// lists are gathered in one read of the findings and one of the pages
/// (`lists::Lists`), the same bytes either way. With a previous report
/// (`options.previous`, the trend compares every failed finding of both)
/// a streamed report's findings are read into memory first.
///
/// # Errors
/// The writer's I/O errors, the rows' as I/O errors.
pub fn write_body(
    body: Body<'_>,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if let (Body::Stream(streamed), Some(_)) = (body, options.previous) {
        return write(&whole(streamed, None)?, options, out);
    }
    let lists = lists::Lists::of(body, options.lang)?;
    render(body.head(), lists, options, false, out)
}

/// The streamed report in memory, with its pages and findings: every site's,
/// or one site's.
///
/// # Errors
/// The rows' errors, as I/O errors.
fn whole(streamed: &Streamed<'_>, site: Option<&str>) -> std::io::Result<Report> {
    let mut report = streamed.head.clone();
    let (mut pages, mut findings) = (Vec::new(), Vec::new());
    let mut page = |p| {
        pages.push(p);
        Ok(())
    };
    let mut finding = |f| {
        findings.push(f);
        Ok(())
    };
    match site {
        None => streamed
            .each_page(&mut page)
            .and_then(|()| streamed.each_finding(&mut finding)),
        Some(site) => streamed
            .each_page_of_site(site, &mut page)
            .and_then(|()| streamed.each_finding_of_site(site, &mut finding)),
    }
    .map_err(std::io::Error::other)?;
    report.pages = pages;
    report.findings = findings;
    Ok(report)
}

/// Each site's own report of a streamed report
/// ([`super::write_site_files`]): one site's pages and findings in memory
/// at a time.
///
/// # Errors
/// [`crate::error::Error::Write`] when a file cannot be written or the
/// rows read.
pub fn write_site_files_streamed(
    streamed: &Streamed<'_>,
    out_dir: &std::path::Path,
    options: &RenderOptions<'_>,
) -> crate::error::Result<std::path::PathBuf> {
    let dir = out_dir.join(super::split::SITES_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| crate::error::Error::Write {
        path: dir.clone(),
        source,
    })?;
    let names = super::split::file_names(&streamed.head);
    for (index, site) in streamed.head.sites.iter().enumerate() {
        let path = dir.join(&names[index]);
        let one = whole(streamed, Some(&site.id)).map_err(|source| crate::error::Error::Write {
            path: path.clone(),
            source,
        })?;
        let one = super::split::site_report(&one, index);
        super::write_atomic_with(&path, |out| write_site(&one, options, out))?;
    }
    Ok(dir)
}

/// Writes one site's own report ([`super::split::site_report`]): the same
/// page for that site alone, without the run's gate verdict (which is the
/// whole run's) and with no link out of its file.
///
/// # Errors
/// The writer's I/O errors.
pub fn write_site(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lists = lists::Lists::of(Body::Memory(report), options.lang)?;
    render(report, lists, options, true, out)
}

fn render(
    report: &Report,
    lists: lists::Lists,
    options: &RenderOptions<'_>,
    site_file: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Page-derived text is escaped and its control characters shown
    // (`\x1b`, `U+202E`): a bidi override cannot reverse a name on screen;
    // quoted legacy, decomposed or invisible characters are shown as code
    // points (`\u{AB}`), so the report passes its own Unicode rules.
    env.set_formatter(|out, state, value| {
        if !value.is_safe()
            && let Some(text) = value.as_str()
            && let std::borrow::Cow::Owned(shown) = super::safe::evidence_in_page(text)
        {
            return minijinja::escape_formatter(out, state, &minijinja::Value::from(shown));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_template("report.html", TEMPLATE)
        .expect("the embedded template parses (tested)");
    env.add_template("load.html", LOAD_TEMPLATE)
        .expect("the embedded template parses (tested)");
    let view = view(report, lists, options, site_file);
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

/// The style sheet, its printed page numbers ("Trang N/M") in the report's language.
fn css(lang: Lang) -> String {
    match lang {
        Lang::Vi => CSS.to_string(),
        Lang::En => CSS.replace("content: \"Trang \"", "content: \"Page \""),
    }
}

/// The page's Content Security Policy: nothing may be loaded, and only our own
/// style sheet and script (by hash) may run, so even a payload that slipped
/// past escaping could neither execute nor call out.
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

fn view(
    report: &Report,
    mut lists: lists::Lists,
    options: &RenderOptions<'_>,
    site_file: bool,
) -> View {
    let lang = options.lang;
    let t = messages::group("html", lang);
    let stats = &report.statistics;
    let comparison = options.previous.map(|old| diff::diff_failed(old, report));
    // A provision row is named by its Vietnamese citation: shown in the
    // report's language.
    let provision_labels: BTreeMap<String, String> = report
        .rules
        .iter()
        .flat_map(|r| r.legal.iter())
        .map(|b| (b.label(Lang::Vi), b.label(lang)))
        .collect();

    let context = site::SiteContext {
        stats,
        provision_labels: &provision_labels,
        comparison: comparison.as_ref(),
        t: &t,
        lang,
    };
    let files = (options.split_sites && !site_file).then(|| super::split::file_names(report));
    let sites = report
        .sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let rows = (
                lists.links.remove(&site.id).unwrap_or_default(),
                lists.pages.remove(&site.id).unwrap_or_default(),
            );
            let mut view = site::site_view(report, index, site, &context, rows);
            view.file = files
                .as_ref()
                .map(|f| format!("{}/{}", super::split::SITES_DIR, f[index]));
            view
        })
        .collect();

    let rules = rule_views(report, &mut lists.rules, lang);
    let review_items = review_items(report, lists.texts, &rules, lang);
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
        site_file,
        lang: lang.id(),
        p: messages::group("province", lang),
        title: super::province::title(report, lang),
        report_id: super::review::report_id(report),
        interrupted,
        province_headers: super::province::headers(report, lang),
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
        load: load::load_view(report, lang),
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
