//! One load of one page in a fresh browser context: navigate, wait for the
//! load event and a quiet network (bounded), then read the facts; the context
//! is disposed whatever happened.

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

/// The network counts as quiet after this long without a request in flight.
const QUIET: Duration = Duration::from_millis(500);
/// The most main-frame navigations a load may make (redirects by script included).
const MAX_NAVIGATIONS: u32 = 10;
/// How long the browser may take over housekeeping commands.
const COMMAND: Duration = Duration::from_secs(10);

const OBSERVE_JS: &str = include_str!("observe.js");
const COLLECT_JS: &str = include_str!("collect.js");
const PROBE_JS: &str = include_str!("probe.js");

fn gone(error: &CdpError) -> Failure {
    match error {
        CdpError::Closed => Failure {
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

/// Loads `url` once; `refusals` are the browser's proxy's, to name the
/// requests it refused.
pub async fn load(
    cdp: &Cdp,
    url: &str,
    kind: Kind,
    options: &RenderOptions,
    user_agent: &str,
    refusals: Option<&Refusals>,
) -> Result<Loaded, Failure> {
    let context = command(
        cdp,
        "Target.createBrowserContext",
        json!({ "disposeOnDetach": true }),
    )
    .await?;
    let context = context
        .get("browserContextId")
        .and_then(Value::as_str)
        .ok_or_else(|| Failure {
            error: RenderError::Protocol("no browserContextId".into()),
            browser_ok: false,
        })?
        .to_string();
    let result = in_context(cdp, &context, url, kind, options, user_agent, refusals).await;
    let disposed = command(
        cdp,
        "Target.disposeBrowserContext",
        json!({ "browserContextId": context }),
    )
    .await;
    match (result, disposed) {
        (Ok(loaded), Ok(_)) => Ok(loaded),
        // The page's own error says more than a failed clean-up; the browser
        // is retired when it could not clean up.
        (Err(mut failure), disposed) => {
            failure.browser_ok &= disposed.is_ok();
            Err(failure)
        }
        (Ok(_), Err(failure)) => Err(failure),
    }
}

async fn in_context(
    cdp: &Cdp,
    context: &str,
    url: &str,
    kind: Kind,
    options: &RenderOptions,
    user_agent: &str,
    refusals: Option<&Refusals>,
) -> Result<Loaded, Failure> {
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
    let deadline = Instant::now() + options.deadline;
    let result = tokio::time::timeout_at(
        deadline,
        drive(
            cdp, &session, events, url, kind, options, user_agent, refusals,
        ),
    )
    .await;
    cdp.unsubscribe(&session);
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

#[allow(
    clippy::too_many_lines,
    reason = "one load, step by step: setup, navigation, wait, facts"
)]
#[allow(
    clippy::too_many_arguments,
    reason = "one load's whole setting, passed down from `load`"
)]
async fn drive(
    cdp: &Cdp,
    id: &str,
    mut events: tokio::sync::mpsc::UnboundedReceiver<Event>,
    url: &str,
    kind: Kind,
    options: &RenderOptions,
    user_agent: &str,
    refusals: Option<&Refusals>,
) -> Result<Loaded, Failure> {
    let page = Session { cdp, id };
    page.call("Page.enable", json!({})).await?;
    page.call("Network.enable", json!({})).await?;
    page.call("Inspector.enable", json!({})).await?;
    page.call(
        "Network.setUserAgentOverride",
        json!({ "userAgent": user_agent }),
    )
    .await?;
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": OBSERVE_JS }),
    )
    .await?;
    let profile = match kind {
        Kind::Render => &profile::DESKTOP,
        Kind::Measure => &profile::MOBILE,
    };
    page.emulate(profile).await?;
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
    hooks::crash(cdp, &page, url).await;

    // Wait for the load event, then for a quiet network (bounded).
    let mut traffic = Traffic::default();
    let mut in_flight: HashSet<String> = HashSet::new();
    let mut navigations = 0_u32;
    let mut loaded_at: Option<Instant> = None;
    let mut quiet_since = Instant::now();
    loop {
        let now = Instant::now();
        if let Some(loaded) = loaded_at {
            if in_flight.is_empty() && now.duration_since(quiet_since) >= QUIET {
                break;
            }
            if now.duration_since(loaded) >= options.idle {
                break;
            }
        }
        let wake = if loaded_at.is_some() {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(3600)
        };
        let event = match tokio::time::timeout(wake, events.recv()).await {
            Ok(Some(event)) => event,
            Ok(None) => {
                return Err(Failure {
                    error: RenderError::BrowserGone("the page's session closed".into()),
                    browser_ok: !cdp.is_closed(),
                });
            }
            Err(_) => continue,
        };
        let p = &event.params;
        match event.method.as_str() {
            "Page.loadEventFired" => {
                loaded_at.get_or_insert_with(Instant::now);
            }
            // The main frame navigated (a subframe has a parent).
            "Page.frameNavigated" if p.pointer("/frame/parentId").is_none() => {
                navigations += 1;
                if navigations > MAX_NAVIGATIONS {
                    return Err(Failure {
                        error: RenderError::Navigating(navigations),
                        browser_ok: true,
                    });
                }
                loaded_at = None;
            }
            "Network.requestWillBeSent" => {
                traffic.requests += 1;
                if let Some(r) = p.get("requestId").and_then(Value::as_str) {
                    in_flight.insert(r.to_string());
                    if let Some(target) = p.pointer("/request/url").and_then(Value::as_str) {
                        traffic.urls.insert(r.to_string(), target.to_string());
                    }
                }
            }
            "Network.loadingFinished" | "Network.loadingFailed" => {
                if let Some(r) = p.get("requestId").and_then(Value::as_str) {
                    in_flight.remove(r);
                    if event.method == "Network.loadingFailed" {
                        traffic.failed(r, refusals);
                    } else {
                        traffic.urls.remove(r);
                    }
                }
                if in_flight.is_empty() {
                    quiet_since = Instant::now();
                }
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a byte count reported as a JSON number"
                )]
                if let Some(n) = p.get("encodedDataLength").and_then(Value::as_f64) {
                    traffic.bytes += n.max(0.0) as u64;
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
                    browser_ok: !cdp.is_closed(),
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
    }

    match kind {
        Kind::Measure => {
            let value = page.evaluate(COLLECT_JS).await?;
            let mut run: LoadRun = serde_json::from_value(value).map_err(|e| Failure {
                error: RenderError::Protocol(format!("metrics: {e}")),
                browser_ok: true,
            })?;
            run.requests = traffic.requests;
            run.transfer_bytes = traffic.bytes;
            Ok(Loaded::Measured(run))
        }
        Kind::Render => {
            // Lay the whole page out in one screen so hit testing reaches
            // every text (up to the probe's height).
            let height = page
                .evaluate("Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)")
                .await?
                .as_f64()
                .unwrap_or(0.0);
            let probe = Profile {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "clamped to the probe height"
                )]
                height: (height.max(f64::from(profile.height)) as u32).min(profile::PROBE_HEIGHT),
                ..*profile
            };
            page.emulate(&probe).await?;
            let value = page.evaluate(PROBE_JS).await?;
            if let Some(length) = value.get("length").and_then(Value::as_u64) {
                return Err(Failure {
                    error: RenderError::TooLarge(length),
                    browser_ok: true,
                });
            }
            let field = |key: &str| {
                value
                    .get(key)
                    .and_then(Value::as_str)
                    .map(String::from)
                    .ok_or_else(|| Failure {
                        error: RenderError::Protocol(format!("probe without {key}")),
                        browser_ok: true,
                    })
            };
            let dom = field("dom")?;
            let final_url = field("url")?;
            let facts: BrowserFacts =
                serde_json::from_value(value.get("facts").cloned().unwrap_or(Value::Null))
                    .map_err(|e| Failure {
                        error: RenderError::Protocol(format!("probe facts: {e}")),
                        browser_ok: true,
                    })?;
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
