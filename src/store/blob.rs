//! How the store keeps its values: JSON, deflated JSON blobs (one deflate
//! and one inflate state per thread) and `texts` bodies, read back by
//! [`parse_json`] and [`text_body`].

pub(super) fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The deflate level of the store's blobs (README, "At the scale issue's
/// page shape", measures the levels).
pub(super) const DEFLATE_LEVEL: flate2::Compression = flate2::Compression::new(6);

/// A value's JSON deflated: how the large per-page values (a page's report
/// entry and its site facts) are kept; [`super::Store::json_rows`] reads both these
/// blobs and JSON texts.
pub(super) fn deflated_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    deflated(&serde_json::to_vec(value).unwrap_or_default())
}

std::thread_local! {
    /// One deflate and one inflate state per thread, reset for each blob: a
    /// state made per blob (≈ 300 KB to deflate, 40 KB to inflate, aligned
    /// allocations) cost CPU and, read back by the thousand, fragmented the
    /// heap (`report` of a 2 004-page store: RSS 104 MB against 48 MB).
    static DEFLATE: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(DEFLATE_LEVEL, false));
    static INFLATE: std::cell::RefCell<flate2::Decompress> =
        std::cell::RefCell::new(flate2::Decompress::new(false));
}

/// `bytes` deflated (raw deflate; [`inflated`] reads it back).
pub(super) fn deflated(bytes: &[u8]) -> Vec<u8> {
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(deflate.total_in()).unwrap_or(usize::MAX);
            let status = deflate.compress_vec(
                bytes.get(read..).unwrap_or_default(),
                &mut out,
                flate2::FlushCompress::Finish,
            );
            match status {
                Ok(flate2::Status::StreamEnd) | Err(_) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
    })
}

/// A blob of [`deflated`] inflated; `None` when it is damaged or cut short.
pub(super) fn inflated(blob: &[u8]) -> Option<Vec<u8>> {
    INFLATE.with_borrow_mut(|inflate| {
        inflate.reset(false);
        let mut out = Vec::with_capacity(blob.len().saturating_mul(4).max(64));
        loop {
            let (read, written) = (inflate.total_in(), inflate.total_out());
            let status = inflate
                .decompress_vec(
                    blob.get(usize::try_from(read).ok()?..)?,
                    &mut out,
                    flate2::FlushDecompress::Finish,
                )
                .ok()?;
            match status {
                flate2::Status::StreamEnd => return Some(out),
                _ if out.len() == out.capacity() => out.reserve(out.capacity()),
                // No room was missing and nothing moved: the blob is cut short.
                _ if inflate.total_in() == read && inflate.total_out() == written => return None,
                _ => {}
            }
        }
    })
}

/// A JSON value from a column: a text, or a blob of [`deflated_json`].
pub(super) fn parse_json<T: serde::de::DeserializeOwned>(
    cell: rusqlite::types::ValueRef<'_>,
) -> Option<T> {
    match cell {
        rusqlite::types::ValueRef::Blob(blob) => serde_json::from_slice(&inflated(blob)?).ok(),
        rusqlite::types::ValueRef::Text(text) => serde_json::from_slice(text).ok(),
        _ => None,
    }
}

/// A finding's shared part (or any value) parsed from a `texts.body` cell.
/// **Every read of `texts.body` goes through here**: layout 5 keeps the
/// bodies deflated (a blob of [`deflated_json`]), layouts 3–4 kept JSON text
/// (a store of those layouts is migrated when opened, but both are read).
/// `None` when the cell does not parse.
pub(super) fn text_body<T: serde::de::DeserializeOwned>(
    cell: rusqlite::types::ValueRef<'_>,
) -> Option<T> {
    parse_json(cell)
}
