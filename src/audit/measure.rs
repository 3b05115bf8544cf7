//! An audit's page-load measurement: each configured site's root page,
//! once rendered, is measured under the fixed mobile profile when the
//! machine has a core to spare — not while the crawl keeps every core busy —
//! and the rest right after the crawl; the results join the pages' entries
//! in the store then (`Store::put_measurement`, `pipeline::measured`).
//!
//! Why not during the render, as `check` does: a throttled load keeps a core
//! spinning for its whole length (`render::measure_tabs`), and a page
//! measured while the crawl parsed pages on every core timed the machine as
//! much as itself (on two cores, first paint 0.9–1.5 s against 0.7–0.77 s
//! measured alone, longest task up to 0.57 s against 0.13 s). A crawl limited
//! by its politeness delay leaves cores idle, and its roots are measured
//! while it goes on; a crawl that keeps the machine busy has them measured
//! after it. A run measured during the crawl on a busy machine after all
//! (the crawl picked up again) is measured again after the crawl.
//!
//! The measurements after the crawl count against the audit's time budget
//! (`[limits] audit_budget_secs`): none starts once it is spent, and the
//! roots left say so (`BrowserMode::finish`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::page::rendered::{BUSY_FREE_CORES, LoadMetrics};
use crate::render::{RenderError, Renderer, machine};

/// Idle cores the machine must have had, over [`LOOK`], for a measurement to
/// start while the crawl goes on: one for the throttled page.
const IDLE_TO_START: f64 = 1.0;

/// How long the machine is watched before a measurement starts during the
/// crawl.
const LOOK: Duration = Duration::from_millis(500);

/// What measuring a page gave.
pub(super) type Measured = (String, Result<LoadMetrics, RenderError>);

/// The pages waiting to be measured and the task that measures them.
pub(super) struct Measurer {
    queue: Option<mpsc::UnboundedSender<String>>,
    /// Set when the crawl has ended: no more waiting for an idle core.
    ended: Arc<AtomicBool>,
    /// Set when the audit was stopped: what is not measured stays so.
    stopped: Arc<AtomicBool>,
    /// When the audit's time budget runs out, set with `ended`: no
    /// measurement starts after it.
    until: Arc<std::sync::Mutex<Option<Instant>>>,
    /// The pages measured for good so far.
    done: Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<Vec<Measured>>,
}

impl Measurer {
    /// Starts the measuring task on `runtime`.
    pub(super) fn start(runtime: &tokio::runtime::Runtime, renderer: Renderer) -> Self {
        let (queue, pages) = mpsc::unbounded_channel();
        let ended = Arc::new(AtomicBool::new(false));
        let stopped = Arc::new(AtomicBool::new(false));
        let until = Arc::new(std::sync::Mutex::new(None));
        let done = Arc::new(std::sync::Mutex::new(Vec::new()));
        let task = runtime.spawn(measure_all(
            renderer,
            pages,
            Ends {
                crawl: Arc::clone(&ended),
                stopped: Arc::clone(&stopped),
                until: Arc::clone(&until),
            },
            Arc::clone(&done),
        ));
        Measurer {
            queue: Some(queue),
            ended,
            stopped,
            until,
            done,
            task,
        }
    }

    /// The pages measured for good so far (during the crawl).
    pub(super) fn done(&self) -> Vec<String> {
        self.done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Queues a rendered page for measurement.
    pub(super) fn queue(&self, url: &str) {
        if let Some(queue) = &self.queue {
            let _ = queue.send(url.to_string());
        }
    }

    /// After the crawl: measures what is still waiting (nothing more when
    /// `stopped`, none started after `until`) and gives the result of every
    /// page measured.
    pub(super) fn finish(
        mut self,
        runtime: &tokio::runtime::Runtime,
        stopped: bool,
        until: Option<Instant>,
    ) -> Vec<Measured> {
        *self
            .until
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = until;
        self.stopped.store(stopped, Ordering::Relaxed);
        self.ended.store(true, Ordering::Relaxed);
        self.queue = None;
        runtime.block_on(self.task).unwrap_or_default()
    }
}

/// What ends the measurements: the crawl's end (no more waiting for an idle
/// core), the audit stopped, its time budget spent.
struct Ends {
    crawl: Arc<AtomicBool>,
    stopped: Arc<AtomicBool>,
    until: Arc<std::sync::Mutex<Option<Instant>>>,
}

impl Ends {
    /// Whether no measurement may start any more.
    fn over(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
            || past(
                *self
                    .until
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            )
    }
}

/// Whether the time budget ending at `until` is spent.
pub(super) fn past(until: Option<Instant>) -> bool {
    until.is_some_and(|until| Instant::now() >= until)
}

/// Measures the queued pages one at a time: during the crawl each waits for
/// an idle core, and one measured on a busy machine anyway is measured again
/// once the crawl has ended; then the rest, at once, while time is left.
async fn measure_all(
    renderer: Renderer,
    mut pages: mpsc::UnboundedReceiver<String>,
    ends: Ends,
    done: Arc<std::sync::Mutex<Vec<String>>>,
) -> Vec<Measured> {
    let mut measured = Vec::new();
    let mut again = Vec::new();
    while let Some(url) = pages.recv().await {
        wait_for_an_idle_core(&ends.crawl).await;
        if ends.over() {
            break;
        }
        let during_crawl = !ends.crawl.load(Ordering::Relaxed);
        let result = renderer.measure(&url).await;
        let busy = matches!(&result, Ok(m) if m.median.free_cores.is_some_and(|f| f < BUSY_FREE_CORES))
            && !idle_for_tests();
        if during_crawl && busy {
            tracing::debug!("{url}: measured on a busy machine during the crawl; again after it");
            again.push(url);
        } else {
            done.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(url.clone());
            measured.push((url, result));
        }
    }
    for url in again {
        if ends.over() {
            break;
        }
        let result = renderer.measure(&url).await;
        measured.push((url, result));
    }
    measured
}

/// Returns once the machine had an idle core over [`LOOK`], or the crawl
/// has ended (where the machine's load cannot be read, only then).
async fn wait_for_an_idle_core(ended: &AtomicBool) {
    while !ended.load(Ordering::Relaxed) && !idle_for_tests() {
        let before = machine::cpu_times();
        tokio::time::sleep(LOOK).await;
        let free = before
            .zip(machine::cpu_times())
            .and_then(|(before, after)| machine::free_cores(before, after));
        if free.is_some_and(|free| free >= IDLE_TO_START) && !busy_for_tests() {
            return;
        }
    }
}

/// With the `test-hooks` feature (which `cargo test` enables, never a
/// release build), `PORTAL_AUDIT_TEST_BUSY` set makes the machine look busy
/// for the whole crawl, so a test sees the measurements made after it.
fn busy_for_tests() -> bool {
    cfg!(feature = "test-hooks") && std::env::var_os("PORTAL_AUDIT_TEST_BUSY").is_some()
}

/// With the `test-hooks` feature, `PORTAL_AUDIT_TEST_IDLE` set makes the
/// machine look idle during the crawl (a measurement starts at once and is
/// kept however busy the machine was), so a test sees a root measured
/// while the crawl goes on.
fn idle_for_tests() -> bool {
    cfg!(feature = "test-hooks") && std::env::var_os("PORTAL_AUDIT_TEST_IDLE").is_some()
}
