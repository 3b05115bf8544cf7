//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The binary under test: `PORTAL_AUDIT_BIN` when set (a copy of this
/// worktree's build, when several worktrees share one target directory and
/// overwrite each other's `target/debug/portal-audit`), else cargo's.
pub fn binary() -> PathBuf {
    std::env::var_os("PORTAL_AUDIT_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_portal-audit")),
        PathBuf::from,
    )
}

/// Runs the built binary with arguments, in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_in_with_env(dir, args, &[])
}

/// [`run_in`] with extra environment variables (the binary's test hooks).
pub fn run_in_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        // The test's own CI must not change what the binary prints.
        .env_remove("GITHUB_ACTIONS")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

/// Runs the binary with `args` in `dir`, expects exit code 0, and returns the
/// valid `report.json` written to `out`.
pub fn run_for_report(dir: &Path, args: &[&str], out: &Path) -> serde_json::Value {
    let output = run_in(dir, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read_report(&out.join("report.json"))
}

/// A `report.json`, validated against the schema and [`restored`].
pub fn read_report(path: &Path) -> serde_json::Value {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_valid_report(&report);
    restored(report)
}

/// A `report.json` with what format 1.7 leaves out put back, as
/// `docs/report-json.md` tells a reader to: a finding's `family`,
/// `severity`, `wcag` and `legal` from its rule in `rules` when it has none,
/// and a page's coded outcomes (one character per rule of `rules`) as the
/// object of rule id to outcome. Written independently of the tool's own
/// reader, from the documentation. Any other JSON is returned as it is.
pub fn restored(mut report: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let Some(rules) = report.get("rules").and_then(Value::as_array).cloned() else {
        return report;
    };
    if report.get("schema_version").is_none() {
        return report;
    }
    let rule = |id: &Value| rules.iter().find(|r| r["id"] == *id).cloned();
    if let Some(findings) = report.get_mut("findings").and_then(Value::as_array_mut) {
        for finding in findings {
            let Some(rule) = rule(&finding["rule"]) else {
                continue;
            };
            for key in ["family", "severity", "legal", "wcag"] {
                if finding.get(key).is_none() {
                    finding[key] = rule[key].clone();
                }
            }
        }
    }
    let decode = |outcomes: &mut Value| {
        let Some(coded) = outcomes.as_str() else {
            return;
        };
        assert_eq!(coded.len(), rules.len(), "one outcome per rule: {coded}");
        let mut object = serde_json::Map::new();
        for (c, rule) in coded.chars().zip(&rules) {
            let outcome = match c {
                'P' => "passed",
                'F' => "failed",
                'C' => "cant_tell",
                'I' => "inapplicable",
                '-' => continue,
                other => panic!("`{other}` is not an outcome code in {coded}"),
            };
            object.insert(rule["id"].as_str().unwrap().to_string(), outcome.into());
        }
        *outcomes = Value::Object(object);
    };
    if let Some(pages) = report.get_mut("pages").and_then(Value::as_array_mut) {
        for page in pages {
            decode(&mut page["outcomes"]);
            if let Some(rendered) = page.get_mut("rendered") {
                decode(&mut rendered["outcomes"]);
            }
        }
    }
    report
}

/// Validates a report against `reports/schema/report.schema.json`.
pub fn assert_valid_report(report: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("reports/schema/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// Writes `config` as `audit.toml` in `dir` and runs `audit` on it there
/// (`--out out --quiet --fail-on never`, then `extra`) with `env`; returns the
/// exit code and the valid report.
pub fn audit_config(
    dir: &Path,
    config: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (i32, serde_json::Value) {
    std::fs::write(dir.join("audit.toml"), config).unwrap();
    let mut args = vec![
        "audit",
        "--config",
        "audit.toml",
        "--out",
        "out",
        "--quiet",
        "--fail-on",
        "never",
    ];
    args.extend_from_slice(extra);
    run_with_report(dir, &args, env)
}

/// Runs the binary with `args` and `env` in `dir` (the arguments write the
/// report to `out/`); returns the exit code and the valid report.
pub fn run_with_report(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, serde_json::Value) {
    let output = run_in_with_env(dir, args, env);
    let text = std::fs::read_to_string(dir.join("out/report.json")).unwrap_or_else(|e| {
        panic!(
            "no report ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_valid_report(&report);
    (output.status.code().unwrap_or(-1), restored(report))
}

/// Every finding of a `report.json`, a template defect's occurrences after
/// its first put back from `templates[].pages[].finding` (format 1.5) as
/// the loader does.
pub fn all_findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut all: Vec<serde_json::Value> =
        report["findings"].as_array().cloned().unwrap_or_default();
    for group in report["templates"].as_array().into_iter().flatten() {
        let Some(first) = all.iter().find(|f| f["template"] == group["id"]).cloned() else {
            continue;
        };
        for page in group["pages"].as_array().into_iter().flatten() {
            let Some(differs) = page["finding"].as_object() else {
                continue;
            };
            let mut finding = first.clone();
            finding["url"] = page["url"].clone();
            finding["line"] = page["line"].clone();
            for (key, value) in differs {
                if value.is_null() {
                    finding.as_object_mut().unwrap().remove(key);
                } else {
                    finding[key.as_str()] = value.clone();
                }
            }
            all.push(finding);
        }
    }
    all
}
