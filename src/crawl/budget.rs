//! Time budgets (`[limits] site_budget_secs`, `audit_budget_secs`): a site's
//! clock starts with its first request; when its budget (or the whole
//! crawl's) is spent, the site is ended honestly: what is still queued is
//! left (recorded as such, with the reason, so the report marks the site
//! incomplete), its requests in flight are abandoned, and every page already
//! audited keeps its findings. Budgets count the wall clock over every run
//! of the audit: the time counted is kept in the store (every second or so,
//! and when a run stops) and `--resume` counts on from it.

#[cfg(test)]
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use super::crawler::Crawler;
use super::frontier::{Frontier, SpentTime};
use crate::config::Limits;
use crate::error::Result;
use crate::facts::skip::SkipReason;

/// What a URL left by a site's budget said in stores written before the
/// reasons were keys ([`SkipReason::SiteBudget`] now; the report reads both).
pub const SITE_BUDGET_SPENT: &str = "time budget spent: site";
/// What a URL left by the audit's budget said in those stores
/// ([`SkipReason::AuditBudget`] now).
pub const AUDIT_BUDGET_SPENT: &str = "time budget spent: audit";

/// The budgets and the clocks.
#[derive(Debug)]
pub(super) struct Budget {
    site: Option<Duration>,
    audit: Option<Duration>,
    started: Instant,
    site_started: HashMap<String, Instant>,
    /// What earlier runs counted (`--resume`).
    carried: SpentTime,
    /// Sites ended (by their budget or the audit's), and why.
    ended: HashMap<Option<String>, SkipReason>,
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
            carried: SpentTime::default(),
            ended: HashMap::new(),
            all_ended: false,
        }
    }

    /// Counts on from what earlier runs of the audit counted.
    pub fn resume(&mut self, carried: SpentTime) {
        self.carried = carried;
    }

    /// The time counted so far, this run's and earlier runs' together.
    pub fn spent(&self) -> SpentTime {
        let mut sites = self.carried.sites.clone();
        for (site, at) in &self.site_started {
            *sites.entry(site.clone()).or_default() += at.elapsed();
        }
        SpentTime {
            audit: self.carried.audit + self.started.elapsed(),
            sites,
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
    pub fn ended(&self, lane: &Option<String>) -> Option<SkipReason> {
        if self.all_ended {
            return Some(SkipReason::AuditBudget);
        }
        self.ended.get(lane).cloned()
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
        let counted = self.spent();
        if self.audit.is_some_and(|b| counted.audit >= b) {
            self.all_ended = true;
            return Spent::All;
        }
        let Some(budget) = self.site else {
            return Spent::Sites(Vec::new());
        };
        let spent: Vec<Option<String>> = counted
            .sites
            .into_iter()
            .filter(|(site, time)| *time >= budget && !self.ended.contains_key(&Some(site.clone())))
            .map(|(site, _)| Some(site))
            .collect();
        for lane in &spent {
            self.ended.insert(lane.clone(), SkipReason::SiteBudget);
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
            let reason = self.budget.ended(&lane).unwrap_or(SkipReason::SiteBudget);
            frontier.leave_queued(lane.as_deref(), &reason.stored())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(site: f64, audit: f64) -> Limits {
        Limits {
            site_budget_secs: Some(site),
            audit_budget_secs: Some(audit),
            ..Limits::default()
        }
    }

    #[test]
    fn time_counted_by_an_earlier_run_is_spent_on_resume() {
        let mut fresh = Budget::new(&limits(60.0, 600.0));
        fresh.request(Some("a"));
        assert!(matches!(fresh.newly_spent(), Spent::Sites(s) if s.is_empty()));

        // A site that spent its minute before the kill is ended at once.
        let mut resumed = Budget::new(&limits(60.0, 600.0));
        resumed.resume(SpentTime {
            audit: Duration::from_secs(100),
            sites: [("a".to_string(), Duration::from_secs(61))].into(),
        });
        assert!(
            matches!(resumed.newly_spent(), Spent::Sites(s) if s == vec![Some("a".to_string())])
        );
        assert_eq!(
            resumed.ended(&Some("a".into())),
            Some(SkipReason::SiteBudget)
        );
        assert!(resumed.spent().audit >= Duration::from_secs(100));

        // So is the whole audit past its budget.
        let mut over = Budget::new(&limits(60.0, 600.0));
        over.resume(SpentTime {
            audit: Duration::from_secs(601),
            sites: BTreeMap::new(),
        });
        assert!(matches!(over.newly_spent(), Spent::All));
        assert_eq!(over.ended(&None), Some(SkipReason::AuditBudget));
    }
}
