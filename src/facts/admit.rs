//! Admission: whether bytes read from a file or fetched from a server are an
//! HTML page to audit, and when not, why. One policy for `check` (files,
//! folders, URLs) and `audit`, so a page is a page whichever command meets
//! it: an HTTP error status, an empty body, binary bytes (NUL, unless a
//! UTF-16 byte order mark explains them), HTML served under another content
//! type, and a file over the size limit are each refused with a typed
//! reason; content that is neither HTML nor claims to be (an image, a PDF)
//! is simply not a page.

use super::{Problem, ProblemKind};
use crate::lang::Lang;
use crate::messages;

/// How many leading bytes are looked at to tell a binary body (as git does).
const BINARY_SNIFF_BYTES: usize = 8000;

/// Where the bytes came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A local file: no status, no content type.
    File,
    /// An HTTP answer.
    Http {
        /// Its status.
        status: u16,
        /// Its `Content-Type` header, if any.
        content_type: Option<&'a str>,
    },
}

/// Why bytes are not audited as a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The server answered with a status other than 2xx.
    Status(u16),
    /// Nothing to read (with the HTTP status, when fetched).
    Empty(Option<u16>),
    /// Larger than the limit.
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// HTML served under another content type (or none): browsers may show
    /// it, but it is not served as a page.
    ContentType(Option<String>),
    /// Not text (with the content type it was served under, when fetched).
    Binary(Option<String>),
    /// Neither HTML nor served as HTML (an image, a PDF): not a page, and no
    /// problem either (its link is checked like any other).
    NotHtml,
}

impl Refusal {
    /// The problem to report, in `lang`; `None` for [`Refusal::NotHtml`].
    #[must_use]
    pub fn problem(&self, input: &str, lang: Lang) -> Option<Problem> {
        let text = |key: &str, args: &[(&str, &str)]| messages::text(key, lang, args);
        let (kind, message) = match self {
            Refusal::Status(status) => (
                ProblemKind::Http,
                text("problem-http-status", &[("status", &status.to_string())]),
            ),
            Refusal::Empty(Some(status)) => (
                ProblemKind::Empty,
                text("problem-empty-body", &[("status", &status.to_string())]),
            ),
            Refusal::Empty(None) => (ProblemKind::Empty, text("problem-empty", &[])),
            Refusal::TooLarge { bytes, limit } => (
                ProblemKind::TooLarge,
                text(
                    "problem-too-large",
                    &[("bytes", &bytes.to_string()), ("limit", &limit.to_string())],
                ),
            ),
            Refusal::ContentType(served) => {
                let served = served
                    .clone()
                    .unwrap_or_else(|| text("problem-no-content-type", &[]));
                (
                    ProblemKind::ContentType,
                    text("problem-served-html", &[("type", &served)]),
                )
            }
            Refusal::Binary(Some(served)) => (
                ProblemKind::Binary,
                text("problem-served-binary", &[("type", served)]),
            ),
            Refusal::Binary(None) => (ProblemKind::Binary, text("problem-binary", &[])),
            Refusal::NotHtml => return None,
        };
        Some(Problem {
            input: input.to_string(),
            kind,
            message,
        })
    }
}

/// Whether `bytes` from `origin` are a page to audit.
///
/// # Errors
/// The [`Refusal`] when they are not.
pub fn admit(origin: Origin<'_>, bytes: &[u8]) -> Result<(), Refusal> {
    let served = match origin {
        Origin::File => None,
        Origin::Http {
            status,
            content_type,
        } => {
            if !(200..300).contains(&status) {
                return Err(Refusal::Status(status));
            }
            Some(content_type.map(|c| c.trim().to_ascii_lowercase()))
        }
    };
    if bytes.is_empty() {
        return Err(Refusal::Empty(match origin {
            Origin::Http { status, .. } => Some(status),
            Origin::File => None,
        }));
    }
    if let Some(content_type) = &served
        && !content_type.as_deref().is_some_and(|c| c.contains("html"))
    {
        return Err(if looks_like_html(bytes) {
            Refusal::ContentType(content_type.clone().filter(|c| !c.is_empty()))
        } else {
            Refusal::NotHtml
        });
    }
    if is_binary(bytes) {
        return Err(Refusal::Binary(served.flatten()));
    }
    Ok(())
}

/// Whether a size is within `limit` (checked before a file is read).
///
/// # Errors
/// [`Refusal::TooLarge`].
pub fn within(bytes: u64, limit: u64) -> Result<(), Refusal> {
    if bytes > limit {
        return Err(Refusal::TooLarge { bytes, limit });
    }
    Ok(())
}

/// NUL bytes near the start, unless a UTF-16 byte order mark explains them.
fn is_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0)
}

/// Whether a body starts like an HTML document (a doctype, `<html>`, or a
/// `<body>` in its first kilobyte).
#[must_use]
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, content_type: Option<&str>) -> Origin<'_> {
        Origin::Http {
            status,
            content_type,
        }
    }

    #[test]
    fn files_and_answers_are_admitted_by_the_same_rules() {
        let html = b"<!doctype html><title>x</title>";
        let utf16 = [0xFF, 0xFE, b'<', 0, b'p', 0, b'>', 0];
        let nul = b"<p>a\0b</p>";
        let page = Some("text/html; charset=utf-8");
        assert_eq!(admit(Origin::File, html), Ok(()));
        assert_eq!(admit(http(200, page), html), Ok(()));
        // A UTF-16 page is text whichever way it comes.
        assert_eq!(admit(Origin::File, &utf16), Ok(()));
        assert_eq!(admit(http(200, page), &utf16), Ok(()));
        assert_eq!(admit(Origin::File, nul), Err(Refusal::Binary(None)));
        assert_eq!(
            admit(http(200, page), nul),
            Err(Refusal::Binary(Some("text/html; charset=utf-8".into())))
        );
        assert_eq!(admit(Origin::File, b""), Err(Refusal::Empty(None)));
        assert_eq!(admit(http(204, page), b""), Err(Refusal::Empty(Some(204))));
        assert_eq!(admit(http(404, page), html), Err(Refusal::Status(404)));
        assert_eq!(
            admit(http(200, Some("text/plain")), html),
            Err(Refusal::ContentType(Some("text/plain".into())))
        );
        assert_eq!(
            admit(http(200, None), html),
            Err(Refusal::ContentType(None))
        );
        assert_eq!(
            admit(http(200, Some("image/png")), b"\x89PNG\r\n"),
            Err(Refusal::NotHtml)
        );
        assert_eq!(within(10, 10), Ok(()));
        assert_eq!(
            within(11, 10),
            Err(Refusal::TooLarge {
                bytes: 11,
                limit: 10
            })
        );
    }

    #[test]
    fn each_refusal_is_a_problem_in_the_run_language_but_not_html() {
        let p = Refusal::Status(404)
            .problem("http://h/x", Lang::En)
            .unwrap();
        assert_eq!(
            (p.kind, p.message.as_str()),
            (ProblemKind::Http, "HTTP 404")
        );
        let p = Refusal::ContentType(None).problem("u", Lang::En).unwrap();
        assert_eq!(p.kind, ProblemKind::ContentType);
        assert!(p.message.contains("HTML"), "{}", p.message);
        assert_eq!(Refusal::NotHtml.problem("u", Lang::Vi), None);
        assert!(looks_like_html(b"\n <!DOCTYPE html><html>"));
        assert!(!looks_like_html(b"%PDF-1.4"));
    }
}
