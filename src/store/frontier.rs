//! The frontier in the store: sites, every URL with its decision and what
//! was learnt about it (and when), the links of each page, and each result
//! written all or nothing: the [`Frontier`] the crawler records into.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::findings::{EncodedFinding, put_encoded_finding};
use super::links::{LinkUrls, encode_details, insert_links};
use super::{Store, db_err, json};
use crate::crawl::{
    Action, Frontier, Known, NewUrl, PageDone, Queued, ResourceDone, SiteRow, SpentTime, UrlResult,
};
use crate::error::Result;
use crate::facts::{Problem, XmlSitemapFacts};
use crate::finding::Finding;
use crate::report::model::PageReport;
use crate::rules::site::SitePage;

/// What the store keeps of an audited page: its report entry, the facts site
/// rules read (the DOM is gone by then), and its findings.
#[derive(Debug)]
pub struct PageRecord {
    /// The page's entry in the report.
    pub report: PageReport,
    /// What site rules will need of it.
    pub facts: SitePage,
    /// The page rules' findings.
    pub findings: Vec<Finding>,
    /// What went wrong without losing the page (a failed render).
    pub problems: Vec<Problem>,
    /// The blobs [`PageRecord::encode`] made ahead of the write.
    encoded: Encoded,
}

/// A page's blobs made on the thread that analysed it ([`PageRecord::encode`]),
/// so the one thread that writes the store only writes them.
#[derive(Debug, Default)]
struct Encoded {
    /// The report entry, deflated.
    report: Option<Vec<u8>>,
    /// The details of the page's links (how many, and the blob), deflated.
    link_details: Option<(usize, Vec<u8>)>,
    /// Each finding's parts, in order.
    findings: Option<Vec<EncodedFinding>>,
}

impl PageRecord {
    /// A page's record, nothing encoded yet.
    #[must_use]
    pub fn new(
        report: PageReport,
        facts: SitePage,
        findings: Vec<Finding>,
        problems: Vec<Problem>,
    ) -> Self {
        Self {
            report,
            facts,
            findings,
            problems,
            encoded: Encoded::default(),
        }
    }

    /// Encodes what the store writes of the page as it is: its report entry,
    /// its findings' parts and the details of `links` (the page's links, in their order: the
    /// frontier records one row each, in that order), so the analysis worker
    /// calling it spares the crawl loop's thread that CPU. Called once the
    /// record is final; the store encodes what was not encoded ahead, and
    /// ignores link details given for another number of links.
    #[must_use]
    pub fn encode(mut self, links: &[crate::page::links::Link]) -> Self {
        self.encoded.report = Some(super::deflated_json(&self.report));
        self.encoded.findings = Some(self.findings.iter().map(EncodedFinding::of).collect());
        self.encoded.link_details = Some((
            links.len(),
            encode_details(links.iter().map(|l| {
                (
                    l.href.as_str(),
                    l.text.as_str(),
                    l.target.selector.as_str(),
                    l.target.line,
                    l.target.column,
                    l.target.snippet.as_str(),
                    l.target.signature.as_str(),
                )
            })),
        ));
        self
    }
}

impl Frontier for Store {
    type Page = PageRecord;

    fn begin_batch(&mut self) -> Result<()> {
        Store::begin_batch(self)
    }

    fn commit_batch(&mut self) -> Result<()> {
        Store::commit_batch(self)
    }

    fn sites(&self) -> Result<Vec<SiteRow>> {
        Store::sites(self)
    }

    fn put_site(&self, site: &SiteRow) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO sites(id, ord, name, root, role, discovered, robots, crawl_delay)
                 VALUES (?1, (SELECT count(*) FROM sites), ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET robots = excluded.robots, crawl_delay = excluded.crawl_delay",
                params![
                    site.id,
                    site.name,
                    site.root,
                    site.role,
                    site.discovered,
                    site.robots,
                    site.crawl_delay
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    fn put_xml_sitemap(&self, site: &str, facts: &XmlSitemapFacts) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO site_sitemaps(site, facts) VALUES (?1, ?2)
                 ON CONFLICT(site) DO UPDATE SET facts = excluded.facts",
                params![site, json(facts)],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    fn add_urls(&mut self, urls: &[NewUrl]) -> Result<()> {
        let path = self.path.clone();
        let tx = self.conn.savepoint().map_err(|e| db_err(&path, &e))?;
        insert_urls(&tx, urls).map_err(|e| db_err(&path, &e))?;
        tx.commit().map_err(|e| db_err(&path, &e))
    }

    fn add_seeds(&mut self, urls: &[NewUrl], listed_only: &[&str]) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        insert_urls(&tx, urls).map_err(e)?;
        {
            let mut mark = tx
                .prepare_cached("INSERT OR IGNORE INTO listed_only(url) VALUES (?1)")
                .map_err(e)?;
            for url in listed_only {
                mark.execute([url]).map_err(e)?;
            }
        }
        tx.commit().map_err(e)
    }

    fn listed_only(&self) -> Result<HashSet<String>> {
        // Asked once, as a crawl starts: with the links indexed by target
        // (the rows of an interrupted crawl), which the crawl then writes
        // without the index (see `Store::index_links`).
        self.index_links()?;
        let listed = self.listed_only_linked_from_nowhere();
        self.unindex_links()?;
        listed
    }

    fn spent(&self) -> Result<SpentTime> {
        let mut stmt = self
            .conn
            .prepare("SELECT lane, secs FROM spent")
            .map_err(|e| self.err(&e))?;
        let rows: Vec<(String, f64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(&e))?;
        let mut spent = SpentTime::default();
        for (lane, secs) in rows {
            // Written by `put_spent` from durations; anything else counts nothing.
            let secs = std::time::Duration::try_from_secs_f64(secs).unwrap_or_default();
            if lane.is_empty() {
                spent.audit = secs;
            } else {
                spent.sites.insert(lane, secs);
            }
        }
        Ok(spent)
    }

    fn put_spent(&mut self, spent: &SpentTime) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("INSERT OR REPLACE INTO spent(lane, secs) VALUES (?1, ?2)")
            .map_err(|e| self.err(&e))?;
        let lanes = std::iter::once(("", spent.audit))
            .chain(spent.sites.iter().map(|(site, d)| (site.as_str(), *d)));
        for (lane, secs) in lanes {
            stmt.execute(params![lane, secs.as_secs_f64()])
                .map_err(|e| self.err(&e))?;
        }
        Ok(())
    }

    fn known(&self, url: &str) -> Result<Option<(Action, bool)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT action, state FROM urls WHERE url = ?1")
            .map_err(|e| self.err(&e))?;
        stmt.query_row([url], |r| {
            Ok((
                Action::from_id(&r.get::<_, String>(0)?),
                r.get::<_, String>(1)? == "queued",
            ))
        })
        .optional()
        .map_err(|e| self.err(&e))
    }

    fn known_many(&self, urls: &mut dyn Iterator<Item = &str>) -> Result<HashMap<String, Known>> {
        // A page links to the same URL many times: ask once.
        let mut urls: Vec<&str> = urls.collect();
        urls.sort_unstable();
        urls.dedup();
        let mut known = HashMap::new();
        if urls.is_empty() {
            return Ok(known);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT url, action, state, need_anchors FROM urls WHERE url IN (SELECT value FROM json_each(?1))",
            )
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([json(&urls)]).map_err(|e| self.err(&e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let read = || -> rusqlite::Result<(String, Known)> {
                Ok((
                    row.get(0)?,
                    Known {
                        action: Action::from_id(row.get_ref(1)?.as_str()?),
                        queued: row.get_ref(2)?.as_str()? == "queued",
                        anchors: row.get::<_, bool>(3)?,
                    },
                ))
            };
            let (url, entry) = read().map_err(|e| self.err(&e))?;
            known.insert(url, entry);
        }
        Ok(known)
    }

    fn final_url_of(&self, url: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT final_url FROM urls WHERE url = ?1", [url], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(&e))
    }

    fn next_queued_in(
        &self,
        site: Option<&str>,
        limit: usize,
        in_flight: &HashSet<i64>,
    ) -> Result<Vec<Queued>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, url, site, depth, action, need_anchors FROM urls
                 WHERE state = 'queued' AND site IS ?1 ORDER BY depth, id LIMIT ?2",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map(params![site, (limit + in_flight.len()) as i64], |r| {
                Ok(Queued {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    site: r.get(2)?,
                    depth: r.get(3)?,
                    action: Action::from_id(&r.get::<_, String>(4)?),
                    need_anchors: r.get(5)?,
                })
            })
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))?;
        Ok(rows
            .into_iter()
            .filter(|q| !in_flight.contains(&q.id))
            .take(limit)
            .collect())
    }

    fn queued_sites(&self) -> Result<Vec<Option<String>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT site FROM urls WHERE state = 'queued' ORDER BY site")
            .map_err(|e| self.err(&e))?;
        stmt.query_map([], |r| r.get::<_, Option<String>>(0))
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))
    }

    fn redecide(&mut self, new: &NewUrl) -> Result<()> {
        let (state, status, detail) = match &new.skip {
            Some((status, reason)) => ("done", Some(status.id()), Some(reason.as_str())),
            None => ("queued", None, None),
        };
        self.conn
            .prepare_cached(
                "UPDATE urls SET action = ?2, state = ?3, status = ?4, detail = ?5
                 WHERE url = ?1 AND state = 'queued'",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![new.url, new.action.id(), state, status, detail])
            })
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    fn leave_queued(&mut self, site: Option<&str>, reason: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE urls SET action = 'skip', state = 'done', status = 'excluded', detail = ?2
                 WHERE state = 'queued' AND site IS ?1",
            )
            .and_then(|mut stmt| stmt.execute(params![site, reason]))
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    fn resource_counts(&self) -> Result<BTreeMap<String, usize>> {
        self.counts_per_site("action IN ('document', 'feed')")
    }

    fn finish_url(
        &mut self,
        url: &str,
        result: &UrlResult,
        problem: Option<&Problem>,
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        update_url(&tx, url, result).map_err(e)?;
        if let Some(p) = problem {
            insert_problem(&tx, p).map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    fn finish_page(&mut self, done: PageDone<'_, PageRecord>) -> Result<()> {
        let PageDone {
            url,
            result,
            landed,
            page: mut record,
            resources,
            links,
            new_urls,
        } = done;
        record.facts.resource_links = resources;
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        update_url(&tx, url, result).map_err(e)?;
        if let Some(landed) = landed {
            tx.execute(
                "INSERT INTO urls(url, site, depth, action, state, status, http_status, final_url, anchors)
                 SELECT ?1, site, depth, 'crawl', 'done', 'ok', http_status, ?1, anchors FROM urls WHERE url = ?2
                 ON CONFLICT(url) DO NOTHING",
                params![landed, url],
            )
            .map_err(e)?;
        }
        let report = record
            .encoded
            .report
            .take()
            .unwrap_or_else(|| super::deflated_json(&record.report));
        tx.prepare_cached(
            // `seq`: the recording order (max(rowid) is a look-up; count(*) read the whole table).
            "INSERT OR REPLACE INTO pages(url, seq, site, report, facts)
             VALUES (?1, (SELECT coalesce(max(rowid), 0) FROM pages), ?2, ?3, ?4)",
        )
        .and_then(|mut stmt| {
            stmt.execute(params![
                record.report.url,
                record.report.site,
                report,
                super::deflated_json(&record.facts)
            ])
        })
        .map_err(e)?;
        let mut texts = super::NewTexts::new(&self.text_ids);
        match record.encoded.findings.take() {
            Some(encoded) if encoded.len() == record.findings.len() => {
                for (f, encoded) in record.findings.iter().zip(&encoded) {
                    put_encoded_finding(&tx, &mut texts, "page", &f.site, f, encoded).map_err(e)?;
                }
            }
            _ => {
                for f in &record.findings {
                    super::put_finding(&tx, &mut texts, "page", &f.site, f).map_err(e)?;
                }
            }
        }
        for problem in &record.problems {
            insert_problem(&tx, problem).map_err(e)?;
        }
        let mut urls = LinkUrls::new(&self.link_ids);
        let details = record
            .encoded
            .link_details
            .take()
            .filter(|(n, _)| *n == links.len())
            .map(|(_, blob)| blob);
        insert_links(
            &tx,
            &mut urls,
            &record.report.site,
            &record.report.url,
            links,
            details,
        )
        .map_err(e)?;
        insert_urls(&tx, new_urls).map_err(e)?;
        let resolved = urls.resolved();
        let texts = texts.resolved;
        tx.commit().map_err(e)?;
        self.link_ids.keep(resolved);
        self.text_ids.keep(texts);
        Ok(())
    }

    fn finish_resource(&mut self, done: ResourceDone<'_>) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        update_url(&tx, done.url, done.result).map_err(e)?;
        if let Some(facts) = done.facts {
            tx.execute(
                "INSERT OR REPLACE INTO resources(url, kind, facts) VALUES (?1, ?2, ?3)",
                params![done.url, Action::Resource(facts.kind).id(), json(facts)],
            )
            .map_err(e)?;
        }
        if let Some(problem) = done.problem {
            insert_problem(&tx, problem).map_err(e)?;
        }
        let mut urls = LinkUrls::new(&self.link_ids);
        if let Some(site) = done.site {
            insert_links(&tx, &mut urls, site, done.url, done.links, None).map_err(e)?;
        }
        insert_urls(&tx, done.new_urls).map_err(e)?;
        let resolved = urls.resolved();
        tx.commit().map_err(e)?;
        self.link_ids.keep(resolved);
        Ok(())
    }

    fn pages_per_site(&self) -> Result<BTreeMap<String, usize>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT site, count(*) FROM pages GROUP BY site")
            .map_err(|e| self.err(&e))?;
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, usize>(1)?)))
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .map_err(|e| self.err(&e))
    }

    fn queued_count(&self) -> Result<usize> {
        self.conn
            .query_row(
                "SELECT count(*) FROM urls WHERE state = 'queued'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }

    fn pages_queued_in(&self, site: &str) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM urls WHERE state = 'queued' AND site = ?1 AND action = 'crawl')",
            )
            .and_then(|mut stmt| stmt.query_row([site], |r| r.get(0)))
            .map_err(|e| self.err(&e))
    }
}

impl Store {
    /// The sitemap-only URLs still queued that no recorded page links to.
    fn listed_only_linked_from_nowhere(&self) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT o.url FROM listed_only o JOIN urls u ON u.url = o.url
                 WHERE u.state = 'queued' AND NOT EXISTS
                   (SELECT 1 FROM link_urls t JOIN links l ON l.target = t.id WHERE t.url = o.url)",
            )
            .map_err(|e| self.err(&e))?;
        stmt.query_map([], |r| r.get::<_, String>(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(&e))
    }

    /// Every site, in the order added.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn sites(&self) -> Result<Vec<SiteRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, root, role, discovered, robots, crawl_delay FROM sites ORDER BY ord")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SiteRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    root: r.get(2)?,
                    role: r.get(3)?,
                    discovered: r.get(4)?,
                    robots: r.get(5)?,
                    crawl_delay: r.get(6)?,
                })
            })
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))?;
        Ok(rows)
    }

    /// URLs per site whose row matches `condition` (a fixed SQL expression).
    fn counts_per_site(&self, condition: &str) -> Result<BTreeMap<String, usize>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT site, count(*) FROM urls WHERE {condition} AND site IS NOT NULL GROUP BY site"
            ))
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, usize>(1)?)))
            .map_err(|e| self.err(&e))?
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .map_err(|e| self.err(&e))?;
        Ok(rows)
    }
}

fn insert_urls(tx: &Connection, urls: &[NewUrl]) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO urls(url, site, depth, action, state, need_anchors, status, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(url) DO UPDATE SET
           need_anchors = max(need_anchors, excluded.need_anchors),
           action = CASE WHEN state = 'queued' AND action = 'check' AND excluded.action = 'crawl'
                         THEN 'crawl'
                         WHEN state = 'queued' AND action IN ('check', 'crawl')
                              AND excluded.action IN ('document', 'feed')
                         THEN excluded.action ELSE action END",
    )?;
    for u in urls {
        let (state, status, detail) = match &u.skip {
            Some((status, reason)) => ("done", Some(status.id()), Some(reason.as_str())),
            None => ("queued", None, None),
        };
        insert.execute(params![
            u.url,
            u.site,
            u.depth,
            u.action.id(),
            state,
            u.need_anchors,
            status,
            detail
        ])?;
    }
    Ok(())
}

fn update_url(tx: &Connection, url: &str, r: &UrlResult) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE urls SET state = 'done', status = ?2, http_status = ?3, final_url = ?4,
                redirects = ?5, detail = ?6, anchors = ?7, fetched_at = ?8,
                site = coalesce(?9, site) WHERE url = ?1",
    )?
    .execute(params![
        url,
        r.answer.status.id(),
        r.answer.http_status,
        r.answer.final_url,
        (!r.answer.redirects.is_empty()).then(|| json(&r.answer.redirects)),
        r.answer.detail,
        r.anchors.as_ref().map(|a| a.join("\n")),
        r.at,
        r.site,
    ])?;
    Ok(())
}

pub(super) fn insert_problem(conn: &Connection, p: &Problem) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO problems(input, kind, message) VALUES (?1, ?2, ?3)",
        params![p.input, p.kind.id(), p.message],
    )?;
    Ok(())
}
