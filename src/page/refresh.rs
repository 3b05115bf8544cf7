//! `<meta http-equiv="refresh" content="…">` read as browsers read it (HTML,
//! "shared declarative refresh steps"): a delay, then optionally the address
//! to go to, with or without `url=` (`5`, `0; url=/vi/`, `0;URL='a.html'`,
//! `0, https://x`, `0; https://x`). One parser serves the link extractor,
//! the meta refresh rules and the moved-site facts.

/// A valid refresh declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refresh<'a> {
    /// Seconds before the refresh (`u64::MAX` when too large to count).
    pub delay: u64,
    /// Where it goes, as written (unquoted); `None`: the page reloads itself.
    pub url: Option<&'a str>,
}

/// Parses a refresh `content`; `None` when browsers ignore it.
#[must_use]
pub fn parse(content: &str) -> Option<Refresh<'_>> {
    let is_space = |c: char| c.is_ascii_whitespace();
    let s = content.trim_start_matches(is_space);
    let digits_len = s.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = s.split_at(digits_len);
    if digits.is_empty() && !rest.starts_with('.') {
        return None;
    }
    let delay = if digits.is_empty() {
        0
    } else {
        digits.parse::<u64>().unwrap_or(u64::MAX)
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let Some(next) = rest.chars().next() else {
        return Some(Refresh { delay, url: None });
    };
    if !(next == ';' || next == ',' || is_space(next)) {
        return None;
    }
    let rest = rest.trim_start_matches(is_space);
    let rest = rest
        .strip_prefix([';', ','])
        .unwrap_or(rest)
        .trim_start_matches(is_space);
    if rest.is_empty() {
        return Some(Refresh { delay, url: None });
    }
    // `url=` (any case, spaces around `=`) is optional; a partial prefix is
    // left where it stopped, as the specification says.
    let mut at = rest;
    for letter in ['u', 'r', 'l'] {
        match at.chars().next() {
            Some(c) if c.eq_ignore_ascii_case(&letter) => at = &at[1..],
            _ => {
                return Some(Refresh {
                    delay,
                    url: unquote(at),
                });
            }
        }
    }
    let at = at.trim_start_matches(is_space);
    let Some(value) = at.strip_prefix('=') else {
        return Some(Refresh {
            delay,
            url: unquote(at),
        });
    };
    Some(Refresh {
        delay,
        url: unquote(value.trim_start_matches(is_space)),
    })
}

/// The address after the optional opening quote, up to its closing quote.
fn unquote(value: &str) -> Option<&str> {
    let url = match value.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            let inner = &value[1..];
            inner.split(quote).next().unwrap_or(inner)
        }
        _ => value,
    };
    let url = url.trim();
    (!url.is_empty()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(content: &str) -> Option<&str> {
        parse(content).and_then(|r| r.url)
    }

    #[test]
    fn delays_follow_the_browsers() {
        let delay = |content| parse(content).map(|r| r.delay);
        assert_eq!(delay("30"), Some(30));
        assert_eq!(delay(" 5.9 "), Some(5));
        assert_eq!(delay(".5; x"), Some(0));
        assert_eq!(delay("0; URL='https://w3.org'"), Some(0));
        assert_eq!(delay("72001; https://w3.org"), Some(72001));
        assert_eq!(delay("99999999999999999999999"), Some(u64::MAX));
        for invalid in [
            "0: https://w3.org",
            "-00.12 foo",
            "; 30",
            "",
            "+5; x",
            "foo; URL=x",
        ] {
            assert_eq!(parse(invalid), None, "{invalid}");
        }
    }

    #[test]
    fn the_address_is_found_with_or_without_url_equals() {
        assert_eq!(url("0; url=/vi/"), Some("/vi/"));
        assert_eq!(url("0;URL='a.html'"), Some("a.html"));
        assert_eq!(url("0; URL = \"b.html\" trailing"), Some("b.html"));
        assert_eq!(url("0; https://x.gov.vn/"), Some("https://x.gov.vn/"));
        assert_eq!(url("0, https://x.gov.vn/"), Some("https://x.gov.vn/"));
        assert_eq!(url("3 /moi/"), Some("/moi/"));
        assert_eq!(url("0; uri.html"), Some("i.html"), "a partial url= prefix");
        assert_eq!(url("5"), None);
        assert_eq!(url("5;"), None);
        assert_eq!(url("0; url="), None);
    }
}
