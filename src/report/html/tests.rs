use super::*;

#[test]
fn only_web_urls_become_links() {
    assert_eq!(
        href("https://x.gov.vn/a b"),
        Some("https://x.gov.vn/a%20b".into())
    );
    assert_eq!(href("javascript:alert(1)"), None);
    assert_eq!(href("data:text/html,<script>"), None);
    assert_eq!(href("site/index.html"), None);
}

#[test]
fn every_criterion_a_rule_cites_has_its_understanding_page() {
    assert_eq!(
        rules::understanding("1.1.1").as_deref(),
        Some("https://www.w3.org/WAI/WCAG21/Understanding/non-text-content.html")
    );
    assert_eq!(rules::understanding("9.9.9"), None);
    let ruleset = crate::ruleset::Ruleset::embedded().unwrap();
    for rule in ruleset.rules.values() {
        for w in &rule.wcag {
            assert!(
                rules::understanding(&w.sc).is_some(),
                "{}: {}",
                rule.id,
                w.sc
            );
        }
    }
}

#[test]
fn a_text_fragment_points_at_the_elements_own_text() {
    assert_eq!(
        rules::text_fragment(
            "https://x.gov.vn/a#top",
            "<p class=\"c\">Thông báo lịch tiếp-công dân, <b>mới</b></p>"
        )
        .as_deref(),
        Some("https://x.gov.vn/a#:~:text=Thông báo lịch tiếp%2Dcông dân%2C")
    );
    assert_eq!(
        rules::text_fragment("https://x.gov.vn/", "<img src=\"a.png\">"),
        None
    );
    assert_eq!(
        rules::text_fragment("https://x.gov.vn/", "<p>A &amp; B và C</p>"),
        None
    );
    // Evidence of a defect is not quoted in a link: decomposed, legacy.
    assert_eq!(
        rules::text_fragment("https://x.gov.vn/", "<h2>Thu\u{309} tu\u{323}c mới</h2>"),
        None
    );
    assert_eq!(
        rules::text_fragment("https://x.gov.vn/", "<p>Th«ng b¸o míi</p>"),
        None
    );
}
