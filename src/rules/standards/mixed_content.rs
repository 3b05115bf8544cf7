//! `mixed-content`: an HTTPS page loads resources or sends forms over plain HTTP.
//!
//! **What it checks.** On a page served over `https://`, every script,
//! stylesheet, image, frame, media source, object, embed and form action
//! uses `https://` (or a relative URL). Each `http://` one is a finding.
//!
//! **Why.** Browsers block active mixed content (scripts, styles, frames) so
//! the page breaks, and passive content (images) or forms over HTTP can be read
//! and altered on the way: citizens' data sent from an HTTPS page to an HTTP
//! address is exposed. Thông tư 39/2017 Danh mục item 4.2 makes HTTPS and TLS
//! 1.2 mandatory; Thông tư 25/2010 Điều 12 requires encrypted transmission of
//! personal data.
//!
//! **Fails:** on `https://sokhdt.travinh.gov.vn/`: `<script src="http://cdn.example.vn/app.js"></script>`
//!
//! **Passes:** `<script src="https://cdn.example.vn/app.js"></script>`, `<img src="/anh/logo.png" alt="Logo">`

use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The elements and attributes that load or send something.
const LOADERS: &[(&str, &str)] = &[
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("source", "src"),
    ("track", "src"),
    ("object", "data"),
    ("embed", "src"),
    ("form", "action"),
    ("input", "formaction"),
    ("button", "formaction"),
];

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "mixed-content",
    family: Family::Standards,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !page.url.to_ascii_lowercase().starts_with("https://") {
        return;
    }
    for (tag, attr) in LOADERS {
        for el in page.by_tag(tag) {
            let Some(value) = el.attr(attr).map(str::trim) else {
                continue;
            };
            if *tag == "link" && !loads_resource(el.attr("rel").unwrap_or_default()) {
                continue;
            }
            if value.len() >= 7 && value[..7].eq_ignore_ascii_case("http://") {
                out.fail(el).arg("url", value);
            } else {
                out.pass();
            }
        }
    }
}

/// `<link>` relations that make the browser fetch the target.
fn loads_resource(rel: &str) -> bool {
    rel.split_ascii_whitespace().any(|r| {
        [
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "manifest",
            "apple-touch-icon",
        ]
        .iter()
        .any(|known| r.eq_ignore_ascii_case(known))
    })
}
