//! Where a finding is, for the tools that point into a repository (SARIF,
//! GitLab Code Quality, GitHub annotations): a checked file's path relative
//! to the repository root. Pure path arithmetic: the command line finds the
//! root (`git rev-parse --show-toplevel`, or `--sarif-root`) and the working
//! folder, and hands them over.

use std::path::{Component, Path, PathBuf};

/// The repository root and the folder `check` ran in (both absolute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRoot {
    /// The repository root.
    pub root: PathBuf,
    /// The folder the report's relative paths are relative to.
    pub cwd: PathBuf,
}

impl SourceRoot {
    /// The root as a `file:` URI ending in `/` (SARIF `originalUriBaseIds`).
    #[must_use]
    pub fn root_uri(&self) -> String {
        let mut path = self.root.to_string_lossy().replace('\\', "/");
        if !path.ends_with('/') {
            path.push('/');
        }
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        format!("file://{}", percent_encode_path(&path))
    }

    /// `input` (a finding's URL or path) relative to the root, with `/`
    /// separators; `None` for a URL or a path outside the root.
    #[must_use]
    pub fn relative(&self, input: &str) -> Option<String> {
        if is_url(input) {
            return None;
        }
        let path = Path::new(input);
        let absolute = if path.is_absolute() {
            normalise(path)
        } else {
            normalise(&self.cwd.join(path))
        };
        let relative = absolute.strip_prefix(normalise(&self.root)).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }
}

/// Whether an input is a web address rather than a file.
#[must_use]
pub fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

/// `.` and `..` resolved without asking the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A path relative to the folder `check` ran in, as written in the report:
/// `/` separators, no leading `./`.
#[must_use]
pub fn plain(input: &str) -> String {
    let path = input.replace('\\', "/");
    path.trim_start_matches("./").to_string()
}

/// Percent-encodes everything but unreserved characters and `/`.
#[must_use]
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_repository_root() {
        let root = SourceRoot {
            root: PathBuf::from("/repo"),
            cwd: PathBuf::from("/repo/public"),
        };
        assert_eq!(
            root.relative("index.html").as_deref(),
            Some("public/index.html")
        );
        assert_eq!(
            root.relative("./a/b.html").as_deref(),
            Some("public/a/b.html")
        );
        assert_eq!(
            root.relative("../docs/x.html").as_deref(),
            Some("docs/x.html")
        );
        assert_eq!(root.relative("/repo/y.html").as_deref(), Some("y.html"));
        assert_eq!(root.relative("/elsewhere/y.html"), None);
        assert_eq!(root.relative("https://x.gov.vn/"), None);
        assert_eq!(root.root_uri(), "file:///repo/");
    }
}
