//! Web standards (Thông tư 39/2017, 32/2017): one file per rule.

use super::Rule;

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[];
