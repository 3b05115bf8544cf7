//! The scale benchmark's synthetic province (issue #19's page shape: pages of
//! 20–120 KB, median about 60 KB, about 115 links, the same menu, sidebar and
//! footer on every page; `portal_audit::synth::site_page`), served on
//! 127.0.0.1 or written as files:
//!
//! - `synth_province serve PAGES SITES DIR`: serves SITES sites of PAGES/SITES
//!   pages each (one port per site), writes `DIR/audit.toml` (the sites, no
//!   delay, every page within reach) and `DIR/urls.txt` (every page's URL, for
//!   lychee), prints the first root and serves until killed;
//! - `synth_province files PAGES DIR`: writes one site of PAGES pages as files
//!   under DIR (`index.html`, `p/<i>/index.html`, the images) for `check DIR`.
//!
//! Pages are made when asked, so the server holds none of them. With
//! `SYNTH_LATENCY_MS` set, every answer waits that long first, as a portal's
//! server does over the internet (its time to first byte), not on the
//! loopback. Used by `scripts/bench-scale.sh` and `scripts/bench-render.sh`.

#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use portal_audit::synth::site_page;
use support::server::{Reply, Server};

fn usage() -> ! {
    eprintln!(
        "usage: [SYNTH_LATENCY_MS=MS] synth_province serve PAGES SITES DIR | synth_province files PAGES DIR"
    );
    std::process::exit(2);
}

fn number(arg: Option<String>) -> usize {
    match arg.map(|n| n.parse::<usize>()) {
        Some(Ok(n)) if n > 0 => n,
        _ => usage(),
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(err) = std::fs::write(path, bytes) {
        eprintln!("cannot write {}: {err}", path.display());
        std::process::exit(3);
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

fn serve_site(n: usize, latency: Duration) -> Server {
    let answer = move |path: &str| -> Option<Reply> {
        if path == "/" {
            return Some(Reply::Html(site_page(0, n)));
        }
        if let Some(i) = path.strip_prefix("/p/") {
            let i: usize = i.parse().ok()?;
            return (i < n).then(|| Reply::Html(site_page(i, n)));
        }
        let image = path.strip_prefix("/anh/")?.strip_suffix(".png")?;
        (image == "logo" || image.parse::<usize>().is_ok_and(|a| a < 50)).then(|| {
            Reply::Raw(
                200,
                vec![("Content-Type".into(), "image/png".into())],
                PNG.to_vec(),
            )
        })
    };
    let make = move |path: &str| {
        let reply = answer(path)?;
        Some(if latency.is_zero() {
            reply
        } else {
            Reply::Delay(latency, Box::new(reply))
        })
    };
    Server::start(vec![("*", Reply::Dynamic(Arc::new(make)))])
}

fn main() {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("serve") => {
            let pages = number(args.next());
            let sites = number(args.next());
            let dir = args.next().unwrap_or_else(|| usage());
            let dir = Path::new(&dir);
            let per_site = pages.div_ceil(sites);
            let latency = std::env::var("SYNTH_LATENCY_MS")
                .ok()
                .map_or(Ok(0), |ms| ms.parse::<u64>())
                .unwrap_or_else(|_| usage());
            let latency = Duration::from_millis(latency);
            let servers: Vec<Server> = (0..sites).map(|_| serve_site(per_site, latency)).collect();
            let mut config = String::from("[limits]\n");
            let _ = writeln!(
                config,
                "pages_per_site = {}\nmax_depth = 100\nconcurrency = 8\nper_host = 4\ndelay_secs = 0\n",
                // Room for the missing `/mat/` pages, which count as crawled.
                2 * per_site + 100
            );
            let mut urls = String::new();
            for (s, server) in servers.iter().enumerate() {
                let _ = writeln!(
                    config,
                    "[[site]]\nid = \"s{s}\"\nname = \"Sở {s}\"\nroot = \"{}\"\n",
                    server.url("/")
                );
                let _ = writeln!(urls, "{}", server.url("/"));
                for i in 0..per_site {
                    let _ = writeln!(urls, "{}", server.url(&format!("/p/{i}")));
                }
            }
            write(&dir.join("audit.toml"), config.as_bytes());
            write(&dir.join("urls.txt"), urls.as_bytes());
            println!("{}", servers[0].url("/"));
            let _ = std::io::Write::flush(&mut std::io::stdout());
            loop {
                std::thread::park();
            }
        }
        Some("files") => {
            let pages = number(args.next());
            let dir = args.next().unwrap_or_else(|| usage());
            let dir = Path::new(&dir);
            write(&dir.join("index.html"), site_page(0, pages).as_bytes());
            for i in 0..pages {
                let file = dir.join("p").join(i.to_string()).join("index.html");
                write(&file, site_page(i, pages).as_bytes());
            }
            write(&dir.join("anh/logo.png"), PNG);
            for a in 0..50 {
                write(&dir.join(format!("anh/{a}.png")), PNG);
            }
        }
        _ => usage(),
    }
}
