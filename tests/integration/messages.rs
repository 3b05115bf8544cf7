//! Messages a webmaster can act on: the contrast rules say the ratio or why
//! it cannot be computed (never "?:1"), in Vietnamese (decimal comma) and
//! English.

use pretty_assertions::assert_eq;
use serde_json::Value;

use crate::support::cli::run_in;

/// A button in its own colours (≈ 10 : 1, passes), a button in the
/// browser's colours, text over a background image, grey text (4.47 : 1),
/// and an element that may be moved over another background.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Tương phản</title></head>
<body>
<main>
<h1>Tìm kiếm</h1>
<button style="color:#fff; background-color:#0b3d91">Tìm kiếm</button>
<button>Gửi</button>
<p style="color:#fff; background-image:url(nen.png)">Trên ảnh</p>
<p style="color:#777; background:#fff">Chữ xám</p>
<p style="transform:rotate(3deg)">Chữ nghiêng</p>
</main>
</body>
</html>
"#;

/// The report.json written under `dir/out`.
fn report_in(dir: &std::path::Path) -> Value {
    crate::support::cli::restored(
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap())
            .unwrap(),
    )
}

/// The findings of `check` on one page with only `rules`.
fn check_page(page: &str, rules: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), page).unwrap();
    let mut args = vec!["check", "index.html", "--fail-on", "never", "--out", "out"];
    for rule in rules {
        args.extend(["--rule", rule]);
    }
    let output = run_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    crate::support::cli::all_findings(&report_in(dir.path()))
}

fn contrast_messages(page: &str) -> Vec<(String, String, String, String)> {
    let findings = check_page(
        page,
        &["contrast-insufficient", "contrast-enhanced-insufficient"],
    );
    let mut out: Vec<(String, String, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["selector"].as_str().unwrap().to_string(),
                f["message"]["vi"].as_str().unwrap().to_string(),
                f["message"]["en"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_contrast_finding_says_the_ratio_or_why_it_cannot_be_computed() {
    let found = contrast_messages(PAGE);
    let expected = [
        (
            "contrast-enhanced-insufficient",
            "html > body > main > button:nth-of-type(2)",
            "Không tính được tỉ lệ tương phản chữ/nền vì màu chữ của điều khiển biểu mẫu là màu mặc định của trình duyệt, mỗi trình duyệt một khác; cần người kiểm tra chữ có đạt 7:1 (4,5:1 với chữ lớn) hay không.",
            "The text/background contrast cannot be computed because the form control's text colour is the browser's default, which differs between browsers; a person must check that it reaches 7:1 (4.5:1 for large text).",
        ),
        (
            "contrast-enhanced-insufficient",
            "html > body > main > p:nth-of-type(1)",
            "Không tính được tỉ lệ tương phản chữ/nền vì chữ nằm trên ảnh nền hoặc dải màu chuyển (gradient); cần người kiểm tra chữ có đạt 7:1 (4,5:1 với chữ lớn) hay không.",
            "The text/background contrast cannot be computed because the text is over a background image or gradient; a person must check that it reaches 7:1 (4.5:1 for large text).",
        ),
        (
            "contrast-enhanced-insufficient",
            "html > body > main > p:nth-of-type(2)",
            "Tỉ lệ tương phản chữ/nền 4,47:1, mức nâng cao cần 7:1 (4,5:1 với chữ lớn).",
            "Text/background contrast 4.47:1; the enhanced level needs 7:1 (4.5:1 for large text).",
        ),
        (
            "contrast-enhanced-insufficient",
            "html > body > main > p:nth-of-type(3)",
            "Không tính được tỉ lệ tương phản chữ/nền vì phần tử có biến đổi (transform) nên có thể bị dời sang một nền khác; cần người kiểm tra chữ có đạt 7:1 (4,5:1 với chữ lớn) hay không.",
            "The text/background contrast cannot be computed because the element has a transform and may be moved over another background; a person must check that it reaches 7:1 (4.5:1 for large text).",
        ),
        (
            "contrast-insufficient",
            "html > body > main > button:nth-of-type(2)",
            "Không tính được tỉ lệ tương phản chữ/nền vì màu chữ của điều khiển biểu mẫu là màu mặc định của trình duyệt, mỗi trình duyệt một khác; cần người kiểm tra chữ có đạt tối thiểu 4,5:1 (3:1 với chữ lớn) hay không.",
            "The text/background contrast cannot be computed because the form control's text colour is the browser's default, which differs between browsers; a person must check that it reaches 4.5:1 (3:1 for large text).",
        ),
        (
            "contrast-insufficient",
            "html > body > main > p:nth-of-type(1)",
            "Không tính được tỉ lệ tương phản chữ/nền vì chữ nằm trên ảnh nền hoặc dải màu chuyển (gradient); cần người kiểm tra chữ có đạt tối thiểu 4,5:1 (3:1 với chữ lớn) hay không.",
            "The text/background contrast cannot be computed because the text is over a background image or gradient; a person must check that it reaches 4.5:1 (3:1 for large text).",
        ),
        (
            "contrast-insufficient",
            "html > body > main > p:nth-of-type(2)",
            "Tỉ lệ tương phản chữ/nền 4,47:1, cần tối thiểu 4,5:1 (3:1 với chữ lớn).",
            "Text/background contrast 4.47:1; at least 4.5:1 is needed (3:1 for large text).",
        ),
        (
            "contrast-insufficient",
            "html > body > main > p:nth-of-type(3)",
            "Không tính được tỉ lệ tương phản chữ/nền vì phần tử có biến đổi (transform) nên có thể bị dời sang một nền khác; cần người kiểm tra chữ có đạt tối thiểu 4,5:1 (3:1 với chữ lớn) hay không.",
            "The text/background contrast cannot be computed because the element has a transform and may be moved over another background; a person must check that it reaches 4.5:1 (3:1 for large text).",
        ),
    ]
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()));
    // The button in its own colours (≈ 10 : 1) passes: no finding.
    assert_eq!(found, expected);
}

/// The ratio is machine-readable in `args` (`4.47`) and said with a decimal
/// comma in the Vietnamese message, a point in the English one.
#[test]
fn a_contrast_ratio_is_said_in_each_languages_notation() {
    let findings = check_page(PAGE, &["contrast-insufficient"]);
    let grey = findings
        .iter()
        .find(|f| f["selector"] == "html > body > main > p:nth-of-type(2)")
        .unwrap();
    assert_eq!(grey["args"]["ratio"], "4.47");
    assert!(
        grey["message"]["vi"].as_str().unwrap().contains(" 4,47:1,"),
        "{grey}"
    );
    assert!(
        grey["message"]["en"].as_str().unwrap().contains(" 4.47:1;"),
        "{grey}"
    );
}

/// Every reason the contrast rules can give has its message: a missing
/// variant would fall back to the ratio message and say "?:1".
#[test]
fn every_contrast_reason_has_its_message() {
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    let reasons = [
        "stylesheet",
        "opacity",
        "position",
        "transform",
        "text-shadow",
        "transparency",
        "unknown colour",
        "default colour",
        "default background",
        "visited link colour",
        "background image",
        "image behind text",
        "image over text",
        "filter",
        "outside probed area",
    ];
    for id in ["contrast-insufficient", "contrast-enhanced-insufficient"] {
        let meta = ruleset.rule(id).unwrap();
        for texts in [&meta.vi, &meta.en] {
            for reason in reasons {
                let said = texts.message_for(Some(&reason.replace(' ', "-")));
                assert!(!said.contains("{ratio}"), "{id} {reason}: {said}");
            }
            for variant in ["font-size", "font-size-style", "style"] {
                assert!(texts.messages.contains_key(variant), "{id} {variant}");
            }
        }
    }
}

/// Every rule's "Cách sửa" (fix) ends with one before/after example, in
/// Vietnamese and in English.
#[test]
fn every_rule_fix_has_a_before_and_after_example_in_both_languages() {
    let ruleset = portal_audit::ruleset::Ruleset::embedded().unwrap();
    for rule in portal_audit::rules::all() {
        let meta = ruleset.rule(rule.id).unwrap();
        for (fix, intro, after) in [
            (&meta.vi.fix, " Ví dụ — trước: ", "; sau: "),
            (&meta.en.fix, " Example — before: ", "; after: "),
        ] {
            let example = fix
                .split_once(intro)
                .map(|(_, example)| example)
                .unwrap_or_else(|| panic!("{}: no example in {fix}", rule.id));
            let (before, after) = example
                .split_once(after)
                .unwrap_or_else(|| panic!("{}: no 'after' in {fix}", rule.id));
            assert!(
                !before.trim().is_empty() && after.ends_with('.') && after.len() > 1,
                "{}: {fix}",
                rule.id
            );
        }
    }
}

/// A link that gets no HTTP answer says why in the report's languages; the
/// network library's own detail follows.
#[test]
fn an_unreachable_link_says_why_in_both_languages() {
    let server = crate::support::server::Server::start(vec![(
        "/",
        crate::support::server::page(
            "Sở Tài chính",
            "<main><h1>Tin</h1><a href=\"http://127.0.0.1:1/cu\">Trang cũ</a></main>",
        ),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let root = server.url("/");
    let output = run_in(
        dir.path(),
        &[
            "audit",
            &root,
            "--rule",
            "link-unreachable",
            "--fail-on",
            "never",
            "--out",
            "out",
            "--delay",
            "0",
            "--timeout",
            "2",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = report_in(dir.path());
    let findings = crate::support::cli::all_findings(&report);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let vi = findings[0]["message"]["vi"].as_str().unwrap();
    let en = findings[0]["message"]["en"].as_str().unwrap();
    assert!(
        vi.starts_with(
            "Liên kết \"Trang cũ\" tới http://127.0.0.1:1/cu không tới được: máy chủ từ chối kết nối; chi tiết: "
        ),
        "{vi}"
    );
    assert!(
        en.starts_with(
            "Link \"Trang cũ\" to http://127.0.0.1:1/cu cannot be reached: the server refused the connection; detail: "
        ),
        "{en}"
    );
}

/// The per-page link-text review item has its own message (not the
/// generic-phrase one, which accused good links, with a count inside the
/// quotes) and lists the page's distinct texts in its arguments.
#[test]
fn the_per_page_link_text_review_has_its_own_message_and_lists_the_texts() {
    let findings = check_page(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Tin</title></head>\n<body>\n\
         <a href=\"/\">Trang chủ</a>\n<a href=\"/hn\">Hội nghị xúc tiến đầu tư</a>\n<a href=\"/\">Trang chủ</a>\n</body>\n</html>\n",
        &["link-text-generic"],
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(
        f["message"]["vi"],
        "Cần người kiểm tra chữ của các liên kết trên trang này (đầu tiên: “Trang chủ”) có nói rõ đích đến không."
    );
    assert_eq!(
        f["message"]["en"],
        "A person must check that the texts of this page's links (the first: “Trang chủ”) say where they lead."
    );
    assert_eq!(f["args"]["texts"], "Trang chủ\nHội nghị xúc tiến đầu tư");
    assert_eq!(f["args"]["count"], "3");
}
