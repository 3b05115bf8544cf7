//! Frontier decisions: for each URL found, whether it is crawled (a page of
//! an audited site, within depth, page limit and include patterns), only
//! checked, fetched as a document or feed, or skipped (and why: excluded,
//! robots.txt, a crawl trap, external checking off).

use std::collections::HashMap;

use url::Url;

use super::crawler::Crawler;
use super::frontier::{Action, Frontier, NewUrl};
use super::url::{self as curl, host_key};
use crate::error::Result;
use crate::facts::LinkStatus;
use crate::facts::skip::SkipReason;
use crate::page::links::{LinkKind, ResourceKind};

impl<P: Send + 'static> Crawler<P> {
    /// Decides what to do with an http(s) URL found at `depth` (`root`: a
    /// site's root, which no trap guard turns away). A skip is logged at the
    /// debug level (`-vv`) with its reason.
    pub(super) fn decide(
        &mut self,
        url: &Url,
        need_anchors: bool,
        kind: LinkKind,
        depth: u32,
        root: bool,
    ) -> NewUrl {
        let text = url.to_string();
        let site = self.scope.site_of(url).map(str::to_string);
        let mut new = NewUrl {
            url: text.clone(),
            site: site.clone(),
            depth,
            action: Action::Check,
            need_anchors,
            skip: None,
        };
        if let Some(reason) = self.scope.excluded(&text) {
            skip(&mut new, LinkStatus::Excluded, &reason);
            return new;
        }
        // An internal address no user named is never connected to: the link
        // is a finding of its own (link-unreachable), not a request.
        if let Err(refused) = self.shared.client.policy().check_url(url) {
            // Its detail is the link's (the link rules quote it as the
            // network's detail), not a reason with a key; the log words it.
            let reason = crate::messages::log_text(
                "skip-private-address",
                &[
                    ("host", &refused.host),
                    ("address", &refused.address.to_string()),
                ],
            );
            log_skip(&new.url, &reason);
            new.action = Action::Skip;
            new.skip = Some((LinkStatus::PrivateAddress, refused.to_string()));
            return new;
        }
        if site.is_none() {
            // A page of a site another shard audits is checked as in one run
            // of every site (where it is internal), not crawled here.
            if !self.config.crawl.check_external() && !self.scope.of_another_shard(url) {
                skip(&mut new, LinkStatus::Excluded, &SkipReason::External);
            }
            return new;
        }
        let allowed = self
            .robots
            .get(&host_key(url))
            .is_none_or(|r| r.allowed(&text));
        if !allowed {
            skip(&mut new, LinkStatus::RobotsDisallowed, &SkipReason::Robots);
            return new;
        }
        if !root && let Some(reason) = curl::trap_reason(url, &self.scope.traps, self.scope.year) {
            skip(&mut new, LinkStatus::Excluded, &reason);
            return new;
        }
        // A page candidate: its page slot is given when its turn comes (the
        // page limit binds then, see `turns`), so a URL that fails or is not
        // a page never spends it.
        if kind == LinkKind::Navigation
            && depth <= self.config.limits.max_depth()
            && self.scope.included(&text)
        {
            new.action = Action::Crawl;
        }
        new
    }

    /// Turns the decisions for a page's linked documents and feeds into
    /// fetches for analysis, when they are inside an audited site and would
    /// otherwise be crawled or checked (skipped ones stay skipped; documents
    /// on other hosts are only link-checked). A document does not count
    /// against the page limit.
    pub(super) fn fetch_resources<F: Frontier<Page = P>>(
        &mut self,
        frontier: &F,
        new_urls: &mut [NewUrl],
        resources: &HashMap<String, ResourceKind>,
    ) -> Result<()> {
        for new in new_urls.iter_mut() {
            let Some(&kind) = resources.get(&new.url) else {
                continue;
            };
            let Some(site) = Url::parse(&new.url)
                .ok()
                .and_then(|u| self.scope.site_of(&u).map(str::to_string))
            else {
                continue;
            };
            // Only a URL not fetched yet can still become a resource fetch.
            let known = frontier.known(&new.url)?;
            let fetched = self.resource_counts.entry(site.clone()).or_default();
            if !matches!(new.action, Action::Crawl | Action::Check)
                || known.is_some_and(|(_, queued)| !queued)
                || *fetched >= self.config.limits.pages_per_site()
            {
                continue;
            }
            *fetched += 1;
            new.action = Action::Resource(kind);
            new.site = Some(site);
        }
        Ok(())
    }
}

/// Marks `new` skipped with its reason (kept as a key and values, so a
/// report words it in its language), and logs why at the debug level (`-vv`).
fn skip(new: &mut NewUrl, status: LinkStatus, reason: &SkipReason) {
    log_skip(&new.url, &reason.message(crate::messages::log_lang()));
    new.action = Action::Skip;
    new.skip = Some((status, reason.stored()));
}

/// A skip decision at the debug level (`-vv`), in the log's language.
fn log_skip(url: &str, reason: &str) {
    tracing::debug!(
        "{}",
        crate::messages::log_text("log-skip", &[("url", url), ("reason", reason)])
    );
}

/// A URL already in the frontier, linked again: it keeps its decision; a
/// fragment asks for its anchors.
pub(super) fn known_url(url: String, action: Action, depth: u32, need_anchors: bool) -> NewUrl {
    NewUrl {
        url,
        site: None,
        depth,
        action,
        need_anchors,
        skip: None,
    }
}
