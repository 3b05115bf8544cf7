//! Unit tests of the configuration: parsing, defaults against the docs,
//! limits, selections and shards.

use super::*;

#[test]
fn the_example_file_parses_and_defaults_match_the_docs() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("audit.example.toml"),
    )
    .unwrap();
    let config = Config::parse(&text).unwrap();
    assert_eq!(config.sites.len(), 4);
    assert_eq!(config.sites[0].role.as_deref(), Some("portal"));
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md"),
    )
    .unwrap();
    for (name, value) in [
        ("pages_per_site", DEFAULT_PAGES_PER_SITE.to_string()),
        ("max_depth", DEFAULT_MAX_DEPTH.to_string()),
        ("concurrency", DEFAULT_CONCURRENCY.to_string()),
        ("per_host", DEFAULT_PER_HOST.to_string()),
        ("delay_secs", DEFAULT_DELAY_SECS.to_string()),
        (
            "connect_timeout_secs",
            DEFAULT_CONNECT_TIMEOUT_SECS.to_string(),
        ),
        ("read_timeout_secs", DEFAULT_READ_TIMEOUT_SECS.to_string()),
        ("timeout_secs", DEFAULT_TIMEOUT_SECS.to_string()),
        ("max_page_bytes", DEFAULT_MAX_PAGE_BYTES.to_string()),
        ("retries", DEFAULT_RETRIES.to_string()),
        ("backoff_secs", DEFAULT_BACKOFF_SECS.to_string()),
        (
            "max_retry_after_secs",
            DEFAULT_MAX_RETRY_AFTER_SECS.to_string(),
        ),
        (
            "render_deadline_secs",
            DEFAULT_RENDER_DEADLINE_SECS.to_string(),
        ),
        ("render_tabs", DEFAULT_RENDER_TABS.to_string()),
        ("measure_runs", DEFAULT_MEASURE_RUNS.to_string()),
        (
            "analysis_timeout_secs",
            crate::resource::DEFAULT_ANALYSIS_TIMEOUT
                .as_secs_f64()
                .to_string(),
        ),
    ] {
        let row = format!("| `{name}` | {value} |");
        assert!(docs.contains(&row), "docs/config.md lacks `{row}`");
    }
}

#[test]
fn mistakes_are_named_with_their_line() {
    let err =
        Config::parse("[[site]]\nroot = \"https://a.gov.vn\"\nrol = \"portal\"\n").unwrap_err();
    assert!(err.starts_with("line 3: unknown field `rol`"), "{err}");
    assert_eq!(
        Config::parse("[[site]]\nroot = \"ftp://a\"\n").unwrap_err(),
        "site root `ftp://a` must be an http:// or https:// URL"
    );
    assert_eq!(
        Config::parse("").unwrap_err(),
        "no [[site]]: name at least the portal"
    );
}

#[test]
fn the_sample_measures_each_root_once_unless_told_otherwise() {
    let site = "[[site]]\nroot = \"https://a.gov.vn\"\n";
    let runs = |crawl: &str| {
        Config::parse(&format!("{site}[crawl]\n{crawl}"))
            .unwrap()
            .crawl
            .measure_runs()
    };
    assert_eq!(runs("render = \"sample\"\n"), DEFAULT_SAMPLE_MEASURE_RUNS);
    assert_eq!(runs("render = \"all\"\n"), DEFAULT_MEASURE_RUNS);
    assert_eq!(runs("render = \"sample\"\nmeasure_runs = 3\n"), 3);
    // `--render chromium` on a configuration without `render` is the sample.
    let mut config = Config::parse(site).unwrap();
    config
        .apply(&Overrides {
            render: true,
            ..Overrides::default()
        })
        .unwrap();
    assert_eq!(config.crawl.measure_runs(), DEFAULT_SAMPLE_MEASURE_RUNS);
}

#[test]
fn render_tabs_are_read_bounded_and_overridden() {
    let site = "[[site]]\nroot = \"https://a.gov.vn\"\n";
    let config = Config::parse(site).unwrap();
    assert_eq!(config.crawl.render_tabs(), DEFAULT_RENDER_TABS as usize);
    let mut config = Config::parse(&format!("{site}[crawl]\nrender_tabs = 4\n")).unwrap();
    assert_eq!(config.crawl.render_tabs(), 4);
    for bad in ["0", "9"] {
        assert_eq!(
            Config::parse(&format!("{site}[crawl]\nrender_tabs = {bad}\n")).unwrap_err(),
            format!("crawl.render_tabs must be 1 to {MAX_RENDER_TABS}")
        );
    }
    config
        .apply(&Overrides {
            render_tabs: Some(3),
            ..Overrides::default()
        })
        .unwrap();
    assert_eq!(config.crawl.render_tabs(), 3);
}
