//! What the report of an audit is assembled from: its sites with their
//! outcomes, checklists and availability, its pages in URL order, its
//! findings and problems, and how the crawl went. The report itself is
//! assembled outside the store (`report::assemble`, by the audit wiring).

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;

use super::{RunState, Store};
use crate::error::Result;
use crate::facts::skip::{self, SkipReason};
use crate::facts::{LinkStatus, Problem, ProblemKind, RedirectHop};
use crate::finding::{Finding, Outcome};
use crate::report::availability::{self, Outage};
use crate::report::model::{
    CrawlReport, CrawlSite, PageReport, RedirectChain, SiteReport, SiteState, SiteStatus,
    SkippedUrl,
};

/// A site root's URL, link status, HTTP status and answer time.
type RootAnswer = (String, Option<String>, Option<u16>, Option<String>);

/// What the store holds for a report's head: sites, problems and the crawl.
pub type HeadParts = (Vec<SiteReport>, Vec<Problem>, CrawlReport);

/// What the store holds for a report: sites, pages, findings, problems and the crawl.
pub type ReportParts = (
    Vec<SiteReport>,
    Vec<PageReport>,
    Vec<Finding>,
    Vec<Problem>,
    CrawlReport,
);

impl Store {
    /// Pages audited, in all.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn page_count(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM pages", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// The requests to a site's own URLs that got no usable answer, with
    /// their times, in time order: which answers count as the site being down
    /// is [`availability::kind_of`]'s to say; the frontier only keeps each
    /// URL's answer and when it came.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn outages(&self, site: &str) -> Result<Vec<Outage>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT url, fetched_at, status, http_status FROM urls
                 WHERE site = ?1 AND fetched_at IS NOT NULL ORDER BY fetched_at, url",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([site], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<u16>>(3)?,
                ))
            })
            .map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        for row in rows {
            let (url, at, status, http_status) = row.map_err(|e| self.err(&e))?;
            let status = status.as_deref().and_then(LinkStatus::from_id);
            if let Some(kind) = availability::kind_of(status, http_status) {
                out.push(Outage {
                    url,
                    at,
                    kind: kind.to_string(),
                });
            }
        }
        Ok(out)
    }

    /// The parts of the report the store holds.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn report_parts(&self) -> Result<ReportParts> {
        let (sites, problems, crawl) = self.report_head()?;
        // Pages in URL order, whatever order the crawl recorded them in.
        let pages: Vec<PageReport> = self.json_rows("SELECT report FROM pages ORDER BY url", [])?;
        // In the report's order already (the sort that follows keeps it).
        let mut findings: Vec<Finding> = Vec::new();
        self.each_finding_in_report_order(|f| findings.push(f))?;
        Ok((sites, pages, findings, problems, crawl))
    }

    /// The parts of the report the store holds but its pages and findings
    /// (read one at a time: [`Store::try_each_page`],
    /// [`Store::try_each_finding_in_report_order`]).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn report_head(&self) -> Result<HeadParts> {
        let mut problems = Vec::new();
        for [input, kind, message] in
            self.text_rows("SELECT input, kind, message FROM problems ORDER BY input, rowid")?
        {
            // A kind this version does not know (another version's store) is left out.
            if let Some(kind) = ProblemKind::from_id(&kind) {
                problems.push(Problem {
                    input,
                    kind,
                    message,
                });
            }
        }
        let mut outcomes: BTreeMap<String, BTreeMap<String, Outcome>> = BTreeMap::new();
        for [site, rule, outcome] in
            self.text_rows("SELECT site, rule, outcome FROM site_outcomes")?
        {
            if let Ok(o) = serde_json::from_value::<Outcome>(serde_json::Value::String(outcome)) {
                outcomes.entry(site).or_default().insert(rule, o);
            }
        }
        let mut crawl = self.crawl_report()?;
        let limit = self.settings()?.config.limits.pages_per_site();
        let mut sites = Vec::new();
        for s in &self.sites()? {
            let pages_n: usize = self
                .conn
                .query_row("SELECT count(*) FROM pages WHERE site = ?1", [&s.id], |r| {
                    r.get(0)
                })
                .map_err(|e| self.err(&e))?;
            let queued: usize = self
                .conn
                .query_row(
                    "SELECT count(*) FROM urls WHERE site = ?1 AND state = 'queued'",
                    [&s.id],
                    |r| r.get(0),
                )
                .map_err(|e| self.err(&e))?;
            sites.push(SiteReport {
                id: s.id.clone(),
                name: s.name.clone(),
                root: s.root.clone(),
                role: s.role.clone(),
                pages: pages_n,
                outcomes: outcomes.remove(&s.id).map(Into::into).unwrap_or_default(),
                checklist: self.json_row(
                    "SELECT checklist FROM site_checklists WHERE site = ?1",
                    [&s.id],
                )?,
                availability: availability::summarise(&s.root, &self.outages(&s.id)?),
                status: self.site_status(&s.id, pages_n, limit, &problems)?,
                emc: self.json_row("SELECT emc FROM site_emc WHERE site = ?1", [&s.id])?,
            });
            crawl.sites.push(CrawlSite {
                id: s.id.clone(),
                root: s.root.clone(),
                discovered: s.discovered,
                robots: s.robots.clone(),
                crawl_delay_secs: s.crawl_delay,
                pages: pages_n,
                queued,
            });
        }
        Ok((sites, problems, crawl))
    }

    /// How far a site could be audited: unreachable when none of its pages
    /// was audited and its root got an answer that was not a page (the time
    /// and the kind of failure kept); capped when the page limit was reached
    /// with page addresses of the site (targets of `a`, `area`, `iframe`)
    /// left only link-checked; else reachable (also for a site an
    /// interrupted crawl did not reach yet).
    fn site_status(
        &self,
        site: &str,
        pages: usize,
        limit: usize,
        problems: &[Problem],
    ) -> Result<SiteStatus> {
        // A time budget ran out with URLs of the site left (`crawl::budget`).
        // Its reason is a key (`facts::skip`), or in older stores the text.
        let (audit, site_budget) = (
            SkipReason::AuditBudget.stored(),
            SkipReason::SiteBudget.stored(),
        );
        let (left, why): (usize, Option<String>) = self
            .conn
            .query_row(
                "SELECT count(*), min(detail) FROM urls
                 WHERE site = ?1 AND action = 'skip'
                   AND (detail LIKE 'time budget spent: %' OR detail IN (?2, ?3))",
                rusqlite::params![site, audit, site_budget],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(&e))?;
        if left > 0 {
            let reason = if why.as_deref() == Some(crate::crawl::AUDIT_BUDGET_SPENT)
                || why.as_deref() == Some(audit.as_str())
            {
                "audit_budget"
            } else {
                "site_budget"
            };
            return Ok(SiteStatus {
                state: SiteState::Incomplete,
                reason: Some(reason.into()),
                left,
                ..SiteStatus::default()
            });
        }
        if pages == 0 {
            let root: Option<RootAnswer> = self
                .conn
                .query_row(
                    "SELECT url, status, http_status, fetched_at FROM urls
                     WHERE site = ?1 AND depth = 0 AND fetched_at IS NOT NULL ORDER BY id LIMIT 1",
                    [site],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(|e| self.err(&e))?;
            let Some((url, status, http_status, at)) = root else {
                return Ok(SiteStatus::default());
            };
            let status = status.as_deref().and_then(LinkStatus::from_id);
            let reason = availability::kind_of(status, http_status).unwrap_or("other");
            return Ok(SiteStatus {
                state: SiteState::Unreachable,
                at,
                reason: Some(reason.to_string()),
                detail: problems
                    .iter()
                    .find(|p| p.input == url)
                    .map(|p| p.message.clone()),
                limit: None,
                left: 0,
            });
        }
        let crawled: usize = self
            .conn
            .query_row(
                "SELECT count(*) FROM urls WHERE site = ?1 AND action = 'crawl'",
                [site],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))?;
        if crawled < limit {
            return Ok(SiteStatus::default());
        }
        // "Is it linked from a page": by the links' target index (a store
        // whose crawl was killed has none yet).
        self.index_links()?;
        let left: usize = self
            .conn
            .query_row(
                "SELECT count(*) FROM urls u WHERE u.site = ?1 AND u.action = 'check'
                 AND EXISTS (SELECT 1 FROM link_urls t JOIN links l ON l.target = t.id
                             WHERE t.url = u.url AND l.tag IN ('a', 'area', 'iframe'))",
                [site],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))?;
        Ok(if left == 0 {
            SiteStatus::default()
        } else {
            SiteStatus {
                state: SiteState::Capped,
                limit: Some(limit),
                left,
                ..SiteStatus::default()
            }
        })
    }

    /// How the crawl went, but its sites: the URLs skipped (and why), the
    /// redirect chains, the link targets per status, the settings it ran with.
    fn crawl_report(&self) -> Result<CrawlReport> {
        let settings = self.settings()?;
        let mut crawl = CrawlReport {
            store: self.path.display().to_string(),
            resumed: self.resumed()?,
            complete: self.state()? == RunState::Complete,
            ignore_robots: settings.config.crawl.ignore_robots,
            user_agent: settings.user_agent,
            ..CrawlReport::default()
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT url, site, status, detail, redirects, final_url FROM urls
                 WHERE action = 'skip' OR redirects IS NOT NULL ORDER BY url",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(|e| self.err(&e))?;
        for row in rows {
            let (url, site, status, detail, redirects, final_url) =
                row.map_err(|e| self.err(&e))?;
            let hops: Vec<RedirectHop> = redirects
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default();
            if !hops.is_empty() {
                crawl.redirects.push(RedirectChain {
                    url,
                    hops,
                    final_url,
                    status: status.unwrap_or_default(),
                });
                continue;
            }
            let status = status.unwrap_or_default();
            let detail = detail.unwrap_or_default();
            let kind = if status == "robots_disallowed" {
                "robots_disallowed"
            } else if status == "private_address" {
                "private_address"
            } else if skip::is_trap(&detail) {
                "trap"
            } else {
                "excluded"
            };
            crawl.skipped.push(SkippedUrl {
                url,
                site,
                kind: kind.to_string(),
                // In the audit's language (an older store's English as it is).
                reason: skip::shown(&detail, settings.lang),
            });
        }
        for [status, count] in
            self.text_rows("SELECT coalesce(status, 'queued'), count(*) FROM urls GROUP BY 1")?
        {
            crawl
                .link_status
                .insert(status, count.parse().unwrap_or_default());
        }
        crawl.links = self
            .conn
            .query_row("SELECT count(*) FROM links", [], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        Ok(crawl)
    }

    /// The rows of `sql`, each column read as text.
    fn text_rows<const N: usize>(&self, sql: &str) -> Result<Vec<[String; N]>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                let mut row: [String; N] = std::array::from_fn(|_| String::new());
                for (i, cell) in row.iter_mut().enumerate() {
                    *cell = match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        value => value.as_str()?.to_string(),
                    };
                }
                Ok(row)
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))
    }
}

/// The report streamed from the store ([`crate::report::stream`]): pages in
/// URL order and findings in the report's order, one at a time.
impl crate::report::stream::Rows for Store {
    fn each_page(&self, each: &mut dyn FnMut(PageReport) -> Result<()>) -> Result<()> {
        self.try_each_page(each)
    }

    fn each_finding(&self, each: &mut dyn FnMut(i64, Finding) -> Result<()>) -> Result<()> {
        self.try_each_finding_in_report_order(each)
    }

    fn each_finding_of(
        &self,
        ids: &[i64],
        each: &mut dyn FnMut(i64, Finding) -> Result<()>,
    ) -> Result<()> {
        self.try_each_finding_of(ids, each)
    }

    fn each_page_of_site(
        &self,
        site: &str,
        each: &mut dyn FnMut(PageReport) -> Result<()>,
    ) -> Result<()> {
        // In URL order through the primary key's index, other sites' rows
        // passed over unparsed (`+site`: not the `pages_site` index and a
        // sort of the site's whole entries).
        self.try_each_page_by(
            "SELECT report FROM pages WHERE +site = ?1 ORDER BY url",
            [site],
            each,
        )
    }

    fn each_finding_of_site(
        &self,
        site: &str,
        each: &mut dyn FnMut(i64, Finding) -> Result<()>,
    ) -> Result<()> {
        self.try_each_finding_of_site(site, each)
    }

    fn each_finding_of_site_rule(
        &self,
        site: &str,
        rule: &str,
        each: &mut dyn FnMut(i64, Finding) -> Result<()>,
    ) -> Result<()> {
        self.try_each_finding_of_site_rule(site, rule, each)
    }
}
