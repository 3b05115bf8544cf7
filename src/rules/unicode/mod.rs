//! Vietnamese Unicode (TCVN 6909:2001): one file per rule.

use super::Rule;

/// The rules of this family, sorted by id.
pub const RULES: &[Rule] = &[];
