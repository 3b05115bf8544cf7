//! Time budgets: a site whose pages drip or never answer is ended when its
//! budget (or the audit's) is spent, marked incomplete with the reason and
//! what was left, and what it already gave is kept; another site is not
//! touched. Asserted on statuses and findings, never on durations.

use super::{LIMITS, audit, pages};
use crate::support::server::{Reply, Server, page};
use std::time::Duration;

/// A site whose root (an image without alt: a finding to keep) links to
/// pages that drip one byte at a time or never answer.
fn stuck_site() -> Server {
    Server::start(vec![
        (
            "/",
            page(
                "Chậm",
                "<img src=\"/anh.png\">\n<a href=\"/nho-giot\">1</a> <a href=\"/treo\">2</a> \
                 <a href=\"/treo-2\">3</a> <a href=\"/treo-3\">4</a>",
            ),
        ),
        ("/anh.png", Reply::Raw(200, vec![], b"png".to_vec())),
        (
            "/nho-giot",
            Reply::Drip(1_000_000, Duration::from_millis(50)),
        ),
        ("/treo", Reply::Hang),
        ("/treo-2", Reply::Hang),
        ("/treo-3", Reply::Hang),
    ])
}

fn quick_site() -> Server {
    Server::start(vec![
        (
            "/",
            page("Nhanh", "<a href=\"/a\">A</a> <a href=\"/b\">B</a>"),
        ),
        ("/a", page("A", "<p>a</p>")),
        ("/b", page("B", "<p>b</p>")),
    ])
}

fn config(stuck: &Server, quick: &Server, budget: &str) -> String {
    // Requests may take a minute: only the budget ends the stuck site.
    let limits = LIMITS
        .replace("timeout_secs = 1\nread_timeout_secs = 1\n", "")
        .replace("retries = 1\n", "retries = 0\n");
    format!(
        "[[site]]\nid = \"cham\"\nroot = \"{}\"\n\n[[site]]\nid = \"nhanh\"\nroot = \"{}\"\n\n{limits}per_host = 1\ntimeout_secs = 60\nread_timeout_secs = 60\n{budget}\n",
        stuck.url("/"),
        quick.url("/"),
    )
}

fn site<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

#[test]
fn a_site_over_its_time_budget_is_ended_incomplete_and_keeps_its_findings() {
    let (stuck, quick) = (stuck_site(), quick_site());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        config(&stuck, &quick, "site_budget_secs = 3"),
    )
    .unwrap();
    let (_, report) = audit(dir.path(), &["--config", "audit.toml", "--ignore-robots"]);
    let cham = site(&report, "cham");
    assert_eq!(cham["status"]["state"], "incomplete", "{}", cham["status"]);
    assert_eq!(cham["status"]["reason"], "site_budget");
    assert!(cham["status"]["left"].as_u64().unwrap() >= 1);
    // The root was audited before the budget ran out: its finding is kept.
    assert!(pages(&report).contains(&stuck.url("/")));
    let kept = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "img-alt-missing" && f["url"] == stuck.url("/"));
    assert!(kept, "the root's finding is kept");
    // The other site is whole.
    assert_eq!(site(&report, "nhanh")["status"]["state"], "reachable");
    for p in ["/", "/a", "/b"] {
        assert!(pages(&report).contains(&quick.url(p)), "{p}");
    }
    // Said in the crawl's skipped URLs, with the reason.
    let skipped = report["crawl"]["skipped"].to_string();
    assert!(
        skipped.contains("hết thời gian dành cho trang web"),
        "{skipped}"
    );
}

#[test]
fn the_audits_time_budget_ends_every_site_still_crawling() {
    let (stuck, quick) = (stuck_site(), quick_site());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("audit.toml"), config(&stuck, &quick, "")).unwrap();
    let (_, report) = audit(
        dir.path(),
        &[
            "--config",
            "audit.toml",
            "--ignore-robots",
            "--audit-budget",
            "2",
        ],
    );
    let cham = site(&report, "cham");
    assert_eq!(cham["status"]["state"], "incomplete", "{}", cham["status"]);
    assert_eq!(cham["status"]["reason"], "audit_budget");
    assert_eq!(report["crawl"]["complete"], true);
    assert!(pages(&report).contains(&stuck.url("/")));
}

#[test]
fn time_budgets_out_of_bounds_are_refused_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["0", "-1", "nan", "1e308"] {
        let flag = format!("--site-budget={bad}");
        let output = crate::support::cli::run_in(
            dir.path(),
            &["audit", "http://127.0.0.1:9/", &flag, "--out", "out"],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains("site_budget_secs"), "{bad}: {stderr}");
    }
}

#[test]
fn a_resumed_audit_counts_the_time_its_interrupted_run_spent() {
    use portal_audit::crawl::{Frontier, SpentTime};
    let (stuck, quick) = (stuck_site(), quick_site());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        config(&stuck, &quick, "audit_budget_secs = 600"),
    )
    .unwrap();
    // Stopped (Ctrl-C) while the stuck site's pages hang.
    let output = super::interrupted_audit(
        dir.path(),
        &[
            "audit",
            "--config",
            "audit.toml",
            "--ignore-robots",
            "--out",
            "out",
            "--quiet",
        ],
        "out/audit.sqlite",
    );
    assert_eq!(output.status.code(), Some(3));
    let path = dir.path().join("out/audit.sqlite");
    let mut store = portal_audit::store::Store::open(&path).unwrap();
    let spent = store.spent().unwrap();
    assert!(spent.audit > Duration::ZERO, "the time spent is kept");
    // As if the interrupted run had spent more than the budget.
    store
        .put_spent(&SpentTime {
            audit: Duration::from_secs(601),
            ..spent
        })
        .unwrap();
    drop(store);
    let stuck_asked = || {
        ["/nho-giot", "/treo", "/treo-2", "/treo-3"]
            .iter()
            .map(|p| stuck.hits(p))
            .sum::<usize>()
    };
    let before = stuck_asked();
    let (_, report) = audit(dir.path(), &["--resume"]);
    let cham = site(&report, "cham");
    assert_eq!(cham["status"]["state"], "incomplete", "{}", cham["status"]);
    assert_eq!(cham["status"]["reason"], "audit_budget");
    assert_eq!(stuck_asked(), before, "nothing is asked for again");
    assert!(pages(&report).contains(&stuck.url("/")));
}
