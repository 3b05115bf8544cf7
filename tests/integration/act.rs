//! The W3C ACT Rules conformance measurement.
//!
//! Reads the ACT test cases from `$ACT_RULES_DIR` (`.ci/run` points it at
//! `../shared/conformance/act`), runs every example of every ACT rule that some
//! rule of ours maps to (the `act` field of its metadata) through the same
//! engine as `check` (`Page::parse` + `engine::run_page`, only the mapped
//! rules), and applies W3C's consistency mapping:
//!
//! | expected       | acceptable answers                 |
//! |----------------|------------------------------------|
//! | `passed`       | passed, cant_tell, inapplicable     |
//! | `failed`       | failed, cant_tell                   |
//! | `inapplicable` | inapplicable, cant_tell, passed     |
//!
//! An ACT rule is *consistent* when every example (without script) is answered
//! acceptably and at least one `failed` example is answered `failed`; it is
//! *complete* when, in addition, every answer is exactly the expected outcome.
//! Examples that need script (`has_script`) are run and counted apart: we have
//! no script engine, so they cannot make a rule inconsistent.
//!
//! The test writes `docs/act-conformance.md` and fails on any inconsistency: a
//! false alarm (`failed` on a passed or inapplicable example) or a miss
//! (`passed`/`inapplicable` on a failed example).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use portal_audit::crawl::local::LocalStyles;
use portal_audit::page::{Page, PageInput};
use portal_audit::rules::Outcome;
use portal_audit::rules::engine::{self, Context};
use portal_audit::ruleset::Ruleset;
use serde::Deserialize;

use crate::support::cli::repo;

#[derive(Debug, Deserialize)]
struct Index {
    rules: Vec<ActRule>,
}

#[derive(Debug, Deserialize)]
struct ActRule {
    id: String,
    name: String,
    deprecated: bool,
    examples: Vec<Example>,
}

#[derive(Debug, Deserialize)]
struct Example {
    outcome: String,
    file: String,
    language: String,
    has_script: bool,
}

/// Our answer on one example.
struct Answer<'a> {
    example: &'a Example,
    got: Outcome,
}

impl Answer<'_> {
    fn acceptable(&self) -> bool {
        matches!(
            (self.example.outcome.as_str(), self.got),
            (
                "passed",
                Outcome::Passed | Outcome::CantTell | Outcome::Inapplicable
            ) | ("failed", Outcome::Failed | Outcome::CantTell)
                | (
                    "inapplicable",
                    Outcome::Inapplicable | Outcome::CantTell | Outcome::Passed
                )
        )
    }

    fn exact(&self) -> bool {
        self.example.outcome == self.got.id()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Complete,
    Consistent,
    NoDefiniteAnswer,
    Inconsistent,
}

impl Verdict {
    /// The verdict on the answers to the examples without script.
    fn of(plain: &[&Answer<'_>]) -> Verdict {
        if plain.iter().any(|a| !a.acceptable()) {
            Verdict::Inconsistent
        } else if !plain
            .iter()
            .any(|a| a.example.outcome == "failed" && a.got == Outcome::Failed)
        {
            Verdict::NoDefiniteAnswer
        } else if plain.iter().all(|a| a.exact()) {
            Verdict::Complete
        } else {
            Verdict::Consistent
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Complete => "consistent (complete)",
            Verdict::Consistent => "consistent (partial)",
            Verdict::NoDefiniteAnswer => "no failed example answered failed",
            Verdict::Inconsistent => "**INCONSISTENT**",
        }
    }
}

/// A table cell: exact answers / examples expected `expected`, with the
/// cant_tell and wrong answers among them.
fn cell<'a, 'b: 'a>(answers: impl Iterator<Item = &'a Answer<'b>>, expected: &str) -> String {
    let of: Vec<&Answer<'_>> = answers.filter(|a| a.example.outcome == expected).collect();
    let exact = of.iter().filter(|a| a.exact()).count();
    let unsure = of.iter().filter(|a| a.got == Outcome::CantTell).count();
    let wrong = of.iter().filter(|a| !a.acceptable()).count();
    let mut cell = format!("{exact}/{}", of.len());
    if unsure > 0 {
        let _ = write!(cell, " ({unsure} cant_tell)");
    }
    if wrong > 0 {
        let _ = write!(cell, " **{wrong} wrong**");
    }
    cell
}

/// Combines our rules' outcomes on one example: failed if any failed, else
/// cant_tell, else passed, else inapplicable.
fn combine(outcomes: impl Iterator<Item = Outcome>) -> Outcome {
    let all: Vec<Outcome> = outcomes.collect();
    for candidate in [Outcome::Failed, Outcome::CantTell, Outcome::Passed] {
        if all.contains(&candidate) {
            return candidate;
        }
    }
    Outcome::Inapplicable
}

/// Parses an example as `check` would, with the stylesheets it links from
/// `/test-assets/` (served from the ACT folder) handed to the page.
fn load(dir: &Path, example: &Example) -> Page {
    let path = dir.join(&example.file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = match example.language.as_str() {
        "html" => vec![("content-type".to_string(), "text/html".to_string())],
        "xhtml" => vec![(
            "content-type".to_string(),
            "application/xhtml+xml".to_string(),
        )],
        "svg" => vec![("content-type".to_string(), "image/svg+xml".to_string())],
        "xml" => vec![("content-type".to_string(), "application/xml".to_string())],
        _ => vec![("content-type".to_string(), "text/plain".to_string())],
    };
    let input = PageInput {
        url: format!("https://act.example/{}", example.file),
        site: "act".into(),
        bytes,
        headers,
        ..PageInput::default()
    };
    let mut page = Page::parse(input);
    // The examples link `/test-assets/…`: the ACT folder is the site's root,
    // as a checked folder is for `check`.
    page.attach_stylesheets(&LocalStyles {
        root_dir: dir.to_path_buf(),
        follow_symlinks: false,
    });
    page
}

fn act_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ACT_RULES_DIR")?;
    let dir = PathBuf::from(dir);
    Some(if dir.is_absolute() {
        dir
    } else {
        repo(".").join(dir)
    })
}

#[test]
fn act_rules_conformance() {
    let Some(dir) = act_dir() else {
        println!("ACT conformance: skipped (ACT_RULES_DIR is not set)");
        return;
    };
    let index: Index = serde_json::from_str(
        &std::fs::read_to_string(dir.join("rules.json"))
            .unwrap_or_else(|e| panic!("{}/rules.json: {e}", dir.display())),
    )
    .expect("rules.json parses");
    let ruleset = Ruleset::embedded().unwrap();

    // ACT id -> our rules mapped to it.
    let mut mapped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for meta in ruleset.rules.values() {
        for act in &meta.act {
            mapped.entry(act.clone()).or_default().push(meta.id.clone());
        }
    }

    let mut report = String::new();
    let mut rows = String::new();
    let mut problems = Vec::new();
    let mut verdicts: BTreeMap<&str, Verdict> = BTreeMap::new();
    let mut script_disagreements = 0;
    let mut script_total = 0;

    for (act_id, ours) in &mapped {
        let act = index
            .rules
            .iter()
            .find(|r| &r.id == act_id)
            .unwrap_or_else(|| {
                panic!("{ours:?} map to ACT rule {act_id}, which the test data lacks")
            });
        let ctx = Context::new(
            &ruleset,
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            ours.clone(),
        );
        let answers: Vec<Answer<'_>> = act
            .examples
            .iter()
            .map(|example| {
                let page = load(&dir, example);
                let result = engine::run_page(&page, &ctx);
                Answer {
                    example,
                    got: combine(ours.iter().filter_map(|id| result.outcomes.get(id))),
                }
            })
            .collect();

        let (scripted, plain): (Vec<&Answer<'_>>, Vec<&Answer<'_>>) =
            answers.iter().partition(|a| a.example.has_script);
        script_total += scripted.len();
        script_disagreements += scripted.iter().filter(|a| !a.acceptable()).count();
        for answer in plain.iter().filter(|a| !a.acceptable()) {
            problems.push(format!(
                "{act_id} ({}): {} expected {}, got {}",
                ours.join(", "),
                answer.example.file,
                answer.example.outcome,
                answer.got.id()
            ));
        }
        let verdict = Verdict::of(&plain);
        verdicts.insert(act_id.as_str(), verdict);

        let cells: Vec<String> = ["passed", "failed", "inapplicable"]
            .iter()
            .map(|expected| cell(plain.iter().copied(), expected))
            .collect();
        let scripted_cell = if scripted.is_empty() {
            "–".to_string()
        } else {
            format!(
                "{}/{} acceptable",
                scripted.iter().filter(|a| a.acceptable()).count(),
                scripted.len()
            )
        };
        let _ = writeln!(
            rows,
            "| `{act_id}` | {}{} | {} | {} | {} | {} | {} | {} |",
            act.name,
            if act.deprecated { " (deprecated)" } else { "" },
            ours.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", "),
            cells[0],
            cells[1],
            cells[2],
            scripted_cell,
            verdict.label()
        );
    }

    let count = |wanted: &[Verdict]| verdicts.values().filter(|v| wanted.contains(v)).count();
    let implemented = verdicts.len();
    let consistent = count(&[Verdict::Complete, Verdict::Consistent]);
    let complete = count(&[Verdict::Complete]);
    let inconsistent = count(&[Verdict::Inconsistent]);
    let _ = writeln!(
        report,
        "# W3C ACT Rules conformance\n\n\
         Measured by `tests/integration/act.rs` on the ACT Rules test cases in `$ACT_RULES_DIR`\n\
         (`../shared/conformance/act`, snapshot described in its README). Each example runs through the\n\
         same engine as `portal-audit check`, with only our rules mapped to that ACT rule; their outcomes\n\
         combine as failed > cant_tell > passed > inapplicable. W3C's mapping: a `passed` example may be\n\
         answered passed, cant_tell or inapplicable; a `failed` example failed or cant_tell; an\n\
         `inapplicable` example inapplicable, cant_tell or passed. *Consistent* = every example answered\n\
         acceptably and at least one failed example answered `failed`; *complete* = every answer exact.\n\
         Examples that need script are run but counted apart (no script engine). This file is generated;\n\
         do not edit it by hand.\n\n\
         **ACT rules implemented: {implemented} · consistent: {consistent} (complete: {complete}) · \
         inconsistent: {inconsistent}.** Examples needing script: {script_total}, of which \
         {script_disagreements} answered outside the mapping (not counted).\n\n\
         Cells give exact answers / examples of that expected outcome (script examples excluded).\n\n\
         | ACT rule | name | our rules | passed | failed | inapplicable | with script | verdict |\n\
         |---|---|---|---|---|---|---|---|"
    );
    report.push_str(&rows);
    write_doc(|old| {
        // The render-mode section (`act_contrast_examples_in_render_mode`)
        // is kept as that test last wrote it.
        let render = old.find(RENDER_HEADING).map_or("", |at| &old[at..]);
        if render.is_empty() {
            report.clone()
        } else {
            format!("{report}\n{render}")
        }
    });
    println!(
        "ACT conformance: implemented {implemented}, consistent {consistent} (complete {complete}), inconsistent {inconsistent}"
    );
    assert!(
        problems.is_empty(),
        "inconsistent answers on ACT examples:\n{}",
        problems.join("\n")
    );
}

/// Where the render-mode section of `docs/act-conformance.md` starts.
const RENDER_HEADING: &str = "## Render mode: contrast as painted";

/// The two tests writing `docs/act-conformance.md` take turns (they run on
/// threads of one process): each rewrites the file from what it read.
static DOC: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn write_doc(make: impl FnOnce(&str) -> String) {
    let _turn = DOC
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let path = repo("docs/act-conformance.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, make(&old)).expect("docs/act-conformance.md is writable");
}

/// Serves the ACT folder on 127.0.0.1: each example with the content type
/// of its language, the assets it links (`/test-assets/…`) by extension.
fn serve_act(dir: &Path, index: &Index) -> crate::support::server::Server {
    use crate::support::server::{Reply, Server};
    let languages: BTreeMap<String, String> = index
        .rules
        .iter()
        .flat_map(|r| r.examples.iter())
        .map(|e| (format!("/{}", e.file), e.language.clone()))
        .collect();
    let dir = dir.to_path_buf();
    Server::start(vec![(
        "*",
        Reply::Dynamic(std::sync::Arc::new(move |path: &str| {
            let path = path.split(['?', '#']).next().unwrap_or(path);
            if path.contains("..") {
                return None;
            }
            let bytes = std::fs::read(dir.join(path.trim_start_matches('/'))).ok()?;
            let kind = match languages.get(path).map(String::as_str) {
                Some("html") => "text/html; charset=utf-8",
                Some("xhtml") => "application/xhtml+xml",
                Some("svg") => "image/svg+xml",
                Some("xml") => "application/xml",
                Some(_) => "text/plain",
                None => match path.rsplit('.').next() {
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("png") => "image/png",
                    Some("jpg" | "jpeg") => "image/jpeg",
                    Some("svg") => "image/svg+xml",
                    Some("woff") => "font/woff",
                    Some("woff2") => "font/woff2",
                    Some("ttf") => "font/ttf",
                    Some("html") => "text/html; charset=utf-8",
                    _ => "application/octet-stream",
                },
            };
            Some(Reply::Raw(
                200,
                vec![("content-type".to_string(), kind.to_string())],
                bytes,
            ))
        })),
    )])
}

/// The ACT contrast rules' examples in the browser mode: every example is
/// served on 127.0.0.1 and checked with `--render chromium`, and the
/// rendered view's outcome (the contrast rules judging the painted colours)
/// is held to W3C's consistency mapping as the static one is. The served
/// view's outcome of the same run is counted beside it, with how many of
/// its `cant_tell` answers the browser turned into a definite one. Writes
/// the section of `docs/act-conformance.md` after [`RENDER_HEADING`].
#[test]
fn act_contrast_examples_in_render_mode() {
    let Some(dir) = act_dir() else {
        println!("ACT render mode: skipped (ACT_RULES_DIR is not set)");
        return;
    };
    if !crate::render::chromium() {
        return;
    }
    let index: Index =
        serde_json::from_str(&std::fs::read_to_string(dir.join("rules.json")).unwrap()).unwrap();
    let ruleset = Ruleset::embedded().unwrap();
    let mut mapped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for meta in ruleset
        .rules
        .values()
        .filter(|m| m.id.starts_with("contrast-"))
    {
        for act in &meta.act {
            mapped.entry(act.clone()).or_default().push(meta.id.clone());
        }
    }
    assert!(!mapped.is_empty(), "no contrast rule maps to an ACT rule");
    let server = serve_act(&dir, &index);
    let work = tempfile::tempdir().unwrap();
    let mut urls = Vec::new();
    let mut rules = Vec::new();
    for (act_id, ours) in &mapped {
        let act = index.rules.iter().find(|r| &r.id == act_id).unwrap();
        urls.extend(
            act.examples
                .iter()
                .map(|e| server.url(&format!("/{}", e.file))),
        );
        rules.extend(ours.iter().cloned());
    }
    let mut args = vec![
        "check",
        "--out",
        "out",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--quiet",
        "--render",
        "chromium",
        "--measure-runs",
        "0",
    ];
    for rule in &rules {
        args.extend(["--rule", rule.as_str()]);
    }
    args.extend(urls.iter().map(String::as_str));
    let (code, report) = crate::support::cli::run_with_report(work.path(), &args, &[]);
    assert_eq!(code, 0);
    let pages: BTreeMap<&str, &serde_json::Value> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["url"].as_str().unwrap(), p))
        .collect();
    let outcome = |value: &serde_json::Value| match value.as_str() {
        Some("passed") => Outcome::Passed,
        Some("failed") => Outcome::Failed,
        Some("cant_tell") => Outcome::CantTell,
        _ => Outcome::Inapplicable,
    };

    let mut rows = String::new();
    let mut problems = Vec::new();
    let mut unrendered = Vec::new();
    let (mut resolved, mut served_unsure) = (0, 0);
    let mut script_outside = Vec::new();
    for (act_id, ours) in &mapped {
        let act = index.rules.iter().find(|r| &r.id == act_id).unwrap();
        let mut rendered = Vec::new();
        let mut served = Vec::new();
        for example in &act.examples {
            let url = server.url(&format!("/{}", example.file));
            let Some(page) = pages.get(url.as_str()) else {
                unrendered.push(example.file.clone());
                continue;
            };
            let of = |outcomes: &serde_json::Value| {
                combine(ours.iter().map(|id| outcome(&outcomes[id])))
            };
            let served_got = of(&page["outcomes"]);
            let Some(view) = page.get("rendered") else {
                unrendered.push(example.file.clone());
                continue;
            };
            let got = of(&view["outcomes"]);
            if !example.has_script && served_got == Outcome::CantTell {
                served_unsure += 1;
                if got != Outcome::CantTell {
                    resolved += 1;
                }
            }
            rendered.push(Answer { example, got });
            served.push(Answer {
                example,
                got: served_got,
            });
        }
        let (scripted, plain): (Vec<&Answer<'_>>, Vec<&Answer<'_>>) =
            rendered.iter().partition(|a| a.example.has_script);
        script_outside.extend(scripted.iter().filter(|a| !a.acceptable()).map(|a| {
            format!(
                "`{}` ({} expected, {})",
                a.example.file,
                a.example.outcome,
                a.got.id()
            )
        }));
        for answer in plain.iter().filter(|a| !a.acceptable()) {
            problems.push(format!(
                "{act_id} ({}): {} expected {}, got {} in the rendered view",
                ours.join(", "),
                answer.example.file,
                answer.example.outcome,
                answer.got.id()
            ));
        }
        let verdict = Verdict::of(&plain);
        let cell = |answers: &[Answer<'_>], expected: &str| {
            cell(answers.iter().filter(|a| !a.example.has_script), expected)
        };
        let _ = writeln!(
            rows,
            "| `{act_id}` | {} | {} | {} | {} | {} | {} | {} | {} | {}/{} acceptable | {} |",
            act.name,
            ours.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", "),
            cell(&rendered, "passed"),
            cell(&served, "passed"),
            cell(&rendered, "failed"),
            cell(&served, "failed"),
            cell(&rendered, "inapplicable"),
            cell(&served, "inapplicable"),
            scripted.iter().filter(|a| a.acceptable()).count(),
            scripted.len(),
            verdict.label()
        );
    }
    let section = format!(
        "{RENDER_HEADING}\n\n\
         Measured by `tests/integration/act.rs` (`act_contrast_examples_in_render_mode`): every example of the ACT\n\
         rules our contrast rules map to is served on 127.0.0.1 and checked in one run with `--render chromium`\n\
         (headless Chromium, desktop screen, no throttling); the rendered view's outcome, the contrast rules judging\n\
         the colours the browser painted, is held to the same mapping as above. The served view of the same run is\n\
         shown beside it. Examples with script are rendered with their script (the browser runs it) and counted\n\
         apart.\n\n\
         **Served `cant_tell` answers (examples without script) the rendered view turned into a definite\n\
         answer: {resolved} of {served_unsure}.** Examples the browser could not render: {}. Examples with script\n\
         answered outside the mapping: {}.\n\n\
         | ACT rule | name | our rules | passed (rendered) | passed (served) | failed (rendered) | failed (served) | inapplicable (rendered) | inapplicable (served) | with script (rendered) | verdict (rendered) |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n{rows}",
        if unrendered.is_empty() {
            "none".to_string()
        } else {
            unrendered.join(", ")
        },
        if script_outside.is_empty() {
            "none".to_string()
        } else {
            script_outside.join(", ")
        }
    );
    write_doc(|old| {
        let main = old.find(RENDER_HEADING).map_or(old, |at| &old[..at]);
        format!("{}\n\n{section}", main.trim_end())
    });
    assert!(
        unrendered.is_empty(),
        "not rendered: {unrendered:?}; the run's problems: {}",
        report["problems"]
    );
    assert!(
        problems.is_empty(),
        "inconsistent answers on ACT examples in render mode:\n{}",
        problems.join("\n")
    );
}
