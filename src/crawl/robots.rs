//! robots.txt: what a host allows portal-audit to fetch, its `Crawl-delay`
//! and the sitemaps it names. Parsing is `texting_robots` (a maintained parser
//! tested against Google's suite); this wrapper only decides what a missing or
//! broken file means: a 4xx or an unreachable file allows everything (as
//! Google does for 4xx), a file that does not parse too, with a note.

use std::time::Duration;

use texting_robots::Robot;

/// The product token matched against `User-agent:` lines.
pub const AGENT_TOKEN: &str = "portal-audit";

/// The most of a robots.txt read (500 KiB, Google's limit, which the parser's
/// own documentation asks callers to keep: it compiles every rule, and a
/// 10 MB file cost gigabytes). What lies beyond is ignored, and the report
/// says so.
pub const MAX_ROBOTS_BYTES: u64 = 500 * 1024;

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

    /// Parses a robots.txt body, only its first [`MAX_ROBOTS_BYTES`] (cut
    /// after the last whole line), noting a longer one.
    #[must_use]
    pub fn parse(body: &[u8]) -> Self {
        let cap = usize::try_from(MAX_ROBOTS_BYTES).unwrap_or(usize::MAX);
        if body.len() >= cap {
            let head = &body[..cap];
            let head = head
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(head, |end| &head[..=end]);
            let mut robots = Self::parse_whole(head);
            robots.note.get_or_insert_with(|| {
                format!(
                    "robots.txt is {} KiB or more; only its first {} KiB were read (as Google does)",
                    MAX_ROBOTS_BYTES / 1024,
                    MAX_ROBOTS_BYTES / 1024
                )
            });
            return robots;
        }
        Self::parse_whole(body)
    }

    fn parse_whole(body: &[u8]) -> Self {
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

    #[test]
    fn only_the_first_500_kib_are_read_and_a_longer_file_is_noted() {
        let mut body = b"User-agent: *\nDisallow: /noi-bo/\n".to_vec();
        while body.len() < 600 * 1024 {
            body.extend_from_slice(b"Disallow: /trang-rat-dai-khong-bao-gio-het/\n");
        }
        body.extend_from_slice(b"Disallow: /cuoi-tep/\n");
        let r = Robots::parse(&body);
        assert!(!r.allowed("http://h/noi-bo/a"));
        assert!(r.allowed("http://h/cuoi-tep/"), "past the cap is ignored");
        assert_eq!(
            r.note.as_deref(),
            Some(
                "robots.txt is 500 KiB or more; only its first 500 KiB were read (as Google does)"
            )
        );
        assert_eq!(Robots::parse(b"User-agent: *\nDisallow: /x\n").note, None);
    }
}
