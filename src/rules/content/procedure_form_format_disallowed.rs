//! `procedure-form-format-disallowed`: a procedure page offers a form for
//! download in a format that is not a text-document format.
//!
//! **What it checks.** On a site with a role, every administrative procedure
//! page (one that labels a "Trình tự thực hiện" and a "Thành phần hồ sơ", as
//! for `procedure-fields-missing`) links its forms (mẫu đơn, tờ khai: a link
//! to a file whose text or name says `mẫu`, `tờ khai`, `đơn`, `phiếu`,
//! `bảng kê`; `FormLink`, taken while the page is parsed). Each such form
//! must be a file in a format of the standards list for text documents —
//! `.pdf`, `.doc`, `.docx`, `.odt`, `.rtf`, `.txt` (Thông tư 39/2017 Danh
//! mục 3.4) — or, for a form that is a table, for spreadsheets — `.xls`,
//! `.xlsx`, `.ods`, `.csv` (3.5). A form published as a picture (`.jpg`,
//! `.png`, `.gif`, `.tif`, `.bmp`, `.webp`: a scan that cannot be filled in)
//! or as a presentation (`.ppt`, `.pptx`, `.pps`, `.odp`) fails, once per
//! link. Archives are `document-format-disallowed`'s (every linked document,
//! by its real type), so they are not reported again here. A site without a
//! procedure page that links a form is inapplicable.
//!
//! `.doc` and `.xls` pass: Thông tư 39/2017 lists them among the mandatory
//! text and spreadsheet formats (at least one of `.pdf`/`.doc`/`.odt`, of
//! `.xls`/`.ods`), so a form offered only in them meets the circular;
//! `document-format-legacy` notes them as old formats.
//!
//! **Why.** Thông tư 32/2017 Điều 5 [V]: at level 2 of an online public
//! service every form can be downloaded; Điều 7 [V]: the forms are in the
//! text-document formats of the standards list (today Thông tư 39/2017 Danh
//! mục 3.4 [S]) and print like the paper form (the circular's status after
//! Thông tư 22/2023, 05/4/2024, is not established). Luật Công nghệ thông tin
//! Điều 28 khoản 1 điểm b [V]: the site supports using its forms (until
//! 30/6/2026).
//!
//! **Fails:** on a procedure page, `<a href="/bieu-mau/to-khai-ho-tich.jpg">Tờ
//! khai đăng ký khai sinh</a>`.
//!
//! **Passes:** `<a href="/bieu-mau/to-khai-ho-tich.docx">Tờ khai đăng ký khai
//! sinh</a>` (or `.pdf`, `.odt`, `.doc`).

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "procedure-form-format-disallowed",
    family: Family::Content,
    check: Check::Site(check),
};

/// Text-document (Thông tư 39/2017 Danh mục 3.4) and spreadsheet (3.5) formats.
const ALLOWED: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv",
];

/// Archives: reported by `document-format-disallowed`.
const ARCHIVES: &[&str] = &["zip", "rar", "7z"];

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    if site.role.is_none() {
        return;
    }
    for page in &site.pages {
        for form in &page.content.forms {
            let ext = form.extension.as_str();
            if ARCHIVES.contains(&ext) {
                continue;
            }
            if ALLOWED.contains(&ext) {
                out.pass();
            } else {
                out.fail_at(Some(form.target.clone()))
                    .at_url(page.url.clone())
                    .arg("form", form.text.clone())
                    .arg("href", form.href.clone())
                    .arg("format", ext.to_string());
            }
        }
    }
}
