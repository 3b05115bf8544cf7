//! `check`: audit local HTML files, folders of them, or single URLs, without crawling.
//!
//! Each input is read (or fetched) and checked on its own; an input that cannot
//! be audited (unreadable, empty, binary, too large, unreachable) becomes a
//! [`Problem`] in the report with its reason, and the others are still checked.
//! Pages are parsed and checked in parallel on the rayon pool. Links between
//! local files (and their `#fragment`s) are checked on disk by the link rules.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::crawl::dns::DnsServer;
use crate::crawl::fetch::{self, Certificates, ClientOptions, FetchError, FetchLimits, Redirects};
use crate::crawl::local::{self, LocalPage, LocalStyles};
use crate::crawl::polite::Hosts;
use crate::crawl::styles::RemoteStyles;
use crate::crawl::transport::{SiteFacts as UrlFacts, dns_facts, transport_facts};
use crate::error::{Error, Result};
use crate::facts::admit::{self, Origin};
use crate::facts::{LinkResult, Problem, ProblemKind};
use crate::gate;
use crate::lang::Lang;
use crate::messages;
use crate::page::PageInput;
use crate::pipeline;
use crate::render::{RenderOptions, Renderer};
use crate::report::model::{Report, SiteReport};
use crate::report::{self, ReportParts};
use crate::resource::ResourceFacts;
use crate::rules::engine::{self, Context};
use crate::rules::site::{SiteData, SitePage};
use crate::ruleset::Ruleset;
use rustls::pki_types::CertificateDer;

/// The largest local file checked.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
    /// Legal profiles to apply besides the embedded ones: built-in ids or files.
    pub profiles: Vec<String>,
    /// Extra trusted root certificates (an agency's own CA), besides the Mozilla set.
    pub ca_certs: Vec<CertificateDer<'static>>,
    /// The resolver asked for the hosts' DNS records.
    pub dns_server: DnsServer,
    /// How long the analysis of one linked document or feed may take.
    pub analysis_timeout: std::time::Duration,
    /// The browser mode (`--render chromium`): each URL is also rendered in
    /// headless Chromium and the rendered DOM checked too. Files are not.
    pub render: Option<RenderOptions>,
    /// Read files through symlinks that lead out of the checked folder
    /// (`--follow-symlinks`; off: nothing outside DIR is read).
    pub follow_symlinks: bool,
}

/// One thing to check, after expanding folders.
#[derive(Debug, Clone)]
enum Item {
    /// A local file of the input `site` (a folder or the file itself).
    File { path: PathBuf, site: String },
    /// A URL.
    Url { url: String },
}

/// One checked page: its analysis, the transport facts of a URL, and what the
/// local link check needs of a file.
struct Checked {
    analysed: pipeline::Analysed,
    transport: Option<UrlFacts>,
    local: Option<LocalPage>,
    /// What went wrong without stopping the page's check (a failed render).
    problems: Vec<Problem>,
}

/// Runs `check` and builds the report, gated once by `options.gate`.
///
/// # Errors
/// [`Error::NoInput`], [`Error::UnsupportedScheme`], [`Error::UnknownRule`],
/// [`Error::UnknownRole`] for bad inputs, and what selecting a profile gives;
/// [`Error::NothingAudited`] when no input could be checked at all.
pub fn run(options: &CheckOptions, ruleset: &Ruleset) -> Result<Report> {
    let started_at = chrono::Utc::now();
    crate::rules::check_ids(&options.only_rules)?;
    let with_profiles;
    let ruleset = if options.profiles.is_empty() {
        ruleset
    } else {
        let mut extended = ruleset.clone();
        for profile in &options.profiles {
            extended.content.select(profile)?;
        }
        extended.validate()?;
        with_profiles = extended;
        &with_profiles
    };
    if let Some(role) = &options.role
        && ruleset.content.role(role).is_none()
    {
        return Err(ruleset.content.unknown_role(role));
    }
    let ctx = Context::new(ruleset, options.as_of, options.only_rules.clone());

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
            collect_html(
                path,
                &mut files,
                &mut problems,
                options.lang,
                options.follow_symlinks,
            );
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

    // One runtime and one client for every URL (none when only files are checked).
    let network = items
        .iter()
        .any(|item| matches!(item, Item::Url { .. }))
        .then(|| Network::new(options))
        .transpose()?;
    // Pages are read, analysed and folded in one chunk at a time: what stays
    // is each page's report entry, findings and site facts, never its DOM
    // or its links (those between local files are resolved as each page
    // comes, `LocalLinks`; only the ones site rules look at are kept).
    let mut local_links: Vec<(String, local::LocalLinks)> = sites
        .iter()
        .map(|site| {
            let files = items.iter().filter_map(|item| match item {
                Item::File { path, site: s } if *s == site.id => Some(path.as_path()),
                _ => None,
            });
            (
                site.id.clone(),
                local::LocalLinks::new(Path::new(&site.root), files),
            )
        })
        .collect();
    // Per site: plain local links (only counted) and the others, in order.
    let mut site_links: std::collections::HashMap<String, (usize, Vec<(u64, LinkResult)>)> =
        std::collections::HashMap::new();
    let mut pages = Vec::new();
    let mut findings = Vec::new();
    let mut site_pages: Vec<(String, SitePage)> = Vec::new();
    let mut transports: Vec<(String, UrlFacts)> = Vec::new();
    let chunk = CHUNK_PER_THREAD * rayon::current_num_threads().max(1);
    for items in items.chunks(chunk) {
        let results: Vec<std::result::Result<Checked, Problem>> = items
            .par_iter()
            .map(|item| check_item(item, options, network.as_ref(), &ctx))
            .collect();
        for result in results {
            match result {
                Ok(checked) => {
                    let page = checked.analysed.report;
                    if let Some(transport) = checked.transport
                        && !transports.iter().any(|(site, _)| *site == page.site)
                    {
                        transports.push((page.site.clone(), transport));
                    }
                    if let Some(local) = checked.local
                        && let Some((_, links)) =
                            local_links.iter_mut().find(|(site, _)| *site == page.site)
                    {
                        links.add_anchors(&local.path, local.anchors);
                        let kept = site_links.entry(page.site.clone()).or_default();
                        links.add_links(&local.path, &local.links, &mut |seq, link| {
                            keep_link(kept, seq, link);
                        });
                    }
                    problems.extend(checked.problems);
                    site_pages.push((page.site.clone(), checked.analysed.site_page));
                    pages.push(page);
                    findings.extend(checked.analysed.findings);
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    drop(network);
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
        data.resources =
            read_local_resources(&data, options.analysis_timeout, options.follow_symlinks);
        problems.extend(
            data.resources
                .iter()
                .filter_map(|r| r.problem(options.lang)),
        );
        // Links between local files (and from local feeds' items) are
        // resolved on disk (crawl::local); the links family judges them like
        // crawled links.
        let kept = site_links.remove(&site.id);
        let links = local_links
            .iter()
            .position(|(s, _)| *s == site.id)
            .map(|i| local_links.swap_remove(i).1);
        if let (Some((plain, kept)), Some(mut links)) = (kept, links) {
            let mut kept = (plain, kept);
            let root = Path::new(&site.root);
            let root_dir = local::root_dir(root);
            for facts in &data.resources {
                let Some(feed) = facts.feed.as_ref() else {
                    continue;
                };
                let path = local_resource_path(&root_dir, &facts.url);
                let feed_links: Vec<_> = feed.item_links.iter().map(|l| l.to_link()).collect();
                links.add_anchors(&path, Vec::new());
                links.add_links(&path, &feed_links, &mut |seq, link| {
                    keep_link(&mut kept, seq, link);
                });
            }
            links.finish(&mut |seq, link| keep_link(&mut kept, seq, link));
            let (plain, mut kept) = kept;
            kept.sort_by_key(|(seq, _)| *seq);
            data.links_ok += plain;
            data.links.extend(kept.into_iter().map(|(_, link)| link));
            data.xml_sitemap = root
                .is_dir()
                .then(|| local::folder_sitemap(root, options.follow_symlinks));
        }
        let result = engine::run_site(&data, &ctx);
        site.role.clone_from(&options.role);
        site.outcomes = result.outcomes;
        site.checklist = result.checklist;
        site.emc = result.emc;
        findings.extend(result.findings);
    }

    let gate = gate::judge(&mut findings, &options.gate);
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

/// Pages analysed at once per worker thread: the pages in memory at any time.
const CHUNK_PER_THREAD: usize = 8;

/// Keeps a local link for the site rules: a plain one is only counted
/// ([`SiteData::is_plain`]), the others kept with their order.
fn keep_link(kept: &mut (usize, Vec<(u64, LinkResult)>), seq: u64, link: LinkResult) {
    if SiteData::is_plain(
        &link.link.href,
        &link.link.scheme,
        &link.answer,
        link.fragment_found,
    ) {
        kept.0 += 1;
    } else {
        kept.1.push((seq, link));
    }
}

/// Reads (or fetches), admits and analyses one input.
fn check_item(
    item: &Item,
    options: &CheckOptions,
    network: Option<&Network>,
    ctx: &Context<'_>,
) -> std::result::Result<Checked, Problem> {
    match item {
        Item::File { path, site } => {
            let input = load_file(path, site, options.lang)?;
            let styles = LocalStyles {
                root_dir: local::root_dir(Path::new(site)),
                follow_symlinks: options.follow_symlinks,
            };
            let mut analysed = pipeline::analyse(input, &styles, ctx);
            let problems = pipeline::depth_problem(&analysed.report, options.lang)
                .into_iter()
                .collect();
            // The links and anchors go to the local link check, not the report.
            let local = LocalPage {
                path: path.clone(),
                links: std::mem::take(&mut analysed.links),
                anchors: std::mem::take(&mut analysed.anchors),
            };
            Ok(Checked {
                analysed,
                transport: None,
                local: Some(local),
                problems,
            })
        }
        Item::Url { url } => {
            let network = network.expect("a network is set up when a URL is checked");
            let (input, transport) = network.load(url, options.lang)?;
            let Some(renderer) = &network.renderer else {
                let analysed = pipeline::analyse(input, &network.styles, ctx);
                return Ok(Checked {
                    problems: pipeline::depth_problem(&analysed.report, options.lang)
                        .into_iter()
                        .collect(),
                    analysed,
                    transport: Some(transport),
                    local: None,
                });
            };
            let served_input = PageInput {
                url: input.url.clone(),
                site: input.site.clone(),
                status: input.status,
                headers: input.headers.clone(),
                ..PageInput::default()
            };
            let mut analysed = pipeline::analyse(input, &network.styles, ctx);
            let mut problems: Vec<_> = pipeline::depth_problem(&analysed.report, options.lang)
                .into_iter()
                .collect();
            // A page the browser cannot render keeps its served analysis.
            let measure = renderer.options().repeat > 0;
            match network
                .runtime
                .block_on(renderer.render(&served_input.url, measure))
            {
                Ok(rendered) => {
                    if let Some(error) = &rendered.measure_problem {
                        problems.push(error.measure_problem(url, options.lang));
                    }
                    problems.extend(
                        rendered
                            .blocked
                            .iter()
                            .map(|b| b.problem(url, options.lang)),
                    );
                    analysed = pipeline::with_rendered(
                        analysed,
                        &served_input,
                        &rendered,
                        &network.styles,
                        ctx,
                    );
                }
                Err(error) => problems.push(error.problem(url, options.lang)),
            }
            Ok(Checked {
                analysed,
                transport: Some(transport),
                local: None,
                problems,
            })
        }
    }
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
        status: crate::report::model::SiteStatus::default(),
        emc: None,
    });
}

/// Reads and analyses the documents and feeds that local pages link to, when
/// they are local files (`check` does not fetch; `audit` does). Root-relative
/// links (`/van-ban/a.pdf`) resolve against the site's folder. A linked file
/// that does not exist is left to the link rules.
fn read_local_resources(
    site: &SiteData,
    deadline: std::time::Duration,
    follow_symlinks: bool,
) -> Vec<ResourceFacts> {
    let root_dir = local::root_dir(Path::new(&site.root));
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
            // Nothing outside the checked folder is read.
            if !local::contained(&root_dir, &path, follow_symlinks) {
                return None;
            }
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

/// Where a local page's resource link points on disk (`/a.pdf` from the site's folder).
fn local_resource_path(root_dir: &Path, url: &str) -> PathBuf {
    match url.strip_prefix('/') {
        Some(rel) => root_dir.join(rel),
        None => PathBuf::from(url),
    }
}

/// Walks a folder for `*.html` / `*.htm` without following symlinked folders
/// (no loops); unreadable folders become problems, and so do files that are
/// symlinks leading out of the folder (not read unless `follow_symlinks`).
fn collect_html(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
    lang: Lang,
    follow_symlinks: bool,
) {
    let root = dir.to_path_buf();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                problems.push(Problem {
                    input: dir.display().to_string(),
                    kind: ProblemKind::Unreadable,
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
                if local::contained(&root, &path, follow_symlinks) {
                    files.push(path);
                } else {
                    problems.push(Problem {
                        input: path.display().to_string(),
                        kind: ProblemKind::Unreadable,
                        message: messages::text("outside-folder", lang, &[]),
                    });
                }
            }
        }
    }
}

/// Reads a local file and admits it as a page.
fn load_file(path: &Path, site: &str, lang: Lang) -> std::result::Result<PageInput, Problem> {
    let input = path.display().to_string();
    let unreadable = |message: String| Problem {
        input: input.clone(),
        kind: ProblemKind::Unreadable,
        message,
    };
    let refused = |refusal: admit::Refusal| {
        refusal
            .problem(&input, lang)
            .expect("a file is never refused as not HTML")
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(messages::io(&e, lang)))?;
    if meta.is_dir() {
        return Err(unreadable(messages::text("problem-directory", lang, &[])));
    }
    admit::within(meta.len(), MAX_FILE_BYTES).map_err(refused)?;
    let bytes = std::fs::read(path).map_err(|e| unreadable(messages::io(&e, lang)))?;
    admit::admit(Origin::File, &bytes).map_err(refused)?;
    Ok(PageInput {
        url: input.clone(),
        site: site.to_string(),
        bytes,
        ..PageInput::default()
    })
}

/// What checking URLs shares: one runtime, one client (and a lenient one,
/// made when a certificate is refused), the stylesheet cache.
struct Network {
    /// The browser, with `--render chromium` (dropped first: it kills Chromium).
    renderer: Option<Renderer>,
    runtime: tokio::runtime::Runtime,
    limits: FetchLimits,
    options: ClientOptions,
    client: fetch::Client,
    lenient: OnceLock<std::result::Result<fetch::Client, String>>,
    styles: RemoteStyles,
}

impl Network {
    fn new(check: &CheckOptions) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::Client(e.to_string()))?;
        let limits = FetchLimits::from(&crate::config::Limits::default());
        // The URLs on the command line are the user's: they may be anywhere;
        // what they lead to (stylesheets, redirects) only at public addresses,
        // unless one of them is itself on a private address.
        let named: Vec<String> = check
            .inputs
            .iter()
            .filter_map(|input| url::Url::parse(input).ok()?.host_str().map(str::to_string))
            .collect();
        let options = ClientOptions {
            ca_certs: check.ca_certs.clone(),
            dns_server: check.dns_server,
            addresses: std::sync::Arc::new(crate::crawl::address::AddressPolicy::new(
                named.iter().map(String::as_str),
                false,
            )),
            ..ClientOptions::default()
        };
        let client = fetch::client_with(
            &limits,
            &options.with(Redirects::Follow, Certificates::Verify),
        )
        .map_err(|e| Error::Client(e.to_string()))?;
        let styles = RemoteStyles::new(
            client.clone(),
            &limits,
            std::sync::Arc::new(Hosts::new(std::time::Duration::ZERO)),
            runtime.handle().clone(),
        );
        // The browser connects where the client may (`crawl::address::BrowserGate`).
        let gate = options
            .browser_gate(&limits)
            .map_err(|e| Error::Client(e.to_string()))?;
        let renderer = check
            .render
            .clone()
            .map(|render| {
                Renderer::new(crate::render::RenderOptions {
                    gate: Some(std::sync::Arc::new(gate)),
                    ..render
                })
            })
            .transpose()
            .map_err(|e| Error::NoBrowser(e.to_string()))?;
        Ok(Self {
            renderer,
            runtime,
            limits,
            options,
            client,
            lenient: OnceLock::new(),
            styles,
        })
    }

    /// Fetches a URL, admits it as a page, and gathers how its site is
    /// served (transport, DNS).
    fn load(&self, url: &str, lang: Lang) -> std::result::Result<(PageInput, UrlFacts), Problem> {
        let problem = |message: String| Problem {
            input: url.to_string(),
            kind: ProblemKind::Fetch,
            message,
        };
        let fetched = match self
            .runtime
            .block_on(fetch::fetch(&self.client, url, &self.limits))
        {
            Ok(fetched) => fetched,
            // A bad certificate is a finding of its own (tls-certificate-invalid,
            // from the probe below); the content is still audited, as an auditor
            // would click through the browser's warning.
            Err(FetchError::Tls(_)) => {
                let lenient = self
                    .lenient
                    .get_or_init(|| {
                        fetch::client_with(
                            &self.limits,
                            &self.options.with(Redirects::Follow, Certificates::Accept),
                        )
                        .map_err(|e| e.to_string())
                    })
                    .as_ref()
                    .map_err(|e| problem(e.clone()))?;
                self.runtime
                    .block_on(fetch::fetch(lenient, url, &self.limits))
                    .map_err(|e| problem(e.message(lang)))?
            }
            Err(err) => return Err(problem(err.message(lang))),
        };
        let origin = Origin::Http {
            status: fetched.status,
            content_type: fetched.header("content-type"),
        };
        if let Err(refusal) = admit::admit(origin, &fetched.body) {
            return Err(refusal.problem(url, lang).unwrap_or_else(|| Problem {
                input: url.to_string(),
                kind: ProblemKind::ContentType,
                message: messages::text("problem-not-html", lang, &[]),
            }));
        }
        let (transport, dns) = self.runtime.block_on(async {
            let transport = transport_facts(
                url,
                &fetched,
                &self.options,
                &self.limits,
                std::time::Duration::ZERO,
            )
            .await;
            (transport, dns_facts(url, &self.options, &self.limits).await)
        });
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
            },
            UrlFacts { transport, dns },
        ))
    }
}
