//! A scripted HTTP/1.1 server on 127.0.0.1 for crawl tests: each path answers
//! with a [`Reply`] (pages, statuses, redirects, and faults: hangs, resets,
//! dripping bodies, gzip bombs, lying Content-Length). One server per port
//! stands for one host. Every connection is closed after one answer.

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
                std::thread::spawn(move || handle(stream, &r, &s, &l));
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

fn handle(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    stop: &AtomicBool,
    log: &Log,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.first() == Some(&0x16) {
            // A TLS ClientHello on a plain port: answer in plain HTTP, as servers do.
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
            return;
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
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
    answer(&mut stream, &reply, method == "HEAD", stop, &done);
    done();
}

fn resolve(reply: &Reply, hit: usize) -> Reply {
    match reply {
        Reply::Seq(list) => resolve(&list[(hit - 1).min(list.len() - 1)], hit),
        other => other.clone(),
    }
}

fn answer(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    stop: &AtomicBool,
    done: &dyn Fn(),
) {
    match reply {
        Reply::Html(body) => write(
            stream,
            200,
            &[("Content-Type".into(), "text/html; charset=utf-8".into())],
            body.as_bytes(),
            head_only,
            done,
        ),
        Reply::Raw(status, headers, body) => {
            write(stream, *status, headers, body, head_only, done);
        }
        Reply::Redirect(status, location) => write(
            stream,
            *status,
            &[("Location".into(), location.clone())],
            b"",
            head_only,
            done,
        ),
        Reply::Seq(_) | Reply::Dynamic(_) => {}
        Reply::NoHead(inner) => {
            if head_only {
                write(stream, 405, &[], b"", true, done);
            } else {
                answer(stream, inner, false, stop, done);
            }
        }
        Reply::Delay(wait, inner) => {
            std::thread::sleep(*wait);
            answer(stream, inner, head_only, stop, done);
        }
        Reply::Hang => {
            for _ in 0..600 {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Reply::Reset => {}
        Reply::Drip(n, interval) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).is_err() || head_only {
                return;
            }
            for _ in 0..*n {
                if stop.load(Ordering::SeqCst) || stream.write_all(b"x").is_err() {
                    return;
                }
                let _ = stream.flush();
                std::thread::sleep(*interval);
            }
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
) {
    let mut out = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    let has_length = headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
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
    let _ = stream.write_all(&out);
    let _ = stream.flush();
}
