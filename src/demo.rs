//! The demo province: the pages of `fixtures/demo/sites/<host>/` are embedded
//! in the binary and served on 127.0.0.1, one port per host, so that
//! `portal-audit demo` shows a whole audit without internet and without a
//! real portal's address. The demo is data, not audit code: the embedded
//! `fixtures/demo/audit.toml` (with the province's own regulation as
//! `legal.toml` and `quy-che-tinh-mau.toml`) names the sites with their roles and pins their
//! host names to 127.0.0.1 (`[crawl] resolve`); the caller then runs the
//! regular `audit` path on it.
//!
//! Pages and the configuration name hosts without ports
//! (`http://vpubnd.tinhmau.gov.vn/`); when served, `://<host>` becomes
//! `://<host>:<port>` for every demo host. `_redirects` in a site folder
//! lists `PATH STATUS TARGET` lines.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};

/// The embedded demo: `audit.toml` and `sites/<host>/`.
static DEMO: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo");

/// One served host.
#[derive(Debug, Clone)]
pub struct DemoHost {
    /// Its host name, e.g. `sokhdt.tinhmau.gov.vn`.
    pub host: String,
    /// The loopback port it answers on.
    pub port: u16,
}

/// The running demo servers; dropping this value stops them.
#[derive(Debug)]
pub struct DemoServers {
    hosts: Vec<DemoHost>,
    stop: Arc<AtomicBool>,
}

impl DemoServers {
    /// Starts one server per folder of `fixtures/demo/sites/`.
    ///
    /// # Errors
    /// [`Error::Client`] when a loopback port cannot be bound.
    pub fn start() -> Result<Self> {
        let sites = DEMO
            .get_dir("sites")
            .ok_or_else(|| Error::Client("the demo has no sites".into()))?;
        let mut listeners = Vec::new();
        for dir in sites.dirs() {
            let host = dir
                .path()
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let listener = TcpListener::bind("127.0.0.1:0")
                .map_err(|e| Error::Client(format!("cannot listen on 127.0.0.1: {e}")))?;
            let port = listener
                .local_addr()
                .map_err(|e| Error::Client(e.to_string()))?
                .port();
            listeners.push((DemoHost { host, port }, dir, listener));
        }
        let hosts: Vec<DemoHost> = listeners.iter().map(|(h, _, _)| h.clone()).collect();
        let stop = Arc::new(AtomicBool::new(false));
        for (_, dir, listener) in listeners {
            let hosts = Arc::new(hosts.clone());
            let stop = stop.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let hosts = hosts.clone();
                    std::thread::spawn(move || serve(stream, dir, &hosts));
                }
            });
        }
        Ok(Self { hosts, stop })
    }

    /// The hosts and their ports.
    #[must_use]
    pub fn hosts(&self) -> &[DemoHost] {
        &self.hosts
    }

    /// The demo's configuration files (`audit.toml` and the ruleset and
    /// profile it names), each with every demo host given its port.
    #[must_use]
    pub fn config_files(&self) -> Vec<(String, String)> {
        DEMO.files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
            .map(|f| {
                (
                    f.path().to_string_lossy().to_string(),
                    with_ports(f.contents_utf8().unwrap_or_default(), &self.hosts),
                )
            })
            .collect()
    }

    /// Writes the demo's configuration files into `dir`, returning the path
    /// of its `audit.toml` (the regular `audit` reads it).
    ///
    /// # Errors
    /// [`Error::Write`] when the folder or a file cannot be written.
    pub fn write_config(&self, dir: &std::path::Path) -> Result<std::path::PathBuf> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        for (name, text) in self.config_files() {
            crate::report::write_atomic(&dir.join(name), text.as_bytes())?;
        }
        Ok(dir.join("audit.toml"))
    }
}

impl Drop for DemoServers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for host in &self.hosts {
            // Wakes the accept loop so that it sees `stop`.
            let _ = TcpStream::connect_timeout(
                &std::net::SocketAddr::from(([127, 0, 0, 1], host.port)),
                Duration::from_millis(200),
            );
        }
    }
}

/// `://host` → `://host:port` for every demo host.
fn with_ports(text: &str, hosts: &[DemoHost]) -> String {
    let mut text = text.to_string();
    for host in hosts {
        text = text.replace(
            &format!("://{}", host.host),
            &format!("://{}:{}", host.host, host.port),
        );
    }
    text
}

/// The file a request path names: `/` and `/x/` are `index.html`, `/x` is
/// `x` or `x.html`.
fn file_for<'a>(dir: &'a Dir<'a>, path: &str) -> Option<&'a include_dir::File<'a>> {
    let rel = path.trim_start_matches('/');
    let base = dir.path();
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string(), format!("{rel}.html")]
    };
    candidates.iter().find_map(|c| dir.get_file(base.join(c)))
}

fn redirect_for(dir: &Dir<'_>, path: &str) -> Option<(u16, String)> {
    let file = dir.get_file(dir.path().join("_redirects"))?;
    file.contents_utf8()?.lines().find_map(|line| {
        let mut parts = line.split_whitespace();
        let (from, status, to) = (parts.next()?, parts.next()?, parts.next()?);
        (from == path).then(|| (status.parse().unwrap_or(301), to.to_string()))
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Answers one request and closes the connection.
fn serve(mut stream: TcpStream, dir: &Dir<'_>, hosts: &[DemoHost]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65_536 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut first = head.lines().next().unwrap_or_default().split_whitespace();
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, headers, body): (u16, Vec<(&str, String)>, Vec<u8>) = if let Some((status, to)) =
        redirect_for(dir, path)
    {
        (
            status,
            vec![("Location", with_ports(&to, hosts))],
            Vec::new(),
        )
    } else if let Some(file) = file_for(dir, path) {
        let name = file.path().to_string_lossy().to_string();
        let kind = content_type(&name);
        let body = if kind.contains("charset=utf-8") {
            with_ports(&String::from_utf8_lossy(file.contents()), hosts).into_bytes()
        } else {
            file.contents().to_vec()
        };
        (200, vec![("Content-Type", kind.to_string())], body)
    } else {
        (
                404,
                vec![("Content-Type", "text/html; charset=utf-8".into())],
                "<!DOCTYPE html><html lang=\"vi\"><head><title>Không tìm thấy</title></head><body><h1>404</h1></body></html>"
                    .as_bytes()
                    .to_vec(),
            )
    };
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        _ => "Status",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let _ = stream.write_all(out.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_get_their_ports_and_only_theirs() {
        let hosts = vec![
            DemoHost {
                host: "tinhmau.gov.vn".into(),
                port: 1001,
            },
            DemoHost {
                host: "sokhdt.tinhmau.gov.vn".into(),
                port: 1002,
            },
        ];
        assert_eq!(
            with_ports(
                "<a href=\"http://tinhmau.gov.vn/a\">x</a> http://sokhdt.tinhmau.gov.vn/",
                &hosts
            ),
            "<a href=\"http://tinhmau.gov.vn:1001/a\">x</a> http://sokhdt.tinhmau.gov.vn:1002/"
        );
    }
}
