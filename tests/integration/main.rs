//! One integration test binary (ripgrep-style): each module is a group.

/// The command line: exit codes, reports, schema validation.
mod cli;
/// `audit` against local test servers: a fixture province, faults, resume.
mod crawl;
/// Hostile and broken inputs: deep nesting, huge pages, bad bytes, unreadable files.
mod robustness;
/// The exact expected findings of every rule fixture under `fixtures/rules/`.
mod rules;
/// Rule metadata and code agree; metadata is complete in both languages.
mod rulesets;
/// Shared helpers.
mod util;
