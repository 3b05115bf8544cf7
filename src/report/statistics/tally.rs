//! The statistics counted one finding and one page at a time ([`Tally`]):
//! what [`super::compute`] does with a report in memory and the report
//! streamed from a store ([`crate::report::stream`]) does with rows read one
//! by one, so both say the same numbers. What is kept grows with sites, rules
//! and the lists the statistics themselves hold (pages with findings,
//! measured pages), not with every finding and page.

use std::collections::{BTreeMap, BTreeSet};

use super::load;
use super::province::{RuleTally, province_row};
use super::site::{OutcomeTable, site_statistics};
use super::types::{
    FamilyCounts, FindingCounts, PageCounts, RuleCounts, Score, SlowPage, Statistics,
    StrengthCounts,
};
use super::weight;
use crate::page::rendered::LoadRun;
use crate::report::model::{Finding, PageReport, ReviewItem, RuleReport, SiteReport, SiteState};
use crate::rules::{Family, Outcome, Outcomes};
use crate::ruleset::Severity;

/// Failed and cant-tell findings per key.
pub(super) type FailedReview<K> = BTreeMap<K, (usize, usize)>;

/// Adds a finding to its key's failed or cant-tell count.
pub(super) fn bump<K: Ord>(counts: &mut FailedReview<K>, key: K, f: &Finding) {
    let entry = counts.entry(key).or_default();
    if f.outcome == Outcome::CantTell {
        entry.1 += 1;
    } else {
        entry.0 += 1;
    }
}

/// A rule's outcomes on one site (its own and its pages'): every outcome,
/// and those the score counts (a template defect's repeats left out).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RuleOutcomes {
    pub(super) passed: usize,
    pub(super) failed: usize,
    pub(super) cant_tell: usize,
    scored_passed: u64,
    scored_failed: u64,
}

/// What one site's findings and pages add up to.
#[derive(Debug, Default)]
pub(super) struct SiteTally {
    pub(super) findings: FindingCounts,
    pub(super) per_rule: FailedReview<String>,
    per_page: FailedReview<String>,
    pub(super) families: FailedReview<Family>,
    /// Unicode findings per page.
    pub(super) unicode_pages: FailedReview<String>,
    /// Pages a Unicode rule ran on, and those of them none failed on.
    pub(super) unicode_checked: usize,
    pub(super) unicode_compliant: usize,
    /// Failed findings: in all, of broken links, binding, and the
    /// accessibility ones per rule.
    pub(super) failed: usize,
    pub(super) broken_links: usize,
    pub(super) binding: usize,
    pub(super) a11y_failed: BTreeMap<String, usize>,
    pub(super) outcomes: BTreeMap<String, RuleOutcomes>,
    pub(super) pages: Vec<PageCounts>,
    pub(super) load: Vec<LoadRun>,
}

impl SiteTally {
    /// The outcome counts of every rule on the site.
    pub(super) fn table(&self) -> OutcomeTable<'_> {
        OutcomeTable(&self.outcomes)
    }

    fn add_outcomes(&mut self, map: &Outcomes, repeats: Option<&BTreeSet<String>>) {
        for (rule, outcome) in map.iter() {
            let counts = self.outcomes.entry(rule.to_string()).or_default();
            match outcome {
                Outcome::Passed => {
                    counts.passed += 1;
                    counts.scored_passed += 1;
                }
                Outcome::Failed => {
                    counts.failed += 1;
                    if !repeats.is_some_and(|r| r.contains(rule)) {
                        counts.scored_failed += 1;
                    }
                }
                Outcome::CantTell => counts.cant_tell += 1,
                Outcome::Inapplicable => {}
            }
        }
    }

    /// The score of the outcomes counted, each weighing its rule's severity.
    fn score(&self, w: &impl Fn(&str) -> u64) -> Score {
        let mut score = Score::default();
        for (rule, counts) in &self.outcomes {
            let w = w(rule);
            score.passed += w * counts.scored_passed;
            score.applicable += w * (counts.scored_passed + counts.scored_failed);
        }
        score
    }
}

/// The statistics of a report, counted as its findings (in the report's
/// order, template keys set) and then its pages (in URL order) are fed in.
#[derive(Debug)]
pub struct Tally {
    /// Every rule's severity and family, by id (the rules the report can list).
    catalogue: BTreeMap<String, (Severity, Family)>,
    sites: BTreeMap<String, SiteTally>,
    findings: FindingCounts,
    per_rule: FailedReview<String>,
    families: FailedReview<Family>,
    strength: StrengthCounts,
    binding_per_rule: BTreeMap<String, usize>,
    /// Each template group's first page.
    first_page: BTreeMap<String, String>,
    /// The page whose findings are being read, and whether each rule's
    /// failures on it are all a template defect's repeats.
    current: Option<(String, String)>,
    current_rules: BTreeMap<String, bool>,
    /// The rules whose failures on a page are all template repeats, by page.
    repeats: BTreeMap<String, BTreeSet<String>>,
    slow: Vec<SlowPage>,
    load: Vec<LoadRun>,
    pages_seen: bool,
}

impl Tally {
    /// A tally for rules of this severity and family.
    #[must_use]
    pub fn new<'a>(rules: impl IntoIterator<Item = (&'a str, Severity, Family)>) -> Self {
        Self {
            catalogue: rules
                .into_iter()
                .map(|(id, severity, family)| (id.to_string(), (severity, family)))
                .collect(),
            sites: BTreeMap::new(),
            findings: FindingCounts::default(),
            per_rule: BTreeMap::new(),
            families: BTreeMap::new(),
            strength: StrengthCounts::default(),
            binding_per_rule: BTreeMap::new(),
            first_page: BTreeMap::new(),
            current: None,
            current_rules: BTreeMap::new(),
            repeats: BTreeMap::new(),
            slow: Vec::new(),
            load: Vec::new(),
            pages_seen: false,
        }
    }

    /// A tally for the rules of a report's table.
    #[must_use]
    pub fn of_rules(rules: &[RuleReport]) -> Self {
        Self::new(rules.iter().map(|r| (r.id.as_str(), r.severity, r.family)))
    }

    /// Adds a finding; findings come before pages, in the report's order
    /// (a page's findings together), their template keys set.
    pub fn finding(&mut self, f: &Finding) {
        debug_assert!(!self.pages_seen, "findings are counted before pages");
        self.findings.add(f);
        bump(&mut self.per_rule, f.rule.clone(), f);
        if let Some(family) = f.family {
            bump(&mut self.families, family, f);
        }
        let site = self.sites.entry(f.site.clone()).or_default();
        site.findings.add(f);
        bump(&mut site.per_rule, f.rule.clone(), f);
        bump(&mut site.per_page, f.url.clone(), f);
        if let Some(family) = f.family {
            bump(&mut site.families, family, f);
        }
        if f.family == Some(Family::Unicode) {
            bump(&mut site.unicode_pages, f.url.clone(), f);
        }
        if f.outcome == Outcome::Failed {
            site.failed += 1;
            if matches!(f.rule.as_str(), "link-broken" | "link-unreachable") {
                site.broken_links += 1;
            }
            if f.family == Some(Family::A11y) {
                *site.a11y_failed.entry(f.rule.clone()).or_default() += 1;
            }
            if crate::legal::binding(&f.legal) {
                site.binding += 1;
                self.strength.binding += 1;
                *self.binding_per_rule.entry(f.rule.clone()).or_default() += 1;
            } else {
                self.strength.advisory += 1;
            }
        }
        // A template defect weighs once: on the pages of a group but its
        // first, a rule whose only failures are the group's is not scored.
        if f.outcome == Outcome::Failed && f.view.is_served() {
            if self
                .current
                .as_ref()
                .is_none_or(|(site, url)| *site != f.site || *url != f.url)
            {
                self.end_page();
                self.current = Some((f.site.clone(), f.url.clone()));
            }
            let repeat = f.template.as_deref().is_some_and(|group| {
                *self
                    .first_page
                    .entry(group.to_string())
                    .or_insert_with(|| f.url.clone())
                    != f.url
            });
            self.current_rules
                .entry(f.rule.clone())
                .and_modify(|all| *all &= repeat)
                .or_insert(repeat);
        }
    }

    /// Keeps the rules of the page just read whose failures are all repeats.
    fn end_page(&mut self) {
        let rules = std::mem::take(&mut self.current_rules);
        let Some((_, url)) = self.current.take() else {
            return;
        };
        let repeated: BTreeSet<String> = rules
            .into_iter()
            .filter_map(|(rule, all)| all.then_some(rule))
            .collect();
        if !repeated.is_empty() {
            self.repeats.entry(url).or_default().extend(repeated);
        }
    }

    /// Adds a page; pages come after every finding, in URL order.
    pub fn page(&mut self, page: &PageReport) {
        if !self.pages_seen {
            self.end_page();
            self.pages_seen = true;
        }
        let repeats = self.repeats.get(page.url.as_str());
        let catalogue = &self.catalogue;
        let site = self.sites.entry(page.site.clone()).or_default();
        site.add_outcomes(&page.outcomes, repeats);
        if let Some(&(failed, review)) = site.per_page.get(page.url.as_str()) {
            site.pages.push(PageCounts {
                url: page.url.clone(),
                failed,
                review,
            });
        }
        let unicode = |rule: &str| {
            catalogue
                .get(rule)
                .is_some_and(|(_, family)| *family == Family::Unicode)
        };
        if page.outcomes.keys().any(unicode) {
            site.unicode_checked += 1;
            if !page
                .outcomes
                .iter()
                .any(|(rule, outcome)| outcome == Outcome::Failed && unicode(rule))
            {
                site.unicode_compliant += 1;
            }
        }
        if let Some(m) = load::measured(page) {
            site.load.push(m.median.clone());
            self.load.push(m.median.clone());
            self.slow.push(SlowPage {
                url: page.url.clone(),
                site: page.site.clone(),
                runs: m.runs.len(),
                median: m.median.clone(),
                browser: m.browser.clone(),
            });
        }
    }

    /// The statistics of the report whose rules, sites and review items
    /// these are.
    #[must_use]
    pub fn finish(
        mut self,
        rules: &[RuleReport],
        sites: &[SiteReport],
        review: &[ReviewItem],
    ) -> Statistics {
        self.end_page();
        let severity: BTreeMap<&str, Severity> =
            rules.iter().map(|r| (r.id.as_str(), r.severity)).collect();
        let w = |rule: &str| severity.get(rule).copied().map_or(0, weight);
        for site in sites {
            let tally = self.sites.entry(site.id.clone()).or_default();
            tally.add_outcomes(&site.outcomes, None);
        }
        let empty = SiteTally::default();
        let tally_of = |id: &str| self.sites.get(id).unwrap_or(&empty);

        let mut overall = Score::default();
        let mut stats = Vec::with_capacity(sites.len());
        for site in sites {
            let tally = tally_of(&site.id);
            // An unreachable site has no score (and adds nothing to the overall one).
            let score = if site.status.state == SiteState::Unreachable {
                Score::default()
            } else {
                tally.score(&w)
            };
            overall.passed += score.passed;
            overall.applicable += score.applicable;
            stats.push(site_statistics(rules, &site.id, score.finish(), tally));
        }
        // Pages of a site id the report does not list still count overall.
        for (id, tally) in &self.sites {
            if sites.iter().all(|s| s.id != *id) {
                let score = tally.score(&w);
                overall.passed += score.passed;
                overall.applicable += score.applicable;
            }
        }
        let province = sites
            .iter()
            .map(|site| {
                let tally = tally_of(&site.id);
                let mut row = province_row(rules, site, tally, review, &severity);
                row.load = load::medians(&tally.load);
                row
            })
            .collect();
        let family_scores = Family::ALL
            .iter()
            .map(|&family| {
                let mut pooled = RuleTally::default();
                for site in sites {
                    if site.status.state == SiteState::Unreachable {
                        continue;
                    }
                    pooled.add_site(rules, family, tally_of(&site.id).table(), &severity);
                }
                pooled.score(family)
            })
            .collect();
        Statistics {
            score: overall.finish(),
            findings: self.findings,
            families: family_counts(&self.families, true),
            rules: rules
                .iter()
                .filter_map(|r| {
                    self.per_rule
                        .get(r.id.as_str())
                        .map(|&(failed, review)| RuleCounts {
                            rule: r.id.clone(),
                            failed,
                            review,
                            binding: self.binding_per_rule.get(&r.id).copied().unwrap_or(0),
                        })
                })
                .collect(),
            strength: self.strength,
            sites: stats,
            family_scores,
            province,
            load: load::medians(&self.load),
            slowest: load::slowest(self.slow),
        }
    }
}

/// Failed and cant-tell findings per family, in report order: every family,
/// or only those with findings.
pub(super) fn family_counts(counts: &FailedReview<Family>, every: bool) -> Vec<FamilyCounts> {
    Family::ALL
        .iter()
        .filter_map(|family| {
            let (failed, review) = counts.get(family).copied().unwrap_or_default();
            (every || failed + review > 0).then_some(FamilyCounts {
                family: *family,
                failed,
                review,
            })
        })
        .collect()
}
