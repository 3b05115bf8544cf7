//! Contrast from the painted colours: the layouts the static cascade cannot
//! judge, and the full browser against its headless shell.

use super::*;

/// `(view, selector, line, outcome, ratio, reason)` of every `rule` finding.
fn contrast_findings(
    report: &serde_json::Value,
    rule: &str,
) -> Vec<(String, String, u64, String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["view"].as_str().unwrap_or("served").to_string(),
                f["selector"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["outcome"].as_str().unwrap().to_string(),
                f["args"]["ratio"].as_str().unwrap().to_string(),
                f["args"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `check` of a page of `fixtures/rules/contrast-insufficient/rendered/`
/// served on 127.0.0.1, with only `contrast-insufficient`, rendered (not
/// measured); its valid report, which has no problem.
fn check_contrast_fixture(name: &str) -> serde_json::Value {
    check_contrast_fixture_in(name, &[])
}

/// [`check_contrast_fixture`] with these environment variables.
fn check_contrast_fixture_in(name: &str, env: &[(&str, &str)]) -> serde_json::Value {
    let html = std::fs::read_to_string(crate::support::cli::repo(&format!(
        "fixtures/rules/contrast-insufficient/rendered/{name}.html"
    )))
    .unwrap();
    let server = Server::start(vec![("/", Reply::Html(html))]);
    let url = server.url("/");
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = run_with_report(
        dir.path(),
        &[
            "check",
            &url,
            "--out",
            "out",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--quiet",
            "--rule",
            "contrast-insufficient",
            "--render",
            "chromium",
            "--measure-runs",
            "0",
        ],
        env,
    );
    assert_eq!(code, 0);
    assert_eq!(report["problems"], serde_json::json!([]));
    report
}

/// The tool prefers Chromium's headless shell when both are installed
/// (`render::chromium::find`); the full browser, started in its headless
/// mode, must judge the same: the same painted colours of the layout
/// fixture, the same findings on the page a script builds.
#[test]
fn the_full_browser_and_its_headless_shell_render_alike() {
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    };
    let (Some(full), Some(shell)) = (on_path("chromium"), on_path("chromium-headless-shell"))
    else {
        eprintln!(
            "SKIPPED: this test needs both `chromium` and `chromium-headless-shell` on PATH (.ci/run installs them)"
        );
        return;
    };
    let server = serve(Vec::new());
    let url = server.url("/");
    let judged = [full, shell].map(|browser| {
        let env = [("CHROMIUM", browser.to_str().unwrap())];
        let contrast = contrast_findings(
            &check_contrast_fixture_in("layout", &env),
            "contrast-insufficient",
        );
        let dir = tempfile::tempdir().unwrap();
        let (code, report) = check_in(dir.path(), &url, &["--render", "chromium"], &env);
        assert_eq!(code, 0);
        assert_eq!(
            report["problems"],
            serde_json::json!([]),
            "{}",
            browser.display()
        );
        let scripted: Vec<(String, String, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["view"].as_str().unwrap_or("served").to_string(),
                    f["selector"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        (contrast, scripted)
    });
    assert!(
        judged[0]
            .0
            .iter()
            .any(|f| f.0 == "rendered" && f.3 == "failed"),
        "{:?}",
        judged[0].0
    );
    assert!(
        judged[0].1.iter().any(|f| f.0 == "javascript-only-content"),
        "{:?}",
        judged[0].1
    );
    assert_eq!(judged[0], judged[1]);
}

/// A contrast finding as [`contrast_findings`] lists it.
fn f(
    view: &str,
    selector: &str,
    line: u64,
    outcome: &str,
    ratio: &str,
    reason: &str,
) -> (String, String, u64, String, String, String) {
    (
        view.to_string(),
        selector.to_string(),
        line,
        outcome.to_string(),
        ratio.to_string(),
        reason.to_string(),
    )
}

/// Where layout decides the colours, the static cascade can only ask a
/// person; the browser paints them and the contrast rule judges what it
/// painted: grey text positioned over a grey band fails with its ratio, a
/// button in the user agent's text colour passes, and text over a gradient
/// stays for review in both views.
#[test]
fn contrast_is_judged_from_the_painted_colours_in_the_rendered_view() {
    if !chromium() {
        return;
    }
    let report = check_contrast_fixture("layout");
    assert_eq!(
        contrast_findings(&report, "contrast-insufficient"),
        vec![
            // Lines of the serialised DOM: the browser writes the doctype
            // and the head without their line breaks.
            f(
                "rendered",
                "html > body > div > p",
                15,
                "failed",
                "1.54",
                ""
            ),
            f(
                "rendered",
                "html > body > p",
                16,
                "cant_tell",
                "?",
                "background image"
            ),
            f(
                "served",
                "html > body > div > p",
                17,
                "cant_tell",
                "?",
                "position"
            ),
            f(
                "served",
                "html > body > p",
                18,
                "cant_tell",
                "?",
                "background image"
            ),
            f(
                "served",
                "html > body > form > button",
                19,
                "cant_tell",
                "?",
                "default colour"
            ),
        ]
    );
    let page = &report["pages"][0];
    assert_eq!(page["outcomes"]["contrast-insufficient"], "cant_tell");
    assert_eq!(
        page["rendered"]["outcomes"]["contrast-insufficient"],
        "failed"
    );
}

/// More layouts the browser decides: a button whose text colour is
/// inherited from its container, text under a translucent white veil
/// positioned over it (text and background tinted alike: #000 becomes #ccc),
/// and text on a half-transparent black box over the white page (#808080
/// behind it). Each ratio is what WCAG's formula gives for the composited
/// colours, shown as the rule shows every ratio, cut (not rounded) to two
/// decimals so a failing ratio never reads as the limit: 2.00 (#aaa on
/// #eee, 2.002), 1.60 (#ccc on #fff, 1.606), 1.15 (#767676 on #808080,
/// 1.150). The static cascade agrees on the button, cannot tell through the
/// translucent box, and passes the veiled text it cannot see.
#[test]
fn contrast_of_overlays_and_inherited_colours_from_the_painted_colours() {
    if !chromium() {
        return;
    }
    let report = check_contrast_fixture("overlay");
    assert_eq!(
        contrast_findings(&report, "contrast-insufficient"),
        vec![
            f(
                "rendered",
                "html > body > div:nth-of-type(1) > button",
                15,
                "failed",
                "2.00",
                ""
            ),
            // The static cascade cannot see the veil: it passes black on
            // white, so only the rendered view finds this one.
            f(
                "rendered",
                "html > body > div:nth-of-type(2) > p",
                16,
                "failed",
                "1.60",
                ""
            ),
            f(
                "served",
                "html > body > div:nth-of-type(1) > button",
                17,
                "failed",
                "2.00",
                ""
            ),
            f("rendered", "html > body > p", 17, "failed", "1.15", ""),
            f(
                "served",
                "html > body > p",
                19,
                "cant_tell",
                "?",
                "transparency"
            ),
        ]
    );
}
