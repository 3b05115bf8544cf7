//! The report a Sở hands to the province (issue 16): the province table first,
//! honest site status (unreachable, capped, interrupted) in every format, the
//! family scores, `province.csv`, `--resume` writing where the audit was asked
//! to, roles checked with a suggestion.

use std::path::Path;
use std::time::Duration;

use crate::crawl::{chain_site, interrupted_audit};
use crate::support::cli::{assert_valid_report, audit_config, run_in};
use crate::support::server::{Server, page};

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A site of `n` pages all linked from the home page; no mandatory category anywhere.
fn wide_site(n: usize) -> Server {
    let links: String = (1..=n)
        .map(|i| format!("<li><a href=\"/bai-{i}\">Bài viết số {i}</a></li>"))
        .collect();
    let server = Server::start(vec![]);
    server.route(
        "/",
        page("Trang chủ", &format!("<main><ul>{links}</ul></main>")),
    );
    for i in 1..=n {
        server.route(
            &format!("/bai-{i}"),
            page(&format!("Bài {i}"), "<main><p>Nội dung.</p></main>"),
        );
    }
    server
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn site<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no site {id}"))
}

fn row<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["statistics"]["province"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == id)
        .unwrap_or_else(|| panic!("no province row {id}"))
}

#[test]
fn unreachable_and_capped_sites_are_said_not_blamed() {
    let capped = wide_site(6);
    let down = closed_port();
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "as_of = \"2026-12-01\"\n\n[province]\nname = \"Tỉnh Thử Nghiệm\"\n\n\
         [[site]]\nid = \"so-a\"\nname = \"Sở A\"\nroot = \"{}\"\nrole = \"so-khdt\"\n\n\
         [[site]]\nid = \"so-b\"\nname = \"Sở B\"\nroot = \"http://127.0.0.1:{down}/\"\nrole = \"so-khdt\"\n\n\
         [limits]\npages_per_site = 2\ndelay_secs = 0\nretries = 0\n\n[crawl]\nsitemaps = false\n\n\
         [report]\nformats = [\"json\", \"html\", \"csv\", \"md\"]\n",
        capped.url("/")
    );
    let (code, report) = audit_config(dir.path(), &config, &[], &[]);
    assert_eq!(code, 0);
    let out = dir.path().join("out");
    // What the status changes (cant_tell findings, site outcomes, checklist
    // items) is the same streamed from the store.
    crate::stream::assert_streams_identically(&out.join("audit.sqlite"));

    // The unreachable site: its status with the reason and time, no score,
    // its content findings cant_tell with the reason, no "missing" category.
    let b = site(&report, "so-b");
    assert_eq!(b["pages"], 0);
    assert_eq!(b["status"]["state"], "unreachable");
    assert_eq!(b["status"]["reason"], "refused");
    assert!(b["status"]["at"].as_str().unwrap().starts_with("20"));
    let b_findings: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["site"] == "so-b" && f["family"] == "content")
        .collect();
    assert!(!b_findings.is_empty());
    for f in &b_findings {
        assert_eq!(f["outcome"], "cant_tell", "{f}");
        assert_eq!(
            f["message"]["vi"],
            "Không kiểm tra được vì trang không truy cập được"
        );
    }
    // One review item per rule on the unreachable site, not one per category.
    let b_rules: std::collections::BTreeSet<&str> = b_findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    let b_review: Vec<&serde_json::Value> = report["review"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["site"] == "so-b")
        .collect();
    assert_eq!(b_review.len(), b_rules.len());
    let b_items = b["checklist"]["items"].as_array().unwrap();
    assert!(!b_items.is_empty());
    assert!(b_items.iter().all(|i| i["status"] == "cant_tell"));
    let b_stats = report["statistics"]["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "so-b")
        .unwrap();
    assert_eq!(b_stats["score"]["percent"], serde_json::Value::Null);
    let b_row = row(&report, "so-b");
    assert_eq!(b_row["status"]["state"], "unreachable");
    assert_eq!(b_row["mandatory"]["present"], 0);
    assert_eq!(b_row["mandatory"]["missing"].as_array().unwrap().len(), 0);
    assert!(
        b_row["scores"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["score"]["percent"].is_null())
    );

    // The capped site: the limit and what is left, categories not found are
    // cant_tell (not missing), its scores are there.
    let a = site(&report, "so-a");
    assert_eq!(a["pages"], 2);
    assert_eq!(a["status"]["state"], "capped");
    assert_eq!(a["status"]["limit"], 2);
    let left = a["status"]["left"].as_u64().unwrap();
    assert!(left >= 4, "left {left}");
    let items = a["checklist"]["items"].as_array().unwrap();
    let required = items.len();
    assert!(items.iter().all(|i| i["status"] != "missing"));
    let missing: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["site"] == "so-a" && f["rule"] == "category-missing")
        .collect();
    assert!(!missing.is_empty());
    for f in &missing {
        assert_eq!(f["outcome"], "cant_tell");
        assert!(
            f["message"]["vi"].as_str().unwrap().contains(&format!(
                "đã đạt giới hạn 2 trang, còn {left} địa chỉ chưa kiểm tra"
            )),
            "{f}"
        );
    }
    let a_row = row(&report, "so-a");
    assert_eq!(a_row["pages"], 2);
    assert_eq!(a_row["mandatory"]["required"], required);
    let a11y = &a_row["scores"][0];
    assert_eq!(a11y["family"], "a11y");
    assert!(a11y["score"]["percent"].is_number());

    // HTML: the province table first, titled with the province and year; the statuses.
    let html = read(&out, "report.html");
    assert!(html.contains(
        "<h1>Báo cáo đánh giá Cổng thông tin điện tử và các trang thông tin điện tử thành phần tỉnh Thử Nghiệm năm 2026</h1>"
    ));
    let table = html.find("id=\"province-h\">Tổng hợp toàn tỉnh").unwrap();
    assert!(table < html.find("id=\"dashboard-h\"").unwrap());
    assert!(html.contains("Không truy cập được (từ chối kết nối, lúc "));
    assert!(html.contains(&format!(
        "Đã đạt giới hạn 2 trang, còn {left} địa chỉ chưa kiểm tra"
    )));
    assert!(!html.contains("id=\"interrupted\""));
    // Sở A's block splits its failed findings by the strength of their bases.
    let a_row = row(&report, "so-a");
    let strength = &a_row["strength"];
    assert!(a_row["failed"].as_u64().unwrap() > 0);
    assert!(html.contains(&format!(
        "<p class=\"strength\">Trong {} phát hiện không đạt: {} trái điều khoản bắt buộc, {} chỉ trái khuyến nghị.</p>",
        a_row["failed"], strength["binding"], strength["advisory"]
    )));

    // province.csv: one row per site, in Vietnamese, the unreachable one without scores.
    let csv = read(&out, "province.csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with(
        "Trang thành phần,Địa chỉ,Tình trạng,Số trang đã kiểm tra,Thông tin bắt buộc,"
    ));
    assert!(lines[1].starts_with(&format!("Sở A,{},", capped.url("/"))));
    assert!(
        lines[1].contains(&format!(",2,0/{required},")),
        "{}",
        lines[1]
    );
    assert!(
        lines[0].contains(",Phát hiện không đạt,Không đạt: căn cứ bắt buộc,Không đạt: chỉ khuyến nghị,Mục cần kiểm tra thủ công,"),
        "{}",
        lines[0]
    );
    assert!(lines[2].starts_with("Sở B,"));
    assert!(lines[2].ends_with(",—,—,—,—,—,—"), "{}", lines[2]);

    // `report` again: province.xlsx holds the same table (counts and scores
    // as numbers), and the terminal shows it, one line per site.
    let output = run_in(
        dir.path(),
        &[
            "report",
            "out/report.json",
            "--format",
            "xlsx",
            "--out",
            "sheet",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let terminal: Vec<&str> = stdout.lines().collect();
    let at = terminal
        .iter()
        .position(|l| *l == "Tổng hợp toàn tỉnh")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        terminal[at + 1].starts_with("Trang thành phần  Tình trạng"),
        "{stdout}"
    );
    assert!(terminal[at + 1].ends_with("Điểm theo nhóm"), "{stdout}");
    assert!(terminal[at + 3].starts_with("Sở A "), "{stdout}");
    assert!(terminal[at + 4].starts_with("Sở B "), "{stdout}");
    assert!(
        terminal[at + 4].contains("Không truy cập được (từ chối kết nối, lúc "),
        "{stdout}"
    );
    assert!(
        terminal[at + 4].ends_with("— / — / — / — / — / —"),
        "{stdout}"
    );
    assert!(terminal[at + 5].starts_with("Điểm theo nhóm, lần lượt: Hỗ trợ người khuyết tật / "));
    let cells = xlsx_sheet(&dir.path().join("sheet/province.xlsx"));
    assert_eq!(
        cells["A1"],
        "Báo cáo đánh giá Cổng thông tin điện tử và các trang thông tin điện tử thành phần tỉnh Thử Nghiệm năm 2026"
    );
    assert_eq!(cells["A3"], "Trang thành phần");
    assert_eq!(cells["A4"], "Sở A");
    assert_eq!(cells["A5"], "Sở B");
    assert_eq!(cells["B4"], capped.url("/"));
    // Pages audited: a number (2 for the capped site, 0 for the unreachable one).
    assert_eq!(cells["D4"], "n:2");
    assert_eq!(cells["D5"], "n:0");
    // The first family score: a number for Sở A, "—" for Sở B.
    let first_score = (b'A' + 15) as char;
    assert!(
        cells[&format!("{first_score}4")].starts_with("n:"),
        "{cells:?}"
    );
    assert_eq!(cells[&format!("{first_score}5")], "—");

    // Markdown: the same table.
    let md = read(&out, "summary.md");
    assert!(md.contains("Tổng hợp toàn tỉnh"));
    assert!(md.contains("| Sở B | Không truy cập được (từ chối kết nối, lúc "));

    // The trend against last year's report, in which so-a's first category
    // was present and the province scored 50 in accessibility.
    let mut old = report.clone();
    let a_index = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == "so-a")
        .unwrap();
    old["sites"][a_index]["checklist"]["items"][0]["status"] = "present".into();
    old["statistics"]["family_scores"][0]["score"]["percent"] = 50.0.into();
    std::fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    let output = run_in(
        dir.path(),
        &[
            "report",
            "out/report.json",
            "--previous",
            "old.json",
            "--format",
            "html,md",
            "--out",
            "trend",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let category = items[0]["name"]["vi"].as_str().unwrap();
    let a11y_now = {
        let p = report["statistics"]["family_scores"][0]["score"]["percent"]
            .as_f64()
            .unwrap();
        format!("{p:.1}").replace('.', ",")
    };
    let html = read(&dir.path().join("trend"), "report.html");
    assert!(html.contains(&format!(
        "<tr><th scope=\"row\">Hỗ trợ người khuyết tật</th><td>50,0</td><td>{a11y_now}</td></tr>"
    )));
    assert!(html.contains(&format!(
        "<tr><td>Sở A</td><th scope=\"row\">{category}</th><td>Có</td><td>Không kiểm tra được</td></tr>"
    )));
    let md = read(&dir.path().join("trend"), "summary.md");
    assert!(md.contains(&format!("| Hỗ trợ người khuyết tật | 50,0 | {a11y_now} |")));
    assert!(md.contains(&format!("| Sở A | {category} | Có | Không kiểm tra được |")));
    assert!(md.contains("Phát hiện không đạt so với lần trước (không tính mục cần kiểm tra thủ công): 0 mới · 0 đã sửa · "));
}

#[test]
fn an_interrupted_audit_says_so_and_resumes_into_its_own_folder() {
    let server = chain_site(30, Duration::from_millis(80));
    let dir = tempfile::tempdir().unwrap();
    let output = interrupted_audit(
        dir.path(),
        &[
            "audit",
            &server.url("/"),
            "--out",
            "nam-2026",
            "--quiet",
            "--delay",
            "0",
            "--depth",
            "100",
        ],
        "nam-2026/audit.sqlite",
    );
    assert_eq!(output.status.code(), Some(3));
    let out = dir.path().join("nam-2026");
    // Default formats: json and html; the HTML says it is incomplete.
    let html = read(&out, "report.html");
    assert!(
        html.contains("id=\"interrupted\" role=\"alert\"><strong>Chưa hoàn tất: cuộc kiểm tra đã bị dừng giữa chừng"),
        "no banner"
    );
    // Resumed with only --store: the reports go to nam-2026 again, not ./audit-out.
    let resumed = run_in(
        dir.path(),
        &[
            "audit",
            "--resume",
            "--store",
            "nam-2026/audit.sqlite",
            "--quiet",
        ],
    );
    assert_eq!(
        resumed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    assert!(!dir.path().join("audit-out").exists());
    let report: serde_json::Value =
        crate::support::cli::restored(serde_json::from_str(&read(&out, "report.json")).unwrap());
    assert_valid_report(&report);
    assert_eq!(report["crawl"]["complete"], true);
    assert_eq!(report["pages"].as_array().unwrap().len(), 30);
    assert!(!read(&out, "report.html").contains("id=\"interrupted\""));
}

#[test]
fn an_unknown_role_is_a_usage_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("audit.toml"),
        "[[site]]\nroot = \"http://127.0.0.1:9/\"\nrole = \"van-phong-ubnd\"\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["audit", "--config", "audit.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("không có vai trò `van-phong-ubnd`"),
        "{stderr}"
    );
    assert!(stderr.contains("có phải ý bạn là `vpubnd`?"), "{stderr}");
    let output = run_in(
        dir.path(),
        &["--lang", "en", "check", "--role", "so-khdtt", "."],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `so-khdt`?"));
}

/// The demo's report printed to PDF by headless Chromium: a cover, the
/// province table, a page per site (failures only) and a short annex — at
/// most [`PRINTED_PAGES`] A4 pages for 5 sites, numbered "Trang N/M".
#[test]
fn the_demo_prints_to_a_short_signed_report() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["demo", "--out", "out", "--quiet"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let html = dir.path().join("out/report.html");
    let text = read(&dir.path().join("out"), "report.html");
    // Each site starts a page; the page boxes carry "Trang N/M".
    assert!(text.contains(".site { break-before: page; }"));
    assert!(text.contains("content: \"Trang \" counter(page) \"/\" counter(pages)"));
    let pdf = dir.path().join("report.pdf");
    crate::reports::run_chromium(
        url::Url::from_file_path(&html).unwrap().as_str(),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages = doc.get_pages().len();
    assert!(
        (8..=PRINTED_PAGES).contains(&pages),
        "the demo prints to {pages} pages"
    );
    // In the PDF itself: Chromium names a destination for each anchor the
    // report links to (page, and y from the bottom). Every site block starts at
    // the top of a page of its own, after the province table's.
    let starts = destinations(&doc);
    let top: f32 = 841.0 - 15.0 / 25.4 * 72.0; // A4 height less the top margin, in points
    let (province, _) = starts["province"];
    let mut previous = province;
    for i in 0..5 {
        let (page, y) = starts[format!("site-{i}").as_str()];
        assert!(
            page > previous,
            "site {i} on page {page}, after page {previous}"
        );
        assert!(
            y >= top,
            "site {i} starts {y} pt from the bottom of page {page}, not at the top"
        );
        previous = page;
    }
    let (annex, y) = starts["rules"];
    assert!(annex > previous && y >= top, "the annex starts a page");
}

/// The demo's printed pages at most: a cover, the province table, a page per
/// site (5) and the annex, checklist and bibliography. It printed to 92 pages
/// before issue 16, then 17; with the tightened print it measured 12 (headless
/// Chromium 148 on Debian 12, A4), then 13 once issue 21 added six review
/// items (each site's treaties, the advertising slot) to the checklist, then
/// 14 once issue 17 showed quoted legacy and decomposed evidence as code
/// points (`Th\u{AB}ng`, so the report passes its own check) and let long
/// words wrap anywhere for reflow at 320 px (measured: either alone already
/// makes it 14): the figure in the README.
const PRINTED_PAGES: usize = 14;

/// The PDF's named destinations (the catalog's `/Dests`): name → (page
/// number from 1, y of the destination in points from the page's bottom).
fn destinations(doc: &lopdf::Document) -> std::collections::BTreeMap<String, (u32, f32)> {
    let number: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let dests = doc.catalog().unwrap().get(b"Dests").unwrap();
    let (_, dests) = doc.dereference(dests).unwrap();
    dests
        .as_dict()
        .unwrap()
        .iter()
        .map(|(name, dest)| {
            let (_, dest) = doc.dereference(dest).unwrap();
            let dest = dest.as_array().unwrap();
            let page = number[&dest[0].as_reference().unwrap()];
            let y = dest[3].as_float().unwrap();
            (String::from_utf8_lossy(name).into_owned(), (page, y))
        })
        .collect()
}

/// Decisions on review items, merged by `report --review-decisions`, are in
/// report.json and the HTML; a decision for an unknown item is said, not fatal.
#[test]
fn review_decisions_are_merged_into_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::support::cli::root();
    let out = dir.path().join("out");
    let output = run_in(
        &root,
        &[
            "check",
            "fixtures/sites/review",
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.code().is_some(), "{output:?}");
    let report: serde_json::Value =
        crate::support::cli::restored(serde_json::from_str(&read(&out, "report.json")).unwrap());
    let items = report["review"].as_array().unwrap();
    assert!(items.len() >= 2);
    let (first, second) = (
        items[0]["id"].as_str().unwrap(),
        items[1]["id"].as_str().unwrap(),
    );
    let decisions = serde_json::json!({"decisions": [
        {"id": first, "verdict": "passed", "note": "Đã xem: chữ liên kết rõ nghĩa"},
        {"id": second, "verdict": "failed"},
        {"id": "khong-co", "verdict": "passed"},
    ]});
    std::fs::write(dir.path().join("decisions.json"), decisions.to_string()).unwrap();
    let merged = dir.path().join("merged");
    let output = run_in(
        dir.path(),
        &[
            "report",
            out.join("report.json").to_str().unwrap(),
            "--review-decisions",
            "decisions.json",
            "--format",
            "json,html",
            "--out",
            "merged",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("`khong-co`"));
    let again: serde_json::Value =
        crate::support::cli::restored(serde_json::from_str(&read(&merged, "report.json")).unwrap());
    assert_valid_report(&again);
    assert_eq!(
        again["review"][0]["decision"],
        serde_json::json!({"verdict": "passed", "note": "Đã xem: chữ liên kết rõ nghĩa"})
    );
    assert_eq!(
        again["review"][1]["decision"],
        serde_json::json!({"verdict": "failed"})
    );
    assert!(again["review"][2].get("decision").is_none());
    let html = read(&merged, "report.html");
    // The decisions are the checklist's ticked controls (and the note, printed too).
    assert!(html.contains(&format!("id=\"passed-{first}\" value=\"passed\" checked>")));
    assert!(html.contains(&format!("id=\"failed-{second}\" value=\"failed\" checked>")));
    assert!(html.contains(&format!("<textarea id=\"note-{first}\" name=\"note-{first}\" rows=\"2\">Đã xem: chữ liên kết rõ nghĩa</textarea><span class=\"note-print\" aria-hidden=\"true\">Đã xem: chữ liên kết rõ nghĩa</span>")));
    assert!(html.contains(&format!(
        "<tr class=\"review-row\" id=\"review-{first}\" data-review-id=\"{first}\""
    )));
}

/// An `.xlsx` file's first sheet, its cells by reference (`A1`): a string
/// cell as its text, a number as `n:` and the number.
fn xlsx_sheet(path: &Path) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let shared = part("xl/sharedStrings.xml");
    let sheet = part("xl/worksheets/sheet1.xml");
    let shared = roxmltree::Document::parse(&shared).unwrap();
    let strings: Vec<String> = shared
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    sheet
        .descendants()
        .filter(|n| n.has_tag_name("c"))
        .map(|c| {
            let value = c
                .children()
                .find(|n| n.has_tag_name("v"))
                .and_then(|v| v.text())
                .unwrap_or_default();
            let text = if c.attribute("t") == Some("s") {
                strings[value.parse::<usize>().unwrap()].clone()
            } else {
                format!("n:{value}")
            };
            (c.attribute("r").unwrap().to_string(), text)
        })
        .collect()
}
