//! Fetch tasks: one per frontier URL, on the async runtime. A task only
//! fetches and classifies what came back ([`url_result`]); a page it admits
//! is handed to the parse workers (a bounded channel), a document or feed is
//! analysed off the async workers, a link target is only asked whether it
//! answers (and, when a link names a fragment, for its fragment targets).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use url::Url;

use super::fetch::{self, FetchError, FetchLimits, Fetched, Method};
use super::frontier::{Action, Queued, UrlResult};
use super::polite::Hosts;
use super::url as curl;
use crate::facts::admit::{self, Origin};
use crate::facts::{Answer, LinkStatus, Problem, ProblemKind, RedirectHop};
use crate::lang::Lang;
use crate::messages;
use crate::page::links::ResourceKind;
use crate::page::{Page, PageInput, links};
use crate::resource::{MAX_RESOURCE_BYTES, NotAnalysed, ResourceFacts};

/// A page to analyse on a parse worker, and where its analysis (and its
/// links, when they come ahead of it) goes.
pub(super) struct ParseJob<P> {
    pub input: PageInput,
    pub reply: oneshot::Sender<super::Analysed<P>>,
    pub ahead: super::LinksAhead,
}

/// What fetch tasks share.
pub(super) struct Shared<P> {
    pub client: fetch::Client,
    pub limits: FetchLimits,
    pub jobs: mpsc::Sender<ParseJob<P>>,
    pub hosts: Arc<Hosts>,
    /// Query parameters stripped in normalisation.
    pub strip: Vec<String>,
    /// How long the analysis of one document or feed may take.
    pub analysis_timeout: Duration,
    /// The language of the problems reported.
    pub lang: Lang,
}

/// What a fetch task brings back, ready to record.
pub(super) enum TaskOutput<P> {
    /// An audited page.
    Page {
        queued: Queued,
        result: UrlResult,
        /// The page's address: its final URL, normalised.
        address: String,
        final_url: String,
        analysed: Box<super::Analysed<P>>,
    },
    /// A checked URL, or a crawl that gave no page (and why).
    Url {
        queued: Queued,
        result: UrlResult,
        problem: Option<Problem>,
    },
    /// A linked document or feed, fetched and analysed.
    Resource {
        queued: Queued,
        result: UrlResult,
        facts: Option<Box<ResourceFacts>>,
    },
}

impl<P> TaskOutput<P> {
    pub fn queued(&self) -> &Queued {
        match self {
            TaskOutput::Page { queued, .. }
            | TaskOutput::Url { queued, .. }
            | TaskOutput::Resource { queued, .. } => queued,
        }
    }

    pub fn result(&self) -> &UrlResult {
        match self {
            TaskOutput::Page { result, .. }
            | TaskOutput::Url { result, .. }
            | TaskOutput::Resource { result, .. } => result,
        }
    }

    pub fn result_mut(&mut self) -> &mut UrlResult {
        match self {
            TaskOutput::Page { result, .. }
            | TaskOutput::Url { result, .. }
            | TaskOutput::Resource { result, .. } => result,
        }
    }
}

/// A page fetched and handed to the parse workers: its network slot is free
/// again; the crawl waits for the analysis apart ([`analysed`]).
pub(super) struct PendingParse<P> {
    queued: Queued,
    result: UrlResult,
    address: String,
    final_url: String,
    wait: oneshot::Receiver<super::Analysed<P>>,
    /// The page's links, if its analysis sends them ahead (taken once).
    ahead: Option<oneshot::Receiver<Ahead>>,
}

/// A page's links and `<base href>`, sent ahead of its analysis.
type Ahead = (Vec<links::Link>, Option<String>);

/// What waiting on a page's analysis gives: the analysis, or first the
/// page's links while the analysis goes on.
pub(super) enum Analysis<P> {
    Done(TaskOutput<P>),
    Ahead(LinksFirst<P>),
}

/// A page's links, sent ahead of its analysis (which is still to be waited
/// for, with [`analysed`]).
pub(super) struct LinksFirst<P> {
    pub links: Vec<links::Link>,
    pub base: Option<String>,
    pub pending: PendingParse<P>,
}

impl<P> PendingParse<P> {
    pub fn queued(&self) -> &Queued {
        &self.queued
    }

    /// The page's address: its final URL, normalised.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The URL it was fetched from in the end.
    pub fn final_url(&self) -> &str {
        &self.final_url
    }
}

/// What a fetch task hands back: a result to record, or a page whose
/// analysis is still to be waited for.
pub(super) enum FetchOutput<P> {
    Ready(TaskOutput<P>),
    Parsing(PendingParse<P>),
    /// The crawl is closing (its parse workers are gone): nothing to record,
    /// the URL stays queued.
    Dropped(Queued),
}

impl<P> FetchOutput<P> {
    pub fn queued(&self) -> &Queued {
        match self {
            FetchOutput::Ready(output) => output.queued(),
            FetchOutput::Parsing(pending) => &pending.queued,
            FetchOutput::Dropped(queued) => queued,
        }
    }
}

/// Fetches one frontier URL, after its host's turn.
pub(super) async fn run<P>(shared: Arc<Shared<P>>, queued: Queued, host: String) -> FetchOutput<P> {
    shared.hosts.wait(&host).await;
    match queued.action {
        Action::Crawl => crawl(&shared, queued).await,
        Action::Resource(kind) => FetchOutput::Ready(resource(&shared, queued, kind).await),
        _ => FetchOutput::Ready(check(&shared, queued).await),
    }
}

/// A page of a site: fetched, admitted, handed to the parse workers.
async fn crawl<P>(shared: &Shared<P>, queued: Queued) -> FetchOutput<P> {
    let fetched = fetch::fetch_with(&shared.client, &queued.url, &shared.limits, Method::Get).await;
    let result = url_result(&fetched);
    let f = match fetched {
        Ok(f) => f,
        Err(e) => {
            let kind = if matches!(e, FetchError::TooLarge { .. }) {
                ProblemKind::TooLarge
            } else {
                ProblemKind::Fetch
            };
            let problem = Problem {
                input: queued.url.clone(),
                kind,
                message: e.message(shared.lang),
            };
            return FetchOutput::Ready(TaskOutput::Url {
                queued,
                result,
                problem: Some(problem),
            });
        }
    };
    let origin = Origin::Http {
        status: f.status,
        content_type: f.header("content-type"),
    };
    if let Err(refusal) = admit::admit(origin, &f.body) {
        return FetchOutput::Ready(TaskOutput::Url {
            problem: refusal.problem(&queued.url, shared.lang),
            queued,
            result,
        });
    }
    let final_url = f.final_url.clone();
    // A page that was redirected is the page at its final address.
    let address = Url::parse(&final_url)
        .ok()
        .and_then(|u| curl::normalize(&u, "", &shared.strip))
        .map_or_else(|| queued.url.clone(), |n| n.url.to_string());
    let input = PageInput {
        url: address.clone(),
        site: queued.site.clone().unwrap_or_default(),
        bytes: f.body,
        status: Some(f.status),
        headers: f.headers,
    };
    let (reply, wait) = oneshot::channel();
    let (ahead, links_ahead) = oneshot::channel();
    let job = ParseJob {
        input,
        reply,
        ahead: super::LinksAhead(Some(ahead)),
    };
    if shared.jobs.send(job).await.is_err() {
        return FetchOutput::Dropped(queued);
    }
    FetchOutput::Parsing(PendingParse {
        queued,
        result,
        address,
        final_url,
        wait,
        ahead: Some(links_ahead),
    })
}

/// Waits for the analysis of a fetched page, or for its links when the
/// analysis sends them ahead (then the analysis is waited for again). When
/// it failed (the analysis panicked), the fetch is still recorded, with the
/// problem.
pub(super) async fn analysed<P>(mut pending: PendingParse<P>, lang: Lang) -> Analysis<P> {
    // The sender is dropped unused when the analysis ends without sending.
    if let Some(ahead) = pending.ahead.take()
        && let Ok((links, base)) = ahead.await
    {
        return Analysis::Ahead(LinksFirst {
            links,
            base,
            pending,
        });
    }
    let PendingParse {
        queued,
        result,
        address,
        final_url,
        wait,
        ahead: _,
    } = pending;
    Analysis::Done(match wait.await {
        Ok(analysed) => TaskOutput::Page {
            queued,
            result,
            address,
            final_url,
            analysed: Box::new(analysed),
        },
        Err(_) => {
            let problem = Problem {
                input: queued.url.clone(),
                kind: ProblemKind::PageNotAnalysed,
                message: messages::text("problem-page-not-analysed", lang, &[]),
            };
            TaskOutput::Url {
                queued,
                result,
                problem: Some(problem),
            }
        }
    })
}

/// Fetches a linked document or feed (up to [`MAX_RESOURCE_BYTES`], with the
/// crawl's timeouts) and analyses it off the async workers, within the
/// configured deadline. An HTTP error or a network failure leaves no facts:
/// the link rules report the link.
async fn resource<P>(shared: &Shared<P>, queued: Queued, kind: ResourceKind) -> TaskOutput<P> {
    let mut limits = shared.limits.clone();
    limits.max_body_bytes = MAX_RESOURCE_BYTES as u64;
    let fetched = fetch::fetch_with(&shared.client, &queued.url, &limits, Method::Get).await;
    let result = url_result(&fetched);
    let facts = match fetched {
        Ok(f) if (200..300).contains(&f.status) => {
            let (url, deadline) = (queued.url.clone(), shared.analysis_timeout);
            tokio::task::spawn_blocking(move || {
                Box::new(ResourceFacts::analyse_within(&url, kind, f.body, deadline))
            })
            .await
            .ok()
        }
        Err(FetchError::TooLarge { limit }) => Some(Box::new(ResourceFacts::unavailable(
            &queued.url,
            kind,
            NotAnalysed::TooLarge { limit },
        ))),
        _ => None,
    };
    TaskOutput::Resource {
        queued,
        result,
        facts,
    }
}

/// A link target: does it answer (HEAD, or GET when HEAD is refused), and
/// when a link to it names a fragment, which fragment targets it holds.
async fn check<P>(shared: &Shared<P>, queued: Queued) -> TaskOutput<P> {
    let method = if queued.need_anchors {
        Method::Get
    } else {
        Method::Head
    };
    let mut fetched = fetch::fetch_with(&shared.client, &queued.url, &shared.limits, method).await;
    if let Ok(f) = &fetched
        && !queued.need_anchors
        && matches!(f.status, 400 | 403 | 404 | 405 | 501)
    {
        fetched = fetch::fetch_with(
            &shared.client,
            &queued.url,
            &shared.limits,
            Method::GetHeadersOnly,
        )
        .await;
    }
    let mut result = url_result(&fetched);
    if let Ok(f) = fetched
        && queued.need_anchors
        && f.header("content-type").is_some_and(|c| c.contains("html"))
    {
        result.anchors = anchors_of(f).await;
    }
    TaskOutput::Url {
        queued,
        result,
        problem: None,
    }
}

/// The fragment targets of a fetched page that is only link-checked: the
/// same set as an audited page's ([`links::anchors`]: `id`s, and `name`s of
/// `a` elements), from its DOM, parsed off the async workers.
async fn anchors_of(f: Fetched) -> Option<Vec<String>> {
    tokio::task::spawn_blocking(move || {
        let page = Page::parse(PageInput {
            url: f.final_url,
            bytes: f.body,
            headers: f.headers,
            ..PageInput::default()
        });
        links::anchors(&page)
    })
    .await
    .ok()
}

/// What a fetch gave, as the frontier keeps it: the status class of the
/// answer (or of the failure), the redirects, the time.
pub(super) fn url_result(fetched: &Result<Fetched, FetchError>) -> UrlResult {
    let hops = |hops: &[fetch::Hop]| -> Vec<RedirectHop> {
        hops.iter()
            .map(|h| RedirectHop {
                url: h.url.clone(),
                status: h.status,
            })
            .collect()
    };
    let answer = match fetched {
        Ok(f) => {
            let redirects = hops(&f.redirects);
            let status = match f.status {
                200..=299 if redirects.is_empty() => LinkStatus::Ok,
                200..=299 => LinkStatus::Redirect,
                401 | 403 | 429 | 999 => LinkStatus::Blocked,
                400..=599 => LinkStatus::Broken,
                _ => LinkStatus::Error,
            };
            Answer {
                status,
                http_status: Some(f.status),
                final_url: Some(f.final_url.clone()),
                redirects,
                detail: (f.attempts > 1).then(|| format!("{} attempts", f.attempts)),
            }
        }
        Err(e) => {
            let status = match e {
                FetchError::Timeout { .. } => LinkStatus::Timeout,
                FetchError::Dns(_) => LinkStatus::Dns,
                FetchError::Tls(_) => LinkStatus::Tls,
                FetchError::Refused(_) => LinkStatus::Refused,
                FetchError::RedirectLoop { .. } | FetchError::TooManyRedirects { .. } => {
                    LinkStatus::RedirectLoop
                }
                FetchError::UnsafeRedirect { .. } => LinkStatus::UnsafeRedirect,
                FetchError::PrivateAddress { .. } => LinkStatus::PrivateAddress,
                // The target answers; it is only too big to audit.
                FetchError::TooLarge { .. } => LinkStatus::Ok,
                FetchError::InvalidUrl { .. } | FetchError::Reset(_) | FetchError::Network(_) => {
                    LinkStatus::Error
                }
            };
            let (redirects, final_url) = match e {
                FetchError::RedirectLoop { hops: h, to }
                | FetchError::TooManyRedirects { hops: h, to, .. } => (hops(h), Some(to.clone())),
                _ => (Vec::new(), None),
            };
            Answer {
                status,
                detail: Some(e.to_string()),
                redirects,
                final_url,
                ..Answer::default()
            }
        }
    };
    UrlResult {
        answer,
        at: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        error: fetched.as_ref().err().cloned(),
        ..UrlResult::default()
    }
}
