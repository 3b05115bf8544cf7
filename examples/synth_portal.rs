//! Serves the synthetic portal of the crawl scale test on 127.0.0.1, outside
//! the test process, so the audit and other tools (lychee) can be measured
//! against the very same site: `cargo run --release --example synth_portal --
//! 2000 urls.txt` prints the start URL, writes the URL of every page to
//! `urls.txt` (one a line), and serves until killed. With `--keep-alive`
//! (anywhere) each connection answers request after request, as nginx does;
//! without it each is closed after one answer. The pages and the server
//! are the tests' own (`tests/integration/support/`: `synthetic.rs`,
//! `server.rs`), included here, so what is measured is what the test asserts.

#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use support::synthetic;

use std::io::Write;

fn main() {
    let (flags, args): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let keep_alive = match flags.as_slice() {
        [] => false,
        [flag] if flag == "--keep-alive" => true,
        _ => {
            eprintln!("usage: synth_portal [--keep-alive] [PAGES] [URLS_FILE]");
            std::process::exit(2);
        }
    };
    let mut args = args.into_iter();
    let pages: usize = match args.next().map(|n| n.parse()) {
        None => 2000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: synth_portal [--keep-alive] [PAGES] [URLS_FILE]");
            std::process::exit(2);
        }
    };
    let server = if keep_alive {
        synthetic::serve_keep_alive(pages)
    } else {
        synthetic::serve(pages)
    };
    if let Some(path) = args.next() {
        let mut urls = String::new();
        urls.push_str(&server.url("/"));
        urls.push('\n');
        // Page 0 answers at `/` and at `/p/0`, and the audit reads both.
        for i in 0..pages {
            urls.push_str(&server.url(&format!("/p/{i}")));
            urls.push('\n');
        }
        if let Err(err) = std::fs::write(&path, urls) {
            eprintln!("cannot write {path}: {err}");
            std::process::exit(3);
        }
    }
    println!("{}", server.url("/"));
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}
