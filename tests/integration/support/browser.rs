//! Headless Chromium driven over the DevTools protocol, for the tests that
//! use the HTML report in a real browser (`checklist`, `report_html`) and the
//! report's load benchmark (`examples/report_load.rs`).

use std::io::BufRead;
use std::path::Path;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A DevTools connection to the browser, one command at a time.
pub struct Devtools {
    pub socket: Socket,
    pub next: u64,
}

impl Devtools {
    /// Sends a command (to a tab's session, or to the browser) and returns its result.
    pub async fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let mut message = json!({"id": self.next, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = session.into();
        }
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
        loop {
            let answer = tokio::time::timeout(Duration::from_secs(60), self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("{method}: no answer within a minute"))
                .expect("the browser is still connected")
                .unwrap();
            let Message::Text(text) = answer else {
                continue;
            };
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["id"] == self.next {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    /// Evaluates an expression in the page, returning its value.
    pub async fn eval(&mut self, session: &str, expression: &str) -> Value {
        let result = self
            .call(
                Some(session),
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            )
            .await;
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Presses a key in the focused element.
    pub async fn key(&mut self, session: &str, key: &str, code: &str, vk: u32, text: &str) {
        for kind in ["keyDown", "keyUp"] {
            let mut params =
                json!({"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk});
            if kind == "keyDown" && !text.is_empty() {
                params["text"] = text.into();
            }
            self.call(Some(session), "Input.dispatchKeyEvent", params)
                .await;
        }
    }
}

/// The flags every test's headless Chromium starts with: no sandbox (CI
/// containers), no GPU, and nothing that reaches the network on its own.
pub const HEADLESS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Headless Chromium listening for DevTools on a port of its choosing
/// (127.0.0.1), with a profile of its own; killed when dropped.
pub struct Browser {
    child: std::process::Child,
    pub ws: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(chromium)
            .args(HEADLESS)
            .args([
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                &format!("--user-data-dir={}", profile.path().display()),
                "about:blank",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if !sent && let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_string());
                    sent = true;
                }
            }
        });
        let ws = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("chromium says where DevTools listens");
        Browser {
            child,
            ws,
            _profile: profile,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Devtools {
    /// Connects to the browser's DevTools socket.
    pub async fn connect(browser: &Browser) -> Devtools {
        let (socket, _) = tokio_tungstenite::connect_async(browser.ws.as_str())
            .await
            .expect("DevTools answers");
        Devtools { socket, next: 0 }
    }

    /// A new tab on `url`, attached: its session id.
    pub async fn tab(&mut self, url: &str) -> String {
        let target = self
            .call(None, "Target.createTarget", json!({ "url": url }))
            .await;
        self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        )
        .await["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string()
    }

    /// Evaluates `condition` every 100 ms until it is true, at most a minute.
    pub async fn wait_for(&mut self, session: &str, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if self.eval(session, condition).await == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "never true: {condition}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
