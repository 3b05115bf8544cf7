//! Transport security (Thông tư 39/2017 item 4.2) against servers started
//! here on 127.0.0.1: a test certificate authority made in the test signs a
//! valid, an expired and a wrong-host certificate for HTTPS servers; plain
//! HTTP servers redirect permanently, temporarily, or not at all. `check
//! <URL> --ca-cert` trusts the test CA.
//!
//! A TLS 1.1-only server cannot be made with rustls (it implements TLS 1.2
//! and 1.3 only), so the outdated-protocol path is covered by the unit of
//! `crawl::tls` classifying the handshake error, not by a live server.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, date_time_ymd};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::support::cli::{assert_valid_report, run_for_report, run_in};
use crate::support::dns::{Aaaa, Dnssec, dns_server, dnssec_server};

const PAGE: &str = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Sở Tư pháp</title></head><body><p>Trang chủ</p></body></html>";

struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    pem_path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn test_ca() -> TestCa {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "portal-audit test CA");
    let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pem_path = dir.path().join("ca.pem");
    std::fs::write(&pem_path, issuer.pem()).unwrap();
    TestCa {
        issuer,
        pem_path,
        _dir: dir,
    }
}

/// A leaf certificate for `names`, optionally already expired.
fn leaf(
    ca: &TestCa,
    names: &[&str],
    expired: bool,
) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(names.iter().map(|n| (*n).to_string()).collect::<Vec<_>>()).unwrap();
    if expired {
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = date_time_ymd(2021, 1, 1);
    }
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    (
        cert.der().clone(),
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
}

/// Answers every request on `listener` with `response` (TLS when `tls` is given), forever.
fn serve(
    listener: TcpListener,
    response: String,
    tls: Option<(CertificateDer<'static>, PrivateKeyDer<'static>)>,
) {
    let config = tls.map(|(cert, key)| {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![cert], key)
                .unwrap(),
        )
    });
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { continue };
            let response = response.clone();
            let config = config.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                match config {
                    Some(config) => {
                        let Ok(conn) = rustls::ServerConnection::new(config) else {
                            return;
                        };
                        let mut tls = rustls::StreamOwned::new(conn, tcp);
                        let _ = tls.read(&mut buf);
                        let _ = tls.write_all(response.as_bytes());
                        let _ = tls.flush();
                        tls.conn.send_close_notify();
                        let _ = tls.flush();
                    }
                    None => {
                        let _ = tcp.read(&mut buf);
                        let _ = tcp.write_all(response.as_bytes());
                    }
                }
            });
        }
    });
}

fn page_response(extra_headers: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n{PAGE}",
        PAGE.len()
    )
}

fn redirect_response(status: &str, location: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
}

fn https_server(ca: &TestCa, names: &[&str], expired: bool, hsts: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let headers = if hsts {
        "Strict-Transport-Security: max-age=31536000\r\n"
    } else {
        ""
    };
    serve(
        listener,
        page_response(headers),
        Some(leaf(ca, names, expired)),
    );
    port
}

fn http_server(response: String) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    serve(listener, response, None);
    port
}

/// Runs `check URL` trusting the test CA; returns (rule, outcome of the site) pairs of the transport rules and the findings.
fn check(url: &str, ca: &TestCa) -> (serde_json::Value, Vec<(String, String)>) {
    let out = tempfile::tempdir().unwrap();
    let report = run_for_report(
        out.path(),
        &[
            "check",
            url,
            "--ca-cert",
            ca.pem_path.to_str().unwrap(),
            "--out",
            "out",
            "--fail-on",
            "never",
        ],
        &out.path().join("out"),
    );
    let mut findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"]["en"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    findings.sort();
    (report["sites"][0]["outcomes"].clone(), findings)
}

const TRANSPORT_RULES: [&str; 5] = [
    "hsts-missing",
    "http-redirect-not-permanent",
    "https-missing",
    "tls-certificate-invalid",
    "tls-version-outdated",
];

fn outcomes(site: &serde_json::Value) -> Vec<String> {
    TRANSPORT_RULES
        .iter()
        .map(|r| site[r].as_str().unwrap_or("not run").to_string())
        .collect()
}

#[test]
fn a_valid_https_site_with_hsts_passes() {
    let ca = test_ca();
    let port = https_server(&ca, &["localhost"], false, true);
    let (site, findings) = check(&format!("https://localhost:{port}/"), &ca);
    assert_eq!(findings, Vec::<(String, String)>::new());
    assert_eq!(
        outcomes(&site),
        ["passed", "inapplicable", "passed", "passed", "passed"]
    );
}

#[test]
fn expired_and_wrong_host_certificates_are_findings() {
    let ca = test_ca();
    let expired = https_server(&ca, &["localhost"], true, false);
    let (_, findings) = check(&format!("https://localhost:{expired}/"), &ca);
    let invalid: Vec<&String> = findings
        .iter()
        .filter(|(r, _)| r == "tls-certificate-invalid")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        invalid,
        vec!["The certificate of localhost is not valid: expired."]
    );

    let wrong = https_server(&ca, &["www.example.gov.vn"], false, true);
    let (site, findings) = check(&format!("https://localhost:{wrong}/"), &ca);
    // The content is still audited (the report has the page) and the certificate is the finding.
    assert_eq!(
        findings,
        vec![(
            "tls-certificate-invalid".to_string(),
            "The certificate of localhost is not valid: wrong_host.".to_string()
        )]
    );
    assert_eq!(
        outcomes(&site),
        ["passed", "inapplicable", "passed", "failed", "passed"]
    );
}

#[test]
fn plain_http_temporary_and_permanent_redirects() {
    let ca = test_ca();
    let https = https_server(&ca, &["localhost"], false, false);
    let target = format!("https://localhost:{https}/");

    let temporary = http_server(redirect_response("302 Found", &target));
    let (site, findings) = check(&format!("http://localhost:{temporary}/"), &ca);
    assert_eq!(
        outcomes(&site),
        ["failed", "failed", "passed", "passed", "passed"]
    );
    assert_eq!(
        findings,
        vec![
            (
                "hsts-missing".to_string(),
                "The HTTPS response has no Strict-Transport-Security header.".to_string()
            ),
            (
                "http-redirect-not-permanent".to_string(),
                format!(
                    "The HTTP address redirects to {target} with status 302 (temporary) instead of 301/308."
                )
            ),
        ]
    );

    let permanent = http_server(redirect_response("301 Moved Permanently", &target));
    let (site, _) = check(&format!("http://localhost:{permanent}/"), &ca);
    assert_eq!(outcomes(&site)[1], "passed");

    let plain = http_server(page_response(""));
    let url = format!("http://localhost:{plain}/");
    let (site, findings) = check(&url, &ca);
    assert_eq!(
        outcomes(&site),
        [
            "inapplicable",
            "inapplicable",
            "failed",
            "inapplicable",
            "inapplicable"
        ]
    );
    assert_eq!(
        findings,
        vec![(
            "https-missing".to_string(),
            format!("Page {url} is served over HTTP without a redirect to HTTPS.")
        )]
    );
}

#[test]
fn a_bad_ca_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("ca.pem");
    std::fs::write(&pem, "not a certificate").unwrap();
    let output = run_in(
        dir.path(),
        &[
            "check",
            "https://localhost:1/",
            "--ca-cert",
            pem.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no PEM certificate found"));
}

fn check_with_dns(url: &str, dns_port: u16) -> (serde_json::Value, Vec<String>) {
    check_rule_with_dns(url, dns_port, "ipv6-missing")
}

/// Runs `check URL --dns-server 127.0.0.1:PORT --rule RULE`: the site's
/// outcome of the rule and the findings' outcome and English message.
fn check_rule_with_dns(url: &str, dns_port: u16, rule: &str) -> (serde_json::Value, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let dns = format!("127.0.0.1:{dns_port}");
    let output = run_in(
        out.path(),
        &[
            "--lang",
            "en",
            "check",
            url,
            "--dns-server",
            &dns,
            "--out",
            "out",
            "--rule",
            rule,
        ],
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(out.path().join("out/report.json")).unwrap())
            .unwrap(),
    );
    assert_valid_report(&report);
    let messages = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["outcome"].as_str().unwrap(),
                f["message"]["en"].as_str().unwrap()
            )
        })
        .collect();
    (report["sites"][0]["outcomes"][rule].clone(), messages)
}

#[test]
fn dnssec_is_asked_of_the_zone_holding_the_host_through_the_resolver_given() {
    let http = http_server(page_response(""));
    // The host is below the zone apex: the zone comes from the SOA the DNS gives.
    let url = format!("http://sotuphap.tinh.example.test:{http}/");
    let zone = "tinh.example.test";

    let (outcome, messages) =
        check_rule_with_dns(&url, dnssec_server(zone, Dnssec::Signed), "dnssec-missing");
    assert_eq!(outcome, "passed");
    assert!(messages.is_empty(), "{messages:?}");

    let (outcome, messages) = check_rule_with_dns(
        &url,
        dnssec_server(zone, Dnssec::KeysOnly),
        "dnssec-missing",
    );
    assert_eq!(outcome, "failed");
    assert_eq!(
        messages,
        vec![
            "failed DNSSEC is not fully deployed for sotuphap.tinh.example.test (zone tinh.example.test): DNSKEY, no DS; no AD."
                .to_string()
        ]
    );

    let (outcome, messages) = check_rule_with_dns(
        &url,
        dnssec_server(zone, Dnssec::Unsigned),
        "dnssec-missing",
    );
    assert_eq!(outcome, "failed");
    assert_eq!(
        messages,
        vec![
            "failed DNSSEC is not fully deployed for sotuphap.tinh.example.test (zone tinh.example.test): no DNSKEY; no AD."
                .to_string()
        ]
    );

    // The server fails the DNSSEC questions: "cannot tell", not "missing".
    let (outcome, messages) = check_rule_with_dns(
        &url,
        dnssec_server(zone, Dnssec::ServerFailure),
        "dnssec-missing",
    );
    assert_eq!(outcome, "cant_tell");
    assert!(
        messages[0].starts_with(
            "cant_tell DNSSEC is not fully deployed for sotuphap.tinh.example.test (zone tinh.example.test): DNSKEY lookup failed"
        ),
        "{messages:?}"
    );

    // An IP literal needs no DNS: not applicable.
    let (outcome, _) = check_rule_with_dns(
        &format!("http://127.0.0.1:{http}/"),
        dnssec_server(zone, Dnssec::Signed),
        "dnssec-missing",
    );
    assert_eq!(outcome, "inapplicable");
}

#[test]
fn ipv6_is_looked_up_with_a_resolver_the_test_controls() {
    let http = http_server(page_response(""));
    // A name only the test's DNS server knows; --dns-server applies to fetching too.
    let url = format!("http://sotuphap.example.test:{http}/");

    let (outcome, messages) = check_with_dns(&url, dns_server(Aaaa::Present));
    assert_eq!(outcome, "passed");
    assert!(messages.is_empty());

    let (outcome, messages) = check_with_dns(&url, dns_server(Aaaa::Absent));
    assert_eq!(outcome, "failed");
    assert_eq!(
        messages,
        vec![
            "failed No AAAA (IPv6) record found for sotuphap.example.test (A: 127.0.0.1)."
                .to_string()
        ]
    );

    // The server fails the AAAA question: "cannot tell", not "missing".
    let (outcome, messages) = check_with_dns(&url, dns_server(Aaaa::ServerFailure));
    assert_eq!(outcome, "cant_tell");
    assert!(
        messages[0].starts_with(
            "cant_tell No AAAA (IPv6) record found for sotuphap.example.test (AAAA lookup failed"
        ),
        "{messages:?}"
    );

    // An IP literal needs no DNS: not applicable.
    let closed = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (outcome, _) = check_with_dns(&format!("http://127.0.0.1:{http}/"), closed);
    assert_eq!(outcome, "inapplicable");
}

/// Runs `audit` (English, quiet, never gating, robots ignored) with `args`
/// and returns its valid JSON report.
fn audit(args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["--lang", "en", "audit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--out",
        "out",
        "--quiet",
        "--fail-on",
        "never",
        "--ignore-robots",
    ]);
    run_for_report(dir.path(), &all, &dir.path().join("out"))
}

#[test]
fn audit_records_how_each_site_root_is_served() {
    let ca = test_ca();
    let https = https_server(&ca, &["localhost"], false, false);
    let report = audit(&[
        &format!("https://localhost:{https}/"),
        "--ca-cert",
        ca.pem_path.to_str().unwrap(),
    ]);
    assert_eq!(
        report["pages"].as_array().unwrap().len(),
        1,
        "the page itself was crawled, trusting --ca-cert"
    );
    // Served over HTTPS with a valid certificate and TLS 1.2+, but without HSTS.
    assert_eq!(
        outcomes(&report["sites"][0]["outcomes"]),
        ["failed", "inapplicable", "passed", "passed", "passed"]
    );
    let hsts: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "hsts-missing")
        .collect();
    assert_eq!(hsts.len(), 1);
    assert_eq!(
        hsts[0]["message"]["en"],
        "The HTTPS response has no Strict-Transport-Security header."
    );
}

/// The CA certificate of `ca`, as `--ca-cert` would load it.
fn ca_der(ca: &TestCa) -> CertificateDer<'static> {
    portal_audit::crawl::tls::read_pem_certificates(&std::fs::read(&ca.pem_path).unwrap())
        .unwrap()
        .remove(0)
}

#[test]
fn the_site_probe_goes_where_resolve_pins_say() {
    use portal_audit::crawl::fetch::{ClientOptions, FetchLimits};
    use portal_audit::crawl::transport::probe_site;
    use portal_audit::rules::site::CertificateStatus;

    let ca = test_ca();
    let https = https_server(&ca, &["sotuphap.tinh.test"], false, true);
    let http = http_server(redirect_response(
        "301 Moved Permanently",
        &format!("https://sotuphap.tinh.test:{https}/"),
    ));
    // Names no resolver knows: only the pin can take the probe to the servers.
    let options = ClientOptions {
        resolve: vec![(
            "sotuphap.tinh.test".to_string(),
            "127.0.0.1:0".parse().unwrap(),
        )],
        ca_certs: vec![ca_der(&ca)],
        ..ClientOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let facts = runtime
        .block_on(probe_site(
            &format!("http://sotuphap.tinh.test:{http}/"),
            &options,
            &FetchLimits::default(),
            std::time::Duration::ZERO,
        ))
        .expect("the pinned root answers");
    let transport = facts.transport;
    assert_eq!(
        transport.final_url,
        format!("https://sotuphap.tinh.test:{https}/")
    );
    let answer = transport.http_answer.unwrap();
    assert_eq!(answer.status, 301);
    let tls = transport.tls.unwrap();
    assert_eq!(tls.certificate, CertificateStatus::Valid, "{tls:?}");
    assert_eq!(tls.port, https);
    assert!(tls.version.is_some());
    assert_eq!(transport.hsts.as_deref(), Some("max-age=31536000"));
    // The pin stands in for the DNS: no records are judged for that name.
    assert!(facts.dns.is_none());

    // Without the pin the same root gives no answer at all.
    let unpinned = ClientOptions {
        resolve: Vec::new(),
        ..options
    };
    let limits = FetchLimits {
        retries: 0,
        connect_timeout: std::time::Duration::from_secs(2),
        ..FetchLimits::default()
    };
    assert!(
        runtime
            .block_on(probe_site(
                &format!("http://sotuphap.tinh.test:{http}/"),
                &unpinned,
                &limits,
                std::time::Duration::ZERO,
            ))
            .is_none()
    );
}

#[test]
fn audit_crawls_through_the_dns_server_given() {
    let http = http_server(page_response(""));
    let dns = dns_server(Aaaa::Absent);
    // A name only the test's DNS server knows.
    let url = format!("http://sotuphap.example.test:{http}/");
    let report = audit(&[
        &url,
        "--dns-server",
        &format!("127.0.0.1:{dns}"),
        "--no-external",
    ]);
    let pages: Vec<&str> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap())
        .collect();
    assert_eq!(pages, [url.as_str()]);
    let site = &report["sites"][0]["outcomes"];
    // The probe went through the same server: plain HTTP, no AAAA record.
    assert_eq!(site["https-missing"], "failed");
    assert_eq!(site["ipv6-missing"], "failed");
}
