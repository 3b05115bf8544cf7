//! A minimal Chrome DevTools Protocol client: JSON commands with ids over one
//! WebSocket, answers matched to their command, events routed to the page
//! session they belong to (flat sessions, `Target.attachToTarget` with
//! `flatten`).
//!
//! Written here rather than taken from `chromiumoxide`: that crate generates
//! types for the whole protocol, and adding it cost about five minutes of a
//! clean release build on this project's two-core machine (its `cdp` and main
//! crates alone took 134 s and 140 s, plus a second `reqwest`), against about
//! eight seconds for `tokio-tungstenite`. The browser mode needs about twenty
//! commands and eight events, so JSON values serve.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

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
    /// The WebSocket could not be opened.
    #[error("cannot connect to the browser: {0}")]
    Connect(String),
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
    outgoing: mpsc::UnboundedSender<Message>,
    next_id: AtomicU64,
    routes: Arc<Mutex<Routes>>,
}

/// The largest message accepted: a serialised DOM with its facts.
const MAX_MESSAGE: usize = 256 << 20;

impl Cdp {
    /// Connects to the browser's DevTools WebSocket.
    ///
    /// # Errors
    /// [`CdpError::Connect`] when the socket does not open.
    pub async fn connect(ws_url: &str) -> Result<Arc<Cdp>, CdpError> {
        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_MESSAGE))
            .max_frame_size(Some(MAX_MESSAGE));
        let (socket, _) = tokio_tungstenite::connect_async_with_config(ws_url, Some(config), true)
            .await
            .map_err(|e| CdpError::Connect(e.to_string()))?;
        let (mut sink, mut stream) = socket.split();
        let (outgoing, mut queue) = mpsc::unbounded_channel::<Message>();
        let routes = Arc::new(Mutex::new(Routes::default()));
        tokio::spawn(async move {
            while let Some(message) = queue.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        });
        let reader_routes = Arc::clone(&routes);
        tokio::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let Ok(value) = serde_json::from_str::<Value>(text.as_str()) else {
                    continue;
                };
                dispatch(&reader_routes, value);
            }
            let mut routes = reader_routes.lock().unwrap_or_else(|p| p.into_inner());
            routes.closed = true;
            for (_, (_, answer)) in routes.pending.drain() {
                let _ = answer.send(Err(CdpError::Closed));
            }
            routes.sessions.clear();
        });
        Ok(Arc::new(Cdp {
            outgoing,
            next_id: AtomicU64::new(1),
            routes,
        }))
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
        if self
            .outgoing
            .send(Message::text(command.to_string()))
            .is_err()
        {
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
