//! Seeding: each site's robots.txt (its rules, `Crawl-delay` and `Sitemap:`
//! lines), its root, and the pages its XML sitemaps list; the facts of those
//! sitemaps are kept for the sitemap rules. A root that redirects to another
//! host brings that host into the site; a host under the portal's domain
//! becomes a site of its own (discovery).

use std::collections::HashSet;
use std::sync::Arc;

use url::Url;

use super::crawler::Crawler;
use super::fetch;
use super::frontier::{Action, Frontier, SiteRow};
use super::robots::Robots;
use super::sitemap;
use super::url::{self as curl, host_key};
use crate::config::SiteConfig;
use crate::error::Result;
use crate::facts::{SitemapFile, XmlSitemapFacts};
use crate::page::links::LinkKind;

/// Sitemap files read per site at most.
const MAX_SITEMAP_FILES: usize = 20;

/// The depth a sitemap entry is queued at: after the pages the root links
/// to (the menu, where the mandatory categories are), among the next ones.
const SITEMAP_DEPTH: u32 = 2;

impl<P: Send + 'static> Crawler<P> {
    /// Reads robots.txt of every site; on a fresh run also seeds the roots and sitemaps.
    pub(super) async fn prepare<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        resume: bool,
    ) -> Result<()> {
        if resume {
            let stored = frontier.sites()?;
            for site in &stored {
                if !self.scope.has(&site.id) {
                    self.scope.add(&site.id, &site.root);
                }
                self.load_robots(&site.root).await;
                let root = Url::parse(&site.root)
                    .ok()
                    .and_then(|r| curl::normalize(&r, "", &self.scope.strip));
                if let Some(root) = root
                    && let Some(final_url) = frontier.final_url_of(root.url.as_str())?
                {
                    self.alias_root(&site.id, root.url.as_str(), &final_url)
                        .await;
                }
            }
            self.load_slots(frontier.pages_per_site()?);
            // Which queued seeds only a sitemap lists, as the interrupted run knew.
            self.listed_only = frontier.listed_only()?;
            // The time budgets count on from what the interrupted run spent.
            self.budget.resume(frontier.spent()?);
            self.resource_counts = frontier.resource_counts()?;
            // A run killed before a site was seeded (in its first moments,
            // or while a discovered site was added): seeded now, so the
            // resumed audit is the whole one, never an empty report.
            for site in self.unseeded(frontier, &stored)? {
                let id = self.config.site_id(&site);
                self.add_site(frontier, &id, &site, site.discovered).await?;
            }
            return Ok(());
        }
        let sites: Vec<SiteConfig> = self.config.sites.clone();
        for site in &sites {
            let id = self.config.site_id(site);
            self.add_site(frontier, &id, site, false).await?;
        }
        Ok(())
    }

    /// The sites configured or stored whose root is not in the frontier.
    fn unseeded<F: Frontier<Page = P>>(
        &self,
        frontier: &F,
        stored: &[SiteRow],
    ) -> Result<Vec<SiteConfig>> {
        let mut sites: Vec<SiteConfig> = self.config.sites.clone();
        for row in stored {
            if !sites.iter().any(|s| self.config.site_id(s) == row.id) {
                sites.push(SiteConfig {
                    id: Some(row.id.clone()),
                    name: Some(row.name.clone()),
                    root: row.root.clone(),
                    role: row.role.clone(),
                    discovered: row.discovered,
                    ..SiteConfig::default()
                });
            }
        }
        let mut unseeded = Vec::new();
        for site in sites {
            let root = Url::parse(&site.root)
                .ok()
                .and_then(|r| curl::normalize(&r, "", &self.scope.strip));
            if let Some(root) = root
                && frontier.known(root.url.as_str())?.is_none()
            {
                unseeded.push(site);
            }
        }
        Ok(unseeded)
    }

    /// The robots.txt of a root's host, read once (and its `Crawl-delay`
    /// made the host's interval when longer than the configured one).
    pub(super) async fn load_robots(&mut self, root: &str) -> Arc<Robots> {
        let Ok(url) = Url::parse(root) else {
            return Arc::new(Robots::allow_all(None));
        };
        let key = host_key(&url);
        if let Some(r) = self.robots.get(&key) {
            return r.clone();
        }
        let robots = if self.config.crawl.ignore_robots {
            Robots::allow_all(Some("ignored (--ignore-robots)".into()))
        } else {
            let robots_url = url
                .join("/robots.txt")
                .map(|u| u.to_string())
                .unwrap_or_default();
            self.shared.hosts.wait(&key).await;
            let method = fetch::Method::GetPrefix(super::robots::MAX_ROBOTS_BYTES);
            match fetch::fetch_with(
                &self.shared.client,
                &robots_url,
                &self.shared.limits,
                method,
            )
            .await
            {
                Ok(f) if (200..300).contains(&f.status) => Robots::parse(&f.body),
                Ok(f) if (400..500).contains(&f.status) => Robots::allow_all(None),
                Ok(f) => Robots::allow_all(Some(format!(
                    "robots.txt answered HTTP {}; everything allowed",
                    f.status
                ))),
                Err(e) => Robots::allow_all(Some(format!(
                    "robots.txt could not be read ({e}); everything allowed"
                ))),
            }
        };
        let delay = robots
            .delay
            .unwrap_or_default()
            .max(self.shared.hosts.delay());
        self.shared.hosts.set_delay(&key, delay);
        let robots = Arc::new(robots);
        self.robots.insert(key, robots.clone());
        robots
    }

    /// Adds a site: its robots.txt, its root, and the pages of its sitemaps.
    pub(super) async fn add_site<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        id: &str,
        site: &SiteConfig,
        discovered: bool,
    ) -> Result<()> {
        if !self.scope.has(id) {
            self.scope.add(id, &site.root);
        }
        let robots = self.load_robots(&site.root).await;
        frontier.put_site(&SiteRow {
            id: id.to_string(),
            name: site.name.clone().unwrap_or_else(|| id.to_string()),
            root: site.root.clone(),
            role: site.role.clone(),
            discovered,
            robots: robots.note.clone(),
            crawl_delay: robots
                .delay
                .map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
        })?;
        let Ok(root) = Url::parse(&site.root) else {
            return Ok(());
        };
        let mut seeds = Vec::new();
        if let Some(n) = curl::normalize(&root, "", &self.scope.strip) {
            seeds.push(self.decide(&n.url, false, LinkKind::Navigation, 0, true));
        }
        if self.config.crawl.sitemaps() {
            // A `Sitemap:` line may be relative: it is resolved against the
            // robots.txt address (the address policy then applies to the
            // result as to any sitemap); one that does not resolve is kept
            // as written, so its failure is reported.
            let robots_url = root.join("/robots.txt").ok();
            let mut queue: Vec<String> = robots
                .sitemaps
                .iter()
                .map(|line| {
                    robots_url
                        .as_ref()
                        .and_then(|base| base.join(line.trim()).ok())
                        .map_or_else(|| line.clone(), |url| url.to_string())
                })
                .collect();
            if let Ok(default) = root.join("/sitemap.xml") {
                queue.push(default.to_string());
            }
            let mut seen = HashSet::new();
            let mut seeded: HashSet<String> = seeds.iter().map(|s| s.url.clone()).collect();
            let mut files = 0;
            // Sitemap entries queued as pages: at most the page limit (no
            // more could be audited), after the pages the root links to.
            let limit = self.config.limits.pages_per_site();
            let depth = SITEMAP_DEPTH.min(self.config.limits.max_depth());
            let mut listed = 0;
            // What was found is kept for the rules on the XML sitemap.
            let mut found = XmlSitemapFacts::default();
            while let Some(map) = queue.pop() {
                if listed >= limit {
                    break;
                }
                if !seen.insert(map.clone()) || files >= MAX_SITEMAP_FILES {
                    continue;
                }
                files += 1;
                let key = Url::parse(&map).map(|u| host_key(&u)).unwrap_or_default();
                self.shared.hosts.wait(&key).await;
                let (parsed, state) =
                    match fetch::fetch(&self.shared.client, &map, &self.shared.limits).await {
                        Ok(f) if (200..300).contains(&f.status) => {
                            sitemap::read(&f.body, self.shared.limits.max_body_bytes)
                        }
                        Ok(f) => (None, sitemap::absent(format!("HTTP {}", f.status))),
                        Err(e) => (None, sitemap::absent(e.to_string())),
                    };
                found.files.push(SitemapFile {
                    url: map.clone(),
                    state,
                });
                let Some(parsed) = parsed else {
                    continue;
                };
                queue.extend(parsed.sitemaps);
                for page in parsed.pages {
                    if listed >= limit {
                        break;
                    }
                    if let Some(n) = curl::normalize(&root, &page, &self.scope.strip)
                        && self.scope.site_of(&n.url) == Some(id)
                        && seeded.insert(n.url.to_string())
                        && frontier.known(n.url.as_str())?.is_none()
                    {
                        // Sitemap pages are not links of any page: those not
                        // crawled are left out, not checked.
                        let seed = self.decide(&n.url, false, LinkKind::Navigation, depth, false);
                        if seed.action == Action::Crawl {
                            listed += 1;
                            self.listed_only.insert(seed.url.clone());
                        }
                        if seed.action != Action::Check {
                            seeds.push(seed);
                        }
                    }
                }
            }
            if !found.files.is_empty() {
                frontier.put_xml_sitemap(id, &found)?;
            }
        }
        super::crash_point("site-put");
        self.wake(&seeds);
        let listed: Vec<&str> = seeds
            .iter()
            .map(|s| s.url.as_str())
            .filter(|url| self.listed_only.contains(*url))
            .collect();
        frontier.add_seeds(&seeds, &listed)?;
        super::crash_point("site-seeded");
        Ok(())
    }

    /// A site whose root redirects to another host (`travinh.gov.vn` to
    /// `www.travinh.gov.vn`) also owns that host.
    pub(super) async fn alias_root(&mut self, site: &str, root: &str, final_url: &str) {
        let (Ok(root), Ok(mut landed)) = (Url::parse(root), Url::parse(final_url)) else {
            return;
        };
        if host_key(&root) == host_key(&landed) || self.scope.site_of(&landed).is_some() {
            return;
        }
        landed.set_path("/");
        landed.set_query(None);
        self.scope.add(site, landed.as_str());
        self.load_robots(landed.as_str()).await;
    }

    /// Makes a host under the portal's registered domain a (discovered) site.
    pub(super) async fn add_discovered<F: Frontier<Page = P>>(
        &mut self,
        frontier: &mut F,
        host: &Url,
    ) -> Result<()> {
        let mut root = host.clone();
        root.set_path("/");
        root.set_query(None);
        let site_config = SiteConfig {
            root: root.to_string(),
            discovered: true,
            ..SiteConfig::default()
        };
        let id = self.config.site_id(&site_config);
        self.scope.add(&id, &site_config.root);
        self.config.sites.push(site_config.clone());
        self.add_site(frontier, &id, &site_config, true).await
    }
}

/// Whether `other` is a host under the registered domain of `portal` (another host).
pub(super) fn is_component_host(portal: &Url, other: &Url) -> bool {
    let (Some(a), Some(b)) = (portal.host_str(), other.host_str()) else {
        return false;
    };
    a != b
        && b.parse::<std::net::IpAddr>().is_err()
        && curl::registered_domain(a) == curl::registered_domain(b)
}
