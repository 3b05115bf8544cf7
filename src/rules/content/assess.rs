//! Judging one site against the legal profiles in force: which categories it
//! must publish (by role and date), where each was found, whether the dated
//! ones are fresh, and whether the site has moved (a merger announcement or a
//! redirect to another site), in which case nothing is judged blindly.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::LazyLock;

use chrono::{Duration, NaiveDate};
use regex::Regex;

use super::checklist::{Checklist, ChecklistItem, Evidence, Moved, Status, Supplier, Where};
use super::components::{Component, Configured};
use super::dates::week_start;
use super::facts::Place;
use super::text::{clip, collapse, fold, names};
use crate::legal::AppliedBasis;
use crate::rules::engine::Context;
use crate::rules::site::{SiteData, SitePage};
use crate::ruleset::catalog::{Catalog, Category, Profile};
use crate::ruleset::{Localized, Ruleset};

mod urls;

pub(super) use urls::is_home;
pub use urls::resolve;
use urls::{same_site, segments};

/// Words a label may add to a term and still name it.
const EXTRA_WORDS: usize = 5;
/// Evidence kept per category.
const MAX_EVIDENCE: usize = 5;

static GOV_DOMAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b((?:[a-z0-9-]+\.)+gov\.vn)\b").expect("valid regex"));

/// A site judged for the content rules.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    /// The site.
    pub site: &'a SiteData,
    /// The reference date.
    pub as_of: NaiveDate,
    /// The checklist of required categories.
    pub checklist: Checklist,
    /// The categories, roles and profiles.
    pub catalog: &'a Catalog,
    /// The pages of each found category's section (category id → page URLs
    /// audited), for rules that look inside the section.
    pub sections: BTreeMap<String, Vec<String>>,
    /// The ids of the legal documents in force on the reference date.
    pub in_force: BTreeSet<String>,
    /// The rule metadata and legal documents.
    pub ruleset: &'a Ruleset,
    /// The profiles applied on the reference date.
    pub profiles: Vec<&'a Profile>,
    /// The sites the audit's configuration names (empty in `check`).
    pub sites: Vec<Configured>,
}

/// A category's vocabulary, folded once.
pub(super) struct Matcher<'a> {
    category: &'a Category,
    terms: Vec<String>,
    slugs: Vec<String>,
    exclude: Vec<String>,
    columns: Vec<Vec<String>>,
    footer: Vec<Vec<String>>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(category: &'a Category) -> Self {
        let terms = category.folded_terms();
        let mut slugs = terms.clone();
        slugs.extend(category.slugs.iter().map(|s| fold(s)));
        let groups = |entries: &[String]| -> Vec<Vec<String>> {
            entries
                .iter()
                .map(|e| e.split('|').map(fold).collect())
                .collect()
        };
        Self {
            category,
            terms,
            slugs,
            exclude: category.exclude.iter().map(|e| fold(e)).collect(),
            columns: groups(&category.columns),
            footer: groups(&category.footer),
        }
    }

    /// Whether a folded label names the category.
    fn label(&self, folded: &str) -> bool {
        !self.exclude.iter().any(|e| folded.starts_with(e.as_str()))
            && self.terms.iter().any(|t| names(folded, t, EXTRA_WORDS))
    }

    /// Whether a folded URL path segment names the category.
    fn slug(&self, folded: &str) -> bool {
        !self.exclude.iter().any(|e| folded.starts_with(e.as_str()))
            && self.slugs.iter().any(|t| names(folded, t, EXTRA_WORDS))
    }
}

/// A page's labels, folded once per site and shared by every category.
pub(super) struct PageLabels<'p> {
    page: &'p SitePage,
    /// The title and its folded parts.
    title: Option<(&'p str, Vec<String>)>,
    /// The page's own URL path segments: (as written, folded).
    slugs: Vec<(&'p str, String)>,
    headings: Vec<(&'p super::facts::Heading, Rc<str>)>,
    crumbs: Vec<(&'p str, String)>,
    links: Vec<LinkLabel<'p>>,
    tables: Vec<(&'p [String], Vec<String>)>,
    footer: Rc<str>,
}

/// A link's label and target, folded once.
struct LinkLabel<'p> {
    link: &'p super::facts::Link,
    /// What is the same wherever the link repeats (a menu on every page).
    parts: Rc<LinkParts>,
}

/// A link's folded label, its target, the target's host and folded path
/// segments (none for another site's pages or a `javascript:` link).
struct LinkParts {
    folded: String,
    target: Option<String>,
    host: Option<String>,
    slugs: Vec<String>,
}

/// The labels already folded for a site's earlier pages: the menu, sidebar
/// and footer repeat on every page, and folding them once per page kept
/// ≈ 7 KB a page for the whole assessment (docs/scale.md).
#[derive(Default)]
pub(super) struct Folded<'p> {
    /// By (link text, target, whether its slugs count).
    links: HashMap<(&'p str, Option<String>, bool), Rc<LinkParts>>,
    texts: HashMap<&'p str, Rc<str>>,
}

impl<'p> Folded<'p> {
    fn text(&mut self, text: &'p str) -> Rc<str> {
        Rc::clone(
            self.texts
                .entry(text)
                .or_insert_with(|| Rc::from(fold(text))),
        )
    }
}

impl<'p> PageLabels<'p> {
    pub(super) fn of(root: &str, page: &'p SitePage, folded: &mut Folded<'p>) -> Self {
        let facts = &page.content;
        let url = page.url.as_str();
        let page_host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string));
        let links = facts
            .links
            .iter()
            .map(|link| {
                let target = resolve(url, &link.href);
                let host = target
                    .as_deref()
                    .and_then(|t| url::Url::parse(t).ok())
                    .and_then(|u| u.host_str().map(str::to_string));
                // Slugs of other sites' pages say nothing about this site.
                let same_site = host.is_none() || host == page_host;
                let with_slugs = same_site && !link.href.starts_with("javascript:");
                let parts = folded
                    .links
                    .entry((link.text.as_str(), target, with_slugs))
                    .or_insert_with_key(|(text, target, _)| {
                        let slugs = match target {
                            Some(t) if with_slugs => {
                                segments(root, t).into_iter().map(fold).collect()
                            }
                            _ => Vec::new(),
                        };
                        Rc::new(LinkParts {
                            folded: fold(text),
                            target: target.clone(),
                            host,
                            slugs,
                        })
                    });
                LinkLabel {
                    link,
                    parts: Rc::clone(parts),
                }
            })
            .collect();
        Self {
            page,
            title: page
                .title
                .as_deref()
                .map(|t| (t, t.split(['-', '–', '|', ':', '»']).map(fold).collect())),
            slugs: segments(root, url)
                .into_iter()
                .map(|s| (s, fold(s)))
                .collect(),
            headings: facts
                .headings
                .iter()
                .filter(|h| h.place != Place::Footer)
                .map(|h| (&**h, folded.text(&h.text)))
                .collect(),
            crumbs: facts
                .breadcrumbs
                .iter()
                .map(|b| (b.as_str(), fold(b)))
                .collect(),
            links,
            tables: facts
                .tables
                .iter()
                .map(|t| (t.as_slice(), t.iter().map(|c| fold(c)).collect()))
                .collect(),
            footer: folded.text(&facts.footer_text),
        }
    }
}

/// Whether every group has an alternative contained in one of `cells` (folded).
fn all_groups<S: AsRef<str>>(groups: &[Vec<String>], cells: &[S]) -> bool {
    !groups.is_empty()
        && groups.iter().all(|alts| {
            alts.iter().any(|a| {
                cells
                    .iter()
                    .any(|c| c.as_ref() == a || c.as_ref().contains(a.as_str()))
            })
        })
}

/// Why an item whose law is not established for the period is not assessed.
#[must_use]
pub fn unestablished_reason() -> Localized {
    Localized {
        vi: "căn cứ của giai đoạn này chưa được xác minh".into(),
        en: "the legal basis for this period is not verified".into(),
    }
}

/// Why the items of a site that has moved are not assessed.
fn moved_reason() -> Localized {
    Localized {
        vi: "trang đã chuyển hoặc sáp nhập (xem site-moved)".into(),
        en: "the site has moved or merged (see site-moved)".into(),
    }
}

impl<'a> Assessment<'a> {
    /// Judges `site` with the profiles in force on the run's date; items the
    /// site must carry from a supplying unit count as present when found on
    /// that unit's component site linked from this one (`ctx.components`).
    #[must_use]
    pub fn new(site: &'a SiteData, ctx: &Context<'a>) -> Self {
        let mut assessment = Self::with(site, ctx.ruleset, ctx.as_of, &ctx.components);
        assessment.sites.clone_from(&ctx.sites);
        assessment
    }

    /// [`Assessment::new`] with its parts given one by one.
    #[must_use]
    pub fn with(
        site: &'a SiteData,
        ruleset: &'a Ruleset,
        as_of: NaiveDate,
        components: &[Component],
    ) -> Self {
        let catalog = &ruleset.content;
        let role = site.role.as_deref();
        let applied = catalog.profiles_in_force(ruleset, as_of);
        let profiles = applied.iter().map(|p| p.profile.id.clone()).collect();
        let moved = moved(site);
        // What the law requires depends on the kind of agency: without a role
        // nothing is required (the checklist stays empty; `--role` sets it).
        let required = if role.is_some() {
            catalog.required(ruleset, as_of, role)
        } else {
            Vec::new()
        };
        let labels: Vec<PageLabels<'_>> = if required.is_empty() {
            Vec::new()
        } else {
            let mut folded = Folded::default();
            site.pages
                .iter()
                .map(|p| PageLabels::of(&site.root, p, &mut folded))
                .collect()
        };
        let audited: BTreeSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
        let mut sections = BTreeMap::new();
        let items = required
            .into_iter()
            .map(|req| {
                let matcher = Matcher::new(req.category);
                let (mut item, section) = judge(site, &labels, &matcher, as_of);
                item.required_by = req.bases;
                item.conditional = req.conditional;
                item.suppliers = req
                    .suppliers
                    .iter()
                    .map(|r| supplier(catalog, r, as_of))
                    .collect();
                if item.status == Status::Missing && !req.suppliers.is_empty() {
                    supplied(
                        &mut item,
                        site,
                        &labels,
                        &req.suppliers,
                        catalog,
                        components,
                    );
                }
                if req.unestablished {
                    item.status = Status::NotAssessed;
                    item.reason = Some(unestablished_reason());
                }
                if moved.is_some() {
                    item.status = Status::NotAssessed;
                    item.reason = Some(moved_reason());
                }
                sections.insert(
                    item.category.clone(),
                    section
                        .into_iter()
                        .filter(|u| audited.contains(u.as_str()))
                        .collect(),
                );
                item
            })
            .collect();
        let in_force = ruleset
            .documents
            .values()
            .filter(|d| d.in_force(as_of))
            .map(|d| d.id.clone())
            .collect();
        Self {
            site,
            as_of,
            catalog,
            sections,
            in_force,
            ruleset,
            profiles: applied,
            sites: Vec::new(),
            checklist: Checklist {
                as_of,
                role: role.map(str::to_string),
                profiles,
                moved,
                items,
            },
        }
    }

    /// The bases of a finding of `rule` with this `id` value on the
    /// assessment's date, with the profiles applied.
    #[must_use]
    pub fn bases(&self, rule: &str, id: Option<&str>) -> Vec<AppliedBasis> {
        self.ruleset
            .rule(rule)
            .map(|meta| {
                self.ruleset.bases(
                    meta,
                    self.as_of,
                    &self.profiles,
                    id,
                    self.site.role.as_deref(),
                )
            })
            .unwrap_or_default()
    }

    /// Whether a document's article is cited for `rule` on the assessment's
    /// date (a rule that only applies while its basis is in force).
    #[must_use]
    pub fn cites(&self, rule: &str, document: &str) -> bool {
        self.bases(rule, None)
            .iter()
            .any(|b| b.document == document)
    }
}

/// A supplying unit, named as on `as_of` ("Sở Tài nguyên và Môi trường (nay:
/// Sở Nông nghiệp và Môi trường)" after the 2025 merger).
fn supplier(catalog: &Catalog, role: &str, as_of: NaiveDate) -> Supplier {
    let Some(def) = catalog.role(role) else {
        return Supplier {
            role: role.to_string(),
            name: Localized {
                vi: role.to_string(),
                en: role.to_string(),
            },
        };
    };
    let mut name = def.name.clone();
    if def.ended_by(as_of)
        && let Some(next) = def.successor.as_deref().and_then(|r| catalog.role(r))
    {
        name.vi = format!("{} (nay: {})", name.vi, next.name.vi);
        name.en = format!("{} (now: {})", name.en, next.name.en);
    }
    Supplier {
        role: role.to_string(),
        name,
    }
}

/// Looks for a missing item on the component sites of its suppliers that
/// this site links to; evidence found there (naming the component site and
/// the linking page) makes it present.
fn supplied(
    item: &mut ChecklistItem,
    site: &SiteData,
    labels: &[PageLabels<'_>],
    suppliers: &[String],
    catalog: &Catalog,
    components: &[Component],
) {
    for component in components
        .iter()
        .filter(|c| c.id != site.id && c.supplies(catalog, suppliers))
    {
        let Some(found) = component.found.get(&item.category) else {
            continue;
        };
        // The first page of this site (home page first) linking into the component.
        let link = labels
            .iter()
            .filter_map(|page| {
                page.links
                    .iter()
                    .find(|l| {
                        l.parts
                            .target
                            .as_deref()
                            .is_some_and(|t| component.contains(t))
                    })
                    .map(|l| (page.page.url.as_str(), l.link.place))
            })
            .min_by_key(|(url, _)| !is_home(&site.root, url));
        let Some((via, place)) = link else { continue };
        for evidence in found
            .iter()
            .take(MAX_EVIDENCE - item.evidence.len().min(MAX_EVIDENCE))
        {
            item.evidence.push(Evidence {
                site: Some(component.id.clone()),
                via: Some(via.to_string()),
                ..evidence.clone()
            });
        }
        item.status = Status::Present;
        item.prominent |= is_home(&site.root, via) || place == Place::Menu;
    }
}

fn link_place(place: Place) -> Where {
    match place {
        Place::Menu => Where::Menu,
        Place::Sidebar => Where::Sidebar,
        Place::Footer => Where::Footer,
        Place::Breadcrumb => Where::Breadcrumb,
        Place::Body => Where::Link,
    }
}

/// What was found of a category: the first matches, and whether any was on
/// the home page or in a menu.
#[derive(Default)]
struct Found {
    evidence: Vec<Evidence>,
    prominent: bool,
}

impl Found {
    fn add(&mut self, home: bool, url: &str, place: Where, text: &str, target: Option<String>) {
        self.prominent |= home || place == Where::Menu;
        if self.evidence.len() < MAX_EVIDENCE
            && !self
                .evidence
                .iter()
                .any(|e| e.place == place && e.text == text && e.target == target)
        {
            self.evidence.push(Evidence {
                site: None,
                via: None,
                url: url.to_string(),
                place,
                text: text.to_string(),
                target,
            });
        }
    }
}

/// Finds a category on the site's pages and judges its freshness.
pub(super) fn judge(
    site: &SiteData,
    labels: &[PageLabels<'_>],
    m: &Matcher<'_>,
    as_of: NaiveDate,
) -> (ChecklistItem, BTreeSet<String>) {
    let mut found = Found::default();
    let mut section: BTreeSet<String> = BTreeSet::new();
    let mut footer_seen = false;
    for page in labels {
        let url = page.page.url.as_str();
        let home = is_home(&site.root, url);
        let own = page.page.url.clone();
        if let Some((title, parts)) = &page.title
            && parts.iter().any(|part| m.label(part))
        {
            found.add(home, url, Where::Title, title, None);
            section.insert(own.clone());
        }
        if let Some((seg, _)) = page.slugs.iter().find(|(_, folded)| m.slug(folded)) {
            found.add(home, url, Where::Slug, seg, None);
            section.insert(own.clone());
        }
        for (heading, folded) in &page.headings {
            if m.label(folded) {
                found.add(home, url, Where::Heading, &heading.text, None);
                if heading.level <= 2 && heading.place == Place::Body {
                    section.insert(own.clone());
                }
            }
        }
        if let Some((item, _)) = page.crumbs.iter().find(|(_, folded)| m.label(folded)) {
            found.add(home, url, Where::Breadcrumb, item, None);
            section.insert(own.clone());
        }
        for link in &page.links {
            let place = if m.label(&link.parts.folded) {
                Some(link_place(link.link.place))
            } else if link.parts.host.as_deref().is_some_and(|host| {
                m.category
                    .hosts
                    .iter()
                    .any(|h| host.starts_with(h.as_str()))
            }) {
                Some(Where::Host)
            } else if link.parts.slugs.iter().any(|s| m.slug(s)) {
                Some(Where::LinkSlug)
            } else {
                None
            };
            if let Some(place) = place {
                let text = if link.link.text.is_empty() {
                    &link.link.href
                } else {
                    &link.link.text
                };
                found.add(home, url, place, text, link.parts.target.clone());
                if let Some(t) = &link.parts.target {
                    section.insert(t.clone());
                }
            }
        }
        if !m.columns.is_empty() {
            for (header, cells) in &page.tables {
                if all_groups(&m.columns, cells) {
                    found.add(home, url, Where::Table, &header.join(" | "), None);
                    section.insert(own.clone());
                }
            }
        }
        // The footer repeats on every page: one piece of evidence is enough,
        // but the home page's footer makes the category prominent.
        if (!footer_seen || home)
            && !m.footer.is_empty()
            && all_groups(&m.footer, std::slice::from_ref(&page.footer))
        {
            if footer_seen {
                found.prominent = true;
            } else {
                footer_seen = true;
                let text = clip(&collapse(&page.page.content.footer_text), 160);
                found.add(home, url, Where::FooterText, &text, None);
            }
        }
        if let (Some(lang), Some(page_lang)) = (&m.category.lang, &page.page.content.lang)
            && page_lang.to_ascii_lowercase().starts_with(lang.as_str())
        {
            found.add(home, url, Where::Lang, page_lang, None);
        }
    }

    let fresh_since = if m.category.weekly {
        Some(week_start(as_of))
    } else {
        m.category
            .max_age_days
            .map(|days| as_of - Duration::days(i64::from(days)))
    };
    let mut newest: Option<(NaiveDate, &SitePage)> = None;
    if fresh_since.is_some() {
        for page in site.pages.iter().filter(|p| section.contains(&p.url)) {
            // Dates after the reference day are deadlines or plans, not updates;
            // a schedule may show the rest of its week.
            let limit = if m.category.weekly {
                NaiveDate::MAX
            } else {
                as_of
            };
            if let Some(&date) = page.content.dates.iter().find(|d| **d <= limit)
                // Equal dates: the smaller URL, so the evidence does not depend
                // on the order the crawler happened to record the pages in.
                && newest.is_none_or(|(d, p)| date > d || (date == d && page.url < p.url))
            {
                newest = Some((date, page));
            }
        }
    }
    let Found {
        evidence,
        prominent,
    } = found;
    let status = if evidence.is_empty() {
        Status::Missing
    } else if let (Some(since), Some((date, _))) = (fresh_since, newest)
        && date < since
    {
        Status::Stale
    } else {
        Status::Present
    };
    let item = ChecklistItem {
        category: m.category.id.clone(),
        name: m.category.name.clone(),
        status,
        required_by: Vec::new(),
        suppliers: Vec::new(),
        conditional: false,
        reason: None,
        evidence,
        newest_date: newest.map(|(d, _)| d),
        newest_url: newest.map(|(_, p)| p.url.clone()),
        prominent,
        fresh_since: fresh_since.filter(|_| newest.is_some()),
    };
    (item, section)
}

/// Whether the site's root page says it has moved, or its pages were served
/// from another host than the root's (a redirect).
fn moved(site: &SiteData) -> Option<Moved> {
    let root_host = url::Url::parse(&site.root)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    for page in &site.pages {
        if let Some(target) = &page.content.refresh {
            let resolved = resolve(&page.url, target).unwrap_or_else(|| target.clone());
            let host = url::Url::parse(&resolved)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string));
            if let Some(host) = host
                && !root_host
                    .as_deref()
                    .is_some_and(|root| same_site(root, &host))
            {
                return Some(Moved {
                    url: page.url.clone(),
                    evidence: format!("<meta http-equiv=\"refresh\"> → {resolved}"),
                    target: Some(resolved),
                });
            }
        }
        if let Some(root_host) = &root_host
            && let Some(host) = url::Url::parse(&page.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
            && !same_site(root_host, &host)
        {
            return Some(Moved {
                url: site.root.clone(),
                evidence: format!("{} → {}", site.root, page.url),
                target: Some(page.url.clone()),
            });
        }
    }
    let home = site.pages.iter().find(|p| is_home(&site.root, &p.url))?;
    home.content.notices.iter().find_map(|line| {
        let folded = fold(line);
        let merger = folded.contains("sap nhap") || folded.contains("hop nhat");
        let domain = GOV_DOMAIN
            .captures_iter(line)
            .map(|c| c[1].to_ascii_lowercase())
            .find(|d| !root_host.as_deref().is_some_and(|root| same_site(root, d)));
        (merger && (domain.is_some() || folded.contains("dia chi moi"))).then(|| Moved {
            url: home.url.clone(),
            evidence: line.clone(),
            target: domain,
        })
    })
}

impl Assessment<'_> {
    /// The site's home page, when it was audited.
    #[must_use]
    pub fn home(&self) -> Option<&SitePage> {
        self.site
            .pages
            .iter()
            .find(|p| is_home(&self.site.root, &p.url))
    }

    /// Whether the content rules judge this site: it has a role (what the law
    /// asks depends on the kind of agency) and has not moved.
    #[must_use]
    pub fn judged(&self) -> bool {
        self.site.role.is_some() && self.checklist.moved.is_none()
    }
}

#[cfg(test)]
mod tests;
