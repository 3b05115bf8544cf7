//! `procedure-fields-missing`: a page describing an administrative procedure
//! lacks some of the fields the law requires of it.
//!
//! **What it checks.** A page is taken for an administrative procedure page
//! (thủ tục hành chính) when its main text carries both a "Trình tự thực
//! hiện" and a "Thành phần (số lượng) hồ sơ" label — as a heading, a table
//! cell, a line of its own or a `Label: value` line. Such a page must also
//! label: cách thức thực hiện, thời hạn giải quyết, đối tượng thực hiện, cơ
//! quan thực hiện, kết quả thực hiện, mẫu đơn/tờ khai, yêu cầu/điều kiện,
//! phí/lệ phí and căn cứ pháp lý (the procedure's name is its heading). The
//! labels found are taken while the page is parsed
//! (`PageFacts::procedure`); a label is a line that starts with the field's
//! words and adds at most a few. Only sites with a role (state agencies'
//! sites) are judged; a site without procedure pages is inapplicable.
//!
//! **Why.** Thông tư 32/2017 Điều 5 [V]: level 1 of an online public service
//! gives, for each procedure, its name, sequence, how to file, dossier, time
//! limit, who may file, deciding body, result, forms, conditions, fees and
//! legal basis (its status after Thông tư 22/2023, 05/4/2024, is not
//! established); Luật Công nghệ thông tin Điều 28 khoản 2 điểm c [V]: the
//! procedures with the time limit of each, until 30/6/2026.
//!
//! **Fails:** a page with "Trình tự thực hiện", "Thành phần hồ sơ", "Thời
//! hạn giải quyết" … but no "Phí, lệ phí" and no "Căn cứ pháp lý".
//!
//! **Passes:** a page that labels all eleven fields.

use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "procedure-fields-missing",
    family: Family::Content,
    check: Check::Site(check),
};

/// The fields of a procedure page (Thông tư 32/2017 Điều 5): an id, the
/// name a finding gives, and the folded labels that show it (longest first).
pub(in crate::rules::content) const FIELDS: [(&str, &str, &[&str]); 11] = [
    (
        "trinh-tu",
        "Trình tự thực hiện",
        &["trinh tu thuc hien", "trinh tu"],
    ),
    (
        "ho-so",
        "Thành phần, số lượng hồ sơ",
        &["thanh phan so luong ho so", "thanh phan ho so", "ho so"],
    ),
    (
        "cach-thuc",
        "Cách thức thực hiện",
        &["cach thuc thuc hien", "cach thuc"],
    ),
    (
        "thoi-han",
        "Thời hạn giải quyết",
        &["thoi han giai quyet", "thoi han"],
    ),
    (
        "doi-tuong",
        "Đối tượng thực hiện",
        &["doi tuong thuc hien", "doi tuong"],
    ),
    (
        "co-quan",
        "Cơ quan thực hiện",
        &[
            "co quan thuc hien",
            "co quan giai quyet",
            "co quan co tham quyen",
        ],
    ),
    (
        "ket-qua",
        "Kết quả thực hiện",
        &["ket qua thuc hien", "ket qua giai quyet"],
    ),
    (
        "mau-don",
        "Mẫu đơn, tờ khai",
        &["mau don", "to khai", "bieu mau"],
    ),
    (
        "dieu-kien",
        "Yêu cầu, điều kiện",
        &["yeu cau dieu kien", "dieu kien", "yeu cau"],
    ),
    ("phi", "Phí, lệ phí", &["phi le phi", "le phi", "phi"]),
    ("can-cu", "Căn cứ pháp lý", &["can cu phap ly"]),
];

/// Runs the rule on one site.
pub fn check(site: &SiteData, out: &mut Findings) {
    if site.role.is_none() {
        return;
    }
    for page in &site.pages {
        let found = &page.content.procedure;
        if !(found.iter().any(|f| f == "trinh-tu") && found.iter().any(|f| f == "ho-so")) {
            continue;
        }
        let missing: Vec<&str> = FIELDS
            .iter()
            .filter(|(id, _, _)| !found.iter().any(|f| f == id))
            .map(|(_, name, _)| *name)
            .collect();
        if missing.is_empty() {
            out.pass();
        } else {
            out.fail_at(None)
                .at_url(page.url.clone())
                .arg("missing", missing.join("; "));
        }
    }
}
