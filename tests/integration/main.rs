//! One integration test binary (ripgrep-style): each module is a group.

/// The W3C ACT Rules conformance measurement (needs `ACT_RULES_DIR`).
mod act;
/// The command line: exit codes, reports, schema validation.
mod cli;
/// Hostile and broken inputs: deep nesting, huge pages, bad bytes, unreadable files.
mod robustness;
/// The exact expected findings of every rule fixture under `fixtures/rules/`.
mod rules;
/// Rule metadata and code agree; metadata is complete in both languages.
mod rulesets;
/// Shared helpers.
mod util;
