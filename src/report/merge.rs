//! `portal-audit merge`: the reports of one audit split across machines
//! (`audit --shard I/N`, `audit --sites`) put back into the report a single
//! run of the same sites writes. Nothing is checked again: the sites, pages,
//! findings, checklists and review items are the shards' own, put in the
//! order one run puts them; what is derived from them (rules table,
//! bibliography, template defects, counts, statistics, the gate's verdict)
//! is derived again as [`super::assemble`] derives it.
//!
//! Reports that are not parts of one audit are refused: another tool version
//! or report format, ruleset, reference date, profiles, gate, configuration
//! or province, a site in two reports, or a shard missing or given twice.
//! The language is only the one texts are shown in: the merge's own applies.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{CrawlReport, Finding, GateResult, Report, SiteReport};
use crate::config::Selected;
pub use crate::error::{MergeError, MergeField as Field};

/// How the gate counts findings under a report's policy (`gate::recount`;
/// the gate is a layer above the report).
pub type Recount<'a> = &'a dyn Fn(&[Finding], &GateResult) -> GateResult;

/// Merges the reports of one audit's shards, each named (its file) for the
/// errors, into the report one run of all their sites writes; `recount`
/// evaluates the gate again over all the findings.
///
/// # Errors
/// [`MergeError`] when the reports are not parts of one audit.
pub fn merge(reports: Vec<(String, Report)>, recount: Recount<'_>) -> Result<Report, MergeError> {
    check(&reports)?;
    let mut reports = reports.into_iter().map(|(_, r)| r);
    let Some(first) = reports.next() else {
        return Err(MergeError::Nothing);
    };
    let rest: Vec<Report> = reports.collect();
    let selection = first.run.selection.clone();
    let mut merged = first;
    for report in rest {
        absorb(&mut merged, report);
    }
    finish(&mut merged, selection, recount);
    Ok(merged)
}

/// The reports are parts of one audit (see [`MergeError`]).
fn check(reports: &[(String, Report)]) -> Result<(), MergeError> {
    let Some((first_file, first)) = reports.first() else {
        return Err(MergeError::Nothing);
    };
    for (file, report) in &reports[1..] {
        let pairs: [(Field, String, String); 9] = [
            (
                Field::Version,
                first.tool.version.clone(),
                report.tool.version.clone(),
            ),
            (
                Field::Format,
                first.schema_version.clone(),
                report.schema_version.clone(),
            ),
            (
                Field::Command,
                first.run.command.clone(),
                report.run.command.clone(),
            ),
            (
                Field::Rulesets,
                first.run.rulesets.join(", "),
                report.run.rulesets.join(", "),
            ),
            (
                Field::AsOf,
                first.run.as_of.to_string(),
                report.run.as_of.to_string(),
            ),
            (
                Field::Gate,
                gate_policy(&first.gate),
                gate_policy(&report.gate),
            ),
            (
                Field::Configuration,
                configuration(first),
                configuration(report),
            ),
            (Field::Shards, shard_count(first), shard_count(report)),
            (
                Field::Province,
                first.run.province.clone().unwrap_or_default(),
                report.run.province.clone().unwrap_or_default(),
            ),
        ];
        for (field, ours, theirs) in pairs {
            if ours != theirs {
                return Err(MergeError::Differs {
                    file: file.clone(),
                    first: first_file.clone(),
                    field,
                    ours,
                    theirs,
                });
            }
        }
    }
    // The profiles applied are the same for every site with a checklist of
    // one run: compare the first such site of each report.
    let profiles = |r: &Report| {
        r.sites
            .iter()
            .find_map(|s| s.checklist.as_ref())
            .map(|c| c.profiles.join(", "))
    };
    let mut seen: Option<(&String, String)> = None;
    for (file, report) in reports {
        if let Some(mine) = profiles(report) {
            match &seen {
                Some((first, theirs)) if *theirs != mine => {
                    return Err(MergeError::Differs {
                        file: file.clone(),
                        first: (*first).clone(),
                        field: Field::Profiles,
                        ours: theirs.clone(),
                        theirs: mine,
                    });
                }
                Some(_) => {}
                None => seen = Some((file, mine)),
            }
        }
    }
    // Each site once.
    let mut owner: HashMap<&str, &String> = HashMap::new();
    for (file, report) in reports {
        for site in &report.sites {
            if let Some(other) = owner.insert(&site.id, file) {
                return Err(MergeError::Overlap {
                    site: site.id.clone(),
                    first: other.clone(),
                    second: file.clone(),
                });
            }
        }
    }
    // Every shard of a split, once.
    let shards: Vec<_> = reports
        .iter()
        .filter_map(|(_, r)| r.run.selection.as_ref().and_then(|s| s.shard))
        .collect();
    if let Some(count) = shards.first().map(|s| s.count) {
        let mut given: BTreeMap<u32, usize> = BTreeMap::new();
        for shard in &shards {
            *given.entry(shard.index).or_default() += 1;
        }
        for index in 0..count {
            let times = given.get(&index).copied().unwrap_or(0);
            let shard = format!("{index}/{count}");
            let last = count - 1;
            if times == 0 {
                return Err(MergeError::MissingShard { shard, count, last });
            }
            if times > 1 {
                return Err(MergeError::TwiceShard { shard, count, last });
            }
        }
    }
    Ok(())
}

/// Serde's name of a value, for the comparisons above.
mod erased {
    /// A value shown as its JSON.
    pub trait Show {
        fn show(&self) -> String;
    }
    impl<T: serde::Serialize> Show for T {
        fn show(&self) -> String {
            serde_json::to_string(self)
                .unwrap_or_default()
                .trim_matches('"')
                .to_string()
        }
    }
}

/// The gate's policy as a report keeps it (not its verdict).
fn gate_policy(gate: &GateResult) -> String {
    use erased::Show;
    format!(
        "fail-on {}, max-findings {}, gate-by {}, baseline {}",
        gate.fail_on.show(),
        gate.max_findings,
        gate.gate_by.show(),
        gate.baseline.as_deref().unwrap_or("none")
    )
}

/// The configuration's sites, when the report is of a selection.
fn configuration(report: &Report) -> String {
    report.run.selection.as_ref().map_or_else(String::new, |s| {
        s.configured
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The number of shards of a shard's report.
fn shard_count(report: &Report) -> String {
    report
        .run
        .selection
        .as_ref()
        .and_then(|s| s.shard)
        .map_or_else(|| "none".to_string(), |s| s.count.to_string())
}

/// Adds another shard's report to `merged`: what it holds, as it is.
fn absorb(merged: &mut Report, report: Report) {
    let run = &mut merged.run;
    run.inputs.extend(report.run.inputs);
    run.started_at = run.started_at.clone().min(report.run.started_at);
    run.finished_at = run.finished_at.clone().max(report.run.finished_at);
    if let Some(selection) = report.run.selection {
        let mine = run.selection.get_or_insert_with(|| Selected {
            shard: selection.shard,
            configured: selection.configured.clone(),
            audited: Vec::new(),
        });
        mine.audited.extend(selection.audited);
    }
    merged.legal_documents.extend(report.legal_documents);
    merged.sites.extend(report.sites);
    merged.pages.extend(report.pages);
    merged.rules.extend(report.rules);
    merged.findings.extend(report.findings);
    merged.review.extend(report.review);
    merged.problems.extend(report.problems);
    // Entries of the baseline no shard matched are absent from the whole.
    let absent: BTreeSet<String> = report
        .gate
        .absent
        .iter()
        .map(|e| e.fingerprint.clone())
        .collect();
    merged
        .gate
        .absent
        .retain(|e| absent.contains(&e.fingerprint));
    merged.crawl = match (merged.crawl.take(), report.crawl) {
        (Some(mut ours), Some(theirs)) => {
            absorb_crawl(&mut ours, theirs);
            Some(ours)
        }
        (ours, theirs) => ours.or(theirs),
    };
}

/// Adds another shard's crawl: its sites, skipped URLs and redirects, its
/// link counts. A link target two shards both checked is counted by each.
fn absorb_crawl(ours: &mut CrawlReport, theirs: CrawlReport) {
    if ours.store != theirs.store {
        ours.store = format!("{} + {}", ours.store, theirs.store);
    }
    ours.complete &= theirs.complete;
    ours.resumed = ours.resumed.max(theirs.resumed);
    ours.sites.extend(theirs.sites);
    ours.skipped.extend(theirs.skipped);
    ours.redirects.extend(theirs.redirects);
    for (status, n) in theirs.link_status {
        *ours.link_status.entry(status).or_default() += n;
    }
    ours.links += theirs.links;
}

/// Puts everything in the order one run puts it and derives again what
/// `assemble` derives.
fn finish(report: &mut Report, first_selection: Option<Selected>, recount: Recount<'_>) {
    // The configuration's order, when the reports say it; else as given.
    let order: HashMap<String, usize> = first_selection
        .as_ref()
        .map(|s| {
            s.configured
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.clone(), i))
                .collect()
        })
        .unwrap_or_default();
    let rank = |id: &str| order.get(id).copied().unwrap_or(usize::MAX);
    report
        .sites
        .sort_by_key(|s: &SiteReport| rank(s.id.as_str()));
    if let Some(selection) = &first_selection {
        let roots: HashMap<&str, usize> = selection
            .configured
            .iter()
            .enumerate()
            .map(|(i, c)| (c.root.as_str(), i))
            .collect();
        report
            .run
            .inputs
            .sort_by_key(|root| roots.get(root.as_str()).copied().unwrap_or(usize::MAX));
    }
    if let Some(crawl) = &mut report.crawl {
        crawl.sites.sort_by_key(|s| rank(s.id.as_str()));
        crawl.skipped.sort_by(|a, b| a.url.cmp(&b.url));
        crawl.skipped.dedup();
        crawl.redirects.sort_by(|a, b| a.url.cmp(&b.url));
        crawl.redirects.dedup_by(|a, b| a.url == b.url);
    }
    // A run of every configured site is no selection.
    if let Some(selection) = &mut report.run.selection {
        selection.audited.sort_by_key(|id| rank(id.as_str()));
        let all: BTreeSet<&str> = selection.configured.iter().map(|c| c.id.as_str()).collect();
        let audited: BTreeSet<&str> = selection.audited.iter().map(String::as_str).collect();
        if all == audited {
            report.run.selection = None;
        } else {
            selection.shard = None;
        }
    }
    report.pages.sort_by(|a, b| a.url.cmp(&b.url));
    report.problems.sort_by(|a, b| a.input.cmp(&b.input));
    report.problems.dedup();
    // The rules that ran anywhere, in the registry's order.
    let rules: BTreeMap<String, super::model::RuleReport> = std::mem::take(&mut report.rules)
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let mut rules = rules;
    let mut ordered: Vec<super::model::RuleReport> = crate::rules::all()
        .filter_map(|rule| rules.remove(rule.id))
        .collect();
    ordered.extend(rules.into_values());
    report.rules = ordered;
    // The bibliography: every document any shard cites, by id (as `legal.toml` is kept).
    let documents: BTreeMap<String, super::model::DocumentStatus> =
        std::mem::take(&mut report.legal_documents)
            .into_iter()
            .map(|d| (d.id.clone(), d))
            .collect();
    report.legal_documents = documents.into_values().collect();
    // Findings in `assemble`'s order (sites are disjoint, so the sort only
    // interleaves whole shards), then the template defects grouped again.
    super::sort_findings(&mut report.findings);
    report.templates = super::templates::group(&mut report.findings);
    // Review items in the order of their first occurrence.
    let position: HashMap<&str, usize> = report
        .findings
        .iter()
        .enumerate()
        .rev()
        .map(|(i, f)| (f.fingerprint.as_str(), i))
        .collect();
    let first = |item: &super::model::ReviewItem| {
        item.locations
            .first()
            .and_then(|l| position.get(l.fingerprint.as_str()).copied())
            .unwrap_or(usize::MAX)
    };
    let mut review = std::mem::take(&mut report.review);
    review.sort_by_key(first);
    report.review = review;
    report.counts = super::model::Counts::of(&report.pages, &report.findings);
    // The gate counted again over every finding, under the shards' policy;
    // a finding's baseline state is the shard's.
    let absent = std::mem::take(&mut report.gate.absent);
    let mut gate = recount(&report.findings, &report.gate);
    gate.absent = absent;
    report.gate = gate;
    report.statistics = super::statistics::compute(report);
}
