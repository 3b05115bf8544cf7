//! The stylesheets of fetched pages (`audit`, `check URL`), fetched once per
//! run however many pages link them, on the page's own host, politely. The
//! page finds its stylesheet links in its DOM ([`crate::page::links::stylesheets`]);
//! this is only the network side of [`StyleSource`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use url::Url;

use super::fetch::{self, FetchLimits};
use super::polite::Hosts;
use super::url::host_key;
use crate::page::{El, Page, StyleSource, Stylesheet, links};

/// Largest stylesheet read.
pub const MAX_STYLESHEET_BYTES: u64 = 2 * 1024 * 1024;
/// Stylesheets kept between pages at most.
const MAX_CACHED: usize = 64;

/// A stylesheet fetched once, however many pages ask for it at the same time.
type Cell = Arc<tokio::sync::OnceCell<Option<Arc<Stylesheet>>>>;

/// Stylesheets over the network, cached for the run.
pub struct RemoteStyles {
    client: fetch::Client,
    limits: FetchLimits,
    hosts: Arc<Hosts>,
    runtime: tokio::runtime::Handle,
    cache: Mutex<HashMap<String, Cell>>,
}

impl std::fmt::Debug for RemoteStyles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteStyles").finish_non_exhaustive()
    }
}

impl RemoteStyles {
    /// Fetches with `client` on `runtime` (from threads outside it: the
    /// analysis workers), within `limits` (bodies capped at
    /// [`MAX_STYLESHEET_BYTES`]), waiting each host's turn in `hosts`.
    #[must_use]
    pub fn new(
        client: fetch::Client,
        limits: &FetchLimits,
        hosts: Arc<Hosts>,
        runtime: tokio::runtime::Handle,
    ) -> Self {
        let mut limits = limits.clone();
        limits.max_body_bytes = limits.max_body_bytes.min(MAX_STYLESHEET_BYTES);
        Self {
            client,
            limits,
            hosts,
            runtime,
            cache: Mutex::new(HashMap::new()),
        }
    }

    async fn fetch(&self, url: Url) -> Option<Stylesheet> {
        let key = url.to_string();
        let cell = {
            let mut cache = self.cache.lock().ok()?;
            if cache.len() >= MAX_CACHED && !cache.contains_key(&key) {
                cache.clear();
            }
            cache.entry(key.clone()).or_default().clone()
        };
        let sheet = cell
            .get_or_init(|| async {
                self.hosts.wait(&host_key(&url)).await;
                match fetch::fetch(&self.client, &key, &self.limits).await {
                    Ok(f) if (200..300).contains(&f.status) => Some(Arc::new(Stylesheet {
                        url: key.clone(),
                        text: String::from_utf8_lossy(&f.body).into_owned(),
                    })),
                    _ => None,
                }
            })
            .await
            .clone()?;
        Some((*sheet).clone())
    }
}

impl StyleSource for RemoteStyles {
    /// The sheets on the page's own host, resolved against its base URL.
    fn load(&self, page: &Page, links: &[El<'_>]) -> Vec<Stylesheet> {
        let Ok(page_url) = Url::parse(&page.url) else {
            return Vec::new();
        };
        let base = links::base_href(page)
            .and_then(|b| page_url.join(&b).ok())
            .unwrap_or_else(|| page_url.clone());
        let wanted: Vec<Url> = links
            .iter()
            .filter_map(|link| base.join(link.attr("href")?.trim()).ok())
            .filter(|url| host_key(url) == host_key(&page_url))
            .collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        self.runtime.block_on(async {
            let mut out = Vec::new();
            for url in wanted {
                out.extend(self.fetch(url).await);
            }
            out
        })
    }
}
