//! The terminal summary: counts, the gate, and the findings grouped by page.

use std::fmt::Write;

use super::model::Report;
use crate::ruleset::Lang;

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
    let vi = lang == Lang::Vi;
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
        let severity = match f.severity.id() {
            "error" => paint("31", if vi { "lỗi" } else { "error" }),
            "warning" => paint("33", if vi { "cảnh báo" } else { "warning" }),
            _ => paint("36", if vi { "lưu ý" } else { "notice" }),
        };
        let review = if f.outcome == crate::rules::Outcome::CantTell {
            if vi {
                " (cần người kiểm tra)"
            } else {
                " (needs review)"
            }
        } else {
            ""
        };
        let place = match (f.line, f.column) {
            (Some(line), Some(col)) => format!("{line}:{col}"),
            (Some(line), None) => line.to_string(),
            _ => "-".to_string(),
        };
        let message = if vi { &f.message.vi } else { &f.message.en };
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
        let rest = report.findings.len() - shown;
        let _ = writeln!(
            out,
            "\n  … {}",
            if vi {
                format!("và {rest} phát hiện khác trong report.json")
            } else {
                format!("and {rest} more findings in report.json")
            }
        );
    }
    for problem in &report.problems {
        let _ = writeln!(
            out,
            "\n{} {}: {}",
            paint(
                "33",
                if vi {
                    "Không kiểm tra được"
                } else {
                    "Could not check"
                }
            ),
            problem.input,
            problem.message
        );
    }
    let c = &report.counts;
    let n = &report.statistics.findings;
    let _ = writeln!(out, "\n{}", {
        let template = if vi {
            "{pages} trang, {findings} phát hiện: {errors} lỗi, {warnings} cảnh báo, {notices} lưu ý; {review} cần người kiểm tra ({items} mục trong danh sách kiểm tra)."
        } else {
            "{pages} pages, {findings} findings: {errors} errors, {warnings} warnings, {notices} notices; {review} need review ({items} checklist items)."
        };
        let values: std::collections::BTreeMap<String, String> = [
            ("pages", c.pages),
            ("findings", c.findings),
            ("errors", n.errors),
            ("warnings", n.warnings),
            ("notices", n.notices),
            ("review", n.review),
            ("items", report.review.len()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        crate::ruleset::fill(template, &values)
    });
    let gate = &report.gate;
    let verdict = if gate.passed {
        paint("32", if vi { "ĐẠT" } else { "PASSED" })
    } else {
        paint("31", if vi { "KHÔNG ĐẠT" } else { "FAILED" })
    };
    let _ = writeln!(
        out,
        "{} {verdict} (--fail-on {}: {} {})",
        if vi {
            "Ngưỡng kiểm soát:"
        } else {
            "Gate:"
        },
        gate.fail_on,
        gate.counted,
        if vi {
            "phát hiện được tính"
        } else {
            "findings counted"
        }
    );
    if gate.max_findings > 0 {
        let _ = writeln!(
            out,
            "  --max-findings {}: {}",
            gate.max_findings,
            if vi {
                "số phát hiện được phép"
            } else {
                "findings tolerated"
            }
        );
    }
    if let Some(baseline) = &gate.baseline {
        let _ = writeln!(
            out,
            "  --baseline {baseline}: {} {}",
            gate.baselined,
            if vi {
                "phát hiện đã được chấp nhận, không tính"
            } else {
                "accepted findings not counted"
            }
        );
    }
    out
}
