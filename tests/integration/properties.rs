//! Property tests (proptest, on stable: `cargo fuzz` needs nightly): the
//! page pipeline, URL normalisation, the address policy, robots.txt,
//! sitemaps, configuration text, CSS (`style` attributes and sheets), feeds,
//! the page decoder, the legacy-encoding detector and conversion, each fed
//! generated hostile input and held to invariants — no panic, output bounded
//! by the caps, idempotence where it holds. Few cases by default so
//! `cargo test` stays fast; `PROPTEST_CASES=5000 cargo test --test
//! integration properties::` searches longer. A failure proptest finds is
//! kept in `proptest-regressions/properties.txt` (its seed) and replayed
//! first on every later run; its minimal input, as proptest shrank it, is
//! also added as a file to the fixed corpus `fixtures/fuzz/<target>/`, which
//! [`the_fixed_corpus_replays_through_every_target`] feeds to the same
//! targets and invariants on every run.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config as Runner, FileFailurePersistence, TestCaseError};

use portal_audit::config::Config;
use portal_audit::crawl::address::is_public;
use portal_audit::crawl::robots::Robots;
use portal_audit::crawl::{sitemap, url as curl};
use portal_audit::page::style::{Sheets, parse_color, parse_inline};
use portal_audit::page::{Page, PageInput, decode};
use portal_audit::resource::feed;
use portal_audit::rules::engine::{self, Context};
use portal_audit::ruleset::Ruleset;
use portal_audit::vietnamese::{self, Legacy};

/// The page rules' context, on the embedded rulesets, at a fixed date.
fn context(ruleset: &Ruleset) -> Context<'_> {
    Context::new(
        ruleset,
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        Vec::new(),
    )
}

/// Cases per property: 24 unless `PROPTEST_CASES` says otherwise.
fn runner() -> Runner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    Runner {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..Runner::default()
    }
}

/// Pieces hostile HTML is made of: tags (nested, unclosed, stray),
/// attributes (long, control characters, bidi overrides), entities, text in
/// several scripts, and bytes that are not UTF-8.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<img src=x>".to_string()),
        Just("<a href=\"#top\">".to_string()),
        Just("<a href=\"javascript:void(0)\">x</a>".to_string()),
        Just("<input type=date>".to_string()),
        Just("<label for=a>".to_string()),
        Just("<h1>".to_string()),
        Just("<style>p{color:#fff;background:url(".to_string()),
        Just("<script>".to_string()),
        Just("<svg><title>".to_string()),
        Just("<!--".to_string()),
        Just("&#x202e;&amp;&#0;&#xfffe;".to_string()),
        Just("\u{1b}]0;title\u{7}\u{202e}".to_string()),
        Just("Th«ng b¸o Ủy ban".to_string()),
        "[a-z<>=\"' /]{0,40}",
        ("[a-z]{1,8}", "[ -~\u{0}-\u{1f}\u{202a}-\u{202e}]{0,300}")
            .prop_map(|(k, v)| format!("<p {k}=\"{v}\">")),
    ]
}

fn html() -> impl Strategy<Value = String> {
    prop::collection::vec(html_piece(), 0..80).prop_map(|p| p.concat())
}

fn input(bytes: Vec<u8>) -> PageInput {
    PageInput {
        url: "https://travinh.gov.vn/".into(),
        site: "travinh.gov.vn".into(),
        bytes,
        ..PageInput::default()
    }
}

#[test]
fn the_page_pipeline_never_panics_and_its_findings_stay_capped() {
    let ruleset = Ruleset::embedded().expect("embedded rulesets load");
    let ctx = context(&ruleset);
    let mut runner = proptest::test_runner::TestRunner::new(runner());
    let bytes = prop_oneof![
        html().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..2000),
    ];
    runner
        .run(&bytes, |bytes| page_target(bytes, &ctx))
        .unwrap();
}

/// The page target: any bytes parse, every page rule runs, and no rule keeps
/// more findings on the page than the cap.
fn page_target(bytes: Vec<u8>, ctx: &Context<'_>) -> Result<(), TestCaseError> {
    let page = Page::parse(input(bytes));
    let result = engine::run_page(&page, ctx);
    let mut per_rule = std::collections::HashMap::<&str, usize>::new();
    for f in &result.findings {
        *per_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    for (rule, n) in per_rule {
        prop_assert!(
            n <= portal_audit::rules::MAX_FINDINGS_PER_RULE_PER_PAGE,
            "{rule}: {n}"
        );
    }
    Ok(())
}

/// The URL target: normalising a normalised URL changes nothing, and it keeps http(s).
fn url_target(href: &str) -> Result<(), TestCaseError> {
    let base = url::Url::parse("https://www.travinh.gov.vn/tin-tuc/").unwrap();
    let strip = vec!["ref".to_string()];
    if let Some(once) = curl::normalize(&base, href, &strip) {
        prop_assert!(matches!(once.url.scheme(), "http" | "https"));
        let twice = curl::normalize(&base, once.url.as_str(), &strip)
            .expect("a normalised URL normalises again");
        prop_assert_eq!(once.url.as_str(), twice.url.as_str());
    }
    Ok(())
}

/// The robots target: any bytes parse and any path can be asked.
fn robots_target(body: &[u8], path: &str) {
    let robots = Robots::parse(body);
    let _ = robots.allowed(&format!("https://travinh.gov.vn{path}"));
}

/// The sitemap target: what a sitemap of any bytes lists is bounded by its
/// text or the inflation cap.
fn sitemap_target(body: &[u8]) -> Result<(), TestCaseError> {
    let (listed, _) = sitemap::read(body, 10_000);
    if let Some(listed) = listed {
        let total: usize = listed
            .pages
            .iter()
            .chain(&listed.sitemaps)
            .map(String::len)
            .sum();
        prop_assert!(total <= body.len().max(10_000));
    }
    Ok(())
}

/// The CSS target: a `style` attribute gives declarations as written (a
/// lower-case, non-empty property and a trimmed value each, no more than the
/// colons in the text); values and sheets of any text never panic.
fn css_target(css: &str) -> Result<(), TestCaseError> {
    let declarations = parse_inline(css);
    prop_assert!(declarations.len() <= css.matches(':').count());
    for d in &declarations {
        prop_assert!(!d.property.is_empty());
        prop_assert_eq!(d.property.clone(), d.property.to_lowercase());
        prop_assert_eq!(d.value.trim(), d.value.as_str());
        let _ = parse_color(&d.value);
    }
    let _ = parse_color(css);
    let mut sheets = Sheets::default();
    sheets.add_text(css);
    sheets.add_text(&format!("p {{ {css} }}"));
    Ok(())
}

/// The feed target: the counts agree with one another and the item links
/// kept stay within their cap.
fn feed_target(body: &[u8]) -> Result<(), TestCaseError> {
    let facts = feed::analyse(body);
    prop_assert!(facts.items_without_link <= facts.items);
    prop_assert!(facts.items_without_date <= facts.items);
    prop_assert!(facts.item_links.len() <= facts.items.min(50));
    Ok(())
}

/// The legacy target: bytes decode under any label naming the encoding
/// used; the detector takes the text and counts no more evidence than
/// words; conversion from every legacy encoding gives bounded NFC text.
fn legacy_target(bytes: &[u8]) -> Result<(), TestCaseError> {
    use unicode_normalization::is_nfc;
    for label in [None, Some("windows-1258"), Some("utf-16le"), Some("VISCII")] {
        let decoded = decode::decode(bytes, label);
        prop_assert!(!decoded.info.used.is_empty());
        if let Some(found) = vietnamese::detect(&decoded.text) {
            prop_assert!(found.evidence <= found.words);
        }
        let _ = vietnamese::detect::mojibake_words(&decoded.text);
    }
    let text = String::from_utf8_lossy(bytes);
    for legacy in Legacy::ALL {
        let out = vietnamese::convert(&text, legacy);
        prop_assert!(is_nfc(&out));
        prop_assert!(out.chars().count() <= 4 * text.chars().count() + 4);
    }
    Ok(())
}

/// The fixed corpus (`fixtures/fuzz/<target>/`): hostile inputs for each
/// target — deep nesting, controls and bidi overrides, UTF-16 halves, a
/// gzip bomb, entity expansion, huge attributes and lines, legacy bytes —
/// and every failure a property found, as proptest shrank it, fed through
/// the same invariants on every run. `.ci/run` runs it with the properties.
#[test]
fn the_fixed_corpus_replays_through_every_target() {
    let ruleset = Ruleset::embedded().expect("embedded rulesets load");
    let ctx = context(&ruleset);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ci = std::fs::read_to_string(repo.join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim()
            == "PROPTEST_CASES=256 cargo test --locked --test integration properties::"),
        "CI runs the properties and this corpus with a fixed number of cases"
    );
    let root = repo.join("fixtures/fuzz");
    let targets = ["page", "css", "url", "robots", "sitemap", "feed", "legacy"];
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| root.join(name).is_dir())
        .collect();
    dirs.sort();
    let mut expected: Vec<String> = targets.iter().map(|t| (*t).to_string()).collect();
    expected.sort();
    assert_eq!(dirs, expected, "one corpus folder per target, no other");
    for target in targets {
        let mut files: Vec<_> = std::fs::read_dir(root.join(target))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{target}: an empty corpus");
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let name = file.display();
            let text = String::from_utf8_lossy(&bytes);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match target {
                "page" => page_target(bytes.clone(), &ctx),
                "css" => css_target(&text),
                "url" => text.lines().try_for_each(url_target),
                "robots" => {
                    for path in ["/", "/a/b", "/%00", "/Tin-Tức/x"] {
                        robots_target(&bytes, path);
                    }
                    Ok(())
                }
                "sitemap" => sitemap_target(&bytes),
                "feed" => feed_target(&bytes),
                _ => legacy_target(&bytes),
            }));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(failed)) => panic!("{name}: {failed}"),
                Err(_) => panic!("{name}: the {target} target panicked"),
            }
        }
    }
}

fn href() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9/._~%?&=#:@!$'()*+,;-]{0,60}",
        (
            "(http|https|HTTP)://",
            "[a-zA-Z0-9.-]{1,20}",
            "(:[0-9]{1,5})?",
            "[a-zA-Z0-9/._~%?&=#-]{0,40}"
        )
            .prop_map(|(s, h, p, rest)| format!("{s}{h}{p}/{rest}")),
        Just("//[::ffff:127.0.0.1]:8080/../a/./b?utm_source=x&b=1&a=2#f".to_string()),
        Just("/Tin-Tức/Bài viết?id=1&sessionid=abc".to_string()),
    ]
}

proptest! {
    #![proptest_config(runner())]

    /// Normalising a normalised URL changes nothing, and it keeps http(s).
    #[test]
    fn url_normalisation_is_idempotent(href in href()) {
        url_target(&href)?;
    }

    /// Every IPv6 form that embeds an IPv4 address (mapped, NAT64, 6to4) is
    /// public exactly when that IPv4 address is.
    #[test]
    fn embedded_ipv4_addresses_are_judged_as_the_ipv4_address(v4 in any::<u32>()) {
        let ip = Ipv4Addr::from(v4);
        let public = is_public(IpAddr::V4(ip));
        let [a, b, c, d] = ip.octets();
        let (hi, lo) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
        prop_assert_eq!(is_public(IpAddr::V6(ip.to_ipv6_mapped())), public);
        prop_assert_eq!(is_public(IpAddr::V6(Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, hi, lo))), public);
        prop_assert_eq!(is_public(IpAddr::V6(Ipv6Addr::new(0x2002, hi, lo, 0, 0, 0, 0, 1))), public);
        prop_assert!(!is_public(IpAddr::V6(ip.to_ipv6_compatible())));
    }

    /// robots.txt of any bytes parses, and asking it never panics; a path it
    /// disallows (with no Allow line) is not allowed.
    #[test]
    fn robots_of_any_bytes_answer(
        body in prop::collection::vec(any::<u8>(), 0..3000),
        // Segments never start with a dot: URL parsing removes `.` and `..`
        // segments, so a rule written with them could not match the URL.
        path in "/([a-z0-9_-][a-z0-9._-]{0,6}/){0,3}[a-z0-9_-]{0,6}",
    ) {
        robots_target(&body, &path);
        let strict = Robots::parse(format!("User-agent: *\nDisallow: {path}\n").as_bytes());
        if path.len() > 1 {
            let below = format!("https://travinh.gov.vn{path}x");
            prop_assert!(!strict.allowed(&below), "{}", below);
        }
    }

    /// A sitemap of any bytes (gzip or not) gives at most what its text can
    /// hold, and never more than the inflation cap.
    #[test]
    fn sitemaps_of_any_bytes_are_bounded(body in prop::collection::vec(any::<u8>(), 0..3000)) {
        sitemap_target(&body)?;
    }

    /// Configuration text with any numbers either parses into limits whose
    /// durations can be taken, or is refused with a message; never a panic.
    #[test]
    fn configurations_with_any_numbers_are_accepted_sane_or_refused(
        key in prop::sample::select(vec![
            "delay_secs", "timeout_secs", "read_timeout_secs", "connect_timeout_secs",
            "backoff_secs", "max_retry_after_secs", "analysis_timeout_secs",
            "site_budget_secs", "audit_budget_secs",
        ]),
        value in prop_oneof![
            any::<f64>().prop_map(|v| format!("{v:?}")),
            Just("nan".to_string()), Just("inf".to_string()), Just("-inf".to_string()),
            Just("1e308".to_string()), Just("-0.0".to_string()), Just("\"x\"".to_string()),
        ],
        noise in "[ -~\n]{0,40}",
    ) {
        let text = format!("[[site]]\nroot = \"https://travinh.gov.vn/\"\n\n[limits]\n{key} = {value}\n");
        if let Ok(config) = Config::parse(&text) {
            let l = &config.limits;
            let _ = (l.delay(), l.timeout(), l.read_timeout(), l.connect_timeout());
            let _ = (l.analysis_timeout(), l.site_budget(), l.audit_budget());
        }
        let _ = Config::parse(&format!("{text}{noise}"));
        let _ = Config::parse(&noise);
    }

    /// Converting legacy-encoded text never panics, gives NFC, stays within
    /// a few times the input, and leaves plain ASCII words as they are in
    /// the byte encodings.
    #[test]
    fn legacy_conversion_is_bounded_nfc_and_keeps_plain_words(
        text in "[ -~\u{80}-\u{17f}\u{1ea0}-\u{1ef9}\n]{0,200}",
        words in "[a-z ]{0,60}",
    ) {
        use unicode_normalization::is_nfc;
        for legacy in [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii, Legacy::Vps, Legacy::Viqr, Legacy::Cp1258] {
            let out = vietnamese::convert(&text, legacy);
            prop_assert!(is_nfc(&out));
            prop_assert!(out.chars().count() <= 4 * text.chars().count() + 4);
        }
        for legacy in [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii, Legacy::Vps, Legacy::Cp1258] {
            prop_assert_eq!(vietnamese::convert(&words, legacy), words.clone());
        }
    }

    /// A `style` attribute of any text gives declarations as written: a
    /// lower-case, non-empty property and a trimmed value each, no more than
    /// the colons in the text; values and sheets of any text never panic.
    #[test]
    fn css_of_any_text_parses_into_what_it_holds(
        css in prop::collection::vec(prop_oneof![
            Just("color:".to_string()), Just("#fff".to_string()), Just("rgb(".to_string()),
            Just(";".to_string()), Just("!important".to_string()), Just("{".to_string()),
            Just("}".to_string()), Just("/*".to_string()), Just("@media (".to_string()),
            Just("orientation: portrait)".to_string()), Just(":focus".to_string()),
            Just("url(\"".to_string()), Just("\\".to_string()), Just("Font-Size: 1e309px".to_string()),
            "[ -~\u{0}-\u{1f}\u{202e}á]{0,30}",
        ], 0..40).prop_map(|p| p.concat()),
    ) {
        css_target(&css)?;
    }

    /// A feed of any bytes is analysed: its counts agree with one another
    /// and the item links kept stay within their cap.
    #[test]
    fn feeds_of_any_bytes_give_consistent_counts(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..2000),
            prop::collection::vec(prop_oneof![
                Just("<?xml version=\"1.0\" encoding=\"windows-1258\"?>".to_string()),
                Just("<rss><channel><title>T</title>".to_string()),
                Just("<feed xmlns=\"http://www.w3.org/2005/Atom\">".to_string()),
                Just("<item><link>/a</link>".to_string()),
                Just("<entry><link href=\"x\"/>".to_string()),
                Just("<pubDate>x</pubDate></item>".to_string()),
                Just("</entry>".to_string()),
                Just("<![CDATA[".to_string()),
                Just("&#0;&bogus;".to_string()),
                "[ -~\u{a0}-\u{17f}]{0,40}",
            ], 0..120).prop_map(|p| p.concat().into_bytes()),
        ],
    ) {
        feed_target(&body)?;
    }

    /// Any bytes under any declared charset decode (invalid sequences
    /// replaced) naming the encoding used, and UTF-8 text with nothing
    /// declared comes back as it was; the legacy-encoding detector takes any
    /// decoded text, counts no more evidence than words, and finds nothing
    /// in plain ASCII words.
    #[test]
    fn the_decoder_and_the_legacy_detector_take_any_input(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        label in prop::sample::select(vec![
            "", "utf-8", "windows-1258", "x-user-defined", "utf-16le", "bogus", "VISCII",
        ]),
        text in "[a-z ]{0,40}[ -~\u{80}-\u{17f}\u{1ea0}-\u{1ef9}\n]{0,200}",
    ) {
        let label = (!label.is_empty()).then_some(label);
        let decoded = decode::decode(&bytes, label);
        prop_assert!(!decoded.info.used.is_empty());
        let plain = format!("<p>{}</p>", text.replace(['<', '&'], " "));
        let round = decode::decode(plain.as_bytes(), None);
        prop_assert_eq!(round.text, plain);
        let _ = vietnamese::detect(&decoded.text);
        let _ = vietnamese::detect::mojibake_words(&decoded.text);
        if let Some(found) = vietnamese::detect(&text) {
            prop_assert!(found.evidence <= found.words);
        }
        let ascii: String = text.chars().filter(char::is_ascii_lowercase).collect();
        prop_assert!(vietnamese::detect(&ascii).is_none());
    }
}
