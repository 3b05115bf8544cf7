//! The HTML report for people (issue 17, "reports that open" and "the report
//! passes its own check"): each site's own file (`--split-sites`, written by
//! the demo), the page filter, filters that hide the site blocks with nothing
//! matching, reflow at 320 and 390 px with focusable scroll regions (headless
//! Chromium), and `check` of the report itself finding nothing.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use crate::support::browser::{Browser, Devtools};
use crate::support::cli::run_in;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_file(path: &Path) -> Value {
    crate::support::cli::restored(serde_json::from_str(&read(path)).unwrap())
}

/// The demo's reports in `dir/out` (the demo writes every site's own file).
fn demo(dir: &Path) -> std::path::PathBuf {
    let output = run_in(dir, &["demo", "--out", "out", "-q"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    dir.join("out")
}

/// Every value of `attribute` in `html`.
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    regex::Regex::new(&format!(r#"\s{attribute}="([^"]*)""#))
        .unwrap()
        .captures_iter(html)
        .map(|c| {
            c[1].replace("&#x2f;", "/")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn each_site_has_its_own_report_linked_from_the_province_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo(dir.path());
    let report = json_file(&out.join("report.json"));
    let html = read(&out.join("report.html"));
    let sites = report["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 5);

    // report.html links each site's block to its file, and every link resolves.
    let links: BTreeSet<String> = attribute_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("sites/"))
        .collect();
    assert_eq!(links.len(), sites.len(), "{links:?}");
    for link in &links {
        assert!(out.join(link).is_file(), "{link} does not resolve");
    }

    for site in sites {
        let id = site["id"].as_str().unwrap();
        let root = site["root"].as_str().unwrap();
        let link = format!("sites/{id}.html");
        assert!(links.contains(&link), "no link to {link}");
        let page = read(&out.join(&link));
        // In the report's language, self-contained, this site alone, no gate verdict (the run's).
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
        assert!(page.contains("Content-Security-Policy"));
        crate::reports::assert_self_contained(&page);
        assert!(!page.contains("id=\"verdict\""));
        assert!(page.contains("id=\"site-file-note\""));
        assert_eq!(page.matches("<section class=\"site\"").count(), 1);
        let marked = attribute_values(&page, "data-site");
        assert!(!marked.is_empty());
        assert!(
            marked.iter().all(|s| s == id),
            "{id}: rows of other sites: {marked:?}"
        );
        let pages = attribute_values(&page, "data-page");
        assert!(
            pages.iter().all(|p| p.starts_with(root)),
            "{id}: pages of other sites"
        );
        // Each of its failed findings' pages and rules is there; no other site's rule section is.
        let own: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["site"] == id)
            .collect();
        for f in &own {
            let rule = f["rule"].as_str().unwrap();
            assert!(
                page.contains(&format!("id=\"rule-{rule}\"")),
                "{id}: {rule} missing"
            );
        }
        let own_rules: BTreeSet<&str> = own.iter().map(|f| f["rule"].as_str().unwrap()).collect();
        for rule in attribute_values(&page, "data-rule") {
            assert!(
                own_rules.contains(rule.as_str()),
                "{id}: {rule} is not a rule of this site"
            );
        }
    }
}

#[test]
fn report_split_sites_renders_a_saved_report_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo(dir.path());
    let output = run_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "report",
            out.join("report.json").to_str().unwrap(),
            "--format",
            "html",
            "--split-sites",
            "--out",
            "en",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let en = dir.path().join("en");
    let html = read(&en.join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for id in ["portal", "vpubnd", "sokhdt", "sotnmt", "binhan"] {
        let page = read(&en.join(format!("sites/{id}.html")));
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{id}"
        );
        assert!(
            html.contains(&format!("href=\"sites&#x2f;{id}.html\"")),
            "{id}"
        );
    }
}

#[test]
fn the_demo_report_and_a_site_file_pass_the_projects_own_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo(dir.path());
    // The demo quotes TCVN3 text and decomposed Unicode as evidence: shown
    // as code points, they are no defect of the report.
    let html = read(&out.join("report.html"));
    assert!(
        html.contains("Th\\u{AB}ng b\\u{B8}o"),
        "the TCVN3 evidence is escaped"
    );
    assert!(
        html.contains("Thu\\u{309}"),
        "the decomposed evidence is escaped"
    );
    let checked = dir.path().join("checked");
    let output = run_in(
        dir.path(),
        &[
            "check",
            out.join("report.html").to_str().unwrap(),
            out.join("sites/vpubnd.html").to_str().unwrap(),
            out.join("sites/sokhdt.html").to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "notice",
            "--out",
            checked.to_str().unwrap(),
        ],
    );
    let result = json_file(&checked.join("report.json"));
    let findings: Vec<String> = result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["rule"], f["url"], f["selector"], f["message"]["en"]
            )
        })
        .collect();
    assert_eq!(findings, Vec::<String>::new());
    assert_eq!(result["problems"], json!([]));
    assert_eq!(result["counts"]["pages"], 3);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

/// Opens `url` in the tab and waits until the report's filtering script has run there.
async fn open(dt: &mut Devtools, s: &str, url: &str) {
    dt.eval(s, "window.staleDocument = true").await;
    dt.call(Some(s), "Page.navigate", json!({ "url": url }))
        .await;
    dt.wait_for(
        s,
        "!window.staleDocument && document.readyState === 'complete' && !!document.getElementById('filters') && !document.getElementById('filters').hidden",
    )
    .await;
}

/// The ids of the site blocks shown.
const SHOWN_SITES: &str = "Array.from(document.querySelectorAll('section.site')).filter(e => e.offsetParent !== null).map(e => e.getAttribute('data-site'))";

/// The sites (sorted) of the report's findings that `keep` keeps, or of its pages.
fn sites_where(report: &Value, key: &str, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let set: BTreeSet<String> = report[key]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| keep(x))
        .map(|x| x["site"].as_str().unwrap().to_string())
        .collect();
    set.into_iter().collect()
}

fn sorted(value: &Value) -> Vec<String> {
    let mut list: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    list.sort();
    list
}

#[test]
fn the_report_reflows_at_320_px_and_its_filters_hide_the_sites_without_matches() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo(dir.path());
    let report = json_file(&out.join("report.json"));
    let url = url::Url::from_file_path(out.join("report.html")).unwrap();

    let browser = Browser::start(&crate::reports::chromium());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut dt = Devtools::connect(&browser).await;
        let session = dt.tab("about:blank").await;
        let s = session.as_str();

        // Reflow (WCAG 1.4.10): no horizontal scroll of the page at 320 and
        // 390 CSS px; what scrolls sideways is a table's own region, which
        // is a named tab stop; snippets wrap and never scroll.
        for width in [320, 390] {
            dt.call(
                Some(s),
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": false}),
            )
            .await;
            open(&mut dt, s, url.as_str()).await;
            let widths = dt
                .eval(
                    s,
                    "[document.scrollingElement.scrollWidth, window.innerWidth]",
                )
                .await;
            assert!(
                widths[0].as_u64().unwrap() <= widths[1].as_u64().unwrap(),
                "{width} px: the page is {widths} wide"
            );
            assert_eq!(widths[1], json!(width));
            let regions = dt
                .eval(
                    s,
                    "Array.from(document.querySelectorAll('*')).filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).map(e => { e.focus(); return [e.className, e.tabIndex, e.getAttribute('role'), e.getAttribute('aria-label') || '', document.activeElement === e]; })",
                )
                .await;
            let regions = regions.as_array().unwrap();
            assert!(
                regions.len() >= 5,
                "{width} px: the wide tables scroll in their own regions: {regions:?}"
            );
            for r in regions {
                assert_eq!(r[0], "scroll", "{width} px: {r}");
                assert_eq!(r[1], 0, "{width} px: {r}");
                assert_eq!(r[2], "region", "{width} px: {r}");
                assert!(!r[3].as_str().unwrap().is_empty(), "{width} px: {r}");
                assert_eq!(r[4], true, "{width} px: {r}");
            }
            let scrolling_snippets = dt
                .eval(
                    s,
                    "Array.from(document.querySelectorAll('pre')).filter(e => e.offsetParent !== null && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)).length",
                )
                .await;
            assert_eq!(scrolling_snippets, 0, "{width} px");
        }

        // ?rule=: only the sites with a finding of that rule keep their block.
        for rule in ["text-not-nfc", "link-broken"] {
            open(&mut dt, s, &format!("{url}?rule={rule}")).await;
            let shown = dt.eval(s, SHOWN_SITES).await;
            let expected = sites_where(&report, "findings", |f| f["rule"] == rule);
            assert!(!expected.is_empty());
            assert_eq!(sorted(&shown), expected, "?rule={rule}");
            let rules = dt
                .eval(
                    s,
                    "Array.from(document.querySelectorAll('section.rule')).filter(e => !e.hidden).map(e => e.getAttribute('data-rule'))",
                )
                .await;
            assert_eq!(rules, json!([rule]));
        }

        // The page filter, typed: the rows and site blocks of the pages whose address has it.
        open(&mut dt, s, url.as_str()).await;
        assert_eq!(sorted(&dt.eval(s, SHOWN_SITES).await).len(), 5);
        dt.eval(s, "document.getElementById('f-page').focus()").await;
        dt.call(Some(s), "Input.insertText", json!({"text": "/du-an"}))
            .await;
        let shown = dt.eval(s, SHOWN_SITES).await;
        let expected = sites_where(&report, "pages", |p| {
            p["url"].as_str().unwrap().contains("/du-an")
        });
        assert!(!expected.is_empty());
        assert_eq!(sorted(&shown), expected);
        let rows = dt
            .eval(
                s,
                "Array.from(document.querySelectorAll('tr.occ, tr.page-row')).filter(e => !e.hidden).map(e => e.getAttribute('data-page') || '')",
            )
            .await;
        let rows = sorted(&rows);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|p| p.contains("/du-an")), "{rows:?}");
        // Each page of a site's page list is an anchor.
        let anchor = dt
            .eval(s, "document.querySelector('tr.page-row:not([hidden])').id")
            .await;
        assert!(anchor.as_str().unwrap().starts_with("page-"), "{anchor}");
    });
}

/// `[report] split_sites` in audit.toml writes each site's own file as
/// `--split-sites` does (no flag given); left out, `audit` writes none (as
/// docs/config.md says: default `false`). The two sites of the log tests.
#[test]
fn the_configurations_split_sites_writes_each_sites_own_file() {
    let (_stc, _sxd, dir) = crate::logs::sites();
    crate::logs::audit_output(dir.path(), "whole", &["-q"]);
    let whole = dir.path().join("whole");
    assert!(whole.join("report.html").is_file());
    assert!(!whole.join("sites").exists(), "no site files unless asked");

    let config = dir.path().join("audit.toml");
    let mut text = read(&config);
    text.push_str("\n[report]\nformats = [\"json\", \"html\"]\nsplit_sites = true\n");
    std::fs::write(&config, text).unwrap();
    crate::logs::audit_output(dir.path(), "split", &["-q"]);
    let split = dir.path().join("split");
    let html = read(&split.join("report.html"));
    for (id, name) in [("stc", "Sở Tài chính"), ("sxd", "Sở Xây dựng")] {
        let own = read(&split.join(format!("sites/{id}.html")));
        assert!(own.contains(name), "{id}");
        assert!(
            html.contains(&format!("href=\"sites&#x2f;{id}.html\"")),
            "{id}"
        );
    }
}
