//! Linked documents and feeds (Thông tư 39/2017 items 3.4–3.7 and 3.17): a
//! fixture page links real PDFs made here with lopdf (text, scan, untitled,
//! corrupt), an archive, a legacy Office file, an ODT, a missing file, and
//! two feeds; `check` reads the local files and the site rules report
//! exactly the expected findings.

use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use pretty_assertions::assert_eq;

use crate::support::cli::{repo, run_for_report, run_in};
use crate::support::server::{Reply, Server, page};

/// A one-page PDF; `text` draws a line of text, otherwise only a filled
/// rectangle (a scan-like page); `title` and `tagged` set the metadata.
fn pdf(text: Option<&str>, title: Option<&str>, tagged: bool) -> Vec<u8> {
    pdf_with(text.map(|t| t.as_bytes().to_vec()), title, tagged)
}

/// [`pdf`] with the text as bytes in the font's encoding (WinAnsi).
fn pdf_with(text: Option<Vec<u8>>, title: Option<&str>, tagged: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" },
    );
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let operations = match text {
        Some(text) => vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
        None => vec![
            Operation::new("re", vec![72.into(), 72.into(), 400.into(), 600.into()]),
            Operation::new("f", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        Content { operations }.encode().unwrap(),
    ));
    let page_id = doc.add_object(
        dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content_id },
    );
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    if tagged {
        let tree = doc.add_object(dictionary! { "Type" => "StructTreeRoot" });
        catalog.set("StructTreeRoot", tree);
        catalog.set("MarkInfo", dictionary! { "Marked" => true });
    }
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    if let Some(title) = title {
        let info = doc.add_object(dictionary! { "Title" => Object::string_literal(title) });
        doc.trailer.set("Info", info);
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs `check site --fail-on never` in `dir`; returns the (valid) report.
fn check_site(dir: &Path) -> serde_json::Value {
    run_for_report(
        dir,
        &["check", "site", "--out", "out", "--fail-on", "never"],
        &dir.join("out"),
    )
}

fn standards(report: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "standards")
}

#[test]
fn linked_documents_and_feeds_give_exactly_the_expected_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::copy(
        repo("fixtures/sites/documents/index.html"),
        site.join("index.html"),
    )
    .unwrap();
    let body = "Quyet dinh ban hanh Quy che hoat dong Cong thong tin dien tu tinh";
    write(
        &site,
        "van-ban/qd-ban-hanh-quy-che.pdf",
        &pdf(Some(body), Some("Quyết định ban hành Quy chế"), true),
    );
    write(
        &site,
        "van-ban/cong-van-quet.pdf",
        &pdf(None, Some("Công văn"), false),
    );
    write(
        &site,
        "van-ban/ke-hoach-khong-tieu-de.pdf",
        &pdf(Some(body), None, false),
    );
    write(
        &site,
        "van-ban/hong.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref",
    );
    write(
        &site,
        "van-ban/ho-so-mau.rar",
        b"Rar!\x1a\x07\x00\x00\x00\x00",
    );
    write(
        &site,
        "bieu-mau/to-khai.doc",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
    );
    write(
        &site,
        "bieu-mau/to-khai.odt",
        b"PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
    );
    write(
        &site,
        "rss/tin-tuc.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Tin tức</title><link>https://sotnmt.example.gov.vn/</link><description>Tin mới</description><item><title>Hội nghị</title><link>https://sotnmt.example.gov.vn/tin/1</link><pubDate>Mon, 02 Nov 2026 08:00:00 +0700</pubDate></item>\n<item><title>Đã xoá</title><link>../tin/da-xoa.html</link><pubDate>Tue, 03 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>".as_bytes(),
    );
    write(
        &site,
        "rss/thong-bao.xml",
        b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss version=\"2.0\"><channel><title>Th\xf4ng b\xe1o</title></channel></rss>",
    );

    let report = check_site(tmp.path());
    let mut got: Vec<(String, String, u64, String)> = standards(&report)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["selector"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["args"]["document"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    got.sort();
    let li = |n: usize| format!("html > body > ul > li:nth-of-type({n}) > a");
    let mut want = vec![
        (
            "pdf-text-layer-missing".to_string(),
            li(2),
            13,
            "site/van-ban/cong-van-quet.pdf".to_string(),
        ),
        (
            "pdf-title-missing".to_string(),
            li(3),
            14,
            "/van-ban/ke-hoach-khong-tieu-de.pdf".to_string(),
        ),
        (
            "pdf-untagged".to_string(),
            li(3),
            14,
            "/van-ban/ke-hoach-khong-tieu-de.pdf".to_string(),
        ),
        (
            "document-corrupt".to_string(),
            li(4),
            15,
            "site/van-ban/hong.pdf".to_string(),
        ),
        (
            "document-format-disallowed".to_string(),
            li(5),
            16,
            "site/van-ban/ho-so-mau.rar".to_string(),
        ),
        (
            "document-format-legacy".to_string(),
            li(6),
            17,
            "site/bieu-mau/to-khai.doc".to_string(),
        ),
        (
            "feed-invalid".to_string(),
            "html > head > link:nth-of-type(2)".to_string(),
            7,
            "site/rss/thong-bao.xml".to_string(),
        ),
    ];
    want.sort();
    assert_eq!(got, want);

    // The missing file is a broken local link (links family), not a document
    // finding; so is the feed item pointing to a missing page, on the feed.
    let broken: Vec<(String, String, String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "links")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["url"].as_str().unwrap().to_string(),
                f["selector"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        broken,
        vec![
            (
                "link-broken".to_string(),
                "site/index.html".to_string(),
                li(8),
                19
            ),
            (
                "link-broken".to_string(),
                "site/rss/tin-tuc.xml".to_string(),
                "rss > channel > item:nth-of-type(2) > link".to_string(),
                2
            ),
        ]
    );

    let find = |rule: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()
            .clone()
    };
    let feed = find("feed-invalid");
    assert_eq!(
        feed["args"]["problems"],
        "XML: not UTF-8: invalid utf-8 sequence of 1 bytes from index 82; encoding windows-1258"
    );
    assert_eq!(feed["url"], "site/index.html");
    assert_eq!(
        find("document-format-disallowed")["message"]["vi"],
        "Tài liệu site/van-ban/ho-so-mau.rar (\"Hồ sơ mẫu\") là tệp .rar, không thuộc danh mục định dạng tiêu chuẩn."
    );
    assert!(
        find("document-corrupt")["args"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("not a readable PDF")
    );
    // The good PDF is linked twice (the second link has a fragment) and passes everything.
    let outcomes = &report["sites"][0]["outcomes"];
    for rule in [
        "pdf-text-layer-missing",
        "pdf-title-missing",
        "pdf-untagged",
        "document-corrupt",
        "feed-invalid",
    ] {
        assert_eq!(outcomes[rule], "failed", "{rule}");
    }
}

#[test]
fn a_document_whose_link_is_percent_encoded_is_found_and_analysed() {
    // Vietnamese file names are linked percent-encoded: `Quyết định số 1.doc`.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(
        &site,
        "index.html",
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Văn bản</title></head>\n\
         <body><main><h1>Văn bản</h1>\n\
         <a href=\"van-ban/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%201.doc\">Quyết định số 1</a>\n\
         </main></body></html>\n"
            .as_bytes(),
    );
    write(
        &site,
        "van-ban/Quyết định số 1.doc",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
    );
    let report = check_site(tmp.path());
    let got: Vec<(String, u64, String)> = standards(&report)
        .filter(|f| f["rule"].as_str().unwrap().starts_with("document-"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["args"]["document"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![(
            "document-format-legacy".to_string(),
            3,
            "site/van-ban/Quyết định số 1.doc".to_string()
        )]
    );
    let links: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "links")
        .collect();
    assert!(links.is_empty(), "the link is not broken: {links:?}");
}

#[test]
fn a_site_without_documents_is_inapplicable_for_document_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let output = run_in(
        &repo(""),
        &[
            "check",
            "fixtures/sites/sample",
            "--out",
            tmp.path().to_str().unwrap(),
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("report.json")).unwrap())
            .unwrap(),
    );
    for rule in [
        "pdf-text-layer-missing",
        "document-format-disallowed",
        "feed-invalid",
    ] {
        assert_eq!(
            report["sites"][0]["outcomes"][rule], "inapplicable",
            "{rule}"
        );
    }
}

/// Runs `audit` in `dir` with `env`; returns the exit code and the report.
fn audit_with(dir: &Path, config: &str, env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    crate::support::cli::audit_config(dir, config, &[], env)
}

/// Findings of some families as `rule | url | selector | line | document or target`, sorted.
fn audit_findings(report: &serde_json::Value, families: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| families.contains(&f["family"].as_str().unwrap()))
        .map(|f| {
            format!(
                "{} | {} | {} | {} | {}",
                f["rule"].as_str().unwrap(),
                f["url"].as_str().unwrap(),
                f["selector"].as_str().unwrap_or_default(),
                f["line"],
                f["args"]["document"]
                    .as_str()
                    .or_else(|| f["args"]["target"].as_str())
                    .unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The problems, sorted.
fn problem_lines(report: &serde_json::Value) -> Vec<String> {
    let mut out = super::crawl::problems(report);
    out.sort();
    out
}

const AUDIT_LIMITS: &str = "[limits]\ndelay_secs = 0\ntimeout_secs = 1\nread_timeout_secs = 1\nretries = 0\nbackoff_secs = 0.05\n";

fn raw(content_type: &str, body: Vec<u8>) -> Reply {
    Reply::Raw(
        200,
        vec![("Content-Type".into(), content_type.into())],
        body,
    )
}

#[test]
fn an_audit_fetches_linked_documents_and_feeds_and_reports_exactly_their_defects() {
    let text = "Quyet dinh ban hanh Quy che hoat dong Cong thong tin dien tu tinh";
    let valid_feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <rss version=\"2.0\"><channel><title>Tin tức</title><link>/</link><description>Tin mới</description>\n\
        <item><title>Hội nghị</title><link>/tin/hoi-nghi</link><pubDate>Mon, 02 Nov 2026 08:00:00 +0700</pubDate></item>\n\
        <item><title>Tin đã xoá</title>\n<link>/tin/da-xoa</link><pubDate>Tue, 03 Nov 2026 08:00:00 +0700</pubDate></item>\n\
        </channel></rss>\n";
    let site = Server::start(vec![
        (
            "/",
            page(
                "Văn bản",
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Tin tức\" href=\"/rss/tin-tuc.xml\">\n\
                 <link rel=\"alternate\" type=\"application/rss+xml\" title=\"Thông báo\" href=\"/rss/thong-bao.xml\">\n\
                 <ul>\n\
                 <li><a href=\"/van-ban/quy-che.pdf\">Quy chế</a></li>\n\
                 <li><a href=\"/van-ban/quet.pdf\">Công văn (bản quét)</a></li>\n\
                 <li><a href=\"/van-ban/hong.pdf\">Thông báo kết luận</a></li>\n\
                 <li><a href=\"/bieu-mau/to-khai.doc\">Tờ khai</a></li>\n\
                 <li><a href=\"/van-ban/ho-so.rar\">Hồ sơ mẫu</a></li>\n\
                 <li><a href=\"/van-ban/treo.pdf\">Văn bản treo</a></li>\n\
                 <li><a href=\"/van-ban/qua-lon.pdf\">Văn bản quá lớn</a></li>\n\
                 </ul>\n\
                 <a href=\"/van-ban/quy-che.pdf#trang=2\">Trang 2 của Quy chế</a>\n\
                 <a href=\"/thu-vien/\">Thư viện</a>",
            ),
        ),
        (
            "/thu-vien/",
            page(
                "Thư viện",
                "<base href=\"/luu-tru/\">\n<p><a href=\"mau-cu.doc\">Mẫu cũ</a></p>",
            ),
        ),
        (
            "/luu-tru/mau-cu.doc",
            raw(
                "application/msword",
                vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            ),
        ),
        (
            "/van-ban/quy-che.pdf",
            raw(
                "application/pdf",
                pdf(Some(text), Some("Quyết định ban hành Quy chế"), true),
            ),
        ),
        (
            "/van-ban/quet.pdf",
            raw("application/pdf", pdf(None, Some("Công văn"), true)),
        ),
        (
            "/van-ban/hong.pdf",
            raw(
                "application/pdf",
                b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref".to_vec(),
            ),
        ),
        (
            "/bieu-mau/to-khai.doc",
            raw(
                "application/msword",
                vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            ),
        ),
        (
            "/van-ban/ho-so.rar",
            raw(
                "application/octet-stream",
                b"Rar!\x1a\x07\x00\x00\x00\x00".to_vec(),
            ),
        ),
        ("/van-ban/treo.pdf", Reply::Hang),
        (
            "/van-ban/qua-lon.pdf",
            Reply::Raw(
                200,
                vec![
                    ("Content-Type".into(), "application/pdf".into()),
                    ("Content-Length".into(), "30000000".into()),
                ],
                b"%PDF-1.4\n".to_vec(),
            ),
        ),
        (
            "/rss/tin-tuc.xml",
            raw("application/rss+xml", valid_feed.as_bytes().to_vec()),
        ),
        (
            "/rss/thong-bao.xml",
            raw(
                "application/rss+xml",
                b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Thong bao</title></rss>"
                    .to_vec(),
            ),
        ),
        ("/tin/hoi-nghi", page("Hội nghị", "<p>Hội nghị</p>")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"so\"\nroot = \"{}\"\n\n{AUDIT_LIMITS}",
        site.url("/")
    );
    let started = std::time::Instant::now();
    let (code, report) = audit_with(dir.path(), &config, &[]);
    assert_eq!(code, 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let home = site.url("/");
    let li = |n: usize| format!("html > body > ul > li:nth-of-type({n}) > a");
    let line = |n: usize| n + 7;
    let u = |path: &str| site.url(path);
    let feed = u("/rss/tin-tuc.xml");
    let mut want = vec![
        format!(
            "pdf-text-layer-missing | {home} | {} | {} | {}",
            li(2),
            line(2),
            u("/van-ban/quet.pdf")
        ),
        format!(
            "document-corrupt | {home} | {} | {} | {}",
            li(3),
            line(3),
            u("/van-ban/hong.pdf")
        ),
        format!(
            "document-format-legacy | {home} | {} | {} | {}",
            li(4),
            line(4),
            u("/bieu-mau/to-khai.doc")
        ),
        // Resolved against the page's <base href>, as the browser does.
        format!(
            "document-format-legacy | {} | html > body > p > a | 6 | {}",
            u("/thu-vien/"),
            u("/luu-tru/mau-cu.doc")
        ),
        format!(
            "document-format-disallowed | {home} | {} | {} | {}",
            li(5),
            line(5),
            u("/van-ban/ho-so.rar")
        ),
        format!(
            "link-unreachable | {home} | {} | {} | {}",
            li(6),
            line(6),
            u("/van-ban/treo.pdf")
        ),
        format!(
            "feed-invalid | {home} | html > body > link:nth-of-type(2) | 6 | {}",
            u("/rss/thong-bao.xml")
        ),
        // A feed item pointing to a 404 is a broken link of the feed.
        format!(
            "link-broken | {feed} | rss > channel > item:nth-of-type(2) > link | 5 | {}",
            u("/tin/da-xoa")
        ),
    ];
    want.sort();
    assert_eq!(
        audit_findings(&report, &["standards", "links"])
            .into_iter()
            .filter(|f| !f.starts_with("hsts-missing")
                && !f.starts_with("https-missing")
                && !f.starts_with("ipv6-missing"))
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(
        problem_lines(&report),
        vec![
            // Feed items of the site are crawled like its other pages.
            format!("{} | http | máy chủ trả về HTTP 404", u("/tin/da-xoa")),
            format!(
                "{} | resource_not_analysed | lớn hơn 20971520 byte: không phân tích",
                u("/van-ban/qua-lon.pdf")
            ),
        ]
    );
    // Each document was fetched once, though linked twice.
    assert_eq!(site.hits("/van-ban/quy-che.pdf"), 1);
    assert_eq!(site.hits("/rss/tin-tuc.xml"), 1);
    let outcomes = &report["sites"][0]["outcomes"];
    for (rule, outcome) in [
        ("pdf-title-missing", "passed"),
        ("pdf-untagged", "passed"),
        ("pdf-text-layer-missing", "failed"),
        ("feed-invalid", "failed"),
    ] {
        assert_eq!(outcomes[rule], outcome, "{rule}");
    }

    // The facts are in the store: a resumed audit or `report` needs no fetch.
    let store = portal_audit::store::Store::open(&dir.path().join("out/audit.sqlite")).unwrap();
    let row = store.sites().unwrap().remove(0);
    let data = store.site_data(&row).unwrap();
    let mut analysed: Vec<String> = data
        .resources
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.url.trim_start_matches(&u("")),
                r.file_type.extension()
            )
        })
        .collect();
    analysed.sort();
    assert_eq!(
        analysed,
        vec![
            "/bieu-mau/to-khai.doc doc",
            "/luu-tru/mau-cu.doc doc",
            "/rss/thong-bao.xml xml",
            "/rss/tin-tuc.xml xml",
            "/van-ban/ho-so.rar rar",
            "/van-ban/hong.pdf pdf",
            "/van-ban/qua-lon.pdf ?",
            "/van-ban/quet.pdf pdf",
            "/van-ban/quy-che.pdf pdf",
        ]
    );
}

#[test]
fn an_analysis_that_outlasts_its_deadline_is_a_problem_and_the_audit_goes_on() {
    let site = Server::start(vec![
        (
            "/",
            page("Văn bản", "<a href=\"/van-ban/quy-che.pdf\">Quy chế</a>"),
        ),
        (
            "/van-ban/quy-che.pdf",
            raw("application/pdf", pdf(None, None, false)),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[[site]]\nid = \"so\"\nroot = \"{}\"\n\n{AUDIT_LIMITS}analysis_timeout_secs = 0.5\n",
        site.url("/")
    );
    let started = std::time::Instant::now();
    let (code, report) = audit_with(
        dir.path(),
        &config,
        &[("PORTAL_AUDIT_TEST_ANALYSIS_STALL_MS", "20000")],
    );
    assert_eq!(code, 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "the audit waited for the analysis: {:?}",
        started.elapsed()
    );
    assert_eq!(
        problem_lines(&report),
        vec![format!(
            "{} | resource_not_analysed | việc phân tích kéo dài quá 0,5 giây nên đã dừng",
            site.url("/van-ban/quy-che.pdf")
        )]
    );
    // Not analysed: no PDF finding (the scan would otherwise fail).
    assert_eq!(
        audit_findings(&report, &["standards"])
            .iter()
            .filter(|f| f.contains("pdf"))
            .count(),
        0
    );
    assert_eq!(
        report["sites"][0]["outcomes"]["pdf-text-layer-missing"],
        "inapplicable"
    );
}

#[test]
fn a_pdf_typed_with_a_legacy_font_is_reported_with_its_unicode_conversion() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(
        &site,
        "index.html",
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Văn bản</title></head>\n<body>\n\
         <p><a href=\"qd-tcvn3.pdf\">Quyết định (TCVN3)</a></p>\n\
         <p><a href=\"qd-vni.pdf\">Quyết định (VNI)</a></p>\n\
         <p><a href=\"plan.pdf\">Plan</a></p>\n</body>\n</html>\n"
            .as_bytes(),
    );
    let vietnamese =
        "Quyết định về việc ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh";
    // The legacy codes as the PDF carries them: bytes drawn with a Latin font.
    let legacy = |encoding: portal_audit::vietnamese::Legacy| {
        let view = encoding.encode(vietnamese);
        encoding_rs::WINDOWS_1252.encode(&view).0.into_owned()
    };
    write(
        &site,
        "qd-tcvn3.pdf",
        &pdf_with(
            Some(legacy(portal_audit::vietnamese::Legacy::Tcvn3)),
            Some("QD"),
            true,
        ),
    );
    write(
        &site,
        "qd-vni.pdf",
        &pdf_with(
            Some(legacy(portal_audit::vietnamese::Legacy::Vni)),
            Some("QD"),
            true,
        ),
    );
    write(
        &site,
        "plan.pdf",
        &pdf(
            Some("Annual plan of the provincial portal, in English"),
            Some("Plan"),
            true,
        ),
    );
    let report = check_site(tmp.path());
    let got: Vec<(String, u64, String, String, String)> = standards(&report)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["args"]["document"].as_str().unwrap().to_string(),
                f["args"]["encoding"].as_str().unwrap().to_string(),
                f["args"]["converted"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = |line: u64, file: &str, encoding: &str| {
        (
            "pdf-text-legacy-font".to_string(),
            line,
            format!("site/{file}"),
            encoding.to_string(),
            vietnamese.to_string(),
        )
    };
    assert_eq!(
        got,
        vec![
            want(5, "qd-tcvn3.pdf", "TCVN3 (ABC, .VnTime)"),
            want(6, "qd-vni.pdf", "VNI-Windows (VNI-Times)")
        ]
    );
    assert_eq!(
        report["sites"][0]["outcomes"]["pdf-text-legacy-font"],
        "failed"
    );
}

#[test]
fn check_cuts_a_slow_analysis_off_at_its_analysis_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(
        &site,
        "index.html",
        b"<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title>V</title></head>\n<body><a href=\"qd.pdf\">QD</a></body>\n</html>\n",
    );
    write(&site, "qd.pdf", &pdf(None, None, false));
    let started = std::time::Instant::now();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal-audit"))
        .args([
            "check",
            "site",
            "--out",
            "out",
            "--fail-on",
            "never",
            "--analysis-timeout",
            "0.3",
        ])
        .current_dir(tmp.path())
        .env("PORTAL_AUDIT_TEST_ANALYSIS_STALL_MS", "20000")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    let report: serde_json::Value = crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/report.json")).unwrap())
            .unwrap(),
    );
    assert_eq!(
        problem_lines(&report),
        vec![
            "site/qd.pdf | resource_not_analysed | việc phân tích kéo dài quá 0,3 giây nên đã dừng"
        ]
    );
    assert_eq!(standards(&report).count(), 0);
}
