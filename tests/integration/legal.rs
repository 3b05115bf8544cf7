//! Legal bases an official can sign: on five reference dates, with and
//! without the Trà Vinh profile, a finding of each family cites exactly the
//! expected articles (document, article, strength, confidence); no finding
//! without the profile cites a provincial document; `rules --as-of` lists the
//! bases the findings cite; the law of a period that is not established keeps
//! its items as "not assessed"; the portal's checklist carries Quy chế Điều 10
//! khoản 2 with the units responsible, satisfied by a linked component site.
//!
//! The bases are the snapshot `tests/integration/snapshots/legal/bases.snap`;
//! after a deliberate change of the rulesets `cargo insta review` rewrites it —
//! review its diff article by article against `shared/legal/`.

use std::collections::{BTreeMap, BTreeSet};

use pretty_assertions::assert_eq;

use crate::support::cli::{audit_config, root, run_for_report, run_in};
use crate::support::server::{Server, page};

/// The reference dates: NĐ 43/2011 + TT 32/2017 + TT 28/2009 + Quy chế 1526;
/// TT 26/2020 (WCAG 1.0); NĐ 42/2022; after the 2025 merger; after Luật
/// Chuyển đổi số and NĐ 224/2026.
const DATES: [&str; 5] = [
    "2019-09-01",
    "2021-06-30",
    "2023-01-01",
    "2025-08-01",
    "2026-11-28",
];

const PROFILE: &str = "qd-1526-2019-travinh";

/// The inputs of one `check` run: a fixture giving a finding of each family.
const INPUTS: [&str; 6] = [
    "fixtures/rules/img-alt-missing/images.html",
    "fixtures/rules/text-not-nfc/decomposed.html",
    "fixtures/rules/doctype-missing/no-doctype.html",
    "fixtures/sites/privacy",
    "fixtures/sites/sample",
    "fixtures/sites/content-portal",
];

/// The findings whose bases are asserted: rule, site, finding `id` value.
const PICKS: [(&str, &str, Option<&str>); 15] = [
    (
        "img-alt-missing",
        "fixtures/rules/img-alt-missing/images.html",
        None,
    ),
    ("contrast-insufficient", "fixtures/sites/privacy", None),
    (
        "text-not-nfc",
        "fixtures/rules/text-not-nfc/decomposed.html",
        None,
    ),
    (
        "doctype-missing",
        "fixtures/rules/doctype-missing/no-doctype.html",
        None,
    ),
    ("privacy-notice-missing", "fixtures/sites/privacy", None),
    ("link-broken", "fixtures/sites/privacy", None),
    (
        "category-missing",
        "fixtures/sites/content-portal",
        Some("statistics"),
    ),
    (
        "category-missing",
        "fixtures/sites/content-portal",
        Some("citizen-reception"),
    ),
    (
        "category-missing",
        "fixtures/sites/content-portal",
        Some("financial-report"),
    ),
    (
        "category-stale",
        "fixtures/sites/content-portal",
        Some("news"),
    ),
    (
        "site-function-missing",
        "fixtures/sites/sample",
        Some("search"),
    ),
    (
        "site-function-missing",
        "fixtures/sites/sample",
        Some("feed"),
    ),
    (
        "item-fields-missing",
        "fixtures/sites/content-portal",
        Some("legal-documents"),
    ),
    (
        "english-items-missing",
        "fixtures/sites/content-portal",
        Some("contacts"),
    ),
    (
        "english-items-missing",
        "fixtures/sites/content-portal",
        Some("services"),
    ),
];

/// Runs `check` on `inputs` as a provincial portal on `as_of` (with the Trà
/// Vinh profile), with `extra` arguments.
fn check_as_portal(
    inputs: &[&str],
    as_of: &str,
    profile: bool,
    extra: &[&str],
) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["check"];
    args.extend(inputs);
    args.extend([
        "--role",
        "portal",
        "--as-of",
        as_of,
        "--fail-on",
        "never",
        "-q",
    ]);
    args.extend(["--out", out.path().to_str().unwrap()]);
    if profile {
        args.extend(["--profile", PROFILE]);
    }
    args.extend(extra);
    run_for_report(&root(), &args, out.path())
}

/// Runs `check` over [`INPUTS`] as a provincial portal.
fn check_all(as_of: &str, profile: bool) -> serde_json::Value {
    check_as_portal(&INPUTS, as_of, profile, &[])
}

/// `document | article | strength | confidence [| profile]`, one a line.
fn basis_lines(bases: &serde_json::Value) -> Vec<String> {
    bases
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let mut line = format!(
                "{} | {} | {} | {}",
                b["document"].as_str().unwrap(),
                b["article"].as_str().unwrap(),
                b["strength"].as_str().unwrap(),
                b["confidence"].as_str().unwrap()
            );
            if let Some(p) = b["profile"].as_str() {
                line.push_str(&format!(" | {p}"));
            }
            line
        })
        .collect()
}

/// The bases of the picked findings of one run, as text.
fn picked(report: &serde_json::Value) -> Vec<String> {
    let findings = report["findings"].as_array().unwrap();
    let mut out = Vec::new();
    for (rule, site, id) in PICKS {
        let found = findings.iter().find(|f| {
            f["rule"] == rule
                && f["site"] == site
                && id.is_none_or(|id| f["args"]["id"].as_str() == Some(id))
        });
        let head = match id {
            Some(id) => format!("{rule} [{id}]"),
            None => rule.to_string(),
        };
        match found {
            None => out.push(format!("{head}: no finding")),
            Some(f) => {
                out.push(format!("{head} ({}):", f["outcome"].as_str().unwrap()));
                out.extend(
                    basis_lines(&f["legal"])
                        .into_iter()
                        .map(|l| format!("  {l}")),
                );
            }
        }
    }
    out
}

/// Every document any finding, checklist item or rule of a report cites.
fn cited_documents(report: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |bases: &serde_json::Value| {
        for b in bases.as_array().unwrap() {
            out.insert(b["document"].as_str().unwrap().to_string());
        }
    };
    for f in report["findings"].as_array().unwrap() {
        add(&f["legal"]);
    }
    for r in report["rules"].as_array().unwrap() {
        add(&r["legal"]);
    }
    for s in report["sites"].as_array().unwrap() {
        for item in s["checklist"]["items"].as_array().into_iter().flatten() {
            add(&item["required_by"]);
        }
    }
    out
}

/// `rules --as-of D --format json` (with the profile): rule id → its bases,
/// each with the finding ids it is limited to.
/// A rule listing: rule id → its bases, each with the finding ids it is limited to.
type Listing = BTreeMap<String, Vec<(serde_json::Value, Vec<String>)>>;

fn listing(as_of: &str, profile: bool) -> Listing {
    let mut args = vec!["rules", "--format", "json", "--as-of", as_of];
    if profile {
        args.extend(["--profile", PROFILE]);
    }
    let output = run_in(&root(), &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let bases = row["legal_in_force"]
                .as_array()
                .unwrap()
                .iter()
                .map(|entry| {
                    let ids = entry["ids"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| i.as_str().unwrap().to_string())
                        .collect();
                    (entry["basis"].clone(), ids)
                })
                .collect();
            (row["id"].as_str().unwrap().to_string(), bases)
        })
        .collect()
}

#[test]
fn each_family_cites_exactly_its_bases_on_five_dates_with_and_without_the_profile() {
    let mut text = String::new();
    for as_of in DATES {
        for profile in [false, true] {
            let report = check_all(as_of, profile);
            text.push_str(&format!(
                "## {as_of} {}\n",
                if profile {
                    "with qd-1526-2019-travinh"
                } else {
                    "national law only"
                }
            ));
            for line in picked(&report) {
                text.push_str(&line);
                text.push('\n');
            }
            text.push('\n');

            // Only a province's profile brings its regulation in, anywhere in
            // the report (findings, checklists, rules, bibliography).
            let cited = cited_documents(&report);
            let bibliography: BTreeSet<String> = report["legal_documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_str().unwrap().to_string())
                .collect();
            assert!(
                cited.is_subset(&bibliography),
                "{as_of}: cited but not in the bibliography: {:?}",
                cited.difference(&bibliography).collect::<Vec<_>>()
            );
            let provincial: Vec<&String> = bibliography
                .iter()
                .filter(|d| d.contains("travinh"))
                .collect();
            if profile {
                assert!(
                    provincial.contains(&&"qd-1526-2019-travinh".to_string()),
                    "{as_of}: {bibliography:?}"
                );
            } else {
                assert!(provincial.is_empty(), "{as_of}: {provincial:?}");
            }
            // Every basis in the report is in force on the date, with the
            // strength and confidence `rules --as-of` shows.
            let rules = listing(as_of, profile);
            for f in report["findings"].as_array().unwrap() {
                let rule = f["rule"].as_str().unwrap();
                let id = f["args"]["id"].as_str();
                let listed = &rules[rule];
                for basis in f["legal"].as_array().unwrap() {
                    assert!(
                        listed.iter().any(|(b, ids)| b == basis
                            && (ids.is_empty()
                                || id.is_some_and(|id| ids.iter().any(|i| i == id)))),
                        "{as_of}: {rule} [{id:?}] cites {basis} which `rules --as-of` does not list"
                    );
                }
                // A page rule's finding cites exactly what the listing shows.
                if f["selector"].is_string() && listed.iter().all(|(_, ids)| ids.is_empty()) {
                    let all: Vec<&serde_json::Value> = listed.iter().map(|(b, _)| b).collect();
                    let own: Vec<&serde_json::Value> =
                        f["legal"].as_array().unwrap().iter().collect();
                    assert_eq!(own, all, "{as_of}: {rule}");
                }
            }
        }
    }
    let mut settings = crate::support::snapshot::settings("legal");
    settings.set_description(
        "The legal bases (document | article | strength | confidence | profile) of a finding of each \
         family, on five reference dates, with national law only and with the Trà Vinh profile. Review \
         each change article by article against shared/legal/.",
    );
    settings.bind(|| insta::assert_snapshot!("bases", text));
}

/// The checklist of the portal as (category, status, reason, suppliers,
/// first evidence's site).
fn items(report: &serde_json::Value, site: usize) -> Vec<String> {
    report["sites"][site]["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let mut line = format!(
                "{} {}",
                i["category"].as_str().unwrap(),
                i["status"].as_str().unwrap()
            );
            if let Some(reason) = i["reason"]["vi"].as_str() {
                line.push_str(&format!(" ({reason})"));
            }
            if let Some(suppliers) = i["suppliers"].as_array() {
                let roles: Vec<&str> = suppliers
                    .iter()
                    .map(|s| s["role"].as_str().unwrap())
                    .collect();
                line.push_str(&format!(" <- {}", roles.join(",")));
            }
            if i["conditional"] == true {
                line.push_str(" [if held]");
            }
            if let Some(first) = i["evidence"].as_array().and_then(|e| e.first())
                && let Some(site) = first["site"].as_str()
            {
                line.push_str(&format!(" @{site} via {}", first["via"].as_str().unwrap()));
            }
            line
        })
        .collect()
}

/// On 2023-01-01 Nghị định 42/2022 governs, and its text is not established
/// for news, schedules, leaders, boundary maps, …: without the profile those
/// items stay on the portal's checklist as not assessed, with the reason;
/// the Trà Vinh Quy chế applies Nghị định 43/2011 Chương II by reference, so
/// with it they are required and judged.
#[test]
fn the_period_whose_law_is_not_established_keeps_its_items_as_not_assessed() {
    let run = |profile: bool| {
        check_as_portal(
            &["fixtures/sites/content-portal"],
            "2023-01-01",
            profile,
            &["--rule", "category-missing"],
        )
    };
    let national = run(false);
    let lines = items(&national, 0);
    let reason = "(căn cứ của giai đoạn này chưa được xác minh)";
    for category in [
        "leaders",
        "news",
        "direction",
        "work-schedule",
        "petition-responses",
        "commendation",
        "gazette",
        "draft-comments",
        "boundary-maps",
        "natural-conditions",
        "investment-promotion",
    ] {
        assert!(
            lines.contains(&format!("{category} not_assessed {reason}")),
            "{category} in {lines:#?}"
        );
    }
    assert!(
        lines.contains(&"statistics missing [if held]".to_string()),
        "{lines:#?}"
    );
    // No finding for an item not assessed; a conditional one asks a person.
    let findings: Vec<String> = national["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["args"]["id"].as_str().unwrap(),
                f["outcome"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            "science-programmes cant_tell",
            "statistics cant_tell",
            "financial-report cant_tell",
            "information-access failed",
            "treaties cant_tell",
            "national-legal-database cant_tell",
        ]
    );

    let travinh = run(true);
    let lines = items(&travinh, 0);
    assert!(lines.contains(&"news stale".to_string()), "{lines:#?}");
    assert!(
        lines.contains(&"work-schedule stale <- vpubnd".to_string()),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("not_assessed")),
        "{lines:#?}"
    );
    let news = travinh["sites"][0]["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["category"] == "news")
        .unwrap();
    assert_eq!(
        news["required_by"][0]["citation"]["vi"],
        "khoản 1 Điều 10 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (dẫn chiếu điểm b khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP)"
    );
}

/// A page of a fixture portal or component site.
fn site_page(title: &str, body: &str) -> crate::support::server::Reply {
    page(title, body)
}

/// Quy chế Trà Vinh Điều 10 khoản 2 on the portal: every item is on the
/// portal's checklist with the unit that must supply it; an item the portal
/// lacks is present when the unit's component site, linked from the portal,
/// carries it (the evidence names that site and the linking page); a unit
/// site not linked from the portal does not count, nor another unit's. The
/// unit's own site is not asked for Điều 10.2 items. Freshness limits come
/// from `[freshness]` in audit.toml.
#[test]
fn the_portal_carries_quy_che_10_2_items_directly_or_through_the_linked_unit_site() {
    let vpubnd = Server::start(vec![
        (
            "/",
            site_page(
                "Văn phòng UBND tỉnh",
                "<nav><a href=\"/lich-tiep-cong-dan\">Lịch tiếp công dân</a> \
                 <a href=\"/tin-tuc\">Tin tức</a></nav>",
            ),
        ),
        (
            "/lich-tiep-cong-dan",
            site_page(
                "Lịch tiếp công dân",
                "<h1>Lịch tiếp công dân</h1><p>Ngày 02/01/2023</p>",
            ),
        ),
        (
            "/tin-tuc",
            site_page("Tin tức", "<h1>Tin tức</h1><p>01/01/2023</p>"),
        ),
    ]);
    // Sở Tài chính carries the budget disclosure, but the portal does not link to it.
    let sotc = Server::start(vec![(
        "/",
        site_page(
            "Sở Tài chính",
            "<nav><a href=\"/ckns\">Công khai ngân sách</a></nav>",
        ),
    )]);
    let portal = Server::start(vec![(
        "/",
        site_page(
            "Cổng thông tin điện tử tỉnh",
            &format!(
                "<nav><a href=\"/tin-tuc\">Tin tức</a> <a href=\"{}\">Văn phòng UBND tỉnh</a></nav>",
                vpubnd.url("/")
            ),
        ),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "as_of = \"2023-01-10\"\nprofiles = [\"{PROFILE}\"]\n\n\
         [[site]]\nid = \"portal\"\nroot = \"{}\"\nrole = \"portal\"\n\n\
         [[site]]\nid = \"vpubnd\"\nroot = \"{}\"\nrole = \"vpubnd\"\n\n\
         [[site]]\nid = \"sotc\"\nroot = \"{}\"\nrole = \"so-tc\"\n\n\
         [limits]\ndelay_secs = 0\nretries = 0\n\n\
         [crawl]\ncheck_external = false\nsitemaps = false\n\n\
         [freshness]\nnews = 3650\n",
        portal.url("/"),
        vpubnd.url("/"),
        sotc.url("/"),
    );
    let (code, report) = audit_config(
        dir.path(),
        &config,
        &[
            "--rule",
            "category-missing",
            "--rule",
            "category-stale",
            "--format",
            "json,html,sarif,csv,md,junit",
        ],
        &[],
    );
    assert_eq!(code, 0);
    let sites: Vec<&str> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let portal_index = sites.iter().position(|s| *s == "portal").unwrap();
    let lines = items(&report, portal_index);
    let via = portal.url("/");
    for want in [
        format!("citizen-reception present <- vpubnd @vpubnd via {via}"),
        "budget-disclosure missing <- so-tc".to_string(),
        "commendation missing <- vpubnd".to_string(),
        "enterprises missing <- so-khdt".to_string(),
        "draft-comments missing <- so,ubnd-huyen".to_string(),
        "statistics missing <- cuc-thong-ke".to_string(),
        // Found on the portal itself; fresh under the 10-year policy.
        "news present".to_string(),
    ] {
        assert!(lines.contains(&want), "no `{want}` in {lines:#?}");
    }
    let citizen = report["sites"][portal_index]["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["category"] == "citizen-reception")
        .unwrap();
    assert_eq!(
        citizen["evidence"][0]["url"].as_str().unwrap(),
        vpubnd.url("/")
    );
    assert_eq!(
        citizen["evidence"][0]["target"].as_str().unwrap(),
        vpubnd.url("/lich-tiep-cong-dan")
    );
    // The unit's own site is not asked for the items it supplies to the portal.
    let vpubnd_index = sites.iter().position(|s| *s == "vpubnd").unwrap();
    assert!(
        !items(&report, vpubnd_index)
            .iter()
            .any(|l| l.starts_with("citizen-reception")),
        "{:#?}",
        items(&report, vpubnd_index)
    );
    // The missing budget disclosure names its supplier and cites Điều 10.2.đ.
    let budget = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["site"] == "portal" && f["args"]["id"] == "budget-disclosure")
        .unwrap();
    assert_eq!(
        basis_lines(&budget["legal"]),
        [
            "qd-1526-2019-travinh | Điều 10 khoản 2 điểm đ | mandatory | verified | qd-1526-2019-travinh"
        ]
    );
    assert!(
        budget["message"]["vi"]
            .as_str()
            .unwrap()
            .ends_with("Đơn vị cung cấp: Sở Tài chính (so-tc)."),
        "{}",
        budget["message"]["vi"]
    );
    assert!(
        !report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "category-stale"),
        "news is fresh under [freshness] news = 3650"
    );
    // Every format shows the finding's own bases with their strength.
    let cited = "điểm đ khoản 2 Điều 10 Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh (bắt buộc)";
    let read = |file: &str| std::fs::read_to_string(dir.path().join("out").join(file)).unwrap();
    let html = read("report.html").replace("&#x2f;", "/");
    assert!(
        html.contains(&format!("Căn cứ pháp lý: {cited}")),
        "report.html"
    );
    assert!(read("findings.csv").contains(cited), "findings.csv");
    let junit = read("junit.xml");
    assert!(
        junit.contains(&format!("    Căn cứ pháp lý: {cited}")),
        "junit.xml"
    );
    let sarif: serde_json::Value = serde_json::from_str(&read("report.sarif")).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("(budget-disclosure)")
        })
        .unwrap();
    assert_eq!(result["properties"]["legal"][0], cited);
    assert_eq!(result["properties"]["legal_binding"], true);
    assert!(
        read("summary.md").contains("Phát hiện vi phạm yêu cầu bắt buộc: **"),
        "summary.md"
    );

    // A wrong [freshness] entry stops the run.
    std::fs::write(
        dir.path().join("bad.toml"),
        format!(
            "[[site]]\nroot = \"{}\"\n\n[freshness]\nnews = \"soon\"\n",
            portal.url("/")
        ),
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &["audit", "--config", "bad.toml", "--out", "bad", "--quiet"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("[freshness] news = \"soon\""),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A role of a body that no longer exists on the reference date is accepted
/// with a warning naming the successor; the same role before the
/// reorganisation passes.
#[test]
fn roles_of_bodies_that_no_longer_exist_are_accepted_with_their_successor_named() {
    let run = |role: &str, as_of: &str| {
        let out = tempfile::tempdir().unwrap();
        run_for_report(
            &root(),
            &[
                "check",
                "fixtures/sites/content-so-khdt",
                "--role",
                role,
                "--as-of",
                as_of,
                "--rule",
                "role-obsolete",
                "--fail-on",
                "never",
                "-q",
                "--out",
                out.path().to_str().unwrap(),
            ],
            out.path(),
        )
    };
    let messages = |report: &serde_json::Value| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f["outcome"].as_str().unwrap(),
                    f["severity"].as_str().unwrap(),
                    f["message"]["vi"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        messages(&run("so-khdt", "2019-09-01")),
        Vec::<String>::new()
    );
    assert_eq!(
        messages(&run("so-khdt", "2025-08-01")),
        [
            "cant_tell warning Vai trò so-khdt (Sở Kế hoạch và Đầu tư) không còn từ sau ngày 28/02/2025; cơ quan kế thừa: Sở Tài chính (vai trò so-tc)."
        ]
    );
    assert_eq!(
        messages(&run("ubnd-huyen", "2026-11-28")),
        [
            "cant_tell warning Vai trò ubnd-huyen (UBND huyện, thị xã, thành phố) không còn từ sau ngày 30/06/2025; cơ quan kế thừa: UBND xã, phường (vai trò ubnd-xa)."
        ]
    );
    assert_eq!(
        messages(&run("so-nnmt", "2026-11-28")),
        Vec::<String>::new()
    );
}

/// The bibliography of a report names each document with its type, number
/// and issue date, and says when its status is not established.
#[test]
fn the_bibliography_cites_documents_with_type_number_and_issue_date() {
    let report = check_all("2026-11-28", true);
    let docs: BTreeMap<&str, &serde_json::Value> = report["legal_documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d))
        .collect();
    let tv = docs["qd-1526-2019-travinh"];
    assert_eq!(
        tv["cited_as"]["vi"],
        "Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh"
    );
    assert_eq!(
        tv["title"]["vi"],
        "Quy chế hoạt động và cung cấp thông tin của Cổng thông tin điện tử tỉnh Trà Vinh"
    );
    assert_eq!(tv["status_uncertain_from"], "2025-07-01");
    assert_eq!(
        docs["nd-224-2026"]["cited_as"]["vi"],
        "Nghị định số 224/2026/NĐ-CP"
    );
    assert_eq!(
        docs["nd-224-2026"]["title"]["vi"],
        "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Chuyển đổi số"
    );
    assert_eq!(docs["nd-224-2026"]["issued"], "2026-06-24");
    assert_eq!(docs["tcvn-6909-2001"]["issued"], "2001");
    assert_eq!(docs["tt-26-2020"]["status_uncertain_from"], "2026-07-01");
    // The Quy chế's predecessor is named where the profile applies.
    assert!(docs.contains_key("qd-774-2008-travinh"));
    // Only what is cited: Nghị định 43/2011 ended in 2022.
    assert!(!docs.contains_key("nd-43-2011"));
    // The HTML report's bibliography cites them the same way.
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("report.json"), report.to_string()).unwrap();
    let output = run_in(
        out.path(),
        &["report", "report.json", "--format", "html", "--out", "html"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let html = std::fs::read_to_string(out.path().join("html/report.html")).unwrap();
    let html = html.replace("&#x2f;", "/");
    assert!(html.contains("<th scope=\"row\">Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh</th><td>Quy chế hoạt động và cung cấp thông tin của Cổng thông tin điện tử tỉnh Trà Vinh (ban hành 13/8/2019)</td><td>2019-08-13 –  (còn hiệu lực; đã đối chiếu văn bản; hiệu lực từ 1/7/2025 chưa xác minh)</td>"), "{html}");
}

/// The bases of rules whose findings the fixtures above do not give, read
/// through the library: the circulars kept after their successor with their
/// status unverified, the mailto rule's national articles, the basis of a
/// moved site under Nghị định 42/2022.
#[test]
fn kept_articles_mailto_and_moved_sites_cite_their_bases() {
    use portal_audit::ruleset::Ruleset;
    let ruleset = Ruleset::embedded().unwrap();
    let on = |rule: &str, date: &str| -> Vec<String> {
        let meta = ruleset.rule(rule).unwrap();
        let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        ruleset
            .bases(meta, date, &[], None, None)
            .iter()
            .map(|b| {
                format!(
                    "{} | {} | {} | {}",
                    b.document,
                    b.article,
                    b.strength.id(),
                    b.confidence.id()
                )
            })
            .collect()
    };
    // Thông tư 32/2017 Điều 20 (HTTPS) and 15.4 (IPv6) are kept after
    // Thông tư 22/2023, their status unverified: not the whole circular ended.
    assert!(
        on("https-missing", "2019-09-01")
            .contains(&"tt-32-2017 | Điều 20 | mandatory | verified".to_string())
    );
    assert!(
        on("https-missing", "2025-08-01")
            .contains(&"tt-32-2017 | Điều 20 | mandatory | unverified".to_string())
    );
    assert!(
        on("ipv6-missing", "2025-08-01")
            .contains(&"tt-32-2017 | Điều 15 khoản 4 | mandatory | unverified".to_string())
    );
    // Thông tư 24/2011 after Luật Chuyển đổi số.
    assert_eq!(
        on("dublin-core-metadata-missing", "2026-11-28"),
        [
            "tt-24-2011 | Điều 4 | mandatory | unverified",
            "tt-24-2011 | Điều 6 | mandatory | unverified",
            "nd-224-2026 | Điều 11 khoản 5 | mandatory | verified",
        ]
    );
    // mailto: the official e-mail addresses the law requires, not Quy chế 11.2.
    assert_eq!(
        on("link-mailto-invalid", "2019-09-01"),
        [
            "luat-cntt-2006 | Điều 28 khoản 2 điểm đ | mandatory | verified",
            "nd-43-2011 | Điều 10 khoản 1 điểm k | mandatory | verified",
            "nd-43-2011 | Điều 10 khoản 1 điểm l | mandatory | verified",
            "luat-tctt-2016 | Điều 19 khoản 1 điểm đ | mandatory | verified",
        ]
    );
    // site-moved has a basis in every period.
    for (date, want) in [
        (
            "2019-09-01",
            vec!["nd-43-2011 | Điều 6 | mandatory | verified"],
        ),
        (
            "2023-01-01",
            vec!["nd-42-2022 | Điều 6 khoản 1 | mandatory | secondary"],
        ),
        (
            "2026-11-28",
            vec![
                "nd-224-2026 | Điều 11 khoản 1 | mandatory | verified",
                "nd-224-2026 | Điều 11 khoản 4 | mandatory | verified",
            ],
        ),
    ] {
        assert_eq!(on("site-moved", date), want, "{date}");
    }
    // The timeliness articles of a freshness finding, per category, with
    // Nghị định 43/2011 Điều 17's limit where it has one.
    let stale = |id: &str| -> Vec<String> {
        let meta = ruleset.rule("category-stale").unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        ruleset
            .bases(meta, date, &[], Some(id), None)
            .iter()
            .map(|b| b.citation.vi.clone())
            .collect()
    };
    assert_eq!(
        stale("law-dissemination"),
        [
            "Điều 17 Nghị định số 43/2011/NĐ-CP (điểm d: trong 15 ngày làm việc kể từ ngày ban hành văn bản)",
            "điểm d khoản 1 Điều 28 Luật Công nghệ thông tin số 67/2006/QH11",
            "Điều 19 Thông tư số 32/2017/TT-BTTTT",
        ]
    );
}

/// Issue #21's rules and categories, as `portal-audit rules --format json`
/// lists them: each with the bases it rests on, on a date inside each
/// basis's window. `(rule, as_of, with the Trà Vinh profile, finding id or
/// "" for every finding, "document article-prefix")`.
#[test]
fn every_issue_21_item_is_listed_with_its_bases() {
    let cases: &[(&str, &str, bool, &str, &str)] = &[
        (
            "viewport-missing",
            "2026-11-28",
            false,
            "",
            "nd-224-2026 Điều 10 khoản 3 điểm a",
        ),
        (
            "viewport-missing",
            "2020-01-01",
            false,
            "",
            "tt-32-2017 Điều 17 khoản 1",
        ),
        ("emc-code-missing", "2026-11-28", false, "", "tt-22-2023 "),
        (
            "dnssec-missing",
            "2026-11-28",
            false,
            "",
            "tt-32-2017 Điều 15 khoản 4",
        ),
        (
            "component-site-unlinked",
            "2026-11-28",
            false,
            "",
            "luat-tctt-2016 Điều 19 khoản 4",
        ),
        (
            "component-site-unlinked",
            "2020-01-01",
            true,
            "",
            "qd-1526-2019-travinh Điều 2",
        ),
        (
            "national-portal-unlinked",
            "2026-11-28",
            false,
            "chinhphu",
            "nd-224-2026 Điều 11 khoản 3",
        ),
        (
            "editorial-email-missing",
            "2026-11-28",
            false,
            "",
            "luat-tctt-2016 Điều 19 khoản 1 điểm đ",
        ),
        (
            "procedure-fields-missing",
            "2026-11-28",
            false,
            "",
            "tt-32-2017 Điều 5",
        ),
        (
            "procedure-form-format-disallowed",
            "2026-11-28",
            false,
            "",
            "tt-32-2017 Điều 7",
        ),
        (
            "procedure-form-format-disallowed",
            "2020-01-01",
            false,
            "",
            "luat-cntt-2006 Điều 28 khoản 1 điểm b",
        ),
        (
            "upload-size-limit-missing",
            "2026-11-28",
            false,
            "",
            "tt-32-2017 Điều 7",
        ),
        (
            "advertising-present",
            "2026-11-28",
            true,
            "",
            "qd-1526-2019-travinh Điều 7",
        ),
        (
            "item-fields-missing",
            "2020-01-01",
            false,
            "statistics",
            "nd-43-2011 Điều 12",
        ),
        (
            "category-missing",
            "2026-11-28",
            false,
            "treaties",
            "luat-tctt-2016 Điều 19 khoản 1 điểm a",
        ),
        (
            "category-missing",
            "2023-01-01",
            false,
            "treaties",
            "nd-42-2022 Điều 4 khoản 1",
        ),
        (
            "category-missing",
            "2023-01-01",
            false,
            "national-legal-database",
            "nd-42-2022 Điều 4 khoản 1",
        ),
        (
            "category-missing",
            "2020-01-01",
            false,
            "waste-sources",
            "nd-43-2011 Điều 10 khoản 1 điểm đ",
        ),
        (
            "category-missing",
            "2020-01-01",
            false,
            "polluted-areas",
            "nd-43-2011 Điều 10 khoản 1 điểm đ",
        ),
        (
            "category-missing",
            "2020-01-01",
            false,
            "urban-planning",
            "nd-43-2011 Điều 10 khoản 1 điểm đ",
        ),
        (
            "category-missing",
            "2020-01-01",
            true,
            "science-results",
            "qd-1526-2019-travinh Điều 10 khoản 2 điểm g",
        ),
        (
            "category-missing",
            "2020-01-01",
            false,
            "petition-responses",
            "nd-43-2011 Điều 10 khoản 1 điểm c",
        ),
        (
            "category-missing",
            "2020-01-01",
            false,
            "commendation",
            "nd-43-2011 Điều 10 khoản 1 điểm c",
        ),
    ];
    let mut listings: BTreeMap<(String, bool), Listing> = BTreeMap::new();
    let mut missing = Vec::new();
    for (rule, as_of, profile, id, basis) in cases {
        let listing = listings
            .entry((as_of.to_string(), *profile))
            .or_insert_with(|| listing(as_of, *profile));
        let (document, article) = basis.split_once(' ').unwrap();
        let found = listing[*rule].iter().any(|(b, ids)| {
            b["document"] == *document
                && b["article"].as_str().unwrap().starts_with(article)
                && (id.is_empty() || ids.is_empty() || ids.iter().any(|i| i == id))
        });
        if !found {
            missing.push(format!("{rule} {as_of} {profile} {id}: {basis}"));
        }
    }
    assert!(missing.is_empty(), "not listed: {missing:#?}");
    // The provincial rule lists no basis without its profile: it does not run.
    assert!(listing("2026-11-28", false)["advertising-present"].is_empty());
}
