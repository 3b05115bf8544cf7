//! Reading a rendered page: the serialised DOM and the painted colours of
//! its text (`probe.js`), over a screen enlarged to the page's height.

use serde_json::Value;

use super::{Failure, Session};
use crate::page::rendered::BrowserFacts;
use crate::render::RenderError;
use crate::render::profile::{self, Profile};

const PROBE_JS: &str = include_str!("../probe.js");

/// The page's final URL, serialised DOM and browser facts, read on a screen
/// of `profile` enlarged to the page's height (set back before returning).
pub(super) async fn read(
    page: &Session<'_>,
    profile: &Profile,
) -> Result<(String, String, BrowserFacts), Failure> {
    // Lay the whole page out in one screen so hit testing reaches every
    // text (up to the probe's height).
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
    let value = page
        .evaluate(&format!("({PROBE_JS})({})", probe.height))
        .await?;
    // The screen back at once: a frame of the enlarged one would be
    // painted, and kept by a parked tab, for nothing.
    page.emulate(profile).await?;
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
    let facts: BrowserFacts = serde_json::from_value(
        value.get("facts").cloned().unwrap_or(Value::Null),
    )
    .map_err(|e| Failure {
        error: RenderError::Protocol(format!("probe facts: {e}")),
        browser_ok: true,
    })?;
    Ok((final_url, dom, facts))
}
