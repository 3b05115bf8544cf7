//! Availability during the audit (Quy chế Điều 15.2: a portal is to be up
//! 24/24): the requests to a site's own pages and files that got no usable
//! answer — timeouts, refused or broken connections, DNS failures, HTTP 5xx —
//! summarised per site and per section (the first path segment), with the
//! times of the first and last failure, so an outage is visible in the yearly
//! report. The crawler records each failure in the store as it happens; this
//! module only summarises and renders (JSON through the model, HTML, Markdown).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::facts::LinkStatus;
use crate::messages;
use crate::ruleset::Lang;

/// Paths listed at most per section (the rest are counted).
pub const MAX_PATHS: usize = 10;

/// One failed request to a site's own URL, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// The URL requested.
    pub url: String,
    /// When the request failed (RFC 3339, UTC, seconds).
    pub at: String,
    /// The kind of failure ([`kind_of`]).
    pub kind: String,
}

/// The kind of failure an outcome shows, when it shows the site unavailable:
/// `timeout`, `refused`, `dns`, `connection` (reset or other network
/// failure) or `http_5xx`. TLS errors, 4xx and blocked answers are other
/// findings, not unavailability.
#[must_use]
pub fn kind_of(status: Option<LinkStatus>, http_status: Option<u16>) -> Option<&'static str> {
    match status? {
        LinkStatus::Timeout => Some("timeout"),
        LinkStatus::Refused => Some("refused"),
        LinkStatus::Dns => Some("dns"),
        LinkStatus::Error => Some("connection"),
        LinkStatus::Broken if http_status.is_some_and(|s| s >= 500) => Some("http_5xx"),
        _ => None,
    }
}

/// A site's failures during the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    /// Requests that failed.
    pub failed: usize,
    /// The first failure (RFC 3339).
    pub first: String,
    /// The last failure (RFC 3339).
    pub last: String,
    /// Failures per kind.
    pub kinds: BTreeMap<String, usize>,
    /// Whether the site's root itself failed.
    pub root_failed: bool,
    /// Per section (first path segment, `/` for top-level paths), in path order.
    pub sections: Vec<SectionAvailability>,
}

/// The failures within one section of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionAvailability {
    /// `/tin-tuc/`, or `/` for the root and top-level paths.
    pub section: String,
    /// Requests that failed.
    pub failed: usize,
    /// The first failure (RFC 3339).
    pub first: String,
    /// The last failure (RFC 3339).
    pub last: String,
    /// Failures per kind.
    pub kinds: BTreeMap<String, usize>,
    /// The failed paths (with query), sorted, at most [`MAX_PATHS`].
    pub paths: Vec<String>,
}

/// The section of a path: its first segment when there is a deeper one.
fn section_of(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    match trimmed.split_once('/') {
        Some((first, _)) if !first.is_empty() => format!("/{first}/"),
        _ => "/".to_string(),
    }
}

/// Summarises a site's failures; `None` when nothing failed.
#[must_use]
pub fn summarise(root: &str, outages: &[Outage]) -> Option<Availability> {
    let first = outages.iter().map(|o| o.at.as_str()).min()?.to_string();
    let last = outages.iter().map(|o| o.at.as_str()).max()?.to_string();
    let root_url = url::Url::parse(root).ok();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut sections: BTreeMap<String, Vec<&Outage>> = BTreeMap::new();
    let mut root_failed = false;
    for outage in outages {
        *kinds.entry(outage.kind.clone()).or_default() += 1;
        let parsed = url::Url::parse(&outage.url).ok();
        root_failed |= parsed.is_some() && parsed == root_url;
        let path = parsed.as_ref().map_or("/", url::Url::path);
        sections.entry(section_of(path)).or_default().push(outage);
    }
    let sections = sections
        .into_iter()
        .map(|(section, outages)| {
            let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
            for o in &outages {
                *kinds.entry(o.kind.clone()).or_default() += 1;
            }
            let mut paths: Vec<String> = outages
                .iter()
                .map(|o| {
                    url::Url::parse(&o.url).map_or_else(
                        |_| o.url.clone(),
                        |u| match u.query() {
                            Some(q) => format!("{}?{q}", u.path()),
                            None => u.path().to_string(),
                        },
                    )
                })
                .collect();
            paths.sort();
            paths.truncate(MAX_PATHS);
            SectionAvailability {
                section,
                failed: outages.len(),
                first: outages
                    .iter()
                    .map(|o| o.at.clone())
                    .min()
                    .unwrap_or_default(),
                last: outages
                    .iter()
                    .map(|o| o.at.clone())
                    .max()
                    .unwrap_or_default(),
                kinds,
                paths,
            }
        })
        .collect();
    Some(Availability {
        failed: outages.len(),
        first,
        last,
        kinds,
        root_failed,
        sections,
    })
}

/// A failure kind in words.
fn kind_name(kind: &str, lang: Lang) -> String {
    messages::text_or(&format!("outage.{kind}"), "outage.other", lang)
}

/// Kinds with counts in words: `quá thời gian chờ × 2, lỗi máy chủ (HTTP 5xx) × 1`.
#[must_use]
pub fn kinds_text(kinds: &BTreeMap<String, usize>, lang: Lang) -> String {
    kinds
        .iter()
        .map(|(kind, n)| format!("{} × {n}", kind_name(kind, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A Markdown section listing, per site, its failures (nothing when no site failed).
#[must_use]
pub fn markdown(sites: &[(&str, &Availability)], lang: Lang) -> String {
    let mut out = String::new();
    if sites.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n### {}\n\n{}\n|---|---|---:|---|---|---|",
        messages::text("markdown.availability", lang, &[]),
        messages::text("markdown.availability_header", lang, &[]),
    );
    for (name, availability) in sites {
        for s in &availability.sections {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} |",
                super::markdown::escape(name),
                s.section.replace('`', "'"),
                s.failed,
                s.first,
                s.last,
                kinds_text(&s.kinds, lang)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outage(url: &str, at: &str, kind: &str) -> Outage {
        Outage {
            url: url.into(),
            at: at.into(),
            kind: kind.into(),
        }
    }

    #[test]
    fn sections_times_and_kinds() {
        let outages = [
            outage("http://h/tin-tuc/b", "2026-11-28T10:00:05Z", "timeout"),
            outage("http://h/tin-tuc/a?x=1", "2026-11-28T10:00:01Z", "http_5xx"),
            outage("http://h/", "2026-11-28T10:00:03Z", "http_5xx"),
            outage("http://h/lien-he", "2026-11-28T10:00:04Z", "refused"),
        ];
        let a = summarise("http://h/", &outages).unwrap();
        assert_eq!(a.failed, 4);
        assert_eq!(a.first, "2026-11-28T10:00:01Z");
        assert_eq!(a.last, "2026-11-28T10:00:05Z");
        assert!(a.root_failed);
        assert_eq!(
            a.kinds.into_iter().collect::<Vec<_>>(),
            [
                ("http_5xx".to_string(), 2),
                ("refused".to_string(), 1),
                ("timeout".to_string(), 1)
            ]
        );
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.sections[0].section, "/");
        assert_eq!(a.sections[0].paths, ["/", "/lien-he"]);
        assert_eq!(a.sections[1].section, "/tin-tuc/");
        assert_eq!(a.sections[1].paths, ["/tin-tuc/a?x=1", "/tin-tuc/b"]);
        assert_eq!(a.sections[1].first, "2026-11-28T10:00:01Z");
        assert_eq!(a.sections[1].last, "2026-11-28T10:00:05Z");
        assert_eq!(summarise("http://h/", &[]), None);
    }

    #[test]
    fn only_unavailability_counts() {
        assert_eq!(
            kind_of(Some(LinkStatus::Broken), Some(503)),
            Some("http_5xx")
        );
        assert_eq!(kind_of(Some(LinkStatus::Broken), Some(404)), None);
        assert_eq!(kind_of(Some(LinkStatus::Tls), None), None);
        assert_eq!(kind_of(Some(LinkStatus::Blocked), Some(429)), None);
        assert_eq!(kind_of(Some(LinkStatus::Timeout), None), Some("timeout"));
        assert_eq!(kind_of(None, None), None);
    }
}
