//! `check`: audit local HTML files, folders of them, or single URLs, without crawling.
//!
//! Each input is read (or fetched) and checked on its own; an input that cannot
//! be audited (unreadable, empty, binary, too large, unreachable) becomes a
//! [`Problem`] in the report with its reason, and the others are still checked.
//! Pages are parsed and checked in parallel on the rayon pool. Links between
//! local files (and their `#fragment`s) are checked on disk by the link rules.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::crawl::dns::DnsServer;
use crate::crawl::fetch::{self, FetchLimits};
use crate::crawl::fetch::{Certificates, ClientOptions, Redirects};
use crate::crawl::local::{self, LocalPage};
use crate::crawl::transport::{SiteFacts as UrlFacts, dns_facts, transport_facts};
use crate::error::{Error, Result};
use crate::gate;
use crate::messages;
use crate::page::{Page, PageInput, links};
use crate::report::model::{PageReport, Problem, Report, SiteReport};
use crate::report::{self, ReportParts};
use crate::resource::ResourceFacts;
use crate::rules::engine::{self, Context};
use crate::rules::site::{SiteData, SitePage};
use crate::ruleset::{Lang, Ruleset};
use rustls::pki_types::CertificateDer;

/// The largest local file checked.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// How many leading bytes are looked at to tell a binary file.
const BINARY_SNIFF_BYTES: usize = 8000;

/// What `check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files, folders or URLs.
    pub inputs: Vec<String>,
    /// Reference date for legal bases.
    pub as_of: NaiveDate,
    /// Display language.
    pub lang: Lang,
    /// The gate: threshold, tolerance, baseline.
    pub gate: gate::Policy,
    /// Run only these rules (all when empty).
    pub only_rules: Vec<String>,
    /// The role of the checked sites (portal, sở, UBND huyện, …), for role-dependent site rules.
    pub role: Option<String>,
    /// Extra trusted root certificates (an agency's own CA), besides the Mozilla set.
    pub ca_certs: Vec<CertificateDer<'static>>,
    /// The resolver asked for the hosts' DNS records.
    pub dns_server: DnsServer,
    /// How long the analysis of one linked document or feed may take.
    pub analysis_timeout: std::time::Duration,
}

/// One thing to check, after expanding folders.
#[derive(Debug, Clone)]
enum Item {
    File { path: PathBuf, site: String },
    Url { url: String },
}

/// Runs `check` and builds the report.
///
/// # Errors
/// [`Error::Usage`] when an input does not exist or names an unknown rule;
/// [`Error::NothingAudited`] when no input could be checked at all.
pub fn run(options: &CheckOptions, ruleset: &Ruleset) -> Result<Report> {
    let started_at = chrono::Utc::now();
    for id in &options.only_rules {
        if crate::rules::by_id(id).is_none() {
            return Err(Error::UnknownRule(id.clone()));
        }
    }
    let ctx = Context {
        ruleset,
        as_of: options.as_of,
        only: options.only_rules.clone(),
    };

    let mut sites: Vec<SiteReport> = Vec::new();
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for input in &options.inputs {
        if input.starts_with("http://") || input.starts_with("https://") {
            let host = url::Url::parse(input)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| input.clone());
            add_site(&mut sites, &host, input);
            items.push(Item::Url { url: input.clone() });
            continue;
        }
        if input.contains("://") {
            return Err(Error::UnsupportedScheme(input.clone()));
        }
        let path = Path::new(input);
        let meta = std::fs::symlink_metadata(path);
        if meta.is_err() && std::fs::metadata(path).is_err() && !path.is_symlink() {
            return Err(Error::NoInput(input.clone()));
        }
        add_site(&mut sites, input, input);
        if path.is_dir() {
            let mut files = Vec::new();
            collect_html(path, &mut files, &mut problems, options.lang);
            files.sort();
            items.extend(files.into_iter().map(|path| Item::File {
                path,
                site: input.clone(),
            }));
        } else {
            items.push(Item::File {
                path: path.to_path_buf(),
                site: input.clone(),
            });
        }
    }

    type Checked = (
        PageReport,
        SitePage,
        Option<UrlFacts>,
        Option<LocalPage>,
        engine::RunResult,
    );
    let results: Vec<std::result::Result<Checked, Problem>> = items
        .par_iter()
        .map(|item| {
            let (input, transport) = load(item, options)?;
            let mut page = Page::parse(input);
            if let Item::File { path, .. } = item {
                // Before any rule runs: the cascade is built lazily, on first use.
                page.stylesheets = local_stylesheets(&page, path);
            }
            let result = engine::run_page(&page, &ctx);
            let page_links = links::extract(&page);
            let site_page = SitePage::from_page(&page, &page_links);
            let local = match item {
                Item::File { path, .. } => Some(LocalPage {
                    path: path.clone(),
                    links: page_links,
                    anchors: links::anchors(&page),
                }),
                Item::Url { .. } => None,
            };
            Ok((
                page_report(&page, &result),
                site_page,
                transport,
                local,
                result,
            ))
        })
        .collect();

    let mut pages = Vec::new();
    let mut findings = Vec::new();
    let mut site_pages: Vec<(String, SitePage)> = Vec::new();
    let mut transports: Vec<(String, UrlFacts)> = Vec::new();
    let mut local_pages: Vec<(String, LocalPage)> = Vec::new();
    for result in results {
        match result {
            Ok((page, site_page, transport, local, result)) => {
                if let Some(transport) = transport
                    && !transports.iter().any(|(site, _)| *site == page.site)
                {
                    transports.push((page.site.clone(), transport));
                }
                if let Some(local) = local {
                    local_pages.push((page.site.clone(), local));
                }
                site_pages.push((page.site.clone(), site_page));
                pages.push(page);
                findings.extend(result.findings);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if pages.is_empty() {
        let reasons: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.input, p.message))
            .collect();
        return Err(Error::NothingAudited(if reasons.is_empty() {
            messages::text("problem-no-html", options.lang, &[])
        } else {
            reasons.join("; ")
        }));
    }
    // Each input folder, file or URL host is a site: site rules run over its pages.
    for site in &mut sites {
        site.pages = pages.iter().filter(|p| p.site == site.id).count();
        if site.pages == 0 {
            continue;
        }
        let site_facts = transports
            .iter()
            .find(|(id, _)| *id == site.id)
            .map(|(_, facts)| facts);
        let mut data = SiteData {
            id: site.id.clone(),
            root: site.root.clone(),
            role: options.role.clone(),
            pages: site_pages
                .iter()
                .filter(|(id, _)| *id == site.id)
                .map(|(_, p)| p.clone())
                .collect(),
            transport: site_facts.map(|facts| facts.transport.clone()),
            dns: site_facts.and_then(|facts| facts.dns.clone()),
            ..SiteData::default()
        };
        data.resources = read_local_resources(&data, options.analysis_timeout);
        problems.extend(
            data.resources
                .iter()
                .filter_map(|r| r.problem(options.lang)),
        );
        // Links between local files (and from local feeds' items) are
        // resolved on disk (crawl::local); the links family judges them like
        // crawled links.
        let mut of_site: Vec<LocalPage> = local_pages
            .iter()
            .filter(|(s, _)| *s == site.id)
            .map(|(_, p)| p.clone())
            .collect();
        if !of_site.is_empty() {
            let root_dir = site_dir(&data.root);
            of_site.extend(data.resources.iter().filter_map(|facts| {
                let feed = facts.feed.as_ref()?;
                Some(LocalPage {
                    path: local_resource_path(&root_dir, &facts.url),
                    links: feed.item_links.iter().map(|l| l.to_link()).collect(),
                    anchors: Vec::new(),
                })
            }));
            let root = Path::new(&site.root);
            for link in local::links(root, &of_site) {
                data.add_link(link);
            }
            data.xml_sitemap = root.is_dir().then(|| local::folder_sitemap(root));
        }
        let result = engine::run_site(&data, &ctx);
        site.role.clone_from(&options.role);
        site.outcomes = result.outcomes;
        site.checklist = result.checklist;
        findings.extend(result.findings);
    }

    let gate = gate::evaluate_with(&findings, &options.gate);
    Ok(report::assemble(ReportParts {
        command: "check",
        inputs: options.inputs.clone(),
        started_at,
        as_of: options.as_of,
        lang: options.lang,
        gate,
        ruleset,
        sites,
        pages,
        findings,
        problems,
    }))
}

fn add_site(sites: &mut Vec<SiteReport>, id: &str, root: &str) {
    if sites.iter().any(|s| s.id == id) {
        return;
    }
    sites.push(SiteReport {
        id: id.to_string(),
        name: id.to_string(),
        root: root.to_string(),
        role: None,
        pages: 0,
        outcomes: crate::rules::Outcomes::new(),
        checklist: None,
        availability: None,
    });
}

/// The largest local stylesheet read for the CSS cascade.
const MAX_STYLESHEET_BYTES: u64 = 2 * 1024 * 1024;

/// The stylesheets a local page links to (`<link rel="stylesheet" href>`)
/// that are files next to it, read for the CSS cascade, as the crawler hands
/// fetched ones to crawled pages. Remote, missing or oversized sheets are left
/// out; the contrast rules then say "needs review", never pass or fail.
fn local_stylesheets(page: &Page, path: &Path) -> Vec<crate::page::Stylesheet> {
    let dir = path.parent().unwrap_or(Path::new(""));
    page.by_tag("link")
        .filter(|link| {
            link.attr("rel").is_some_and(|rel| {
                rel.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("stylesheet"))
            }) && link
                .attr("media")
                .is_none_or(|m| !m.to_ascii_lowercase().contains("print"))
        })
        .filter_map(|link| {
            let href = link.attr("href")?.trim();
            if href.is_empty()
                || href.contains("://")
                || href.starts_with("//")
                || href.starts_with('/')
            {
                return None;
            }
            let file = dir.join(href.split(['?', '#']).next()?);
            let meta = std::fs::metadata(&file).ok()?;
            if !meta.is_file() || meta.len() > MAX_STYLESHEET_BYTES {
                return None;
            }
            let bytes = std::fs::read(&file).ok()?;
            Some(crate::page::Stylesheet {
                url: href.to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .collect()
}

/// Reads and analyses the documents and feeds that local pages link to, when
/// they are local files (`check` does not fetch; `audit` does). Root-relative
/// links (`/van-ban/a.pdf`) resolve against the site's folder. A linked file
/// that does not exist is left to the link rules.
fn read_local_resources(site: &SiteData, deadline: std::time::Duration) -> Vec<ResourceFacts> {
    let root_dir = site_dir(&site.root);
    let mut seen = std::collections::BTreeSet::new();
    let mut wanted = Vec::new();
    for page in &site.pages {
        for link in &page.resource_links {
            if link.url.contains("://") || !seen.insert(link.url.clone()) {
                continue;
            }
            wanted.push((link.url.clone(), link.kind));
        }
    }
    wanted
        .par_iter()
        .filter_map(|(url, kind)| {
            let path = local_resource_path(&root_dir, url);
            let meta = std::fs::metadata(&path).ok()?;
            if !meta.is_file() {
                return None;
            }
            let cap = crate::resource::MAX_RESOURCE_BYTES as u64;
            if meta.len() > cap {
                return Some(ResourceFacts::unavailable(
                    url,
                    *kind,
                    crate::resource::NotAnalysed::TooLarge { limit: cap },
                ));
            }
            Some(match std::fs::read(&path) {
                Ok(bytes) => ResourceFacts::analyse_within(url, *kind, bytes, deadline),
                Err(err) => ResourceFacts::unavailable(
                    url,
                    *kind,
                    crate::resource::NotAnalysed::Failed(err.to_string()),
                ),
            })
        })
        .collect()
}

/// The folder a checked input's root-relative links resolve against: the
/// folder itself, or the folder of a single file.
fn site_dir(root: &str) -> PathBuf {
    let root = Path::new(root);
    if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().unwrap_or(Path::new(".")).to_path_buf()
    }
}

/// Where a local page's resource link points on disk (`/a.pdf` from the site's folder).
fn local_resource_path(root_dir: &Path, url: &str) -> PathBuf {
    match url.strip_prefix('/') {
        Some(rel) => root_dir.join(rel),
        None => PathBuf::from(url),
    }
}

/// The report entry of a checked page.
#[must_use]
pub fn page_report(page: &Page, result: &engine::RunResult) -> PageReport {
    PageReport {
        site: page.site.clone(),
        url: page.url.clone(),
        status: page.status,
        title: page.title(),
        encoding: page.encoding.clone(),
        bytes: page.bytes.len(),
        elements: page.element_count(),
        parse_errors: page.parse_error_count,
        depth_limited_tags: page.depth_limited_tags,
        outcomes: result.outcomes.clone(),
    }
}

/// Walks a folder for `*.html` / `*.htm` without following symlinked folders
/// (no loops); unreadable folders become problems.
fn collect_html(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>, lang: Lang) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                problems.push(Problem {
                    input: dir.display().to_string(),
                    kind: "unreadable".into(),
                    message: messages::io(&err, lang),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
            {
                files.push(path);
            }
        }
    }
}

fn load(
    item: &Item,
    options: &CheckOptions,
) -> std::result::Result<(PageInput, Option<UrlFacts>), Problem> {
    match item {
        Item::File { path, site } => load_file(path, site, options.lang).map(|input| (input, None)),
        Item::Url { url } => load_url(url, &options.ca_certs, options.dns_server, options.lang),
    }
}

fn load_file(path: &Path, site: &str, lang: Lang) -> std::result::Result<PageInput, Problem> {
    let input = path.display().to_string();
    let problem = |kind: &str, message: String| Problem {
        input: input.clone(),
        kind: kind.to_string(),
        message,
    };
    let meta =
        std::fs::metadata(path).map_err(|e| problem("unreadable", messages::io(&e, lang)))?;
    if meta.is_dir() {
        return Err(problem(
            "unreadable",
            messages::text("problem-directory", lang, &[]),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(problem(
            "too_large",
            messages::text(
                "problem-too-large",
                lang,
                &[
                    ("bytes", &meta.len().to_string()),
                    ("limit", &MAX_FILE_BYTES.to_string()),
                ],
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| problem("unreadable", messages::io(&e, lang)))?;
    if bytes.is_empty() {
        return Err(problem("empty", messages::text("problem-empty", lang, &[])));
    }
    if looks_binary(&bytes) {
        return Err(problem(
            "binary",
            messages::text("problem-binary", lang, &[]),
        ));
    }
    Ok(PageInput {
        url: input.clone(),
        site: site.to_string(),
        bytes,
        ..PageInput::default()
    })
}

/// NUL bytes in the first 8000 bytes (as git does), unless a UTF-16 BOM explains them.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0)
}

fn load_url(
    url: &str,
    ca_certs: &[CertificateDer<'static>],
    dns_server: DnsServer,
    lang: Lang,
) -> std::result::Result<(PageInput, Option<UrlFacts>), Problem> {
    let problem = |message: String| Problem {
        input: url.to_string(),
        kind: "fetch".into(),
        message,
    };
    let limits = FetchLimits::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| problem(e.to_string()))?;
    let options = ClientOptions {
        ca_certs: ca_certs.to_vec(),
        dns_server,
        ..ClientOptions::default()
    };
    let client = fetch::client_with(
        &limits,
        &options.with(Redirects::Follow, Certificates::Verify),
    )
    .map_err(|e| problem(e.to_string()))?;
    let fetched = match runtime.block_on(fetch::fetch(&client, url, &limits)) {
        Ok(fetched) => fetched,
        // A bad certificate is a finding of its own (tls-certificate-invalid,
        // from the probe below); the content is still audited, as an auditor
        // would click through the browser's warning.
        Err(err) if err.to_string().contains("certificate") => {
            let lenient = fetch::client_with(
                &limits,
                &options.with(Redirects::Follow, Certificates::Accept),
            )
            .map_err(|e| problem(e.to_string()))?;
            runtime
                .block_on(fetch::fetch(&lenient, url, &limits))
                .map_err(|e| problem(e.message(lang)))?
        }
        Err(err) => return Err(problem(err.message(lang))),
    };
    let transport = runtime.block_on(transport_facts(
        url,
        &fetched,
        &options,
        &limits,
        std::time::Duration::ZERO,
    ));
    let dns = runtime.block_on(dns_facts(url, &options, &limits));
    if fetched.body.is_empty() {
        return Err(Problem {
            input: url.to_string(),
            kind: "empty".into(),
            message: messages::text(
                "problem-empty-body",
                lang,
                &[("status", &fetched.status.to_string())],
            ),
        });
    }
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    Ok((
        PageInput {
            url: fetched.final_url,
            site: host,
            bytes: fetched.body,
            status: Some(fetched.status),
            headers: fetched.headers,
            stylesheets: Vec::new(),
        },
        Some(UrlFacts { transport, dns }),
    ))
}
