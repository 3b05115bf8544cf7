//! Time budgets (`[limits] site_budget_secs`, `audit_budget_secs`): a site's
//! clock starts with its first request; when its budget (or the whole
//! crawl's) is spent, the site is ended honestly: what is still queued is
//! left (recorded as such, with the reason, so the report marks the site
//! incomplete), its requests in flight are abandoned, and every page already
//! audited keeps its findings. Budgets count the wall clock of one run.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use super::crawler::Crawler;
use super::frontier::Frontier;
use crate::config::Limits;
use crate::error::Result;

/// What a URL left by a site's budget says (the report reads the prefix).
pub const SITE_BUDGET_SPENT: &str = "time budget spent: site";
/// What a URL left by the audit's budget says.
pub const AUDIT_BUDGET_SPENT: &str = "time budget spent: audit";

/// The budgets and the clocks.
#[derive(Debug)]
pub(super) struct Budget {
    site: Option<Duration>,
    audit: Option<Duration>,
    started: Instant,
    site_started: HashMap<String, Instant>,
    /// Sites ended (by their budget or the audit's), and why.
    ended: HashMap<Option<String>, &'static str>,
    /// Every lane is ended.
    all_ended: bool,
}

impl Budget {
    pub fn new(limits: &Limits) -> Self {
        Self {
            site: limits.site_budget(),
            audit: limits.audit_budget(),
            started: Instant::now(),
            site_started: HashMap::new(),
            ended: HashMap::new(),
            all_ended: false,
        }
    }

    /// A request of `site` starts: its clock runs from the first.
    pub fn request(&mut self, site: Option<&str>) {
        if self.site.is_some()
            && let Some(site) = site
            && !self.site_started.contains_key(site)
        {
            self.site_started.insert(site.to_string(), Instant::now());
        }
    }

    /// Why a lane is ended, if it is.
    pub fn ended(&self, lane: &Option<String>) -> Option<&'static str> {
        if self.all_ended {
            return Some(AUDIT_BUDGET_SPENT);
        }
        self.ended.get(lane).copied()
    }

    /// Whether any budget is set.
    pub fn any(&self) -> bool {
        self.site.is_some() || self.audit.is_some()
    }

    /// What ran out since asked last.
    fn newly_spent(&mut self) -> Spent {
        if self.all_ended {
            return Spent::Sites(Vec::new());
        }
        if self.audit.is_some_and(|b| self.started.elapsed() >= b) {
            self.all_ended = true;
            return Spent::All;
        }
        let Some(budget) = self.site else {
            return Spent::Sites(Vec::new());
        };
        let spent: Vec<Option<String>> = self
            .site_started
            .iter()
            .filter(|(site, at)| {
                at.elapsed() >= budget && !self.ended.contains_key(&Some((*site).clone()))
            })
            .map(|(site, _)| Some(site.clone()))
            .collect();
        for lane in &spent {
            self.ended.insert(lane.clone(), SITE_BUDGET_SPENT);
        }
        Spent::Sites(spent)
    }
}

/// What ran out.
enum Spent {
    /// These sites' budgets.
    Sites(Vec<Option<String>>),
    /// The audit's: every lane.
    All,
}

impl<P: Send + 'static> Crawler<P> {
    /// Ends the sites whose budget ran out: their queued URLs are left (and
    /// said why), their fetches in flight abandoned.
    pub(super) fn spend_budgets<F: Frontier<Page = P>>(&mut self, frontier: &mut F) -> Result<()> {
        if !self.budget.any() {
            return Ok(());
        }
        let lanes: Vec<Option<String>> = match self.budget.newly_spent() {
            Spent::Sites(sites) => sites,
            Spent::All => {
                let mut lanes: HashSet<Option<String>> =
                    frontier.queued_sites()?.into_iter().collect();
                lanes.extend(self.handles.values().map(|(_, lane)| lane.clone()));
                lanes.into_iter().collect()
            }
        };
        for lane in lanes {
            let reason = self.budget.ended(&lane).unwrap_or(SITE_BUDGET_SPENT);
            frontier.leave_queued(lane.as_deref(), reason)?;
            self.handles.retain(|_, (handle, of)| {
                let keep = *of != lane;
                if !keep {
                    handle.abort();
                }
                keep
            });
        }
        Ok(())
    }
}
