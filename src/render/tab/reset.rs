//! Between two pages of a kept render tab: the reset that leaves the next
//! page nothing of the last one.

use serde_json::json;

use super::{COMMAND, Failure, Session, Tab, gone};
use crate::render::RenderError;
use crate::render::cdp::Cdp;

/// How many pages a kept tab loads between two collections of its
/// renderer's JavaScript heap. V8 lets the heap grow with each page (about
/// 10 MB a page of the synthetic portal, 670 MB after 50) before collecting
/// on its own; a forced full collection after every page cost about 60 ms of
/// the renderer's CPU a page, one every four pages bounds the growth to
/// about 40 MB a tab for a quarter of that.
const COLLECT_EVERY: u32 = 4;

impl Tab {
    /// Makes the tab ready for another page: parked on `about:blank` (the
    /// last page's scripts, timers and requests stop), its session storage
    /// cleared first (it belongs to the tab), then the storage of every
    /// origin its frames had and the context's cookies deleted, and, every
    /// `COLLECT_EVERY` pages, its JavaScript heap collected.
    ///
    /// # Errors
    /// When the browser does not do it (the tab is then closed).
    pub async fn reset(&mut self, cdp: &Cdp) -> Result<(), Failure> {
        let page = Session {
            cdp,
            id: &self.session,
        };
        let origins = std::mem::take(&mut self.origins);
        let collect = self.loads.is_multiple_of(COLLECT_EVERY);
        let context = self.context.clone();
        let reset = async {
            // In turn: the navigation would cut the script short.
            page.call(
                "Runtime.evaluate",
                json!({ "expression": "try { sessionStorage.clear(); } catch (e) {}" }),
            )
            .await?;
            page.call("Page.navigate", json!({ "url": "about:blank" }))
                .await?;
            let clear = origins.iter().map(|origin| {
                page.call(
                    "Storage.clearDataForOrigin",
                    json!({ "origin": origin, "storageTypes": "all" }),
                )
            });
            tokio::try_join!(
                futures_util::future::try_join_all(clear),
                async {
                    cdp.call(
                        None,
                        "Storage.clearCookies",
                        json!({ "browserContextId": context }),
                    )
                    .await
                    .map_err(|e| gone(&e))
                },
                async {
                    if collect {
                        page.call("HeapProfiler.collectGarbage", json!({})).await?;
                    }
                    Ok(())
                },
            )?;
            Ok::<(), Failure>(())
        };
        match tokio::time::timeout(COMMAND, reset).await {
            Ok(result) => result,
            Err(_) => Err(Failure {
                error: RenderError::BrowserGone("no answer to the tab's reset".into()),
                browser_ok: false,
            }),
        }
    }
}
