//! Reading a rendered page: the serialised DOM and the painted colours of
//! its text (`probe.js`, which scrolls the page to each text rather than
//! enlarging the screen to the page's height).

use serde_json::Value;

use super::{Failure, Session};
use crate::page::rendered::BrowserFacts;
use crate::render::RenderError;
use crate::render::profile;

const PROBE_JS: &str = include_str!("../probe.js");

/// The page's final URL, serialised DOM and browser facts, read in one
/// evaluation (the screen keeps the size the load had).
pub(super) async fn read(page: &Session<'_>) -> Result<(String, String, BrowserFacts), Failure> {
    let value = page
        .evaluate(&format!("({PROBE_JS})({})", profile::PROBE_HEIGHT))
        .await?;
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
    let took = |k: &str| value.pointer(k).and_then(Value::as_f64).unwrap_or(0.0);
    tracing::debug!(
        "{final_url}: DOM serialised in {:.0} ms, colours read in {:.0} ms (in the page)",
        took("/took/0"),
        took("/took/1"),
    );
    let facts: BrowserFacts = serde_json::from_value(
        value.get("facts").cloned().unwrap_or(Value::Null),
    )
    .map_err(|e| Failure {
        error: RenderError::Protocol(format!("probe facts: {e}")),
        browser_ok: true,
    })?;
    Ok((final_url, dom, facts))
}
