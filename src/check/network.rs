//! What `check` of URLs shares: one runtime, one HTTP client (and a lenient
//! one for refused certificates), the stylesheet cache and the browser.

use super::*;

/// What checking URLs shares: one runtime, one client (and a lenient one,
/// made when a certificate is refused), the stylesheet cache.
pub(super) struct Network {
    /// The browser, with `--render chromium` (dropped first: it kills Chromium).
    pub(super) renderer: Option<Renderer>,
    pub(super) runtime: tokio::runtime::Runtime,
    pub(super) limits: FetchLimits,
    pub(super) options: ClientOptions,
    pub(super) client: fetch::Client,
    pub(super) lenient: OnceLock<std::result::Result<fetch::Client, String>>,
    pub(super) styles: RemoteStyles,
}

impl Network {
    pub(super) fn new(check: &CheckOptions) -> Result<Self> {
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
    pub(super) fn load(
        &self,
        url: &str,
        lang: Lang,
    ) -> std::result::Result<(PageInput, UrlFacts), Problem> {
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
