//! Every page rule's fixtures: `fixtures/rules/<rule-id>/*.html` with an
//! `expected.toml` listing, per file, the rule's outcome and its exact findings
//! (selector, line, outcome and message values). Elements are also marked in the
//! HTML with `data-expect="failed"` / `"cant_tell"`, and the flagged elements
//! must be exactly the marked ones. Only the rule under test runs.
//! A fixture with a counterpart under `served/` is a rendered DOM (browser mode)
//! and the rule also gets the served page's link addresses; one with
//! `browser/<name>.json` also gets what the browser painted and measured.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use portal_audit::page::Page;
use portal_audit::rules::engine::{self, Context};
use portal_audit::ruleset::Ruleset;
use pretty_assertions::assert_eq;
use serde::Deserialize;

use crate::support::cli::repo;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// A provincial profile to select (a provincial rule runs only where
    /// one gives it a basis).
    #[serde(default)]
    profile: Option<String>,
    file: Vec<ExpectedFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFile {
    name: String,
    /// The URL the page is checked as (default: its path), for rules that
    /// depend on the scheme (mixed content, insecure forms).
    #[serde(default)]
    url: Option<String>,
    outcome: String,
    #[serde(default)]
    findings: Vec<ExpectedFinding>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct ExpectedFinding {
    selector: String,
    line: u64,
    outcome: String,
    #[serde(default)]
    args: BTreeMap<String, String>,
}

/// Runs one rule on one fixture file (also used by other test modules).
pub fn run_rule(rule: &str, path: &std::path::Path, ruleset: &Ruleset) -> engine::RunResult {
    run_rule_as(rule, path, None, ruleset)
}

/// Runs one rule on one fixture file checked as if served from `url`.
pub fn run_rule_as(
    rule: &str,
    path: &std::path::Path,
    url: Option<&str>,
    ruleset: &Ruleset,
) -> engine::RunResult {
    let html = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut page = Page::parse(portal_audit::page::PageInput {
        url: url.map_or_else(|| path.display().to_string(), str::to_string),
        site: "fixtures".into(),
        bytes: html,
        ..Default::default()
    });
    // A fixture with a `served/` counterpart is a rendered DOM (browser
    // mode): the rule gets the served page's link addresses, as
    // `pipeline::with_rendered` gives them.
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        let served = dir.join("served").join(name);
        if served.is_file() {
            let served = Page::parse(portal_audit::page::PageInput {
                url: served.display().to_string(),
                bytes: std::fs::read(&served).unwrap(),
                ..Default::default()
            });
            page.served_links = Some(
                portal_audit::page::links::extract(&served)
                    .into_iter()
                    .map(|l| l.href)
                    .collect(),
            );
        }
    }
    // A fixture with `browser/<name>.json` is a rendered page with what the
    // browser painted and measured (`page::rendered::BrowserFacts`), as
    // `pipeline::with_rendered` attaches it.
    if let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) {
        let facts = dir
            .join("browser")
            .join(format!("{}.json", stem.to_string_lossy()));
        if facts.is_file() {
            let facts: portal_audit::page::rendered::BrowserFacts =
                serde_json::from_str(&std::fs::read_to_string(&facts).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", facts.display()));
            page.attach_browser(&facts);
        }
    }
    let ctx = Context::new(
        ruleset,
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        vec![rule.to_string()],
    );
    engine::run_page(&page, &ctx)
}

/// Reads a rule's `expected.toml` and checks that it lists every HTML
/// fixture of the folder, so that none is silently skipped.
fn expected_for(rule: &str, dir: &std::path::Path) -> Expected {
    let expected_path = dir.join("expected.toml");
    let text = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("rule {rule} needs {}: {e}", expected_path.display()));
    let expected: Expected =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".html"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = expected.file.iter().map(|f| f.name.clone()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "{rule}: every fixture file must be in expected.toml"
    );
    expected
}

/// Compares one fixture's result with its expectation: the outcome, the
/// exact findings, and the elements marked `data-expect` in the HTML.
fn compare(
    rule: &str,
    file: &ExpectedFile,
    path: &std::path::Path,
    result: &engine::RunResult,
    failures: &mut Vec<String>,
) {
    let outcome = result
        .outcomes
        .get(rule)
        .map(|o| o.id())
        .unwrap_or("not run");
    let mut got: Vec<ExpectedFinding> = result
        .findings
        .iter()
        .map(|f| ExpectedFinding {
            selector: f.selector.clone().unwrap_or_default(),
            line: f.line.unwrap_or(0),
            outcome: f.outcome.id().to_string(),
            args: (*f.args).clone(),
        })
        .collect();
    got.sort();
    let mut want: Vec<ExpectedFinding> = file
        .findings
        .iter()
        .map(|f| ExpectedFinding {
            selector: f.selector.clone(),
            line: f.line,
            outcome: f.outcome.clone(),
            args: f.args.clone(),
        })
        .collect();
    want.sort();
    // Args are compared only where the expectation names them.
    for (g, w) in got.iter_mut().zip(&want) {
        if w.args.is_empty() {
            g.args.clear();
        }
    }
    if outcome != file.outcome || got != want {
        failures.push(format!(
            "{rule}/{}: outcome {outcome} (want {}), findings {got:#?}\nwant {want:#?}",
            file.name, file.outcome
        ));
    }

    // The marked elements are exactly the flagged ones (findings without
    // an element, such as parse errors, are checked by expected.toml alone).
    let page = Page::parse(portal_audit::page::PageInput {
        url: path.display().to_string(),
        bytes: std::fs::read(path).unwrap(),
        ..Default::default()
    });
    let mut marked: Vec<(String, u64, String)> = page
        .elements()
        .filter_map(|el| {
            el.attr("data-expect")
                .map(|o| (el.selector(), el.line(), o.to_string()))
        })
        .collect();
    marked.sort();
    let mut flagged: Vec<(String, u64, String)> = got
        .iter()
        .filter(|f| !f.selector.is_empty())
        .map(|f| (f.selector.clone(), f.line, f.outcome.clone()))
        .collect();
    flagged.sort();
    if marked != flagged {
        failures.push(format!(
            "{rule}/{}: marked {marked:?} but flagged {flagged:?}",
            file.name
        ));
    }
}

#[test]
fn every_page_rule_fixture_gives_exactly_the_expected_findings() {
    let ruleset = Ruleset::embedded().unwrap();
    let mut checked_files = 0;
    let mut failures = Vec::new();
    for rule in portal_audit::rules::all()
        .filter(|r| matches!(r.check, portal_audit::rules::Check::Page(_)))
    {
        let dir = repo("fixtures/rules").join(rule.id);
        let expected = expected_for(rule.id, &dir);
        let mut with_profile;
        let ruleset = match &expected.profile {
            Some(profile) => {
                with_profile = ruleset.clone();
                with_profile.content.select(profile).unwrap();
                &with_profile
            }
            None => &ruleset,
        };
        for file in &expected.file {
            let path = dir.join(&file.name);
            let result = run_rule_as(rule.id, &path, file.url.as_deref(), ruleset);
            compare(rule.id, file, &path, &result, &mut failures);
            checked_files += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked_files > 0);
}

/// The link rules judge what `check` records of a page's links; the rules
/// whose verdict needs no network (`mailto:` addresses, `javascript:` URLs)
/// have page fixtures, run through the same link extraction and local link
/// facts as `check` (`crawl::local::links`, `SiteData::add_link`) and the
/// site engine.
#[test]
fn link_rule_fixtures_give_exactly_the_expected_findings() {
    use portal_audit::crawl::local::{LocalPage, links};
    use portal_audit::rules::site::SiteData;
    let ruleset = Ruleset::embedded().unwrap();
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for rule in
        portal_audit::rules::all().filter(|r| r.family == portal_audit::rules::Family::Links)
    {
        let dir = repo("fixtures/rules").join(rule.id);
        if !dir.is_dir() {
            continue;
        }
        let expected = expected_for(rule.id, &dir);
        for file in &expected.file {
            let path = dir.join(&file.name);
            let page = Page::parse(portal_audit::page::PageInput {
                url: path.display().to_string(),
                site: "fixtures".into(),
                bytes: std::fs::read(&path).unwrap(),
                ..Default::default()
            });
            let local = LocalPage {
                path: path.clone(),
                links: portal_audit::page::links::extract(&page),
                anchors: portal_audit::page::links::anchors(&page),
            };
            let mut data = SiteData {
                id: "fixtures".into(),
                root: path.display().to_string(),
                ..SiteData::default()
            };
            for link in links(&path, &[local]) {
                data.add_link(link);
            }
            let ctx = Context::new(
                &ruleset,
                NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
                vec![rule.id.to_string()],
            );
            let result = engine::run_site(&data, &ctx);
            compare(rule.id, file, &path, &result, &mut failures);
        }
        checked.push(rule.id);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(checked, ["link-javascript", "link-mailto-invalid"]);
}

/// A provincial rule (`advertising-present`, resting only on Trà Vinh's
/// QĐ 1526/2019 Điều 7) runs only where that province's profile applies,
/// even when `--rule` names it, and its findings cite that article alone.
#[test]
fn a_provincial_rule_runs_only_with_its_province_profile() {
    let path = repo("fixtures/rules/advertising-present/networks.html");
    let national = Ruleset::embedded().unwrap();
    let result = run_rule("advertising-present", &path, &national);
    assert!(result.outcomes.get("advertising-present").is_none());
    assert!(result.findings.is_empty());

    let mut travinh = national.clone();
    travinh.content.select("qd-1526-2019-travinh").unwrap();
    let result = run_rule("advertising-present", &path, &travinh);
    assert_eq!(
        result.outcomes.get("advertising-present").map(|o| o.id()),
        Some("cant_tell")
    );
    let cited: std::collections::BTreeSet<String> = result
        .findings
        .iter()
        .flat_map(|f| {
            f.legal
                .iter()
                .map(|b| format!("{} {}", b.document, b.article))
        })
        .collect();
    assert_eq!(
        cited,
        std::collections::BTreeSet::from(["qd-1526-2019-travinh Điều 7".to_string()])
    );
    // Before the regulation was issued (13/8/2019) the profile gives no
    // basis, so the rule does not run.
    let ctx = Context::new(
        &travinh,
        NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
        vec!["advertising-present".to_string()],
    );
    assert_eq!(ctx.page_rules().count(), 0);
}

#[test]
fn findings_carry_messages_in_both_languages_and_legal_bases_in_force() {
    let ruleset = Ruleset::embedded().unwrap();
    let result = run_rule(
        "img-alt-missing",
        &repo("fixtures/rules/img-alt-missing/images.html"),
        &ruleset,
    );
    let first = &result.findings[0];
    assert_eq!(
        first.message.vi,
        "Ảnh /anh/hoi-nghi.jpg không có văn bản thay thế (alt, aria-label, aria-labelledby hoặc title)."
    );
    assert_eq!(
        first.message.en,
        "Image /anh/hoi-nghi.jpg has no text alternative (alt, aria-label, aria-labelledby or title)."
    );
    assert_eq!(first.wcag, vec!["1.1.1".to_string()]);
    assert_eq!(first.column, Some(3));
    assert!(
        first
            .snippet
            .as_deref()
            .unwrap()
            .starts_with("<img src=\"/anh/hoi-nghi.jpg\"")
    );
    // On 2026-11-28 Thông tư 32/2017 Điều 18 is kept but its status is not
    // verified, like Thông tư 26/2020 and 39/2017 after Luật Chuyển đổi số;
    // Nghị định 224/2026 and Luật Chuyển đổi số bind.
    let bases: Vec<String> = first
        .legal
        .iter()
        .map(|b| {
            format!(
                "{} {} {} {}",
                b.document,
                b.article,
                b.strength.id(),
                b.confidence.id()
            )
        })
        .collect();
    assert_eq!(
        bases,
        [
            "wcag-2.0 SC 1.1.1 recommended verified",
            "tt-32-2017 Điều 18 khoản 1 điểm c mandatory unverified",
            "wcag-1.0 checkpoint 1.1 (ưu tiên 1) mandatory unverified",
            "tt-39-2017 Danh mục mục 3.1 (WCAG 2.0: khuyến nghị) recommended unverified",
            "nd-224-2026 Điều 10 khoản 3 điểm c mandatory verified",
            "luat-cds-2025 Điều 8 khoản 7 mandatory verified",
            "tt-26-2020 Phụ lục mục 3 (ISO/IEC 40500:2012, WCAG 2.0: khuyến nghị) recommended unverified",
            "tt-26-2020 Phụ lục mục 3 (WCAG 1.0: bắt buộc) mandatory unverified",
        ]
    );
    assert_eq!(
        first.legal[1].citation.vi,
        "điểm c khoản 1 Điều 18 Thông tư số 32/2017/TT-BTTTT"
    );
}

#[test]
fn as_of_selects_the_bases_in_force() {
    let ruleset = Ruleset::embedded().unwrap();
    let meta = ruleset.rule("img-alt-missing").unwrap();
    let docs = |date: NaiveDate| -> Vec<String> {
        ruleset
            .bases_in_force(meta, date)
            .into_iter()
            .map(|b| b.document)
            .collect()
    };
    // Thông tư 28/2009 (its annex unknown) and Thông tư 32/2017 with Nghị
    // định 43/2011 Điều 8; from 2021 Thông tư 26/2020 (WCAG 1.0 binding).
    assert_eq!(
        docs(NaiveDate::from_ymd_opt(2019, 6, 1).unwrap()),
        vec![
            "wcag-2.0",
            "tt-32-2017",
            "tt-28-2009",
            "nd-43-2011",
            "tt-39-2017",
            "tt-32-2017"
        ]
    );
    assert_eq!(
        docs(NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()),
        vec![
            "wcag-2.0",
            "tt-32-2017",
            "wcag-1.0",
            "nd-43-2011",
            "tt-39-2017",
            "tt-32-2017",
            "tt-26-2020",
            "tt-26-2020"
        ]
    );
    assert_eq!(
        docs(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
        vec![
            "wcag-2.0",
            "tt-32-2017",
            "wcag-1.0",
            "tt-39-2017",
            "nd-224-2026",
            "luat-cds-2025",
            "tt-26-2020",
            "tt-26-2020"
        ]
    );
    // Before Thông tư 28/2009 and Nghị định 43/2011, only the standard itself.
    assert_eq!(
        docs(NaiveDate::from_ymd_opt(2009, 1, 1).unwrap()),
        vec!["wcag-2.0"]
    );
}
