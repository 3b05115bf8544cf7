//! A minimal Chrome DevTools Protocol client: JSON commands with ids over the
//! browser's DevTools pipe (`--remote-debugging-pipe`: it reads commands on
//! its fd 3 and writes answers and events on its fd 4, each message ended by
//! a NUL byte), answers matched to their command, events routed to the page
//! session they belong to (flat sessions, `Target.attachToTarget` with
//! `flatten`).
//!
//! A pipe rather than a debugging port, as Playwright and Puppeteer's pipe
//! mode do: no other process on the machine can drive the browser while an
//! audit runs (a port with `--remote-allow-origins=*` let any of them), and
//! when this process dies, even by `kill -9`, the pipe closes and Chromium
//! shuts down by itself instead of running on in its own process group.
//!
//! Written here rather than taken from `chromiumoxide`: that crate generates
//! types for the whole protocol, and adding it cost about five minutes of a
//! clean release build on this project's two-core machine (its `cdp` and main
//! crates alone took 134 s and 140 s, plus a second `reqwest`), and it
//! connects over a WebSocket only (the pipe is an open request there,
//! mattsse/chromiumoxide#294), while the pipe's framing is a few lines over
//! tokio. The browser mode needs about twenty commands and eight events, so
//! JSON values serve.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};

/// What a protocol call can end with besides its answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CdpError {
    /// The connection to the browser is gone (it exited or crashed).
    #[error("the connection to the browser closed")]
    Closed,
    /// The browser answered with an error.
    #[error("{method}: {message}")]
    Protocol {
        /// The command.
        method: String,
        /// The browser's message.
        message: String,
    },
    /// The browser sent a message longer than [`MAX_MESSAGE`]: the
    /// connection was dropped rather than holding it in memory.
    #[error("the browser sent a message of more than {} MiB; the connection was dropped", .0 >> 20)]
    TooLong(usize),
}

/// One event: its method and parameters.
#[derive(Debug, Clone)]
pub struct Event {
    /// E.g. `Page.loadEventFired`.
    pub method: String,
    /// Its parameters.
    pub params: Value,
}

type Pending = HashMap<u64, (String, oneshot::Sender<Result<Value, CdpError>>)>;

#[derive(Default)]
struct Routes {
    pending: Pending,
    sessions: HashMap<String, mpsc::UnboundedSender<Event>>,
    closed: bool,
}

/// A connection to one browser. Cheap to share (`Arc`).
pub struct Cdp {
    /// Whole messages, their NUL included, for the writing task.
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
    next_id: AtomicU64,
    routes: Arc<Mutex<Routes>>,
}

/// The largest message accepted: a serialised DOM with its facts.
const MAX_MESSAGE: usize = 256 << 20;

/// How much is read from the pipe at a time (a Linux pipe's whole buffer).
const READ_CHUNK: usize = 64 << 10;

impl Cdp {
    /// Speaks the protocol over a browser's pipe: `commands` is the end the
    /// browser reads as its fd 3, `answers` the end it writes as its fd 4.
    /// The connection closes when `answers` ends (the browser exited) or
    /// fails; dropping the last `Arc` closes `commands`, which tells the
    /// browser to shut down.
    pub fn over_pipe<W, R>(commands: W, answers: R) -> Arc<Cdp>
    where
        W: AsyncWrite + Unpin + Send + 'static,
        R: AsyncRead + Unpin + Send + 'static,
    {
        let (outgoing, queue) = mpsc::unbounded_channel::<Vec<u8>>();
        let routes = Arc::new(Mutex::new(Routes::default()));
        tokio::spawn(write(commands, queue, Arc::clone(&routes)));
        tokio::spawn(read(answers, Arc::clone(&routes)));
        Arc::new(Cdp {
            outgoing,
            next_id: AtomicU64::new(1),
            routes,
        })
    }

    /// Whether the connection has closed.
    #[must_use]
    pub fn is_closed(&self) -> bool {
        self.routes.lock().unwrap_or_else(|p| p.into_inner()).closed
    }

    /// Sends a command (to a page session, or to the browser with `None`)
    /// and waits for its answer. The caller bounds the wait.
    ///
    /// # Errors
    /// The browser's error answer, or [`CdpError::Closed`].
    pub async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, CdpError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (answer, answered) = oneshot::channel();
        {
            let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
            if routes.closed {
                return Err(CdpError::Closed);
            }
            routes.pending.insert(id, (method.to_string(), answer));
        }
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = Value::String(session.to_string());
        }
        // JSON text holds no NUL byte (serde_json writes a control
        // character as `\u0000`), so the NUL ends the message.
        let mut message = command.to_string().into_bytes();
        message.push(0);
        if self.outgoing.send(message).is_err() {
            self.forget(id);
            return Err(CdpError::Closed);
        }
        let result = answered.await.unwrap_or(Err(CdpError::Closed));
        self.forget(id);
        result
    }

    fn forget(&self, id: u64) {
        self.routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pending
            .remove(&id);
    }

    /// The events of a page session from now on. The channel closes when
    /// the session detaches or the connection closes.
    pub fn subscribe(&self, session: &str) -> mpsc::UnboundedReceiver<Event> {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        if !routes.closed {
            routes.sessions.insert(session.to_string(), tx);
        }
        rx
    }

    /// Stops routing a session's events.
    pub fn unsubscribe(&self, session: &str) {
        self.routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .sessions
            .remove(session);
    }
}

/// Writes the queued messages to the browser until the [`Cdp`] is dropped
/// (then the pipe closes) or the browser stops reading.
async fn write<W: AsyncWrite + Unpin>(
    mut commands: W,
    mut queue: mpsc::UnboundedReceiver<Vec<u8>>,
    routes: Arc<Mutex<Routes>>,
) {
    while let Some(message) = queue.recv().await {
        if commands.write_all(&message).await.is_err() || commands.flush().await.is_err() {
            close(&routes, &CdpError::Closed);
            return;
        }
    }
}

/// Reads the browser's messages and routes each, until the pipe ends.
async fn read<R: AsyncRead + Unpin>(mut answers: R, routes: Arc<Mutex<Routes>>) {
    let mut frames = Frames::default();
    let mut chunk = vec![0; READ_CHUNK];
    let why = loop {
        let n = match answers.read(&mut chunk).await {
            Ok(0) | Err(_) => break CdpError::Closed,
            Ok(n) => n,
        };
        match frames.split(&chunk[..n], MAX_MESSAGE) {
            Ok(messages) => {
                for message in messages {
                    // What is not JSON is no answer to anything.
                    if let Ok(value) = serde_json::from_slice::<Value>(&message) {
                        dispatch(&routes, value);
                    }
                }
            }
            Err(error) => break error,
        }
    };
    close(&routes, &why);
}

/// Marks the connection closed: each waiting call ends with `why`, and the
/// sessions' event channels close.
fn close(routes: &Mutex<Routes>, why: &CdpError) {
    let mut routes = routes.lock().unwrap_or_else(|p| p.into_inner());
    routes.closed = true;
    for (_, (_, answer)) in routes.pending.drain() {
        let _ = answer.send(Err(why.clone()));
    }
    routes.sessions.clear();
}

/// The browser's byte stream cut into messages at each NUL byte. Reads end
/// anywhere — inside a message, or after several — so what follows the
/// last NUL waits for the next read; it may not grow past a limit, so a
/// browser that never ends a message cannot take the machine's memory.
#[derive(Default)]
struct Frames {
    partial: Vec<u8>,
}

impl Frames {
    /// The messages that `bytes` completes, in order, without their NUL.
    ///
    /// # Errors
    /// [`CdpError::TooLong`] when a message grows past `limit` bytes; the
    /// stream cannot be trusted after that.
    fn split(&mut self, bytes: &[u8], limit: usize) -> Result<Vec<Vec<u8>>, CdpError> {
        let mut messages = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(0, bytes) {
            let part = &bytes[start..end];
            if self.partial.len() + part.len() > limit {
                return Err(CdpError::TooLong(limit));
            }
            self.partial.extend_from_slice(part);
            messages.push(std::mem::take(&mut self.partial));
            start = end + 1;
        }
        let rest = &bytes[start..];
        if self.partial.len() + rest.len() > limit {
            return Err(CdpError::TooLong(limit));
        }
        self.partial.extend_from_slice(rest);
        Ok(messages)
    }
}

/// Routes one incoming message: an answer to its waiting call, an event to
/// its session (`Target.detachedFromTarget` to the session it names).
fn dispatch(routes: &Mutex<Routes>, mut value: Value) {
    let mut routes = routes.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(id) = value.get("id").and_then(Value::as_u64) {
        if let Some((method, answer)) = routes.pending.remove(&id) {
            let result = match value.get_mut("error") {
                Some(error) => Err(CdpError::Protocol {
                    method,
                    message: error
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("error")
                        .to_string(),
                }),
                None => Ok(value.get_mut("result").map(Value::take).unwrap_or_default()),
            };
            let _ = answer.send(result);
        }
        return;
    }
    let Some(method) = value
        .get("method")
        .and_then(Value::as_str)
        .map(String::from)
    else {
        return;
    };
    let params = value.get_mut("params").map(Value::take).unwrap_or_default();
    let session = match value.get("sessionId").and_then(Value::as_str) {
        Some(session) => Some(session.to_string()),
        None if method == "Target.detachedFromTarget" => params
            .get("sessionId")
            .and_then(Value::as_str)
            .map(String::from),
        None => None,
    };
    if let Some(session) = session
        && let Some(tx) = routes.sessions.get(&session)
        && tx.send(Event { method, params }).is_err()
    {
        routes.sessions.remove(&session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_split_across_reads_comes_out_whole() {
        let mut frames = Frames::default();
        assert!(frames.split(br#"{"id":1,"res"#, 64).unwrap().is_empty());
        assert!(frames.split(br#"ult":{}"#, 64).unwrap().is_empty());
        assert_eq!(
            frames.split(b"}\0", 64).unwrap(),
            [br#"{"id":1,"result":{}}"#.to_vec()]
        );
        // Nothing is left over for the next message.
        assert_eq!(frames.split(b"{}\0", 64).unwrap(), [b"{}".to_vec()]);
    }

    #[test]
    fn two_messages_in_one_read_come_out_in_order_and_the_rest_waits() {
        let mut frames = Frames::default();
        assert_eq!(
            frames
                .split(b"{\"id\":1}\0{\"id\":2}\0{\"id\"", 64)
                .unwrap(),
            [b"{\"id\":1}".to_vec(), b"{\"id\":2}".to_vec()]
        );
        assert_eq!(
            frames.split(b":3}\0", 64).unwrap(),
            [b"{\"id\":3}".to_vec()]
        );
    }

    #[test]
    fn a_message_longer_than_the_limit_fails_whether_ended_or_not() {
        // Exactly the limit is fine.
        let mut frames = Frames::default();
        assert_eq!(
            frames.split(b"12345678\0", 8).unwrap(),
            [b"12345678".to_vec()]
        );
        // Past it, an ended message fails…
        let mut frames = Frames::default();
        assert!(matches!(
            frames.split(b"123456789\0", 8),
            Err(CdpError::TooLong(8))
        ));
        // …and so does an unended one, as soon as it outgrows the limit,
        // across reads too (the buffer stays bounded).
        let mut frames = Frames::default();
        assert!(frames.split(b"12345", 8).unwrap().is_empty());
        assert!(matches!(
            frames.split(b"6789", 8),
            Err(CdpError::TooLong(8))
        ));
        assert!(frames.partial.len() <= 8);
    }

    /// The browser's end of the pipes, in memory: what the client sends
    /// (commands) and what it is sent (answers, events).
    fn connected() -> (Arc<Cdp>, tokio::io::DuplexStream, tokio::io::DuplexStream) {
        let (commands, browser_reads) = tokio::io::duplex(1 << 16);
        let (browser_writes, answers) = tokio::io::duplex(1 << 16);
        (
            Cdp::over_pipe(commands, answers),
            browser_reads,
            browser_writes,
        )
    }

    #[tokio::test]
    async fn answers_find_their_calls_and_events_their_session_over_the_pipe() {
        let (cdp, mut browser_reads, mut browser_writes) = connected();
        let mut events = cdp.subscribe("S");
        let call = tokio::spawn({
            let cdp = Arc::clone(&cdp);
            async move { cdp.call(Some("S"), "Page.enable", json!({})).await }
        });
        let mut sent = Vec::new();
        while !sent.ends_with(b"\0") {
            let mut byte = [0; 1];
            browser_reads.read_exact(&mut byte).await.unwrap();
            sent.push(byte[0]);
        }
        let command: Value = serde_json::from_slice(&sent[..sent.len() - 1]).unwrap();
        assert_eq!(command["method"], "Page.enable");
        assert_eq!(command["sessionId"], "S");
        // An event and the answer in one write, the answer cut in two.
        let answer = format!(
            "{{\"method\":\"Page.loadEventFired\",\"params\":{{\"timestamp\":1}},\"sessionId\":\"S\"}}\0{{\"id\":{},\"result\":{{\"ok\":true}}}}\0",
            command["id"]
        );
        let (head, tail) = answer.as_bytes().split_at(answer.len() - 5);
        browser_writes.write_all(head).await.unwrap();
        browser_writes.write_all(tail).await.unwrap();
        assert_eq!(call.await.unwrap().unwrap(), json!({"ok": true}));
        let event = events.recv().await.unwrap();
        assert_eq!(event.method, "Page.loadEventFired");
        assert_eq!(event.params["timestamp"], 1);
    }

    #[tokio::test]
    async fn a_closed_pipe_ends_waiting_calls_and_later_ones_as_closed() {
        let (cdp, browser_reads, browser_writes) = connected();
        let call = tokio::spawn({
            let cdp = Arc::clone(&cdp);
            async move { cdp.call(None, "Browser.getVersion", json!({})).await }
        });
        tokio::task::yield_now().await;
        drop(browser_writes);
        assert!(matches!(call.await.unwrap(), Err(CdpError::Closed)));
        assert!(cdp.is_closed());
        assert!(matches!(
            cdp.call(None, "Browser.getVersion", json!({})).await,
            Err(CdpError::Closed)
        ));
        drop(browser_reads);
    }
}
