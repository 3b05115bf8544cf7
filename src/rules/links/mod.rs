//! Broken links and anchors: one file per rule. These are site rules: the
//! crawler records each link's result (status class, HTTP status, redirects,
//! whether the fragment was found) in the store, and the rules judge those
//! results without any I/O. A finding sits on the link's source page and
//! element, names the link text and the target.

mod link_blocked;
mod link_broken;
mod link_fragment_missing;
mod link_href_empty;
mod link_javascript;
mod link_mailto_invalid;
mod link_redirect_loop;
mod link_redirect_permanent;
mod link_tls_invalid;
mod link_unreachable;

use super::site::LinkResult;
use super::{Findings, RawFinding, Rule, SiteData};

/// The rules of this family, sorted by id: each rule file declares its own
/// [`Rule`] (`RULE`), this list only names them.
pub const RULES: &[Rule] = &[
    link_blocked::RULE,
    link_broken::RULE,
    link_fragment_missing::RULE,
    link_href_empty::RULE,
    link_javascript::RULE,
    link_mailto_invalid::RULE,
    link_redirect_loop::RULE,
    link_redirect_permanent::RULE,
    link_tls_invalid::RULE,
    link_unreachable::RULE,
];

/// The rule applies when the site has links at all.
fn applies(data: &SiteData, out: &mut Findings) {
    if data.links_ok > 0 || !data.links.is_empty() {
        out.pass();
    }
}

/// `a` and `area` links (navigation by the reader).
fn is_anchor(link: &LinkResult) -> bool {
    matches!(link.link.tag.as_str(), "a" | "area")
}

/// The slots every link message uses.
fn fill(finding: &mut RawFinding, link: &LinkResult) {
    let status = match (link.answer.http_status, &link.answer.detail) {
        (Some(code), _) if link.answer.redirects.is_empty() => format!("HTTP {code}"),
        (Some(code), _) => {
            let hops: Vec<String> = link
                .answer
                .redirects
                .iter()
                .map(|h| h.status.to_string())
                .collect();
            format!("HTTP {} → {code}", hops.join(" → "))
        }
        (None, Some(detail)) => detail.clone(),
        (None, None) => "-".to_string(),
    };
    let target = match &link.link.fragment {
        Some(fragment) if matches!(link.link.scheme.as_str(), "http" | "https" | "file") => {
            format!("{}#{fragment}", link.link.target)
        }
        _ => link.link.target.clone(),
    };
    finding
        .at_url(link.source.clone())
        .arg("target", target)
        .arg("text", link.link.text.clone())
        .arg("status", status)
        .arg("final", link.answer.final_url.clone().unwrap_or_default())
        .arg("fragment", link.link.fragment.clone().unwrap_or_default());
    // Without an HTTP answer, the message says why in the report's
    // languages (a rule without that variant keeps its own message); the
    // network library's detail stays in `status`.
    if link.answer.http_status.is_none()
        && let Some(variant) = variant(link)
    {
        finding.variant(variant);
    }
}

/// The message variant for a link that got no HTTP answer.
fn variant(link: &LinkResult) -> Option<&'static str> {
    use super::site::LinkStatus as S;
    Some(match link.answer.status {
        S::Broken if link.answer.detail.as_deref() == Some(crate::facts::FILE_NOT_FOUND) => {
            if link.link.tag == "img" {
                "image-file"
            } else {
                "file"
            }
        }
        S::Dns => "dns",
        S::Refused => "refused",
        S::Timeout => "timeout",
        S::UnsafeRedirect => "unsafe-redirect",
        S::PrivateAddress => "private-address",
        S::Error => "error",
        _ => return None,
    })
}

fn fail(out: &mut Findings, link: &LinkResult) {
    let finding = out.fail_at(Some(link.link.element.clone()));
    fill(finding, link);
}

fn cant_tell(out: &mut Findings, link: &LinkResult) {
    let finding = out.cant_tell_at(Some(link.link.element.clone()));
    fill(finding, link);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Target;
    use crate::rules::site::{Answer, LinkRecord, LinkStatus, RedirectHop};

    fn link(
        href: &str,
        scheme: &str,
        tag: &str,
        status: LinkStatus,
        http: Option<u16>,
    ) -> LinkResult {
        LinkResult {
            source: "http://h/".into(),
            link: LinkRecord {
                href: href.into(),
                target: href.into(),
                scheme: scheme.into(),
                fragment: None,
                tag: tag.into(),
                text: "t".into(),
                element: Target {
                    selector: format!("a[href='{href}']"),
                    line: 1,
                    column: Some(1),
                    snippet: String::new(),
                    signature: String::new(),
                },
            },
            answer: Answer {
                status,
                http_status: http,
                ..Answer::default()
            },
            fragment_found: None,
        }
    }

    fn run(id: &str, data: &SiteData) -> (crate::rules::Outcome, Vec<String>) {
        let rule = RULES.iter().find(|r| r.id == id).unwrap();
        let crate::rules::Check::Site(check) = rule.check else {
            panic!()
        };
        let mut out = Findings::new(rule.id);
        check(data, &mut out);
        let (outcome, raw) = out.finish();
        (
            outcome,
            raw.into_iter()
                .map(|f| {
                    format!(
                        "{:?} {} {}",
                        f.outcome,
                        f.target.unwrap().selector,
                        f.args["status"]
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn each_rule_judges_its_status() {
        use crate::rules::Outcome::{Failed, Inapplicable, Passed};
        let mut permanent = link("http://h/old", "http", "a", LinkStatus::Redirect, Some(200));
        permanent.answer.redirects = vec![RedirectHop {
            url: "http://h/old".into(),
            status: 301,
        }];
        let mut temporary = link("http://h/tmp", "http", "a", LinkStatus::Redirect, Some(200));
        temporary.answer.redirects = vec![RedirectHop {
            url: "http://h/tmp".into(),
            status: 302,
        }];
        let mut fragment = link("http://h/p", "http", "a", LinkStatus::Ok, Some(200));
        fragment.link.fragment = Some("muc-9".into());
        fragment.fragment_found = Some(false);
        let mut dns = link("http://gone/", "http", "a", LinkStatus::Dns, None);
        dns.answer.detail = Some("DNS lookup failed".into());
        let data = SiteData {
            links: vec![
                link("http://h/404", "http", "a", LinkStatus::Broken, Some(404)),
                link("http://x/403", "http", "a", LinkStatus::Blocked, Some(403)),
                permanent,
                temporary,
                fragment,
                dns,
                link("", "", "a", LinkStatus::Unchecked, None),
                link("#", "http", "a", LinkStatus::Ok, Some(200)),
                link(
                    "javascript:void(0)",
                    "javascript",
                    "a",
                    LinkStatus::Unchecked,
                    None,
                ),
                link("mailto:a@b", "mailto", "a", LinkStatus::Unchecked, None),
                link(
                    "mailto:a@b.vn?subject=x",
                    "mailto",
                    "a",
                    LinkStatus::Unchecked,
                    None,
                ),
                link("https://bad-cert/", "https", "img", LinkStatus::Tls, None),
                link("http://h/loop", "http", "a", LinkStatus::RedirectLoop, None),
            ],
            links_ok: 3,
            ..SiteData::default()
        };
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            run("link-broken", &data),
            (Failed, s(&["Failed a[href='http://h/404'] HTTP 404"]))
        );
        assert_eq!(
            run("link-blocked", &data),
            (
                crate::rules::Outcome::CantTell,
                s(&["CantTell a[href='http://x/403'] HTTP 403"])
            )
        );
        assert_eq!(
            run("link-redirect-permanent", &data),
            (Failed, s(&["Failed a[href='http://h/old'] HTTP 301 → 200"]))
        );
        assert_eq!(
            run("link-fragment-missing", &data),
            (Failed, s(&["Failed a[href='http://h/p'] HTTP 200"]))
        );
        assert_eq!(
            run("link-unreachable", &data),
            (
                Failed,
                s(&["Failed a[href='http://gone/'] DNS lookup failed"])
            )
        );
        assert_eq!(
            run("link-href-empty", &data),
            (
                Failed,
                s(&["Failed a[href=''] -", "Failed a[href='#'] HTTP 200"])
            )
        );
        assert_eq!(
            run("link-javascript", &data),
            (Failed, s(&["Failed a[href='javascript:void(0)'] -"]))
        );
        assert_eq!(
            run("link-mailto-invalid", &data),
            (Failed, s(&["Failed a[href='mailto:a@b'] -"]))
        );
        assert_eq!(
            run("link-tls-invalid", &data),
            (Failed, s(&["Failed a[href='https://bad-cert/'] -"]))
        );
        assert_eq!(
            run("link-redirect-loop", &data),
            (Failed, s(&["Failed a[href='http://h/loop'] -"]))
        );
        let clean = SiteData {
            links_ok: 2,
            ..SiteData::default()
        };
        assert_eq!(run("link-broken", &clean), (Passed, vec![]));
        assert_eq!(
            run("link-broken", &SiteData::default()),
            (Inapplicable, vec![])
        );
        assert_eq!(run("link-mailto-invalid", &clean), (Inapplicable, vec![]));
    }
}
