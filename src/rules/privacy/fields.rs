//! Recognising form fields that collect personal data (Thông tư 25/2010
//! Điều 3 khoản 3: name, date of birth, job, title, address, email, phone,
//! ID or passport number), from `type`, `autocomplete`, `name`/`id`,
//! `placeholder`, `aria-label` and the label text, in Vietnamese and English.

use crate::page::{El, Page};

/// The kinds of personal data a field may collect.
const KEYWORDS: &[(&str, &[&str])] = &[
    ("email", &["email", "e-mail", "thư điện tử", "thu dien tu"]),
    (
        "phone",
        &[
            "phone",
            "mobile",
            "điện thoại",
            "dien thoai",
            "dienthoai",
            "sđt",
            "sdt",
            "so_dien_thoai",
        ],
    ),
    (
        "name",
        &[
            "họ và tên",
            "họ tên",
            "ho va ten",
            "ho ten",
            "hoten",
            "ho_ten",
            "fullname",
            "full name",
            "full_name",
        ],
    ),
    (
        "birth",
        &[
            "ngày sinh",
            "ngay sinh",
            "ngaysinh",
            "ngay_sinh",
            "birth",
            "bday",
            "dob",
        ],
    ),
    (
        "address",
        &[
            "địa chỉ",
            "dia chi",
            "diachi",
            "dia_chi",
            "address",
            "street",
        ],
    ),
    (
        "id-number",
        &[
            "cccd",
            "cmnd",
            "căn cước",
            "can cuoc",
            "chứng minh",
            "chung minh",
            "passport",
            "hộ chiếu",
            "ho chieu",
            "định danh",
        ],
    ),
];

/// `autocomplete` tokens that name personal data.
const AUTOCOMPLETE: &[&str] = &[
    "name",
    "given-name",
    "family-name",
    "email",
    "tel",
    "tel-national",
    "bday",
    "street-address",
    "address-line1",
    "postal-code",
];

/// The kind of personal data a form control collects, if any.
#[must_use]
pub fn personal_kind(page: &Page, control: El<'_>) -> Option<&'static str> {
    if !matches!(control.name(), "input" | "textarea" | "select") {
        return None;
    }
    let input_type = control
        .attr("type")
        .unwrap_or("text")
        .trim()
        .to_ascii_lowercase();
    if matches!(
        input_type.as_str(),
        "hidden" | "submit" | "button" | "reset" | "image" | "checkbox" | "radio" | "file"
    ) {
        return None;
    }
    match input_type.as_str() {
        "email" => return Some("email"),
        "tel" => return Some("phone"),
        _ => {}
    }
    if let Some(auto) = control.attr("autocomplete") {
        let auto = auto.to_ascii_lowercase();
        if let Some(token) = auto
            .split_ascii_whitespace()
            .find(|t| AUTOCOMPLETE.contains(t))
        {
            return Some(match token {
                "email" => "email",
                t if t.starts_with("tel") => "phone",
                "bday" => "birth",
                "street-address" | "address-line1" | "postal-code" => "address",
                _ => "name",
            });
        }
    }
    let mut haystack = String::new();
    for attr in ["name", "id", "placeholder", "aria-label", "title"] {
        if let Some(value) = control.attr(attr) {
            haystack.push_str(value);
            haystack.push(' ');
        }
    }
    haystack.push_str(&label_text(page, control));
    let haystack = haystack.to_lowercase();
    KEYWORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| haystack.contains(w)))
        .map(|(kind, _)| *kind)
}

/// The text of the `<label>`s of a control: `label[for=id]` and an enclosing label.
#[must_use]
pub fn label_text(page: &Page, control: El<'_>) -> String {
    let mut text = String::new();
    if let Some(id) = control.attr("id") {
        for label in page.by_tag("label").filter(|l| l.attr("for") == Some(id)) {
            text.push_str(&label.text());
            text.push(' ');
        }
    }
    if let Some(label) = control.ancestors().find(|a| a.name() == "label") {
        text.push_str(&label.text());
    }
    text
}

/// The personal-data controls of a form, with their kinds.
pub fn personal_fields<'a>(page: &'a Page, form: El<'a>) -> Vec<(El<'a>, &'static str)> {
    form.descendants()
        .filter_map(|el| personal_kind(page, el).map(|kind| (el, kind)))
        .collect()
}
