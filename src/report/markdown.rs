//! `summary.md`: a short Markdown summary for a pull-request comment or a CI
//! job summary (`$GITHUB_STEP_SUMMARY`). Short by design: the verdict, one
//! row per site, the rules that fail most; the details are in the other formats.

use std::fmt::Write as _;

use super::RenderOptions;
use super::model::Report;
use crate::ruleset::Lang;

/// Sites listed at most (the rest are counted).
pub const MAX_SITES: usize = 20;
/// Rules listed at most.
pub const MAX_RULES: usize = 10;
/// Review items listed at most.
pub const MAX_REVIEW: usize = 10;

/// Renders the summary.
#[must_use]
pub fn render(report: &Report, options: &RenderOptions<'_>) -> String {
    let vi = options.lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let mut out = String::new();
    let gate = &report.gate;
    let verdict = if gate.passed {
        t("✅ ĐẠT", "✅ PASSED")
    } else {
        t("❌ KHÔNG ĐẠT", "❌ FAILED")
    };
    let _ = writeln!(out, "## portal-audit: {verdict}\n");
    let mut rule_line = format!(
        "{} `--fail-on {}`: {} {}",
        t("Ngưỡng", "Gate"),
        gate.fail_on,
        gate.counted,
        t("phát hiện được tính", "findings counted"),
    );
    if gate.max_findings > 0 {
        let _ = write!(
            rule_line,
            " ({} {})",
            t("tối đa", "at most"),
            gate.max_findings
        );
    }
    if let Some(baseline) = &gate.baseline {
        let _ = write!(
            rule_line,
            "; {} {} {} `{}`",
            gate.baselined,
            t("phát hiện đã chấp nhận trong", "accepted findings in"),
            t("tệp nền", "baseline"),
            escape(baseline)
        );
    }
    let _ = writeln!(out, "{rule_line}.\n");

    let stats = &report.statistics;
    let _ = writeln!(
        out,
        "{} **{}**/100 · {} {} · {} {}\n",
        t("Điểm chung", "Overall score"),
        stats.score.text(),
        report.counts.pages,
        t("trang", "pages"),
        report.counts.findings,
        t("phát hiện", "findings"),
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|---:|",
        t("Trang con", "Site"),
        t("Trang", "Pages"),
        t("Điểm", "Score"),
        t("Lỗi", "Errors"),
        t("Cảnh báo", "Warnings"),
        t("Lưu ý", "Notices"),
        t("Cần xem", "Review"),
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
            numbers.score.text(),
            c.errors,
            c.warnings,
            c.notices,
            c.review,
        );
    }
    if report.sites.len() > MAX_SITES {
        let _ = writeln!(
            out,
            "\n… {} {}",
            report.sites.len() - MAX_SITES,
            t("trang con khác", "more sites")
        );
    }

    let mut rules: Vec<(&str, usize)> = stats
        .rules
        .iter()
        .filter(|r| r.failed > 0)
        .map(|r| (r.rule.as_str(), r.failed))
        .collect();
    if !rules.is_empty() {
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(
            out,
            "\n| {} | {} | {} |\n|---|---|---:|",
            t("Quy tắc", "Rule"),
            t("Nội dung", "What"),
            t("Số chỗ", "Occurrences")
        );
        for (id, count) in rules.iter().take(MAX_RULES) {
            let title = report
                .rules
                .iter()
                .find(|r| r.id == *id)
                .map_or("", |r| r.title.get(options.lang));
            let _ = writeln!(out, "| `{id}` | {} | {count} |", escape(title));
        }
        if rules.len() > MAX_RULES {
            let _ = writeln!(
                out,
                "\n… {} {}",
                rules.len() - MAX_RULES,
                t("quy tắc khác", "more rules")
            );
        }
    }
    review(&mut out, report, options.lang);
    let outages: Vec<(&str, &super::availability::Availability)> = report
        .sites
        .iter()
        .filter_map(|s| s.availability.as_ref().map(|a| (s.name.as_str(), a)))
        .collect();
    out.push_str(&super::availability::markdown(&outages, options.lang));
    if !report.problems.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}",
            report.problems.len(),
            t(
                "đầu vào không kiểm tra được (xem report.json).",
                "inputs could not be checked (see report.json)."
            )
        );
    }
    out
}

/// The manual review checklist: one task-list line per item (site, rule,
/// pattern) with its count and first location; the rest are counted.
fn review(out: &mut String, report: &Report, lang: Lang) {
    if report.review.is_empty() {
        return;
    }
    let vi = lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let _ = writeln!(
        out,
        "\n### {} ({} {})\n",
        t("Danh sách cần người kiểm tra", "Manual review checklist"),
        report.review.len(),
        t("mục", "items"),
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
            "- [ ] {} (`{}`) · {} · {} {} {} {} {}",
            escape(title),
            item.rule,
            escape(site),
            item.count,
            t("chỗ", "occurrences"),
            t("trên", "on"),
            item.pages,
            t("trang", "pages"),
        );
        if let Some(first) = item.locations.first() {
            let place = first.line.map_or_else(String::new, |l| format!(":{l}"));
            let _ = write!(
                out,
                "; {} {}{place}",
                t("đầu tiên", "first"),
                escape(&first.url)
            );
        }
        let _ = writeln!(out, ": {}", escape(item.message.get(lang)));
    }
    if report.review.len() > MAX_REVIEW {
        let _ = writeln!(
            out,
            "\n… {} {}",
            report.review.len() - MAX_REVIEW,
            t("mục khác (xem report.html)", "more items (see report.html)")
        );
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
