//! Parsing `<meta http-equiv="refresh">` as browsers do (HTML "shared
//! declarative refresh steps"), shared by the two meta refresh rules.

use crate::page::{El, Page};

/// The first `<meta http-equiv="refresh">` with a valid `content`, and its delay in seconds.
pub fn first_refresh(page: &Page) -> Option<(El<'_>, u64)> {
    page.by_tag("meta")
        .filter(|m| {
            m.attr("http-equiv")
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("refresh"))
        })
        .find_map(|m| delay(m.attr("content")?).map(|d| (m, d)))
}

/// The delay of a valid refresh `content`, `None` when browsers ignore it
/// (the page's one refresh parser, [`crate::page::refresh`]).
#[must_use]
pub fn delay(content: &str) -> Option<u64> {
    crate::page::refresh::parse(content).map(|r| r.delay)
}

#[cfg(test)]
mod tests {
    use super::delay;

    #[test]
    fn delays() {
        assert_eq!(delay("30"), Some(30));
        assert_eq!(delay("0; URL='https://w3.org'"), Some(0));
        assert_eq!(delay("72001; https://w3.org"), Some(72001));
        for invalid in [
            "0: https://w3.org",
            "-00.12 foo",
            "; 30",
            "",
            "+5; x",
            "foo; URL=x",
        ] {
            assert_eq!(delay(invalid), None, "{invalid}");
        }
    }
}
