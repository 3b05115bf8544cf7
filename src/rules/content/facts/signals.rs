//! Text signals read off a page while its facts are taken: save and export
//! labels and addresses, block elements (line breaks in the main text),
//! breadcrumb items, bylines, the meta-refresh target, `Label: value` notes
//! and merger announcements. Pure functions of strings.

use super::MAX_LABEL;
use super::MAX_NOTES;
use crate::page::Page;
use crate::rules::content::text::{clip, collapse, fold, names};

/// Labels of a save function, folded: "Lưu tin", "Lưu bài viết", "Tải về",
/// "Tải xuống", "Xuất PDF", "Save as PDF", "Download", a bare "PDF" or "Word"
/// icon link. "Lưu trữ" (archive) and "Lưu ý" (note) are not.
pub(super) fn is_save_label(folded: &str) -> bool {
    const EXACT: [&str; 5] = ["luu", "pdf", "word", "doc", "docx"];
    const LEADS: [&str; 20] = [
        "luu tin",
        "luu bai",
        "luu trang",
        "luu lai",
        "luu ve",
        "luu file",
        "luu tep",
        "luu pdf",
        "luu word",
        "luu duoi dang",
        "tai ve",
        "tai xuong",
        "tai bai",
        "tai pdf",
        "xuat pdf",
        "xuat word",
        "xuat file",
        "xuat ra",
        "save",
        "download",
    ];
    EXACT.contains(&folded) || LEADS.iter().any(|lead| names(folded, lead, 4))
}

/// Whether a lower-case address or class names a save or export function
/// (`/luu-tin`, `savearticle`, `export-pdf`, `topdf`).
pub(super) fn saves_href(lower: &str) -> bool {
    [
        "save",
        "luu-tin",
        "luu-bai",
        "luutin",
        "luubai",
        "export-pdf",
        "exportpdf",
        "export-word",
        "exportword",
        "xuat-pdf",
        "topdf",
        "to-pdf",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

pub(super) fn push_capped(acc: &mut String, text: &str, cap: usize) {
    if acc.len() >= cap {
        return;
    }
    let room = cap - acc.len();
    if text.len() <= room {
        acc.push_str(text);
    } else {
        let mut end = room;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        acc.push_str(&text[..end]);
    }
}

pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "table"
            | "ul"
            | "ol"
            | "dd"
            | "dt"
    )
}

pub(super) fn crumb_items(text: &str) -> Vec<String> {
    text.split(['\n', '»', '›', '>', '/', '|', '>'])
        .map(collapse)
        .filter(|s| !s.is_empty())
        .take(12)
        .map(|s| clip(&s, MAX_LABEL))
        .collect()
}

/// A short line that names an author or a source (`Tác giả: …`, `Nguồn: …`,
/// `Theo …`, `Tin, ảnh: …`, `PV`, `CTV`).
pub(super) fn is_byline(text: &str) -> bool {
    if text.is_empty() || text.chars().count() > 150 {
        return false;
    }
    let folded = fold(text);
    [
        "tac gia", "nguon", "theo", "tin anh", "bai anh", "pv", "ctv",
    ]
    .iter()
    .any(|p| folded == *p || folded.starts_with(&format!("{p} ")))
}

pub(super) fn refresh_target(content: &str) -> Option<String> {
    let target = crate::page::refresh::parse(content)?.url?;
    Some(clip(target, 400))
}

/// The labels of `Label: value` lines: short lines whose colon comes after
/// at most six words.
pub(super) fn notes(main_text: &str) -> Vec<String> {
    main_text
        .lines()
        .filter(|line| line.len() <= 400)
        .filter_map(|line| {
            let (label, _) = line.split_once(':')?;
            let label = collapse(label);
            let words = label.split(' ').count();
            // "08:30" is a time, not a label.
            let named = label.chars().any(char::is_alphabetic);
            (named && words <= 6).then_some(label)
        })
        .take(MAX_NOTES)
        .collect()
}

/// How much of the main text is searched for announcements: a merger notice
/// stands at the top of the page.
const NOTICE_TEXT: usize = 8 * 1024;

/// Lines announcing a merger or a new address, near the top of the page.
pub(super) fn notices(main_text: &str) -> Vec<String> {
    let mut end = main_text.len().min(NOTICE_TEXT);
    while !main_text.is_char_boundary(end) {
        end -= 1;
    }
    let main_text = &main_text[..end];
    const SIGNS: [&str; 8] = [
        "sáp nhập",
        "hợp nhất",
        "địa chỉ mới",
        "ngừng hoạt động",
        "sap nhap",
        "hop nhat",
        "dia chi moi",
        "ngung hoat dong",
    ];
    // A cheap look at the whole text first: most pages announce nothing.
    if !SIGNS.iter().any(|s| lower_contains(main_text, s)) {
        return Vec::new();
    }
    main_text
        .lines()
        .filter(|line| {
            // A cheap look first: folding every line of a long page is not.
            SIGNS.iter().any(|s| lower_contains(line, s))
        })
        .map(collapse)
        .filter(|line| {
            let folded = fold(line);
            folded.contains("sap nhap")
                || folded.contains("hop nhat")
                || folded.contains("dia chi moi")
                || folded.contains("ngung hoat dong")
        })
        .take(3)
        .map(|line| clip(&line, 300))
        .collect()
}

/// The administrative-procedure fields a main text labels (ids of
/// `procedure_fields_missing::FIELDS`), when it labels a "Trình tự thực
/// hiện" at all: a line (a heading, a table cell, a `Label: value` line) of
/// at most 120 bytes whose label, numbering and colon aside, starts with a
/// field's words and adds at most four.
pub(super) fn procedure_fields(main_text: &str) -> Vec<String> {
    use crate::rules::content::procedure_fields_missing::FIELDS;
    if !lower_contains(main_text, "trình tự") && !lower_contains(main_text, "trinh tu") {
        return Vec::new();
    }
    let mut found: Vec<String> = Vec::new();
    for line in main_text
        .lines()
        .filter(|l| !l.trim().is_empty() && l.len() <= 120)
    {
        let label = line.split_once(':').map_or(line, |(label, _)| label);
        let folded = fold(label);
        let label = folded
            .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | '-' | ' '))
            .trim();
        for (id, _, labels) in FIELDS {
            if labels.iter().any(|l| names(label, l, 4)) && !found.iter().any(|f| f == id) {
                found.push(id.to_string());
            }
        }
    }
    found
}

/// The extensions of files a form may be published as, or is wrongly
/// published as: documents and spreadsheets, images, presentations and
/// archives (`procedure-form-format-disallowed` judges which).
const FORM_FILE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "jpg", "jpeg", "png",
    "gif", "tif", "tiff", "bmp", "webp", "ppt", "pptx", "pps", "odp", "zip", "rar", "7z",
];

/// The most form links kept of one page.
const MAX_FORMS: usize = 40;

/// The links of a procedure page to a form file: an `<a href>` to a file
/// with one of [`FORM_FILE_EXTENSIONS`] whose text or file name says it is a
/// form (folded words `mau`, `to khai`, `don`, `phieu`, `bang ke`).
pub(super) fn form_links(page: &Page) -> Vec<super::FormLink> {
    let says_form = |text: &str| {
        let folded = fold(text);
        let words: Vec<&str> = folded.split(' ').collect();
        words
            .iter()
            .any(|w| matches!(*w, "mau" | "don" | "phieu" | "tokhai" | "maudon"))
            || folded.contains("to khai")
            || folded.contains("bang ke")
    };
    let mut out = Vec::new();
    for a in page.by_tag("a") {
        let Some(href) = a.attr("href").map(str::trim).filter(|h| !h.is_empty()) else {
            continue;
        };
        let extension = crate::page::links::extension(href);
        if !FORM_FILE_EXTENSIONS.contains(&extension.as_str()) {
            continue;
        }
        let path = href.split(['?', '#']).next().unwrap_or_default();
        let file = path.rsplit('/').next().unwrap_or_default();
        let text = collapse(&a.text());
        if !(says_form(&text) || says_form(file)) {
            continue;
        }
        out.push(super::FormLink {
            href: clip(href, 300),
            text: clip(&text, 160),
            extension,
            target: a.target(),
        });
        if out.len() >= MAX_FORMS {
            break;
        }
    }
    out
}

/// Whether `text` lower-cased (`str::to_lowercase`) contains `needle`, a
/// lower-case phrase, without lower-casing the whole text (a long page's
/// main text is up to 300 KB): only the places where `needle`'s first
/// letter stands, in either case, are compared, its ASCII letters byte by
/// byte. No character lower-cases to an ASCII letter but that letter in
/// either case, `İ` (to `i̇`) and the Kelvin sign (to `k`), and none to `đ`
/// but `đ` and `Đ`: a needle starting with `i`, `k` or another non-ASCII
/// letter takes the long way.
fn lower_contains(text: &str, needle: &str) -> bool {
    let Some(first) = needle.chars().next() else {
        return true;
    };
    let starts = match first {
        'a'..='z' if !matches!(first, 'i' | 'k') => [first, first.to_ascii_uppercase()],
        'đ' => ['đ', 'Đ'],
        _ => return text.to_lowercase().contains(needle),
    };
    let rest = &needle[first.len_utf8()..];
    // The needle's ASCII run after its first letter (no `i`, `k`: see above)
    // compares without lower-casing.
    let ascii = rest
        .bytes()
        .take_while(|b| b.is_ascii() && !b.is_ascii_uppercase() && !matches!(b, b'i' | b'k'))
        .count();
    let (head, tail) = rest.split_at(ascii);
    let mut leads = [0u8; 2];
    for (lead, start) in leads.iter_mut().zip(starts) {
        let mut buf = [0u8; 4];
        *lead = start.encode_utf8(&mut buf).as_bytes()[0];
    }
    let bytes = text.as_bytes();
    memchr::memchr2_iter(leads[0], leads[1], bytes).any(|at| {
        let Some(start) = starts.iter().find(|s| text[at..].starts_with(**s)) else {
            return false;
        };
        let from = at + start.len_utf8();
        if !bytes
            .get(from..from + ascii)
            .is_some_and(|window| window.eq_ignore_ascii_case(head.as_bytes()))
        {
            return false;
        }
        let mut lowered = text[from + ascii..].chars().flat_map(char::to_lowercase);
        tail.chars().all(|c| lowered.next() == Some(c))
    })
}

#[cfg(test)]
mod lower_tests {
    use super::lower_contains;

    #[test]
    fn lower_contains_agrees_with_lowercasing_the_text() {
        for (text, needle) in [
            ("Quy TRÌNH TỰ thực hiện", "trình tự"),
            ("Trình Tự", "trình tự"),
            ("trình tụ", "trình tự"),
            ("TRINH TU", "trinh tu"),
            ("atrinh tu", "trinh tu"),
            ("trinh t", "trinh tu"),
            ("", "trinh tu"),
            ("İ kelvin \u{212A}", "kelvin"),
            ("Thông báo SÁP NHẬP", "sáp nhập"),
            ("SAP NHAP", "sáp nhập"),
            ("ĐỊA CHỈ MỚI", "địa chỉ mới"),
            ("Địa chỉ mới:", "địa chỉ mới"),
            ("đia chỉ mới", "địa chỉ mới"),
            ("NGỪNG hoạt ĐỘNG", "ngừng hoạt động"),
            ("ngung hoat dong", "ngừng hoạt động"),
            ("xx TrInH tU", "trinh tu"),
            ("trin", "trinh tu"),
            ("tr", "trình tự"),
            ("t", "trình tự"),
            ("", ""),
            ("abc", ""),
        ] {
            assert_eq!(
                lower_contains(text, needle),
                text.to_lowercase().contains(needle),
                "{text:?} {needle:?}"
            );
        }
    }
}
