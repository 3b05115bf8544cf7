//! `portal-audit demo`: the embedded demo province is served on 127.0.0.1,
//! audited by the regular `audit` path, and gives exactly the seeded defects
//! listed in the snapshot `tests/integration/snapshots/demo/findings.snap`
//! (ports redacted), in every format. `cargo insta review` rewrites the list
//! after a deliberate change to the demo pages; review its diff like code.

use std::time::{Duration, Instant};

use crate::support::cli::{assert_valid_report, repo, run_for_report, run_in};

/// `rule | outcome | site | path | selector | line | target or category`,
/// ports redacted, sorted.
fn finding_lines(report: &serde_json::Value) -> Vec<String> {
    let port = regex::Regex::new(r":\d{2,5}/").unwrap();
    let path_of = |url: &str| -> String {
        let url = port.replace_all(url, "/").to_string();
        match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/".into(), |i| rest[i..].to_string()),
            None => url,
        }
    };
    let mut lines: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} | {} | {} | {} | {} | {} | {}",
                f["rule"].as_str().unwrap(),
                f["outcome"].as_str().unwrap(),
                f["site"].as_str().unwrap_or_default(),
                path_of(f["url"].as_str().unwrap_or_default()),
                f["selector"].as_str().unwrap_or("-"),
                f["line"].as_u64().map_or("-".into(), |l| l.to_string()),
                port.replace_all(
                    f["args"]["target"]
                        .as_str()
                        .or(f["args"]["id"].as_str())
                        .unwrap_or("-"),
                    "/"
                ),
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_demo_finds_exactly_its_seeded_defects_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let output = run_in(dir.path(), &["demo", "--out", "out"]);
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the demo has seeded errors, so its gate fails\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        elapsed < Duration::from_secs(30),
        "the demo audit took {elapsed:?}"
    );
    let out = dir.path().join("out");
    for file in [
        "report.json",
        "report.html",
        "report.sarif",
        "junit.xml",
        "findings.csv",
        "summary.md",
        "audit.sqlite",
        "demo/audit.toml",
        "demo/legal.toml",
        "demo/quy-che-tinh-mau.toml",
    ] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
    // A short summary, not the long listing: counts per family and the gate.
    for line in [
        "trang đã kiểm tra. Phát hiện theo nhóm (lỗi thật / cần kiểm tra thủ công):",
        "  a11y         2 / 96",
        "  content      7 / 10",
        "  links        6 / 0",
        "  privacy      1 / 0",
        "  standards   12 / 0",
        "  unicode      3 / 0",
        "15 mục trong danh sách cần kiểm tra thủ công (mỗi mẫu một lần cho mỗi trang thành phần).",
        "Điều kiện đạt (CI): KHÔNG ĐẠT (tỉnh mẫu có lỗi được cài sẵn)",
    ] {
        assert!(stdout.contains(line), "no `{line}` in:\n{stdout}");
    }
    assert!(stdout.lines().count() < 20, "{stdout}");
    let html = std::fs::canonicalize(out.join("report.html")).unwrap();
    assert!(
        stdout.contains(&format!("Mở báo cáo HTML: {}", html.display())),
        "{stdout}"
    );
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap(),
    );
    assert_valid_report(&report);
    assert_eq!(report["run"]["as_of"], "2026-11-28");
    let sites: Vec<&str> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sites, ["portal", "vpubnd", "sokhdt", "sotnmt", "binhan"]);
    // 106 cant_tell findings, 15 review items: each site's link texts once
    // (not once per page), the three roles of bodies that no longer exist in
    // 2026 (Sở KH&ĐT, Sở TN&MT, UBND huyện), the huyện's annual financial
    // report and every site's international treaties (Luật Tiếp cận thông
    // tin Điều 19.1.a: required only of an agency that has them), and the
    // advertising slot on Sở KH&ĐT's home page (the demo regulation's
    // Điều 7: a provincial rule, for a person to judge). The two form buttons
    // give both their colours, so their contrast is computed (and passes),
    // not left to review.
    let review: Vec<String> = report["review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {}",
                i["site"].as_str().unwrap(),
                i["rule"].as_str().unwrap(),
                i["count"],
                i["pages"]
            )
        })
        .collect();
    assert_eq!(
        review,
        [
            "binhan category-missing 1 1",
            "binhan category-missing 1 1",
            "binhan role-obsolete 1 1",
            "binhan link-text-generic 17 17",
            "portal category-missing 1 1",
            "portal link-text-generic 25 25",
            "sokhdt category-missing 1 1",
            "sokhdt role-obsolete 1 1",
            "sokhdt link-text-generic 18 18",
            "sokhdt advertising-present 1 1",
            "sotnmt category-missing 1 1",
            "sotnmt role-obsolete 1 1",
            "sotnmt link-text-generic 18 18",
            "vpubnd category-missing 1 1",
            "vpubnd link-text-generic 18 18",
        ]
    );
    // The HTML checklist: a row per item; a link-text item lists its distinct
    // texts (the portal's 25 pages repeat one navigation link: one text to
    // judge, with its count and one page), not 25 URLs.
    let html_path = out.join("report.html");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(html.matches("<tr class=\"review-row\"").count(), 15);
    let doc = scraper::Html::parse_document(&html);
    let texts = |site: &str| -> Vec<String> {
        let row = scraper::Selector::parse(&format!(
            "tr.review-row[data-site=\"{site}\"][data-rule=\"link-text-generic\"] table.texts tbody tr"
        ))
        .unwrap();
        doc.select(&row)
            .map(|r| {
                r.text()
                    .collect::<Vec<_>>()
                    .join(" | ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let portal = texts("portal");
    assert_eq!(portal.len(), 1, "{portal:?}");
    assert!(
        portal[0].starts_with("“Trang chủ” | 25 | http://tinhmau.gov.vn:"),
        "{portal:?}"
    );
    assert_eq!(texts("binhan").len(), 1);
    let where_lists =
        scraper::Selector::parse("tr.review-row[data-rule=\"link-text-generic\"] ul.where")
            .unwrap();
    assert_eq!(
        doc.select(&where_lists).count(),
        0,
        "URL lists instead of texts"
    );
    // The checklist is accessible itself: our own check of the report finds no
    // accessibility problem (its text quotes the seeded Unicode defects).
    let own = tempfile::tempdir().unwrap();
    let output = run_in(
        own.path(),
        &[
            "check",
            html_path.to_str().unwrap(),
            "--fail-on",
            "never",
            "--quiet",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let checked: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(
            &std::fs::read_to_string(own.path().join("audit-out/report.json")).unwrap(),
        )
        .unwrap(),
    );
    let a11y: Vec<&serde_json::Value> = checked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "a11y")
        .collect();
    assert!(a11y.is_empty(), "{a11y:#?}");
    // The fictional province's report cites its own regulation and national
    // law, never another province's, in any format.
    let documents: Vec<&str> = report["legal_documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(documents.contains(&"qc-tinhmau-demo"), "{documents:?}");
    // Rendered again from the audit's store, the report keeps its own
    // regulation: the store's settings name its ruleset file and profiles.
    let again = tempfile::tempdir().unwrap();
    let store = out.join("audit.sqlite");
    let rendered = run_for_report(
        again.path(),
        &["report", store.to_str().unwrap(), "--out", "out"],
        &again.path().join("out"),
    );
    assert_eq!(rendered["legal_documents"], report["legal_documents"]);
    assert_eq!(rendered["findings"], report["findings"]);
    for doc in report["legal_documents"].as_array().unwrap() {
        assert!(
            doc["province"].is_null() || doc["id"] == "qc-tinhmau-demo",
            "{doc}"
        );
    }
    for file in [
        "report.json",
        "report.html",
        "report.sarif",
        "findings.csv",
        "summary.md",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        for other in ["Trà Vinh", "1526/QĐ-UBND", "qd-1526", "774/QĐ-UBND"] {
            assert!(!text.contains(other), "{file} cites {other}");
        }
    }
    let broken = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "link-broken")
        .unwrap();
    let bases: Vec<String> = broken["legal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["citation"]["vi"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        bases,
        [
            "Điều 19 Thông tư số 32/2017/TT-BTTTT",
            "khoản 4 Điều 19 Luật Tiếp cận thông tin số 104/2016/QH13",
            "điểm a khoản 2 Điều 12 Nghị định số 224/2026/NĐ-CP",
            "Điều 6 Quy chế ban hành kèm theo Quyết định số 99/2026/QĐ-UBND ngày 1/7/2026 của UBND tỉnh Mẫu (hư cấu)",
        ]
    );

    // The pages behind the seeded broken links between the sites.
    let port = regex::Regex::new(r":\d{2,5}/").unwrap();
    let mut problems: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                port.replace_all(p["input"].as_str().unwrap(), "/"),
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    problems.sort();
    assert_eq!(
        problems,
        [
            "http://binhan.tinhmau.gov.vn/quy-hoach-su-dung-dat máy chủ trả về HTTP 404",
            "http://sokhdt.tinhmau.gov.vn/thu-tuc-dau-tu-cu máy chủ trả về HTTP 404",
            "http://tinhmau.gov.vn/van-ban-cu/quyet-dinh-2019 máy chủ trả về HTTP 404",
        ]
    );

    let expected = finding_lines(&report);
    let mut settings = crate::support::snapshot::settings("demo");
    settings.set_description(
        "The demo's findings: rule | outcome | site | path | selector | line | target or category. \
         Every `failed` line is a seeded defect; `link-text-generic` asks a person to judge each page's \
         link texts, `role-obsolete` \
         the roles of bodies that no longer exist on 2026-11-28, `category-missing` the huyện's annual \
         financial report and each site's international treaties (required only of an agency that has \
         them), `advertising-present` the advertising slot on Sở KH&ĐT's home page (the demo \
         regulation's Điều 7).",
    );
    settings.bind(|| insta::assert_snapshot!("findings", expected.join("\n")));

    // The other formats carry the same findings; SARIF, for code scanning,
    // only the failed ones (a review item is no alert).
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.sarif")).unwrap()).unwrap();
    let failed = expected
        .iter()
        .filter(|l| l.contains(" | failed | "))
        .count();
    assert!(failed > 0 && failed < expected.len());
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        failed
    );
    let csv = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    assert_eq!(csv.lines().count(), expected.len() + 1);
    // The HTML report names every rule that found something.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for line in &expected {
        let rule = line.split(" | ").next().unwrap();
        assert!(html.contains(rule), "report.html lacks {rule}");
    }

    // Every number the formats show is the one report.json holds.
    assert_formats_show_the_numbers_of_the_json(&out, &report, &stdout);

    // Resuming the finished audit from its store, from another folder, keeps
    // the configuration's ruleset and provincial profile (stored as absolute
    // paths): the same findings, the stale and missing categories included.
    let elsewhere = tempfile::tempdir().unwrap();
    let store = out.join("audit.sqlite");
    let resumed = run_in(
        elsewhere.path(),
        &[
            "audit",
            "--resume",
            "--store",
            store.to_str().unwrap(),
            "--out",
            "again",
            "--max-listed",
            "0",
        ],
    );
    assert_eq!(
        resumed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let again: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(
            &std::fs::read_to_string(elsewhere.path().join("again/report.json")).unwrap(),
        )
        .unwrap(),
    );
    pretty_assertions::assert_eq!(finding_lines(&again), expected);
    // The terminal summary of the resumed audit shows the numbers of its report.json.
    let c = &again["statistics"]["findings"];
    let line = format!(
        "{} trang, {} phát hiện: {} lỗi, {} cảnh báo, {} lưu ý; {} cần kiểm tra thủ công ({} mục trong danh sách kiểm tra).",
        again["counts"]["pages"],
        again["counts"]["findings"],
        c["errors"],
        c["warnings"],
        c["notices"],
        c["review"],
        again["review"].as_array().unwrap().len()
    );
    let terminal = String::from_utf8_lossy(&resumed.stdout);
    assert!(terminal.contains(&line), "no `{line}` in:\n{terminal}");
    assert_eq!(again["statistics"], report["statistics"]);
}

/// A number as the Vietnamese reports write it: a score with one decimal
/// after a comma, `—` for none.
fn score_text(score: &serde_json::Value) -> String {
    score["percent"]
        .as_f64()
        .map_or_else(|| "—".to_string(), |p| format!("{p:.1}").replace('.', ","))
}

/// The numbers of the demo's HTML dashboard, Markdown summary and terminal
/// summary are those of its report.json's `statistics` and `counts`, and
/// `statistics` agrees with the findings and outcomes themselves.
fn assert_formats_show_the_numbers_of_the_json(
    out: &std::path::Path,
    report: &serde_json::Value,
    stdout: &str,
) {
    let stats = &report["statistics"];
    let n = |v: &serde_json::Value| v.as_u64().unwrap();
    let findings = report["findings"].as_array().unwrap();
    // The JSON's own numbers agree with its findings.
    let failed = |f: &&serde_json::Value| f["outcome"] == "failed";
    for (key, severity) in [
        ("errors", "error"),
        ("warnings", "warning"),
        ("notices", "notice"),
    ] {
        let counted = findings
            .iter()
            .filter(failed)
            .filter(|f| f["severity"] == severity)
            .count() as u64;
        assert_eq!(n(&stats["findings"][key]), counted, "{key}");
    }
    let review = findings
        .iter()
        .filter(|f| f["outcome"] == "cant_tell")
        .count() as u64;
    assert_eq!(n(&stats["findings"]["review"]), review);
    assert!(n(&stats["score"]["applicable"]) > 0);

    // HTML: the dashboard's score, counts, families and per-site rows.
    let html =
        scraper::Html::parse_document(&std::fs::read_to_string(out.join("report.html")).unwrap());
    let select = |css: &str| -> Vec<String> {
        html.select(&scraper::Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };
    assert_eq!(select("#overall-score"), [score_text(&stats["score"])]);
    let c = &stats["findings"];
    let counts: Vec<String> = [
        &report["counts"]["pages"],
        &report["counts"]["findings"],
        &c["errors"],
        &c["warnings"],
        &c["notices"],
        &c["review"],
    ]
    .iter()
    .map(|v| v.to_string())
    .collect();
    assert_eq!(select("#dashboard table.counts tbody td"), counts);
    let families: Vec<String> = stats["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (n(&f["failed"]) + n(&f["review"])).to_string())
        .collect();
    assert_eq!(select("#dashboard table.families tbody td"), families);
    let mut html_sites = Vec::new();
    let mut md_sites = Vec::new();
    for (site, numbers) in report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .zip(stats["sites"].as_array().unwrap())
    {
        assert_eq!(site["id"], numbers["site"]);
        let c = &numbers["findings"];
        let cells = [
            site["pages"].to_string(),
            score_text(&numbers["score"]),
            c["errors"].to_string(),
            c["warnings"].to_string(),
            c["notices"].to_string(),
            c["review"].to_string(),
        ];
        html_sites.extend(cells.iter().cloned());
        md_sites.push(format!(
            "| {} | {} |",
            site["name"].as_str().unwrap(),
            cells.join(" | ")
        ));
    }
    assert_eq!(select("#dashboard table.site-scores tbody td"), html_sites);
    // Per site: the Unicode compliance line and the WCAG table's counts.
    let raw = std::fs::read_to_string(out.join("report.html")).unwrap();
    let mut unicode_sites = 0;
    let mut wcag_cells = Vec::new();
    for numbers in stats["sites"].as_array().unwrap() {
        if let Some(u) = numbers.get("unicode") {
            let line = format!(
                "<strong>{}/{}</strong> trang đạt chuẩn trên tổng số trang đã kiểm tra ({:.0} %).",
                u["compliant"],
                u["checked"],
                u["percent"].as_f64().unwrap()
            );
            assert!(raw.contains(&line), "no `{line}` in report.html");
            unicode_sites += 1;
        }
        for p in numbers["principles"].as_array().unwrap() {
            for c in p["criteria"].as_array().unwrap() {
                let o = &c["outcomes"];
                wcag_cells
                    .extend([&o["passed"], &o["failed"], &o["cant_tell"]].map(|v| v.to_string()));
            }
        }
    }
    assert_eq!(unicode_sites, 5);
    let shown: Vec<String> = html
        .select(&scraper::Selector::parse(".site table.criteria").unwrap())
        .filter(|t| {
            t.select(&scraper::Selector::parse("thead th").unwrap())
                .any(|th| th.text().collect::<String>() == "Nguyên tắc")
        })
        .flat_map(|t| {
            t.select(&scraper::Selector::parse("tbody tr").unwrap())
                .flat_map(|tr| {
                    let cells: Vec<String> = tr
                        .select(&scraper::Selector::parse("td").unwrap())
                        .map(|td| td.text().collect::<String>())
                        .collect();
                    cells[cells.len() - 3..].to_vec()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!wcag_cells.is_empty());
    assert_eq!(
        shown, wcag_cells,
        "the WCAG tables' passed / failed / review cells"
    );

    // The province table, first: one row per site with the numbers of
    // statistics.province, which agree with the site's own statistics.
    let province = stats["province"].as_array().unwrap();
    assert_eq!(province.len(), report["sites"].as_array().unwrap().len());
    let table_rows: Vec<Vec<String>> = html
        .select(&scraper::Selector::parse("#province-table tbody tr").unwrap())
        .map(|tr| {
            tr.select(&scraper::Selector::parse("td").unwrap())
                .map(|td| td.text().collect::<String>())
                .collect()
        })
        .collect();
    assert_eq!(table_rows.len(), province.len());
    assert!(raw.find("id=\"province-h\"").unwrap() < raw.find("id=\"dashboard-h\"").unwrap());
    for ((row, cells), numbers) in province
        .iter()
        .zip(&table_rows)
        .zip(stats["sites"].as_array().unwrap())
    {
        assert_eq!(row["site"], numbers["site"]);
        let f = &numbers["findings"];
        assert_eq!(
            n(&row["failed"]),
            n(&f["errors"]) + n(&f["warnings"]) + n(&f["notices"])
        );
        assert_eq!(n(&row["review"]), n(&f["review"]));
        let items = report["review"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["site"] == row["site"])
            .count() as u64;
        assert_eq!(n(&row["review_items"]), items);
        assert_eq!(cells[1], row["pages"].to_string());
        let m = &row["mandatory"];
        assert!(cells[2].starts_with(&format!("{}/{}", m["present"], m["required"])));
        let counts: Vec<String> = ["broken_links", "a11y_a", "a11y_aa", "failed"]
            .iter()
            .map(|k| row[*k].to_string())
            .collect();
        assert_eq!(cells[5..9], counts[..]);
        // The failed findings split by the strength of their bases.
        let strength = &row["strength"];
        assert_eq!(
            n(&strength["binding"]) + n(&strength["advisory"]),
            n(&row["failed"])
        );
        assert_eq!(cells[9], strength["binding"].to_string());
        assert_eq!(cells[10], strength["advisory"].to_string());
        assert_eq!(cells[11], row["review_items"].to_string());
        let scores: Vec<String> = row["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| score_text(&s["score"]))
            .collect();
        assert_eq!(cells[12..], scores[..]);
    }
    let csv = std::fs::read_to_string(out.join("province.csv")).unwrap();
    assert_eq!(csv.lines().count(), province.len() + 1);

    // Markdown: the overall line and one row per site.
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let overall = format!(
        "Điểm chung **{}**/100 · {} trang · {} phát hiện",
        score_text(&stats["score"]),
        report["counts"]["pages"],
        report["counts"]["findings"]
    );
    assert!(md.contains(&overall), "no `{overall}` in:\n{md}");
    assert!(md.contains("Tổng hợp toàn tỉnh"));
    for row in &md_sites {
        assert!(md.contains(row.as_str()), "no `{row}` in:\n{md}");
    }

    // The demo's terminal lines: failed / review findings per family.
    for f in stats["families"].as_array().unwrap() {
        let (failed, review) = (n(&f["failed"]), n(&f["review"]));
        if failed + review > 0 {
            let line = format!(
                "  {:<10} {failed:>3} / {review}",
                f["family"].as_str().unwrap()
            );
            assert!(stdout.contains(&line), "no `{line}` in:\n{stdout}");
        }
    }
}

#[test]
fn init_writes_a_template_that_parses_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["init", "--province", "Tỉnh \"Vĩnh\" Long"]);
    assert_eq!(output.status.code(), Some(0));
    let path = dir.path().join("audit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let config = portal_audit::config::Config::parse(&text).unwrap();
    assert_eq!(config.province.unwrap().name, "Tỉnh \"Vĩnh\" Long");
    assert_eq!(config.sites.len(), 1);
    assert_eq!(config.sites[0].role.as_deref(), Some("portal"));

    std::fs::write(&path, "# mine\n").unwrap();
    let again = run_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("audit.toml đã có: thêm --force để ghi đè"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
    let forced = run_in(dir.path(), &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("name = \"Tên tỉnh hoặc cơ quan\"")
    );
}

#[test]
fn init_example_travinh_names_the_regulations_sites_with_known_roles_and_marks_guessed_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(
        dir.path(),
        &["init", "--example", "travinh", "--output", "tv.toml"],
    );
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("tv.toml")).unwrap();
    let config = portal_audit::config::Config::parse(&text).unwrap();
    assert_eq!(config.profiles, ["qd-1526-2019-travinh"]);
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    assert!(ruleset.content.profile("qd-1526-2019-travinh").is_some());
    let roles: Vec<(&str, &str)> = config
        .sites
        .iter()
        .map(|s| (s.id.as_deref().unwrap(), s.role.as_deref().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [
            ("portal", "portal"),
            ("vpubnd", "vpubnd"),
            ("sotttt", "so-tttt"),
            ("sotnmt", "so-tnmt"),
            ("sotp", "so-tp"),
            ("sokhdt", "so-khdt"),
            ("sotc", "so-tc"),
            ("soxd", "so-xd"),
            ("sokhcn", "so-khcn"),
            ("sovhttdl", "so-vhttdl"),
            ("bqlkkt", "bqlkkt"),
            ("cucthue", "cuc-thue"),
            ("cucthongke", "cuc-thong-ke"),
            ("tptravinh", "ubnd-huyen"),
            ("txduyenhai", "ubnd-huyen"),
            ("canglong", "ubnd-huyen"),
            ("cauke", "ubnd-huyen"),
            ("tieucan", "ubnd-huyen"),
            ("chauthanh", "ubnd-huyen"),
            ("caungang", "ubnd-huyen"),
            ("tracu", "ubnd-huyen"),
            ("duyenhai", "ubnd-huyen"),
        ]
    );
    for (_, role) in &roles {
        assert!(ruleset.content.role(role).is_some(), "unknown role {role}");
    }
    // Only the portal's host is in the regulation; every other root is marked.
    for line in text.lines().filter(|l| l.starts_with("root = ")) {
        assert_eq!(
            line.contains("XÁC NHẬN / CONFIRM"),
            !line.contains("https://travinh.gov.vn/"),
            "{line}"
        );
    }
}

#[test]
fn the_readme_gives_the_two_commands_exactly_and_ci_runs_the_test_command() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    for command in ["cargo run --release -- demo", "cargo test --locked"] {
        assert!(
            readme.contains(&format!("```sh\n{command}\n```")),
            "README lacks `{command}` in a block of its own"
        );
    }
    assert!(readme.contains("](docs/img/demo-report.png)"));
    assert!(repo("docs/img/demo-report.png").is_file());
    let ci = std::fs::read_to_string(repo(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "cargo test --locked"));
}

#[test]
fn the_usual_mistakes_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("out");
    let cases: [(&[&str], i32, &str); 4] = [
        (
            &["audit", "travinh.gov.vn"],
            2,
            "portal-audit: `travinh.gov.vn` thiếu giao thức: hãy viết https://travinh.gov.vn (hoặc http:// với trang chưa có HTTPS)\n",
        ),
        (
            &["audit", "--config", "khong-co.toml"],
            2,
            "  Kiểm tra đường dẫn khong-co.toml (tệp cấu hình mới: `portal-audit init`).\n",
        ),
        (
            &["check", "page.html", "--rule", "img-alt-mising"],
            2,
            "portal-audit: không có quy tắc mã `img-alt-mising`; lệnh `portal-audit rules` liệt kê các mã\n",
        ),
        (
            &["check", "page.html", "--out", out.to_str().unwrap()],
            3,
            "  Chọn một thư mục ghi được bằng --out DIR.\n",
        ),
    ];
    std::fs::write(
        dir.path().join("page.html"),
        "<!DOCTYPE html><html lang=\"vi\"><title>Trang</title><p>Chào</p></html>",
    )
    .unwrap();
    for (args, code, line) in cases {
        let output = run_in(dir.path(), args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(line), "{args:?}: {stderr}");
        // Each cause is said once.
        assert!(stderr.matches("os error").count() <= 1, "{stderr}");
    }
}

#[test]
fn every_subcommand_help_has_examples() {
    for command in [
        "check", "audit", "demo", "init", "rules", "report", "diff", "baseline", "convert",
    ] {
        for (lang, heading) in [("vi", "Ví dụ:\n"), ("en", "Examples:\n")] {
            let output = run_in(&repo("."), &[command, "--help", "--lang", lang]);
            assert_eq!(output.status.code(), Some(0), "{command}");
            let help = String::from_utf8_lossy(&output.stdout);
            let examples = help.split_once(heading).map_or("", |(_, e)| e);
            assert!(
                examples
                    .lines()
                    .any(|l| l.starts_with("  ") && l.contains(&format!(" {command}"))),
                "{command} --help --lang {lang} has no examples:\n{help}"
            );
        }
    }
}
