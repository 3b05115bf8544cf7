//! URL normalisation, de-duplication keys and crawl-trap guards.
//!
//! Two links that name the same resource must be fetched once: the host is
//! lower-cased, default ports and `.`/`..` segments are dropped (the `url`
//! crate does both), the fragment is cut off, and configured tracking or
//! session parameters are removed. Trap guards refuse URLs that a crawler
//! would follow forever (calendars, repeated segments, query explosions) and
//! say why, so the report can list what was skipped.

use url::Url;

use crate::facts::skip::SkipReason;

/// Query parameters removed by default: analytics tags and session ids.
pub const DEFAULT_STRIP_PARAMS: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
    "jsessionid",
    "phpsessid",
    "sid",
    "sessionid",
    "aspsessionid",
];

/// A normalised absolute http(s) URL without its fragment, and the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The URL used as the de-duplication key.
    pub url: Url,
    /// The fragment (without `#`), when the link had a non-empty one.
    pub fragment: Option<String>,
}

/// Resolves `href` against `base` and normalises it. Returns `None` for URLs
/// that are not http(s) (the caller handles `mailto:` and friends itself).
#[must_use]
pub fn normalize(base: &Url, href: &str, strip: &[String]) -> Option<Normalized> {
    let mut url = base.join(href.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let fragment = url.fragment().filter(|f| !f.is_empty()).map(percent_decode);
    url.set_fragment(None);
    // `;jsessionid=…` path parameters (most paths have no `;`: they are not
    // lower-cased to be looked at).
    if let Some(pos) = jsessionid_at(url.path()) {
        let path = url.path()[..pos].to_string();
        url.set_path(&path);
    }
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !DEFAULT_STRIP_PARAMS.contains(&k.as_str())
                    && !strip.iter().any(|s| s.eq_ignore_ascii_case(&k))
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            let had = url.query_pairs().count();
            if kept.len() != had {
                url.query_pairs_mut().clear().extend_pairs(kept);
            }
        }
    }
    Some(Normalized { url, fragment })
}

/// Where `;jsessionid=` starts in `path`, in any case.
fn jsessionid_at(path: &str) -> Option<usize> {
    const PARAM: &[u8] = b";jsessionid=";
    memchr::memchr_iter(b';', path.as_bytes()).find(|&at| {
        path.as_bytes()
            .get(at..at + PARAM.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(PARAM))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The host of a URL, with its port when it is not the scheme's default
/// (`example.gov.vn`, `example.gov.vn:8080`): what "one host" means for
/// politeness limits and for site scope. `http://h/` and `https://h/` are
/// the same host, as a site usually serves both and links to either.
#[must_use]
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// The registered domain of a host: the part a registrant controls
/// (`travinh.gov.vn` for `sotnmt.travinh.gov.vn`). Vietnamese second-level
/// suffixes (`gov.vn`, `com.vn`, …) are known; elsewhere the last two labels.
/// IP addresses are their own registered domain.
#[must_use]
pub fn registered_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    const SECOND_LEVEL: &[&str] = &[
        "gov", "com", "net", "org", "edu", "ac", "int", "info", "biz", "name", "pro", "health",
    ];
    let keep = if labels.len() >= 3 && SECOND_LEVEL.contains(&labels[labels.len() - 2]) {
        3
    } else {
        2
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// Limits of the trap guards.
#[derive(Debug, Clone)]
pub struct TrapLimits {
    /// Longest URL followed.
    pub max_url_len: usize,
    /// How often one path segment may repeat.
    pub max_segment_repeats: usize,
    /// Most query parameters.
    pub max_query_params: usize,
    /// Calendar pages: how far from `today` a year in the URL may be.
    pub calendar_years: i32,
}

impl Default for TrapLimits {
    fn default() -> Self {
        Self {
            max_url_len: 2000,
            max_segment_repeats: 3,
            max_query_params: 12,
            calendar_years: 2,
        }
    }
}

/// Why a URL looks like a crawl trap, or `None` when it looks fine.
#[must_use]
pub fn trap_reason(url: &Url, limits: &TrapLimits, this_year: i32) -> Option<SkipReason> {
    let text = url.as_str();
    if text.len() > limits.max_url_len {
        return Some(SkipReason::TrapLongUrl {
            limit: limits.max_url_len,
        });
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    for seg in &segments {
        let n = segments.iter().filter(|s| *s == seg).count();
        if n > limits.max_segment_repeats {
            return Some(SkipReason::TrapSegment {
                segment: (*seg).to_string(),
                times: n,
            });
        }
    }
    let params = url.query_pairs().count();
    if params > limits.max_query_params {
        return Some(SkipReason::TrapParams {
            count: params,
            limit: limits.max_query_params,
        });
    }
    if let Some(year) = calendar_year(url)
        && (year - this_year).abs() > limits.calendar_years
    {
        return Some(SkipReason::TrapYear {
            year,
            years: limits.calendar_years,
        });
    }
    None
}

/// A year in a calendar-like URL: a `year=`/`nam=` parameter, a `date=` value,
/// or a `/YYYY/MM` path, when the URL mentions a calendar or the value is a date.
fn calendar_year(url: &Url) -> Option<i32> {
    let lower = url.as_str().to_ascii_lowercase();
    let calendarish = [
        "calendar", "lich", "event", "date", "ngay", "month", "thang",
    ]
    .iter()
    .any(|w| lower.contains(w));
    for (k, v) in url.query_pairs() {
        let k = k.to_ascii_lowercase();
        let year = match k.as_str() {
            "year" | "nam" | "y" => v.parse::<i32>().ok(),
            "date" | "ngay" | "d" | "day" | "month" | "thang" => {
                v.get(..4).and_then(|y| y.parse::<i32>().ok())
            }
            _ => None,
        };
        if let Some(year) = year
            && (1000..=99999).contains(&year)
        {
            return Some(year);
        }
    }
    if calendarish {
        for seg in url.path_segments()? {
            if seg.len() == 4
                && let Ok(year) = seg.parse::<i32>()
            {
                return Some(year);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(base: &str, href: &str) -> Option<(String, Option<String>)> {
        normalize(&Url::parse(base).unwrap(), href, &["ref".to_string()])
            .map(|n| (n.url.to_string(), n.fragment))
    }

    #[test]
    fn normalisation_merges_spellings_of_one_url() {
        let base = "http://Example.GOV.vn:80/a/b/c.html";
        assert_eq!(
            norm(base, "../x/./y.html#Muc-1"),
            Some((
                "http://example.gov.vn/a/x/y.html".into(),
                Some("Muc-1".into())
            ))
        );
        assert_eq!(
            norm(base, "HTTPS://example.gov.vn:443/?utm_source=z&id=3&ref=q"),
            Some(("https://example.gov.vn/?id=3".into(), None))
        );
        assert_eq!(
            norm(base, "/p;jsessionid=ABC?fbclid=1#"),
            Some(("http://example.gov.vn/p".into(), None))
        );
        assert_eq!(
            norm(base, "#m%E1%BB%A5c"),
            Some((
                "http://example.gov.vn/a/b/c.html".into(),
                Some("mục".into())
            ))
        );
        assert_eq!(norm(base, "mailto:a@b.vn"), None);
        assert_eq!(norm(base, "javascript:void(0)"), None);
    }

    #[test]
    fn http_and_https_of_a_host_are_one_host() {
        let key = |u: &str| host_key(&Url::parse(u).unwrap());
        assert_eq!(key("http://A.gov.vn/x"), "a.gov.vn");
        assert_eq!(key("https://a.gov.vn:443/"), "a.gov.vn");
        assert_eq!(key("http://a.gov.vn:8080/"), "a.gov.vn:8080");
    }

    #[test]
    fn registered_domains() {
        assert_eq!(registered_domain("sotnmt.travinh.gov.vn"), "travinh.gov.vn");
        assert_eq!(registered_domain("travinh.gov.vn"), "travinh.gov.vn");
        assert_eq!(registered_domain("www.Example.com"), "example.com");
        assert_eq!(registered_domain("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn traps_are_named() {
        let limits = TrapLimits::default();
        let t = |u: &str| {
            trap_reason(&Url::parse(u).unwrap(), &limits, 2026)
                .map(|r| r.message(crate::lang::Lang::En))
        };
        assert_eq!(t("http://h/lich?year=2026&month=3"), None);
        assert_eq!(
            t("http://h/lich?year=2031&month=3").as_deref(),
            Some("crawl trap: calendar page for year 2031, more than 2 years from now")
        );
        assert_eq!(
            t("http://h/calendar/1990/01").as_deref(),
            Some("crawl trap: calendar page for year 1990, more than 2 years from now")
        );
        assert_eq!(
            t("http://h/a/b/a/b/a/b/a/").as_deref(),
            Some("crawl trap: path segment `a` repeated 4 times")
        );
        let long = format!("http://h/{}", "x".repeat(2100));
        assert_eq!(
            t(&long).as_deref(),
            Some("crawl trap: URL longer than 2000 characters")
        );
        let many: Vec<String> = (0..13).map(|i| format!("p{i}=1")).collect();
        assert_eq!(
            t(&format!("http://h/?{}", many.join("&"))).as_deref(),
            Some("crawl trap: 13 query parameters (more than 12)")
        );
        assert_eq!(t("http://h/tin-tuc/2019/bai-viet"), None);
    }
}
