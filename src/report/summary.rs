//! The terminal summary: counts, the gate, and the findings grouped by page.

use std::fmt::Write;

use super::model::Report;
use crate::messages;
use crate::ruleset::{Lang, Severity};

/// How the summary is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (off for `NO_COLOR` and when not a terminal).
    pub color: bool,
    /// Findings listed at most (the rest are counted).
    pub max_findings: usize,
}

/// Renders a readable summary of the report.
#[must_use]
pub fn render(report: &Report, lang: Lang, style: Style) -> String {
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
    for f in &report.findings {
        if shown >= style.max_findings {
            break;
        }
        if current_url != Some(&f.url) {
            let _ = writeln!(out, "\n{}", paint("1", &f.url));
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
        let place = match (f.line, f.column) {
            (Some(line), Some(col)) => format!("{line}:{col}"),
            (Some(line), None) => line.to_string(),
            _ => "-".to_string(),
        };
        let message = f.message.get(lang);
        let _ = writeln!(
            out,
            "  {place:>7}  {severity}{review}  {message}  {}",
            paint("2", &f.rule)
        );
        if let Some(selector) = &f.selector {
            let _ = writeln!(out, "           {}", paint("2", selector));
        }
        shown += 1;
    }
    if report.findings.len() > shown {
        let rest = (report.findings.len() - shown).to_string();
        let _ = writeln!(out, "\n  … {}", t("terminal.more", &[("count", &rest)]));
    }
    for problem in &report.problems {
        let _ = writeln!(
            out,
            "\n{} {}: {}",
            paint("33", &t("terminal.problem", &[])),
            problem.input,
            problem.message
        );
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
    }
    out
}
