//! `emc-code-missing`: the site's home page does not carry the EMC monitoring code.
//!
//! **What it checks.** The served HTML of the site's home page contains the
//! code of the national monitoring system EMC (Hệ thống giám sát, đo lường
//! mức độ cung cấp và sử dụng dịch vụ Chính phủ số), in the form real portal
//! templates use (`shared/legal/README.md` §8b): the global `_govaq`, the
//! tracker `https://f-emc.ngsp.gov.vn/tracking`, or the script
//! `https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js`. When found, the
//! site id given to `setSiteId` is recorded (`SitePage::emc`) and the rule
//! passes; code without a readable site id is cant_tell (a person checks the
//! site is registered with EMC). When not found, the finding says "not found in the served HTML":
//! a tag manager can insert the code after load, which static HTML does not
//! show (the browser mode can confirm). No home page audited, or a site
//! without a role (not known to be a state agency's): inapplicable.
//!
//! **Why.** The 2025 national criteria for evaluating state portals (Bộ KH&CN,
//! Cục Chuyển đổi số quốc gia) score "kết nối đầy đủ" with EMC first; the MIC
//! guidance under Thông tư 22/2023 asked portals to connect to EMC before
//! launch and older ones to install the code by 05/4/2025 [S]. The duty rests on
//! secondary sources: the metadata says so (confidence `secondary`).
//!
//! **Fails:** a home page whose scripts are only the site's own.
//!
//! **Passes:** `<script>var _govaq = window._govaq || []; _govaq.push(['setTrackerUrl',
//! 'https://f-emc.ngsp.gov.vn/tracking']); _govaq.push(['setSiteId', '1234']); …
//! src="https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js" …</script>`

use serde::{Deserialize, Serialize};

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The EMC code as found in a page's HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmcCode {
    /// The line of the first sign of it.
    pub line: u64,
    /// The site id given to `setSiteId`, when readable.
    #[serde(default)]
    pub site_id: Option<String>,
}

/// The signs of the EMC code in served HTML (README §8b).
const SIGNS: [&str; 3] = ["f-emc.ngsp.gov.vn", "gov-tracking.min.js", "_govaq"];

/// Finds the EMC code in the page's source, with its `setSiteId` value.
#[must_use]
pub fn find(page: &Page) -> Option<EmcCode> {
    // The page's whole source is searched: memchr's vectorised search, each
    // needle prepared once.
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| SIGNS.map(|s| memchr::memmem::Finder::new(s.as_bytes())));
    let text = &page.text;
    let offset = FINDERS
        .iter()
        .filter_map(|f| f.find(text.as_bytes()))
        .min()?;
    let site_id = memchr::memmem::find(text.as_bytes(), b"setSiteId").and_then(|at| {
        let rest = &text[at + "setSiteId".len()..];
        let rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '\'' | '"' | ',' | '(' | ']')
        });
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!id.is_empty()).then_some(id)
    });
    Some(EmcCode {
        line: page.line_of(offset),
        site_id,
    })
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "emc-code-missing",
    family: Family::Standards,
    check: Check::Site(check),
};

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    // A state agency's site (one with a role) is what the duty is about.
    if site.role.is_none() {
        return;
    }
    let Some(home) = site.home_page() else { return };
    match &home.emc {
        Some(EmcCode {
            site_id: Some(_), ..
        }) => out.pass(),
        Some(code) => {
            out.cant_tell_at(None)
                .at_url(home.url.clone())
                .arg("detail", format!("setSiteId (dòng/line {})", code.line));
        }
        None => {
            out.fail_at(None)
                .at_url(home.url.clone())
                .arg("detail", "-");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::page::Page;

    #[test]
    fn the_template_code_is_found_with_its_site_id_and_a_look_alike_is_not() {
        // The form the code takes in real portal templates (README §8b).
        let html = "<!DOCTYPE html>\n<html><head><title>x</title></head><body>\n<p>Trang chủ</p>\n\
            <!-- Begin Gov Tracking Code -->\n<script>\nvar _govaq = window._govaq || [];\n\
            _govaq.push(['setTrackerUrl', 'https://f-emc.ngsp.gov.vn/tracking']);\n\
            _govaq.push(['setSiteId', '2473']);\n</script>\n</body></html>";
        let code = super::find(&Page::from_html("https://tinh.gov.vn/", html)).unwrap();
        assert_eq!(code.site_id.as_deref(), Some("2473"));
        assert_eq!(code.line, 6);
        let script =
            "<script src=\"https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js\"></script>";
        let code = super::find(&Page::from_html("https://tinh.gov.vn/", script)).unwrap();
        assert_eq!(code.site_id, None);
        let badge =
            "<a href=\"https://tinnhiemmang.vn/handle_cert?id=tinh.gov.vn\">Tín nhiệm mạng</a>";
        assert!(super::find(&Page::from_html("https://tinh.gov.vn/", badge)).is_none());
    }
}
