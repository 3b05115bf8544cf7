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
/// URLs are left out (`check` does not fetch). `check` itself does not keep
/// the pages' anchors: it records each page's links and anchors in its store,
/// which looks fragments up when the site rules read the links.
#[must_use]
pub fn links(root: &Path, pages: &[LocalPage]) -> Vec<LinkResult> {
    let local = LocalLinks::new(root);
    let anchors: HashMap<String, &[String]> = pages
        .iter()
        .map(|p| (page_key(&p.path), p.anchors.as_slice()))
        .collect();
    pages
        .iter()
        .flat_map(|page| local.resolve(&page.path, &page.links))
        .map(|link| {
            let found = link
                .anchors_of
                .as_deref()
                .and_then(|file| anchors.get(file).copied());
            link.result(found)
        })
        .collect()
}

/// One link of a local page as `check` records it: the link, what its
/// target gave, and the checked file whose fragment targets decide its
/// fragment (looked up later: that page may not have been read yet).
#[derive(Debug, Clone)]
pub struct LocalLink {
    /// The page (or feed) the link is on, as reported.
    pub source: String,
    /// The link, its target resolved on disk.
    pub record: LinkRecord,
    /// What its target gave.
    pub answer: Answer,
    /// The file (its [`page_key`]) whose anchors decide the fragment: the
    /// target, or a folder's `index.html`; `None` for other schemes.
    pub anchors_of: Option<String>,
}

impl LocalLink {
    /// The link with its fragment looked up among `anchors`, the fragment
    /// targets of [`Self::anchors_of`] when it was checked.
    #[must_use]
    pub fn result(self, anchors: Option<&[String]>) -> LinkResult {
        let fragment_found = self.answer.fragment_found(
            self.record.fragment.as_deref(),
            anchors.map(|a| |f: &str| a.iter().any(|x| x == f)),
        );
        LinkResult {
            source: self.source,
            link: self.record,
            answer: self.answer,
            fragment_found,
        }
    }
}

/// The key of a local file among link targets: its path made lexical
/// (`./a/../b.html` → `b.html`), as [`LocalLinks::resolve`] names targets.
#[must_use]
pub fn page_key(path: &Path) -> String {
    lexical(path).display().to_string()
}

/// The key of the folder a checked `index.html` stands for (a link to
/// `tin-tuc/` leads to `tin-tuc/index.html`), when `path` is one.
#[must_use]
pub fn folder_key(path: &Path) -> Option<String> {
    let path = lexical(path);
    if path.file_name()? != "index.html" {
        return None;
    }
    path.parent().map(|dir| dir.display().to_string())
}

/// Resolves the links of a folder's (or a file's) pages on disk, page by
/// page, keeping nothing: no page's links or anchors stay in memory.
#[derive(Debug, Clone)]
pub struct LocalLinks {
    root_dir: PathBuf,
}

impl LocalLinks {
    /// Links of the folder (or file) `root`.
    #[must_use]
    pub fn new(root: &Path) -> Self {
        Self {
            root_dir: root_dir(root),
        }
    }

    /// The links of the page (or feed) at `path`, each with what its target
    /// gave, in order; links to http(s) and `file:` URLs are left out.
    #[must_use]
    pub fn resolve(&self, path: &Path, links: &[Link]) -> Vec<LocalLink> {
        let dir = path.parent().unwrap_or(Path::new(""));
        let source = path.display().to_string();
        let mut out = Vec::with_capacity(links.len());
        for link in links {
            let href = link.href.trim();
            let scheme = scheme_of(href);
            if !scheme.is_empty() || href.is_empty() || href.starts_with("//") {
                if scheme != "http" && scheme != "https" && scheme != "file" {
                    out.push(LocalLink {
                        source: source.clone(),
                        record: LinkRecord::of(link, link.href.clone(), scheme, None),
                        answer: Answer::default(),
                        anchors_of: None,
                    });
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
            out.push(LocalLink {
                source: source.clone(),
                record: LinkRecord::of(link, target.display().to_string(), "file".into(), fragment),
                answer,
                anchors_of: Some(page_key(&file)),
            });
        }
        out
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
    fn links_are_resolved_on_disk_and_fragments_looked_up_in_the_target_pages_anchors() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
        std::fs::create_dir(dir.path().join("tin-tuc")).unwrap();
        let index = dir.path().join("tin-tuc/index.html");
        for file in [&a, &b, &index] {
            std::fs::write(file, "").unwrap();
        }
        let page = |path: &Path, hrefs: &[&str], anchors: &[&str]| LocalPage {
            path: path.to_path_buf(),
            links: hrefs.iter().map(|h| link(h)).collect(),
            anchors: anchors.iter().map(|a| (*a).to_string()).collect(),
        };
        let pages = [
            page(
                &a,
                &[
                    "b.html#muc",
                    "b.html#khong",
                    "a.html#top",
                    "mat.html",
                    "tin-tuc/#tin",
                    "mailto:a@b.vn",
                    "https://x.vn/",
                ],
                &["top"],
            ),
            page(&b, &[], &["muc"]),
            page(&index, &[], &["tin"]),
        ];
        let seen: Vec<(String, Option<bool>, LinkStatus)> = links(dir.path(), &pages)
            .into_iter()
            .map(|l| (l.link.href, l.fragment_found, l.answer.status))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("b.html#muc".into(), Some(true), LinkStatus::Ok),
                ("b.html#khong".into(), Some(false), LinkStatus::Ok),
                ("a.html#top".into(), Some(true), LinkStatus::Ok),
                ("mat.html".into(), None, LinkStatus::Broken),
                ("tin-tuc/#tin".into(), Some(true), LinkStatus::Ok),
                ("mailto:a@b.vn".into(), None, LinkStatus::Unchecked),
            ]
        );
        // A folder's link finds its fragments in the folder's index.html.
        assert_eq!(
            folder_key(&index).as_deref(),
            Some(page_key(&dir.path().join("tin-tuc/.")).as_str())
        );
    }
}
