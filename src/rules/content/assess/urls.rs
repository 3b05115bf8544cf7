//! Addresses as the assessment reads them: a page's path segments below the
//! site root, a link resolved against its page, whether a host belongs to a
//! site, whether an address is the home page.

/// The path of `url` below the site root, as segments.
pub(super) fn segments<'u>(root: &str, url: &'u str) -> Vec<&'u str> {
    let rest = url.strip_prefix(root).unwrap_or_else(|| {
        // An absolute URL: drop scheme and host.
        url.split_once("://")
            .map_or(url, |(_, r)| r.split_once('/').map_or("", |(_, p)| p))
    });
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    rest.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.strip_suffix(".html")
                .or_else(|| s.strip_suffix(".htm"))
                .or_else(|| s.strip_suffix(".aspx"))
                .or_else(|| s.strip_suffix(".php"))
                .unwrap_or(s)
        })
        .collect()
}

/// Resolves `href` against a page URL or a relative file path.
#[must_use]
pub fn resolve(base: &str, href: &str) -> Option<String> {
    if let Ok(url) = url::Url::parse(base)
        && matches!(url.scheme(), "http" | "https" | "file")
    {
        let mut joined = url.join(href).ok()?;
        joined.set_fragment(None);
        return Some(joined.to_string());
    }
    const REL: &str = "file:///__relative__/";
    let absolute = base.starts_with('/');
    let root = url::Url::parse(if absolute { "file:///" } else { REL }).ok()?;
    let mut joined = root.join(base).ok()?.join(href).ok()?;
    if joined.scheme() != "file" {
        joined.set_fragment(None);
        return Some(joined.to_string());
    }
    joined.set_fragment(None);
    joined.set_query(None);
    let path = joined.path().to_string();
    if absolute {
        Some(path)
    } else {
        path.strip_prefix("/__relative__/").map(str::to_string)
    }
}

/// Whether `host` belongs to the site at `root`: the same host with or
/// without `www.`, or a subdomain of it.
pub(super) fn same_site(root: &str, host: &str) -> bool {
    let bare = |h: &str| h.trim_end_matches('.').to_ascii_lowercase();
    let (root, host) = (bare(root), bare(host));
    let root = root.strip_prefix("www.").unwrap_or(&root);
    let host = host.strip_prefix("www.").unwrap_or(&host);
    host == root || host.ends_with(&format!(".{root}"))
}

/// Whether `url` is the site's home page.
pub(in crate::rules::content) fn is_home(root: &str, url: &str) -> bool {
    let rest = url
        .strip_prefix(root)
        .unwrap_or(url)
        .trim_start_matches('/');
    url == root
        || matches!(
            rest.to_ascii_lowercase().as_str(),
            "" | "index.html" | "index.htm" | "default.aspx" | "index.php"
        )
}
