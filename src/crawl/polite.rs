//! Politeness: each host is asked at most once per interval (the configured
//! delay, or a longer robots.txt `Crawl-delay`), whoever asks — a page, a
//! link check, a stylesheet, a sitemap.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// When a host may next be asked, and its interval.
type Gate = Arc<tokio::sync::Mutex<(Instant, Duration)>>;

/// The hosts asked so far, each with its interval.
#[derive(Debug)]
pub struct Hosts {
    delay: Duration,
    gates: Mutex<HashMap<String, Gate>>,
}

impl Hosts {
    /// Hosts asked at most once per `delay` unless told otherwise.
    #[must_use]
    pub fn new(delay: Duration) -> Self {
        Self {
            delay,
            gates: Mutex::new(HashMap::new()),
        }
    }

    /// The interval of hosts not told otherwise.
    #[must_use]
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// Waits until `host` may be asked again, and takes its turn.
    pub async fn wait(&self, host: &str) {
        let gate = {
            let Ok(mut gates) = self.gates.lock() else {
                return;
            };
            gates
                .entry(host.to_string())
                .or_insert_with(|| Arc::new(tokio::sync::Mutex::new((Instant::now(), self.delay))))
                .clone()
        };
        let wait = {
            let mut slot = gate.lock().await;
            let now = Instant::now();
            let at = slot.0.max(now);
            slot.0 = at + slot.1;
            at - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Sets the interval of `host` (its robots.txt `Crawl-delay`, when longer).
    pub fn set_delay(&self, host: &str, delay: Duration) {
        if let Ok(mut gates) = self.gates.lock() {
            gates.insert(
                host.to_string(),
                Arc::new(tokio::sync::Mutex::new((Instant::now(), delay))),
            );
        }
    }
}
