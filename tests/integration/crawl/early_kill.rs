//! `--resume` after a kill in the first moments of an audit: while its store
//! is being made, right after it, and once a site is stored but not yet
//! seeded. Each ends either in the uninterrupted run's report, exactly, or in
//! a clear error that says how to start again — never a panic, an empty
//! report or duplicates. The kills are the binary's crash points (feature
//! `test-hooks`): the process aborts there, as `kill -9` would stop it.

use std::time::Duration;

use super::{audit, chain_site, finding_keys, pages};
use crate::support::cli::{run_in, run_in_with_env};

fn killed_at(dir: &std::path::Path, point: &str) {
    let output = run_in_with_env(
        dir,
        &["audit", "--config", "audit.toml", "--out", "out", "--quiet"],
        &[("PORTAL_AUDIT_TEST_CRASH_AT", point)],
    );
    assert!(!output.status.success(), "{point}: the audit was killed");
    assert!(!dir.join("out/report.json").exists(), "{point}");
}

#[test]
fn resume_after_a_kill_in_the_first_moments_gives_the_whole_audit_or_says_how_to_start() {
    let n = 6;
    let server = chain_site(n, Duration::ZERO);
    let config = format!(
        "[[site]]\nid = \"s\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\nmax_depth = 100\n",
        server.url("/")
    );
    let whole = tempfile::tempdir().unwrap();
    std::fs::write(whole.path().join("audit.toml"), &config).unwrap();
    let (code, expected) = audit(whole.path(), &["--config", "audit.toml"]);
    assert_eq!(code, 1);
    assert_eq!(pages(&expected).len(), n);

    // Killed while the store was being made: nothing to resume, said so
    // with the way to start; starting again then works.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("audit.toml"), &config).unwrap();
    killed_at(dir.path(), "store-creating");
    assert!(!dir.path().join("out/audit.sqlite").exists());
    let output = run_in(
        dir.path(),
        &["audit", "--resume", "--out", "out", "--quiet"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("dừng trước khi kho dữ liệu được tạo")
            && stderr.contains("không có --resume")
            && stderr.contains("portal-audit audit"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (code, again) = audit(dir.path(), &["--config", "audit.toml"]);
    assert_eq!(code, 1);
    assert_eq!(pages(&again), pages(&expected));
    assert_eq!(finding_keys(&again), finding_keys(&expected));

    // Killed once the store was made (settings, no site), or once the site
    // was stored but before its root and sitemap pages were queued: the
    // resumed audit is the whole one, nothing missing and nothing twice.
    for point in ["store-created", "site-put"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("audit.toml"), &config).unwrap();
        killed_at(dir.path(), point);
        assert!(dir.path().join("out/audit.sqlite").exists(), "{point}");
        let (code, resumed) = audit(dir.path(), &["--resume"]);
        assert_eq!(code, 1, "{point}");
        assert_eq!(resumed["crawl"]["complete"], true, "{point}");
        assert_eq!(pages(&resumed), pages(&expected), "{point}");
        assert_eq!(finding_keys(&resumed), finding_keys(&expected), "{point}");
        assert_eq!(
            resumed["findings"].as_array().unwrap().len(),
            expected["findings"].as_array().unwrap().len(),
            "{point}: no finding twice"
        );
    }
}

/// A site whose root links to two pages and whose sitemap lists five more;
/// with `pages_per_site = 3` the sitemap's pages are left out, not checked.
fn sitemap_site() -> crate::support::server::Server {
    use crate::support::server::{Server, page};
    let server = Server::start(vec![
        (
            "/",
            page("Cổng", "<a href=\"/a\">A</a> <a href=\"/b\">B</a>"),
        ),
        ("/a", page("A", "<p>a</p>")),
        ("/b", page("B", "<p>b</p>")),
    ]);
    super::frontier::sitemap_of_pages(&server, 5);
    server
}

#[test]
fn resume_keeps_which_pages_only_a_sitemap_lists() {
    let server = sitemap_site();
    let config = format!(
        "[[site]]\nid = \"s\"\nroot = \"{}\"\n\n[limits]\ndelay_secs = 0\npages_per_site = 3\n",
        server.url("/")
    );
    let sitemap_asked = || {
        server
            .arrivals()
            .iter()
            .filter(|(_, p)| p.starts_with("/s/"))
            .count()
    };
    let whole = tempfile::tempdir().unwrap();
    std::fs::write(whole.path().join("audit.toml"), &config).unwrap();
    let (_, expected) = audit(whole.path(), &["--config", "audit.toml"]);
    assert_eq!(pages(&expected).len(), 3);
    let left_out = expected["crawl"]["skipped"].to_string();
    assert!(
        left_out.contains("địa chỉ chỉ có trong sơ đồ trang"),
        "{left_out}"
    );
    assert_eq!(sitemap_asked(), 0);

    // Killed once the seeds are stored: the resumed run still knows which
    // of them only the sitemap lists, and leaves them out as the whole run did.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("audit.toml"), &config).unwrap();
    killed_at(dir.path(), "site-seeded");
    let (_, resumed) = audit(dir.path(), &["--resume"]);
    assert_eq!(resumed["crawl"]["complete"], true);
    assert_eq!(pages(&resumed), pages(&expected));
    assert_eq!(resumed["crawl"]["skipped"], expected["crawl"]["skipped"]);
    assert_eq!(finding_keys(&resumed), finding_keys(&expected));
    assert_eq!(sitemap_asked(), 0, "no sitemap-only page was asked for");
}
