//! `link-blocked`: the server turned the link checker away (401, 403, 429 or 999).
//!
//! **What it checks.** A link whose target answered 401, 403, 429 or 999 (the
//! code some sites send to bots). The server refused the checker, so whether
//! readers can follow the link is unknown: a person must look. Reported apart
//! from broken links so bot-blocking never raises a false alarm.
//!
//! **Why.** Quy chế Điều 11 khoản 3 makes the portal's owner answer for the
//! links it publishes; a link that only works for some visitors (logged-in
//! users, some countries) still needs checking by hand.
//!
//! **Fails:** *(cant tell)* `<a href="https://dichvucong.gov.vn/p/home">` answered 403.
//!
//! **Passes:** the same link answering 200.

use crate::rules::site::LinkStatus;
use crate::rules::{Check, Family, Findings, Rule, SiteData};

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-blocked",
    family: Family::Links,
    check: Check::Site(check),
};

/// Runs the rule on one site's link results.
pub fn check(data: &SiteData, out: &mut Findings) {
    super::applies(data, out);
    for link in &data.links {
        if link.answer.status == LinkStatus::Blocked {
            super::cant_tell(out, link);
        }
    }
}
