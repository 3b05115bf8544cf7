//! Between two pages of a kept render tab: the reset that leaves the next
//! page nothing of the last one.

use serde_json::{Value, json};

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

/// How long the last page may take to leave for `about:blank` (its leaving
/// handlers included); one that cancels its own navigation never does, and
/// its tab is closed after this rather than after the reset's whole bound.
const LEAVE: std::time::Duration = std::time::Duration::from_secs(3);

impl Tab {
    /// Makes the tab ready for another page, so that it sees nothing the
    /// last one left, even what the last one writes as it is left (its
    /// `pagehide`, `visibilitychange` and `unload` handlers):
    ///
    /// 1. the session storage of every origin the page's frames had is
    ///    cleared while they are there (it belongs to the tab, not the
    ///    context);
    /// 2. the page navigates itself to `about:blank`, so the blank page has
    ///    its origin (its scripts, timers and requests stop; the handlers run);
    /// 3. once the blank page has committed, a script in it clears that
    ///    origin's session storage again: it runs after the handlers did,
    ///    on the same thread;
    /// 4. the storage of every origin (local storage, IndexedDB, caches,
    ///    service workers) and the context's cookies are deleted, and every
    ///    `COLLECT_EVERY` pages the tab's JavaScript heap is collected.
    ///
    /// A page that will not leave within [`LEAVE`] (it cancels its own
    /// navigation) has the reset fail: the tab is then closed.
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
        let events = &mut self.events;
        let reset = async {
            let page = &page;
            // Frames of other origins: their session storage now, while
            // they are there (the main frame's origin, alone without them,
            // is cleared from the blank page below). An origin whose frames
            // are gone has nothing to reach it by: its call fails, and that
            // is fine.
            let framed = origins.len() > 1;
            let session = origins.iter().filter(|_| framed).map(|origin| async move {
                let _ = page
                    .call(
                        "DOMStorage.clear",
                        json!({ "storageId": { "securityOrigin": origin, "isLocalStorage": false } }),
                    )
                    .await;
            });
            futures_util::future::join_all(session).await;
            while events.try_recv().is_ok() {}
            page.call(
                "Runtime.evaluate",
                json!({ "expression": "location.href = 'about:blank'" }),
            )
            .await?;
            let left = async {
                loop {
                    let Some(event) = events.recv().await else {
                        return Err(Failure {
                            error: RenderError::BrowserGone("the page's session closed".into()),
                            browser_ok: !cdp.is_closed(),
                        });
                    };
                    if event.method == "Page.frameNavigated"
                        && event.params.pointer("/frame/parentId").is_none()
                        && event.params.pointer("/frame/url").and_then(Value::as_str)
                            == Some("about:blank")
                    {
                        return Ok(());
                    }
                }
            };
            tokio::time::timeout(LEAVE, left)
                .await
                .map_err(|_| Failure {
                    error: RenderError::Protocol("the page did not leave for about:blank".into()),
                    browser_ok: true,
                })??;
            page.call(
                "Runtime.evaluate",
                json!({ "expression": "try { sessionStorage.clear(); } catch (e) {}" }),
            )
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
