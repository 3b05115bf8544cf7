//! Personal data (Thông tư 25/2010): one file per rule.

use super::Rule;

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[];
