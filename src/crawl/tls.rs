//! Probing a host's TLS: which protocol version it negotiates and whether its
//! certificate is valid for the host, in date, and issued by a trusted
//! authority. The handshake is completed even when the certificate is bad (a
//! verifier that records the verdict instead of aborting), so an expired
//! certificate and the negotiated version are both known. The crawler records
//! these facts; the standards rules judge them.
//!
//! rustls speaks only TLS 1.2 and 1.3: a server that offers nothing newer than
//! TLS 1.1 fails the handshake with a protocol-version error, which is
//! recorded as such (`outdated_protocol`).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error as TlsError, SignatureScheme};

use crate::facts::{CertificateStatus, TlsFacts};

/// Root certificates: the Mozilla set (webpki-roots) plus any extra ones (an
/// agency's own CA, a test CA).
#[must_use]
pub fn root_store(extra: &[CertificateDer<'static>]) -> rustls::RootCertStore {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in extra {
        let _ = roots.add(cert.clone());
    }
    roots
}

/// Reads PEM certificates (for `--ca-cert`).
///
/// # Errors
/// A message when the file holds no certificate or is not PEM.
pub fn read_pem_certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem).collect();
    match certs {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        Ok(_) => Err("no PEM certificate found".to_string()),
        Err(err) => Err(format!("not a PEM certificate: {err:?}")),
    }
}

#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    verdict: Mutex<Option<Result<(), TlsError>>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map(|_| ());
        if let Ok(mut slot) = self.verdict.lock() {
            *slot = Some(verdict);
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Connects to `addr` (where `host` lives: pinned, or resolved by the
/// caller's resolver), completes a TLS handshake for `host` and records the facts.
/// Never fails: a connection or handshake problem is a fact too.
pub async fn probe(
    host: &str,
    addr: SocketAddr,
    extra_roots: &[CertificateDer<'static>],
    timeout: Duration,
) -> TlsFacts {
    let mut facts = unchecked(host, addr.port());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = match WebPkiServerVerifier::builder_with_provider(
        Arc::new(root_store(extra_roots)),
        provider.clone(),
    )
    .build()
    {
        Ok(inner) => inner,
        Err(err) => {
            facts.error = Some(format!("cannot set up certificate verification: {err}"));
            return facts;
        }
    };
    let verifier = Arc::new(RecordingVerifier {
        inner,
        verdict: Mutex::new(None),
    });
    let config = match rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(builder) => builder
            .dangerous()
            .with_custom_certificate_verifier(verifier.clone())
            .with_no_client_auth(),
        Err(err) => {
            facts.error = Some(err.to_string());
            return facts;
        }
    };
    let Ok(server_name) = ServerName::try_from(host.to_string()) else {
        facts.error = Some(format!("`{host}` is not a valid server name"));
        return facts;
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let attempt = async {
        let tcp = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("cannot connect: {e}"))?;
        connector
            .connect(server_name, tcp)
            .await
            .map_err(|e| e.to_string())
    };
    match tokio::time::timeout(timeout, attempt).await {
        Err(_) => facts.error = Some(format!("no TLS handshake within {} s", timeout.as_secs())),
        Ok(Err(err)) => {
            facts.outdated_protocol = is_protocol_version_error(&err);
            facts.error = Some(err);
        }
        Ok(Ok(stream)) => {
            facts.version = stream.get_ref().1.protocol_version().map(|v| match v {
                rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_string(),
                rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_string(),
                other => format!("{other:?}"),
            });
        }
    }
    let verdict = verifier
        .verdict
        .lock()
        .ok()
        .and_then(|mut slot| slot.take());
    if let Some(verdict) = verdict {
        facts.certificate = classify(verdict);
    }
    facts
}

fn unchecked(host: &str, port: u16) -> TlsFacts {
    TlsFacts {
        host: host.to_string(),
        port,
        version: None,
        certificate: CertificateStatus::NotChecked,
        outdated_protocol: false,
        error: None,
    }
}

/// The facts of a host that could not be reached for the handshake (its
/// name did not resolve): nothing checked, and why.
#[must_use]
pub fn unreachable(host: &str, port: u16, error: String) -> TlsFacts {
    TlsFacts {
        error: Some(error),
        ..unchecked(host, port)
    }
}

fn is_protocol_version_error(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("protocolversion")
        || m.contains("protocol version")
        || m.contains("doesnotsupporttls12or13")
}

fn classify(verdict: Result<(), TlsError>) -> CertificateStatus {
    match verdict {
        Ok(()) => CertificateStatus::Valid,
        Err(TlsError::InvalidCertificate(error)) => match error {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                CertificateStatus::Expired
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                CertificateStatus::NotYetValid
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                CertificateStatus::WrongHost
            }
            CertificateError::UnknownIssuer => CertificateStatus::UnknownIssuer,
            other => CertificateStatus::Invalid {
                reason: format!("{other:?}"),
            },
        },
        Err(other) => CertificateStatus::Invalid {
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_errors_and_certificate_verdicts_are_classified() {
        assert!(is_protocol_version_error(
            "received fatal alert: ProtocolVersion"
        ));
        assert!(is_protocol_version_error(
            "peer is incompatible: ServerDoesNotSupportTls12Or13"
        ));
        assert!(!is_protocol_version_error(
            "cannot connect: Connection refused"
        ));
        assert_eq!(classify(Ok(())), CertificateStatus::Valid);
        assert_eq!(
            classify(Err(TlsError::InvalidCertificate(CertificateError::Expired))),
            CertificateStatus::Expired
        );
        assert_eq!(
            classify(Err(TlsError::InvalidCertificate(
                CertificateError::UnknownIssuer
            ))),
            CertificateStatus::UnknownIssuer
        );
        assert_eq!(
            classify(Err(TlsError::InvalidCertificate(
                CertificateError::NotValidForName
            ))),
            CertificateStatus::WrongHost
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_a_fact_not_a_failure() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let facts = probe(
            "localhost",
            SocketAddr::from(([127, 0, 0, 1], port)),
            &[],
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(facts.certificate, CertificateStatus::NotChecked);
        assert!(facts.error.unwrap().starts_with("cannot connect"));
        assert!(!facts.outdated_protocol);
    }
}
