//! The terminal summary: counts, the gate, and the findings grouped by page.
//! After a run with a baseline, only the new findings are listed unless the
//! accepted ones are asked for (`--list-accepted`).

use std::fmt::Write;

use super::model::Report;
use super::safe::visible;
use super::stream::Body;
use crate::messages;
use crate::ruleset::{Lang, Severity};

/// Template defects listed at most.
pub const MAX_TEMPLATES: usize = 10;

/// How the summary is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (off for `NO_COLOR` and when not a terminal).
    pub color: bool,
    /// Findings listed at most (the rest are counted).
    pub max_findings: usize,
    /// Also list the findings the baseline accepts.
    pub list_accepted: bool,
}

/// Renders a readable summary of the report.
#[must_use]
pub fn render(report: &Report, lang: Lang, style: Style) -> String {
    render_body(Body::Memory(report), lang, style)
        .unwrap_or_else(|_| unreachable!("a report in memory has no rows to fail"))
}

/// [`render`] of a report in memory or streamed from its rows: the head's
/// counts and sections, the findings listed read again up to
/// `style.max_findings` ([`Body::first_findings`]), the rest counted as the
/// rows went by ([`super::stream::Listed`]).
///
/// # Errors
/// The rows'.
pub fn render_body(body: Body<'_>, lang: Lang, style: Style) -> std::io::Result<String> {
    let report = body.head();
    let counted = body.listed();
    let t = |key: &str, args: &[(&str, &str)]| messages::text(key, lang, args);
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    let mut shown = 0;
    let mut current_url = None;
    let hidden = if style.list_accepted {
        0
    } else {
        counted.findings - counted.new
    };
    // Template defects are listed once each, after the findings.
    let listed = if style.list_accepted {
        counted.ungrouped
    } else {
        counted.ungrouped_new
    };
    let first = body.first_findings(style.max_findings, |f| {
        (style.list_accepted || f.is_new()) && f.template.is_none()
    })?;
    for f in &first {
        if current_url != Some(&f.url) {
            let _ = writeln!(out, "\n{}", paint("1", &visible(&f.url)));
            current_url = Some(&f.url);
        }
        let colour = match f.severity {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Notice => "36",
        };
        let severity = paint(colour, &t(&format!("severity.{}", f.severity.id()), &[]));
        let review = if f.outcome == crate::rules::Outcome::CantTell {
            t("terminal.review", &[])
        } else {
            String::new()
        };
        let review = if f.is_new() {
            review
        } else {
            format!("{review}{}", t("terminal.accepted", &[]))
        };
        let place = match (f.line, f.column) {
            (Some(line), Some(col)) => format!("{line}:{col}"),
            (Some(line), None) => line.to_string(),
            _ => "-".to_string(),
        };
        // Page text (link texts, titles, ids) never drives the terminal.
        let message = visible(f.message.get(lang));
        let _ = writeln!(
            out,
            "  {place:>7}  {severity}{review}  {message}  {}",
            paint("2", &f.rule)
        );
        if let Some(selector) = &f.selector {
            let _ = writeln!(out, "           {}", paint("2", &visible(selector)));
        }
        shown += 1;
    }
    if listed > shown {
        let rest = (listed - shown).to_string();
        let _ = writeln!(out, "\n  … {}", t("terminal.more", &[("count", &rest)]));
    }
    if !report.templates.is_empty() {
        let _ = writeln!(out, "\n{}", t("terminal.templates", &[]));
        for group in report.templates.iter().take(MAX_TEMPLATES) {
            let pages: std::collections::BTreeSet<&str> =
                group.pages.iter().map(|p| p.url.as_str()).collect();
            let _ = writeln!(
                out,
                "{}",
                t(
                    "terminal.template",
                    &[
                        ("pages", &pages.len().to_string()),
                        ("message", &visible(group.message.get(lang))),
                        ("rule", &group.rule),
                        ("signature", &group.signature),
                    ],
                )
            );
        }
    }
    for (url, rule, count) in &counted.omitted {
        let _ = writeln!(
            out,
            "\n  … {}",
            t(
                "terminal.omitted",
                &[
                    ("url", &visible(url)),
                    ("rule", rule),
                    ("count", &count.to_string()),
                ],
            )
        );
    }
    if counted.omitted_total > counted.omitted.len() {
        let rest = (counted.omitted_total - counted.omitted.len()).to_string();
        let _ = writeln!(
            out,
            "\n  … {}",
            t("terminal.omitted_more", &[("count", &rest)])
        );
    }
    // A link target that did not answer is a link finding, listed above (or
    // counted): said again as an input that "could not be checked", it read
    // as if the audit had failed.
    for problem in report
        .problems
        .iter()
        .filter(|p| !counted.link_targets.contains(&p.input))
    {
        let _ = writeln!(
            out,
            "\n{} {}: {}",
            paint("33", &t("terminal.problem", &[])),
            visible(&problem.input),
            visible(&problem.message)
        );
    }
    // After an audit, the province table comes before the totals.
    if report.run.command == "audit" {
        let _ = write!(out, "\n{}", province_table(report, lang));
    }
    let c = &report.counts;
    let n = &report.statistics.findings;
    let _ = writeln!(
        out,
        "\n{}",
        t(
            "terminal.totals",
            &[
                ("pages", &c.pages.to_string()),
                ("findings", &c.findings.to_string()),
                ("errors", &n.errors.to_string()),
                ("warnings", &n.warnings.to_string()),
                ("notices", &n.notices.to_string()),
                ("review", &n.review.to_string()),
                ("items", &report.review.len().to_string()),
            ],
        )
    );
    // What the audit could not see, said where the totals are read.
    for site in report
        .sites
        .iter()
        .filter(|s| s.status.state != super::model::SiteState::Reachable)
    {
        let status = super::province::status_text(&site.status, lang);
        let _ = writeln!(out, "{}", paint("33", &format!("{}: {status}", site.name)));
    }
    if let Some(crawl) = report.crawl.as_ref().filter(|c| !c.complete) {
        let command = format!("portal-audit audit --resume --store {}", crawl.store);
        let _ = writeln!(
            out,
            "{}",
            paint("33", &t("status.interrupted", &[("command", &command)]))
        );
    }
    let gate = &report.gate;
    let verdict = if gate.passed {
        paint("32", &t("terminal.passed", &[]))
    } else {
        paint("31", &t("terminal.failed", &[]))
    };
    let _ = writeln!(
        out,
        "{} {verdict} {}",
        t("terminal.gate", &[]),
        t(
            "terminal.counted",
            &[
                ("fail_on", gate.fail_on.id()),
                ("counted", &gate.counted.to_string()),
            ],
        )
    );
    if gate.max_findings > 0 {
        let max = gate.max_findings.to_string();
        let _ = writeln!(out, "{}", t("terminal.tolerated", &[("max", &max)]));
    }
    if let Some(baseline) = &gate.baseline {
        let _ = writeln!(
            out,
            "{}",
            t(
                "terminal.baselined",
                &[
                    ("baseline", baseline),
                    ("baselined", &gate.baselined.to_string()),
                ],
            )
        );
        if hidden > 0 {
            let count = hidden.to_string();
            let _ = writeln!(
                out,
                "{}",
                t("terminal.accepted_hidden", &[("count", &count)])
            );
        }
        if !gate.absent.is_empty() {
            let count = gate.absent.len().to_string();
            let _ = writeln!(out, "{}", t("terminal.absent", &[("count", &count)]));
        }
    }
    Ok(out)
}

/// The province table ("Tổng hợp toàn tỉnh") for the terminal: the HTML's and
/// `province.csv`'s rows ([`super::province::rows`]), one line per site in
/// aligned columns, the family scores in one column ("92,3 / 100 / —"), named
/// in order on the line below. Page text (site names come from the
/// configuration or the page) never drives the terminal.
#[must_use]
pub fn province_table(report: &Report, lang: Lang) -> String {
    let rows = super::province::rows(report, lang);
    let mut headers = super::province::headers(report, lang);
    headers.truncate(headers.len() - crate::rules::Family::ALL.len());
    headers.push(messages::text("terminal.province_scores", lang, &[]));
    let mut table: Vec<Vec<String>> = vec![headers];
    for row in &rows {
        let mut cells = row.cells();
        cells.truncate(cells.len() - row.scores.len());
        cells.push(
            row.scores
                .iter()
                .map(|(s, _)| s.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
        );
        table.push(cells.iter().map(|c| visible(c).into_owned()).collect());
    }
    let columns = table[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            table
                .iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("{}\n", messages::text("province.table", lang, &[]));
    for (n, row) in table.iter().enumerate() {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| {
                let pad = width.saturating_sub(cell.chars().count());
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
        if n == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (columns - 1);
            let _ = writeln!(out, "{}", "-".repeat(total));
        }
    }
    let families: Vec<String> = crate::rules::Family::ALL
        .iter()
        .map(|f| messages::text(&format!("family.{}", f.id()), lang, &[]))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        messages::text(
            "terminal.province_legend",
            lang,
            &[("families", &families.join(" / "))],
        )
    );
    out
}

#[cfg(test)]
mod tests {
    use super::Style;
    use crate::report::model::PageReport;
    use crate::ruleset::Lang;

    /// A page whose `img-alt-missing` kept 1 000 findings and counted `omitted` more.
    fn page(i: usize, omitted: usize) -> PageReport {
        PageReport {
            site: "s".into(),
            url: format!("https://a.example/{i:02}"),
            status: Some(200),
            title: None,
            encoding: serde_json::from_value(serde_json::json!({
                "bom": null, "transport": "utf-8", "meta": null, "used": "UTF-8",
                "source": "transport", "unknown_label": null,
                "invalid_utf8_offsets": [], "invalid_utf8_count": 0
            }))
            .unwrap(),
            bytes: 1,
            elements: 1,
            parse_errors: 0,
            depth_limited_tags: 0,
            omitted_findings: [("img-alt-missing".to_string(), omitted)].into(),
            outcomes: crate::rules::Outcomes::default(),
            rendered: None,
        }
    }

    /// The pages' omitted-finding notes: the first `MAX_OMITTED` said, the
    /// rest counted in one line (the notes of 23 pages).
    #[test]
    fn omitted_notes_past_the_cap_are_counted() {
        let ruleset = crate::ruleset::Ruleset::embedded().unwrap();
        let report = crate::report::assemble(crate::report::ReportParts {
            command: "check",
            inputs: Vec::new(),
            started_at: chrono::Utc::now(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            lang: Lang::En,
            gate: crate::gate::evaluate(&[], crate::finding::FailOn::Error),
            ruleset: &ruleset,
            sites: Vec::new(),
            pages: (0..23).map(|i| page(i, 500 + i)).collect(),
            findings: Vec::new(),
            problems: Vec::new(),
        });
        let style = Style {
            color: false,
            max_findings: 50,
            list_accepted: false,
        };
        let text = super::render(&report, Lang::En, style);
        assert_eq!(text.matches("more places (counted, not listed").count(), 20);
        assert!(text.contains("https://a.example/19: img-alt-missing — and 519 more places"));
        assert!(!text.contains("https://a.example/20"));
        assert!(
            text.contains("and 3 more such notes on other pages"),
            "{text}"
        );
        let vi = super::render(&report, Lang::Vi, style);
        assert!(
            vi.contains("và 3 ghi chú tương tự ở các trang khác"),
            "{vi}"
        );
    }
}
