//! sitemap.xml and sitemap indexes (plain or gzip): the URLs they list seed
//! the frontier, so a page reachable only from the sitemap is still audited.
//! The XML is read leniently (`<loc>` elements), as real sitemaps are often
//! slightly broken; gzip is inflated with a cap so a bomb stops early.

use std::io::Read;
use std::sync::LazyLock;

use regex::Regex;

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
    let text = if body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(body)
            .take(max_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("gzip: {e}"))?;
        if out.len() as u64 > max_bytes {
            return Err(format!("inflates past {max_bytes} bytes"));
        }
        String::from_utf8_lossy(&out).into_owned()
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    let is_index = text.contains("<sitemapindex");
    let locs = LOC
        .captures_iter(&text)
        .map(|c| unescape(&c[1]))
        .filter(|l| !l.is_empty());
    let mut out = Sitemap::default();
    if is_index {
        out.sitemaps.extend(locs);
    } else {
        out.pages.extend(locs);
    }
    Ok(out)
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
}
