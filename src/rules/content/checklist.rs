//! The per-site checklist of mandatory categories, as the report holds it:
//! every required category with its status (present, missing, stale), the
//! legal bases requiring it on the reference date, and the evidence — the
//! text that matched, where, and on which page — so every verdict can be
//! checked by a person.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ruleset::{AppliedBasis, Localized};

/// Where a category was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Where {
    /// A navigation menu or the header.
    Menu,
    /// A sidebar link.
    Sidebar,
    /// A footer link.
    Footer,
    /// Another link outside running text.
    Link,
    /// A link's URL slug.
    LinkSlug,
    /// A heading of the page.
    Heading,
    /// A breadcrumb item.
    Breadcrumb,
    /// The page title.
    Title,
    /// The page's own URL slug.
    Slug,
    /// A table whose header row has the section's columns.
    Table,
    /// The footer text carries the signs (address, phone, email).
    FooterText,
    /// A link to a host that provides the section (`dichvucong.…`).
    Host,
    /// The page's language.
    Lang,
}

/// One match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The component site it was found on, when not the site judged (an item
    /// the portal carries by linking to the supplying unit's site).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The page of the site judged that links to that component site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The page it was found on.
    pub url: String,
    /// Where on the page.
    #[serde(rename = "where")]
    pub place: Where,
    /// The text that matched.
    pub text: String,
    /// For links: where the link goes.
    pub target: Option<String>,
}

/// A category's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Found (and fresh, when freshness applies and a date was found).
    Present,
    /// Not found anywhere on the audited pages.
    Missing,
    /// Found, but its newest date is older than the limit.
    Stale,
    /// Not judged: the site has moved (see `moved`), or the law of the
    /// period is not established (see the item's `reason`).
    NotAssessed,
    /// Not found on the pages audited, but the audit could not see the
    /// whole site (unreachable, or the page limit reached): a person must say.
    CantTell,
}

impl Status {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Missing => "missing",
            Status::Stale => "stale",
            Status::NotAssessed => "not_assessed",
            Status::CantTell => "cant_tell",
        }
    }
}

/// One required category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// The category id.
    pub category: String,
    /// Its name.
    pub name: Localized,
    /// Present, missing, stale or not assessed.
    pub status: Status,
    /// The legal bases requiring it on the reference date.
    pub required_by: Vec<AppliedBasis>,
    /// The units that must supply it to this site (Quy chế Trà Vinh Điều 10
    /// khoản 2); their component sites linked from this one may carry it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppliers: Vec<Supplier>,
    /// Required only of an agency that has such information: a missing item
    /// asks a person instead of failing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub conditional: bool,
    /// Why it was not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Localized>,
    /// What matched (the first few matches).
    pub evidence: Vec<Evidence>,
    /// The newest date in its section pages, when freshness applies.
    pub newest_date: Option<NaiveDate>,
    /// The page with that date.
    pub newest_url: Option<String>,
    /// The oldest acceptable date on the reference date, when freshness applies.
    pub fresh_since: Option<NaiveDate>,
    /// Whether it was found on the home page or in a menu (Thông tư 32/2017 Điều 16 khoản 2).
    pub prominent: bool,
}

/// A unit that must supply a category to the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    /// Its role id (`vpubnd`).
    pub role: String,
    /// Its name; on a date after the body ended, with its successor's.
    pub name: Localized,
}

/// A site that announces a merger or redirects to another site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The page that shows it.
    pub url: String,
    /// The announcement or redirect.
    pub evidence: String,
    /// Where the site went, when known.
    pub target: Option<String>,
}

/// The mandatory-category checklist of one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// The reference date.
    pub as_of: NaiveDate,
    /// The role the requirements were selected for.
    pub role: Option<String>,
    /// The profiles applied (in force on the reference date).
    pub profiles: Vec<String>,
    /// Set when the site has moved; the items are then not assessed.
    pub moved: Option<Moved>,
    /// Every required category, in catalog order.
    pub items: Vec<ChecklistItem>,
}
