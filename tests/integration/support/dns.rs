//! A tiny DNS server the tests control (`--dns-server`): every name is at
//! 127.0.0.1, so a public-looking name can stand for an internal host.

/// What the test DNS server says to AAAA questions.
#[derive(Clone, Copy)]
pub enum Aaaa {
    Present,
    Absent,
    ServerFailure,
}

/// A tiny DNS server on UDP 127.0.0.1: answers A 127.0.0.1 for every name,
/// and AAAA questions as `aaaa` says.
pub fn dns_server(aaaa: Aaaa) -> u16 {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((len, peer)) = socket.recv_from(&mut buf) {
            let query = &buf[..len];
            // Walk the question name to find its type.
            let mut at = 12;
            while at < len && query[at] != 0 {
                at += usize::from(query[at]) + 1;
            }
            let question_end = at + 5;
            if question_end > len {
                continue;
            }
            let qtype = u16::from_be_bytes([query[at + 1], query[at + 2]]);
            let rdata: Option<Vec<u8>> = match qtype {
                1 => Some(vec![127, 0, 0, 1]),
                28 if matches!(aaaa, Aaaa::Present) => {
                    Some(std::net::Ipv6Addr::LOCALHOST.octets().to_vec())
                }
                _ => None,
            };
            // Flags: a recursive answer, SERVFAIL (rcode 2) when asked to fail AAAA.
            let rcode = if qtype == 28 && matches!(aaaa, Aaaa::ServerFailure) {
                2
            } else {
                0
            };
            let answers = u8::from(rdata.is_some());
            let mut response = query[..2].to_vec();
            response.extend_from_slice(&[0x81, 0x80 | rcode, 0, 1, 0, answers, 0, 0, 0, 0]);
            response.extend_from_slice(&query[12..question_end]);
            if let Some(rdata) = rdata {
                push_record(&mut response, &[0xC0, 0x0C], qtype, &rdata);
            }
            let _ = socket.send_to(&response, peer);
        }
    });
    port
}

/// What the DNSSEC test server publishes for its zone.
#[derive(Clone, Copy)]
pub enum Dnssec {
    /// DNSKEY in the zone, DS at the parent, answers marked authenticated (AD).
    Signed,
    /// DNSKEY in the zone, no DS at the parent (an island of trust).
    KeysOnly,
    /// Neither DNSKEY nor DS.
    Unsigned,
    /// SERVFAIL to DNSKEY and DS questions.
    ServerFailure,
}

/// A record the test server answers with: its owner name and data.
type Record = (String, Vec<u8>);

/// Appends a resource record: its owner (wire format or a pointer), type,
/// class IN, TTL 60 and data.
fn push_record(out: &mut Vec<u8>, owner: &[u8], record_type: u16, rdata: &[u8]) {
    out.extend_from_slice(owner);
    out.extend_from_slice(&record_type.to_be_bytes());
    out.extend_from_slice(&[0, 1, 0, 0, 0, 60]);
    out.extend_from_slice(&u16::try_from(rdata.len()).unwrap().to_be_bytes());
    out.extend_from_slice(rdata);
}

/// Appends `name` (dotted) in wire format.
fn push_name(out: &mut Vec<u8>, name: &str) {
    for label in name.trim_end_matches('.').split('.') {
        out.push(u8::try_from(label.len()).unwrap());
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
}

/// A tiny DNS server on UDP 127.0.0.1 for a zone `zone`: every name is at
/// A 127.0.0.1 (no AAAA); an SOA question is answered at the zone apex and
/// with the zone's SOA in the authority section below it; DNSKEY and DS
/// questions as `dnssec` says (AD set on every answer when `Signed`).
pub fn dnssec_server(zone: &'static str, dnssec: Dnssec) -> u16 {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((len, peer)) = socket.recv_from(&mut buf) {
            let query = &buf[..len];
            let mut at = 12;
            let mut labels = Vec::new();
            while at < len && query[at] != 0 {
                let n = usize::from(query[at]);
                labels.push(
                    String::from_utf8_lossy(&query[at + 1..(at + 1 + n).min(len)]).to_string(),
                );
                at += n + 1;
            }
            let question_end = at + 5;
            if question_end > len {
                continue;
            }
            let qname = labels.join(".").to_ascii_lowercase();
            let qtype = u16::from_be_bytes([query[at + 1], query[at + 2]]);
            let mut soa = Vec::new();
            push_name(&mut soa, &format!("ns.{zone}"));
            push_name(&mut soa, &format!("hostmaster.{zone}"));
            for value in [1u32, 3600, 600, 86400, 300] {
                soa.extend_from_slice(&value.to_be_bytes());
            }
            let signed = matches!(dnssec, Dnssec::Signed | Dnssec::KeysOnly);
            let mut dnskey = vec![1, 1, 3, 13];
            dnskey.extend_from_slice(&[7u8; 64]);
            let mut ds = vec![0x30, 0x39, 13, 2];
            ds.extend_from_slice(&[9u8; 32]);
            let failing = matches!(dnssec, Dnssec::ServerFailure) && matches!(qtype, 43 | 48);
            // (owner, type, rdata) in the answer and authority sections.
            let (answer, authority): (Option<Record>, Option<Record>) = match qtype {
                1 => (Some((qname.clone(), vec![127, 0, 0, 1])), None),
                6 if qname == zone => (Some((qname.clone(), soa)), None),
                6 => (None, Some((zone.to_string(), soa))),
                48 if signed && qname == zone => (Some((qname.clone(), dnskey)), None),
                43 if matches!(dnssec, Dnssec::Signed) && qname == zone => {
                    (Some((qname.clone(), ds)), None)
                }
                _ => (None, None),
            };
            let rcode = if failing { 2 } else { 0 };
            let ad = if matches!(dnssec, Dnssec::Signed) {
                0x20
            } else {
                0
            };
            let mut response = query[..2].to_vec();
            response.extend_from_slice(&[
                0x81,
                0x80 | ad | rcode,
                0,
                1,
                0,
                u8::from(answer.is_some() && !failing),
                0,
                u8::from(authority.is_some() && !failing),
                0,
                0,
            ]);
            response.extend_from_slice(&query[12..question_end]);
            let record_type = if authority.is_some() { 6 } else { qtype };
            for (owner, rdata) in answer.into_iter().chain(authority).filter(|_| !failing) {
                let mut name = Vec::new();
                push_name(&mut name, &owner);
                push_record(&mut response, &name, record_type, &rdata);
            }
            let _ = socket.send_to(&response, peer);
        }
    });
    port
}
