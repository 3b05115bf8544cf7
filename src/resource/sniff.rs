//! The real type of a file, from its first bytes (magic numbers), the way
//! `file(1)` does; the extension only breaks ties inside a container format
//! (OLE2 holds .doc, .xls and .ppt alike).

use serde::{Deserialize, Serialize};

// Which extensions mark a document link is decided where links are extracted.
pub use crate::page::links::{DOCUMENT_EXTENSIONS, extension};

/// The type of a downloadable file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    /// PDF.
    Pdf,
    /// Word 97–2003 (OLE2).
    Doc,
    /// Excel 97–2003 (OLE2).
    Xls,
    /// PowerPoint 97–2003 (OLE2).
    Ppt,
    /// Office Open XML text.
    Docx,
    /// Office Open XML spreadsheet.
    Xlsx,
    /// Office Open XML presentation.
    Pptx,
    /// OpenDocument text.
    Odt,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument presentation.
    Odp,
    /// Rich Text Format.
    Rtf,
    /// A ZIP archive that is not an office document.
    Zip,
    /// RAR archive.
    Rar,
    /// 7-Zip archive.
    SevenZip,
    /// gzip.
    Gzip,
    /// A Windows executable.
    Exe,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// GIF image.
    Gif,
    /// TIFF image.
    Tiff,
    /// An HTML page (often an error page served in place of a document).
    Html,
    /// XML (feeds among others).
    Xml,
    /// Plain text (txt, csv).
    Text,
    /// Anything else.
    Unknown,
}

impl FileType {
    /// Its usual extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Doc => "doc",
            FileType::Xls => "xls",
            FileType::Ppt => "ppt",
            FileType::Docx => "docx",
            FileType::Xlsx => "xlsx",
            FileType::Pptx => "pptx",
            FileType::Odt => "odt",
            FileType::Ods => "ods",
            FileType::Odp => "odp",
            FileType::Rtf => "rtf",
            FileType::Zip => "zip",
            FileType::Rar => "rar",
            FileType::SevenZip => "7z",
            FileType::Gzip => "gz",
            FileType::Exe => "exe",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
            FileType::Gif => "gif",
            FileType::Tiff => "tiff",
            FileType::Html => "html",
            FileType::Xml => "xml",
            FileType::Text => "txt",
            FileType::Unknown => "?",
        }
    }
}

/// Tells the type of `bytes`; `name` (URL or path) breaks OLE2 ties.
#[must_use]
pub fn sniff(bytes: &[u8], name: &str) -> FileType {
    let head = &bytes[..bytes.len().min(8192)];
    let ext = extension(name);
    if head.starts_with(b"%PDF-") || find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return FileType::Pdf;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match ext.as_str() {
            "xls" | "xlt" => FileType::Xls,
            "ppt" | "pps" | "pot" => FileType::Ppt,
            _ => FileType::Doc,
        };
    }
    if head.starts_with(b"PK\x03\x04") {
        if find(head, b"mimetypeapplication/vnd.oasis.opendocument.text").is_some() {
            return FileType::Odt;
        }
        if find(
            head,
            b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
        )
        .is_some()
        {
            return FileType::Ods;
        }
        if find(
            head,
            b"mimetypeapplication/vnd.oasis.opendocument.presentation",
        )
        .is_some()
        {
            return FileType::Odp;
        }
        // OOXML part names appear in the local file headers.
        let whole = &bytes[..bytes.len().min(256 * 1024)];
        if find(whole, b"word/").is_some() {
            return FileType::Docx;
        }
        if find(whole, b"xl/").is_some() {
            return FileType::Xlsx;
        }
        if find(whole, b"ppt/").is_some() {
            return FileType::Pptx;
        }
        return FileType::Zip;
    }
    let magic: &[(&[u8], FileType)] = &[
        (b"{\\rtf", FileType::Rtf),
        (b"Rar!\x1a\x07", FileType::Rar),
        (b"7z\xbc\xaf\x27\x1c", FileType::SevenZip),
        (b"\x1f\x8b", FileType::Gzip),
        (b"MZ", FileType::Exe),
        (b"\x89PNG\r\n\x1a\n", FileType::Png),
        (b"\xff\xd8\xff", FileType::Jpeg),
        (b"GIF87a", FileType::Gif),
        (b"GIF89a", FileType::Gif),
        (b"II*\x00", FileType::Tiff),
        (b"MM\x00*", FileType::Tiff),
    ];
    if let Some((_, kind)) = magic.iter().find(|(m, _)| head.starts_with(m)) {
        return *kind;
    }
    if head.contains(&0) {
        return FileType::Unknown;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(1024)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if text.starts_with("<?xml")
        || text.starts_with("<rss")
        || text.starts_with("<feed")
        || text.starts_with("<rdf")
    {
        return FileType::Xml;
    }
    if crate::facts::admit::looks_like_html(head) {
        return FileType::Html;
    }
    FileType::Text
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_win_over_extensions() {
        assert_eq!(sniff(b"%PDF-1.7\n...", "x.doc"), FileType::Pdf);
        assert_eq!(sniff(b"Rar!\x1a\x07\x00rest", "van-ban.pdf"), FileType::Rar);
        assert_eq!(
            sniff(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "bang.xls"
            ),
            FileType::Xls
        );
        assert_eq!(
            sniff(
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                "qd.doc?id=1"
            ),
            FileType::Doc
        );
        assert_eq!(
            sniff(b"PK\x03\x04....word/document.xml", "a.docx"),
            FileType::Docx
        );
        assert_eq!(
            sniff(
                b"PK\x03\x04\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
                "a"
            ),
            FileType::Odt
        );
        assert_eq!(sniff(b"MZ\x90\x00", "setup.pdf"), FileType::Exe);
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body>404", "van-ban.pdf"),
            FileType::Html
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss>", "feed"),
            FileType::Xml
        );
        assert_eq!(sniff("Số,Ngày\n1,2".as_bytes(), "a.csv"), FileType::Text);
        assert_eq!(
            extension("https://x.vn/tai-lieu/QD-123.PDF?download=1"),
            "pdf"
        );
    }
}
