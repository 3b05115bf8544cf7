//! Which URLs belong to which audited site: a site is a host and the folder
//! of its root URL (a site at `https://h/so-tc/` owns `/so-tc/…`, the
//! longest such prefix wins), plus the include and exclude patterns and the
//! crawl-trap guards of the configuration.

use regex::Regex;
use url::Url;

use super::url::{TrapLimits, host_key};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::facts::skip::SkipReason;

/// The sites and the patterns that bound the crawl.
#[derive(Debug)]
pub struct Scope {
    /// Each site of this run as (id, host key, path prefix).
    sites: Vec<(String, String, String)>,
    /// The id of this run's portal, if the run audits it (see [`Scope::portal`]).
    portal: Option<String>,
    /// The configuration's sites another shard audits (`--shard`, `--sites`),
    /// as (id, host key, path prefix): links to them are checked, not crawled.
    others: Vec<(String, String, String)>,
    include: Vec<Regex>,
    exclude: Vec<Regex>,
    /// Query parameters stripped in normalisation.
    pub strip: Vec<String>,
    /// The crawl-trap guards.
    pub traps: TrapLimits,
    /// The current year (for the calendar trap guard).
    pub year: i32,
}

impl Scope {
    /// The scope of a configuration's sites and patterns.
    ///
    /// # Errors
    /// [`Error::Config`] for a pattern that is not a regular expression.
    pub fn new(config: &Config) -> Result<Self> {
        let compile = |patterns: &[String]| -> Result<Vec<Regex>> {
            patterns
                .iter()
                .map(|p| {
                    Regex::new(p).map_err(|e| Error::Config {
                        file: "audit.toml".into(),
                        message: format!("pattern `{p}`: {e}"),
                    })
                })
                .collect()
        };
        let mut scope = Self {
            sites: Vec::new(),
            portal: portal_of(config),
            others: Vec::new(),
            include: compile(&config.crawl.include)?,
            exclude: compile(&config.crawl.exclude)?,
            strip: config.crawl.strip_params.clone(),
            traps: TrapLimits::default(),
            year: chrono::Datelike::year(&chrono::Utc::now()),
        };
        for site in &config.sites {
            scope.add(&config.site_id(site), &site.root);
        }
        if let Some(selected) = &config.selected {
            for site in &selected.configured {
                if !selected.audited.contains(&site.id)
                    && let Some(entry) = entry(&site.id, &site.root)
                {
                    scope.others.push(entry);
                }
            }
        }
        Ok(scope)
    }

    /// Adds a site (or another host of one).
    pub fn add(&mut self, id: &str, root: &str) {
        if let Some(entry) = entry(id, root) {
            self.sites.push(entry);
        }
    }

    /// Whether a URL belongs to a configured site that another shard audits
    /// (and to none of this run's).
    #[must_use]
    pub fn of_another_shard(&self, url: &Url) -> bool {
        let key = host_key(url);
        self.site_of(url).is_none()
            && self
                .others
                .iter()
                .any(|(_, host, prefix)| *host == key && url.path().starts_with(prefix.as_str()))
    }

    /// Whether a site with this id is in the scope.
    #[must_use]
    pub fn has(&self, id: &str) -> bool {
        self.sites.iter().any(|(site, _, _)| site == id)
    }

    /// The portal's id: the audited site whose configured role is
    /// `portal` (a lone start URL is one), never merely the first site. A run
    /// of some of the sites (`--sites`, `--shard`) that leaves the portal to
    /// another shard has none.
    #[must_use]
    pub fn portal(&self) -> Option<&str> {
        self.portal.as_deref()
    }

    /// The site a URL belongs to.
    #[must_use]
    pub fn site_of(&self, url: &Url) -> Option<&str> {
        let key = host_key(url);
        self.sites
            .iter()
            .filter(|(_, host, prefix)| *host == key && url.path().starts_with(prefix.as_str()))
            .max_by_key(|(_, _, prefix)| prefix.len())
            .map(|(id, _, _)| id.as_str())
    }

    /// Why a URL is excluded, if it is.
    #[must_use]
    pub fn excluded(&self, url: &str) -> Option<SkipReason> {
        self.exclude
            .iter()
            .find(|r| r.is_match(url))
            .map(|r| SkipReason::Excluded {
                pattern: r.as_str().to_string(),
            })
    }

    /// Whether a URL may be crawled (no include pattern, or one matches).
    #[must_use]
    pub fn included(&self, url: &str) -> bool {
        self.include.is_empty() || self.include.iter().any(|r| r.is_match(url))
    }
}

/// The portal of a configuration's audited sites: the one whose role is
/// `portal`; when no site has that role, the only site of a configuration
/// that names one (a start URL, whose crawl discovers its component sites),
/// and never a site a selection kept.
fn portal_of(config: &Config) -> Option<String> {
    let by_role = config
        .sites
        .iter()
        .find(|site| site.role.as_deref() == Some(PORTAL_ROLE))
        .map(|site| config.site_id(site));
    by_role.or_else(|| match config.sites.as_slice() {
        [only] if config.selected.is_none() => Some(config.site_id(only)),
        _ => None,
    })
}

/// The role of the provincial (or ministry's) portal.
const PORTAL_ROLE: &str = "portal";

/// A site's (id, host key, path prefix), for a root that is a URL.
fn entry(id: &str, root: &str) -> Option<(String, String, String)> {
    let url = Url::parse(root).ok()?;
    let prefix = url
        .path()
        .rsplit_once('/')
        .map_or("/", |(p, _)| p)
        .to_string();
    let prefix = if prefix.ends_with('/') {
        prefix
    } else {
        format!("{prefix}/")
    };
    Some((id.to_string(), host_key(&url), prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{SiteConfig, SiteSelection};

    fn config() -> Config {
        let site = |id: &str, role: &str| SiteConfig {
            id: Some(id.into()),
            root: format!("http://{id}.tinh.test/"),
            role: Some(role.into()),
            ..SiteConfig::default()
        };
        Config {
            sites: vec![
                site("sokhdt", "so-khdt"),
                site("portal", "portal"),
                site("binhan", "ubnd-xa"),
            ],
            ..Config::default()
        }
    }

    #[test]
    fn the_portal_is_the_site_with_the_portal_role_not_the_first() {
        assert_eq!(Scope::new(&config()).unwrap().portal(), Some("portal"));
    }

    #[test]
    fn a_selection_without_the_portal_has_no_portal() {
        let mut config = config();
        config
            .select(&SiteSelection::Sites(vec![
                "sokhdt".into(),
                "binhan".into(),
            ]))
            .unwrap();
        assert_eq!(Scope::new(&config).unwrap().portal(), None);
        let mut config = self::config();
        config
            .select(&SiteSelection::Sites(vec!["binhan".into()]))
            .unwrap();
        assert_eq!(Scope::new(&config).unwrap().portal(), None);
    }

    #[test]
    fn a_selection_with_the_portal_keeps_it() {
        let mut config = config();
        config
            .select(&SiteSelection::Sites(vec![
                "binhan".into(),
                "portal".into(),
            ]))
            .unwrap();
        assert_eq!(Scope::new(&config).unwrap().portal(), Some("portal"));
    }

    #[test]
    fn a_lone_start_url_is_its_own_portal() {
        let config = Config::for_url("http://tinh.test/");
        let id = config.site_id(&config.sites[0]);
        assert_eq!(Scope::new(&config).unwrap().portal(), Some(id.as_str()));
    }
}
