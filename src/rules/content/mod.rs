//! Mandatory information categories: one file per rule.

use super::Rule;

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[];
