//! Whose turn it is: the sites take turns for the fetch slots (one huge or
//! slow site does not hold the others back), and a site's page slots are
//! given when a page is fetched, not when it is found, so URLs that fail or
//! turn out not to be pages never spend the page limit.
//!
//! Within a site, URLs go shallowest first (the root, the pages it links to,
//! then the pages its sitemaps list and deeper links), and a page candidate
//! waits while a shallower page of its site is not recorded yet (its links
//! may come first): which pages the limit keeps does not depend on timing. A page candidate whose
//! turn comes once the site's limit is spent is only checked, or, when no
//! page links to it (a sitemap entry), left out and said so.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use tokio::task::JoinSet;
use url::Url;

use super::crawler::Crawler;
use super::frontier::{Action, Frontier, NewUrl, Queued};
use super::tasks::{self, FetchOutput};
use super::url::host_key;
use crate::error::Result;
use crate::facts::LinkStatus;
use crate::facts::skip::SkipReason;

/// A site's page slots.
#[derive(Debug, Default, Clone)]
pub(super) struct Slots {
    /// Pages audited.
    pub audited: usize,
    /// Page fetches in flight (a slot each until they end).
    pub fetching: usize,
    /// How many of them at each depth.
    pub depths: BTreeMap<u32, usize>,
}

/// The sites (`None`: URLs of no site) with URLs queued, and whose turn is next.
#[derive(Debug, Default)]
pub(super) struct Lanes {
    active: BTreeSet<Option<String>>,
    /// The lane after which the next round starts.
    last: Option<Option<String>>,
}

impl Lanes {
    /// A lane has (maybe) URLs queued again.
    pub fn wake(&mut self, site: Option<&str>) {
        if !self.active.contains(&site.map(str::to_string)) {
            self.active.insert(site.map(str::to_string));
        }
    }

    /// Whether no lane is known to have URLs queued.
    pub fn is_empty(&self) -> bool {
        self.active.is_empty()
    }

    /// The lanes in turn order: those after the last served, then the rest.
    fn round(&self) -> Vec<Option<String>> {
        let Some(last) = &self.last else {
            return self.active.iter().cloned().collect();
        };
        let after = self
            .active
            .range::<Option<String>, _>((
                std::ops::Bound::Excluded(last),
                std::ops::Bound::Unbounded,
            ))
            .cloned();
        let before = self.active.range::<Option<String>, _>(..=last).cloned();
        after.chain(before).collect()
    }
}

/// What the loop keeps of the fetches in flight.
pub(super) struct InFlight<'a, P> {
    pub fetching: &'a mut JoinSet<FetchOutput<P>>,
    pub ids: &'a mut HashSet<i64>,
    pub host_load: &'a mut HashMap<String, usize>,
}

impl<P: Send + 'static> Crawler<P> {
    /// Starts up to `room` fetches, the sites taking turns.
    pub(super) fn dispatch<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        mut room: usize,
        flight: &mut InFlight<'_, P>,
    ) -> Result<()> {
        if self.lanes.is_empty() {
            for site in frontier.queued_sites()? {
                self.lanes.wake(site.as_deref());
            }
        }
        let per_host = self.config.limits.per_host();
        for lane in self.lanes.round() {
            if room == 0 {
                break;
            }
            if let Some(reason) = self.budget.ended(&lane) {
                // Its time budget is spent: what was added since is left too.
                frontier.leave_queued(lane.as_deref(), &reason.stored())?;
                self.lanes.active.remove(&lane);
                continue;
            }
            let rows = frontier.next_queued_in(lane.as_deref(), room * 4, flight.ids)?;
            if rows.is_empty() {
                // Nothing left but what is in flight; what those add wakes it again.
                self.lanes.active.remove(&lane);
                continue;
            }
            let mut served = false;
            for mut queued in rows {
                if room == 0 {
                    break;
                }
                let host = Url::parse(&queued.url)
                    .map(|u| host_key(&u))
                    .unwrap_or_default();
                if flight.host_load.get(&host).copied().unwrap_or(0) >= per_host {
                    continue;
                }
                if queued.action == Action::Crawl
                    && let Some(site) = queued.site.clone()
                {
                    let limit = self.config.limits.pages_per_site();
                    let slots = self.slots.entry(site).or_default();
                    if slots
                        .depths
                        .keys()
                        .next()
                        .is_some_and(|&d| d < queued.depth)
                    {
                        // A shallower page of the site is not recorded yet:
                        // its links may come first (breadth first, so which
                        // pages the limit keeps does not depend on timing).
                        continue;
                    }
                    if slots.audited >= limit {
                        if !self.over_limit(frontier, &mut queued)? {
                            continue;
                        }
                    } else if slots.audited + slots.fetching >= limit {
                        // Wait: a page in flight may yet fail and free its slot.
                        continue;
                    } else {
                        slots.fetching += 1;
                        *slots.depths.entry(queued.depth).or_default() += 1;
                    }
                }
                *flight.host_load.entry(host.clone()).or_default() += 1;
                flight.ids.insert(queued.id);
                self.budget.request(queued.site.as_deref());
                if let (Action::Resource(_), Some(site)) = (queued.action, &queued.site) {
                    *self.documents.in_flight.entry(site.clone()).or_default() += 1;
                }
                let (id, lane) = (queued.id, queued.site.clone());
                let handle = flight
                    .fetching
                    .spawn(tasks::run(self.shared.clone(), queued, host));
                self.handles.insert(id, (handle, lane));
                room -= 1;
                served = true;
            }
            if served {
                self.lanes.last = Some(lane);
            }
        }
        Ok(())
    }

    /// A page candidate of a site whose page limit is spent: only checked
    /// (`true`, `queued` changed), or left out when no page links to it.
    fn over_limit<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        queued: &mut Queued,
    ) -> Result<bool> {
        let listed_only = self.listed_only.remove(&queued.url);
        let new = NewUrl {
            url: queued.url.clone(),
            site: queued.site.clone(),
            depth: queued.depth,
            action: if listed_only {
                Action::Skip
            } else {
                Action::Check
            },
            need_anchors: queued.need_anchors,
            skip: listed_only.then(|| (LinkStatus::Excluded, SkipReason::PageLimit.stored())),
        };
        frontier.redecide(&new)?;
        queued.action = new.action;
        Ok(!listed_only)
    }

    /// A fetch ended (`page`: it gave an audited page): its page slot, if it
    /// held one, is freed or becomes an audited page.
    pub(super) fn fetch_ended(&mut self, queued: &Queued, page: bool) {
        if let (Action::Resource(_), Some(site)) = (queued.action, &queued.site)
            && let Some(n) = self.documents.in_flight.get_mut(site)
        {
            *n = n.saturating_sub(1);
        }
        if queued.action != Action::Crawl {
            return;
        }
        if let Some(slots) = queued.site.as_ref().and_then(|s| self.slots.get_mut(s))
            && let Some(n) = slots.depths.get_mut(&queued.depth)
        {
            *n -= 1;
            if *n == 0 {
                slots.depths.remove(&queued.depth);
            }
            slots.fetching = slots.fetching.saturating_sub(1);
            slots.audited += usize::from(page);
        }
    }

    /// Nothing is in flight: no page slot is held.
    pub(super) fn nothing_in_flight(&mut self) {
        self.documents.in_flight.clear();
        for slots in self.slots.values_mut() {
            slots.fetching = 0;
            slots.depths.clear();
        }
    }

    /// URLs were added: their lanes have work again.
    pub(super) fn wake(&mut self, urls: &[NewUrl]) {
        for u in urls.iter().filter(|u| u.skip.is_none()) {
            self.lanes.wake(u.site.as_deref());
        }
    }

    /// The sites' page slots as the frontier has them (on resume).
    pub(super) fn load_slots(&mut self, audited: BTreeMap<String, usize>) {
        for (site, n) in audited {
            self.slots.entry(site).or_default().audited = n;
        }
    }
}
