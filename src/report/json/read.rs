//! Reading `report.json` back, of any format this version reads: a finding
//! that leaves out a field takes its rule's, a page's coded outcomes are
//! expanded against the rules table (see the parent module for the layout).

use super::*;

/// A `report.json` as read, of any format this version reads: [`Report`]
/// with its pages and findings as written; [`Stored::into_report`] puts back
/// what they leave out.
#[derive(Deserialize)]
pub struct Stored {
    schema_version: String,
    tool: Tool,
    run: RunInfo,
    legal_documents: Vec<DocumentStatus>,
    sites: Vec<SiteReport>,
    pages: Vec<StoredPage>,
    rules: Vec<RuleReport>,
    findings: Vec<StoredFinding>,
    #[serde(default)]
    review: Vec<ReviewItem>,
    #[serde(default)]
    templates: Vec<TemplateGroup>,
    problems: Vec<Problem>,
    counts: Counts,
    #[serde(default)]
    statistics: Statistics,
    gate: GateResult,
    #[serde(default)]
    crawl: Option<CrawlReport>,
}

impl Stored {
    /// The report: each page's outcomes decoded, each finding with what it
    /// left out taken from its rule. Template defects are still compact
    /// (`templates::expand` puts them back).
    ///
    /// # Errors
    /// What is wrong, as text: coded outcomes that do not match the rules
    /// table, a finding that leaves out a field of a rule not in it.
    pub fn into_report(self) -> Result<Report, String> {
        let Self {
            schema_version,
            tool,
            run,
            legal_documents,
            sites,
            pages,
            rules,
            findings,
            review,
            templates,
            problems,
            counts,
            statistics,
            gate,
            crawl,
        } = self;
        let table = RulesTable::of(&rules);
        let pages = pages
            .into_iter()
            .map(|page| page.into_page(&table))
            .collect::<Result<Vec<_>, _>>()?;
        let findings = findings
            .into_iter()
            .map(|f| {
                let rule = table.rule(&f.rule);
                f.into_finding(rule)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Report {
            schema_version,
            tool,
            run,
            legal_documents,
            sites,
            pages,
            rules,
            findings,
            review,
            templates,
            problems,
            counts,
            statistics,
            gate,
            crawl,
        })
    }
}

/// A page as read: [`PageReport`] with its outcomes as written.
#[derive(Deserialize)]
struct StoredPage {
    site: String,
    url: String,
    status: Option<u16>,
    title: Option<String>,
    encoding: EncodingInfo,
    bytes: usize,
    elements: usize,
    parse_errors: usize,
    depth_limited_tags: usize,
    #[serde(default)]
    omitted_findings: BTreeMap<String, usize>,
    outcomes: StoredOutcomes,
    #[serde(default)]
    rendered: Option<StoredRendered>,
}

impl StoredPage {
    fn into_page(self, table: &RulesTable<'_>) -> Result<PageReport, String> {
        let Self {
            site,
            url,
            status,
            title,
            encoding,
            bytes,
            elements,
            parse_errors,
            depth_limited_tags,
            omitted_findings,
            outcomes,
            rendered,
        } = self;
        let rendered = match rendered {
            None => None,
            Some(StoredRendered {
                final_url,
                elements,
                outcomes,
                metrics,
            }) => Some(RenderedPageReport {
                outcomes: outcomes
                    .decode(table)
                    .map_err(|e| format!("page {url} (rendered): {e}"))?,
                final_url,
                elements,
                metrics,
            }),
        };
        Ok(PageReport {
            outcomes: outcomes
                .decode(table)
                .map_err(|e| format!("page {url}: {e}"))?,
            site,
            url,
            status,
            title,
            encoding,
            bytes,
            elements,
            parse_errors,
            depth_limited_tags,
            omitted_findings,
            rendered,
        })
    }
}

/// A rendered view as read.
#[derive(Deserialize)]
struct StoredRendered {
    final_url: String,
    elements: usize,
    outcomes: StoredOutcomes,
    #[serde(default)]
    metrics: Option<crate::page::rendered::LoadMetrics>,
}

/// Outcomes as written: coded (format 1.7) or the object of rule id to
/// outcome (before, and a page with a rule the table lacks).
enum StoredOutcomes {
    Coded(String),
    Object(Outcomes),
}

impl StoredOutcomes {
    fn decode(self, table: &RulesTable<'_>) -> Result<Outcomes, String> {
        let coded = match self {
            Self::Object(outcomes) => return Ok(outcomes),
            Self::Coded(coded) => coded,
        };
        if coded.len() != table.rules.len() {
            return Err(format!(
                "outcomes \"{coded}\" have {} characters for {} rules",
                coded.chars().count(),
                table.rules.len()
            ));
        }
        coded
            .bytes()
            .zip(table.rules)
            .filter(|(c, _)| *c != NOT_RUN)
            .map(|(c, rule)| {
                let outcome = match c {
                    b'P' => Outcome::Passed,
                    b'F' => Outcome::Failed,
                    b'C' => Outcome::CantTell,
                    b'I' => Outcome::Inapplicable,
                    _ => {
                        return Err(format!(
                            "outcomes \"{coded}\": `{}` is not an outcome (P, F, C, I or -)",
                            char::from(c)
                        ));
                    }
                };
                Ok((rule.id.as_str(), outcome))
            })
            .collect()
    }
}

impl<'de> Deserialize<'de> for StoredOutcomes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OutcomesVisitor;
        impl<'de> Visitor<'de> for OutcomesVisitor {
            type Value = StoredOutcomes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "rule outcomes: one character per rule of `rules`, or an object of rule id to outcome",
                )
            }
            fn visit_str<E: de::Error>(self, coded: &str) -> Result<StoredOutcomes, E> {
                Ok(StoredOutcomes::Coded(coded.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<StoredOutcomes, A::Error> {
                Outcomes::deserialize(de::value::MapAccessDeserializer::new(access))
                    .map(StoredOutcomes::Object)
            }
        }
        deserializer.deserialize_any(OutcomesVisitor)
    }
}

/// A finding as read: [`Finding`] with the fields it may leave out to its
/// rule optional (`family` is `Some(None)` when written `null`).
#[derive(Deserialize)]
struct StoredFinding {
    rule: String,
    #[serde(default, deserialize_with = "written")]
    family: Option<Option<Family>>,
    outcome: Outcome,
    #[serde(default)]
    severity: Option<Severity>,
    site: String,
    url: String,
    selector: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    snippet: Option<String>,
    message: Localized,
    #[serde(default)]
    legal: Option<Vec<AppliedBasis>>,
    #[serde(default)]
    wcag: Option<Vec<String>>,
    args: BTreeMap<String, String>,
    fingerprint: String,
    #[serde(default)]
    view: View,
    #[serde(default)]
    baseline_state: Option<BaselineState>,
    #[serde(default)]
    signature: Option<String>,
    #[serde(default)]
    template: Option<String>,
}

/// A field that is there, whatever its value (`null` included).
fn written<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

impl StoredFinding {
    fn into_finding(self, rule: Option<&RuleReport>) -> Result<Finding, String> {
        let Self {
            rule: id,
            family,
            outcome,
            severity,
            site,
            url,
            selector,
            line,
            column,
            snippet,
            message,
            legal,
            wcag,
            args,
            fingerprint,
            view,
            baseline_state,
            signature,
            template,
        } = self;
        // A field left out is the rule's.
        let from_rule = |field: &str| {
            rule.ok_or_else(|| {
                format!("a finding of `{id}` on {url} has no `{field}`, and `rules` has no `{id}`")
            })
        };
        Ok(Finding {
            family: match family {
                Some(family) => family,
                None => Some(from_rule("family")?.family),
            },
            severity: match severity {
                Some(severity) => severity,
                None => from_rule("severity")?.severity,
            },
            legal: match legal {
                Some(legal) => legal,
                None => from_rule("legal")?.legal.clone(),
            }
            .into(),
            wcag: match wcag {
                Some(wcag) => wcag,
                None => from_rule("wcag")?.wcag.clone(),
            }
            .into(),
            rule: id,
            outcome,
            site,
            url,
            selector,
            line,
            column,
            snippet,
            message: message.into(),
            args: args.into(),
            fingerprint,
            view,
            baseline_state,
            signature,
            template,
        })
    }
}
