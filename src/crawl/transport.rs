//! How a site is served, as facts for the transport rules: the plain-HTTP
//! answer of an `http://` start address (not following redirects), the TLS
//! probe of the HTTPS host, its HSTS header, and the host's DNS records. Used
//! by `check` on a URL and by `audit` for every site root. Records, never judges.

use std::net::SocketAddr;

use super::dns::DnsServer;
use super::fetch::{self, Certificates, ClientOptions, FetchLimits, Redirects};
use crate::facts::{DnsFacts, HttpAnswer, TransportFacts};

/// Everything learnt about how a site root is served.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SiteFacts {
    /// HTTPS, TLS, redirects, HSTS.
    pub transport: TransportFacts,
    /// The host's DNS records (none for IP literals and pinned hosts).
    pub dns: Option<DnsFacts>,
}

/// Fetches `root` (following redirects) and gathers its transport and DNS
/// facts; `None` when the root gives no answer at all (that is the crawler's
/// finding, not a transport one). `options` are the crawl's (CA certificates,
/// `resolve` pins, `--dns-server`); the probe reads the content whatever the
/// certificate, since the certificate is judged apart. `pause` is waited
/// before each request to the host, so the probe keeps the crawl's politeness
/// (delay, Crawl-delay).
pub async fn probe_site(
    root: &str,
    options: &ClientOptions,
    limits: &FetchLimits,
    pause: std::time::Duration,
) -> Option<SiteFacts> {
    let client =
        fetch::client_with(limits, &options.with(Redirects::Keep, Certificates::Accept)).ok()?;
    tokio::time::sleep(pause).await;
    let fetched = fetch::fetch(&client, root, limits).await.ok()?;
    tokio::time::sleep(pause).await;
    let transport = transport_facts(root, &fetched, options, limits, pause).await;
    let dns = dns_facts(root, options, limits).await;
    Some(SiteFacts { transport, dns })
}

/// The DNS records of the host of `url`, through `options.dns_server`. A
/// host pinned by `resolve` is not looked up: the pin stands in for the DNS
/// (a staging copy, the demo), so what the DNS publishes for that name is not
/// what was audited.
pub async fn dns_facts(
    url: &str,
    options: &ClientOptions,
    limits: &FetchLimits,
) -> Option<DnsFacts> {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))?;
    if options.pinned(&host).is_some() {
        return None;
    }
    super::dns::lookup(&host, options.dns_server, limits.connect_timeout).await
}

/// How the site of `start` is served: the plain-HTTP answer (when started
/// over HTTP), the TLS probe of the HTTPS host and its HSTS header. The
/// requests go where `options` say: pinned addresses, the chosen resolver.
pub async fn transport_facts(
    start: &str,
    fetched: &fetch::Fetched,
    options: &ClientOptions,
    limits: &FetchLimits,
    pause: std::time::Duration,
) -> TransportFacts {
    let mut http_answer = None;
    if start.to_ascii_lowercase().starts_with("http://")
        && let Ok(client) =
            fetch::client_with(limits, &options.with(Redirects::Keep, Certificates::Verify))
        && let Ok(Ok(response)) =
            tokio::time::timeout(limits.total_timeout, client.get_once(start, limits)).await
    {
        http_answer = Some(HttpAnswer {
            status: response.status().as_u16(),
            location: response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        });
    }
    let mut tls = None;
    let mut hsts = None;
    if http_answer.is_some() {
        tokio::time::sleep(pause).await;
    }
    if let Ok(final_url) = url::Url::parse(&fetched.final_url)
        && final_url.scheme() == "https"
        && let Some(host) = final_url.host_str()
    {
        let port = final_url.port_or_known_default().unwrap_or(443);
        let host = host.trim_start_matches('[').trim_end_matches(']');
        tls = Some(match connect_address(host, port, options, limits).await {
            Ok(addr) => {
                crate::crawl::tls::probe(host, addr, &options.ca_certs, limits.connect_timeout)
                    .await
            }
            Err(error) => crate::crawl::tls::unreachable(host, port, error),
        });
        hsts = fetched
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("strict-transport-security"))
            .map(|(_, value)| value.clone());
    }
    TransportFacts {
        start_url: start.to_string(),
        final_url: fetched.final_url.clone(),
        http_answer,
        tls,
        hsts,
    }
}

/// Where a TCP connection to `host:port` goes: its pinned address, an IP
/// literal, the first address the chosen resolver gives.
async fn connect_address(
    host: &str,
    port: u16,
    options: &ClientOptions,
    limits: &FetchLimits,
) -> Result<SocketAddr, String> {
    if let Some(pin) = options.pinned(host) {
        return Ok(SocketAddr::new(pin.ip(), port));
    }
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    match options.dns_server {
        DnsServer::At(server) => super::dns::resolve_ip(host, server, limits.connect_timeout)
            .await
            .map(|ip| SocketAddr::new(ip, port)),
        DnsServer::System => tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| format!("cannot resolve {host}: {e}"))?
            .next()
            .ok_or_else(|| format!("{host} has no address")),
    }
}
