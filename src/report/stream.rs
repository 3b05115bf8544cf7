//! The report streamed from its rows (an audit's store), never whole in
//! memory (issue #19, docs/scale.md "Two passes over the store").
//!
//! **The aggregate pass** ([`Streamed::of`]) reads the findings twice and
//! the pages once, one at a time, and keeps the report's head: every section
//! but `pages` and `findings` — the sites with their status and checklists,
//! the rules that ran, the bibliography, the template groups (with where
//! their occurrences are), the review items, counts, statistics and the
//! gate, counted as the rows go by ([`statistics::Tally`],
//! [`crate::gate::Counter`], [`review::Items`], [`templates::Groups`]), the
//! same code [`super::assemble`] runs on a report in memory.
//! 1. The first read of the findings applies the sites' status (content
//!    findings of an unreachable site become `cant_tell`, …) and counts each
//!    template key's pages ([`templates::KeyPages`]): which keys make a group
//!    is known only once every finding is read. It also gathers the legal
//!    documents the findings cite.
//! 2. The second read applies, as functions of what the first learnt, the
//!    status, the baseline state and the template key to each finding
//!    ([`Streamed::finding`]), then counts it.
//! 3. The pages, in URL order, add the rules that ran, their outcomes and
//!    scores.
//!
//! **The writing pass**: a writer takes the head and reads the pages and the
//! findings again from the rows ([`Streamed::each_page`],
//! [`Streamed::each_finding`]), each finding put through the same functions.
//!
//! What stays in memory is the head: bounded by sites, rules, template groups
//! and review items, plus what the head itself lists per page (a template
//! group's pages, a site's pages with findings) and, while the aggregate pass
//! runs, each template key's first pages (a hash each).

use std::collections::{BTreeSet, HashSet};

use super::model::{Counts, Finding, GateResult, PageReport, Problem, Report};
use super::{ReportParts, review, statistics, status, templates};
use crate::error::{Error, Result};
use crate::rules::{Family, Outcome};
use crate::ruleset::{Ruleset, Severity};

/// What the gate does to a streamed report's findings, one at a time (the
/// gate, a layer above, implements it: `gate::Counter`).
pub trait Judge {
    /// Sets a finding's baseline state, adding the baseline fingerprint it
    /// matched to `matched`.
    fn mark(&self, f: &mut Finding, matched: &mut HashSet<String>);
    /// Counts a finding (of this template group) for the verdict.
    fn count(&mut self, f: &Finding, key: Option<&str>);
    /// The verdict on the findings counted, `matched` the baseline
    /// fingerprints they matched.
    fn verdict(&self, matched: &HashSet<String>) -> GateResult;
}

/// Where a streamed report's pages and findings are read from, one at a
/// time (an audit's store implements it).
pub trait Rows {
    /// Every page's report entry, in URL order.
    ///
    /// # Errors
    /// The source's, and `each`'s.
    fn each_page(&self, each: &mut dyn FnMut(PageReport) -> Result<()>) -> Result<()>;

    /// Every finding as recorded, with an id to read it again by, in the
    /// report's order ([`super::sort_findings`]).
    ///
    /// # Errors
    /// The source's, and `each`'s.
    fn each_finding(&self, each: &mut dyn FnMut(i64, Finding) -> Result<()>) -> Result<()>;

    /// The findings of these ids, in the order given.
    ///
    /// # Errors
    /// The source's, and `each`'s.
    fn each_finding_of(
        &self,
        ids: &[i64],
        each: &mut dyn FnMut(i64, Finding) -> Result<()>,
    ) -> Result<()>;

    /// The pages of `site`, in URL order (a site's own HTML file). By
    /// default every page read and these kept.
    ///
    /// # Errors
    /// The source's, and `each`'s.
    fn each_page_of_site(
        &self,
        site: &str,
        each: &mut dyn FnMut(PageReport) -> Result<()>,
    ) -> Result<()> {
        self.each_page(&mut |p| if p.site == site { each(p) } else { Ok(()) })
    }

    /// The findings of `site`, in the report's order (a site's own HTML
    /// file). By default every finding read and these kept.
    ///
    /// # Errors
    /// The source's, and `each`'s.
    fn each_finding_of_site(
        &self,
        site: &str,
        each: &mut dyn FnMut(i64, Finding) -> Result<()>,
    ) -> Result<()> {
        self.each_finding(&mut |id, f| if f.site == site { each(id, f) } else { Ok(()) })
    }

    /// The findings of `rule` on `site`, in the report's order (JUnit's
    /// case of that rule in that site's suite). By default every finding
    /// read and these kept; the store reads them from its index.
    ///
    /// # Errors
    /// The source's, and `each`'s.
    fn each_finding_of_site_rule(
        &self,
        site: &str,
        rule: &str,
        each: &mut dyn FnMut(i64, Finding) -> Result<()>,
    ) -> Result<()> {
        self.each_finding(&mut |id, f| {
            if f.site == site && f.rule == rule {
                each(id, f)
            } else {
                Ok(())
            }
        })
    }
}

/// A report streamed from its rows: its head in memory, its pages and
/// findings read again as they are written.
pub struct Streamed<'a> {
    rows: &'a dyn Rows,
    /// The report without its pages and findings (both empty).
    pub head: Report,
    view: View,
    /// The ids of each template group's occurrences, in order.
    members: Vec<Vec<i64>>,
    /// What the short writers count beyond the head, counted as the rows
    /// went by.
    listed: Listed,
}

/// What makes a finding as recorded the report's: the sites' status, the
/// gate's baseline, the template keys that make a group.
struct View {
    unseen: status::Unseen,
    judge: Box<dyn Judge>,
    grouped: BTreeSet<String>,
}

impl View {
    /// The finding as the report has it, the baseline fingerprint it
    /// matched added to `matched`.
    fn finding(&self, mut f: Finding, matched: &mut HashSet<String>) -> Finding {
        self.unseen.finding(&mut f);
        self.judge.mark(&mut f, matched);
        f.template = templates::candidate_key(&f).filter(|key| self.grouped.contains(key));
        f
    }
}

impl std::fmt::Debug for View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("View")
            .field("unseen", &self.unseen)
            .field("grouped", &self.grouped)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Streamed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Streamed")
            .field("head", &self.head)
            .finish_non_exhaustive()
    }
}

impl<'a> Streamed<'a> {
    /// The head of the report of `parts` (whose `pages` and `findings` are
    /// not read: `rows` has them), its findings gated by `judge` (their
    /// baseline states set, counted, as `gate::judge` does in memory).
    ///
    /// # Errors
    /// The rows' errors.
    pub fn of(rows: &'a dyn Rows, parts: ReportParts<'_>, judge: Box<dyn Judge>) -> Result<Self> {
        let ruleset: &Ruleset = parts.ruleset;
        let mut parts = parts;
        // 1. Status, template keys' pages, documents cited.
        let unseen = status::Unseen::new(&parts.sites);
        let mut converted: BTreeSet<String> = BTreeSet::new();
        let mut keys = templates::KeyPages::default();
        let mut cited: BTreeSet<String> = BTreeSet::new();
        rows.each_finding(&mut |_, mut f| {
            if unseen.finding(&mut f) {
                converted.insert(f.site.clone());
            }
            keys.add(&f);
            for basis in f.legal.iter() {
                if !cited.contains(&basis.document) {
                    cited.insert(basis.document.clone());
                }
            }
            Ok(())
        })?;
        status::apply_to_sites(&mut parts.sites, |site| converted.contains(site));
        let mut view = View {
            unseen,
            judge,
            grouped: keys.grouped(),
        };
        // 2. Each finding as the report has it, counted.
        let catalogue: Vec<_> = crate::rules::all()
            .filter_map(|rule| ruleset.rule(rule.id))
            .map(|meta| (meta.id.as_str(), meta.severity, meta.family))
            .collect();
        let mut tally = statistics::Tally::new(catalogue);
        let mut matched: HashSet<String> = HashSet::new();
        let mut counts = Counts::default();
        let mut review = review::Items::default();
        let mut groups = templates::Groups::default();
        let mut members: Vec<Vec<i64>> = Vec::new();
        let mut lister = Lister::new(&parts.problems);
        rows.each_finding(&mut |id, f| {
            let f = view.finding(f, &mut matched);
            lister.finding(&f);
            view.judge.count(&f, f.template.as_deref());
            counts.add_finding(&f);
            review.add(&f, ruleset);
            if let Some(at) = groups.add(&f) {
                if at == members.len() {
                    members.push(Vec::new());
                }
                members[at].push(id);
            }
            tally.finding(&f);
            Ok(())
        })?;
        // 3. The pages.
        let mut ran: BTreeSet<String> = parts
            .sites
            .iter()
            .flat_map(|s| s.outcomes.keys().map(str::to_string))
            .collect();
        rows.each_page(&mut |page| {
            for rule in page.outcomes.keys() {
                if !ran.contains(rule) {
                    ran.insert(rule.to_string());
                }
            }
            counts.add_page(&page);
            tally.page(&page);
            lister.page(&page);
            Ok(())
        })?;
        let listed = lister.listed;
        let ran: BTreeSet<&str> = ran.iter().map(String::as_str).collect();
        let rules = super::rules_that_ran(ruleset, parts.as_of, &ran);
        let legal_documents = super::bibliography(
            ruleset,
            parts.as_of,
            &rules,
            cited.iter().map(String::as_str),
            &parts.sites,
        );
        let review = review.finish();
        let statistics = tally.finish(&rules, &parts.sites, &review);
        parts.gate = view.judge.verdict(&matched);
        parts.pages = Vec::new();
        parts.findings = Vec::new();
        let head = super::head(
            parts,
            super::Head {
                legal_documents,
                rules,
                review,
                templates: groups.finish(),
                counts,
                statistics,
            },
        );
        Ok(Streamed {
            rows,
            head,
            view,
            members,
            listed,
        })
    }

    /// A finding as recorded made the report's: its site's status applied,
    /// its baseline state and its template group set.
    #[must_use]
    pub fn finding(&self, f: Finding) -> Finding {
        self.view.finding(f, &mut HashSet::new())
    }

    /// Calls `each` with every page, in URL order.
    ///
    /// # Errors
    /// The rows' errors, and `each`'s.
    pub fn each_page(&self, each: &mut dyn FnMut(PageReport) -> Result<()>) -> Result<()> {
        self.rows.each_page(each)
    }

    /// Calls `each` with every finding as the report has it, in the report's order.
    ///
    /// # Errors
    /// The rows' errors, and `each`'s.
    pub fn each_finding(&self, each: &mut dyn FnMut(Finding) -> Result<()>) -> Result<()> {
        self.rows.each_finding(&mut |_, f| each(self.finding(f)))
    }

    /// Calls `each` with the pages of `site`, in URL order.
    ///
    /// # Errors
    /// The rows' errors, and `each`'s.
    pub fn each_page_of_site(
        &self,
        site: &str,
        each: &mut dyn FnMut(PageReport) -> Result<()>,
    ) -> Result<()> {
        self.rows.each_page_of_site(site, each)
    }

    /// Calls `each` with the findings of `site` as the report has them, in
    /// the report's order.
    ///
    /// # Errors
    /// The rows' errors, and `each`'s.
    pub fn each_finding_of_site(
        &self,
        site: &str,
        each: &mut dyn FnMut(Finding) -> Result<()>,
    ) -> Result<()> {
        self.rows
            .each_finding_of_site(site, &mut |_, f| each(self.finding(f)))
    }

    /// Calls `each` with the findings of `rule` on `site` as the report has
    /// them, in the report's order.
    ///
    /// # Errors
    /// The rows' errors, and `each`'s.
    pub fn each_finding_of_site_rule(
        &self,
        site: &str,
        rule: &str,
        each: &mut dyn FnMut(Finding) -> Result<()>,
    ) -> Result<()> {
        self.rows
            .each_finding_of_site_rule(site, rule, &mut |_, f| each(self.finding(f)))
    }

    /// The template group at `at` as `report.json` holds it
    /// ([`templates::compacted`]): its occurrences read again.
    ///
    /// # Errors
    /// The rows' errors.
    pub fn compacted_group(&self, at: usize) -> Result<model::TemplateGroup> {
        let ids = self.members.get(at).map_or(&[][..], Vec::as_slice);
        let mut compactor = templates::Compactor::new(&self.head.templates[at]);
        self.rows.each_finding_of(ids, &mut |_, f| {
            compactor.add(&self.finding(f));
            Ok(())
        })?;
        Ok(compactor.finish())
    }
}

use super::model;

/// What a writer writes from: a report in memory, or a report streamed from
/// its rows (its head in memory, its pages and findings read as written).
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// A report in memory.
    Memory(&'a Report),
    /// A report streamed from its rows.
    Stream(&'a Streamed<'a>),
}

impl<'a> Body<'a> {
    /// The report (streamed: its head, without pages and findings).
    #[must_use]
    pub fn head(self) -> &'a Report {
        match self {
            Body::Memory(report) => report,
            Body::Stream(streamed) => &streamed.head,
        }
    }

    /// What the short writers count beyond the head: counted as the rows
    /// went by (streamed), or over the report's findings and pages.
    #[must_use]
    pub fn listed(self) -> std::borrow::Cow<'a, Listed> {
        match self {
            Body::Memory(report) => std::borrow::Cow::Owned(Listed::of(report)),
            Body::Stream(streamed) => std::borrow::Cow::Borrowed(&streamed.listed),
        }
    }

    /// Calls `each` with every finding, in the report's order; the first
    /// error, `each`'s or the rows' (as an I/O error), ends it.
    ///
    /// # Errors
    /// `each`'s, and the rows'.
    pub fn each_finding(
        self,
        mut each: impl FnMut(&Finding) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match self {
            Body::Memory(report) => report.findings.iter().try_for_each(each),
            Body::Stream(streamed) => carry(
                |stop| streamed.each_finding(&mut |f| stop(each(&f))),
                std::io::Error::other,
            ),
        }
    }
}

impl Body<'_> {
    /// The first `cap` findings, in the report's order, that `keep` keeps:
    /// the rows are read until then, no further (a writer's capped list).
    ///
    /// # Errors
    /// The rows'.
    pub fn first_findings(
        self,
        cap: usize,
        keep: impl Fn(&Finding) -> bool,
    ) -> std::io::Result<Vec<Finding>> {
        let mut first = Vec::new();
        if cap == 0 {
            return Ok(first);
        }
        let full = || std::io::Error::other("enough");
        let read = self.each_finding(|f| {
            if keep(f) {
                first.push(f.clone());
                if first.len() >= cap {
                    return Err(full());
                }
            }
            Ok(())
        });
        match read {
            Err(_) if first.len() >= cap => Ok(first),
            other => other.map(|()| first),
        }
    }

    /// Calls `each` with every page, in URL order; the first error, `each`'s
    /// or the rows' (as an I/O error), ends it.
    ///
    /// # Errors
    /// `each`'s, and the rows'.
    pub fn each_page(
        self,
        mut each: impl FnMut(&PageReport) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match self {
            Body::Memory(report) => report.pages.iter().try_for_each(each),
            Body::Stream(streamed) => carry(
                |stop| streamed.each_page(&mut |p| stop(each(&p))),
                std::io::Error::other,
            ),
        }
    }
}

impl Body<'_> {
    /// [`Body::each_finding`] for a serializer: the first error of `each`
    /// (or of the rows, as the serializer's error) ends it.
    ///
    /// # Errors
    /// `each`'s, and the rows'.
    pub fn serialize_each<E: serde::ser::Error>(
        self,
        mut each: impl FnMut(&Finding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut failed = None;
        let read = self.each_finding(|f| {
            each(f).map_err(|e| {
                failed = Some(e);
                // Only ends the rows; the error kept is returned.
                std::io::Error::other("stopped")
            })
        });
        match failed {
            Some(e) => Err(e),
            None => read.map_err(E::custom),
        }
    }
}

/// What the short writers (the terminal summary, `summary.md`, GitHub
/// annotations) need of the findings and pages besides the head: counts
/// ([`Listed::of`] over a report in memory, counted as the rows go by when
/// streamed) — their lists of findings are the first few read again
/// ([`Body::first_findings`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed {
    /// Findings in all.
    pub findings: usize,
    /// Findings the baseline did not accept (new).
    pub new: usize,
    /// Findings outside template groups (listed one by one).
    pub ungrouped: usize,
    /// Of those, the new ones.
    pub ungrouped_new: usize,
    /// New failed findings: notices, warnings, errors.
    pub new_failed: [usize; 3],
    /// The problems' inputs that are a link finding's target (a link target
    /// that did not answer is a finding, not a problem to say again).
    pub link_targets: BTreeSet<String>,
    /// The pages' omitted-finding notes (page, rule, occurrences past the
    /// cap), the first [`MAX_OMITTED`].
    pub omitted: Vec<(String, String, usize)>,
    /// Every page's omitted-finding notes.
    pub omitted_total: usize,
}

/// Omitted-finding notes kept for the terminal summary.
pub const MAX_OMITTED: usize = 20;

impl Listed {
    /// The counts of a report in memory.
    #[must_use]
    pub fn of(report: &Report) -> Self {
        let mut lister = Lister::new(&report.problems);
        report.findings.iter().for_each(|f| lister.finding(f));
        report.pages.iter().for_each(|p| lister.page(p));
        lister.listed
    }

    /// New failed findings of `threshold` or above (none without one).
    #[must_use]
    pub fn new_failed_from(&self, threshold: Option<Severity>) -> usize {
        let Some(threshold) = threshold else {
            return 0;
        };
        [Severity::Notice, Severity::Warning, Severity::Error]
            .into_iter()
            .zip(self.new_failed)
            .filter(|(s, _)| *s >= threshold)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Counts [`Listed`], one finding and one page at a time.
struct Lister {
    /// The problems' inputs.
    problems: HashSet<String>,
    listed: Listed,
}

impl Lister {
    fn new(problems: &[Problem]) -> Self {
        Lister {
            problems: problems.iter().map(|p| p.input.clone()).collect(),
            listed: Listed::default(),
        }
    }

    fn finding(&mut self, f: &Finding) {
        let l = &mut self.listed;
        l.findings += 1;
        let new = f.is_new();
        l.new += usize::from(new);
        if f.template.is_none() {
            l.ungrouped += 1;
            l.ungrouped_new += usize::from(new);
        }
        if new && f.outcome == Outcome::Failed {
            l.new_failed[match f.severity {
                Severity::Notice => 0,
                Severity::Warning => 1,
                Severity::Error => 2,
            }] += 1;
        }
        if f.family == Some(Family::Links)
            && let Some(target) = f.args.get("target")
            && self.problems.contains(target)
            && !l.link_targets.contains(target)
        {
            l.link_targets.insert(target.clone());
        }
    }

    fn page(&mut self, page: &PageReport) {
        let l = &mut self.listed;
        for (rule, count) in &page.omitted_findings {
            if l.omitted.len() < MAX_OMITTED {
                l.omitted.push((page.url.clone(), rule.clone(), *count));
            }
            l.omitted_total += 1;
        }
    }
}

/// Runs `read` (rows read one at a time, each handed on), carrying the
/// first error the handing on gave (`stop` turns it into one that ends the
/// rows) out as it was; an error of the rows themselves is `rows_error`'s.
///
/// # Errors
/// The first error handed to `stop`, else the rows'.
pub fn carry<E>(
    read: impl FnOnce(&mut dyn FnMut(std::result::Result<(), E>) -> Result<()>) -> Result<()>,
    rows_error: impl FnOnce(Error) -> E,
) -> std::result::Result<(), E> {
    let mut failed: Option<E> = None;
    let read = read(&mut |result| {
        result.map_err(|e| {
            failed = Some(e);
            // Only ends the rows; the error carried is returned.
            Error::Usage(String::new())
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    read.map_err(rows_error)
}
