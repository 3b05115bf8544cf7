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
