//! A scripted HTTP/1.1 server on 127.0.0.1 for crawl tests: each path answers
//! with a [`Reply`] (pages, statuses, redirects, and faults: hangs, resets,
//! dripping bodies, gzip bombs, lying Content-Length). One server per port
//! stands for one host. Every connection is closed after one answer, unless
//! the server was started with [`Server::start_keep_alive`] (as nginx and
//! most web servers do: then a connection answers request after request
//! until the client closes it or stays silent for 5 s).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Makes the reply for a path (`None`: 404).
pub type MakeReply = Arc<dyn Fn(&str) -> Option<Reply> + Send + Sync>;

/// What a path answers.
#[derive(Clone)]
pub enum Reply {
    /// 200 with an HTML body.
    Html(String),
    /// Any status, headers and body.
    Raw(u16, Vec<(String, String)>, Vec<u8>),
    /// A redirect with this status to this location.
    Redirect(u16, String),
    /// The n-th request gets the n-th reply; the last one repeats.
    Seq(Vec<Reply>),
    /// Waits, then answers.
    Delay(Duration, Box<Reply>),
    /// Reads the request and never answers.
    Hang,
    /// Reads the request and closes the connection.
    Reset,
    /// Sends headers for `n` bytes, then one byte per `interval`.
    Drip(usize, Duration),
    /// 405 to `HEAD`, the inner reply to other methods.
    NoHead(Box<Reply>),
    /// Under the route `*`: answers any path no other route has (`None`: 404).
    Dynamic(MakeReply),
}

struct Route {
    reply: Reply,
    hits: usize,
}

/// A running server. Dropping it stops the accept loop.
pub struct Server {
    /// The port.
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    stop: Arc<AtomicBool>,
    log: Log,
}

/// When each request came, and how many were answered at once at most.
#[derive(Clone, Default)]
struct Log {
    arrivals: Arc<Mutex<Vec<(std::time::Instant, String)>>>,
    /// Requests being answered now, and the most there ever were.
    open: Arc<Mutex<(usize, usize)>>,
}

impl Server {
    /// Starts a server with these routes (path with query, as requested).
    pub fn start(routes: Vec<(&str, Reply)>) -> Self {
        Self::start_with(routes, false)
    }

    /// The same, keeping each connection open for the client's next request
    /// after a page, status or redirect (a fault's connection is still
    /// closed after it).
    pub fn start_keep_alive(routes: Vec<(&str, Reply)>) -> Self {
        Self::start_with(routes, true)
    }

    fn start_with(routes: Vec<(&str, Reply)>, keep_alive: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let routes: HashMap<String, Route> = routes
            .into_iter()
            .map(|(p, reply)| (p.to_string(), Route { reply, hits: 0 }))
            .collect();
        let routes = Arc::new(Mutex::new(routes));
        let stop = Arc::new(AtomicBool::new(false));
        let log = Log::default();
        let (r, s, l) = (routes.clone(), stop.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (r, s, l) = (r.clone(), s.clone(), l.clone());
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let mut rest = Vec::new();
                    while !s.load(Ordering::SeqCst)
                        && handle(&mut stream, &mut rest, &r, &s, &l, keep_alive)
                    {
                    }
                });
            }
        });
        Self {
            port,
            routes,
            stop,
            log,
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Adds or replaces a route (for pages that need the server's own port).
    pub fn route(&self, path: &str, reply: Reply) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), Route { reply, hits: 0 });
    }

    /// The paths requested, with the time since the first request, in order.
    pub fn arrivals(&self) -> Vec<(Duration, String)> {
        let arrivals = self.log.arrivals.lock().unwrap();
        let first = arrivals.first().map(|(t, _)| *t);
        arrivals
            .iter()
            .map(|(t, p)| (t.duration_since(first.unwrap()), p.clone()))
            .collect()
    }

    /// The paths requested, with the instant each came, in order (to order
    /// requests across servers).
    pub fn arrival_instants(&self) -> Vec<(std::time::Instant, String)> {
        self.log.arrivals.lock().unwrap().clone()
    }

    /// The most requests this server was answering at one time (a request
    /// counts from its arrival until its answer is written).
    pub fn max_at_once(&self) -> usize {
        self.log.open.lock().unwrap().1
    }

    /// How many requests a path received.
    pub fn hits(&self, path: &str) -> usize {
        self.routes.lock().unwrap().get(path).map_or(0, |r| r.hits)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// An HTML page with `lang`, a title and the body.
pub fn page(title: &str, body: &str) -> Reply {
    Reply::Html(format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head><title>{title}</title></head>\n<body>\n{body}\n</body>\n</html>\n"
    ))
}

/// Answers one request of the connection (`rest`: what was read past the
/// last request's head); true when the connection may answer another.
fn handle(
    stream: &mut TcpStream,
    rest: &mut Vec<u8>,
    routes: &Mutex<HashMap<String, Route>>,
    stop: &AtomicBool,
    log: &Log,
    keep_alive: bool,
) -> bool {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = std::mem::take(rest);
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.first() == Some(&0x16) {
            // A TLS ClientHello on a plain port: answer in plain HTTP, as servers do.
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
            return false;
        }
        if head.len() > 64 * 1024 {
            return false;
        }
    };
    *rest = head.split_off(end);
    let text = String::from_utf8_lossy(&head).into_owned();
    // A request with a body, or one that asks for it, ends the connection.
    let reusable = !text.lines().any(|line| {
        let line = line.to_ascii_lowercase();
        line.starts_with("content-length:") && line.trim_end() != "content-length: 0"
            || line.starts_with("transfer-encoding:")
            || line.starts_with("connection:") && line.contains("close")
    });
    let mut first = text.lines().next().unwrap_or_default().split_whitespace();
    let method = first.next().unwrap_or_default().to_string();
    let path = first.next().unwrap_or_default().to_string();
    let reply = {
        let mut routes = routes.lock().unwrap();
        let key = if routes.contains_key(&path) {
            Some(path.clone())
        } else {
            let bare = path.split('?').next().unwrap_or_default().to_string();
            routes.contains_key(&bare).then_some(bare)
        };
        match key.and_then(|k| routes.get_mut(&k)) {
            Some(route) => {
                route.hits += 1;
                resolve(&route.reply, route.hits)
            }
            None => match routes.get("*").map(|r| &r.reply) {
                Some(Reply::Dynamic(make)) => make(&path),
                _ => None,
            }
            .unwrap_or_else(|| {
                Reply::Raw(
                    404,
                    vec![("Content-Type".into(), "text/html".into())],
                    b"<!doctype html><title>404</title>".to_vec(),
                )
            }),
        }
    };
    log.arrivals
        .lock()
        .unwrap()
        .push((std::time::Instant::now(), path.clone()));
    {
        let mut open = log.open.lock().unwrap();
        open.0 += 1;
        open.1 = open.1.max(open.0);
    }
    // The request stops counting just before its answer's bytes are written:
    // counting until after the write raced the client, which may read the
    // whole answer and send its next request (counted on another thread)
    // before this thread took the lock again.
    let closed = std::cell::Cell::new(false);
    let done = || {
        if !closed.replace(true) {
            log.open.lock().unwrap().0 -= 1;
        }
    };
    let kept = answer(stream, &reply, method == "HEAD", stop, &done, keep_alive);
    done();
    kept && reusable
}

fn resolve(reply: &Reply, hit: usize) -> Reply {
    match reply {
        Reply::Seq(list) => resolve(&list[(hit - 1).min(list.len() - 1)], hit),
        other => other.clone(),
    }
}

/// Writes the reply; true when the connection may answer another request
/// (a complete answer whose length is its body's).
fn answer(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    stop: &AtomicBool,
    done: &dyn Fn(),
    keep_alive: bool,
) -> bool {
    match reply {
        Reply::Html(body) => write(
            stream,
            200,
            &[("Content-Type".into(), "text/html; charset=utf-8".into())],
            body.as_bytes(),
            head_only,
            done,
            keep_alive,
        ),
        Reply::Raw(status, headers, body) => {
            write(stream, *status, headers, body, head_only, done, keep_alive)
        }
        Reply::Redirect(status, location) => write(
            stream,
            *status,
            &[("Location".into(), location.clone())],
            b"",
            head_only,
            done,
            keep_alive,
        ),
        Reply::Seq(_) | Reply::Dynamic(_) => false,
        Reply::NoHead(inner) => {
            if head_only {
                write(stream, 405, &[], b"", true, done, keep_alive)
            } else {
                answer(stream, inner, false, stop, done, keep_alive)
            }
        }
        Reply::Delay(wait, inner) => {
            std::thread::sleep(*wait);
            answer(stream, inner, head_only, stop, done, keep_alive)
        }
        Reply::Hang => {
            for _ in 0..600 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            false
        }
        Reply::Reset => false,
        Reply::Drip(n, interval) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).is_err() || head_only {
                return false;
            }
            for _ in 0..*n {
                if stop.load(Ordering::SeqCst) || stream.write_all(b"x").is_err() {
                    break;
                }
                let _ = stream.flush();
                std::thread::sleep(*interval);
            }
            false
        }
    }
}

fn write(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    head_only: bool,
    done: &dyn Fn(),
    keep_alive: bool,
) -> bool {
    // A reply that sets its own length may lie about it: its connection closes.
    let has_length = headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
    let keep = keep_alive && !has_length;
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nConnection: {}\r\n",
        if keep { "keep-alive" } else { "close" }
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if !has_length {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    done();
    stream.write_all(&out).is_ok() && stream.flush().is_ok() && keep
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `requests` on one connection and reads until the server closes
    /// it or `answers` whole answers came; each answer's status and head.
    fn exchange(port: u16, requests: &str, answers: usize) -> Vec<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(requests.as_bytes()).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let parsed = answers_in(&got);
            if parsed.len() >= answers {
                return parsed;
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return parsed,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// The whole answers in `bytes` (each head's Content-Length says where
    /// its body ends).
    fn answers_in(bytes: &[u8]) -> Vec<(u16, String)> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(end) = bytes[at..].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[at..at + end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .map_or(0, |n| n.parse().unwrap());
            let next = at + end + 4 + length;
            if next > bytes.len() {
                break;
            }
            found.push((head[9..12].parse().unwrap(), head));
            at = next;
        }
        found
    }

    #[test]
    fn a_keep_alive_server_answers_request_after_request_on_one_connection() {
        let routes = || {
            vec![
                ("/a", Reply::Html("<p>a</p>".into())),
                ("/b", Reply::Html("<p>b</p>".into())),
            ]
        };
        let status =
            |answers: Vec<(u16, String)>| answers.into_iter().map(|a| a.0).collect::<Vec<_>>();
        // Three requests sent at once (pipelined), the second a miss: all answered.
        let three = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n";
        let kept = Server::start_keep_alive(routes());
        assert_eq!(status(exchange(kept.port, three, 3)), [200, 404, 200]);
        assert_eq!((kept.hits("/a"), kept.hits("/b")), (1, 1));
        // The default server answers one request and closes.
        let closing = Server::start(routes());
        assert_eq!(status(exchange(closing.port, three, 3)), [200]);
        // A client that says it closes gets one answer even when kept alive.
        let close = "GET /a HTTP/1.1\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
        assert_eq!(status(exchange(kept.port, close, 2)), [200]);
        // The synthetic portal served so: a page and an image on one
        // connection, the image with a static file's validators.
        let portal = crate::support::synthetic::serve_keep_alive(3);
        let two = "GET /p/1 HTTP/1.1\r\n\r\nGET /anh/7.png HTTP/1.1\r\n\r\n";
        let answers = exchange(portal.port, two, 2);
        assert_eq!(answers.len(), 2);
        assert!(
            answers[1].1.contains("\r\nETag: \"anh-7\""),
            "{}",
            answers[1].1
        );
        assert!(
            answers[1].1.contains("\r\nLast-Modified: "),
            "{}",
            answers[1].1
        );
    }
}
