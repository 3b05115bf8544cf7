//! What the component sites carry, for the portal's checklist.
//!
//! Quy chế Trà Vinh Điều 10 khoản 2 makes each unit (Văn phòng UBND, the
//! sở, …) supply its items *to the provincial portal*, and Điều 11 khoản 3
//! lets the portal carry an item directly or by linking to the unit's
//! component site. So an item the portal lacks counts as present when the
//! responsible unit's site, reached by a link from the portal, has it. Before
//! the sites are judged, each component site with a role is summarised once:
//! where it shows each category that some profile makes a unit supply. The
//! portal's assessment ([`super::assess`]) reads these summaries; the
//! component's own pages are not kept.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::assess::{Folded, Matcher, PageLabels, judge};
use super::checklist::{Evidence, Status};
use crate::rules::site::SiteData;
use crate::ruleset::catalog::Catalog;

/// A component site as the portal's assessment needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// The site id.
    pub id: String,
    /// Its root URL (or folder).
    pub root: String,
    /// Its configured role.
    pub role: String,
    /// Category id → where the site shows it (only categories found).
    pub found: BTreeMap<String, Vec<Evidence>>,
}

impl Component {
    /// Summarises a site for the categories units supply under the applied
    /// profiles; `None` for a site without a role, or when no applied
    /// profile makes a unit supply anything.
    #[must_use]
    pub fn of(site: &SiteData, catalog: &Catalog, as_of: NaiveDate) -> Option<Self> {
        let role = site.role.clone()?;
        let wanted = supplied_categories(catalog);
        if wanted.is_empty() {
            return None;
        }
        let mut folded = Folded::default();
        let labels: Vec<PageLabels<'_>> = site
            .pages
            .iter()
            .map(|p| PageLabels::of(&site.root, p, &mut folded))
            .collect();
        let found = catalog
            .categories
            .iter()
            .filter(|c| wanted.contains(c.id.as_str()))
            .filter_map(|category| {
                let (item, _) = judge(site, &labels, &Matcher::new(category), as_of);
                (item.status != Status::Missing).then(|| (category.id.clone(), item.evidence))
            })
            .collect();
        Some(Self {
            id: site.id.clone(),
            root: site.root.clone(),
            role,
            found,
        })
    }

    /// Whether this site belongs to one of the `suppliers`: its role is one
    /// of them (or a narrower role), or the role of a body that took over a
    /// supplier's duties (Sở Nông nghiệp và Môi trường for Sở Tài nguyên và
    /// Môi trường after the 2025 merger).
    #[must_use]
    pub fn supplies(&self, catalog: &Catalog, suppliers: &[String]) -> bool {
        let mine = catalog.role_closure(&self.role);
        suppliers.iter().any(|supplier| {
            let mut role = Some(supplier.as_str());
            let mut seen = BTreeSet::new();
            while let Some(r) = role {
                if mine.contains(r) {
                    return true;
                }
                if !seen.insert(r) {
                    break;
                }
                role = catalog.role(r).and_then(|d| d.successor.as_deref());
            }
            false
        })
    }

    /// Whether `url` lies within this site (same host, port and root path;
    /// `www.` ignored), or below its folder for a local site.
    #[must_use]
    pub fn contains(&self, url: &str) -> bool {
        within(&self.root, url)
    }
}

/// A site the audit's configuration names (not one the crawler discovered),
/// as the portal's link rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    /// The site id.
    pub id: String,
    /// Its root URL.
    pub root: String,
    /// Its role, when configured.
    pub role: Option<String>,
    /// Its display name, when configured.
    pub name: Option<String>,
}

/// The sites `config` names, discovered ones left out.
#[must_use]
pub fn configured(config: &crate::config::Config) -> Vec<Configured> {
    // A run of some of the sites (`--sites`, `--shard`) judges the portal
    // against every site of the file, as a run of all of them does.
    if let Some(selected) = &config.selected {
        return selected
            .configured
            .iter()
            .map(|site| Configured {
                id: site.id.clone(),
                root: site.root.clone(),
                role: site.role.clone(),
                name: site.name.clone(),
            })
            .collect();
    }
    config
        .sites
        .iter()
        .filter(|site| !site.discovered)
        .map(|site| Configured {
            id: config.site_id(site),
            root: site.root.clone(),
            role: site.role.clone(),
            name: site.name.clone(),
        })
        .collect()
}

/// Whether `url` lies within the site at `root` (same host, port and root
/// path; `www.` ignored), or below its folder for a local site.
#[must_use]
pub fn within(root: &str, url: &str) -> bool {
    match (url::Url::parse(root), url::Url::parse(url)) {
        (Ok(root), Ok(target)) if root.has_host() => {
            let host = |u: &url::Url| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
            };
            host(&root) == host(&target)
                && root.port_or_known_default() == target.port_or_known_default()
                && target.path().starts_with(root.path())
        }
        _ => url.starts_with(root.trim_end_matches('/')),
    }
}

/// Summarises the sites with a role, one at a time (each site's data is
/// dropped before the next is read); nothing is read when no applied profile
/// makes a unit supply anything.
///
/// # Errors
/// The first error reading a site.
pub fn of_sites<E>(
    sites: impl Iterator<Item = Result<SiteData, E>>,
    ruleset: &crate::ruleset::Ruleset,
    as_of: NaiveDate,
) -> Result<Vec<Component>, E> {
    if supplied_categories(&ruleset.content).is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for site in sites {
        if let Some(component) = Component::of(&site?, &ruleset.content, as_of) {
            out.push(component);
        }
    }
    Ok(out)
}

/// The categories some profile applied in this run makes a unit supply.
fn supplied_categories(catalog: &Catalog) -> BTreeSet<&str> {
    catalog
        .profiles
        .iter()
        .filter(|p| p.profile.default || catalog.selected.contains(&p.profile.id))
        .flat_map(|p| p.require.iter())
        .filter(|r| r.supplier.is_some())
        .map(|r| r.category.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Ruleset;

    #[test]
    fn successors_supply_for_the_bodies_they_replaced_and_urls_stay_within_the_root() {
        let ruleset = Ruleset::embedded().unwrap();
        let catalog = &ruleset.content;
        let component = |role: &str| Component {
            id: "x".into(),
            root: "http://sotnmt.tinhmau.gov.vn:8080/".into(),
            role: role.into(),
            found: BTreeMap::new(),
        };
        assert!(component("so-tnmt").supplies(catalog, &["so-tnmt".into()]));
        assert!(component("so-nnmt").supplies(catalog, &["so-tnmt".into()]));
        assert!(!component("so-tnmt").supplies(catalog, &["so-nnmt".into()]));
        assert!(!component("so-tc").supplies(catalog, &["vpubnd".into()]));
        let c = component("so-tnmt");
        assert!(c.contains("http://sotnmt.tinhmau.gov.vn:8080/ban-do"));
        assert!(c.contains("http://www.sotnmt.tinhmau.gov.vn:8080/"));
        assert!(!c.contains("http://sotnmt.tinhmau.gov.vn/ban-do"));
        assert!(!c.contains("http://tinhmau.gov.vn:8080/ban-do"));
    }
}
