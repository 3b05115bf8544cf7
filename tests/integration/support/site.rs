//! A site fixture folder (`fixtures/sites/<name>/`) served on 127.0.0.1 by
//! the scripted server: a path answers the file under the folder (`index.html`
//! for a folder), with the content type of its extension; scripted routes
//! (statuses, redirects) go before the files; anything else is a 404.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::server::{Reply, Server};

/// The content type of a fixture file.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "css" => "text/css",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under `dir`, if there is one (no `..`).
fn file_for(dir: &Path, request: &str) -> Option<PathBuf> {
    let path = request.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if path.split('/').any(|segment| segment == "..") {
        return None;
    }
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

/// Serves `dir` with `routes` before its files.
pub fn serve(dir: &Path, routes: Vec<(String, Reply)>) -> Server {
    let root = dir.to_path_buf();
    let files = Reply::Dynamic(Arc::new(move |request: &str| {
        let file = file_for(&root, request)?;
        let body = std::fs::read(&file).ok()?;
        Some(Reply::Raw(
            200,
            vec![("Content-Type".into(), content_type(&file).into())],
            body,
        ))
    }));
    let mut all: Vec<(&str, Reply)> = routes
        .iter()
        .map(|(p, r)| (p.as_str(), r.clone()))
        .collect();
    all.push(("*", files));
    Server::start(all)
}
