//! One integration test binary (ripgrep-style): each module is a group.

/// The W3C ACT Rules conformance measurement (needs `ACT_RULES_DIR`).
mod act;
/// `check` records pages into a store as it goes: local links and fragments, inputs named twice, the temporary store.
mod check;
/// The manual review checklist filled in headless Chromium: kept in localStorage, downloaded, merged.
mod checklist;
/// CI: stable fingerprints, baseline states, SARIF for code scanning, GitHub annotations, GitLab Code Quality.
mod ci;
/// The command line: exit codes, reports, schema validation.
mod cli;
/// Mandatory information: fixture sites, checklists and findings on two reference dates.
mod content;
/// `audit` against local test servers: a fixture province, faults, resume.
mod crawl;
/// `portal-audit demo`: the embedded demo province and its exact findings.
mod demo;
/// Linked documents (PDF, archives, Office files) and feeds.
mod documents;
/// Hardening: the address policy (no internal network through an audited site), bounded inputs, the store lock, safe output.
mod hardening;
/// The library's modules form layers without a cycle (docs/architecture.md).
mod layers;
/// Legal bases per date and profile, the portal's supplied items, roles after 2025.
mod legal;
/// What `audit` logs when standard error is not a terminal: phases, finished sites, -v and -vv.
mod logs;
/// Messages a webmaster can act on: contrast reasons in the text, before/after examples in every rule's fix.
mod messages;
/// One page pipeline: `check` and `audit` give the same page findings.
mod pipeline;
/// Property tests: generated hostile input against the page pipeline, URLs, addresses, robots, sitemaps, configs and legacy text.
mod properties;
/// The province report: the province table, honest site status, family scores, province.csv.
mod province;
/// The browser mode: pages built by script, pages the browser cannot finish.
mod render;
/// The HTML report: each site's own file, the page filter, filters hiding sites, reflow at 320 px, passing its own check.
mod report_html;
/// `report.json` format 1.7: said once in `rules`, put back on reading; format 1.6 still read, diffed and merged.
mod report_json;
/// Report formats, baselines, gates and diffs.
mod reports;
/// The manual review checklist: cant-tell findings grouped per site, rule and pattern.
mod review;
/// Hostile and broken inputs: deep nesting, huge pages, bad bytes, unreadable files.
mod robustness;
/// The exact expected findings of every rule fixture under `fixtures/rules/`.
mod rules;
/// Rule metadata and code agree; metadata is complete in both languages.
mod rulesets;
/// A split audit: `audit --shard I/N` and `--sites`, and `merge` giving the report of one whole run.
mod shard;
/// Every site fixture under `fixtures/sites/` with an `expected.toml`, served and audited.
mod sites;
/// The report streamed from the store: byte for byte the report assembled in memory.
mod stream;
/// Shared helpers: the binary, report validation, the scripted server, snapshots, site fixtures.
mod support;
/// HTTPS, certificates, redirects and HSTS against local TLS servers.
mod transport;
/// The Vietnamese Unicode family: legacy encodings, clean corpus, `convert`.
mod unicode;
/// For the webmaster of a big site: template defects once in score and JSON, AAA off by default, HTML that opens.
mod webmaster;
