//! A page measured after its crawl: an audit measures its site roots' loading
//! when the machine is quiet (`audit::measure`), after their pages were
//! written, so their report entries, page-load findings and problems are
//! added here.

use super::findings::{NewTexts, put_finding};
use super::frontier::insert_problem;
use super::{Store, db_err};
use crate::error::Result;
use crate::facts::Problem;
use crate::finding::Finding;
use crate::report::model::PageReport;

impl Store {
    /// The report entry of the page at `url`, when the store has it.
    ///
    /// # Errors
    /// When the store cannot be read.
    pub fn page_report(&self, url: &str) -> Result<Option<PageReport>> {
        Ok(self
            .json_rows("SELECT report FROM pages WHERE url = ?1", [url])?
            .pop())
    }

    /// Writes what measuring a page gave, in one transaction: its report
    /// entry (`report`, its metrics and outcomes updated), its page-load
    /// findings and, when the measurement failed, its problem.
    ///
    /// # Errors
    /// When the store cannot be written (nothing of it is then).
    pub fn put_measurement(
        &mut self,
        report: &PageReport,
        findings: &[Finding],
        problem: Option<&Problem>,
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| db_err(&path, &e);
        let tx = self.conn.savepoint().map_err(e)?;
        tx.execute(
            "UPDATE pages SET report = ?2 WHERE url = ?1",
            rusqlite::params![report.url, super::deflated_json(report)],
        )
        .map_err(e)?;
        let mut texts = NewTexts::new(&self.text_ids);
        for f in findings {
            put_finding(&tx, &mut texts, "page", &f.site, f).map_err(e)?;
        }
        if let Some(problem) = problem {
            insert_problem(&tx, problem).map_err(e)?;
        }
        let texts = texts.resolved;
        tx.commit().map_err(e)?;
        self.text_ids.keep(texts);
        Ok(())
    }
}
