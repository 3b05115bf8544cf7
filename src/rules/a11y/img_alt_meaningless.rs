//! `img-alt-meaningless`: an image's text alternative is a file name or a placeholder word.
//!
//! **What it checks.** Every image in the accessibility tree (role `img`) whose
//! accessible name is a file name (`IMG_0012.jpg`, `anh1.png`, `DSC_1234`),
//! or only a placeholder word ("ảnh", "hình", "hình ảnh", "image", "photo",
//! "picture", "banner", "untitled"…), fails. Other names pass this check
//! (whether they are accurate is for a person to judge).
//!
//! **Why.** Content management systems fill `alt` with the upload's file
//! name; a screen reader then reads "I M G underscore zero zero one two dot
//! j p g". Thông tư 32/2017 Điều 18 khoản 1 điểm c requires text
//! equivalents that convey the image. WCAG 2.0 SC 1.1.1 (level A).
//!
//! **Fails:** `<img src="IMG_0012.jpg" alt="IMG_0012.jpg">`, `<img src="a.png" alt="ảnh">`
//!
//! **Passes:** `<img src="IMG_0012.jpg" alt="Lễ khởi công cầu Cổ Chiên">`

use crate::page::Page;
use crate::rules::Findings;

use super::link_text_generic::normalise;
use crate::rules::{Check, Family, Rule};

const PLACEHOLDERS: &[&str] = &[
    "ảnh",
    "hình",
    "hình ảnh",
    "ảnh minh họa",
    "ảnh minh hoạ",
    "hình minh họa",
    "hình minh hoạ",
    "minh họa",
    "minh hoạ",
    "image",
    "img",
    "photo",
    "picture",
    "pic",
    "graphic",
    "banner",
    "icon",
    "untitled",
    "no title",
    "alt",
    "placeholder",
    "spacer",
    "thumbnail",
];

const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "bmp", "svg", "tif", "tiff", "avif", "heic",
];

/// Whether the text is a file name: it ends with an image extension, or it
/// looks like a camera or upload name (`IMG_0012`, `DSC01234`, `anh1`).
#[must_use]
pub fn is_file_name(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    if t.contains(' ') {
        return false;
    }
    if let Some((stem, ext)) = t.rsplit_once('.')
        && !stem.is_empty()
        && IMAGE_EXTENSIONS.contains(&ext)
    {
        return true;
    }
    let letters: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    let rest = &t[letters.len()..];
    let rest = rest.trim_start_matches(['_', '-']);
    matches!(
        letters.as_str(),
        "img"
            | "dsc"
            | "dscn"
            | "dscf"
            | "pict"
            | "photo"
            | "image"
            | "anh"
            | "hinh"
            | "screenshot"
    ) && !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_' || c == '-')
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "img-alt-meaningless",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    for img in super::images(page) {
        let name = page.accessible_name(img);
        if name.is_empty() {
            continue;
        }
        let placeholder = name.len() <= 48 && PLACEHOLDERS.contains(&normalise(name).as_str());
        if is_file_name(name) || placeholder {
            out.fail(img).arg("alt", name);
        } else {
            out.pass();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_file_name;

    #[test]
    fn file_names() {
        for f in [
            "IMG_0012.jpg",
            "anh1.png",
            "DSC_1234",
            "banner-top.webp",
            "IMG-20250101",
        ] {
            assert!(is_file_name(f), "{f}");
        }
        for n in ["Chủ tịch UBND tỉnh", "Logo", "2025", "Bản đồ.png của tỉnh"] {
            assert!(!is_file_name(n), "{n}");
        }
    }
}
