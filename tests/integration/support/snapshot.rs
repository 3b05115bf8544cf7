//! Snapshots through `insta`: every snapshot of the tests is compared under
//! these settings, which redact what changes from run to run — times, the day
//! a report is made, the tool version, the ports of the test servers — and
//! the HTML report's own style sheet and script (files of their own; a
//! snapshot is about the content). Snapshots live under
//! `tests/integration/snapshots/<group>/`; after a deliberate change,
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) rewrites them,
//! and their diff is reviewed like code.

use super::cli::repo;

/// The settings for the snapshots of one group (a folder under `snapshots/`).
pub fn settings(group: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo("tests/integration/snapshots").join(group));
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "[TIME]",
    );
    // The day the report is made (the HTML shows it as a date only).
    settings.add_filter(
        r"(Ngày lập báo cáo(</dt><dd>| )|Report date(</dt><dd>| ))(\d{4}-\d{2}-\d{2}|\d{2}(/|&#x2f;)\d{2}(/|&#x2f;)\d{4})",
        "${1}[DATE]",
    );
    let version = regex::escape(env!("CARGO_PKG_VERSION"));
    settings.add_filter(&format!("\"{version}\""), "\"[VERSION]\"");
    settings.add_filter(&format!("portal-audit {version}"), "portal-audit [VERSION]");
    settings.add_filter(r"(127\.0\.0\.1|localhost):\d{2,5}", "$1:[PORT]");
    settings.add_filter(r"(?s)<style>.*?</style>", "<style>[CSS]</style>");
    settings.add_filter(r"(?s)<script>.*?</script>", "<script>[JS]</script>");
    settings.add_filter(r"sha256-[A-Za-z0-9+/=]+", "sha256-[HASH]");
    // The report's id (a hash over its start time, among others).
    settings.add_filter(
        r#"data-report-id="[0-9a-f]{16}""#,
        r#"data-report-id="[ID]""#,
    );
    // The repository root SARIF's `originalUriBaseIds` names.
    let root = repo(".").canonicalize().unwrap_or_else(|_| repo("."));
    let root = root.to_string_lossy().trim_end_matches('/').to_string();
    settings.add_filter(&regex::escape(&format!("file://{root}/")), "file://[ROOT]/");
    settings
}
