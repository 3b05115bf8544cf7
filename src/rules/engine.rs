//! Running rules: every enabled page rule over one parsed page, producing the
//! outcome of each rule and the findings, enriched with their metadata (severity,
//! messages in both languages, the legal bases in force on the reference date,
//! WCAG criteria, fingerprint).

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::content::assess::Assessment;
use super::content::checklist::Checklist;
use super::{Check, Findings, Outcomes, RawFinding, Rule, SiteData};
use crate::finding::Finding;
use crate::page::Page;
use crate::ruleset::{Localized, Ruleset, fill};

/// What every rule run needs besides the page: metadata and the reference date.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Rule metadata and legal documents.
    pub ruleset: &'a Ruleset,
    /// The date whose legal bases apply.
    pub as_of: NaiveDate,
    /// Run only these rules (all enabled rules when empty).
    pub only: Vec<String>,
}

impl Context<'_> {
    /// The enabled rules of this run with the given check kind.
    pub fn page_rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        super::all().filter(move |rule| matches!(rule.check, Check::Page(_)) && self.selected(rule))
    }

    /// The enabled site rules of this run.
    pub fn site_rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        super::all().filter(move |rule| {
            matches!(rule.check, Check::Site(_) | Check::Assessed(_)) && self.selected(rule)
        })
    }

    fn selected(&self, rule: &Rule) -> bool {
        let enabled = self.ruleset.rule(rule.id).is_some_and(|meta| meta.enabled);
        enabled && (self.only.is_empty() || self.only.iter().any(|id| id == rule.id))
    }
}

/// What the rules made of one page (or one site).
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    /// The outcome of every rule that ran.
    pub outcomes: Outcomes,
    /// The failed and cant-tell occurrences.
    pub findings: Vec<Finding>,
    /// The mandatory-category checklist (site runs with a content rule selected).
    pub checklist: Option<Checklist>,
}

/// Runs every selected page rule on `page`.
#[must_use]
pub fn run_page(page: &Page, ctx: &Context<'_>) -> RunResult {
    let mut result = RunResult::default();
    for rule in ctx.page_rules() {
        let Check::Page(check) = rule.check else {
            continue;
        };
        let mut sink = Findings::new(rule.id);
        check(page, &mut sink);
        record(&mut result, rule, sink, &page.site, &page.url, ctx);
    }
    result
}

/// Adds a rule's outcome and its enriched findings to a result.
fn record(
    result: &mut RunResult,
    rule: &Rule,
    sink: Findings,
    site: &str,
    url: &str,
    ctx: &Context<'_>,
) {
    let (outcome, raw) = sink.finish();
    result.outcomes.insert(rule.id, outcome);
    result
        .findings
        .extend(raw.into_iter().map(|f| enrich(f, site, url, ctx)));
}

/// Runs every selected site rule on `site`.
#[must_use]
pub fn run_site(site: &SiteData, ctx: &Context<'_>) -> RunResult {
    let mut result = RunResult::default();
    // The content rules share one judgement of the site.
    let assessment = ctx
        .site_rules()
        .any(|rule| matches!(rule.check, Check::Assessed(_)))
        .then(|| Assessment::new(site, ctx.ruleset, &ctx.ruleset.content, ctx.as_of));
    for rule in ctx.site_rules() {
        let mut sink = Findings::new(rule.id);
        match (rule.check, &assessment) {
            (Check::Site(check), _) => check(site, &mut sink),
            (Check::Assessed(check), Some(assessment)) => check(assessment, &mut sink),
            _ => continue,
        }
        record(&mut result, rule, sink, &site.id, &site.root, ctx);
    }
    result.checklist = assessment.map(|a| a.checklist);
    result
}

/// Turns what a rule reported into a report finding.
#[must_use]
pub fn enrich(raw: RawFinding, site: &str, page_url: &str, ctx: &Context<'_>) -> Finding {
    let meta = ctx.ruleset.rule(&raw.rule);
    let url = raw.url.clone().unwrap_or_else(|| page_url.to_string());
    let target = raw.target.clone().unwrap_or_default();
    // Site findings without an element (one per missing category) differ by
    // their `id` value when they have one (the legal basis in other values
    // changes with --as-of), else by all their values.
    let identity = match (&raw.target, raw.args.get("id")) {
        (Some(_), _) => target.snippet.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => raw
            .args
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\u{1f}"),
    };
    let fingerprint = fingerprint(&raw.rule, site, &url, &target.selector, &identity);
    Finding {
        rule: raw.rule.clone(),
        family: meta.map(|m| m.family),
        outcome: raw.outcome,
        severity: meta.map_or(crate::ruleset::Severity::Error, |m| m.severity),
        site: site.to_string(),
        url,
        selector: raw
            .target
            .as_ref()
            .map(|t| t.selector.clone())
            .filter(|s| !s.is_empty()),
        line: raw.target.as_ref().map(|t| t.line),
        column: raw.target.as_ref().and_then(|t| t.column),
        snippet: raw
            .target
            .as_ref()
            .map(|t| t.snippet.clone())
            .filter(|s| !s.is_empty()),
        message: meta.map_or_else(
            || Localized {
                vi: raw.rule.clone(),
                en: raw.rule.clone(),
            },
            |m| Localized {
                vi: fill(&m.vi.message, &raw.args),
                en: fill(&m.en.message, &raw.args),
            },
        ),
        legal: meta
            .map(|m| ctx.ruleset.bases_in_force(m, ctx.as_of))
            .unwrap_or_default(),
        wcag: meta
            .map(|m| m.wcag.iter().map(|w| w.sc.clone()).collect())
            .unwrap_or_default(),
        args: raw.args,
        fingerprint,
        view: crate::finding::View::Served,
    }
}

/// Marks a finding as found in the rendered page (`--render chromium`): its
/// fingerprint is told apart from the same finding in the served HTML, so a
/// baseline or a diff never pairs the two.
pub fn mark_rendered(finding: &mut Finding) {
    let mut hasher = Sha256::new();
    hasher.update(b"rendered\0");
    hasher.update(finding.fingerprint.as_bytes());
    let digest = hasher.finalize();
    finding.fingerprint = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    finding.view = crate::finding::View::Rendered;
}

/// A stable identity for a finding that survives unrelated edits of the page:
/// rule, site, the URL's path and query, the selector and the snippet with
/// white space collapsed. Line numbers are left out on purpose.
#[must_use]
pub fn fingerprint(rule: &str, site: &str, url: &str, selector: &str, snippet: &str) -> String {
    let path = match url::Url::parse(url) {
        Ok(parsed) if parsed.has_host() => {
            let mut p = parsed.path().to_string();
            if let Some(q) = parsed.query() {
                p.push('?');
                p.push_str(q);
            }
            p
        }
        _ => url.to_string(),
    };
    let snippet: String = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut hasher = Sha256::new();
    for part in [rule, site, &path, selector, &snippet] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}
