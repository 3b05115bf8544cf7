//! Which URLs belong to which audited site: a site is a host and the folder
//! of its root URL (a site at `https://h/so-tc/` owns `/so-tc/…`, the
//! longest such prefix wins), plus the include and exclude patterns and the
//! crawl-trap guards of the configuration.

use regex::Regex;
use url::Url;

use super::url::{TrapLimits, host_key};
use crate::config::Config;
use crate::error::{Error, Result};

/// The sites and the patterns that bound the crawl.
#[derive(Debug)]
pub struct Scope {
    /// Each site as (id, host key, path prefix), the first being the portal.
    sites: Vec<(String, String, String)>,
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

    /// The portal's id: the first site.
    #[must_use]
    pub fn portal(&self) -> Option<&str> {
        self.sites.first().map(|(id, _, _)| id.as_str())
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
    pub fn excluded(&self, url: &str) -> Option<String> {
        self.exclude
            .iter()
            .find(|r| r.is_match(url))
            .map(|r| format!("matches the exclude pattern `{}`", r.as_str()))
    }

    /// Whether a URL may be crawled (no include pattern, or one matches).
    #[must_use]
    pub fn included(&self, url: &str) -> bool {
        self.include.is_empty() || self.include.iter().any(|r| r.is_match(url))
    }
}

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
