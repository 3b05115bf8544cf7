//! Links between local files (`check DIR`): each relative link of a checked
//! HTML file is resolved on disk (a leading `/` from the checked folder, as a
//! static site is served) and recorded as found or missing, with its fragment
//! looked up among the target file's fragment targets. Like the crawler,
//! this only records; the link rules judge (which links are plain is
//! [`crate::rules::SiteData::add_link`]'s to say). Links to http(s) URLs are left
//! unchecked (no network in `check`). A checked folder's `sitemap.xml` is
//! read the same way the crawler reads a site's, for the XML sitemap rules.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::styles::MAX_STYLESHEET_BYTES;
use crate::facts::{Answer, LinkRecord, LinkResult, LinkStatus, SitemapFile, XmlSitemapFacts};
use crate::page::links::{Link, decode_path as decode, scheme_of};
use crate::page::{El, Page, StyleSource, Stylesheet};

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

/// The links of the checked pages of one folder (or file) `root`, each
/// with what its target gave: a local link to a file that exists answers
/// [`LinkStatus::Ok`] (its fragment looked up among the target's anchors,
/// when the target was checked too), a missing one [`LinkStatus::Broken`];
/// other schemes stay [`LinkStatus::Unchecked`]. Links to http(s) and `file:`
/// URLs are left out (`check` does not fetch).
#[must_use]
pub fn links(root: &Path, pages: &[LocalPage]) -> Vec<LinkResult> {
    let mut local = LocalLinks::new(root, pages.iter().map(|p| p.path.as_path()));
    for page in pages {
        local.add_anchors(&page.path, page.anchors.clone());
    }
    let mut out = Vec::new();
    for page in pages {
        local.add_links(&page.path, &page.links, &mut |_, link| out.push(link));
    }
    local.finish(&mut |_, link| out.push(link));
    out
}

/// The links between local files recorded page by page, as `check` reads
/// them (so no page's links need to stay in memory): each link is given
/// with what its target gave as soon as that is known, with its order (the
/// page's, then the link's) so the caller can put them back in order. A
/// fragment into a checked page not read yet waits for that page's anchors
/// ([`LocalLinks::finish`]).
#[derive(Debug)]
pub struct LocalLinks {
    root_dir: PathBuf,
    /// Every page that will be checked.
    checked: std::collections::HashSet<PathBuf>,
    /// The anchors of the pages read so far.
    anchors: HashMap<PathBuf, Vec<String>>,
    /// Links whose fragment waits for the anchors of `file`.
    pending: Vec<(u64, LinkResult, PathBuf)>,
    /// The order of the next link.
    seq: u64,
}

impl LocalLinks {
    /// Links of the folder (or file) `root`, whose checked pages are `pages`.
    pub fn new<'a>(root: &Path, pages: impl IntoIterator<Item = &'a Path>) -> Self {
        Self {
            root_dir: root_dir(root),
            checked: pages.into_iter().map(lexical).collect(),
            anchors: HashMap::new(),
            pending: Vec::new(),
            seq: 0,
        }
    }

    /// The `id`s and `a[name]`s of a page read.
    pub fn add_anchors(&mut self, path: &Path, anchors: Vec<String>) {
        self.anchors.insert(lexical(path), anchors);
    }

    /// The links of the page (or feed) at `path`, each given to `each` with
    /// its order, but those that wait for anchors.
    pub fn add_links(
        &mut self,
        path: &Path,
        links: &[Link],
        each: &mut dyn FnMut(u64, LinkResult),
    ) {
        let dir = path.parent().unwrap_or(Path::new(""));
        let source = path.display().to_string();
        for link in links {
            let seq = self.seq;
            self.seq += 1;
            let href = link.href.trim();
            let scheme = scheme_of(href);
            if !scheme.is_empty() || href.is_empty() || href.starts_with("//") {
                if scheme != "http" && scheme != "https" && scheme != "file" {
                    let record = LinkRecord::of(link, link.href.clone(), scheme, None);
                    each(
                        seq,
                        LinkResult {
                            source: source.clone(),
                            link: record,
                            answer: Answer::default(),
                            fragment_found: None,
                        },
                    );
                }
                continue;
            }
            let (rest, fragment) = match href.split_once('#') {
                Some((r, f)) => (r, Some(decode(f)).filter(|f| !f.is_empty())),
                None => (href, None),
            };
            let path_part = decode(rest.split('?').next().unwrap_or_default());
            let target = if path_part.is_empty() {
                lexical(path)
            } else {
                resolve(&self.root_dir, dir, &path_part)
            };
            let file = if target.is_dir() {
                target.join("index.html")
            } else {
                target.clone()
            };
            let answer = if file.is_file() {
                Answer {
                    status: LinkStatus::Ok,
                    ..Answer::default()
                }
            } else {
                Answer {
                    status: LinkStatus::Broken,
                    detail: Some(crate::facts::FILE_NOT_FOUND.into()),
                    ..Answer::default()
                }
            };
            let file = lexical(&file);
            let waits = fragment.is_some()
                && answer.status == LinkStatus::Ok
                && !self.anchors.contains_key(&file)
                && self.checked.contains(&file);
            let record =
                LinkRecord::of(link, target.display().to_string(), "file".into(), fragment);
            let mut result = LinkResult {
                source: source.clone(),
                link: record,
                answer,
                fragment_found: None,
            };
            if waits {
                self.pending.push((seq, result, file));
                continue;
            }
            result.fragment_found = self.fragment_found(&result, &file);
            each(seq, result);
        }
    }

    fn fragment_found(&self, result: &LinkResult, file: &Path) -> Option<bool> {
        result.answer.fragment_found(
            result.link.fragment.as_deref(),
            self.anchors
                .get(file)
                .map(|a| |f: &str| a.iter().any(|x| x == f)),
        )
    }

    /// The links that waited for anchors, now that every page was read.
    pub fn finish(mut self, each: &mut dyn FnMut(u64, LinkResult)) {
        for (seq, mut result, file) in std::mem::take(&mut self.pending) {
            result.fragment_found = self.fragment_found(&result, &file);
            each(seq, result);
        }
    }
}

/// Where a local link's (decoded) path leads: a leading `/` from the checked
/// folder `root_dir` (as a static site is served), else from the page's folder `dir`.
fn resolve(root_dir: &Path, dir: &Path, path: &str) -> PathBuf {
    lexical(&match path.strip_prefix('/') {
        Some(abs) => root_dir.join(abs),
        None => dir.join(path),
    })
}

/// The folder a checked input's root-relative links resolve against: the
/// folder itself, or the folder of a single file.
#[must_use]
pub fn root_dir(root: &Path) -> PathBuf {
    if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// The stylesheets of checked files, read from disk: an `href` resolved
/// like a link (root-relative ones, `/static/css/x.css`, from the folder given
/// to `check`), up to [`MAX_STYLESHEET_BYTES`]; remote ones are not fetched
/// (`check` reads files without the network). A sheet left out leaves the
/// contrast rules saying "needs review", never pass or fail.
#[derive(Debug, Clone)]
pub struct LocalStyles {
    /// The folder root-relative hrefs resolve against; no sheet outside it
    /// is read ([`contained`]).
    pub root_dir: PathBuf,
    /// Whether symlinks leading out of `root_dir` are followed.
    pub follow_symlinks: bool,
}

impl StyleSource for LocalStyles {
    fn load(&self, page: &Page, links: &[El<'_>]) -> Vec<Stylesheet> {
        let dir = Path::new(&page.url).parent().unwrap_or(Path::new(""));
        links
            .iter()
            .filter_map(|link| {
                let href = link.attr("href")?.trim();
                if !scheme_of(href).is_empty() || href.starts_with("//") {
                    return None;
                }
                let path = decode(href.split(['?', '#']).next()?);
                if path.is_empty() {
                    return None;
                }
                let file = resolve(&self.root_dir, dir, &path);
                if !contained(&self.root_dir, &file, self.follow_symlinks) {
                    return None;
                }
                let meta = std::fs::metadata(&file).ok()?;
                if !meta.is_file() || meta.len() > MAX_STYLESHEET_BYTES {
                    return None;
                }
                let bytes = std::fs::read(&file).ok()?;
                Some(Stylesheet {
                    url: href.to_string(),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                })
            })
            .collect()
    }
}

/// What `sitemap.xml` at the root of a checked folder gives (a static site
/// serves it as `/sitemap.xml`); a symlink leading out of the folder is not
/// read unless `follow_symlinks`.
#[must_use]
pub fn folder_sitemap(root: &Path, follow_symlinks: bool) -> XmlSitemapFacts {
    use std::io::Read;
    let path = root.join("sitemap.xml");
    let mut body = Vec::new();
    let read = if contained(root, &path, follow_symlinks) {
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_SITEMAP_BYTES + 1).read_to_end(&mut body))
    } else {
        Err(std::io::Error::other(
            "a symlink leading outside the checked folder (not followed)",
        ))
    };
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

/// Whether `path` stays inside the folder `root_dir` (`check DIR` reads
/// nothing outside DIR): `..` may not climb past it, and — unless
/// `follow_symlinks` — no symlink on the way may lead out of it (a
/// `leak.html → ../secret/…` in an untrusted pull request). A path that does
/// not exist is "inside": there is nothing to read, the caller says it is
/// missing.
#[must_use]
pub fn contained(root_dir: &Path, path: &Path, follow_symlinks: bool) -> bool {
    let absolute = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        std::path::absolute(p).map(|p| lexical(&p))
    };
    let (Ok(root), Ok(target)) = (absolute(root_dir), absolute(path)) else {
        return false;
    };
    if !target.starts_with(&root) {
        return false;
    }
    if follow_symlinks {
        return true;
    }
    match (root.canonicalize(), target.canonicalize()) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        _ => true,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::links::LinkKind;

    fn link(href: &str) -> Link {
        Link {
            href: href.into(),
            tag: "a".into(),
            attr: "href".into(),
            kind: LinkKind::Navigation,
            text: href.into(),
            target: crate::page::element::Target::default(),
            resource: None,
        }
    }

    #[test]
    fn a_fragment_into_a_page_not_read_yet_waits_for_its_anchors() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let mut local = LocalLinks::new(dir.path(), [a.as_path(), b.as_path()]);
        let mut seen: Vec<(u64, String, Option<bool>, LinkStatus)> = Vec::new();
        let keep = |seen: &mut Vec<_>, seq: u64, l: LinkResult| {
            seen.push((seq, l.link.href, l.fragment_found, l.answer.status));
        };
        local.add_anchors(&a, vec!["top".into()]);
        let links = [
            link("b.html#muc"),
            link("b.html#khong"),
            link("a.html#top"),
            link("mat.html"),
        ];
        local.add_links(&a, &links, &mut |seq, l| keep(&mut seen, seq, l));
        // The fragments into b.html wait: its anchors are not known yet.
        assert_eq!(
            seen.iter().map(|s| s.0).collect::<Vec<_>>(),
            vec![2, 3],
            "{seen:?}"
        );
        local.add_anchors(&b, vec!["muc".into()]);
        local.finish(&mut |seq, l| keep(&mut seen, seq, l));
        seen.sort_by_key(|s| s.0);
        assert_eq!(
            seen,
            vec![
                (0, "b.html#muc".into(), Some(true), LinkStatus::Ok),
                (1, "b.html#khong".into(), Some(false), LinkStatus::Ok),
                (2, "a.html#top".into(), Some(true), LinkStatus::Ok),
                (3, "mat.html".into(), None, LinkStatus::Broken),
            ]
        );
    }
}
