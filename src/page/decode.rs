//! Turning bytes into text the way a browser does (WHATWG "determine the character encoding").
//!
//! The order is: byte order mark, then the charset the transport declared (HTTP
//! `Content-Type`, or the caller), then the `<meta charset>` / `http-equiv` prescan
//! of the first 1024 bytes, then UTF-8. We keep what each source said, what was
//! used, and where the bytes were not valid UTF-8: the Unicode rules (TCVN 6909)
//! judge exactly those facts, so decoding never throws them away.

use encoding_rs::{Encoding, UTF_8};
use serde::{Deserialize, Serialize};

/// How many bytes the `<meta>` prescan looks at, as in the HTML standard.
pub const PRESCAN_BYTES: usize = 1024;
/// How far we look for a late `<meta charset>` (outside the prescan window), so a
/// rule can say "declared too late" instead of "not declared".
const LATE_META_SEARCH_BYTES: usize = 64 * 1024;
/// At most this many invalid-byte offsets are recorded per page.
pub const MAX_INVALID_OFFSETS: usize = 1000;

/// Which source decided the encoding that was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte order mark at the start of the body.
    Bom,
    /// The HTTP `Content-Type` header (or a charset the caller supplied).
    Transport,
    /// A `<meta>` element within the first 1024 bytes.
    Meta,
    /// Nothing declared anything usable: UTF-8 was assumed.
    Default,
}

/// A `<meta>` charset declaration found in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaCharset {
    /// The label as written (`utf-8`, `windows-1258`, ...).
    pub label: String,
    /// Byte offset of the `<meta` tag in the body.
    pub offset: usize,
    /// Whether it lies within the first 1024 bytes, where browsers look.
    pub in_prescan: bool,
}

/// Everything decoding learnt about a page's encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingInfo {
    /// The BOM's encoding, if the body starts with one.
    pub bom: Option<String>,
    /// The charset label from the transport (HTTP header), as written.
    pub transport: Option<String>,
    /// The first `<meta>` charset declaration, even a late one.
    pub meta: Option<MetaCharset>,
    /// The canonical name of the encoding used to decode (`UTF-8`, `windows-1258`, ...).
    pub used: String,
    /// Which source decided `used`.
    pub source: EncodingSource,
    /// A declared label that no browser knows, if any (it was ignored).
    pub unknown_label: Option<String>,
    /// Byte offsets of invalid sequences when decoding as UTF-8 (at most
    /// [`MAX_INVALID_OFFSETS`]); empty for other encodings.
    pub invalid_utf8_offsets: Vec<usize>,
    /// Total number of invalid UTF-8 sequences (may exceed the recorded offsets).
    pub invalid_utf8_count: usize,
}

impl EncodingInfo {
    /// Whether the page was decoded as UTF-8.
    #[must_use]
    pub fn is_utf8(&self) -> bool {
        self.used == UTF_8.name()
    }
}

/// Decoded text plus what decoding learnt.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, with the BOM removed and invalid sequences replaced by U+FFFD.
    pub text: String,
    /// What was declared and used.
    pub info: EncodingInfo,
}

/// Extracts the `charset` parameter of a `Content-Type` value.
#[must_use]
pub fn charset_from_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|label| !label.is_empty())
    })
}

/// Decodes `bytes` as a browser would, given the charset the transport declared.
#[must_use]
pub fn decode(bytes: &[u8], transport_charset: Option<&str>) -> Decoded {
    let meta = find_meta_charset(bytes);
    let mut unknown_label = None;
    let bom = Encoding::for_bom(bytes);

    let (encoding, source) = if let Some((enc, _)) = bom {
        (enc, EncodingSource::Bom)
    } else if let Some(enc) = transport_charset.and_then(|label| {
        let found = Encoding::for_label(label.trim().as_bytes());
        if found.is_none() {
            unknown_label = Some(label.to_string());
        }
        found
    }) {
        (enc.output_encoding(), EncodingSource::Transport)
    } else if let Some(enc) = meta.as_ref().filter(|m| m.in_prescan).and_then(|m| {
        let found = Encoding::for_label(m.label.as_bytes());
        if found.is_none() && unknown_label.is_none() {
            unknown_label = Some(m.label.clone());
        }
        found
    }) {
        // A <meta> that claims UTF-16 means UTF-8 (the bytes are ASCII-compatible).
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc.output_encoding()
        };
        (enc, EncodingSource::Meta)
    } else {
        (UTF_8, EncodingSource::Default)
    };

    let body = match bom {
        Some((_, len)) => &bytes[len..],
        None => bytes,
    };
    let bom_len = bom.map_or(0, |(_, len)| len);

    let (mut invalid_utf8_offsets, mut invalid_utf8_count) = (Vec::new(), 0);
    let text = if encoding == UTF_8 {
        // Valid UTF-8 (the common case) is validated once, with SIMD
        // (simdutf8: std's validator took ~3 % of an audit's CPU on
        // Vietnamese pages, whose many multi-byte letters keep it off its
        // ASCII fast path); only invalid bytes pay for the scan that records
        // where they are.
        match simdutf8::basic::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(_) => {
                let (offsets, count) = invalid_utf8(body);
                invalid_utf8_offsets = offsets.into_iter().map(|o| o + bom_len).collect();
                invalid_utf8_count = count;
                String::from_utf8_lossy(body).into_owned()
            }
        }
    } else {
        let (text, _) = encoding.decode_without_bom_handling(body);
        text.into_owned()
    };

    Decoded {
        text,
        info: EncodingInfo {
            bom: bom.map(|(enc, _)| enc.name().to_string()),
            transport: transport_charset.map(str::to_string),
            meta,
            used: encoding.name().to_string(),
            source,
            unknown_label,
            invalid_utf8_offsets,
            invalid_utf8_count,
        },
    }
}

/// Offsets of invalid UTF-8 sequences in `bytes` (capped) and their total count.
#[must_use]
pub fn invalid_utf8(bytes: &[u8]) -> (Vec<usize>, usize) {
    let mut offsets = Vec::new();
    let mut count = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        match std::str::from_utf8(&bytes[pos..]) {
            Ok(_) => break,
            Err(err) => {
                let at = pos + err.valid_up_to();
                count += 1;
                if offsets.len() < MAX_INVALID_OFFSETS {
                    offsets.push(at);
                }
                pos = at + err.error_len().unwrap_or(bytes.len() - at).max(1);
            }
        }
    }
    (offsets, count)
}

/// Finds the first `<meta>` charset declaration (either form), looking a little
/// past the prescan window so that a late declaration can be reported.
#[must_use]
pub fn find_meta_charset(bytes: &[u8]) -> Option<MetaCharset> {
    let window = &bytes[..bytes.len().min(LATE_META_SEARCH_BYTES)];
    let mut pos = 0;
    while let Some(rel) = memchr(b'<', &window[pos..]) {
        let start = pos + rel;
        let rest = &window[start..];
        if rest.starts_with(b"<!--") {
            pos = match find(rest, b"-->") {
                Some(end) => start + end + 3,
                None => return None,
            };
            continue;
        }
        let tag_end = rest
            .iter()
            .position(|&b| b == b'>')
            .map_or(rest.len(), |e| e);
        let tag = &rest[..tag_end];
        if tag.len() > 5
            && tag[1..5].eq_ignore_ascii_case(b"meta")
            && (tag[5].is_ascii_whitespace() || tag[5] == b'/')
            && let Some(label) = meta_label(&tag[5..])
        {
            return Some(MetaCharset {
                label,
                offset: start,
                in_prescan: start < PRESCAN_BYTES,
            });
        }
        pos = start + 1;
    }
    None
}

/// Reads `charset=...` or `http-equiv=content-type content="...charset=..."`
/// from the attribute text of a `<meta>` tag.
fn meta_label(attrs: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(attrs);
    let mut charset = None;
    let mut http_equiv_ct = false;
    let mut content = None;
    for (name, value) in parse_attrs(&text) {
        match name.as_str() {
            "charset" if charset.is_none() => charset = Some(value),
            "http-equiv" => http_equiv_ct = value.eq_ignore_ascii_case("content-type"),
            "content" => content = Some(value),
            _ => {}
        }
    }
    if let Some(label) = charset.filter(|l| !l.trim().is_empty()) {
        return Some(label.trim().to_string());
    }
    if http_equiv_ct {
        let content = content?;
        let lower = content.to_ascii_lowercase();
        let at = lower.find("charset")?;
        let after = content[at + 7..].trim_start();
        let after = after.strip_prefix('=')?.trim_start();
        let label: String = after
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !matches!(c, ';' | '"' | '\'') && !c.is_whitespace())
            .collect();
        return (!label.is_empty()).then_some(label);
    }
    None
}

/// A small attribute tokenizer: `name`, `name=value`, `name="value"`, `name='value'`.
fn parse_attrs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '=' | '/' | '>') {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name: String = chars[start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && matches!(chars[i], '"' | '\'') {
                let quote = chars[i];
                i += 1;
                let vstart = i;
                while i < chars.len() && chars[i] != quote {
                    i += 1;
                }
                value = chars[vstart..i].iter().collect();
                i += 1;
            } else {
                let vstart = i;
                while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' {
                    i += 1;
                }
                value = chars[vstart..i].iter().collect();
            }
        }
        out.push((name, value));
    }
    out
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_everything() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<meta charset=windows-1258>Vi\xe1\xbb\x87t");
        let d = decode(&bytes, Some("iso-8859-1"));
        assert_eq!(d.info.source, EncodingSource::Bom);
        assert_eq!(d.info.used, "UTF-8");
        assert!(d.text.starts_with("<meta"));
        assert!(d.text.ends_with("Việt"));
    }

    #[test]
    fn transport_then_meta_then_default() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">";
        let d = decode(page, None);
        assert_eq!(d.info.source, EncodingSource::Meta);
        assert_eq!(d.info.used, "windows-1258");
        assert_eq!(d.info.meta.as_ref().unwrap().label, "windows-1258");

        let d = decode(page, Some("utf-8"));
        assert_eq!(d.info.source, EncodingSource::Transport);
        assert_eq!(d.info.used, "UTF-8");

        let d = decode(b"<p>plain</p>", None);
        assert_eq!(d.info.source, EncodingSource::Default);
        assert!(d.info.meta.is_none());
    }

    #[test]
    fn late_meta_is_recorded_but_not_used() {
        let mut page = b"<html><head>".to_vec();
        page.extend(std::iter::repeat_n(b' ', 2000));
        page.extend_from_slice(b"<meta charset='windows-1252'>");
        let d = decode(&page, None);
        let meta = d.info.meta.unwrap();
        assert!(!meta.in_prescan);
        assert_eq!(meta.offset, 2012);
        assert_eq!(d.info.source, EncodingSource::Default);
    }

    #[test]
    fn meta_in_comment_is_ignored() {
        let d = decode(b"<!-- <meta charset=koi8-r> --><meta charset=utf-8>", None);
        assert_eq!(d.info.meta.unwrap().label, "utf-8");
    }

    #[test]
    fn invalid_utf8_offsets() {
        let d = decode(b"ab\xffcd\xc3(x", None);
        assert_eq!(d.info.invalid_utf8_offsets, vec![2, 5]);
        assert_eq!(d.info.invalid_utf8_count, 2);
        assert_eq!(d.text, "ab\u{FFFD}cd\u{FFFD}(x");
    }

    /// The SIMD check takes only the valid-body path: every kind of invalid
    /// sequence, inside long Vietnamese text (past the validator's 64-byte
    /// blocks) and cut off at the very end, still reaches the scan that
    /// says where it is, at the offsets std's validator gives.
    #[test]
    fn invalid_sequences_in_long_vietnamese_text_are_all_found() {
        let text = "Cổng thông tin điện tử tỉnh — Sở Khoa học và Công nghệ. ".repeat(8);
        let bad: [&[u8]; 6] = [
            b"\xc0\xaf",         // overlong '/'
            b"\xed\xa0\x80",     // a UTF-16 surrogate half
            b"\xf4\x90\x80\x80", // above U+10FFFF
            b"\xe1\xba",         // a letter cut short
            b"\x80",             // a lone continuation byte
            b"\xf0\x9f\x98",     // a 4-byte sequence cut off by the end
        ];
        let mut body = b"<meta charset=utf-8>".to_vec();
        let mut expected = Vec::new();
        for seq in bad {
            body.extend_from_slice(text.as_bytes());
            expected.push(body.len());
            body.extend_from_slice(seq);
        }
        let d = decode(&body, None);
        let (std_offsets, std_count) = invalid_utf8(&body);
        assert!(d.info.invalid_utf8_count >= bad.len(), "{:?}", d.info);
        assert_eq!(d.info.invalid_utf8_count, std_count);
        assert_eq!(d.info.invalid_utf8_offsets, std_offsets);
        for at in expected {
            assert!(
                d.info.invalid_utf8_offsets.contains(&at),
                "{at} not in {:?}",
                d.info.invalid_utf8_offsets
            );
        }
        assert_eq!(d.text, String::from_utf8_lossy(&body));

        let valid = format!("<meta charset=utf-8>{text}");
        let d = decode(valid.as_bytes(), None);
        assert_eq!(d.text, valid);
        assert_eq!(d.info.invalid_utf8_count, 0);
        assert!(d.info.invalid_utf8_offsets.is_empty());
    }

    #[test]
    fn charset_param() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"UTF-8\"").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }
}
