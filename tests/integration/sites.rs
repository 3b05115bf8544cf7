//! Every site fixture: `fixtures/sites/<name>/` with an `expected.toml` is
//! served on 127.0.0.1 (`support::site`), audited with only the rules the
//! file names, and gives exactly its expected findings (rule, page, outcome,
//! and the selector, line and message values it names). Unless the fixture
//! needs scripted answers (`[[route]]`: statuses, redirects) or configured
//! component sites (`[[component]]`: folders below it, audited as their own
//! sites), `check` on the folder gives the same findings. Every site rule has such a fixture, except
//! the few whose facts a plain local server cannot give (listed below, with
//! the tests that cover them).
//!
//! Adding a site rule: its fixture folder with `expected.toml`, nothing else
//! here. A folder may hold only `expected.toml` and name another fixture's
//! folder (`site = "content-portal"`): the same pages judged on another date
//! or with another profile, without a copy of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::support::cli::{assert_valid_report, audit_config, repo, run_in};
use crate::support::server::Reply;
use crate::support::site;

/// Site rules whose facts neither the plain HTTP fixture server nor a folder
/// can give, and the test module that covers each instead. A new site rule
/// gets a fixture.
const COVERED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "category-buried",
        "content (a page not linked from the home page: a crawl never finds it, so only `check` of a folder shows it)",
    ),
    (
        "dnssec-missing",
        "transport (a DNS server the test controls, with and without DNSKEY, DS and AD)",
    ),
    (
        "domain-name-nonstandard",
        "its unit tests (it judges the host name; the fixture server is 127.0.0.1)",
    ),
    ("hsts-missing", "transport (a TLS server)"),
    (
        "http-redirect-not-permanent",
        "transport (the plain-HTTP answer)",
    ),
    ("https-missing", "transport, demo"),
    ("ipv6-missing", "transport (a DNS server the test controls)"),
    (
        "link-tls-invalid",
        "transport (a certificate the test makes)",
    ),
    (
        "tls-certificate-invalid",
        "transport (a certificate the test makes)",
    ),
    ("tls-version-outdated", "transport (a TLS 1.2 server)"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// What the fixture shows (for the reader).
    #[allow(dead_code)]
    about: String,
    /// The rules under test: only these run.
    rules: Vec<String>,
    /// Another fixture's folder whose pages are audited instead of this
    /// folder's (which then holds only `expected.toml`): one site judged
    /// under another date or profile without copying its pages.
    #[serde(default)]
    site: Option<String>,
    /// The site's role (content rules), when it matters.
    #[serde(default)]
    role: Option<String>,
    /// The reference date (default 2026-11-28).
    #[serde(default)]
    as_of: Option<String>,
    /// A provincial profile applied besides the national ones (`--profile`).
    #[serde(default)]
    profile: Option<String>,
    /// Each rule's outcome on the site (`passed`, `failed`, …), when it matters.
    #[serde(default)]
    outcomes: BTreeMap<String, String>,
    /// Scripted answers before the files.
    #[serde(default)]
    route: Vec<Route>,
    /// Component sites configured beside the fixture's site, each served
    /// from a folder below it (`audit` only: `check` has no configuration).
    #[serde(default)]
    component: Vec<ComponentSite>,
    /// The EMC code fact the report gives for the site's home page
    /// (`sites[0].emc`, its `url` aside), when it matters.
    #[serde(default)]
    emc: Option<ExpectedEmc>,
    /// The exact findings.
    #[serde(default)]
    finding: Vec<ExpectedFinding>,
}

/// The report's EMC fact of the fixture's site.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct ExpectedEmc {
    found: bool,
    #[serde(default)]
    line: Option<u64>,
    #[serde(default)]
    site_id: Option<String>,
}

/// A scripted answer: a status (with `location`, a redirect), or `reset`:
/// the connection is closed without an answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Route {
    path: String,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    reset: bool,
}

/// A component site of the fixture's site: a folder below it, configured as
/// its own site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComponentSite {
    id: String,
    /// The folder under the fixture, ending in `/`.
    path: String,
    role: String,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFinding {
    rule: String,
    /// The page's path under the site (`/`, `/dich-vu/phan-anh.html`).
    url: String,
    #[serde(default = "failed")]
    outcome: String,
    #[serde(default)]
    selector: Option<String>,
    #[serde(default)]
    line: Option<u64>,
    /// The message values that matter; each must equal the finding's.
    #[serde(default)]
    args: BTreeMap<String, String>,
}

fn failed() -> String {
    "failed".to_string()
}

/// A finding as the fixture names it: the page as a path under the site,
/// the link targets too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    rule: String,
    url: String,
    outcome: String,
    selector: Option<String>,
    line: Option<u64>,
    args: BTreeMap<String, String>,
}

impl ExpectedFinding {
    fn matches(&self, f: &Found) -> bool {
        self.rule == f.rule
            && self.url == f.url
            && self.outcome == f.outcome
            && self
                .selector
                .as_ref()
                .is_none_or(|s| Some(s) == f.selector.as_ref())
            && self.line.is_none_or(|l| Some(l) == f.line)
            && self.args.iter().all(|(k, v)| f.args.get(k) == Some(v))
    }
}

/// The report's findings, with the site's root taken off every URL.
fn found(report: &serde_json::Value, root: &str) -> Vec<Found> {
    let root = root.trim_end_matches('/');
    let local = |text: &str| -> String {
        match text.strip_prefix(root) {
            Some("") => "/".to_string(),
            Some(path) => path.to_string(),
            None => text.to_string(),
        }
    };
    let mut out: Vec<Found> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let url = local(f["url"].as_str().unwrap());
            // `check` names a folder's index page by its file.
            let url = url.strip_suffix("index.html").unwrap_or(&url).to_string();
            Found {
                rule: f["rule"].as_str().unwrap().to_string(),
                url,
                outcome: f["outcome"].as_str().unwrap().to_string(),
                selector: f["selector"].as_str().map(str::to_string),
                line: f["line"].as_u64(),
                args: f["args"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), local(v.as_str().unwrap_or_default())))
                    .collect(),
            }
        })
        .collect();
    out.sort();
    out
}

/// Every expected finding matches one finding, and no finding is left over.
fn compare(
    name: &str,
    command: &str,
    expected: &[ExpectedFinding],
    mut got: Vec<Found>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for e in expected {
        match got.iter().position(|f| e.matches(f)) {
            Some(i) => {
                got.remove(i);
            }
            None => problems.push(format!("{name} ({command}): expected, not found: {e:?}")),
        }
    }
    for f in got {
        problems.push(format!("{name} ({command}): found, not expected: {f:?}"));
    }
    problems
}

fn rule_args(rules: &[String]) -> Vec<&str> {
    rules.iter().flat_map(|r| ["--rule", r.as_str()]).collect()
}

/// Audits the served fixture; returns the report and the site's root URL.
fn audit(dir: &Path, expected: &Expected, as_of: &str) -> (serde_json::Value, String) {
    let routes = expected
        .route
        .iter()
        .map(|r| {
            let reply = match (r.reset, r.status, &r.location) {
                (true, None, None) => Reply::Reset,
                (false, Some(status), Some(location)) => Reply::Redirect(status, location.clone()),
                (false, Some(status), None) => Reply::Raw(
                    status,
                    vec![("Content-Type".into(), "text/html".into())],
                    b"<!doctype html><title>-</title>".to_vec(),
                ),
                _ => panic!(
                    "{}: route {}: a status (and a location) or reset",
                    dir.display(),
                    r.path
                ),
            };
            (r.path.clone(), reply)
        })
        .collect();
    let server = site::serve(dir, routes);
    let root = server.url("/");
    let tmp = tempfile::tempdir().unwrap();
    let role = expected
        .role
        .as_ref()
        .map_or_else(String::new, |r| format!("role = \"{r}\"\n"));
    let components: String = expected
        .component
        .iter()
        .map(|c| {
            let name = c
                .name
                .as_ref()
                .map_or_else(String::new, |n| format!("name = \"{n}\"\n"));
            format!(
                "[[site]]\nid = \"{}\"\nroot = \"{}\"\nrole = \"{}\"\n{name}\n",
                c.id,
                server.url(&format!("/{}", c.path)),
                c.role
            )
        })
        .collect();
    let profiles = expected
        .profile
        .as_ref()
        .map_or_else(String::new, |p| format!("profiles = [\"{p}\"]\n"));
    let config = format!(
        "{profiles}[[site]]\nid = \"fixture\"\nroot = \"{root}\"\n{role}\n{components}[limits]\ndelay_secs = 0\ntimeout_secs = 2\nread_timeout_secs = 2\nretries = 0\n"
    );
    let mut args = vec!["--no-external", "--as-of", as_of];
    args.extend(rule_args(&expected.rules));
    let (code, report) = audit_config(tmp.path(), &config, &args, &[]);
    assert_eq!(code, 0, "{}", dir.display());
    (report, root)
}

/// Checks the fixture folder; returns the report and the folder as the root.
fn check(dir: &Path, expected: &Expected, as_of: &str) -> (serde_json::Value, String) {
    let tmp = tempfile::tempdir().unwrap();
    let folder = dir.strip_prefix(repo("")).unwrap().display().to_string();
    let mut args = vec![
        "check",
        folder.as_str(),
        "--out",
        tmp.path().to_str().unwrap(),
        "--quiet",
        "--fail-on",
        "never",
        "--as-of",
        as_of,
    ];
    if let Some(role) = &expected.role {
        args.extend(["--role", role.as_str()]);
    }
    if let Some(profile) = &expected.profile {
        args.extend(["--profile", profile.as_str()]);
    }
    args.extend(rule_args(&expected.rules));
    let output = run_in(&repo(""), &args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        read_report(&tmp.path().join("report.json")),
        format!("{folder}/"),
    )
}

fn read_report(path: &Path) -> serde_json::Value {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_valid_report(&report);
    report
}

/// Each rule under test ran, with the outcomes the fixture names.
fn outcomes(
    name: &str,
    command: &str,
    expected: &Expected,
    report: &serde_json::Value,
) -> Vec<String> {
    let site = &report["sites"][0]["outcomes"];
    let mut problems = Vec::new();
    for rule in &expected.rules {
        let ran = site.get(rule).is_some()
            || report["pages"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["outcomes"].get(rule).is_some());
        if !ran {
            problems.push(format!("{name} ({command}): {rule} did not run"));
        }
    }
    if let Some(emc) = &expected.emc {
        let got = &report["sites"][0]["emc"];
        let got = ExpectedEmc {
            found: got["found"].as_bool().unwrap_or_default(),
            line: got["line"].as_u64(),
            site_id: got["site_id"].as_str().map(str::to_string),
        };
        if &got != emc {
            problems.push(format!(
                "{name} ({command}): the report's EMC fact is {got:?}, expected {emc:?}"
            ));
        }
    }
    for (rule, outcome) in &expected.outcomes {
        if site[rule] != outcome.as_str() {
            problems.push(format!(
                "{name} ({command}): {rule} is {} on the site, expected {outcome}",
                site[rule]
            ));
        }
    }
    problems
}

/// The fixture folders with an `expected.toml`, by name.
fn fixtures() -> Vec<(String, Expected)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(repo("fixtures/sites")).unwrap() {
        let dir = entry.unwrap().path();
        let path = dir.join("expected.toml");
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Expected =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((
            dir.file_name().unwrap().to_string_lossy().into_owned(),
            expected,
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_site_fixture_gives_exactly_the_expected_findings() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty());
    let mut problems = Vec::new();
    for (name, expected) in &fixtures {
        let dir = repo("fixtures/sites").join(expected.site.as_deref().unwrap_or(name));
        let as_of = expected.as_of.as_deref().unwrap_or("2026-11-28");
        let mut verify = |command: &str, (report, root): (serde_json::Value, String)| {
            problems.extend(outcomes(name, command, expected, &report));
            problems.extend(compare(
                name,
                command,
                &expected.finding,
                found(&report, &root),
            ));
        };
        verify("audit", audit(&dir, expected, as_of));
        if expected.route.is_empty() && expected.component.is_empty() {
            verify("check", check(&dir, expected, as_of));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_site_rule_has_a_site_fixture() {
    let fixtures = fixtures();
    let covered: BTreeSet<&str> = fixtures
        .iter()
        .flat_map(|(_, e)| e.rules.iter().map(String::as_str))
        .collect();
    let elsewhere: BTreeSet<&str> = COVERED_ELSEWHERE.iter().map(|(r, _)| *r).collect();
    let mut missing = Vec::new();
    for rule in portal_audit::rules::all() {
        let site_rule = !matches!(rule.check, portal_audit::rules::Check::Page(_));
        if site_rule && !covered.contains(rule.id) && !elsewhere.contains(rule.id) {
            missing.push(rule.id);
        }
        if elsewhere.contains(rule.id) {
            assert!(site_rule, "{} is a page rule", rule.id);
        }
    }
    assert!(
        missing.is_empty(),
        "site rules without a fixtures/sites/<name>/expected.toml naming them: {missing:?}"
    );
    for rule in &covered {
        assert!(
            portal_audit::rules::by_id(rule).is_some(),
            "a fixture names the unknown rule {rule}"
        );
    }
}
