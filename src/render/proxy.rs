//! The browser's only way to the network: a SOCKS5 proxy on 127.0.0.1 that
//! Chromium is started behind (`--proxy-server=socks5://…`, loopback not
//! bypassed, WebRTC kept to the proxy, its own DNS disabled). Every
//! connection the browser opens — the page, its redirects, scripts' `fetch`,
//! images, frames, workers, WebSockets — names its host to the proxy, which
//! asks the [`Gate`] where it may connect and connects only there. The gate
//! is the crawler's address policy (`crawl::address::BrowserGate`): the
//! address it vets is the address connected to, so a name that resolves
//! differently the second time (DNS rebinding) gains nothing.
//!
//! A refused connection is answered "not allowed" and remembered by host and
//! port ([`Refusals`]), so the page's load can name the requests it cost.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Why the gate gives no address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// The policy forbids it (the reason names host and address).
    Refused(String),
    /// The name did not resolve, or the lookup failed.
    Unresolved(String),
}

/// Where the browser may connect: asked once per connection.
pub trait Gate: std::fmt::Debug + Send + Sync + 'static {
    /// The addresses (port included) a connection to `host:port` may use,
    /// in order of preference.
    fn addresses<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<SocketAddr>, Closed>> + Send + 'a>>;
}

/// The most refusals remembered per browser (a page cannot grow it without end).
const MAX_REFUSALS: usize = 4096;
/// How long a connection to a vetted address may take.
const CONNECT: Duration = Duration::from_secs(10);
/// How long the browser may take to say where it wants to go.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// The connections the gate refused: `host:port` (see [`key`]) and why.
#[derive(Debug, Clone, Default)]
pub struct Refusals(Arc<Mutex<HashMap<String, String>>>);

impl Refusals {
    /// Why a connection to `host:port` was refused, if it was.
    #[must_use]
    pub fn reason(&self, host: &str, port: u16) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key(host, port))
            .cloned()
    }

    fn add(&self, host: &str, port: u16, reason: String) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() < MAX_REFUSALS {
            map.insert(key(host, port), reason);
        }
    }
}

/// One spelling of `host:port` for the proxy and the page's URLs: lower
/// case, no brackets or trailing dot, IP addresses in their canonical form.
#[must_use]
pub fn key(host: &str, port: u16) -> String {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.');
    let host = host
        .parse::<IpAddr>()
        .map_or_else(|_| host.to_ascii_lowercase(), |ip| ip.to_string());
    format!("{host}:{port}")
}

/// A running proxy; it stops accepting when dropped.
pub struct Proxy {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// What it refused.
    pub refusals: Refusals,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl Proxy {
    /// Listens on 127.0.0.1 (a free port) and serves the browser's
    /// connections on the current runtime.
    ///
    /// # Errors
    /// When no port can be bound.
    pub async fn start(gate: Arc<dyn Gate>) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let refusals = Refusals::default();
        let kept = refusals.clone();
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let gate = Arc::clone(&gate);
                let refusals = kept.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, gate.as_ref(), &refusals).await;
                });
            }
        });
        Ok(Proxy {
            port,
            refusals,
            accept,
        })
    }
}

/// SOCKS5 reply codes (RFC 1928 §6).
const SUCCEEDED: u8 = 0;
const NOT_ALLOWED: u8 = 2;
const HOST_UNREACHABLE: u8 = 4;
const COMMAND_NOT_SUPPORTED: u8 = 7;
const ADDRESS_NOT_SUPPORTED: u8 = 8;

async fn reply(stream: &mut TcpStream, code: u8) -> std::io::Result<()> {
    stream.write_all(&[5, code, 0, 1, 0, 0, 0, 0, 0, 0]).await
}

/// Reads the browser's greeting and request: the host and port it wants.
async fn request(stream: &mut TcpStream) -> std::io::Result<Option<(String, u16)>> {
    let mut head = [0_u8; 2];
    stream.read_exact(&mut head).await?;
    if head[0] != 5 {
        return Ok(None);
    }
    let mut methods = vec![0_u8; usize::from(head[1])];
    stream.read_exact(&mut methods).await?;
    // No authentication: only this machine can reach the port.
    stream.write_all(&[5, 0]).await?;
    let mut request = [0_u8; 4];
    stream.read_exact(&mut request).await?;
    if request[0] != 5 || request[1] != 1 {
        reply(stream, COMMAND_NOT_SUPPORTED).await?;
        return Ok(None);
    }
    let host = match request[3] {
        1 => {
            let mut octets = [0_u8; 4];
            stream.read_exact(&mut octets).await?;
            std::net::Ipv4Addr::from(octets).to_string()
        }
        4 => {
            let mut octets = [0_u8; 16];
            stream.read_exact(&mut octets).await?;
            std::net::Ipv6Addr::from(octets).to_string()
        }
        3 => {
            let mut length = [0_u8; 1];
            stream.read_exact(&mut length).await?;
            let mut name = vec![0_u8; usize::from(length[0])];
            stream.read_exact(&mut name).await?;
            String::from_utf8_lossy(&name).into_owned()
        }
        _ => {
            reply(stream, ADDRESS_NOT_SUPPORTED).await?;
            return Ok(None);
        }
    };
    let mut port = [0_u8; 2];
    stream.read_exact(&mut port).await?;
    Ok(Some((host, u16::from_be_bytes(port))))
}

/// One browser connection: where to, the gate's verdict, then the bytes
/// both ways until either side closes.
async fn serve(mut stream: TcpStream, gate: &dyn Gate, refusals: &Refusals) -> std::io::Result<()> {
    let Ok(asked) = tokio::time::timeout(HANDSHAKE, request(&mut stream)).await else {
        return Ok(());
    };
    let Some((host, port)) = asked? else {
        return Ok(());
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let addresses = match gate.addresses(&host, port).await {
        Ok(addresses) => addresses,
        Err(Closed::Refused(reason)) => {
            tracing::info!("browser: refused {host}:{port}: {reason}");
            refusals.add(&host, port, reason);
            return reply(&mut stream, NOT_ALLOWED).await;
        }
        Err(Closed::Unresolved(_)) => return reply(&mut stream, HOST_UNREACHABLE).await,
    };
    let mut upstream = None;
    for address in addresses {
        if let Ok(Ok(connected)) = tokio::time::timeout(CONNECT, TcpStream::connect(address)).await
        {
            upstream = Some(connected);
            break;
        }
    }
    let Some(mut upstream) = upstream else {
        return reply(&mut stream, HOST_UNREACHABLE).await;
    };
    reply(&mut stream, SUCCEEDED).await?;
    tokio::io::copy_bidirectional(&mut stream, &mut upstream).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn one_key_for_every_spelling_of_a_host() {
        assert_eq!(key("[::ffff:7f00:1]", 80), key("::ffff:127.0.0.1", 80));
        assert_eq!(key("Cong.Example.test.", 8080), "cong.example.test:8080");
        assert_eq!(key("127.0.0.1", 1), "127.0.0.1:1");
    }
}
