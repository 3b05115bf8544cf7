//! What a PDF offers a screen reader: a text layer (or only scanned images),
//! a document title, and tags (a structure tree). Parsed with `lopdf`, with
//! the decompressed text capped and the number of pages read bounded.

use lopdf::{Document, Object};
use serde::{Deserialize, Serialize};

/// Pages whose text is extracted at most (enough to tell a scan from text).
const MAX_TEXT_PAGES: u32 = 10;
/// Decompressed content read at most for text extraction.
const MAX_DECOMPRESSED: usize = 16 * 1024 * 1024;
/// Characters of extracted text kept (for the Unicode checks on it).
const MAX_TEXT_CHARS: usize = 20_000;

/// Facts about a PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfFacts {
    /// Why it could not be read as a PDF, if so (corrupt, encrypted).
    pub corrupt: Option<String>,
    /// Number of pages.
    pub pages: u32,
    /// Non-white-space characters of text found on the pages read.
    pub text_chars: usize,
    /// The start of the extracted text.
    pub text_sample: String,
    /// The document title (Info dictionary), if any.
    pub title: Option<String>,
    /// Whether it is tagged (a structure tree or `MarkInfo /Marked true`).
    pub tagged: bool,
    /// Whether it is encrypted.
    pub encrypted: bool,
}

/// Reads a PDF's facts. Never panics: a parser failure is `corrupt`.
#[must_use]
pub fn analyse(bytes: &[u8]) -> PdfFacts {
    let empty = |reason: String| PdfFacts {
        corrupt: Some(reason),
        pages: 0,
        text_chars: 0,
        text_sample: String::new(),
        title: None,
        tagged: false,
        encrypted: false,
    };
    let doc = match super::guarded("PDF", || Document::load_mem(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(err)) => return empty(format!("not a readable PDF: {err}")),
        Err(reason) => return empty(reason),
    };
    let pages = doc.get_pages();
    let page_count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if page_count == 0 {
        return empty("the PDF has no pages".to_string());
    }
    let encrypted = doc.trailer.get(b"Encrypt").is_ok();
    let numbers: Vec<u32> = pages
        .keys()
        .copied()
        .take(MAX_TEXT_PAGES as usize)
        .collect();
    let text = super::guarded("PDF text", || {
        doc.extract_text_with_limit(&numbers, MAX_DECOMPRESSED)
    })
    .ok()
    .and_then(Result::ok)
    .unwrap_or_default();
    let text_chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let text_sample: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_TEXT_CHARS)
        .collect();
    let catalog = doc.catalog().ok();
    let tagged = catalog.is_some_and(|catalog| {
        catalog.has(b"StructTreeRoot")
            || catalog
                .get(b"MarkInfo")
                .ok()
                .and_then(|m| resolve(&doc, m).as_dict().ok().cloned())
                .and_then(|m| m.get(b"Marked").ok().and_then(|v| v.as_bool().ok()))
                .unwrap_or(false)
    });
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| resolve(&doc, info).as_dict().ok().cloned())
        .and_then(|info| info.get(b"Title").ok().cloned())
        .and_then(|t| pdf_string(&t))
        .filter(|t| !t.trim().is_empty());
    PdfFacts {
        corrupt: None,
        pages: page_count,
        text_chars,
        text_sample,
        title,
        tagged,
        encrypted,
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// Decodes a PDF text string: UTF-16BE with a BOM, else PDFDocEncoding (≈ Latin-1).
fn pdf_string(object: &Object) -> Option<String> {
    let Object::String(bytes, _) = object else {
        return None;
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Some(String::from_utf8_lossy(&bytes[3..]).into_owned());
    }
    Some(bytes.iter().map(|&b| char::from(b)).collect())
}
