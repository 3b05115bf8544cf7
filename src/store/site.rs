//! What site rules read about one site (its pages' facts, the documents and
//! feeds they link to, every link with its target's answer, its XML sitemap,
//! how it is served), and what they concluded, written back. Which links are
//! plain enough to be only counted is the rules' to say
//! ([`SiteData::is_plain`]); the store asks before it reads the rest of a row.

use rusqlite::{OptionalExtension, params};

use super::{Store, db_err, json};
use crate::crawl::SiteRow;
use crate::crawl::transport::SiteFacts;
use crate::error::Result;
use crate::facts::{Answer, LinkResult, LinkStatus};
use crate::finding::Finding;
use crate::resource::ResourceFacts;
use crate::rules::SiteData;
use crate::rules::content::checklist::Checklist;

impl Store {
    /// What site rules read about one site.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn site_data(&self, site: &SiteRow) -> Result<SiteData> {
        let mut data = SiteData {
            id: site.id.clone(),
            root: site.root.clone(),
            role: site.role.clone(),
            ..Default::default()
        };
        data.xml_sitemap = self.json_row(
            "SELECT facts FROM site_sitemaps WHERE site = ?1",
            [&site.id],
        )?;
        // The pages in URL order, read one at a time by rowid: sorting the
        // facts themselves held every page's blob in SQLite's sorter (4 MB at
        // 2 000 pages); this sorts URLs and keeps 8 bytes a page.
        let ids: Vec<i64> = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT rowid FROM pages WHERE site = ?1 AND facts IS NOT NULL ORDER BY url",
                )
                .map_err(|e| self.err(&e))?;
            stmt.query_map([&site.id], |r| r.get(0))
                .and_then(|rows| rows.collect::<rusqlite::Result<_>>())
                .map_err(|e| self.err(&e))?
        };
        data.pages.reserve_exact(ids.len());
        // Each page as it is decoded shares what the site's earlier pages hold
        // (menus, footer, …): only what differs from page to page stays per page.
        let mut shared = crate::rules::site::SharedParts::default();
        for id in ids {
            self.each_json_row(
                "SELECT facts FROM pages WHERE rowid = ?1",
                [id],
                |mut page: crate::rules::site::SitePage| {
                    shared.share(&mut page);
                    data.pages.push(page);
                },
            )?;
        }
        drop(shared);
        if let Some(probe) = self.site_probe(&site.id)? {
            data.transport = Some(probe.transport);
            data.dns = probe.dns;
        }
        let mut wanted: Vec<&str> = data
            .pages
            .iter()
            .flat_map(|p| p.resource_links.iter().map(|l| l.url.as_str()))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let resources = self.resources(&wanted)?;
        data.resources = resources;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.url, t.url, l.scheme, l.fragment, l.tag, l.blank, l.details, l.ord,
                        u.status, u.http_status, u.redirects, u.detail, u.anchors, u.final_url
                 FROM link_details d JOIN links l ON l.details = d.id
                 JOIN link_urls s ON s.id = d.source JOIN link_urls t ON t.id = l.target
                 LEFT JOIN urls u ON u.url = t.url
                 WHERE d.site = ?1 ORDER BY d.id, l.ord",
            )
            .map_err(|e| self.err(&e))?;
        let mut details_stmt = self
            .conn
            .prepare_cached("SELECT details FROM link_details WHERE id = ?1")
            .map_err(|e| self.err(&e))?;
        // The details of the page whose links are being read (a page's links are consecutive).
        let mut page_details: Option<(i64, Vec<_>)> = None;
        let mut rows = stmt.query([&site.id]).map_err(|e| self.err(&e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(&e))? {
            let get = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let answer = Answer {
                status: get(8)
                    .map_err(|e| self.err(&e))?
                    .and_then(|s| LinkStatus::from_id(&s))
                    .unwrap_or_default(),
                http_status: r.get(9).map_err(|e| self.err(&e))?,
                redirects: get(10)
                    .map_err(|e| self.err(&e))?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default(),
                final_url: get(13).map_err(|e| self.err(&e))?,
                detail: get(11).map_err(|e| self.err(&e))?,
            };
            let fragment: Option<String> = get(3).map_err(|e| self.err(&e))?;
            let anchors: Option<String> = get(12).map_err(|e| self.err(&e))?;
            let fragment_found = answer.fragment_found(
                fragment.as_deref(),
                anchors
                    .as_deref()
                    .map(|a| move |f: &str| a.split('\n').any(|x| x == f)),
            );
            let scheme: String = r.get(2).map_err(|e| self.err(&e))?;
            let blank: bool = r.get(5).map_err(|e| self.err(&e))?;
            // A plain link is only counted: the rest of its row and its
            // details are not read. (An empty or `#` href is what `blank` keeps.)
            let href_shape = if blank { "" } else { "href" };
            if crate::rules::SiteData::is_plain(href_shape, &scheme, &answer, fragment_found) {
                data.links_ok += 1;
                continue;
            }
            let details: i64 = r.get(6).map_err(|e| self.err(&e))?;
            let ord: usize = r.get(7).map_err(|e| self.err(&e))?;
            if page_details.as_ref().is_none_or(|(id, _)| *id != details) {
                let blob: Vec<u8> = details_stmt
                    .query_row([details], |r| r.get(0))
                    .optional()
                    .map_err(|e| self.err(&e))?
                    .unwrap_or_default();
                page_details = Some((details, super::links::decode_details(&blob)));
            }
            let detail = page_details
                .as_ref()
                .and_then(|(_, all)| all.get(ord).cloned())
                .unwrap_or_default();
            data.links.push(LinkResult {
                source: r.get(0).map_err(|e| self.err(&e))?,
                link: super::links::link_record(
                    r.get(1).map_err(|e| self.err(&e))?,
                    scheme,
                    fragment,
                    r.get(4).map_err(|e| self.err(&e))?,
                    detail,
                ),
                answer,
                fragment_found,
            });
        }
        Ok(data)
    }

    /// Replaces a site's site-rule outcomes and findings (one transaction, so
    /// running site rules again never duplicates).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn put_site_results(
        &mut self,
        site: &str,
        outcomes: &crate::rules::Outcomes,
        findings: &[Finding],
        checklist: Option<&Checklist>,
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        let mut texts = super::NewTexts::new(&self.text_ids);
        tx.execute(
            "DELETE FROM findings WHERE scope = 'site' AND site = ?1",
            [site],
        )
        .map_err(e)?;
        tx.execute("DELETE FROM site_outcomes WHERE site = ?1", [site])
            .map_err(e)?;
        tx.execute("DELETE FROM site_checklists WHERE site = ?1", [site])
            .map_err(e)?;
        if let Some(checklist) = checklist {
            tx.execute(
                "INSERT INTO site_checklists(site, checklist) VALUES (?1, ?2)",
                params![site, json(checklist)],
            )
            .map_err(e)?;
        }
        for (rule, outcome) in outcomes.iter() {
            tx.execute(
                "INSERT INTO site_outcomes(site, rule, outcome) VALUES (?1, ?2, ?3)",
                params![site, rule, outcome.id()],
            )
            .map_err(e)?;
        }
        for f in findings {
            super::put_finding(&tx, &mut texts, "site", site, f).map_err(e)?;
        }
        let texts = texts.resolved;
        tx.commit().map_err(e)?;
        self.text_ids.keep(texts);
        Ok(())
    }

    /// Replaces the EMC code fact of a site's home page (none: the home page
    /// was not audited).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn put_site_emc(&mut self, site: &str, emc: Option<&crate::facts::EmcSite>) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        self.conn
            .execute("DELETE FROM site_emc WHERE site = ?1", [site])
            .map_err(e)?;
        if let Some(emc) = emc {
            self.conn
                .execute(
                    "INSERT INTO site_emc(site, emc) VALUES (?1, ?2)",
                    params![site, json(emc)],
                )
                .map_err(e)?;
        }
        Ok(())
    }

    /// The facts of the resources with these URLs that were analysed.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn resources(&self, urls: &[&str]) -> Result<Vec<ResourceFacts>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT facts FROM resources WHERE url = ?1")
            .map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        for url in urls {
            let text: Option<String> = stmt
                .query_row([url], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(&e))?;
            if let Some(facts) = text.and_then(|t| serde_json::from_str(&t).ok()) {
                out.push(facts);
            }
        }
        Ok(out)
    }

    /// How a site is served, as probed once for the audit.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn site_probe(&self, site: &str) -> Result<Option<SiteFacts>> {
        self.json_row("SELECT facts FROM site_probes WHERE site = ?1", [site])
    }

    /// Keeps how a site is served (probed once per audit: resuming a finished
    /// audit, whose sites may be down by then, judges the facts of its time).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn put_site_probe(&self, site: &str, facts: &SiteFacts) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO site_probes(site, facts) VALUES (?1, ?2)",
                params![site, json(facts)],
            )
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }
}
