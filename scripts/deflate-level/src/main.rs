//! `deflate-level DIR ROUNDS`: deflates every record of `DIR/*.bin` (each
//! record a little-endian u32 length then the JSON the store deflates) with
//! flate2's `fast()` (1) and `default()` (6) levels, `ROUNDS` times, and
//! prints per kind and level the user CPU per 1 000 records and the deflated
//! bytes. User CPU (from /proc/self/stat), not wall time: the machine is
//! shared.

use std::io::Write as _;

fn user_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command's closing parenthesis; utime is the 14th field.
    let rest = &stat[stat.rfind(')').expect("stat") + 2..];
    rest.split(' ').nth(11).and_then(|t| t.parse().ok()).expect("utime")
}

fn records(path: &std::path::Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).expect("records");
    let mut out = Vec::new();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        out.push(bytes[at + 4..at + 4 + len].to_vec());
        at += 4 + len;
    }
    out
}

fn deflate(data: &[u8], level: flate2::Compression) -> usize {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), level);
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap().len()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("ROUNDS"));
    println!("kind\trecords\tplain bytes\tlevel\tdeflated bytes\tuser ms per 1000 records");
    for kind in ["page_entries", "site_facts", "link_details"] {
        let recs = records(&dir.join(format!("{kind}.bin")));
        let plain: usize = recs.iter().map(Vec::len).sum();
        for (name, level) in [
            ("fast (1)", flate2::Compression::fast()),
            ("default (6)", flate2::Compression::default()),
        ] {
            let start = user_ticks();
            let mut size = 0;
            for _ in 0..rounds {
                size = recs.iter().map(|r| deflate(r, level)).sum::<usize>();
            }
            let ticks = user_ticks() - start;
            // Clock ticks are 1/100 s on Linux.
            let ms = ticks as f64 * 10.0 / (rounds * recs.len()) as f64 * 1000.0;
            println!("{kind}\t{}\t{plain}\t{name}\t{size}\t{ms:.0}", recs.len());
        }
    }
}
