//! `summary.md`: a short Markdown summary for a pull-request comment or a CI
//! job summary (`$GITHUB_STEP_SUMMARY`). Short by design: the verdict, one
//! row per site, the rules that fail most; the details are in the other formats.

use std::fmt::Write as _;

use super::RenderOptions;
use super::model::Report;
use super::stream::Body;
use crate::messages;
use crate::rules::Family;
use crate::ruleset::Lang;

/// Sites listed at most (the rest are counted).
pub const MAX_SITES: usize = 20;
/// Rules listed at most.
pub const MAX_RULES: usize = 10;
/// Review items listed at most.
pub const MAX_REVIEW: usize = 10;
/// New failed findings listed at most (after a run with a baseline).
pub const MAX_NEW: usize = 10;

/// Renders the summary.
#[must_use]
pub fn render(report: &Report, options: &RenderOptions<'_>) -> String {
    render_body(Body::Memory(report), options)
        .unwrap_or_else(|_| unreachable!("a report in memory has no rows to fail"))
}

/// [`render`] of a report in memory or streamed from its rows: everything
/// from the head but the baseline's counts ([`super::stream::Listed`]) and
/// its first new failed findings, read again up to [`MAX_NEW`]. The trend
/// against a previous report (`options.previous`) compares every finding:
/// a streamed report is not written with one
/// ([`super::Format::write_streamed`]).
///
/// # Errors
/// The rows'.
pub fn render_body(body: Body<'_>, options: &RenderOptions<'_>) -> std::io::Result<String> {
    if options.previous.is_some() && matches!(body, Body::Stream(_)) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "summary.md with a previous report is not written from a streamed report",
        ));
    }
    let report = body.head();
    let lang = options.lang;
    let t = |key: &str, args: &[(&str, &str)]| messages::text(key, lang, args);
    let mut out = String::new();
    let gate = &report.gate;
    let verdict = t(
        if gate.passed {
            "markdown.passed"
        } else {
            "markdown.failed"
        },
        &[],
    );
    let _ = writeln!(out, "## portal-audit: {verdict}\n");
    let mut rule_line = t(
        "markdown.gate",
        &[
            ("fail_on", gate.fail_on.id()),
            ("counted", &gate.counted.to_string()),
        ],
    );
    if gate.max_findings > 0 {
        rule_line.push_str(&t(
            "markdown.tolerated",
            &[("max", &gate.max_findings.to_string())],
        ));
    }
    if let Some(baseline) = &gate.baseline {
        rule_line.push_str(&t(
            "markdown.baselined",
            &[
                ("baselined", &gate.baselined.to_string()),
                ("baseline", &escape(baseline)),
            ],
        ));
    }
    let _ = writeln!(out, "{rule_line}.\n");
    baseline(&mut out, body, lang)?;
    if let Some(crawl) = report.crawl.as_ref().filter(|c| !c.complete) {
        let command = format!("portal-audit audit --resume --store {}", crawl.store);
        let _ = writeln!(
            out,
            "> **{}**\n",
            escape(&t("status.interrupted", &[("command", &command)]))
        );
    }
    province(&mut out, report, lang);
    if let Some(previous) = options.previous {
        trend(&mut out, previous, report, lang);
    }

    let stats = &report.statistics;
    let _ = writeln!(
        out,
        "{}\n",
        t(
            "markdown.overall",
            &[
                ("score", &super::locale::score(stats.score.percent, lang)),
                ("pages", &report.counts.pages.to_string()),
                ("findings", &report.counts.findings.to_string()),
            ],
        )
    );
    // Breaches of binding requirements, apart from those resting only on
    // articles that encourage or recommend.
    let _ = writeln!(
        out,
        "{}\n",
        t(
            "markdown.strength",
            &[
                ("binding", &stats.strength.binding.to_string()),
                ("advisory", &stats.strength.advisory.to_string()),
            ],
        )
    );
    let _ = writeln!(
        out,
        "{}\n|---|---:|---:|---:|---:|---:|---:|",
        t("markdown.site_header", &[])
    );
    let none = super::statistics::SiteStatistics::default();
    for site in report.sites.iter().take(MAX_SITES) {
        let numbers = stats.site(&site.id).unwrap_or(&none);
        let c = numbers.findings;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape(&site.name),
            site.pages,
            super::locale::score(numbers.score.percent, lang),
            c.errors,
            c.warnings,
            c.notices,
            c.review,
        );
    }
    if report.sites.len() > MAX_SITES {
        let more = (report.sites.len() - MAX_SITES).to_string();
        let _ = writeln!(out, "\n{}", t("markdown.more_sites", &[("count", &more)]));
    }

    let mut rules: Vec<(&str, usize, usize)> = stats
        .rules
        .iter()
        .filter(|r| r.failed > 0)
        .map(|r| (r.rule.as_str(), r.failed, r.binding))
        .collect();
    if !rules.is_empty() {
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(
            out,
            "\n{}\n|---|---|---|---:|",
            t("markdown.rule_header", &[])
        );
        for (id, count, binding) in rules.iter().take(MAX_RULES) {
            let title = report
                .rules
                .iter()
                .find(|r| r.id == *id)
                .map_or("", |r| r.title.get(lang));
            // A rule whose failed findings breach a binding article.
            let strength = if *binding > 0 {
                crate::legal::Strength::Mandatory
            } else {
                crate::legal::Strength::Recommended
            };
            let _ = writeln!(
                out,
                "| `{id}` | {} | {} | {count} |",
                escape(title),
                strength.name(lang)
            );
        }
        if rules.len() > MAX_RULES {
            let more = (rules.len() - MAX_RULES).to_string();
            let _ = writeln!(out, "\n{}", t("markdown.more_rules", &[("count", &more)]));
        }
    }
    review(&mut out, report, lang);
    let outages: Vec<(&str, &super::availability::Availability)> = report
        .sites
        .iter()
        .filter_map(|s| s.availability.as_ref().map(|a| (s.name.as_str(), a)))
        .collect();
    out.push_str(&super::availability::markdown(&outages, lang));
    if !report.problems.is_empty() {
        let count = report.problems.len().to_string();
        let _ = writeln!(out, "\n{}", t("markdown.problems", &[("count", &count)]));
    }
    Ok(out)
}

/// After a run with a baseline: how many findings are new, accepted and
/// absent, and the first new failed findings (where, rule, message).
fn baseline(out: &mut String, body: Body<'_>, lang: Lang) -> std::io::Result<()> {
    let report = body.head();
    if report.gate.baseline.is_none() {
        return Ok(());
    }
    let t = |key: &str, args: &[(&str, &str)]| messages::text(key, lang, args);
    let counted = body.listed();
    let accepted = counted.findings - counted.new;
    let _ = writeln!(
        out,
        "{}\n",
        t(
            "markdown.baseline_states",
            &[
                ("new", &counted.new.to_string()),
                ("accepted", &accepted.to_string()),
                ("absent", &report.gate.absent.len().to_string()),
            ],
        )
    );
    let failed = counted.new_failed.iter().sum::<usize>();
    if failed == 0 {
        return Ok(());
    }
    let count = failed.to_string();
    let _ = writeln!(out, "{}\n", t("markdown.new_header", &[("count", &count)]));
    let first = body.first_findings(MAX_NEW, |f| {
        f.is_new() && f.outcome == crate::rules::Outcome::Failed
    })?;
    for f in &first {
        let place = f.line.map_or_else(String::new, |l| format!(":{l}"));
        let _ = writeln!(
            out,
            "- `{}` {}{place}: {}",
            f.rule,
            escape(&f.url),
            escape(f.message.get(lang))
        );
    }
    if failed > MAX_NEW {
        let more = (failed - MAX_NEW).to_string();
        let _ = writeln!(out, "\n{}", t("markdown.new_more", &[("count", &more)]));
    }
    out.push('\n');
    Ok(())
}

/// The province table ("Tổng hợp toàn tỉnh"): the same rows as the HTML's
/// and `province.csv`, the sites beyond [`MAX_SITES`] counted.
fn province(out: &mut String, report: &Report, lang: Lang) {
    let rows = super::province::rows(report, lang);
    if rows.is_empty() {
        return;
    }
    let headers = super::province::headers(report, lang);
    let _ = writeln!(
        out,
        "### {}\n\n{}\n",
        escape(&super::province::title(report, lang)),
        messages::text("province.table", lang, &[])
    );
    let _ = writeln!(
        out,
        "| {} |\n|---|---|{}",
        headers
            .iter()
            .map(|h| escape(h))
            .collect::<Vec<_>>()
            .join(" | "),
        "---:|".repeat(headers.len() - 2)
    );
    for row in rows.iter().take(MAX_SITES) {
        let mut cells = row.cells();
        if !row.missing.is_empty() {
            cells[3].push_str(&format!(
                " ({}: {})",
                messages::text("province.missing_list", lang, &[]),
                row.missing.join("; ")
            ));
        }
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let mut total = vec![
        format!(
            "**{}**",
            escape(&messages::text("province.all_sites", lang, &[]))
        ),
        String::new(),
    ];
    // The whole report's page-load medians under the sites' (when the
    // table has those columns).
    let load = if super::province::has_load(report) {
        super::province::load_cells(report.statistics.load.as_ref(), lang)
    } else {
        Vec::new()
    };
    total.extend(std::iter::repeat_n(
        String::new(),
        headers.len() - 2 - Family::ALL.len() - load.len(),
    ));
    total.extend(load);
    total.extend(
        report
            .statistics
            .family_scores
            .iter()
            .map(|f| super::locale::score(f.score.percent, lang)),
    );
    let _ = writeln!(out, "| {} |", total.join(" | "));
    out.push('\n');
}

/// The trend against the previous report: the province's score per family
/// then → now, the mandatory categories whose status changed, and the failed
/// findings new, fixed and unchanged (review items apart).
fn trend(out: &mut String, previous: &Report, report: &Report, lang: Lang) {
    let t = |key: &str, args: &[(&str, &str)]| messages::text(key, lang, args);
    let d = super::diff::diff_failed(previous, report);
    let _ = writeln!(
        out,
        "{}\n",
        t(
            "province.trend_failed",
            &[
                ("new", &d.new.to_string()),
                ("fixed", &d.fixed.to_string()),
                ("unchanged", &d.unchanged.to_string()),
            ],
        )
    );
    let _ = writeln!(
        out,
        "{}\n\n| {} | {} | {} |\n|---|---:|---:|",
        t("province.trend_families", &[]),
        t("html.family", &[]),
        t("province.then", &[]),
        t("province.now", &[])
    );
    for f in super::province::family_trend(previous, report, lang) {
        let _ = writeln!(out, "| {} | {} | {} |", escape(&f.family), f.then, f.now);
    }
    let changes = super::province::category_changes(previous, report, lang);
    if !changes.is_empty() {
        let _ = writeln!(
            out,
            "\n{}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
            t("province.trend_categories", &[]),
            t("html.site", &[]),
            t("html.category", &[]),
            t("province.then", &[]),
            t("province.now", &[])
        );
        for c in changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&c.site),
                escape(&c.category),
                escape(&c.then),
                escape(&c.now)
            );
        }
    }
    out.push('\n');
}

/// The manual review checklist: one task-list line per item (site, rule,
/// pattern) with its count and first location; the rest are counted.
fn review(out: &mut String, report: &Report, lang: Lang) {
    if report.review.is_empty() {
        return;
    }
    let t = |key: &str, args: &[(&str, &str)]| messages::text(key, lang, args);
    let count = report.review.len().to_string();
    let _ = writeln!(
        out,
        "\n### {}\n",
        t("markdown.review", &[("count", &count)])
    );
    for item in report.review.iter().take(MAX_REVIEW) {
        let title = report
            .rules
            .iter()
            .find(|r| r.id == item.rule)
            .map_or("", |r| r.title.get(lang));
        let site = report
            .sites
            .iter()
            .find(|s| s.id == item.site)
            .map_or(item.site.as_str(), |s| s.name.as_str());
        let _ = write!(
            out,
            "- [ ] {} (`{}`) · {} · {}",
            escape(title),
            item.rule,
            escape(site),
            t(
                "review-count",
                &[
                    ("count", &item.count.to_string()),
                    ("pages", &item.pages.to_string()),
                ],
            ),
        );
        if let Some(first) = item.locations.first() {
            let place = first.line.map_or_else(String::new, |l| format!(":{l}"));
            let place = format!("{}{place}", escape(&first.url));
            out.push_str(&t("markdown.review_first", &[("place", &place)]));
        }
        let _ = writeln!(out, ": {}", escape(item.message.get(lang)));
    }
    if report.review.len() > MAX_REVIEW {
        let more = (report.review.len() - MAX_REVIEW).to_string();
        let _ = writeln!(out, "\n{}", t("markdown.more_review", &[("count", &more)]));
    }
}

/// Escapes text for a Markdown table cell: no markup, no HTML, one line.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("a|b <script>*x*</script>\n[l](u)"),
            "a\\|b &lt;script&gt;\\*x\\*&lt;/script&gt; \\[l\\](u)"
        );
    }
}
