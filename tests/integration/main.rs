//! One integration test binary (ripgrep-style): each module is a group.

/// The command line: exit codes, reports, schema validation.
mod cli;
/// Mandatory information: fixture sites, checklists and findings on two reference dates.
mod content;
/// Hostile and broken inputs: deep nesting, huge pages, bad bytes, unreadable files.
mod robustness;
/// The exact expected findings of every rule fixture under `fixtures/rules/`.
mod rules;
/// Rule metadata and code agree; metadata is complete in both languages.
mod rulesets;
/// Shared helpers.
mod util;
