//! sitemap.xml and sitemap indexes (plain or gzip): the URLs they list seed
//! the frontier, so a page reachable only from the sitemap is still audited.
//! The XML is read leniently (`<loc>` elements), as real sitemaps are often
//! slightly broken; gzip is inflated with a cap so a bomb stops early.
//! Separately, [`read`] gives each file's verdict (well-formed sitemap or
//! not) for the rules on the XML sitemap itself.

use std::io::Read;
use std::sync::LazyLock;

use regex::Regex;

use crate::facts::SitemapState;

static LOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<loc>\s*(.*?)\s*</loc>").expect("valid regex"));

/// What a sitemap file lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sitemap {
    /// Page URLs (`<urlset>`).
    pub pages: Vec<String>,
    /// Nested sitemaps (`<sitemapindex>`).
    pub sitemaps: Vec<String>,
}

/// Parses a sitemap body, gzip or not, inflating at most `max_bytes`.
///
/// # Errors
/// A message when the gzip stream is broken or inflates past the cap.
pub fn parse(body: &[u8], max_bytes: u64) -> Result<Sitemap, String> {
    inflate(body, max_bytes).map(|text| list(&text))
}

/// Reads a fetched sitemap file: what it lists, read leniently to seed the
/// frontier (`None` when it cannot be inflated), and whether it is a
/// well-formed sitemap.
#[must_use]
pub fn read(body: &[u8], max_bytes: u64) -> (Option<Sitemap>, SitemapState) {
    match inflate(body, max_bytes) {
        Ok(text) => {
            let state = verdict(&text);
            (Some(list(&text)), state)
        }
        Err(problem) => (None, SitemapState::Malformed { problem }),
    }
}

/// The verdict on a sitemap address that gave no file.
#[must_use]
pub fn absent(reason: String) -> SitemapState {
    SitemapState::Absent { reason }
}

/// The body as text, gzip inflated with a cap.
fn inflate(body: &[u8], max_bytes: u64) -> Result<String, String> {
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(body)
            .take(max_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("gzip: {e}"))?;
        if out.len() as u64 > max_bytes {
            return Err(format!("inflates past {max_bytes} bytes"));
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    } else {
        Ok(String::from_utf8_lossy(body).into_owned())
    }
}

/// The `<loc>` addresses of a sitemap text, found leniently.
fn list(text: &str) -> Sitemap {
    let is_index = text.contains("<sitemapindex");
    let locs = LOC
        .captures_iter(text)
        .map(|c| unescape(&c[1]))
        .filter(|l| !l.is_empty());
    let mut out = Sitemap::default();
    if is_index {
        out.sitemaps.extend(locs);
    } else {
        out.pages.extend(locs);
    }
    out
}

/// Whether a sitemap text is well-formed XML whose root is `<urlset>` or
/// `<sitemapindex>` listing at least one `<loc>` (sitemaps.org protocol).
fn verdict(text: &str) -> SitemapState {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.is_empty() {
        return SitemapState::Malformed {
            problem: "empty file".into(),
        };
    }
    // An error page served in place of the sitemap (often with status 200),
    // XHTML with an XML declaration included.
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.contains("<!doctype html") || head.contains("<html") {
        return SitemapState::Malformed {
            problem: "an HTML page, not XML".into(),
        };
    }
    // No DTD: sitemaps have none, and entity expansion is a memory bomb.
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::MAX,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        // An unclosed element: name it and the line it opens on (the
        // parser only says which end tag it met instead).
        Err(roxmltree::Error::UnexpectedCloseTag(expected, actual, pos)) => {
            let problem = match opening_line(text, &expected, pos) {
                Some(line) => format!(
                    "XML: <{expected}> opened on line {line} is not closed (</{actual}> at {}:{} ends it)",
                    pos.row, pos.col
                ),
                None => format!(
                    "XML: <{expected}> is not closed (</{actual}> at {}:{} ends it)",
                    pos.row, pos.col
                ),
            };
            return SitemapState::Malformed { problem };
        }
        Err(err) => {
            return SitemapState::Malformed {
                problem: format!("XML: {err}"),
            };
        }
    };
    let root = doc.root_element();
    let (index, entry) = match root.tag_name().name() {
        "urlset" => (false, "url"),
        "sitemapindex" => (true, "sitemap"),
        other => {
            return SitemapState::Malformed {
                problem: format!("root element <{other}>, not <urlset> or <sitemapindex>"),
            };
        }
    };
    let urls = root
        .children()
        .filter(|n| n.tag_name().name() == entry)
        .filter(|n| {
            n.children().any(|c| {
                c.tag_name().name() == "loc" && c.text().is_some_and(|t| !t.trim().is_empty())
            })
        })
        .count();
    if urls == 0 {
        return SitemapState::Malformed {
            problem: format!("no <{entry}> with a <loc>"),
        };
    }
    SitemapState::Found { index, urls }
}

/// The line of the start tag of the innermost open `<name>` element before
/// `pos`: a scan of the tags (comments, declarations and processing
/// instructions skipped, `/>` closing at once).
fn opening_line(text: &str, name: &str, pos: roxmltree::TextPos) -> Option<usize> {
    let end: usize = text
        .split_inclusive('\n')
        .take(pos.row.saturating_sub(1) as usize)
        .map(str::len)
        .sum::<usize>()
        + pos.col.saturating_sub(1) as usize;
    let text = text.get(..end.min(text.len()))?;
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let close = tag.find('>').unwrap_or(tag.len());
        let body = &tag[..close];
        let line = text[..offset + at].matches('\n').count() + 1;
        if let Some(end) = body.strip_prefix('/') {
            let end = end.trim();
            if let Some(i) = open.iter().rposition(|(n, _)| *n == end) {
                open.truncate(i);
            }
        } else if !(body.starts_with('!') || body.starts_with('?') || body.ends_with('/')) {
            let tag_name = body.split(|c: char| c.is_whitespace()).next().unwrap_or("");
            open.push((tag_name, line));
        }
        let step = at + 1 + close;
        offset += step;
        rest = &rest[step.min(rest.len())..];
    }
    open.iter()
        .rev()
        .find(|(n, _)| *n == name)
        .map(|(_, line)| *line)
}

fn unescape(s: &str) -> String {
    s.trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_index_and_gzip() {
        let set = parse(
            b"<?xml version=\"1.0\"?><urlset><url><loc> http://h/a?x=1&amp;y=2 </loc></url><url><loc>http://h/b</loc></url></urlset>",
            1000,
        )
        .unwrap();
        assert_eq!(set.pages, vec!["http://h/a?x=1&y=2", "http://h/b"]);
        let index = parse(
            b"<sitemapindex><sitemap><loc>http://h/s1.xml.gz</loc></sitemap></sitemapindex>",
            1000,
        )
        .unwrap();
        assert_eq!(index.sitemaps, vec!["http://h/s1.xml.gz"]);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(
            &mut gz,
            b"<urlset><url><loc>http://h/c</loc></url></urlset>",
        )
        .unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(parse(&gz, 1000).unwrap().pages, vec!["http://h/c"]);
        assert_eq!(parse(&gz, 10), Err("inflates past 10 bytes".to_string()));
    }

    #[test]
    fn verdicts() {
        let state = |body: &str| read(body.as_bytes(), 10_000).1;
        assert_eq!(
            state(
                "\u{feff}<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>http://h/a</loc></url><url><loc>http://h/b</loc></url></urlset>"
            ),
            SitemapState::Found {
                index: false,
                urls: 2
            }
        );
        assert_eq!(
            state("<sitemapindex><sitemap><loc>http://h/s.xml</loc></sitemap></sitemapindex>"),
            SitemapState::Found {
                index: true,
                urls: 1
            }
        );
        let problem = |body: &str| match state(body) {
            SitemapState::Malformed { problem } => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(problem("  "), "empty file");
        assert_eq!(
            problem("<!DOCTYPE html><html><body>404</body></html>"),
            "an HTML page, not XML"
        );
        assert_eq!(
            problem(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x.dtd\"><html/>"
            ),
            "an HTML page, not XML"
        );
        assert_eq!(
            problem("<urlset><url><loc>http://h/a</loc></urlset>"),
            "XML: <url> opened on line 1 is not closed (</urlset> at 1:35 ends it)"
        );
        assert_eq!(
            problem(
                "<?xml version=\"1.0\"?>\n<urlset>\n<url><loc>http://h/a</loc></url>\n<!-- <url> -->\n<url>\n  <loc>http://h/b</loc>\n<url><loc>http://h/c</loc></url>\n</urlset>"
            ),
            "XML: <url> opened on line 5 is not closed (</urlset> at 8:1 ends it)"
        );
        assert_eq!(
            problem("<rss><channel/></rss>"),
            "root element <rss>, not <urlset> or <sitemapindex>"
        );
        assert_eq!(problem("<urlset><url/></urlset>"), "no <url> with a <loc>");
        assert!(
            problem("<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><urlset><url><loc>&lol;</loc></url></urlset>")
                .starts_with("XML: ")
        );
        let (listed, state) = read(b"\x1f\x8b broken", 100);
        assert_eq!(listed, None);
        assert!(
            matches!(state, SitemapState::Malformed { problem } if problem.starts_with("gzip"))
        );
    }
}
