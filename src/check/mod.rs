//! `check`: audit local HTML files, folders of them, or single URLs, without crawling.
//!
//! Each input is read (or fetched) and checked on its own; an input that cannot
//! be audited (unreadable, empty, binary, too large, unreachable) becomes a
//! [`Problem`] in the report with its reason, and the others are still checked.
//! Pages are parsed and checked in parallel on the rayon pool, a bounded
//! window at a time, and recorded one by one into the store `audit` writes
//! (a temporary one), so a 20 000-file site checks in flat memory. Links
//! between local files are resolved on disk as each page comes and their
//! `#fragment`s looked up by the store; the site rules read their site from
//! the store as after a crawl, and the report is taken from it by `audit`'s
//! path.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::audit::Finished;
use crate::crawl::dns::DnsServer;
use crate::crawl::fetch::{self, Certificates, ClientOptions, FetchError, FetchLimits, Redirects};
use crate::crawl::local::{self, LocalPage, LocalStyles};
use crate::crawl::polite::Hosts;
use crate::crawl::styles::RemoteStyles;
use crate::crawl::transport::{SiteFacts as UrlFacts, dns_facts, transport_facts};
use crate::crawl::{Frontier, PageDone, SiteRow, UrlResult};
use crate::error::{Error, Result};
use crate::facts::admit::{self, Origin};
use crate::facts::{LinkRecord, Problem, ProblemKind};
use crate::gate;
use crate::lang::Lang;
use crate::messages;
use crate::page::PageInput;
use crate::pipeline;
use crate::render::{RenderOptions, Renderer};
use crate::report::model::Report;
use crate::resource::ResourceFacts;
use crate::rules::engine::Context;
use crate::ruleset::Ruleset;
use crate::store::local::LocalTarget;
use crate::store::{PageRecord, RunSettings, Store};
use rustls::pki_types::CertificateDer;

mod network;
use network::Network;

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
    /// Keep the store the pages are recorded in (the layout `audit` writes)
    /// at this path; `None`: a temporary file, removed after the run.
    pub store: Option<PathBuf>,
}

/// One thing to check, after expanding folders.
#[derive(Debug, Clone)]
enum Item {
    /// A local file of the input `site` (a folder or the file itself).
    File { path: PathBuf, site: String },
    /// A URL.
    Url { url: String },
}

impl Item {
    /// What tells the item from another (a file or URL given twice is checked once).
    fn key(&self) -> &str {
        match self {
            Item::File { path, .. } => path.to_str().unwrap_or_default(),
            Item::Url { url } => url,
        }
    }
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

/// An input of `check` as a site: a folder, a file or a URL's host.
struct Site {
    id: String,
    root: String,
    /// A folder or file (its links are resolved on disk), not a URL.
    local: bool,
    /// The documents and feeds its pages link to, in the order first linked
    /// (one entry per distinct target, not per page).
    resources: Vec<(String, crate::page::links::ResourceKind)>,
    /// The targets in `resources`.
    linked: std::collections::HashSet<String>,
    /// How it is served was recorded (the first URL of its host).
    probed: bool,
}

/// Runs `check` and builds the report, gated once by `options.gate`.
///
/// Pages are read, analysed and recorded one window at a time into a store
/// (the one `audit` writes: a temporary file unless `options.store` names
/// one to keep), so memory does not grow with the pages checked; the site
/// rules then read what they need from it, as after a crawl, and the report
/// is taken from it by `audit`'s path ([`crate::audit::report_of`]).
///
/// # Errors
/// [`Error::NoInput`], [`Error::UnsupportedScheme`], [`Error::UnknownRule`],
/// [`Error::UnknownRole`] for bad inputs, and what selecting a profile gives;
/// [`Error::NothingAudited`] when no input could be checked at all;
/// [`Error::Store`] when the store cannot be written.
pub fn run(options: &CheckOptions, ruleset: &Ruleset) -> Result<Report> {
    run_to_store(options, ruleset)?.report()
}

/// [`run`] up to its store: the report is then assembled in memory
/// ([`Finished::report`]) or streamed from the store
/// ([`Finished::streamed`]), as the formats asked need; the store (a
/// temporary one unless `options.store` names one to keep) is removed when
/// the result is dropped.
///
/// # Errors
/// As [`run`].
pub fn run_to_store<'r>(options: &CheckOptions, ruleset: &'r Ruleset) -> Result<Finished<'r>> {
    let started_at = chrono::Utc::now();
    crate::rules::check_ids(&options.only_rules)?;
    let ruleset: Cow<'r, Ruleset> = if options.profiles.is_empty() {
        Cow::Borrowed(ruleset)
    } else {
        let mut extended = ruleset.clone();
        for profile in &options.profiles {
            extended.content.select(profile)?;
        }
        extended.validate()?;
        Cow::Owned(extended)
    };
    if let Some(role) = &options.role
        && ruleset.content.role(role).is_none()
    {
        return Err(ruleset.content.unknown_role(role));
    }
    let ctx = Context::new(&ruleset, options.as_of, options.only_rules.clone());

    let mut sites: Vec<Site> = Vec::new();
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for input in &options.inputs {
        if input.starts_with("http://") || input.starts_with("https://") {
            let host = url::Url::parse(input)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| input.clone());
            add_site(&mut sites, &host, input, false);
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
        add_site(&mut sites, input, input, true);
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
    // A page is checked once, whichever inputs name it.
    let mut named = std::collections::HashSet::new();
    items.retain(|item| named.insert(item.key().to_string()));
    drop(named);

    // The store: kept where asked, else in a temporary folder removed with it.
    let (store_path, temporary) = match &options.store {
        Some(path) => (path.clone(), None),
        None => {
            let dir = tempfile::tempdir().map_err(|source| Error::Write {
                path: std::env::temp_dir(),
                source,
            })?;
            (dir.path().join("check.sqlite"), Some(dir))
        }
    };
    let mut store = Store::create(&store_path, &run_settings(options, &started_at))?;
    for problem in &problems {
        store.put_problem(problem)?;
    }
    drop(problems);

    // One runtime and one client for every URL (none when only files are checked).
    let network = items
        .iter()
        .any(|item| matches!(item, Item::Url { .. }))
        .then(|| Network::new(options))
        .transpose()?;
    // Pages are read, analysed and recorded one window at a time: nothing of
    // a page stays in memory once it is in the store (its links between local
    // files are resolved on disk as it comes, their fragments looked up by
    // the store when the site rules read them).
    let resolvers: Vec<local::LocalLinks> = sites
        .iter()
        .map(|site| local::LocalLinks::new(Path::new(&site.root)))
        .collect();
    let window = CHUNK_PER_THREAD * rayon::current_num_threads().max(1);
    let mut recent = Recent::default();
    // A window is recorded while the next one is analysed (two in memory at most).
    let mut analysed: Vec<std::result::Result<Checked, Problem>> = Vec::new();
    for items in items.chunks(window) {
        let (next, recorded) = rayon::join(
            || {
                items
                    .par_iter()
                    .map(|item| check_item(item, options, network.as_ref(), &ctx))
                    .collect::<Vec<_>>()
            },
            || {
                let done = std::mem::take(&mut analysed);
                record_all(&mut store, &mut sites, &resolvers, &mut recent, done)
            },
        );
        recorded?;
        analysed = next;
    }
    record_all(&mut store, &mut sites, &resolvers, &mut recent, analysed)?;
    drop(items);
    drop(network);
    let pages = store.pages_per_site()?;
    if pages.is_empty() {
        let (_, _, _, problems, _) = store.report_parts()?;
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
    // Each input folder, file or URL host is a site: site rules run over its
    // pages, read back from the store.
    for (site, links) in sites.iter().zip(&resolvers) {
        let audited = pages.contains_key(&site.id);
        let row = SiteRow {
            id: site.id.clone(),
            name: site.id.clone(),
            root: site.root.clone(),
            role: options.role.clone().filter(|_| audited),
            discovered: false,
            robots: None,
            crawl_delay: None,
        };
        store.put_site(&row)?;
        if !audited {
            continue;
        }
        let resources =
            read_local_resources(site, options.analysis_timeout, options.follow_symlinks);
        for problem in resources.iter().filter_map(|r| r.problem(options.lang)) {
            store.put_problem(&problem)?;
        }
        let root = Path::new(&site.root);
        if site.local {
            // The links of local feeds' items are resolved on disk like a page's.
            let root_dir = local::root_dir(root);
            for facts in &resources {
                let Some(feed) = facts.feed.as_ref() else {
                    continue;
                };
                let path = local_resource_path(&root_dir, &facts.url);
                let feed_links: Vec<_> = feed.item_links.iter().map(|l| l.to_link()).collect();
                let records = put_targets(&store, &mut recent, links.resolve(&path, &feed_links))?;
                store.finish_resource(crate::crawl::ResourceDone {
                    url: &path.display().to_string(),
                    result: &found(None),
                    site: Some(&site.id),
                    facts: None,
                    problem: None,
                    links: &records,
                    new_urls: &[],
                })?;
            }
        }
        let mut data = store.site_data(&row)?;
        data.resources = resources;
        if site.local {
            data.xml_sitemap = root
                .is_dir()
                .then(|| local::folder_sitemap(root, options.follow_symlinks));
        }
        crate::audit::judge_site(&mut store, &data, &ctx)?;
    }

    drop(ctx);
    // The same report as an audit's, but for what tells a check from it.
    Ok(Finished::new(
        store,
        ruleset,
        options.gate.clone(),
        Some(options.inputs.clone()),
        Box::new(temporary),
    ))
}

/// Pages analysed at once per worker thread: the pages in memory at any time.
const CHUNK_PER_THREAD: usize = 8;

/// The settings a check's store is made with (what `audit` keeps of its run).
fn run_settings(options: &CheckOptions, started_at: &chrono::DateTime<chrono::Utc>) -> RunSettings {
    RunSettings {
        format: crate::store::FORMAT,
        config: crate::config::Config::default(),
        started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        as_of: options.as_of,
        lang: options.lang,
        fail_on: options.gate.fail_on,
        only_rules: options.only_rules.clone(),
        user_agent: crate::crawl::fetch::USER_AGENT.to_string(),
        output: crate::store::OutputSettings::default(),
    }
}

/// What a local link's target gave, for the store (`None`: another scheme,
/// which has no target to record).
fn local_target(link: &local::LocalLink) -> Option<LocalTarget<'_>> {
    Some(LocalTarget {
        url: &link.record.target,
        status: link.answer.status,
        detail: link.answer.detail.as_deref(),
        anchors_of: link.anchors_of.as_deref()?,
    })
}

/// Writes the targets of links resolved on disk (those not recorded lately)
/// and gives back the links' records, for a page's or a feed's links alike.
fn put_targets(
    store: &Store,
    recent: &mut Recent,
    resolved: Vec<local::LocalLink>,
) -> Result<Vec<LinkRecord>> {
    store.put_local_targets(
        resolved
            .iter()
            .filter_map(local_target)
            .filter(|t| recent.first(t.url)),
    )?;
    Ok(resolved.into_iter().map(|l| l.record).collect())
}

/// A local file's answer as a link target: found, with its fragment targets.
fn found(anchors: Option<Vec<String>>) -> UrlResult {
    UrlResult {
        answer: crate::facts::Answer {
            status: crate::facts::LinkStatus::Ok,
            ..crate::facts::Answer::default()
        },
        anchors,
        ..UrlResult::default()
    }
}

/// Link targets recorded lately, at most [`Recent::MAX`] of them: a site's
/// menu, sidebar and footer lead to the same targets from every page, and a
/// target's answer is written once (the store keeps the first anyway).
#[derive(Debug, Default)]
struct Recent(std::collections::HashSet<String>);

impl Recent {
    /// The targets remembered (bounded, so memory does not grow with pages).
    const MAX: usize = 4096;

    /// Whether `url` is not among the targets recorded lately (and is now).
    fn first(&mut self, url: &str) -> bool {
        if self.0.contains(url) {
            return false;
        }
        if self.0.len() >= Self::MAX {
            self.0.clear();
        }
        self.0.insert(url.to_string());
        true
    }
}

/// Records a window of checked pages (or the problems of inputs that could
/// not be checked) in one batch, in order.
fn record_all(
    store: &mut Store,
    sites: &mut [Site],
    resolvers: &[local::LocalLinks],
    recent: &mut Recent,
    results: Vec<std::result::Result<Checked, Problem>>,
) -> Result<()> {
    if results.is_empty() {
        return Ok(());
    }
    store.begin_batch()?;
    for result in results {
        match result {
            Ok(checked) => record(store, sites, resolvers, recent, checked)?,
            Err(problem) => store.put_problem(&problem)?,
        }
    }
    store.commit_batch()
}

/// Records one checked page in the store, as `audit` records a crawled one
/// ([`Frontier::finish_page`]): its report entry, site facts, findings and
/// problems, and — for a local file — its links with what their targets
/// gave and its fragment targets.
fn record(
    store: &mut Store,
    sites: &mut [Site],
    resolvers: &[local::LocalLinks],
    recent: &mut Recent,
    checked: Checked,
) -> Result<()> {
    let Checked {
        analysed,
        transport,
        local,
        problems,
    } = checked;
    let pipeline::Analysed {
        report,
        mut site_page,
        findings,
        ..
    } = analysed;
    let index = sites.iter().position(|s| s.id == report.site);
    if let Some(site) = index.map(|i| &mut sites[i]) {
        for link in &site_page.resource_links {
            if !link.url.contains("://") && site.linked.insert(link.url.clone()) {
                site.resources.push((link.url.clone(), link.kind));
            }
        }
        if let Some(transport) = &transport
            && !site.probed
        {
            store.put_site_probe(&site.id, transport)?;
            site.probed = true;
        }
    }
    // A local page's links, resolved on disk, and its fragment targets.
    let (links, anchors, path) = match (local, index) {
        (Some(page), Some(i)) => {
            let records =
                put_targets(store, recent, resolvers[i].resolve(&page.path, &page.links))?;
            (records, Some(page.anchors), Some(page.path))
        }
        _ => (Vec::new(), None, None),
    };
    let url = report.url.clone();
    let result = found(anchors);
    let resources = std::mem::take(&mut site_page.resource_links);
    store.finish_page(PageDone {
        url: &url,
        result: &result,
        landed: None,
        page: PageRecord::new(report, site_page, findings, problems),
        resources,
        links: &links,
        new_urls: &[],
    })?;
    if let Some(path) = path {
        store.put_local_page(
            &local::page_key(&path),
            local::folder_key(&path).as_deref(),
            result.anchors.as_deref().unwrap_or_default(),
        )?;
    }
    Ok(())
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

fn add_site(sites: &mut Vec<Site>, id: &str, root: &str, local: bool) {
    if sites.iter().any(|s| s.id == id) {
        return;
    }
    sites.push(Site {
        id: id.to_string(),
        root: root.to_string(),
        local,
        resources: Vec::new(),
        linked: std::collections::HashSet::new(),
        probed: false,
    });
}

/// Reads and analyses the documents and feeds that local pages link to, when
/// they are local files (`check` does not fetch; `audit` does). Root-relative
/// links (`/van-ban/a.pdf`) resolve against the site's folder. A linked file
/// that does not exist is left to the link rules.
fn read_local_resources(
    site: &Site,
    deadline: std::time::Duration,
    follow_symlinks: bool,
) -> Vec<ResourceFacts> {
    let root_dir = local::root_dir(Path::new(&site.root));
    site.resources
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
