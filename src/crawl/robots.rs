//! robots.txt: what a host allows portal-audit to fetch, its `Crawl-delay`
//! and the sitemaps it names. Parsing is `texting_robots` (a maintained parser
//! tested against Google's suite); this wrapper only decides what a missing or
//! broken file means: a 4xx or an unreachable file allows everything (as
//! Google does for 4xx), a file that does not parse too, with a note.

use std::time::Duration;

use texting_robots::Robot;

/// The product token matched against `User-agent:` lines.
pub const AGENT_TOKEN: &str = "portal-audit";

/// The rules of one host.
pub struct Robots {
    robot: Option<Robot>,
    /// `Crawl-delay`, when given.
    pub delay: Option<Duration>,
    /// `Sitemap:` lines.
    pub sitemaps: Vec<String>,
    /// What happened when reading it (for the report), when not plain.
    pub note: Option<String>,
}

impl std::fmt::Debug for Robots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Robots")
            .field("delay", &self.delay)
            .field("sitemaps", &self.sitemaps)
            .field("note", &self.note)
            .finish_non_exhaustive()
    }
}

impl Robots {
    /// Everything allowed (no file, or `--ignore-robots`).
    #[must_use]
    pub fn allow_all(note: Option<String>) -> Self {
        Self {
            robot: None,
            delay: None,
            sitemaps: Vec::new(),
            note,
        }
    }

    /// Parses a robots.txt body.
    #[must_use]
    pub fn parse(body: &[u8]) -> Self {
        match Robot::new(AGENT_TOKEN, body) {
            Ok(robot) => Self {
                delay: robot
                    .delay
                    .filter(|d| d.is_finite() && *d > 0.0)
                    .map(|d| Duration::from_secs_f32(d.min(60.0))),
                sitemaps: robot.sitemaps.clone(),
                robot: Some(robot),
                note: None,
            },
            Err(e) => Self::allow_all(Some(format!("robots.txt does not parse: {e}"))),
        }
    }

    /// Whether the URL may be fetched.
    #[must_use]
    pub fn allowed(&self, url: &str) -> bool {
        self.robot.as_ref().is_none_or(|r| r.allowed(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_delay_and_sitemaps() {
        let r = Robots::parse(
            b"User-agent: *\nDisallow: /noi-bo/\nCrawl-delay: 0.5\nSitemap: http://h/sitemap.xml\n\nUser-agent: otherbot\nDisallow: /\n",
        );
        assert!(!r.allowed("http://h/noi-bo/a.html"));
        assert!(r.allowed("http://h/tin-tuc"));
        assert_eq!(r.delay, Some(Duration::from_millis(500)));
        assert_eq!(r.sitemaps, vec!["http://h/sitemap.xml".to_string()]);
        assert!(Robots::allow_all(None).allowed("http://h/noi-bo/"));
    }
}
