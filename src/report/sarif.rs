//! `report.sarif`: SARIF 2.1.0, the format code-scanning services (GitHub,
//! GitLab, Azure DevOps) read, so a CI run can annotate the audited source.
//!
//! Every rule that ran is described once (`tool.driver.rules`, with help
//! text); every finding is a result with a stable `ruleId`, the finding's
//! fingerprint as `partialFingerprints` (so the service recognises the same
//! problem across runs), and, for `check` on files, a physical location with
//! line and column. GitHub accepts at most 25 000 results per run: beyond that
//! the most severe results are kept and a notification says how many were left
//! out.

use serde_json::{Value, json};

use super::RenderOptions;
use super::model::{Finding, Report, RuleReport};
use crate::messages;
use crate::rules::Outcome;
use crate::ruleset::{Lang, Severity};

/// GitHub code scanning's limit of results per run.
pub const MAX_RESULTS: usize = 25_000;

/// The key of our fingerprint in `partialFingerprints` (versioned, so a new
/// fingerprint scheme can live beside the old one).
pub const FINGERPRINT_KEY: &str = "portalAudit/v1";

/// Writes the report as SARIF 2.1.0, streamed: each result is built and
/// written in turn (as one JSON tree, the 25 000 results of a large audit
/// took over 400 MB).
///
/// # Errors
/// The writer's I/O errors.
pub fn write(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_with_limit(report, options, MAX_RESULTS, out)
}

/// The results, made one at a time as they are serialised.
struct Results<'a> {
    findings: &'a [&'a Finding],
    report: &'a Report,
    item_of: std::collections::HashMap<&'a str, &'a str>,
    lang: Lang,
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let index: std::collections::HashMap<&str, usize> = self
            .report
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut seq = serializer.serialize_seq(Some(self.findings.len()))?;
        for f in self.findings {
            let item = (f.outcome == Outcome::CantTell)
                .then(|| self.item_of.get(f.fingerprint.as_str()).copied())
                .flatten();
            seq.serialize_element(&result(
                f,
                index.get(f.rule.as_str()).copied(),
                self.lang,
                item,
            ))?;
        }
        seq.end()
    }
}

/// The document. Fields in alphabetical order: the order `serde_json::Value`
/// objects print in, as the rest of the document is made of them.
#[derive(serde::Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(serde::Serialize)]
struct Run<'a> {
    invocations: [Value; 1],
    properties: Value,
    results: Results<'a>,
    tool: Value,
}

/// [`write`] with a custom result limit (tests use a small one).
///
/// # Errors
/// The writer's I/O errors.
pub fn write_with_limit(
    report: &Report,
    options: &RenderOptions<'_>,
    limit: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = options.lang;
    let rules: Vec<Value> = report.rules.iter().map(|r| rule(r, lang)).collect();

    // The most severe failures first, so truncation drops the least important.
    let mut ordered: Vec<&Finding> = report.findings.iter().collect();
    ordered.sort_by_key(|f| (f.outcome != Outcome::Failed, std::cmp::Reverse(f.severity)));
    let kept = ordered.len().min(limit);
    let item_of: std::collections::HashMap<&str, &str> = report
        .review
        .iter()
        .flat_map(|item| {
            item.locations
                .iter()
                .map(|l| (l.fingerprint.as_str(), item.id.as_str()))
        })
        .collect();

    let mut notifications = Vec::new();
    if ordered.len() > kept {
        notifications.push(json!({
            "level": "warning",
            "descriptor": { "id": "results-truncated" },
            "message": { "text": messages::text("sarif.truncated", lang, &[
                ("kept", &kept.to_string()),
                ("total", &ordered.len().to_string()),
                ("limit", &limit.to_string()),
            ]) },
        }));
    }
    for problem in &report.problems {
        notifications.push(json!({
            "level": "error",
            "descriptor": { "id": format!("input-{}", problem.kind) },
            "message": { "text": format!("{}: {}", problem.input, problem.message) },
            "locations": [ { "physicalLocation": { "artifactLocation": artifact(&problem.input) } } ],
        }));
    }

    let mut invocation = json!({
        "executionSuccessful": true,
        "startTimeUtc": report.run.started_at,
        "endTimeUtc": report.run.finished_at,
        "arguments": report.run.inputs,
    });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }

    let document = Document {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            invocations: [invocation],
            properties: json!({
                "asOf": report.run.as_of.to_string(),
                "command": report.run.command,
            }),
            results: Results {
                findings: &ordered[..kept],
                report,
                item_of,
                lang,
            },
            tool: json!({ "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "language": lang.id(),
                "rules": rules,
            } }),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "note",
    }
}

/// `img-alt-missing` → `ImgAltMissing` (SARIF's `name` is a readable identifier).
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

fn rule(rule: &RuleReport, lang: Lang) -> Value {
    let legal: Vec<String> = rule.legal.iter().map(|b| b.label(lang)).collect();
    let legal_label = messages::text("sarif.legal", lang, &[]);
    let fix_label = messages::text("sarif.fix", lang, &[]);
    let mut help_text = format!(
        "{}\n\n{fix_label}: {}",
        rule.why.get(lang),
        rule.fix.get(lang)
    );
    let mut help_md = format!(
        "{}\n\n**{fix_label}:** {}",
        rule.why.get(lang),
        rule.fix.get(lang)
    );
    if !legal.is_empty() {
        help_text.push_str(&format!("\n\n{legal_label}: {}", legal.join("; ")));
        help_md.push_str(&format!("\n\n**{legal_label}:** {}", legal.join("; ")));
    }
    let mut tags = vec![rule.family.id().to_string()];
    if rule.family == crate::rules::Family::A11y {
        tags.push("accessibility".to_string());
    }
    tags.extend(
        rule.wcag
            .iter()
            .map(|sc| format!("wcag{}", sc.replace('.', ""))),
    );
    json!({
        "id": rule.id,
        "name": pascal(&rule.id),
        "shortDescription": { "text": rule.title.get(lang) },
        "fullDescription": { "text": rule.why.get(lang) },
        "help": { "text": help_text, "markdown": help_md },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "tags": tags,
            "family": rule.family.id(),
            "wcag": rule.wcag,
            "act": rule.act,
            "legal": legal,
        },
    })
}

fn result(f: &Finding, rule_index: Option<usize>, lang: Lang, review_item: Option<&str>) -> Value {
    let mut region = serde_json::Map::new();
    if let Some(line) = f.line.filter(|l| *l > 0) {
        region.insert("startLine".into(), json!(line));
        if let Some(column) = f.column.filter(|c| *c > 0) {
            region.insert("startColumn".into(), json!(column));
        }
        if let Some(snippet) = &f.snippet {
            region.insert("snippet".into(), json!({ "text": snippet }));
        }
    }
    let mut physical = json!({ "artifactLocation": artifact(&f.url) });
    if !region.is_empty() {
        physical["region"] = Value::Object(region);
    }
    let mut location = json!({ "physicalLocation": physical });
    if let Some(selector) = &f.selector {
        location["logicalLocations"] =
            json!([ { "fullyQualifiedName": selector, "kind": "element" } ]);
    }
    let mut result = json!({
        "ruleId": f.rule,
        "message": { "text": f.message.get(lang) },
        "locations": [ location ],
        "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint },
        "properties": {
            "site": f.site,
            "severity": f.severity.id(),
            "outcome": f.outcome.id(),
            "wcag": f.wcag,
            "legal": f.legal.iter().map(|b| b.label(lang)).collect::<Vec<_>>(),
            "legal_binding": crate::legal::binding(&f.legal),
        },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if f.outcome == Outcome::Failed {
        result["kind"] = json!("fail");
        result["level"] = json!(level(f.severity));
    } else {
        // SARIF: a result that needs a person's review has kind `review` and level `none`.
        result["kind"] = json!("review");
        result["level"] = json!("none");
        // One result per occurrence (code scanning needs every location); the
        // checklist item it belongs to groups them (`report.json` `review`).
        if let Some(item) = review_item {
            result["properties"]["review_item"] = json!(item);
        }
    }
    result
}

/// An artifact location: URLs stay as they are; paths become URI references
/// (percent-encoded, `/` separators), relative to the source root when relative.
fn artifact(input: &str) -> Value {
    if input.starts_with("http://") || input.starts_with("https://") {
        return json!({ "uri": input });
    }
    let path = input.replace('\\', "/");
    let encoded = percent_encode_path(&path);
    if path.starts_with('/') {
        json!({ "uri": format!("file://{encoded}") })
    } else {
        let trimmed = encoded.trim_start_matches("./").to_string();
        json!({ "uri": trimmed, "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        assert_eq!(pascal("img-alt-missing"), "ImgAltMissing");
        assert_eq!(
            artifact("site/tin tức.html"),
            json!({ "uri": "site/tin%20t%E1%BB%A9c.html", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact("/tmp/a.html"),
            json!({ "uri": "file:///tmp/a.html" })
        );
        assert_eq!(
            artifact("https://x.gov.vn/a?b=1"),
            json!({ "uri": "https://x.gov.vn/a?b=1" })
        );
    }
}
