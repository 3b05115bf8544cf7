//! How an audit's progress is shown: a live line on a terminal, a plain line
//! every few seconds in CI logs, nothing with `--quiet`. The library reports
//! through [`Observer`]; only the binary prints.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use portal_audit::crawl::{Observer, Progress};

/// The progress display chosen for this run.
pub enum Display {
    /// Nothing (`--quiet`).
    Quiet,
    /// A live spinner line on a terminal.
    Bar(indicatif::ProgressBar),
    /// A plain line every few seconds (CI logs), with when the last was.
    Log(Mutex<Instant>),
}

impl Display {
    /// The display for standard error: quiet, a terminal, or a log.
    pub fn new(quiet: bool) -> Self {
        if quiet {
            Display::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(200));
            Display::Bar(bar)
        } else {
            Display::Log(Mutex::new(Instant::now()))
        }
    }
}

/// One line: pages per site (the first six), URLs done and queued, the rate, errors.
fn line(progress: &Progress) -> String {
    let secs = progress.elapsed.as_secs_f64().max(0.001);
    let pages: usize = progress.pages_per_site.values().sum();
    let mut sites: Vec<String> = progress
        .pages_per_site
        .iter()
        .take(6)
        .map(|(site, n)| format!("{site} {n}"))
        .collect();
    if progress.pages_per_site.len() > 6 {
        sites.push("…".into());
    }
    format!(
        "{pages} pages audited ({}), {} URLs done, {} queued, {:.1} pages/s, {} errors",
        sites.join(", "),
        progress.done,
        progress.queued,
        pages as f64 / secs,
        progress.errors
    )
}

impl Observer for Display {
    fn wants_progress(&self) -> bool {
        !matches!(self, Display::Quiet)
    }

    fn progress(&self, progress: &Progress) {
        match self {
            Display::Quiet => {}
            Display::Bar(bar) => bar.set_message(line(progress)),
            Display::Log(last) => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= Duration::from_secs(5) {
                    *last = Instant::now();
                    eprintln!("portal-audit: {}", line(progress));
                }
            }
        }
    }

    fn finished(&self) {
        if let Display::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
