//! The address policy: which addresses the auditor may connect to. A host the
//! user named (a configured site root, the start URL, a `resolve` pin) may be
//! at any address. Any other host — reached through a link, a redirect,
//! robots.txt or a sitemap — is never connected to at a loopback, private,
//! link-local, CGNAT, multicast, documentation or reserved address, so an
//! audited site cannot make the auditor probe the agency's internal network.
//! The policy is applied where the connection is made: on the *resolved*
//! address ([`GuardedResolver`], the HTTP client's resolver, so DNS rebinding
//! is covered) and on IP-literal URLs, which skip DNS ([`AddressPolicy::check_url`],
//! before every request and redirect hop). Every textual form of an address
//! is one [`std::net::IpAddr`] here (the URL parser already reads decimal,
//! octal and hex IPv4), and IPv6 forms embedding an IPv4 address (mapped,
//! compatible, NAT64, 6to4) are judged by that address.
//!
//! An audit that names a private IP literal or `localhost` as a site (a test
//! or intranet site) may reach private addresses, as may `--allow-private`.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use super::dns::HttpResolver;
use crate::render::proxy::{Closed, Gate};

/// Which addresses may be connected to (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Private addresses are allowed for every host.
    allow_private: bool,
    /// Host names (lower case, no trailing dot) and IP literals the user named.
    named: HashSet<String>,
}

/// A connection the policy refuses: `host` is, or resolves only to,
/// non-public addresses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{host} is at a non-public address ({address}); only hosts named by the user may be (--allow-private)"
)]
pub struct RefusedAddress {
    /// The host as in the URL.
    pub host: String,
    /// The address (or the first of them).
    pub address: IpAddr,
}

impl AddressPolicy {
    /// Everything allowed (the user asked for it with `--allow-private`, or
    /// every host is the user's own, as in `check` on named URLs).
    #[must_use]
    pub fn open() -> Self {
        Self {
            allow_private: true,
            named: HashSet::new(),
        }
    }

    /// The policy for an audit of `hosts` (site roots, start URLs, pinned
    /// names). A private IP literal or `localhost` among them, or
    /// `allow_private`, lets every host reach private addresses.
    #[must_use]
    pub fn new<'a>(hosts: impl IntoIterator<Item = &'a str>, allow_private: bool) -> Self {
        let named: HashSet<String> = hosts.into_iter().map(normal_host).collect();
        let intranet = named.iter().any(|h| match literal(h) {
            Some(ip) => !is_public(ip),
            None => is_localhost(h),
        });
        Self {
            allow_private: allow_private || intranet,
            named,
        }
    }

    /// Whether private addresses are allowed for every host.
    #[must_use]
    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    /// Whether `host` was named by the user (may be at any address).
    #[must_use]
    pub fn is_named(&self, host: &str) -> bool {
        self.named.contains(&normal_host(host))
    }

    /// The refusal for a URL whose host is an IP literal or a `localhost`
    /// name at a non-public address, before any connection (DNS names are
    /// judged on their resolved addresses by [`GuardedResolver`]).
    ///
    /// # Errors
    /// [`RefusedAddress`] when the policy forbids connecting.
    pub fn check_url(&self, url: &url::Url) -> Result<(), RefusedAddress> {
        if self.allow_private {
            return Ok(());
        }
        let Some(host) = url.host_str() else {
            return Ok(());
        };
        if self.is_named(host) {
            return Ok(());
        }
        let address = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            Some(url::Host::Domain(name)) if is_localhost(&normal_host(name)) => {
                IpAddr::V4(Ipv4Addr::LOCALHOST)
            }
            _ => return Ok(()),
        };
        if is_public(address) {
            Ok(())
        } else {
            Err(RefusedAddress {
                host: host.to_string(),
                address,
            })
        }
    }

    /// The addresses of `host` the policy lets a connection use: all of them
    /// for a named host or with private addresses allowed, else the public
    /// ones.
    ///
    /// # Errors
    /// [`RefusedAddress`] when `host` resolves only to non-public addresses.
    pub fn filter(
        &self,
        host: &str,
        addresses: Vec<SocketAddr>,
    ) -> Result<Vec<SocketAddr>, RefusedAddress> {
        if self.allow_private || self.is_named(host) {
            return Ok(addresses);
        }
        let refused = addresses.iter().find(|a| !is_public(a.ip())).copied();
        let kept: Vec<SocketAddr> = addresses
            .into_iter()
            .filter(|a| is_public(a.ip()))
            .collect();
        match (kept.is_empty(), refused) {
            (true, Some(address)) => Err(RefusedAddress {
                host: host.to_string(),
                address: address.ip(),
            }),
            _ => Ok(kept),
        }
    }
}

fn normal_host(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

fn literal(host: &str) -> Option<IpAddr> {
    url::Host::parse(host)
        .ok()
        .and_then(|h| match h {
            url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
            url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
            url::Host::Domain(_) => None,
        })
        .or_else(|| host.parse().ok())
}

fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// Whether `ip` is a public unicast address: not loopback, private,
/// link-local, CGNAT, unspecified, broadcast, multicast, documentation,
/// benchmarking or reserved, including IPv6 forms that embed such an IPv4
/// address (mapped, compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`).
#[must_use]
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network", 0.0.0.0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // CGNAT
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168)
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if s[..5] == [0; 5] && (s[5] == 0xffff || s[5] == 0) {
        // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d (:: and ::1 included)
        return s[5] == 0xffff && is_public_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x64 && s[1] == 0xff9b {
        // NAT64: the well-known prefix 64:ff9b::/96 embeds an IPv4 address;
        // the local-use 64:ff9b:1::/48 is private.
        return s[2..6] == [0; 4] && is_public_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        // 6to4 embeds the IPv4 address in bits 16–48.
        return is_public_v4(embedded(s[1], s[2]));
    }
    !((s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00 // multicast
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] == 0) // Teredo
        || (s[0] == 0x0100 && s[1..4] == [0; 3]) // discard
        || s[0] & 0xe000 != 0x2000) // outside global unicast 2000::/3
}

/// Where the HTTP client's lookups go: the system resolver or `--dns-server`.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// The system's resolver (getaddrinfo, as reqwest's default).
    System,
    /// A chosen DNS server.
    Server(HttpResolver),
}

/// The HTTP client's resolver: looks a name up, then keeps only the
/// addresses [`AddressPolicy::filter`] allows (pins bypass it: they are the
/// user's own).
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    /// Where lookups go.
    pub lookup: Lookup,
    /// The policy applied to their answers.
    pub policy: Arc<AddressPolicy>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let this = self.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addresses: Vec<SocketAddr> = match &this.lookup {
                Lookup::System => tokio::net::lookup_host((host.as_str(), 0)).await?.collect(),
                Lookup::Server(resolver) => reqwest::dns::Resolve::resolve(resolver, name)
                    .await?
                    .collect(),
            };
            let kept = this.policy.filter(&host, addresses)?;
            let kept: reqwest::dns::Addrs = Box::new(kept.into_iter());
            Ok(kept)
        })
    }
}

/// The browser's gate (`crate::render::proxy`): every connection headless
/// Chromium opens is vetted here by the same policy and the same resolution
/// as the HTTP client's — `resolve` pins first, IP literals and `localhost`
/// by [`AddressPolicy::check_url`], other names through [`GuardedResolver`]
/// — and the proxy connects only to the addresses this returns.
#[derive(Debug, Clone)]
pub struct BrowserGate {
    /// Host names resolved to fixed addresses (the user's `resolve` pins).
    pub pins: Vec<(String, SocketAddr)>,
    /// The crawler's resolver and policy.
    pub resolver: GuardedResolver,
}

impl BrowserGate {
    async fn vet(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, Closed> {
        let with_port = |mut a: SocketAddr| {
            a.set_port(port);
            a
        };
        let name = host.trim_end_matches('.');
        if let Some((_, pinned)) = self
            .pins
            .iter()
            .find(|(pin, _)| pin.eq_ignore_ascii_case(name))
        {
            return Ok(vec![with_port(*pinned)]);
        }
        let bracketed = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let url = url::Url::parse(&format!("http://{bracketed}:{port}/"))
            .map_err(|e| Closed::Unresolved(format!("{host}: {e}")))?;
        self.resolver
            .policy
            .check_url(&url)
            .map_err(|refused| Closed::Refused(refused.to_string()))?;
        match url.host() {
            Some(url::Host::Ipv4(ip)) => return Ok(vec![SocketAddr::new(IpAddr::V4(ip), port)]),
            Some(url::Host::Ipv6(ip)) => return Ok(vec![SocketAddr::new(IpAddr::V6(ip), port)]),
            _ => {}
        }
        let Some(host) = url.host_str() else {
            return Err(Closed::Unresolved(host.to_string()));
        };
        let looked_up: reqwest::dns::Name = host
            .parse()
            .map_err(|_| Closed::Unresolved(host.to_string()))?;
        match reqwest::dns::Resolve::resolve(&self.resolver, looked_up).await {
            Ok(addresses) => Ok(addresses.map(with_port).collect()),
            Err(error) => Err(match error.downcast::<RefusedAddress>() {
                Ok(refused) => Closed::Refused(refused.to_string()),
                Err(other) => Closed::Unresolved(other.to_string()),
            }),
        }
    }
}

impl Gate for BrowserGate {
    fn addresses<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Vec<SocketAddr>, Closed>> + Send + 'a>,
    > {
        Box::pin(self.vet(host, port))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).unwrap()
    }

    #[test]
    fn every_textual_form_of_an_internal_address_is_refused() {
        let policy = AddressPolicy::new(["example.gov.vn"], false);
        for text in [
            "http://127.0.0.1:8080/",
            "http://127.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0177.0.0.1/",
            "http://017700000001/",
            "http://0.0.0.0/",
            "http://[::]/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[64:ff9b::a00:1]/",
            "http://[64:ff9b:1::1]/",
            "http://[2002:7f00:1::]/",
            "http://[2002:a9fe:a9fe::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[ff02::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://localhost:9/",
            "http://admin.localhost/",
        ] {
            assert!(policy.check_url(&url(text)).is_err(), "{text}");
        }
        for text in [
            "http://8.8.8.8/",
            "http://[2001:4860:4860::8888]/",
            "http://[::ffff:8.8.8.8]/",
            "http://[64:ff9b::808:808]/",
            "http://[2002:808:808::1]/",
            "https://example.gov.vn/",
            "https://other.gov.vn/",
        ] {
            assert!(policy.check_url(&url(text)).is_ok(), "{text}");
        }
    }

    #[test]
    fn named_hosts_may_be_anywhere_and_private_sites_open_the_network() {
        let pinned = AddressPolicy::new(["example.gov.vn"], false);
        let loopback: SocketAddr = "127.0.0.1:80".parse().unwrap();
        let public: SocketAddr = "203.113.1.1:80".parse().unwrap();
        assert_eq!(
            pinned.filter("Example.gov.vn.", vec![loopback]).unwrap(),
            vec![loopback]
        );
        assert_eq!(
            pinned.filter("rebind.example", vec![loopback]),
            Err(RefusedAddress {
                host: "rebind.example".into(),
                address: loopback.ip()
            })
        );
        assert_eq!(
            pinned
                .filter("mixed.example", vec![loopback, public])
                .unwrap(),
            vec![public]
        );
        let intranet = AddressPolicy::new(["127.0.0.1"], false);
        assert!(intranet.allows_private());
        assert!(intranet.check_url(&url("http://10.0.0.5/")).is_ok());
        assert!(AddressPolicy::new(["localhost"], false).allows_private());
        assert!(AddressPolicy::new(["example.gov.vn"], true).allows_private());
        assert!(!AddressPolicy::new(["8.8.8.8"], false).allows_private());
        let named_literal = AddressPolicy::new(["example.gov.vn", "10.0.0.9"], false);
        assert!(named_literal.allows_private());
    }
}
