//! Recording a fetch task's result: a checked URL, an audited page with its
//! links and the URLs they add (decided here, in scope order), a document or
//! feed with the links of its items. Each is one all-or-nothing write.

use std::collections::{HashMap, HashSet};

use url::Url;

use super::crawler::Crawler;
use super::decide::known_url;
use super::frontier::{Action, Frontier, NewUrl, PageDone, Queued, ResourceDone, UrlResult};
use super::seed::is_component_host;
use super::tasks::{PendingParse, TaskOutput};
use super::url::{self as curl, host_key};
use crate::error::Result;
use crate::facts::{LinkRecord, LinkStatus, ResourceLink, resource_links};
use crate::page::links::{self, LinkKind, ResourceKind};
use crate::resource::ResourceFacts;

impl<P: Send + 'static> Crawler<P> {
    /// Records one result; `true` when it was an audited page.
    pub(super) async fn record<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        mut output: TaskOutput<P>,
    ) -> Result<bool> {
        // Whose URL it is, as the scope says now (a site discovered since the
        // URL was queued owns it too): availability is told per site.
        let site = Url::parse(&output.queued().url)
            .ok()
            .and_then(|u| self.scope.site_of(&u).map(str::to_string));
        output.result_mut().site = site;
        Self::log_failure(&output.queued().url, output.result());
        match output {
            TaskOutput::Url {
                queued,
                result,
                problem,
            } => frontier
                .finish_url(&queued.url, &result, problem.as_ref())
                .map(|()| false),
            TaskOutput::Resource {
                queued,
                result,
                facts,
            } => self
                .record_resource(frontier, &queued, &result, facts.as_deref())
                .map(|()| false),
            TaskOutput::Page {
                queued,
                result,
                address,
                final_url,
                analysed,
            } => {
                self.record_page(frontier, &queued, result, &address, &final_url, *analysed)
                    .await
            }
        }
    }

    /// A request that failed, at the info level (`-v`), in the log's
    /// language: an HTTP error status, or no answer (with the network error).
    fn log_failure(url: &str, result: &UrlResult) {
        let answer = &result.answer;
        match (answer.http_status, &answer.detail) {
            (Some(status), _) if status >= 400 => tracing::info!(
                "{}",
                crate::messages::log_text(
                    "log-request-status",
                    &[("url", url), ("status", &status.to_string())]
                )
            ),
            (None, Some(detail))
                if !matches!(
                    answer.status,
                    LinkStatus::Excluded
                        | LinkStatus::RobotsDisallowed
                        | LinkStatus::PrivateAddress
                        | LinkStatus::Unchecked
                ) =>
            {
                let detail = result.error.as_ref().map_or_else(
                    || detail.clone(),
                    |e| e.message(crate::messages::log_lang()),
                );
                tracing::info!(
                    "{}",
                    crate::messages::log_text(
                        "log-request-error",
                        &[("url", url), ("detail", &detail)]
                    )
                );
            }
            _ => {}
        }
    }

    async fn record_page<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        queued: &Queued,
        mut result: UrlResult,
        address: &str,
        final_url: &str,
        analysed: super::Analysed<P>,
    ) -> Result<bool> {
        let Some(decided) = self
            .page_links(
                frontier,
                queued,
                address,
                final_url,
                analysed.links,
                analysed.base.as_deref(),
            )
            .await?
        else {
            return frontier
                .finish_url(&queued.url, &result, None)
                .map(|()| false);
        };
        result.anchors = Some(analysed.anchors);
        self.wake(&decided.new_urls);
        frontier
            .finish_page(PageDone {
                url: &queued.url,
                result: &result,
                landed: decided.landed,
                page: analysed.page,
                resources: decided.resources,
                links: &decided.stored,
                new_urls: &decided.new_urls,
            })
            .map(|()| true)
    }

    /// Queues the links of a page whose analysis sent them ahead (the
    /// browser renders it meanwhile), as [`Self::record_page`] decides them:
    /// one write. The page is recorded when its analysis ends; its links are
    /// decided again then, the ones queued here being known.
    pub(super) async fn record_links_ahead<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        pending: &PendingParse<P>,
        links: Vec<links::Link>,
        base: Option<String>,
    ) -> Result<()> {
        let Some(decided) = self
            .page_links(
                frontier,
                pending.queued(),
                pending.address(),
                pending.final_url(),
                links,
                base.as_deref(),
            )
            .await?
        else {
            return Ok(());
        };
        self.wake(&decided.new_urls);
        frontier.add_urls(&decided.new_urls)
    }

    /// A page's links as the frontier keeps them and the URLs they add or
    /// change; `None` when the page is not audited here (its final URL does
    /// not parse, or it was redirected to another site or to an address
    /// known already).
    async fn page_links<'a, F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        queued: &Queued,
        address: &'a str,
        final_url: &str,
        links: Vec<links::Link>,
        base: Option<&str>,
    ) -> Result<Option<PageLinks<'a>>> {
        let portal_id = self.scope.portal().unwrap_or_default().to_string();
        let page_url = Url::parse(&queued.url).ok();
        let final_url = Url::parse(final_url).ok().or_else(|| page_url.clone());
        let Some(final_url) = final_url else {
            return Ok(None);
        };
        if queued.depth == 0
            && let Some(site) = &queued.site
        {
            self.alias_root(site, &queued.url, final_url.as_str()).await;
        }
        // Redirected: the page is audited once, at its final address, and
        // only when that address is a page of the same site.
        let landed = if address == queued.url {
            None
        } else {
            let same_site = Url::parse(address)
                .ok()
                .is_some_and(|u| self.scope.site_of(&u) == queued.site.as_deref());
            if !same_site || frontier.known(address)?.is_some() {
                return Ok(None);
            }
            Some(address)
        };
        let base = base
            .and_then(|b| final_url.join(b).ok())
            .unwrap_or_else(|| final_url.clone());
        // Linked documents and advertised feeds are named by their frontier
        // URL (resolved against the page's base), under which their facts are
        // stored.
        let resources = resource_links(&links, |href| {
            curl::normalize(&base, href, &self.scope.strip).map(|n| n.url.to_string())
        });
        let mut resource_kinds: HashMap<String, ResourceKind> = HashMap::new();
        for link in &resources {
            resource_kinds.entry(link.url.clone()).or_insert(link.kind);
        }
        let mut stored = Vec::with_capacity(links.len());
        let mut new_urls: Vec<NewUrl> = Vec::new();
        let mut seen: HashMap<String, (usize, bool)> = HashMap::new();
        let mut discovered: Vec<Url> = Vec::new();
        // The links are moved into their records (their texts and elements
        // are not copied).
        let rows: Vec<_> = links
            .into_iter()
            .map(|link| (link.kind, stored_link(link, &base, &self.scope.strip)))
            .collect();
        // What the frontier already knows of this page's targets, asked once
        // for the page (the frontier does not change until the page is
        // finished, except when a discovered site is added: then each later
        // target is asked again).
        let mut known_before = Some(
            frontier.known_many(
                &mut rows
                    .iter()
                    .filter(|(_, (_, n))| n.is_some())
                    .map(|(_, (row, _))| row.target.as_str()),
            )?,
        );
        for (kind, (link_row, normalized)) in rows {
            let (target, fragment) = (link_row.target.clone(), link_row.fragment.is_some());
            stored.push(link_row);
            let Some(n) = normalized else { continue };
            if !self.listed_only.is_empty() {
                self.listed_only.remove(&target);
            }
            if n.url.as_str() == queued.url.as_str()
                || n.url.as_str() == address
                || Some(&n.url) == page_url.as_ref()
            {
                continue;
            }
            if self.discover
                && queued.site.as_deref() == Some(portal_id.as_str())
                && self.scope.site_of(&n.url).is_none()
                && is_component_host(&final_url, &n.url)
                && !discovered.iter().any(|d| host_key(d) == host_key(&n.url))
            {
                discovered.push(n.url.clone());
            }
            if let Some(&(i, upgradable)) = seen.get(&target) {
                let existing: &mut NewUrl = &mut new_urls[i];
                existing.need_anchors |= fragment;
                if upgradable && kind == LinkKind::Navigation && existing.action == Action::Check {
                    let upgraded = self.decide(
                        &n.url,
                        existing.need_anchors,
                        LinkKind::Navigation,
                        queued.depth + 1,
                        false,
                    );
                    new_urls[i] = upgraded;
                }
                continue;
            }
            // A URL already in the frontier keeps its decision (and its place
            // in the page limit); only a queued check may become a crawl, and
            // a fragment asks for its anchors.
            let known = match &known_before {
                Some(known) => known.get(&target).map(|k| (k.action, k.queued)),
                None => frontier.known(&target)?,
            };
            if let Some((action, queued_still)) = known {
                let upgradable = action == Action::Check && queued_still;
                seen.insert(target.clone(), (new_urls.len(), upgradable));
                let known = if upgradable && kind == LinkKind::Navigation {
                    self.decide(&n.url, fragment, kind, queued.depth + 1, false)
                } else {
                    known_url(target, action, queued.depth + 1, fragment)
                };
                new_urls.push(known);
                continue;
            }
            // Discovered hosts become sites before the decision.
            for host in discovered.drain(..) {
                self.add_discovered(frontier, &host).await?;
                known_before = None;
            }
            let decided = self.decide(&n.url, fragment, kind, queued.depth + 1, false);
            seen.insert(target, (new_urls.len(), true));
            new_urls.push(decided);
        }
        self.fetch_resources(frontier, &mut new_urls, &resource_kinds)?;
        // A URL the frontier holds already, with the same action and its
        // anchors asked for if needed, would be written again for nothing
        // (most of a page's links lead to known URLs).
        if let Some(known) = &known_before {
            new_urls.retain(|u| {
                !known.get(&u.url).is_some_and(|k| {
                    u.skip.is_none() && u.action == k.action && (k.anchors || !u.need_anchors)
                })
            });
        }
        Ok(Some(PageLinks {
            landed,
            resources,
            stored,
            new_urls,
        }))
    }

    /// Records a fetched document or feed; a feed's item links join the
    /// site's links (their source is the feed) and the frontier, so they are
    /// checked like a page's links.
    fn record_resource<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        queued: &Queued,
        result: &UrlResult,
        facts: Option<&ResourceFacts>,
    ) -> Result<()> {
        let base = result
            .answer
            .final_url
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
            .or_else(|| Url::parse(&queued.url).ok());
        let mut stored = Vec::new();
        let mut new_urls: Vec<NewUrl> = Vec::new();
        let items = facts
            .and_then(|f| f.feed.as_ref())
            .map(|f| f.item_links.as_slice());
        if let (Some(base), Some(items)) = (base, items) {
            let mut seen = HashSet::new();
            for item in items {
                let (link_row, normalized) = stored_link(item.to_link(), &base, &self.scope.strip);
                let (target, fragment) = (link_row.target.clone(), link_row.fragment.clone());
                stored.push(link_row);
                let Some(n) = normalized else { continue };
                self.listed_only.remove(&target);
                if !seen.insert(target.clone()) {
                    continue;
                }
                let new = match frontier.known(&target)? {
                    Some((action, _)) => {
                        known_url(target, action, queued.depth + 1, fragment.is_some())
                    }
                    None => self.decide(
                        &n.url,
                        fragment.is_some(),
                        LinkKind::Navigation,
                        queued.depth + 1,
                        false,
                    ),
                };
                new_urls.push(new);
            }
        }
        let problem = facts.and_then(|f| f.problem(self.shared.lang));
        self.wake(&new_urls);
        frontier.finish_resource(ResourceDone {
            url: &queued.url,
            result,
            site: queued.site.as_deref(),
            facts,
            problem: problem.as_ref(),
            links: &stored,
            new_urls: &new_urls,
        })
    }
}

/// A page's links decided ([`Crawler::page_links`]).
struct PageLinks<'a> {
    /// The final address of a redirected page.
    landed: Option<&'a str>,
    /// The documents and feeds it links to, by their frontier URLs.
    resources: Vec<ResourceLink>,
    /// Its links as the frontier keeps them.
    stored: Vec<LinkRecord>,
    /// The URLs they add or change.
    new_urls: Vec<NewUrl>,
}

/// A link as the frontier keeps it: http(s) and relative links resolved
/// against `base` and normalised (returned too, for the decisions); other
/// schemes as written.
fn stored_link(
    link: links::Link,
    base: &Url,
    strip: &[String],
) -> (LinkRecord, Option<curl::Normalized>) {
    let scheme = links::scheme_of(&link.href);
    let normalized = if matches!(scheme.as_str(), "" | "http" | "https") && !link.href.is_empty() {
        curl::normalize(base, &link.href, strip)
    } else {
        None
    };
    let (target, scheme, fragment) = match &normalized {
        Some(n) => (
            n.url.to_string(),
            n.url.scheme().to_string(),
            n.fragment.clone(),
        ),
        None => (link.href.clone(), scheme, None),
    };
    (
        LinkRecord::from_link(link, target, scheme, fragment),
        normalized,
    )
}
