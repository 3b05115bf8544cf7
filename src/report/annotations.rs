//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…::…`
//! line per new failed finding that the gate counts, so GitHub annotates the
//! checked files on any repository (no code scanning needed). Printed by the
//! command line when `GITHUB_ACTIONS=true`.

use std::fmt::Write as _;

use super::RenderOptions;
use super::location;
use super::model::Report;
use super::stream::Body;
use crate::rules::Outcome;

/// Annotations printed at most (GitHub shows 10 per step and 50 per job).
pub const MAX_ANNOTATIONS: usize = 50;

/// The workflow command lines, one per counted finding (at most
/// [`MAX_ANNOTATIONS`], then one `::notice` saying how many more).
#[must_use]
pub fn render(report: &Report, options: &RenderOptions<'_>) -> String {
    render_body(Body::Memory(report), options)
        .unwrap_or_else(|_| unreachable!("a report in memory has no rows to fail"))
}

/// [`render`] of a report in memory or streamed from its rows: the first
/// counted findings read again, up to [`MAX_ANNOTATIONS`], the rest counted
/// as the rows went by ([`super::stream::Listed`]).
///
/// # Errors
/// The rows'.
pub fn render_body(body: Body<'_>, options: &RenderOptions<'_>) -> std::io::Result<String> {
    let lang = options.lang;
    let Some(threshold) = body.head().gate.fail_on.threshold() else {
        return Ok(String::new());
    };
    let counted = body.listed().new_failed_from(Some(threshold));
    let first = body.first_findings(MAX_ANNOTATIONS, |f| {
        f.outcome == Outcome::Failed && f.severity >= threshold && f.is_new()
    })?;
    let mut out = String::new();
    for f in &first {
        let mut properties = Vec::new();
        match options.source_root.and_then(|root| root.relative(&f.url)) {
            Some(path) => properties.push(format!("file={}", property(&path))),
            None if !location::is_url(&f.url) => {
                properties.push(format!("file={}", property(&location::plain(&f.url))));
            }
            None => {}
        }
        if let Some(line) = f.line {
            properties.push(format!("line={line}"));
            if let Some(column) = f.column {
                properties.push(format!("col={column}"));
            }
        }
        properties.push(format!("title={}", property(&f.rule)));
        let mut message = f.message.get(lang).to_string();
        if location::is_url(&f.url) {
            message = format!("{}: {message}", f.url);
        }
        if let Some(selector) = &f.selector {
            message.push_str(&format!(" [{selector}]"));
        }
        let _ = writeln!(out, "::error {}::{}", properties.join(","), data(&message));
    }
    if counted > MAX_ANNOTATIONS {
        let rest = counted - MAX_ANNOTATIONS;
        let _ = writeln!(
            out,
            "::notice::{}",
            data(&crate::messages::text(
                "terminal.more",
                lang,
                &[("count", &rest.to_string())]
            ))
        );
    }
    Ok(out)
}

/// A command's message: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,` escaped.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_as_github_reads_them() {
        assert_eq!(super::data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
