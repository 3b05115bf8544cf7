//! DNS facts for a site's host: its IPv6 (AAAA) and IPv4 (A) addresses,
//! through the system resolver or a resolver the user names (`--dns-server`),
//! with hickory-resolver. A lookup that fails (no answer, network down) is a
//! fact, recorded with its reason, so a rule can say "cannot tell" instead of
//! "missing". With `--dns-server` the HTTP client resolves through the same
//! server ([`HttpResolver`]), so fetching and checking see the same DNS.
//! The same resolver is asked what the DNS publishes of DNSSEC for the zone
//! holding the name ([`DnssecFacts`]: its DNSKEY, and the DS at its parent).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::Resolver;
use hickory_resolver::config::{NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};

use crate::facts::{DnsFacts, DnssecFacts};

/// Which resolver to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DnsServer {
    /// The system's (`/etc/resolv.conf`).
    #[default]
    System,
    /// One server, over UDP then TCP.
    At(SocketAddr),
}

/// Builds a resolver for `server`.
fn resolver(
    server: DnsServer,
    timeout: Duration,
) -> Result<Resolver<TokioRuntimeProvider>, String> {
    let builder = match server {
        DnsServer::System => {
            Resolver::builder_tokio().map_err(|err| format!("no system resolver: {err}"))?
        }
        DnsServer::At(addr) => {
            let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
            for connection in &mut ns.connections {
                connection.port = addr.port();
            }
            Resolver::builder_with_config(
                ResolverConfig::from_name_servers(vec![ns]),
                TokioRuntimeProvider::default(),
            )
        }
    };
    let mut options = ResolverOpts::default();
    options.timeout = timeout;
    options.attempts = 1;
    // The question is what the DNS publishes, not what this machine's hosts file says.
    options.use_hosts_file = ResolveHosts::Never;
    builder
        .with_options(options)
        .build()
        .map_err(|err| format!("cannot set up the resolver: {err}"))
}

/// Looks up the A and AAAA records of `host`. IP literals need no lookup:
/// they give `None`.
pub async fn lookup(host: &str, server: DnsServer, timeout: Duration) -> Option<DnsFacts> {
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    let mut facts = DnsFacts {
        host: host.to_string(),
        ipv4: Vec::new(),
        ipv6: Vec::new(),
        error: None,
        dnssec: None,
    };
    let resolver = match resolver(server, timeout) {
        Ok(resolver) => resolver,
        Err(error) => {
            facts.error = Some(error);
            return Some(facts);
        }
    };
    let name = format!("{}.", host.trim_end_matches('.'));
    for record_type in [RecordType::AAAA, RecordType::A] {
        match resolver.lookup(name.as_str(), record_type).await {
            Ok(lookup) => {
                for record in lookup.answers() {
                    match &record.data {
                        RData::AAAA(aaaa) => facts.ipv6.push(aaaa.0.to_string()),
                        RData::A(a) => facts.ipv4.push(a.0.to_string()),
                        _ => {}
                    }
                }
            }
            // A real "no such record" (NOERROR or NXDOMAIN) is an answer;
            // SERVFAIL, REFUSED and timeouts are not.
            Err(err) if answered_empty(&err) => {}
            Err(err) => {
                facts
                    .error
                    .get_or_insert_with(|| format!("{record_type} lookup failed: {err}"));
            }
        }
    }
    // `localhost` is answered by the resolver itself (RFC 6761 §6.3), not
    // published in the DNS: there is no zone to ask about.
    let local =
        host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost");
    if !local {
        facts.dnssec = Some(dnssec(&resolver, &name).await);
    }
    Some(facts)
}

/// DNSSEC facts of the zone holding `name` (fully qualified): the zone from
/// the SOA the DNS gives for the name (in the answer at a zone apex, in the
/// authority section below it), then whether the zone has DNSKEY records
/// and its parent a DS record for it. Record types are counted, not
/// validated: the question is what the DNS publishes (TT 32/2017 Điều 15.4).
async fn dnssec(resolver: &Resolver<TokioRuntimeProvider>, name: &str) -> DnssecFacts {
    let mut facts = DnssecFacts {
        zone: name.trim_end_matches('.').to_string(),
        dnskey: false,
        ds: false,
        authenticated: false,
        error: None,
    };
    match resolver.lookup(name, RecordType::SOA).await {
        Ok(lookup) => {
            facts.authenticated |= lookup.message().metadata.authentic_data;
            if let Some(soa) = lookup
                .answers()
                .iter()
                .find(|r| r.record_type() == RecordType::SOA)
            {
                facts.zone = soa.name.to_string().trim_end_matches('.').to_string();
            }
        }
        Err(hickory_resolver::net::NetError::Dns(
            hickory_resolver::net::DnsError::NoRecordsFound(no),
        )) if no.soa.is_some() => {
            if let Some(soa) = &no.soa {
                facts.zone = soa.name.to_string().trim_end_matches('.').to_string();
            }
        }
        Err(err) if answered_empty(&err) => {}
        Err(err) => facts.error = Some(format!("SOA lookup failed: {err}")),
    }
    let zone = format!("{}.", facts.zone);
    for record_type in [RecordType::DNSKEY, RecordType::DS] {
        match resolver.lookup(zone.as_str(), record_type).await {
            Ok(lookup) => {
                facts.authenticated |= lookup.message().metadata.authentic_data;
                let found = lookup
                    .answers()
                    .iter()
                    .any(|r| r.record_type() == record_type);
                if record_type == RecordType::DNSKEY {
                    facts.dnskey = found;
                } else {
                    facts.ds = found;
                }
            }
            Err(err) if answered_empty(&err) => {}
            Err(err) => {
                facts
                    .error
                    .get_or_insert_with(|| format!("{record_type} lookup failed: {err}"));
            }
        }
    }
    facts
}

fn answered_empty(err: &hickory_resolver::net::NetError) -> bool {
    use hickory_resolver::net::{DnsError, NetError};
    use hickory_resolver::proto::op::ResponseCode;
    matches!(
        err,
        NetError::Dns(DnsError::NoRecordsFound(no)) if matches!(no.response_code, ResponseCode::NoError | ResponseCode::NXDomain)
    )
}

/// The first address of `host` according to the DNS server at `server`
/// (for connections made outside the HTTP client, like the TLS probe).
///
/// # Errors
/// A message when the resolver cannot be set up or the name has no address.
pub async fn resolve_ip(
    host: &str,
    server: SocketAddr,
    timeout: Duration,
) -> Result<std::net::IpAddr, String> {
    let resolver = resolver(DnsServer::At(server), timeout)?;
    let name = format!("{}.", host.trim_end_matches('.'));
    resolver
        .lookup_ip(name.as_str())
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .iter()
        .next()
        .ok_or_else(|| format!("{host} has no address"))
}

/// Name resolution for the HTTP client through a chosen DNS server.
#[derive(Clone)]
pub struct HttpResolver(Arc<Resolver<TokioRuntimeProvider>>);

impl std::fmt::Debug for HttpResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HttpResolver")
    }
}

impl HttpResolver {
    /// A resolver for the HTTP client asking `addr`.
    ///
    /// # Errors
    /// When the resolver cannot be set up.
    pub fn new(addr: SocketAddr, timeout: Duration) -> Result<Self, String> {
        resolver(DnsServer::At(addr), timeout).map(|r| Self(Arc::new(r)))
    }
}

impl reqwest::dns::Resolve for HttpResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let resolver = self.0.clone();
        let name = format!("{}.", name.as_str().trim_end_matches('.'));
        Box::pin(async move {
            let lookup = resolver.lookup_ip(name.as_str()).await?;
            let addrs: Vec<SocketAddr> = lookup.iter().map(|ip| SocketAddr::new(ip, 0)).collect();
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}
