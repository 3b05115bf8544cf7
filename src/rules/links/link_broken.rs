//! `link-broken`: the link's target answers 4xx or 5xx.
//!
//! **What it checks.** Every link (`a`, `area`, `img`, `script`, `link`,
//! `iframe`, media, `object`, `url()` in styles) whose target answered an HTTP
//! error (4xx or 5xx other than the blocking codes), after redirects and
//! retries.
//!
//! **Why.** Quy chế Điều 11 khoản 3 makes Sở TT&TT answer for the links from
//! the portal into component sites being correct; a broken link hides the
//! information a citizen came for.
//!
//! **Fails:** `<a href="/van-ban/qd-12.pdf">` answering 404; `<img
//! src="/anh/logo.png">` answering 404 (said as an image that does not load).
//!
//! **Passes:** the same link answering 200, or redirecting to a page that does.

use crate::rules::site::LinkStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-broken",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        if link.answer.status == LinkStatus::Broken {
            super::fail(out, link);
            // An image has no link text: "Ảnh … không tải được (HTTP 404)".
            // (A missing local image file has its own variant.)
            if link.link.tag == "img"
                && let Some(finding) = out.last_mut()
                && finding.variant.is_none()
            {
                finding.variant("image");
            }
        }
    }
}
