//! `charset-declarations-conflict`: the page's encoding declarations disagree.
//!
//! **What it checks.** The byte order mark, the HTTP `Content-Type` charset and
//! the `<meta>` declaration, where more than one is present, name the same
//! encoding (labels compared as browsers resolve them: `latin1` is
//! `windows-1252`).
//!
//! **Why.** Browsers take the first in that order and ignore the rest, so the
//! page shows differently from what its author saved, and a later server
//! change silently turns Vietnamese into mojibake. Thông tư 39/2017 (Danh
//! mục, mục 2.7) requires UTF-8, declared consistently.
//!
//! **Fails:** `Content-Type: text/html; charset=iso-8859-1` with `<meta charset="utf-8">`
//!
//! **Passes:** both say `utf-8`

use super::canonical;
use crate::page::Page;
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "charset-declarations-conflict",
    family: Family::Unicode,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    let info = &page.encoding;
    let mut declared: Vec<(String, &str)> = Vec::new();
    if let Some(bom) = &info.bom {
        declared.push((bom.clone(), "BOM"));
    }
    if let Some(label) = &info.transport {
        declared.push((canonical(label), "HTTP Content-Type"));
    }
    if let Some(meta) = &info.meta {
        declared.push((canonical(&meta.label), "<meta>"));
    }
    if declared.len() < 2 {
        if !declared.is_empty() {
            out.pass();
        }
        return;
    }
    if declared.iter().all(|(enc, _)| *enc == declared[0].0) {
        out.pass();
        return;
    }
    let list = declared
        .iter()
        .map(|(enc, by)| format!("{by}: {enc}"))
        .collect::<Vec<_>>()
        .join(", ");
    let finding = match super::charset_element(page) {
        Some(el) => out.fail(el),
        None => out.fail_at(None),
    };
    finding.arg("declarations", list);
}

#[cfg(test)]
mod tests {
    use crate::page::{Page, PageInput};
    use crate::rules::{Findings, Outcome};

    fn run(header: &str, html: &str) -> (Outcome, Vec<String>) {
        let page = Page::parse(PageInput {
            url: "https://example.gov.vn/".into(),
            bytes: html.as_bytes().to_vec(),
            headers: vec![("content-type".into(), header.into())],
            ..PageInput::default()
        });
        let mut out = Findings::new("charset-declarations-conflict");
        super::check(&page, &mut out);
        let args = out
            .items()
            .iter()
            .map(|f| f.args["declarations"].clone())
            .collect();
        (out.outcome(), args)
    }

    #[test]
    fn http_header_and_meta_disagree() {
        let (outcome, args) = run(
            "text/html; charset=iso-8859-1",
            "<html><head><meta charset=\"utf-8\"></head></html>",
        );
        assert_eq!(outcome, Outcome::Failed);
        assert_eq!(
            args,
            vec!["HTTP Content-Type: windows-1252, <meta>: UTF-8".to_string()]
        );
    }

    #[test]
    fn labels_that_mean_the_same_encoding_agree() {
        let (outcome, _) = run(
            "text/html; charset=UTF8",
            "<html><head><meta charset=\"utf-8\"></head></html>",
        );
        assert_eq!(outcome, Outcome::Passed);
    }
}
