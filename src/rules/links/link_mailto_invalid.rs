//! `link-mailto-invalid`: a `mailto:` link holds an address that is not an e-mail address.
//!
//! **What it checks.** `mailto:` links read as RFC 6068 says: the addresses
//! before `?` and those of the `to`, `cc` and `bcc` fields of the query,
//! percent-decoded, each list comma-separated. Every address must be an
//! `addr-spec` (RFC 5322: a dot-atom or quoted local part, `@`, a domain)
//! whose domain is fully qualified (at least two labels, RFC 5321 §2.3.5) or
//! an address literal; internationalised addresses (RFC 6532) are fine. A
//! link with no address at all (`mailto:?subject=…`, the "send by e-mail"
//! link of news articles) is valid: the reader picks the recipient.
//!
//! **Why.** The contact address of the editorial board or of an agency is how
//! citizens write to it (Quy chế Điều 11 khoản 2); a malformed `mailto:` opens
//! a message to nobody or to a wrong address.
//!
//! **Fails:** `<a href="mailto:banbientap@travinh">`, `<a href="mailto:Ban biên tập">`
//!
//! **Passes:** `<a href="mailto:banbientap@travinh.gov.vn?subject=G%C3%B3p%20%C3%BD">`,
//! `<a href="mailto:?subject=Tin%20hay&body=https%3A%2F%2Ftravinh.gov.vn%2Ftin%2F1">`,
//! `<a href="mailto:vanthu%40travinh.gov.vn,bbt@travinh.gov.vn">`

use crate::page::links::decode_path as percent_decode;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-mailto-invalid",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    for link in data.links.iter().filter(|l| l.link.scheme == "mailto") {
        if valid_mailto(&link.link.href) {
            out.pass();
        } else {
            super::fail(out, link);
        }
    }
}

/// Whether a `mailto:` URI's addresses are all valid (RFC 6068 §2).
fn valid_mailto(href: &str) -> bool {
    let href = href.trim();
    let rest = href.get("mailto:".len()..).unwrap_or_default();
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut lists = vec![to.to_string()];
    for field in query.split('&') {
        if let Some((name, value)) = field.split_once('=')
            && matches!(
                percent_decode(name).to_ascii_lowercase().as_str(),
                "to" | "cc" | "bcc"
            )
        {
            lists.push(value.to_string());
        }
    }
    lists.iter().all(|list| {
        // Addresses are separated by commas, written as is or encoded.
        let decoded = percent_decode(list);
        split_addresses(&decoded)
            .into_iter()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .all(valid_address)
    })
}

/// Splits an address list at the commas outside quoted local parts.
fn split_addresses(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// RFC 5322 `atext`, with the UTF-8 characters RFC 6532 adds.
fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!#$%&'*+-/=?^_`{|}~".contains(c)
        || !c.is_ascii() && !c.is_whitespace()
}

/// A `dot-atom-text`: atoms of `atext` joined by single dots.
fn dot_atom(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext))
}

/// An `addr-spec` (RFC 5322 §3.4.1) with a deliverable domain.
fn valid_address(address: &str) -> bool {
    let Some(at) = address.rfind('@') else {
        return false;
    };
    let (local, domain) = (&address[..at], &address[at + 1..]);
    let local_ok = if let Some(inner) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        // quoted-string: any printable character, `"` and `\` escaped.
        let mut escaped = false;
        inner.chars().all(|c| {
            let ok = escaped || c != '"' && !c.is_control();
            escaped = !escaped && c == '\\';
            ok
        }) && !escaped
    } else {
        dot_atom(local)
    };
    let domain_ok = if domain.starts_with('[') && domain.ends_with(']') {
        // An address literal, `[192.0.2.1]` or `[IPv6:…]`.
        domain.len() > 2 && !domain[1..domain.len() - 1].contains(['[', ']', '\\'])
    } else {
        dot_atom(domain) && domain.split('.').count() >= 2
    };
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::valid_mailto;

    #[test]
    fn rfc_6068_mailto_uris() {
        for ok in [
            "mailto:banbientap@travinh.gov.vn",
            "MAILTO:banbientap@travinh.gov.vn?subject=G%C3%B3p%20%C3%BD",
            "mailto:?subject=Tin%20hay&body=https%3A%2F%2Ftravinh.gov.vn",
            "mailto:",
            "mailto:vanthu%40travinh.gov.vn",
            "mailto:a@travinh.gov.vn,b@travinh.gov.vn",
            "mailto:a@travinh.gov.vn%2Cb@travinh.gov.vn",
            "mailto:?to=a@travinh.gov.vn&cc=b%40travinh.gov.vn",
            "mailto:%22ban%20bien%20tap%22@travinh.gov.vn",
            "mailto:thư@sở.gov.vn",
            "mailto:postmaster@[192.0.2.1]",
            "mailto:a@travinh.gov.vn?subject",
        ] {
            assert!(valid_mailto(ok), "{ok}");
        }
        for bad in [
            "mailto:banbientap@travinh",
            "mailto:banbientap",
            "mailto:Ban%20bi%C3%AAn%20t%E1%BA%ADp",
            "mailto:a@@travinh.gov.vn",
            "mailto:a..b@travinh.gov.vn",
            "mailto:a@travinh..gov.vn",
            "mailto:a b@travinh.gov.vn",
            "mailto:?to=ban-bien-tap",
            "mailto:a@travinh.gov.vn?cc=b@",
            "mailto:Ban%20BT%20%3Cbbt@travinh.gov.vn%3E",
        ] {
            assert!(!valid_mailto(bad), "{bad}");
        }
    }
}
