//! A browser tab and one load in it: navigate, wait for the load event and a
//! settled page or a quiet network (bounded), then read the facts (a
//! render's in `probe.rs`).
//!
//! A [`Tab`] is a browser context of its own with one page in it and the
//! DevTools session attached to that page. A render tab is kept for the next
//! page (navigating, not creating and closing): between two pages the page
//! navigates itself to `about:blank` (which stops its scripts, timers and
//! requests, and runs its leaving handlers), then the context's cookies and
//! the storage of every origin the last page's frames had are deleted
//! ([`Tab::reset`], in `reset.rs`), so no page sees what another one left;
//! the HTTP cache is kept, as for a visitor going from page to page. A tab whose load failed is closed (its context disposed), as is
//! a measurement's tab (a measured load starts cold in a fresh context).

mod probe;
mod reset;

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

use super::cdp::{Cdp, CdpError, Event};
use super::profile::{self, Profile};
use super::proxy::Refusals;
use super::{Blocked, MAX_BLOCKED, RenderError, RenderOptions};
use crate::page::rendered::{BrowserFacts, LoadRun};

/// What a load is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The DOM and the painted colours (desktop, unthrottled).
    Render,
    /// The page-load metrics (the fixed mobile profile).
    Measure,
}

impl Kind {
    /// The screen and throttling the load is made under.
    fn profile(self) -> &'static Profile {
        match self {
            Kind::Render => &profile::DESKTOP,
            Kind::Measure => &profile::MOBILE,
        }
    }
}

/// What a load yields.
pub enum Loaded {
    /// A render.
    Rendered {
        final_url: String,
        dom: String,
        facts: BrowserFacts,
        /// Requests the proxy refused.
        blocked: Vec<Blocked>,
    },
    /// A measurement.
    Measured(LoadRun),
}

/// A failed load, and whether the browser is still fit for the next one.
pub struct Failure {
    pub error: RenderError,
    pub browser_ok: bool,
}

/// The network counts as quiet after this long without a request in flight
/// (unless the page said it has nothing pending, see [`SETTLED_JS`]).
const QUIET: Duration = Duration::from_millis(500);
/// The most main-frame navigations a load may make (redirects by script included).
const MAX_NAVIGATIONS: u32 = 10;
/// How long the browser may take over housekeeping commands.
const COMMAND: Duration = Duration::from_secs(10);

const OBSERVE_JS: &str = include_str!("../observe.js");
const COLLECT_JS: &str = include_str!("../collect.js");
/// Asked once the page has loaded: how many things the page has asked to
/// run soon (after letting one frame and one task pass, so what a load
/// handler started has started; a `<meta http-equiv=refresh>` counts, it
/// navigates after the load), or -1 without the observers.
const SETTLED_JS: &str = "(async () => { const pending = window.__portalAuditPending; if (!pending) return -1; await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); return pending() + document.querySelectorAll('meta[http-equiv=\"refresh\" i]').length; })()";

fn gone(error: &CdpError) -> Failure {
    match error {
        CdpError::Closed | CdpError::TooLong(_) => Failure {
            error: RenderError::BrowserGone(error.to_string()),
            browser_ok: false,
        },
        other => Failure {
            error: RenderError::Protocol(other.to_string()),
            browser_ok: true,
        },
    }
}

/// A browser-level command, bounded in time; no answer means the browser
/// hangs.
async fn command(cdp: &Cdp, method: &str, params: Value) -> Result<Value, Failure> {
    match tokio::time::timeout(COMMAND, cdp.call(None, method, params)).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(gone(&e)),
        Err(_) => Err(Failure {
            error: RenderError::BrowserGone(format!("no answer to {method}")),
            browser_ok: false,
        }),
    }
}

/// The most pages one render tab loads before it is closed and a fresh one
/// opened (bounding what a long-lived page process and its cache can grow to).
pub const RECYCLE_AFTER: u32 = 100;

/// A browser context with one page in it and the session attached to it.
pub struct Tab {
    context: String,
    session: String,
    events: tokio::sync::mpsc::UnboundedReceiver<Event>,
    /// Pages loaded in it so far.
    pub loads: u32,
    /// The origins of the frames of the last page (their storage is cleared
    /// by [`Tab::reset`]).
    origins: HashSet<String>,
    /// The profile whose screen and throttling the tab has (set by its
    /// first load; nothing changes them after).
    screen: Option<&'static str>,
}

/// The context's id out of `Target.createBrowserContext`'s answer.
fn context_id(answer: &Value) -> Result<String, Failure> {
    answer
        .get("browserContextId")
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| Failure {
            error: RenderError::Protocol("no browserContextId".into()),
            browser_ok: false,
        })
}

impl Tab {
    /// Opens a tab: a fresh browser context, a blank page in it, the session
    /// attached and set up (page, network and crash events; the User-Agent;
    /// the metrics observers installed before any page script runs).
    ///
    /// # Errors
    /// When the browser does not do it; a context it made is disposed.
    pub async fn open(cdp: &Cdp, user_agent: &str) -> Result<Tab, Failure> {
        let context = context_id(
            &command(
                cdp,
                "Target.createBrowserContext",
                json!({ "disposeOnDetach": true }),
            )
            .await?,
        )?;
        match Tab::open_in(cdp, &context, user_agent).await {
            Ok((session, events)) => Ok(Tab {
                context,
                session,
                events,
                loads: 0,
                origins: HashSet::new(),
                screen: None,
            }),
            Err(mut failure) => {
                failure.browser_ok &= dispose(cdp, &context).await.is_ok();
                Err(failure)
            }
        }
    }

    async fn open_in(
        cdp: &Cdp,
        context: &str,
        user_agent: &str,
    ) -> Result<(String, tokio::sync::mpsc::UnboundedReceiver<Event>), Failure> {
        let target = command(
            cdp,
            "Target.createTarget",
            json!({ "url": "about:blank", "browserContextId": context }),
        )
        .await?;
        let target = target
            .get("targetId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let attached = command(
            cdp,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        )
        .await?;
        let session = attached
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Failure {
                error: RenderError::Protocol("no sessionId".into()),
                browser_ok: true,
            })?
            .to_string();
        let events = cdp.subscribe(&session);
        let page = Session { cdp, id: &session };
        // Sent together: the browser runs a session's commands in order, so
        // one round trip instead of five.
        let setup = async {
            tokio::try_join!(
                page.call("Page.enable", json!({})),
                page.call("Network.enable", json!({})),
                page.call("Inspector.enable", json!({})),
                page.call(
                    "Network.setUserAgentOverride",
                    json!({ "userAgent": user_agent }),
                ),
                page.call(
                    "Page.addScriptToEvaluateOnNewDocument",
                    json!({ "source": OBSERVE_JS }),
                ),
            )
        };
        match tokio::time::timeout(COMMAND, setup).await {
            Ok(Ok(_)) => Ok((session, events)),
            Ok(Err(failure)) => {
                cdp.unsubscribe(&session);
                Err(failure)
            }
            Err(_) => {
                cdp.unsubscribe(&session);
                Err(Failure {
                    error: RenderError::BrowserGone("no answer to the page's setup".into()),
                    browser_ok: false,
                })
            }
        }
    }

    /// Loads `url` in this tab, within the deadline; `refusals` are the
    /// browser's proxy's, to name the requests it refused. After a failure
    /// the tab is to be closed, not reused.
    ///
    /// # Errors
    /// Why the page could not be loaded, and whether the browser is still fit.
    pub async fn load(
        &mut self,
        cdp: &Cdp,
        url: &str,
        kind: Kind,
        options: &RenderOptions,
        refusals: Option<&Refusals>,
    ) -> Result<Loaded, Failure> {
        // What the last page (or the blank page) still said is not this page's.
        while self.events.try_recv().is_ok() {}
        self.loads += 1;
        self.origins.clear();
        let deadline = Instant::now() + options.deadline;
        let page = Session {
            cdp,
            id: &self.session,
        };
        let screen = &mut self.screen;
        let (events, origins) = (&mut self.events, &mut self.origins);
        let result = tokio::time::timeout_at(deadline, async {
            // A kept tab keeps its screen from page to page: one command
            // less per page.
            let profile = kind.profile();
            if *screen != Some(profile.id) {
                page.emulate(profile).await?;
                *screen = Some(profile.id);
            }
            drive(&page, events, origins, url, kind, options, refusals).await
        })
        .await;
        match result {
            Ok(outcome) => outcome,
            Err(_) => Err(Failure {
                error: RenderError::Deadline {
                    seconds: options.deadline.as_secs(),
                    stage: "timed out",
                },
                browser_ok: true,
            }),
        }
    }

    /// Closes the tab: its context (and page) disposed.
    ///
    /// # Errors
    /// When the browser does not answer (it is then to be retired).
    pub async fn close(self, cdp: &Cdp) -> Result<(), Failure> {
        cdp.unsubscribe(&self.session);
        dispose(cdp, &self.context).await
    }
}

async fn dispose(cdp: &Cdp, context: &str) -> Result<(), Failure> {
    command(
        cdp,
        "Target.disposeBrowserContext",
        json!({ "browserContextId": context }),
    )
    .await
    .map(|_| ())
}

/// The page session's commands, each failing the load when it fails.
struct Session<'a> {
    cdp: &'a Cdp,
    id: &'a str,
}

impl Session<'_> {
    async fn call(&self, method: &str, params: Value) -> Result<Value, Failure> {
        self.cdp
            .call(Some(self.id), method, params)
            .await
            .map_err(|e| gone(&e))
    }

    async fn emulate(&self, profile: &Profile) -> Result<(), Failure> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": profile.width,
                "height": profile.height,
                "deviceScaleFactor": profile.scale,
                "mobile": profile.mobile,
            }),
        )
        .await?;
        if profile.cpu_slowdown > 1.0 {
            self.call(
                "Emulation.setCPUThrottlingRate",
                json!({ "rate": profile.cpu_slowdown }),
            )
            .await?;
        }
        if let (Some(down), Some(up)) = (profile.download, profile.upload) {
            self.call(
                "Network.emulateNetworkConditions",
                json!({
                    "offline": false,
                    "latency": profile.latency_ms,
                    "downloadThroughput": down,
                    "uploadThroughput": up,
                }),
            )
            .await?;
        }
        Ok(())
    }

    /// Evaluates an expression in the page and returns its value.
    async fn evaluate(&self, expression: &str) -> Result<Value, Failure> {
        let answer = self
            .call(
                "Runtime.evaluate",
                json!({
                    "expression": expression,
                    "returnByValue": true,
                    "awaitPromise": true,
                }),
            )
            .await?;
        if let Some(details) = answer.get("exceptionDetails") {
            let text = details
                .pointer("/exception/description")
                .or_else(|| details.get("text"))
                .and_then(Value::as_str)
                .unwrap_or("exception");
            return Err(Failure {
                error: RenderError::Protocol(format!("probe script: {text}")),
                browser_ok: true,
            });
        }
        Ok(answer
            .pointer("/result/value")
            .cloned()
            .unwrap_or(Value::Null))
    }
}

/// What the wait for the load saw of the network.
#[derive(Default)]
struct Traffic {
    requests: u32,
    bytes: u64,
    /// The URL of each request in flight (the last of its redirects).
    urls: std::collections::HashMap<String, String>,
    /// Requests that failed because the proxy refused their host.
    blocked: Vec<Blocked>,
}

impl Traffic {
    /// A failed request: blocked when the proxy refused its host and port.
    fn failed(&mut self, request: &str, refusals: Option<&Refusals>) {
        let Some(url) = self.urls.remove(request) else {
            return;
        };
        let Some(refusals) = refusals else {
            return;
        };
        let Ok(parsed) = url::Url::parse(&url) else {
            return;
        };
        let (Some(host), Some(port)) = (parsed.host_str(), parsed.port_or_known_default()) else {
            return;
        };
        if let Some(reason) = refusals.reason(host, port)
            && self.blocked.len() < MAX_BLOCKED
            && !self.blocked.iter().any(|b| b.url == url)
        {
            self.blocked.push(Blocked { url, reason });
        }
    }
}

/// A page's answer still to come.
type Answer<'a> = std::pin::Pin<Box<dyn Future<Output = Result<Value, Failure>> + Send + 'a>>;

/// What an event meant for the wait.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    /// The main frame has a new document.
    Navigated,
    /// Anything else.
    Other,
}

/// The wait for a page's load: its requests, navigations and load event.
struct Watch<'a> {
    traffic: Traffic,
    in_flight: HashSet<String>,
    navigations: u32,
    loaded_at: Option<Instant>,
    quiet_since: Instant,
    /// The origins of the page's frames.
    origins: &'a mut HashSet<String>,
}

impl Watch<'_> {
    /// Takes one event of the page's session into account.
    async fn see(
        &mut self,
        page: &Session<'_>,
        event: &Event,
        refusals: Option<&Refusals>,
    ) -> Result<Seen, Failure> {
        let p = &event.params;
        match event.method.as_str() {
            // Only this page's load: the tab's blank page may still report
            // its own before the navigation commits.
            "Page.loadEventFired" if self.navigations > 0 => {
                self.loaded_at.get_or_insert_with(Instant::now);
            }
            "Page.frameNavigated" => {
                let frame = p.get("frame");
                let at = |key: &str| {
                    frame
                        .and_then(|f| f.get(key))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                };
                let origin = at("securityOrigin");
                if origin.starts_with("http") {
                    self.origins.insert(origin.to_string());
                }
                // The main frame navigated (a subframe has a parent).
                if frame.and_then(|f| f.get("parentId")).is_none() {
                    if at("url") != "about:blank" {
                        self.navigations += 1;
                    }
                    if self.navigations > MAX_NAVIGATIONS {
                        return Err(Failure {
                            error: RenderError::Navigating(self.navigations),
                            browser_ok: true,
                        });
                    }
                    self.loaded_at = None;
                    return Ok(Seen::Navigated);
                }
            }
            "Network.requestWillBeSent" => {
                self.traffic.requests += 1;
                if let Some(r) = p.get("requestId").and_then(Value::as_str) {
                    self.in_flight.insert(r.to_string());
                    if let Some(target) = p.pointer("/request/url").and_then(Value::as_str) {
                        self.traffic.urls.insert(r.to_string(), target.to_string());
                    }
                }
            }
            "Network.loadingFinished" | "Network.loadingFailed" => {
                if let Some(r) = p.get("requestId").and_then(Value::as_str) {
                    self.in_flight.remove(r);
                    if event.method == "Network.loadingFailed" {
                        self.traffic.failed(r, refusals);
                    } else {
                        self.traffic.urls.remove(r);
                    }
                }
                if self.in_flight.is_empty() {
                    self.quiet_since = Instant::now();
                }
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a byte count reported as a JSON number"
                )]
                if let Some(n) = p.get("encodedDataLength").and_then(Value::as_f64) {
                    self.traffic.bytes += n.max(0.0) as u64;
                }
            }
            "Inspector.targetCrashed" => {
                return Err(Failure {
                    error: RenderError::Crashed,
                    browser_ok: true,
                });
            }
            "Target.detachedFromTarget" => {
                return Err(Failure {
                    error: RenderError::Crashed,
                    browser_ok: !page.cdp.is_closed(),
                });
            }
            "Page.javascriptDialogOpening" => {
                // alert(), confirm(), beforeunload: answered at once, or the
                // page would wait for a person forever.
                page.call("Page.handleJavaScriptDialog", json!({ "accept": true }))
                    .await?;
            }
            _ => {}
        }
        Ok(Seen::Other)
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "one load, step by step: navigation, wait, facts"
)]
async fn drive(
    page: &Session<'_>,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    origins: &mut HashSet<String>,
    url: &str,
    kind: Kind,
    options: &RenderOptions,
    refusals: Option<&Refusals>,
) -> Result<Loaded, Failure> {
    let began = Instant::now();
    let navigated = page.call("Page.navigate", json!({ "url": url })).await?;
    if let Some(error) = navigated.get("errorText").and_then(Value::as_str)
        && !error.is_empty()
    {
        return Err(Failure {
            error: RenderError::Navigation(error.to_string()),
            browser_ok: true,
        });
    }
    #[cfg(feature = "test-hooks")]
    hooks::crash(page.cdp, page, url).await;
    let committed = began.elapsed();

    // Wait for the load event, then for a settled page or a quiet network
    // (bounded).
    let mut watch = Watch {
        traffic: Traffic::default(),
        in_flight: HashSet::new(),
        navigations: 0,
        loaded_at: None,
        quiet_since: Instant::now(),
        origins,
    };
    // The page's answer to "anything pending?", asked once per load event
    // (renders only: a measurement keeps the quiet window, its metrics were
    // defined with it).
    let mut settle: Option<Answer<'_>> = None;
    let mut asked = false;
    let mut settled = false;
    loop {
        let now = Instant::now();
        if let Some(loaded) = watch.loaded_at {
            if watch.in_flight.is_empty()
                && (settled || now.duration_since(watch.quiet_since) >= QUIET)
            {
                break;
            }
            if now.duration_since(loaded) >= options.idle {
                break;
            }
            if kind == Kind::Render && !asked {
                asked = true;
                settle = Some(Box::pin(page.evaluate(SETTLED_JS)));
            }
        }
        let wake = if watch.loaded_at.is_some() {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(3600)
        };
        let event = tokio::select! {
            answer = async { settle.as_mut().expect("asked").await }, if settle.is_some() => {
                settle = None;
                // What the page did before it answered counts first.
                while let Ok(event) = events.try_recv() {
                    watch.see(page, &event, refusals).await?;
                }
                // Nothing pending in the page (no short timer, no animation
                // frame or idle callback asked for), and nothing loading:
                // nothing is coming that the quiet window would wait for.
                // An error (a navigation replaced the page) settles nothing.
                settled = watch.loaded_at.is_some()
                    && watch.in_flight.is_empty()
                    && matches!(answer, Ok(Value::Number(n)) if n.as_u64() == Some(0));
                continue;
            }
            event = events.recv() => event,
            () = tokio::time::sleep(wake) => continue,
        };
        let Some(event) = event else {
            return Err(Failure {
                error: RenderError::BrowserGone("the page's session closed".into()),
                browser_ok: !page.cdp.is_closed(),
            });
        };
        if watch.see(page, &event, refusals).await? == Seen::Navigated {
            // A new document: its own load event, its own question.
            settle = None;
            asked = false;
            settled = false;
        }
    }
    let Watch {
        traffic, loaded_at, ..
    } = watch;

    // Where a load's time goes (PORTAL_AUDIT_LOG=portal_audit::render=debug).
    let waited = began.elapsed();
    let loaded = loaded_at.map_or(waited, |l| l.duration_since(began));
    let phases = |read: Duration| {
        tracing::debug!(
            "{url}: navigation committed after {} ms, loaded after {} ms, settled after {} ms ({}), read in {} ms; {} requests",
            committed.as_millis(),
            loaded.as_millis(),
            waited.as_millis(),
            if settled {
                "nothing pending"
            } else {
                "quiet network or bound"
            },
            read.as_millis(),
            traffic.requests,
        );
    };
    match kind {
        Kind::Measure => {
            let value = page.evaluate(COLLECT_JS).await?;
            let unreported = value
                .get("unreported_tasks")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            if unreported > 0 {
                tracing::debug!(
                    "{url}: {unreported} long tasks the Long Tasks API did not report (the task that committed the page, long timer or frame callbacks)"
                );
            }
            let mut run: LoadRun = serde_json::from_value(value).map_err(|e| Failure {
                error: RenderError::Protocol(format!("metrics: {e}")),
                browser_ok: true,
            })?;
            run.requests = traffic.requests;
            run.transfer_bytes = traffic.bytes;
            phases(began.elapsed().saturating_sub(waited));
            Ok(Loaded::Measured(run))
        }
        Kind::Render => {
            let rendered = probe::read(page).await;
            phases(began.elapsed().saturating_sub(waited));
            let (final_url, dom, facts) = rendered?;
            Ok(Loaded::Rendered {
                final_url,
                dom,
                facts,
                blocked: traffic.blocked,
            })
        }
    }
}

/// Test hooks, built only with the `test-hooks` feature (which `cargo test`
/// enables): never in a release build.
#[cfg(feature = "test-hooks")]
mod hooks {
    use serde_json::json;

    use super::{Cdp, Session};

    /// After navigating to a URL ending with `PORTAL_AUDIT_TEST_CRASH_RENDERER`
    /// the page's renderer is crashed (`Page.crash`); with
    /// `PORTAL_AUDIT_TEST_CRASH_BROWSER` the whole browser (`Browser.crash`,
    /// once), so the tests see what a real crash does without a page that crashes a
    /// current Chromium.
    pub(super) async fn crash(cdp: &Cdp, page: &Session<'_>, url: &str) {
        let ends = |name: &str| {
            std::env::var(name)
                .ok()
                .is_some_and(|end| !end.is_empty() && url.ends_with(&end))
        };
        if ends("PORTAL_AUDIT_TEST_CRASH_RENDERER") {
            // The renderer dies before it answers; the load sees the crash.
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(2),
                page.call("Page.crash", json!({})),
            )
            .await;
        }
        // The browser is crashed once per process: the load is then tried
        // again on a new browser, which this hook leaves alone.
        static BROWSER_CRASHED: std::sync::atomic::AtomicBool =
            std::sync::atomic::AtomicBool::new(false);
        if ends("PORTAL_AUDIT_TEST_CRASH_BROWSER")
            && !BROWSER_CRASHED.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(2),
                cdp.call(None, "Browser.crash", json!({})),
            )
            .await;
        }
    }
}
