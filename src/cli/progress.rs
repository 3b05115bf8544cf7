//! How an audit's progress is shown: a live line on a terminal, a plain line
//! every few seconds in CI logs, nothing with `--quiet`. The library reports
//! through [`Observer`]; only the binary prints.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use portal_audit::crawl::{Observer, Phase, Progress};
use portal_audit::messages;
use portal_audit::report::model::Report;
use portal_audit::report::safe::visible;
use portal_audit::ruleset::Lang;

/// The progress display chosen for this run.
pub struct Display {
    kind: Kind,
    lang: Lang,
    /// Site names by id, for the progress line (a site found by the crawl
    /// and not configured is shown by its id).
    names: BTreeMap<String, String>,
}

enum Kind {
    /// Nothing (`--quiet`).
    Quiet,
    /// A live spinner line on a terminal.
    Bar(indicatif::ProgressBar),
    /// A plain line every few seconds (CI logs), with when the last was.
    Log(Mutex<Instant>),
}

impl Display {
    /// The display for standard error: quiet, a terminal, or a log; `names`
    /// are the configured sites' names by id.
    pub fn new(quiet: bool, lang: Lang, names: BTreeMap<String, String>) -> Self {
        let kind = if quiet {
            Kind::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(200));
            Kind::Bar(bar)
        } else {
            Kind::Log(Mutex::new(Instant::now()))
        };
        Display { kind, lang, names }
    }

    /// In a log, one timestamped line per audited site once the report is
    /// built: its name, pages, failed findings and missing mandatory items
    /// (a terminal gets the province table of the summary instead).
    pub fn sites_done(&self, report: &Report) {
        if !matches!(self.kind, Kind::Log(_)) {
            return;
        }
        for row in portal_audit::report::province::rows(report, self.lang) {
            let text = messages::text(
                "site-done",
                self.lang,
                &[
                    ("name", &row.name),
                    ("pages", &row.pages.to_string()),
                    ("failed", &row.failed.to_string()),
                    ("missing", &row.missing.len().to_string()),
                ],
            );
            log_line(&text);
        }
    }
}

/// A timestamped log line; page-derived text (a discovered site's name) is
/// shown with its control characters and bidi overrides made visible.
fn log_line(text: &str) {
    let time = chrono::Local::now().format("%H:%M:%S");
    eprintln!("portal-audit {time} {}", visible(text));
}

/// A phase in the display's language.
fn phase_text(phase: &Phase, lang: Lang) -> String {
    match phase {
        Phase::Crawl => messages::text("phase-crawl", lang, &[]),
        Phase::Documents { name } => messages::text("phase-documents", lang, &[("name", name)]),
        Phase::Probes { name, index, total } | Phase::Site { name, index, total } => {
            let key = if matches!(phase, Phase::Probes { .. }) {
                "phase-probes"
            } else {
                "phase-site"
            };
            messages::text(
                key,
                lang,
                &[
                    ("name", name),
                    ("index", &index.to_string()),
                    ("total", &total.to_string()),
                ],
            )
        }
        Phase::Measure { pages } => {
            messages::text("phase-measure", lang, &[("pages", &pages.to_string())])
        }
        Phase::Report => messages::text("phase-report", lang, &[]),
    }
}

/// One line in `lang`: pages per site by name (the first six), URLs done
/// and queued, the rate, errors.
fn line(progress: &Progress, lang: Lang, names: &BTreeMap<String, String>) -> String {
    let secs = progress.elapsed.as_secs_f64().max(0.001);
    let pages: usize = progress.pages_per_site.values().sum();
    let mut sites: Vec<String> = progress
        .pages_per_site
        .iter()
        .take(6)
        .map(|(site, n)| format!("{} {n}", names.get(site).unwrap_or(site)))
        .collect();
    if progress.pages_per_site.len() > 6 {
        sites.push("…".into());
    }
    let rate = portal_audit::lang::decimal(pages as f64 / secs, 1, lang);
    messages::text(
        "progress-line",
        lang,
        &[
            ("pages", &pages.to_string()),
            ("sites", &sites.join(", ")),
            ("done", &progress.done.to_string()),
            ("queued", &progress.queued.to_string()),
            ("rate", &rate),
            ("errors", &progress.errors.to_string()),
        ],
    )
}

impl Observer for Display {
    fn wants_progress(&self) -> bool {
        !matches!(self.kind, Kind::Quiet)
    }

    fn progress(&self, progress: &Progress) {
        match &self.kind {
            Kind::Quiet => {}
            Kind::Bar(bar) => {
                bar.set_message(visible(&line(progress, self.lang, &self.names)).into_owned())
            }
            Kind::Log(last) => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= Duration::from_secs(5) {
                    *last = Instant::now();
                    let line = line(progress, self.lang, &self.names);
                    eprintln!("portal-audit: {}", visible(&line));
                }
            }
        }
    }

    fn finished(&self) {
        if let Kind::Bar(bar) = &self.kind {
            bar.finish_and_clear();
        }
    }

    /// A log gets one timestamped line per phase, so a long run in cron or
    /// CI never looks hung; a terminal shows the phase on its live line.
    fn phase(&self, phase: &Phase) {
        let text = phase_text(phase, self.lang);
        match &self.kind {
            Kind::Quiet => {}
            Kind::Bar(bar) => bar.set_message(visible(&text).into_owned()),
            Kind::Log(_) => log_line(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_speaks_the_run_language_with_site_names() {
        let progress = Progress {
            pages_per_site: [("stc".to_string(), 3), ("mien-moi".to_string(), 1)]
                .into_iter()
                .collect(),
            queued: 5,
            done: 7,
            errors: 1,
            elapsed: Duration::from_secs(2),
        };
        let names: BTreeMap<String, String> = [("stc".to_string(), "Sở Tài chính".to_string())]
            .into_iter()
            .collect();
        assert_eq!(
            line(&progress, Lang::Vi, &names),
            "4 trang đã kiểm tra (mien-moi 1, Sở Tài chính 3), 7 URL xong, 5 đang chờ, 2,0 trang/giây, 1 lỗi"
        );
        assert_eq!(
            line(&progress, Lang::En, &names),
            "4 pages audited (mien-moi 1, Sở Tài chính 3), 7 URLs done, 5 queued, 2.0 pages/s, 1 errors"
        );
    }
}
