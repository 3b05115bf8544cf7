//! How a site is served, as facts for the transport rules: the plain-HTTP
//! answer of an `http://` start address (not following redirects), the TLS
//! probe of the HTTPS host, its HSTS header, and the host's DNS records. Used
//! by `check` on a URL and by `audit` for every site root. Records, never judges.

use rustls::pki_types::CertificateDer;

use super::dns::DnsServer;
use super::fetch::{self, FetchLimits};
use crate::rules::site::{DnsFacts, HttpAnswer, TransportFacts};

/// Everything learnt about how a site root is served.
#[derive(Debug, Clone)]
pub struct SiteFacts {
    /// HTTPS, TLS, redirects, HSTS.
    pub transport: TransportFacts,
    /// The host's DNS records (none for IP literals).
    pub dns: Option<DnsFacts>,
}

/// Fetches `root` (following redirects) and gathers its transport and DNS
/// facts; `None` when the root gives no answer at all (that is the crawler's
/// finding, not a transport one). `pause` is waited before each request to
/// the host, so the probe keeps the crawl's politeness (delay, Crawl-delay).
pub async fn probe_site(
    root: &str,
    ca_certs: &[CertificateDer<'static>],
    dns_server: DnsServer,
    limits: &FetchLimits,
    pause: std::time::Duration,
) -> Option<SiteFacts> {
    let client = http_client(
        limits,
        ca_certs,
        dns_server,
        Redirects::Follow,
        Certificates::Accept,
    )
    .ok()?;
    tokio::time::sleep(pause).await;
    let fetched = fetch::fetch(&client, root, limits).await.ok()?;
    tokio::time::sleep(pause).await;
    let transport = transport_facts(root, &fetched, ca_certs, dns_server, limits, pause).await;
    let host = url::Url::parse(root)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))?;
    let dns = super::dns::lookup(&host, dns_server, limits.connect_timeout).await;
    Some(SiteFacts { transport, dns })
}

/// Whether a client follows redirects or returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirects {
    /// Follow them (up to the limit).
    Follow,
    /// Return them as answers.
    Keep,
}

/// Whether a client verifies certificates, or accepts any (only to read the
/// content of a site whose certificate was already found invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certificates {
    /// Verify against the trusted roots.
    Verify,
    /// Accept any certificate.
    Accept,
}

/// An HTTP client that trusts the Mozilla roots plus `ca_certs`.
pub fn http_client(
    limits: &FetchLimits,
    ca_certs: &[CertificateDer<'static>],
    dns_server: DnsServer,
    redirects: Redirects,
    certificates: Certificates,
) -> std::result::Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .user_agent(fetch::USER_AGENT)
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.total_timeout)
        .danger_accept_invalid_certs(certificates == Certificates::Accept)
        .redirect(match redirects {
            Redirects::Follow => reqwest::redirect::Policy::limited(limits.max_redirects),
            Redirects::Keep => reqwest::redirect::Policy::none(),
        });
    for cert in ca_certs {
        builder = builder.add_root_certificate(
            reqwest::Certificate::from_der(cert.as_ref()).map_err(|e| e.to_string())?,
        );
    }
    if let DnsServer::At(addr) = dns_server {
        let resolver = crate::crawl::dns::HttpResolver::new(addr, limits.connect_timeout)?;
        builder = builder.dns_resolver(std::sync::Arc::new(resolver));
    }
    builder.build().map_err(|e| e.to_string())
}

/// How the site of `start` is served: the plain-HTTP answer (when started
/// over HTTP), the TLS probe of the HTTPS host and its HSTS header.
pub async fn transport_facts(
    start: &str,
    fetched: &fetch::Fetched,
    ca_certs: &[CertificateDer<'static>],
    dns_server: DnsServer,
    limits: &FetchLimits,
    pause: std::time::Duration,
) -> TransportFacts {
    let mut http_answer = None;
    if start.to_ascii_lowercase().starts_with("http://")
        && let Ok(client) = http_client(
            limits,
            ca_certs,
            dns_server,
            Redirects::Keep,
            Certificates::Verify,
        )
        && let Ok(response) = client.get(start).send().await
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
        tls = Some(crate::crawl::tls::probe(host, port, ca_certs, limits.connect_timeout).await);
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
