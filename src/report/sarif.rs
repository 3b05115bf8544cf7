//! `report.sarif`: SARIF 2.1.0, the format code-scanning services (GitHub,
//! GitLab, Azure DevOps) read, so a CI run can annotate the audited source.
//!
//! Every rule that ran is described once (`tool.driver.rules`, with help
//! text); every finding is a result with a stable `ruleId`, the finding's
//! fingerprint as `partialFingerprints` (so the service recognises the same
//! problem across runs), and, for `check` on files, a physical location with
//! line and column. GitHub accepts at most 25 000 results per run: beyond that
//! the most severe results are kept and a notification says how many were left
//! out; at most 20 tags per rule and one location per result.
//!
//! For code scanning: needs-review occurrences are left out unless asked
//! (`--sarif-review`: code scanning would open an alert per page to "read the
//! link texts"); checked files are URIs relative to the repository root
//! (`%SRCROOT%`, given in `originalUriBaseIds`); with `--baseline`, each
//! result has its `baselineState` (`new`, or `unchanged` for an accepted one,
//! which also carries an external, accepted `suppressions` entry).

use serde_json::{Value, json};

use super::RenderOptions;
use super::location::{self, percent_encode_path};
use super::model::{BaselineState, Finding, Report, RuleReport};
use super::stream::Body;
use crate::messages;
use crate::rules::Outcome;
use crate::ruleset::{Lang, Severity};

/// GitHub code scanning's limit of results per run.
pub const MAX_RESULTS: usize = 25_000;

/// The key of our fingerprint in `partialFingerprints` (versioned: `v2` since
/// fingerprints are index-free, report format 1.4).
pub const FINGERPRINT_KEY: &str = "portalAudit/v2";

/// GitHub code scanning's limit of tags per rule.
pub const MAX_TAGS: usize = 20;

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

/// [`write`] of a report in memory or streamed from its rows: the same bytes.
///
/// # Errors
/// The writer's I/O errors, and the rows'.
pub fn write_body(
    body: Body<'_>,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_body_with_limit(body, options, MAX_RESULTS, out)
}

/// The order results are written in: new failures first, the most severe
/// first, so truncation drops the least important (a stable order: the
/// report's within a class). Needs-review occurrences are only written when
/// asked.
type Class = (bool, bool, std::cmp::Reverse<Severity>);

/// A finding's class ([`Class`]), if it is written at all.
fn class(f: &Finding, options: &RenderOptions<'_>) -> Option<Class> {
    (options.sarif_review || f.outcome == Outcome::Failed).then_some((
        f.outcome != Outcome::Failed,
        !f.is_new(),
        std::cmp::Reverse(f.severity),
    ))
}

/// The results, made one at a time as they are serialised: the findings
/// read once per class that has any ([`Class`], in order), until `kept`.
struct Results<'a> {
    body: Body<'a>,
    classes: std::collections::BTreeMap<Class, usize>,
    kept: usize,
    item_of: std::collections::HashMap<&'a str, &'a str>,
    options: &'a RenderOptions<'a>,
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let report = self.body.head();
        let index: std::collections::HashMap<&str, usize> = report
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut seq = serializer.serialize_seq(Some(self.kept))?;
        let mut left = self.kept;
        for &wanted in self.classes.keys() {
            if left == 0 {
                break;
            }
            self.body.serialize_each(|f| {
                if left == 0 || class(f, self.options) != Some(wanted) {
                    return Ok(());
                }
                left -= 1;
                let item = (f.outcome == Outcome::CantTell)
                    .then(|| self.item_of.get(f.fingerprint.as_str()).copied())
                    .flatten();
                seq.serialize_element(&result(
                    f,
                    index.get(f.rule.as_str()).copied(),
                    self.options,
                    report.gate.baseline.as_deref(),
                    item,
                ))
            })?;
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
    #[serde(rename = "originalUriBaseIds", skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<Value>,
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
    write_body_with_limit(Body::Memory(report), options, limit, out)
}

/// [`write_body`] with a custom result limit.
///
/// # Errors
/// The writer's I/O errors, and the rows'.
pub fn write_body_with_limit(
    body: Body<'_>,
    options: &RenderOptions<'_>,
    limit: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let report = body.head();
    let lang = options.lang;
    let rules: Vec<Value> = report.rules.iter().map(|r| rule(r, lang)).collect();

    // The results of each class, counted in a first read.
    let mut classes: std::collections::BTreeMap<Class, usize> = std::collections::BTreeMap::new();
    body.each_finding(|f| {
        if let Some(class) = class(f, options) {
            *classes.entry(class).or_default() += 1;
        }
        Ok(())
    })?;
    let total: usize = classes.values().sum();
    let kept = total.min(limit);
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
    if total > kept {
        notifications.push(json!({
            "level": "warning",
            "descriptor": { "id": "results-truncated" },
            "message": { "text": messages::text("sarif.truncated", lang, &[
                ("kept", &kept.to_string()),
                ("total", &total.to_string()),
                ("limit", &limit.to_string()),
            ]) },
        }));
    }
    for problem in &report.problems {
        notifications.push(json!({
            "level": "error",
            "descriptor": { "id": format!("input-{}", problem.kind) },
            "message": { "text": format!("{}: {}", problem.input, problem.message) },
            "locations": [ { "physicalLocation": { "artifactLocation": artifact(&problem.input, options) } } ],
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
            original_uri_base_ids: options
                .source_root
                .map(|root| json!({ "%SRCROOT%": { "uri": root.root_uri() } })),
            properties: json!({
                "asOf": report.run.as_of.to_string(),
                "command": report.run.command,
            }),
            results: Results {
                body,
                classes,
                kept,
                item_of,
                options,
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
    tags.truncate(MAX_TAGS);
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

fn result(
    f: &Finding,
    rule_index: Option<usize>,
    options: &RenderOptions<'_>,
    baseline: Option<&str>,
    review_item: Option<&str>,
) -> Value {
    let lang = options.lang;
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
    let mut physical = json!({ "artifactLocation": artifact(&f.url, options) });
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
    match f.baseline_state {
        Some(BaselineState::New) => result["baselineState"] = json!("new"),
        Some(BaselineState::Accepted) => {
            result["baselineState"] = json!("unchanged");
            let source = baseline.unwrap_or("--baseline");
            result["suppressions"] = json!([{
                "kind": "external",
                "status": "accepted",
                "justification": messages::text("sarif.accepted", lang, &[("baseline", source)]),
            }]);
        }
        None => {}
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

/// An artifact location: URLs stay as they are; checked files are URI
/// references relative to the repository root (`%SRCROOT%`) when one is
/// known and holds them, else relative to the folder `check` ran in, else
/// absolute `file:` URIs.
fn artifact(input: &str, options: &RenderOptions<'_>) -> Value {
    if location::is_url(input) {
        return json!({ "uri": input });
    }
    if let Some(relative) = options.source_root.and_then(|root| root.relative(input)) {
        return json!({ "uri": percent_encode_path(&relative), "uriBaseId": "%SRCROOT%" });
    }
    let path = location::plain(input);
    let encoded = percent_encode_path(&path);
    if path.starts_with('/') {
        json!({ "uri": format!("file://{encoded}") })
    } else {
        json!({ "uri": encoded, "uriBaseId": "%SRCROOT%" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        assert_eq!(pascal("img-alt-missing"), "ImgAltMissing");
        let options = RenderOptions {
            lang: Lang::Vi,
            previous: None,
            source_root: None,
            sarif_review: false,
            junit_skipped: false,
            split_sites: false,
        };
        let artifact = |input: &str| artifact(input, &options);
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
