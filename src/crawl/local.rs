//! Links between local files (`check DIR`): each relative link of a checked
//! HTML file is resolved on disk (a leading `/` from the checked folder, as a
//! static site is served) and recorded as found or missing, with its fragment
//! looked up among the target file's ids and names. Like the crawler, this
//! only records; the link rules judge. Links to http(s) URLs are left
//! unchecked (no network in `check`). A checked folder's `sitemap.xml` is
//! read the same way the crawler reads a site's, for the XML sitemap rules.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::facts::{LinkResult, LinkStatus, SitemapFile, XmlSitemapFacts};
use crate::page::links::{Link, decode_path as decode, scheme_of};
use crate::rules::SiteData;

/// The largest sitemap read (the sitemaps.org limit, uncompressed).
const MAX_SITEMAP_BYTES: u64 = 50 * 1024 * 1024;

/// One checked file: its path as reported, its links and its fragment targets.
#[derive(Debug, Clone)]
pub struct LocalPage {
    /// The path as given (also the page's URL in the report).
    pub path: PathBuf,
    /// The links of the page.
    pub links: Vec<Link>,
    /// Its `id`s and `a[name]`s.
    pub anchors: Vec<String>,
}

/// Builds what link rules read for one checked folder (or file) `root`.
#[must_use]
pub fn site_data(site: &str, root: &Path, pages: &[LocalPage]) -> SiteData {
    let root_dir = if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let anchors: HashMap<PathBuf, &Vec<String>> = pages
        .iter()
        .map(|p| (lexical(&p.path), &p.anchors))
        .collect();
    let mut data = SiteData {
        id: site.to_string(),
        root: root.display().to_string(),
        xml_sitemap: root.is_dir().then(|| folder_sitemap(root)),
        ..SiteData::default()
    };
    for page in pages {
        let dir = page.path.parent().unwrap_or(Path::new(""));
        for link in &page.links {
            let href = link.href.trim();
            let scheme = scheme_of(href);
            let mut result = LinkResult {
                source: page.path.display().to_string(),
                href: link.href.clone(),
                target: link.href.clone(),
                scheme: scheme.clone(),
                fragment: None,
                tag: link.tag.clone(),
                text: link.text.clone(),
                element: link.target.clone(),
                status: LinkStatus::Unchecked,
                http_status: None,
                redirects: Vec::new(),
                final_url: None,
                detail: None,
                fragment_found: None,
            };
            if !scheme.is_empty() || href.is_empty() || href.starts_with("//") {
                if scheme != "http" && scheme != "https" && scheme != "file" {
                    data.links.push(result);
                }
                continue;
            }
            let (rest, fragment) = match href.split_once('#') {
                Some((r, f)) => (r, Some(decode(f)).filter(|f| !f.is_empty())),
                None => (href, None),
            };
            let path_part = decode(rest.split('?').next().unwrap_or_default());
            let target = if path_part.is_empty() {
                page.path.clone()
            } else if let Some(abs) = path_part.strip_prefix('/') {
                root_dir.join(abs)
            } else {
                dir.join(&path_part)
            };
            let target = lexical(&target);
            let file = if target.is_dir() {
                target.join("index.html")
            } else {
                target.clone()
            };
            result.target = target.display().to_string();
            result.scheme = "file".into();
            result.fragment = fragment.clone();
            if file.is_file() {
                result.status = LinkStatus::Ok;
                result.fragment_found = fragment.as_ref().and_then(|f| {
                    anchors
                        .get(&lexical(&file))
                        .map(|a| f.eq_ignore_ascii_case("top") || a.iter().any(|x| x == f))
                });
            } else {
                result.status = LinkStatus::Broken;
                result.detail = Some("file not found".into());
            }
            let plain = result.status == LinkStatus::Ok && fragment.is_none() && href != "#";
            if plain {
                data.links_ok += 1;
            } else {
                data.links.push(result);
            }
        }
    }
    data
}

/// What `sitemap.xml` at the root of a checked folder gives (a static site
/// serves it as `/sitemap.xml`).
fn folder_sitemap(root: &Path) -> XmlSitemapFacts {
    use std::io::Read;
    let path = root.join("sitemap.xml");
    let mut body = Vec::new();
    let read = std::fs::File::open(&path)
        .and_then(|file| file.take(MAX_SITEMAP_BYTES + 1).read_to_end(&mut body));
    let state = match read {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::crawl::sitemap::absent("no such file".into())
        }
        Err(e) => crate::crawl::sitemap::absent(e.to_string()),
        Ok(_) if body.len() as u64 > MAX_SITEMAP_BYTES => crate::facts::SitemapState::Malformed {
            problem: format!("larger than {MAX_SITEMAP_BYTES} bytes"),
        },
        Ok(_) => crate::crawl::sitemap::read(&body, MAX_SITEMAP_BYTES).1,
    };
    XmlSitemapFacts {
        files: vec![SitemapFile {
            url: path.display().to_string(),
            state,
        }],
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (no symlink surprises).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
