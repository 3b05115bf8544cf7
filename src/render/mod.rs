//! The browser mode (`--render chromium`): pages loaded in headless Chromium
//! over the DevTools protocol, for what only a browser knows — content built
//! by JavaScript, colours as painted, and page-load timings.
//!
//! A [`Renderer`] owns one browser and lends up to `tabs` pages at a time
//! for renders, and up to [`measure_tabs`] more for measurements, so a
//! page's measured loads (throttled, seconds each) never hold up the
//! renders of other pages.
//! Each render tab is a browser context of its own, kept from page to page
//! and reset in between (no cookies or storage left by another page; the
//! HTTP cache kept), closed after a failure or [`tab::RECYCLE_AFTER`]
//! pages; each measurement gets a fresh context (cold cache), disposed
//! afterwards. Memory stays bounded by the number of tabs and the
//! renderer's JavaScript heap limit ([`chromium::JS_HEAP_MB`]). A page that
//! outlives its deadline, crashes its renderer or keeps navigating ends with a
//! [`RenderError`] that the caller reports as a problem; a browser that stops
//! answering is killed and started again on the next page.
//!
//! Two kinds of load (see [`profile`]): a *render* (desktop viewport, no
//! throttling) yields the serialised DOM and the painted text colours, read
//! after the load event and a bounded network-idle wait; a *measurement*
//! (the fixed mobile profile, throttled, cold) yields the page-load metrics,
//! repeated `repeat` times and summarised by medians.
//!
//! With a [`proxy::Gate`] (`audit` and `check` give the crawler's address
//! policy) the browser reaches the network only through [`proxy`], so a
//! rendered page's scripts, images, frames and redirects meet the same
//! policy as the crawler's requests; each request it refused is named in
//! [`RenderedPage::blocked`].
//!
//! Like the crawler, this module records and never judges.

mod cdp;
pub mod chromium;
pub mod machine;
pub mod profile;
pub mod proxy;
mod tab;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, Semaphore};

use crate::facts::{Problem, ProblemKind};
use crate::lang::Lang;
use crate::messages;
use crate::page::rendered::{BrowserFacts, LoadMetrics};

pub use cdp::CdpError;

/// How the browser is used.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The Chromium executable; found by [`chromium::find`] when `None`.
    pub chromium: Option<PathBuf>,
    /// Pages loaded at the same time.
    pub tabs: usize,
    /// The most one load may take, from navigation to facts.
    pub deadline: Duration,
    /// The longest wait for the network to go quiet after the load event.
    pub idle: Duration,
    /// How many measured loads a page gets (their medians are reported).
    pub repeat: usize,
    /// The User-Agent's product token appended to the browser's own.
    pub product: String,
    /// Where the browser may connect (every connection goes through
    /// [`proxy`]); `None` leaves the browser on the open network.
    pub gate: Option<Arc<dyn proxy::Gate>>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            chromium: None,
            tabs: 2,
            deadline: Duration::from_secs(30),
            idle: Duration::from_secs(5),
            repeat: 3,
            product: format!("portal-audit/{}", env!("CARGO_PKG_VERSION")),
            gate: None,
        }
    }
}

/// Why a page could not be rendered or measured.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    /// No Chromium to run.
    #[error("no Chromium found: {0}")]
    NoBrowser(String),
    /// The browser did not start.
    #[error("Chromium did not start: {0}")]
    Start(String),
    /// The browser refused the navigation (DNS, connection, certificate).
    #[error("the browser could not load the page: {0}")]
    Navigation(String),
    /// The page did not finish within the deadline.
    #[error("the page did not finish loading within {seconds} s ({stage})")]
    Deadline {
        /// The deadline.
        seconds: u64,
        /// How far it got.
        stage: &'static str,
    },
    /// The page's renderer crashed (out of memory, or a browser fault).
    #[error("the page crashed the browser's renderer")]
    Crashed,
    /// The page kept navigating (a reload or redirect loop in script).
    #[error("the page navigated {0} times without settling (a script reload or redirect loop)")]
    Navigating(u32),
    /// The browser went away while loading the page.
    #[error("the browser stopped during the page ({0})")]
    BrowserGone(String),
    /// The page's DOM was larger than the probe accepts.
    #[error("the rendered DOM is too large ({0} characters)")]
    TooLarge(u64),
    /// The browser's answer was not what the protocol promises.
    #[error("unexpected answer from the browser: {0}")]
    Protocol(String),
    /// The browser was restarted too often; rendering was given up.
    #[error("Chromium was restarted {0} times; rendering stopped")]
    GaveUp(u32),
}

/// The problem of a rendered page whose loading was not measured, and why
/// (`reason`, in `lang`): its served and rendered checks stand, the
/// page-load rules do not apply.
#[must_use]
pub fn unmeasured(url: &str, reason: &str, lang: Lang) -> Problem {
    Problem {
        input: url.to_string(),
        kind: ProblemKind::Render,
        message: messages::text("problem-measure", lang, &[("reason", reason)]),
    }
}

impl RenderError {
    /// A short stable code (the problem's kind in reports).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::NoBrowser(_) => "render_no_browser",
            RenderError::Start(_) => "render_start",
            RenderError::Navigation(_) => "render_navigation",
            RenderError::Deadline { .. } => "render_deadline",
            RenderError::Crashed => "render_crashed",
            RenderError::Navigating(_) => "render_navigating",
            RenderError::BrowserGone(_) => "render_browser_gone",
            RenderError::TooLarge(_) => "render_too_large",
            RenderError::Protocol(_) => "render_protocol",
            RenderError::GaveUp(_) => "render_gave_up",
        }
    }
}

impl RenderError {
    /// The reason in one language (a problem's message, `problem-render`).
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        messages::text("problem-render", lang, &[("reason", &self.reason(lang))])
    }

    /// The problem of a page that was rendered but whose loading could not
    /// be measured (`problem-measure`): its served and rendered checks stand,
    /// the page-load rules do not apply.
    #[must_use]
    pub fn measure_problem(&self, url: &str, lang: Lang) -> Problem {
        unmeasured(url, &self.reason(lang), lang)
    }

    /// Why, in one language.
    fn reason(&self, lang: Lang) -> String {
        match self {
            RenderError::Deadline { seconds, .. } => messages::text(
                "render-deadline",
                lang,
                &[("seconds", &seconds.to_string())],
            ),
            RenderError::Crashed => messages::text("render-crashed", lang, &[]),
            RenderError::Navigating(count) => {
                messages::text("render-navigating", lang, &[("count", &count.to_string())])
            }
            RenderError::Navigation(detail) => {
                messages::text("render-navigation", lang, &[("detail", detail)])
            }
            other => messages::text("render-other", lang, &[("detail", &other.to_string())]),
        }
    }

    /// The problem of a page the browser could not render.
    #[must_use]
    pub fn problem(&self, url: &str, lang: Lang) -> Problem {
        Problem {
            input: url.to_string(),
            kind: ProblemKind::Render,
            message: self.message(lang),
        }
    }
}

/// What the browser made of one page.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The URL the page ended at.
    pub final_url: String,
    /// The serialised DOM after load (doctype and `<html>` element).
    pub dom: String,
    /// Painted colours, element tags and (when measured) metrics.
    pub facts: BrowserFacts,
    /// Why the measurement failed, when the page was rendered but could not
    /// be measured.
    pub measure_problem: Option<RenderError>,
    /// The page's requests the address policy refused (at most
    /// [`MAX_BLOCKED`], in the order they failed).
    pub blocked: Vec<Blocked>,
}

/// The most refused requests one page lists.
pub const MAX_BLOCKED: usize = 100;

/// A request of the rendered page the address policy refused: it was never
/// connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// The request's URL.
    pub url: String,
    /// Why (the policy's words: the host and its non-public address).
    pub reason: String,
}

impl Blocked {
    /// The problem of `page` this refusal is (`problem-render-blocked`).
    #[must_use]
    pub fn problem(&self, page: &str, lang: Lang) -> Problem {
        Problem {
            input: page.to_string(),
            kind: ProblemKind::RenderBlocked,
            message: messages::text(
                "problem-render-blocked",
                lang,
                &[("url", &self.url), ("reason", &self.reason)],
            ),
        }
    }
}

/// The measured loads one renderer runs at the same time, besides its
/// render tabs: one on a machine of fewer than four cores, two otherwise.
///
/// Chromium slows a throttled page's main thread by making it spin, not
/// sleep (on Linux its CPU throttler interrupts the thread every 200 µs and
/// busy-waits in the signal handler for three quarters of the time, idle or
/// not: `blink/renderer/platform/scheduler/common/thread_cpu_throttler.cc`),
/// so each measured load keeps about one core busy for its whole length,
/// network waits included: two of them at once on two cores would leave
/// nothing for the browser's other processes, and what the emulation times
/// (the page's own work, four times slower) would come out slower still.
#[must_use]
pub fn measure_tabs() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if cores < 4 { 1 } else { 2 }
}

/// The most browser starts one renderer makes (the first included).
const MAX_STARTS: u32 = 6;

/// A running browser and the number of its start.
struct Slot {
    browser: std::sync::Mutex<chromium::Browser>,
    cdp: Arc<cdp::Cdp>,
    start: u64,
    user_agent: String,
    /// The browser's product and version and the program's name, as the
    /// measurements it makes record them.
    product: String,
    /// The browser's way out, when there is a gate (dropped with the slot).
    proxy: Option<proxy::Proxy>,
    /// Render tabs of this browser ready for another page.
    idle: std::sync::Mutex<Vec<tab::Tab>>,
}

/// The browser and its tabs, shared by the tasks that render pages.
#[derive(Clone)]
pub struct Renderer {
    inner: Arc<Inner>,
}

struct Inner {
    executable: PathBuf,
    options: RenderOptions,
    /// One permit per render tab: held by a load, and after a render by its
    /// tab's reset.
    tabs: Arc<Semaphore>,
    /// One permit per measurement tab ([`measure_tabs`]).
    measuring: Arc<Semaphore>,
    slot: Mutex<Option<Arc<Slot>>>,
    starts: AtomicU32,
    generation: AtomicU64,
}

impl Renderer {
    /// A renderer over the configured or found Chromium. The browser starts
    /// on the first page.
    ///
    /// # Errors
    /// [`RenderError::NoBrowser`] when no Chromium is found.
    pub fn new(options: RenderOptions) -> Result<Renderer, RenderError> {
        let executable = match &options.chromium {
            Some(path) if path.is_file() => path.clone(),
            Some(path) => {
                return Err(RenderError::NoBrowser(format!(
                    "{} is not a file",
                    path.display()
                )));
            }
            None => chromium::find()?,
        };
        let tabs = options.tabs.max(1);
        Ok(Renderer {
            inner: Arc::new(Inner {
                executable,
                tabs: Arc::new(Semaphore::new(tabs)),
                measuring: Arc::new(Semaphore::new(measure_tabs())),
                options,
                slot: Mutex::new(None),
                starts: AtomicU32::new(0),
                generation: AtomicU64::new(0),
            }),
        })
    }

    /// The options in force.
    #[must_use]
    pub fn options(&self) -> &RenderOptions {
        &self.inner.options
    }

    /// How many times a browser was started.
    #[must_use]
    pub fn starts(&self) -> u32 {
        self.inner.starts.load(Ordering::Relaxed)
    }

    /// The running browser's process id, if one runs.
    pub async fn browser_pid(&self) -> Option<u32> {
        let slot = self.inner.slot.lock().await;
        slot.as_ref()
            .and_then(|s| s.browser.lock().ok().and_then(|b| b.pid()))
    }

    /// Starts the browser now (otherwise the first page does).
    ///
    /// # Errors
    /// When it cannot start.
    pub async fn start(&self) -> Result<(), RenderError> {
        self.slot().await.map(|_| ())
    }

    /// The running browser, started (again) when there is none or it died.
    async fn slot(&self) -> Result<Arc<Slot>, RenderError> {
        let mut guard = self.inner.slot.lock().await;
        if let Some(slot) = guard.as_ref() {
            let exited = slot.browser.lock().map_or(true, |mut b| b.has_exited());
            if !exited && !slot.cdp.is_closed() {
                return Ok(Arc::clone(slot));
            }
            *guard = None;
        }
        let starts = self.inner.starts.fetch_add(1, Ordering::Relaxed) + 1;
        if starts > MAX_STARTS {
            return Err(RenderError::GaveUp(starts - 1));
        }
        let proxy = match &self.inner.options.gate {
            Some(gate) => Some(
                proxy::Proxy::start(Arc::clone(gate))
                    .await
                    .map_err(|e| RenderError::Start(format!("proxy: {e}")))?,
            ),
            None => None,
        };
        let browser =
            chromium::Browser::launch(&self.inner.executable, proxy.as_ref().map(|p| p.port))
                .await?;
        let cdp = Arc::clone(&browser.cdp);
        let version = &browser.version;
        let user_agent = format!(
            "{} {}",
            version
                .get("userAgent")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("Mozilla/5.0")
                .replace("HeadlessChrome", "Chrome"),
            self.inner.options.product
        );
        let product = format!(
            "{} ({})",
            version
                .get("product")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("Chromium"),
            self.inner
                .executable
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
        );
        let slot = Arc::new(Slot {
            browser: std::sync::Mutex::new(browser),
            cdp,
            start: self.inner.generation.fetch_add(1, Ordering::Relaxed) + 1,
            user_agent,
            product,
            proxy,
            idle: std::sync::Mutex::new(Vec::new()),
        });
        *guard = Some(Arc::clone(&slot));
        Ok(slot)
    }

    /// Kills the browser of `start` if it is still the running one.
    async fn retire(&self, start: u64) {
        let mut guard = self.inner.slot.lock().await;
        if guard.as_ref().is_some_and(|s| s.start == start) {
            tracing::warn!("restarting Chromium (start {start} stopped answering)");
            *guard = None;
        }
    }

    /// Renders a page (DOM and painted colours) and, with `measure`, measures
    /// its loading `repeat` times under the fixed profile, after the render:
    /// beside it, the page's own render would take the core its throttled
    /// loads need (each run records how busy the machine was, see
    /// [`machine`]). `audit` measures its site roots apart from their renders,
    /// when the machine is quiet (`audit::measure`).
    ///
    /// # Errors
    /// Why the page could not be rendered.
    pub async fn render(&self, url: &str, measure: bool) -> Result<RenderedPage, RenderError> {
        let (final_url, dom, mut facts, blocked) = match self.load(url, tab::Kind::Render).await? {
            tab::Loaded::Rendered {
                final_url,
                dom,
                facts,
                blocked,
            } => (final_url, dom, facts, blocked),
            tab::Loaded::Measured(_) => {
                return Err(RenderError::Protocol(
                    "a render answered with metrics".into(),
                ));
            }
        };
        let mut measure_problem = None;
        if measure {
            // A task of its own, so a measurement begun ends (and closes its
            // tab) even when nobody waits for it any more.
            let (renderer, url) = (self.clone(), url.to_string());
            match tokio::spawn(async move { renderer.measure(&url).await }).await {
                Ok(Ok(metrics)) => facts.metrics = Some(metrics),
                Ok(Err(e)) => measure_problem = Some(e),
                Err(e) => measure_problem = Some(RenderError::Protocol(e.to_string())),
            }
        }
        Ok(RenderedPage {
            final_url,
            dom,
            facts,
            measure_problem,
            blocked,
        })
    }

    /// Measures a page's loading `repeat` times under the fixed profile.
    ///
    /// # Errors
    /// The first failed run's error.
    pub async fn measure(&self, url: &str) -> Result<LoadMetrics, RenderError> {
        let mut runs = Vec::new();
        for _ in 0..self.inner.options.repeat.max(1) {
            match self.load(url, tab::Kind::Measure).await? {
                tab::Loaded::Measured(run) => runs.push(run),
                tab::Loaded::Rendered { .. } => {
                    return Err(RenderError::Protocol(
                        "a measurement answered with a DOM".into(),
                    ));
                }
            }
        }
        let mut metrics = LoadMetrics::of_runs(profile::MOBILE.id, runs);
        metrics.browser = self
            .inner
            .slot
            .lock()
            .await
            .as_ref()
            .map(|slot| slot.product.clone());
        Ok(metrics)
    }

    /// One load in one tab; a load the browser lost is tried once more on a
    /// new browser.
    async fn load(&self, url: &str, kind: tab::Kind) -> Result<tab::Loaded, RenderError> {
        let lane = match kind {
            tab::Kind::Render => &self.inner.tabs,
            tab::Kind::Measure => &self.inner.measuring,
        };
        let mut permit = Some(
            Arc::clone(lane)
                .acquire_owned()
                .await
                .map_err(|_| RenderError::BrowserGone("closed".into()))?,
        );
        let mut tries = 0;
        loop {
            tries += 1;
            let slot = self.slot().await?;
            // How busy the machine was while a measured load ran (once it
            // had its tab: not while it waited for one).
            let before = machine::cpu_times();
            let result = self.load_in(&slot, url, kind, &mut permit).await;
            match result {
                Ok(tab::Loaded::Measured(mut run)) => {
                    run.free_cores = before
                        .zip(machine::cpu_times())
                        .and_then(|(before, after)| machine::free_cores(before, after));
                    return Ok(tab::Loaded::Measured(run));
                }
                Ok(loaded) => return Ok(loaded),
                Err(tab::Failure { error, browser_ok }) => {
                    if !browser_ok {
                        self.retire(slot.start).await;
                        if matches!(error, RenderError::BrowserGone(_)) && tries < 2 {
                            continue;
                        }
                    }
                    return Err(error);
                }
            }
        }
    }

    /// One load in a tab of `slot`'s browser: a render in a kept tab (or a
    /// new one), a measurement in a new one. The tab is kept for the next
    /// render when the load went well: it is reset after the page's facts
    /// are handed back (the analysis of the page and the reset go on at the
    /// same time), with the load's `permit`, so no other load takes the tab,
    /// or opens one more, before the reset ends. It is closed otherwise.
    async fn load_in(
        &self,
        slot: &Arc<Slot>,
        url: &str,
        kind: tab::Kind,
        permit: &mut Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Result<tab::Loaded, tab::Failure> {
        let kept = match kind {
            tab::Kind::Render => slot
                .idle
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop(),
            tab::Kind::Measure => None,
        };
        let mut tab = match kept {
            Some(tab) => tab,
            None => tab::Tab::open(&slot.cdp, &slot.user_agent).await?,
        };
        let refusals = slot.proxy.as_ref().map(|p| &p.refusals);
        let result = tab
            .load(&slot.cdp, url, kind, &self.inner.options, refusals)
            .await;
        if result.is_ok() && kind == tab::Kind::Render && tab.loads < tab::RECYCLE_AFTER {
            let (renderer, slot, url) = (self.clone(), Arc::clone(slot), url.to_string());
            let permit = permit.take();
            tokio::spawn(async move {
                renderer.put_back(&slot, tab, &url).await;
                drop(permit);
            });
            return result;
        }
        let closed = tab.close(&slot.cdp).await;
        match (result, closed) {
            (Ok(loaded), Ok(())) => Ok(loaded),
            // The page's own error says more than a failed clean-up; the
            // browser is retired when it could not clean up.
            (Err(mut failure), closed) => {
                failure.browser_ok &= closed.is_ok();
                Err(failure)
            }
            // The page was read; the browser that could not close its tab
            // is retired and the next page starts another.
            (Ok(loaded), Err(failure)) => {
                if !failure.browser_ok {
                    self.retire(slot.start).await;
                }
                Ok(loaded)
            }
        }
    }

    /// Resets a render tab whose page was read and keeps it for the next
    /// render; a tab that cannot be reset is closed (and a browser that
    /// could not close it retired).
    async fn put_back(&self, slot: &Slot, mut tab: tab::Tab, url: &str) {
        let began = std::time::Instant::now();
        let reset = tab.reset(&slot.cdp).await;
        tracing::debug!(
            "{url}: tab {} in {} ms",
            if reset.is_ok() {
                "reset"
            } else {
                "to be closed"
            },
            began.elapsed().as_millis()
        );
        match reset {
            Ok(()) => slot
                .idle
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(tab),
            Err(failure) => {
                tracing::debug!("{url}: the tab could not be reset: {}", failure.error);
                if tab.close(&slot.cdp).await.is_err_and(|f| !f.browser_ok) {
                    self.retire(slot.start).await;
                }
            }
        }
    }
}
