//! How an audit's progress is shown: a live line on a terminal, a plain line
//! every few seconds in CI logs, nothing with `--quiet`. The library reports
//! through [`Observer`]; only the binary prints.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use portal_audit::crawl::{Observer, Phase, Progress};
use portal_audit::messages;
use portal_audit::ruleset::Lang;

/// The progress display chosen for this run.
pub struct Display {
    kind: Kind,
    lang: Lang,
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
    /// The display for standard error: quiet, a terminal, or a log.
    pub fn new(quiet: bool, lang: Lang) -> Self {
        let kind = if quiet {
            Kind::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(200));
            Kind::Bar(bar)
        } else {
            Kind::Log(Mutex::new(Instant::now()))
        };
        Display { kind, lang }
    }
}

/// A phase in the display's language.
fn phase_text(phase: &Phase, lang: Lang) -> String {
    match phase {
        Phase::Crawl => messages::text("phase-crawl", lang, &[]),
        Phase::Site { name, index, total } => messages::text(
            "phase-site",
            lang,
            &[
                ("name", name),
                ("index", &index.to_string()),
                ("total", &total.to_string()),
            ],
        ),
        Phase::Report => messages::text("phase-report", lang, &[]),
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
        !matches!(self.kind, Kind::Quiet)
    }

    fn progress(&self, progress: &Progress) {
        match &self.kind {
            Kind::Quiet => {}
            Kind::Bar(bar) => bar.set_message(line(progress)),
            Kind::Log(last) => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= Duration::from_secs(5) {
                    *last = Instant::now();
                    eprintln!("portal-audit: {}", line(progress));
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
            Kind::Bar(bar) => bar.set_message(text),
            Kind::Log(_) => {
                let time = chrono::Local::now().format("%H:%M:%S");
                eprintln!("portal-audit {time} {text}");
            }
        }
    }
}
