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
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_valid_report(&report);
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
    (output.status.code().unwrap_or(-1), report)
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
