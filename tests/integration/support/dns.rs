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
                response.extend_from_slice(&[0xC0, 0x0C]);
                response.extend_from_slice(&qtype.to_be_bytes());
                response.extend_from_slice(&[0, 1, 0, 0, 0, 60]);
                response.extend_from_slice(&u16::try_from(rdata.len()).unwrap().to_be_bytes());
                response.extend_from_slice(&rdata);
            }
            let _ = socket.send_to(&response, peer);
        }
    });
    port
}
