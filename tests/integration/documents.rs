//! Linked documents and feeds (Thông tư 39/2017 items 3.4–3.7 and 3.17): a
//! fixture page links real PDFs made here with lopdf (text, scan, untitled,
//! corrupt), an archive, a legacy Office file, an ODT, a missing file, and
//! two feeds; `check` reads the local files and the site rules report
//! exactly the expected findings.

use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use pretty_assertions::assert_eq;

use super::util::{assert_valid_report, repo, run_in};

/// A one-page PDF; `text` draws a line of text, otherwise only a filled
/// rectangle (a scan-like page); `title` and `tagged` set the metadata.
fn pdf(text: Option<&str>, title: Option<&str>, tagged: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
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
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Tin tức</title><link>https://sotnmt.example.gov.vn/</link><description>Tin mới</description><item><title>Hội nghị</title><link>https://sotnmt.example.gov.vn/tin/1</link><pubDate>Mon, 02 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>".as_bytes(),
    );
    write(
        &site,
        "rss/thong-bao.xml",
        b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss version=\"2.0\"><channel><title>Th\xf4ng b\xe1o</title></channel></rss>",
    );

    let output = run_in(
        tmp.path(),
        &["check", "site", "--out", "out", "--fail-on", "never"],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/report.json")).unwrap())
            .unwrap();
    assert_valid_report(&report);

    let mut got: Vec<(String, String, u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "standards")
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

    // The missing file is a broken local link (links family), not a document finding.
    let broken: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "links")
        .collect();
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0]["rule"], "link-broken");
    assert_eq!(broken[0]["line"], 19);

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
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("report.json")).unwrap())
            .unwrap();
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

#[test]
fn forms_collecting_personal_data_need_a_privacy_notice_on_the_page_or_the_home_page() {
    let tmp = tempfile::tempdir().unwrap();
    let output = run_in(
        &repo(""),
        &[
            "check",
            "fixtures/sites/privacy",
            "fixtures/sites/privacy-ok",
            "--rule",
            "privacy-notice-missing",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("report.json")).unwrap())
            .unwrap();
    assert_valid_report(&report);
    let findings: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["url"].as_str().unwrap().to_string(),
                f["selector"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![(
            "fixtures/sites/privacy/dich-vu/phan-anh.html".to_string(),
            "#phan-anh".to_string(),
            6
        )]
    );
    let outcome = |site: usize| report["sites"][site]["outcomes"]["privacy-notice-missing"].clone();
    assert_eq!(outcome(0), "failed");
    assert_eq!(outcome(1), "passed");
}
