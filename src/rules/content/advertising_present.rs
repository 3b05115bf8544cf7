//! `advertising-present`: the page carries advertising, for a person to judge
//! against the province's approval rule.
//!
//! **What it checks.** Every element of the page that is advertising, in
//! document order, each a `cant_tell` finding naming what it is:
//! - a `<script>` (its `src`, or the text of an inline one), `<iframe>`,
//!   `<img>` or `<a>` whose address is on a known advertising network's host
//!   (Google AdSense/Ad Manager — `googlesyndication.com`,
//!   `googleadservices.com`, `doubleclick.net` —, Xandr `adnxs.com`, Criteo,
//!   Taboola, Outbrain, Amazon `amazon-adsystem.com`, and the Vietnamese
//!   networks Admicro — `admicro.vn`, and on VCCorp's `vcmedia.vn` only its
//!   `admicro…` hosts: the rest of `vcmedia.vn` is the image and video CDN of
//!   VCCorp's newspapers, so a news photo from it is not advertising — and
//!   eClick `eclick.vn`);
//! - an AdSense slot (`<ins class="adsbygoogle">`);
//! - an advertising slot: an element whose `id` or a `class` names it `ads`,
//!   `quang-cao` or `quangcao` (alone or as a `-`/`_` part: `ads-right`,
//!   `box_quangcao`).
//!
//! What a slot contains is not reported again, so a banner zone with its
//! pictures is one finding. The outcome is `cant_tell`: advertising is not
//! forbidden; it needs the approval of the competent authority and should
//! mainly promote the province, which a person must judge. A page without
//! advertising is inapplicable.
//!
//! **Why.** Quy chế Cổng TTĐT tỉnh Trà Vinh (Quyết định 1526/QĐ-UBND) Điều 7:
//! advertising on the provincial portal needs the approval of the competent
//! authority (khoản 1) and should mainly present the province's economic
//! potential to investors (khoản 2). No national text in the research says
//! this of state portals, so the rule is **provincial**
//! (`provincial = true` in `rulesets/content.toml`): it runs only where a
//! provincial profile gives it a basis (`[[basis]] rules =
//! ["advertising-present"]`), and its findings cite that regulation only.
//!
//! **Fails:** (a `cant_tell` notice)
//! `<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>`;
//! `<div class="box-quang-cao"><a href="/lien-ket/1"><img src="/banner.png"></a></div>`.
//!
//! **Passes:** (inapplicable) a page without any of these.

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "advertising-present",
    family: Family::Content,
    check: Check::Page(check),
};

/// Hosts of advertising networks (a host matches itself and its
/// subdomains), with the network's name. A domain shared with other content
/// is listed in [`SHARED`] instead.
const NETWORKS: &[(&str, &str)] = &[
    ("googlesyndication.com", "Google AdSense"),
    ("googleadservices.com", "Google Ads"),
    ("doubleclick.net", "Google Ad Manager (DoubleClick)"),
    ("adnxs.com", "Xandr (AppNexus)"),
    ("criteo.com", "Criteo"),
    ("criteo.net", "Criteo"),
    ("taboola.com", "Taboola"),
    ("outbrain.com", "Outbrain"),
    ("amazon-adsystem.com", "Amazon Ads"),
    ("admicro.vn", "Admicro"),
    ("eclick.vn", "eClick"),
];

/// Domains that also serve ordinary content (a CDN): only their subdomains
/// whose first label starts with the prefix are the network's, as
/// (domain, first-label prefix, network).
const SHARED: &[(&str, &str, &str)] = &[("vcmedia.vn", "admicro", "Admicro (VCCorp)")];

/// Whether `host` is `domain` or one of its subdomains.
fn on_domain(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|head| head.ends_with('.'))
}

/// The words that name an advertising slot in an `id` or `class`.
const SLOT_WORDS: &[&str] = &["ads", "quangcao", "adsbygoogle"];

/// The advertising network whose host an address is on, with the host.
fn network(address: &str) -> Option<(&'static str, String)> {
    let address = address.trim();
    let rest = address.split_once("//").map_or(address, |(scheme, rest)| {
        if scheme.is_empty() || scheme.ends_with(':') {
            rest
        } else {
            ""
        }
    });
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = NETWORKS
        .iter()
        .find(|(domain, _)| on_domain(&host, domain))
        .map(|(_, name)| *name)
        .or_else(|| {
            SHARED
                .iter()
                .find(|(domain, prefix, _)| on_domain(&host, domain) && host.starts_with(prefix))
                .map(|(_, _, name)| *name)
        })?;
    Some((name, host))
}

/// The network an inline script loads or names (an address in its text).
fn inline_network(text: &str) -> Option<(&'static str, String)> {
    let lower = text.to_ascii_lowercase();
    let domains = NETWORKS.iter().map(|(domain, _)| *domain);
    let mut domains = domains.chain(SHARED.iter().map(|(domain, ..)| *domain));
    domains.find_map(|suffix| {
        lower.match_indices(suffix).find_map(|(at, _)| {
            // The host around the match: back to a quote, slash or space.
            let start = lower[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .map_or(0, |i| i + 1);
            network(&format!("//{}", &lower[start..at + suffix.len()]))
        })
    })
}

/// The slot word an `id` or `class` value names, when it names one.
fn slot_word(value: &str) -> Option<&'static str> {
    value.split_ascii_whitespace().find_map(|token| {
        let token = token.to_ascii_lowercase();
        let parts: Vec<&str> = token.split(['-', '_']).collect();
        // "quang-cao" is two parts; "quangcao" one.
        let joined = parts.windows(2).any(|w| w == ["quang", "cao"]);
        SLOT_WORDS
            .iter()
            .find(|word| parts.contains(word))
            .copied()
            .or_else(|| joined.then_some("quangcao"))
    })
}

/// What advertising an element is, in words for the finding (`{ad}`).
fn advertising(el: El<'_>) -> Option<String> {
    let address = match el.name() {
        "script" | "iframe" | "img" => el.attr("src"),
        "a" => el.attr("href"),
        _ => None,
    };
    if let Some((name, host)) = address.and_then(network) {
        return Some(format!("{name} ({host})"));
    }
    if el.name() == "script"
        && el.attr("src").is_none()
        && let Some((name, host)) = inline_network(&el.text())
    {
        return Some(format!("{name} ({host})"));
    }
    for attr in ["id", "class"] {
        if let Some(word) = el.attr(attr).and_then(slot_word) {
            let value = el.attr(attr).unwrap_or_default().trim();
            return Some(if word == "adsbygoogle" {
                "Google AdSense (ins.adsbygoogle)".to_string()
            } else {
                format!("{attr}=\"{value}\"")
            });
        }
    }
    None
}

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    // The slots reported so far: what they contain is not reported again.
    let mut reported: Vec<u32> = Vec::new();
    for el in page.elements() {
        if el.name() == "html" || el.name() == "body" {
            continue;
        }
        if !reported.is_empty() && el.ancestors().any(|a| reported.contains(&a.index())) {
            continue;
        }
        if let Some(ad) = advertising(el) {
            reported.push(el.index());
            out.cant_tell(el).arg("ad", ad);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{network, slot_word};

    #[test]
    fn hosts_and_slots() {
        assert_eq!(
            network("https://pagead2.googlesyndication.com/pagead/js/x.js").map(|n| n.0),
            Some("Google AdSense")
        );
        assert_eq!(
            network("//static.eclick.vn/x.js").map(|n| n.1),
            Some("static.eclick.vn".into())
        );
        assert_eq!(network("https://notdoubleclick.net/x"), None);
        assert_eq!(network("/ads/banner.png"), None);
        // VCCorp's CDN carries its newspapers' photos: only its Admicro
        // hosts are advertising.
        assert_eq!(
            network("https://admicro1.vcmedia.vn/core/admcore.js").map(|n| n.0),
            Some("Admicro (VCCorp)")
        );
        assert_eq!(network("https://kenh14cdn.vcmedia.vn/2026/anh.jpg"), None);
        assert_eq!(network("https://vcmedia.vn/x.jpg"), None);
        assert_eq!(slot_word("box-quang-cao left"), Some("quangcao"));
        assert_eq!(slot_word("ads_right"), Some("ads"));
        assert_eq!(slot_word("downloads uploads"), None);
        assert_eq!(slot_word("quang"), None);
    }
}
