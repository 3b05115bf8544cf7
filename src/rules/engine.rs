//! Running rules: every enabled page rule over one parsed page, producing the
//! outcome of each rule and the findings, enriched with their metadata (severity,
//! messages in both languages, the legal bases in force on the reference date,
//! WCAG criteria, fingerprint).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::content::assess::Assessment;
use super::content::checklist::Checklist;
use super::content::components::{Component, Configured};
use super::{
    Check, Findings, MAX_FINDINGS_PER_RULE_PER_PAGE, Outcomes, RawFinding, Rule, SiteData,
};
use crate::finding::Finding;
use crate::page::Page;
use crate::ruleset::catalog::Profile;
use crate::ruleset::{AppliedBasis, Localized, Ruleset, fill};

/// What every rule run needs besides the page: metadata, the reference date,
/// the legal profiles applied, and what the portal's component sites carry.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Rule metadata and legal documents.
    pub ruleset: &'a Ruleset,
    /// The date whose legal bases apply.
    pub as_of: NaiveDate,
    /// Run only these rules (all enabled rules when empty).
    pub only: Vec<String>,
    /// The profiles applied on `as_of` (national ones and those selected).
    pub profiles: Vec<&'a Profile>,
    /// The component sites, for the items a portal may carry by linking to
    /// the supplying unit's site (empty: none known, as in `check`).
    pub components: Vec<Component>,
    /// The sites the configuration names (empty: none known, as in `check`),
    /// for the portal's links to its component sites.
    pub sites: Vec<Configured>,
    /// Each rule's bases for findings without an `id`-limited citation.
    bases: HashMap<String, Vec<AppliedBasis>>,
    /// The rules some of whose citations are limited to some finding `id`s.
    id_scoped: BTreeSet<String>,
    /// The provincial rules a profile applied gives a basis in force on
    /// `as_of`: the only provincial rules that run.
    provincial: BTreeSet<String>,
}

impl<'a> Context<'a> {
    /// A run's context: the bases of every rule are resolved once here.
    #[must_use]
    pub fn new(ruleset: &'a Ruleset, as_of: NaiveDate, only: Vec<String>) -> Self {
        let profiles = ruleset.content.profiles_in_force(ruleset, as_of);
        let mut bases = HashMap::new();
        let mut id_scoped = BTreeSet::new();
        let mut provincial = BTreeSet::new();
        for meta in ruleset.rules.values() {
            if meta.provincial && !ruleset.listed_bases(meta, as_of).is_empty() {
                provincial.insert(meta.id.clone());
            }
            if ruleset
                .listed_bases(meta, as_of)
                .iter()
                .any(|(_, ids)| !ids.is_empty())
                || meta.legal.iter().any(|b| !b.ids.is_empty())
            {
                id_scoped.insert(meta.id.clone());
            }
            bases.insert(
                meta.id.clone(),
                ruleset.bases(meta, as_of, &profiles, None, None),
            );
        }
        Self {
            ruleset,
            as_of,
            only,
            profiles,
            components: Vec::new(),
            sites: Vec::new(),
            bases,
            id_scoped,
            provincial,
        }
    }

    /// The legal bases of a finding of `rule` whose `id` value is `id`, on a
    /// site with `role` (site rules; `None` for page rules).
    #[must_use]
    pub fn bases(&self, rule: &str, id: Option<&str>, role: Option<&str>) -> Vec<AppliedBasis> {
        if self.id_scoped.contains(rule) || role.is_some() {
            return self
                .ruleset
                .rule(rule)
                .map(|meta| {
                    self.ruleset
                        .bases(meta, self.as_of, &self.profiles, id, role)
                })
                .unwrap_or_default();
        }
        self.bases.get(rule).cloned().unwrap_or_default()
    }
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

    /// Without `--rule`, the rules the ruleset enables (the WCAG AAA-only
    /// ones are off unless a ruleset turns them on); with it, exactly the
    /// rules it names, a disabled one included: naming it asks for it.
    /// A provincial rule runs only where a profile applied gives it a basis
    /// on the reference date ([`crate::ruleset::RuleMeta::provincial`]).
    fn selected(&self, rule: &Rule) -> bool {
        let Some(meta) = self.ruleset.rule(rule.id) else {
            return false;
        };
        if meta.provincial && !self.provincial.contains(rule.id) {
            return false;
        }
        if self.only.is_empty() {
            meta.enabled
        } else {
            self.only.iter().any(|id| id == rule.id)
        }
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
    /// The EMC monitoring code on the site's home page, when the home page
    /// was audited (site runs only): a fact for the report.
    pub emc: Option<crate::facts::EmcSite>,
    /// Occurrences per rule past [`MAX_FINDINGS_PER_RULE_PER_PAGE`]: counted, not kept.
    pub omitted: std::collections::BTreeMap<String, usize>,
}

/// Runs every selected page rule on `page`.
#[must_use]
pub fn run_page(page: &Page, ctx: &Context<'_>) -> RunResult {
    let mut result = RunResult::default();
    for rule in ctx.page_rules() {
        let Check::Page(check) = rule.check else {
            continue;
        };
        let mut sink = Findings::capped(rule.id, MAX_FINDINGS_PER_RULE_PER_PAGE)
            .with_threshold_ms(ctx.ruleset.rule(rule.id).and_then(|m| m.threshold_ms));
        check(page, &mut sink);
        if sink.omitted() > 0 {
            result.omitted.insert(rule.id.to_string(), sink.omitted());
        }
        record(&mut result, rule, sink, (&page.site, None), &page.url, ctx);
    }
    result
}

/// Adds a rule's outcome and its enriched findings to a result.
fn record(
    result: &mut RunResult,
    rule: &Rule,
    sink: Findings,
    (site, role): (&str, Option<&str>),
    url: &str,
    ctx: &Context<'_>,
) {
    let (outcome, raw) = sink.finish();
    result.outcomes.insert(rule.id, outcome);
    // A rule's findings with the same `id` value cite the same bases.
    let mut bases: HashMap<Option<String>, Vec<AppliedBasis>> = HashMap::new();
    result.findings.extend(raw.into_iter().map(|mut f| {
        if f.legal.is_none() {
            let id = f.args.get("id").cloned();
            let legal = bases
                .entry(id)
                .or_insert_with_key(|id| ctx.bases(&f.rule, id.as_deref(), role));
            f.legal = Some(legal.clone());
        }
        enrich(f, site, url, ctx)
    }));
}

/// Runs every selected site rule on `site`.
#[must_use]
pub fn run_site(site: &SiteData, ctx: &Context<'_>) -> RunResult {
    let mut result = RunResult::default();
    // The content rules share one judgement of the site.
    let assessment = ctx
        .site_rules()
        .any(|rule| matches!(rule.check, Check::Assessed(_)))
        .then(|| Assessment::new(site, ctx));
    for rule in ctx.site_rules() {
        let mut sink = Findings::new(rule.id);
        match (rule.check, &assessment) {
            (Check::Site(check), _) => check(site, &mut sink),
            (Check::Assessed(check), Some(assessment)) => check(assessment, &mut sink),
            _ => continue,
        }
        record(
            &mut result,
            rule,
            sink,
            (&site.id, site.role.as_deref()),
            &site.root,
            ctx,
        );
    }
    result.checklist = assessment.map(|a| a.checklist);
    result.emc = site.home_page().map(|home| crate::facts::EmcSite {
        url: home.url.clone(),
        found: home.emc.is_some(),
        line: home.emc.as_ref().map(|code| code.line),
        site_id: home.emc.as_ref().and_then(|code| code.site_id.clone()),
    });
    result
}

/// Turns what a rule reported into a report finding.
#[must_use]
pub fn enrich(mut raw: RawFinding, site: &str, page_url: &str, ctx: &Context<'_>) -> Finding {
    let meta = ctx.ruleset.rule(&raw.rule);
    let url = raw.url.clone().unwrap_or_else(|| page_url.to_string());
    // Site findings without an element (one per missing category) and
    // targets that are only a line (parse errors) differ by their `id` value
    // when they have one (the legal basis in other values changes with
    // --as-of), else by their values.
    let fingerprint = match &raw.target {
        Some(t) if !t.signature.is_empty() => {
            crate::finding::fingerprint(&raw.rule, site, &url, &t.signature, &t.snippet)
        }
        // Not an element (a parse error's source line, a feed's link): the
        // snippet and the values tell two such findings apart.
        Some(t) if !t.snippet.is_empty() => crate::finding::fingerprint(
            &raw.rule,
            site,
            &url,
            "",
            &format!(
                "{}\u{1f}{}",
                t.snippet,
                crate::finding::identity_of_values(&raw.args)
            ),
        ),
        _ => crate::finding::fingerprint(
            &raw.rule,
            site,
            &url,
            "",
            &crate::finding::identity_of_values(&raw.args),
        ),
    };
    // The fingerprint above read the values whole; what is shown is bounded.
    for value in raw.args.values_mut() {
        if let std::borrow::Cow::Owned(clipped) =
            crate::finding::clip(value, crate::finding::MAX_VALUE_CHARS)
        {
            *value = clipped;
        }
    }
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
            .map(|t| {
                crate::finding::clip(&t.selector, crate::finding::MAX_VALUE_CHARS).into_owned()
            })
            .filter(|s| !s.is_empty()),
        line: raw.target.as_ref().map(|t| t.line),
        column: raw.target.as_ref().and_then(|t| t.column),
        snippet: raw
            .target
            .as_ref()
            .map(|t| t.snippet.clone())
            .filter(|s| !s.is_empty()),
        message: meta
            .map_or_else(
                || Localized {
                    vi: raw.rule.clone(),
                    en: raw.rule.clone(),
                },
                |m| Localized {
                    vi: fill(
                        m.vi.message_for(raw.variant.as_deref()),
                        &raw.args_in(crate::lang::Lang::Vi),
                    ),
                    en: fill(
                        m.en.message_for(raw.variant.as_deref()),
                        &raw.args_in(crate::lang::Lang::En),
                    ),
                },
            )
            .into(),
        legal: raw
            .legal
            .take()
            .unwrap_or_else(|| ctx.bases(&raw.rule, raw.args.get("id").map(String::as_str), None))
            .into(),
        wcag: meta
            .map(|m| m.wcag.iter().map(|w| w.sc.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
            .into(),
        args: raw.args.into(),
        fingerprint,
        view: crate::finding::View::Served,
        baseline_state: None,
        signature: raw
            .target
            .as_ref()
            .map(|t| {
                crate::finding::clip(&t.signature, crate::finding::MAX_VALUE_CHARS).into_owned()
            })
            .filter(|s| !s.is_empty()),
        template: None,
    }
}

/// Marks a finding as found in the rendered page (`--render chromium`): its
/// fingerprint is told apart from the same finding in the served HTML, so a
/// baseline or a diff never pairs the two.
pub fn mark_rendered(finding: &mut Finding) {
    finding.mark_rendered();
}
