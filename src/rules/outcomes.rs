//! [`Outcomes`]: every rule's outcome on one page or one site, kept small.
//!
//! An audit of 20 000 pages holds about 110 outcomes per page until the report
//! is written: as a `BTreeMap<String, Outcome>` that was ~150 MB (a B-tree
//! node share and a heap string per entry). Here an outcome of a registered
//! rule takes 4 bytes: the rule's position among the registry's ids sorted
//! alphabetically, and the outcome. Ids the registry does not know (a report
//! written by another version, read back for `--previous` or `diff`) are kept
//! as strings beside them, so nothing read is lost. It serialises as the JSON
//! object `{rule id: outcome}`, keys sorted, exactly as the map did.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Outcome;

/// Every registered rule id, sorted.
fn sorted_ids() -> &'static [&'static str] {
    static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids: Vec<&'static str> = super::all().map(|rule| rule.id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    })
}

/// The position of a registered id in [`sorted_ids`].
fn index_of(id: &str) -> Option<u16> {
    sorted_ids()
        .binary_search(&id)
        .ok()
        .and_then(|i| u16::try_from(i).ok())
}

/// Rule outcomes by rule id, in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcomes {
    /// Registered rules: (index into [`sorted_ids`], outcome), sorted by index.
    known: Vec<(u16, Outcome)>,
    /// Ids not in the registry, sorted by id (empty in a run of this build).
    other: Vec<(Box<str>, Outcome)>,
}

impl Outcomes {
    /// No outcome yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the outcome of a rule, replacing any earlier one.
    pub fn insert(&mut self, rule: &str, outcome: Outcome) {
        if let Some(index) = index_of(rule) {
            match self.known.binary_search_by_key(&index, |&(i, _)| i) {
                Ok(at) => self.known[at].1 = outcome,
                Err(at) => self.known.insert(at, (index, outcome)),
            }
        } else {
            match self.other.binary_search_by(|(id, _)| (**id).cmp(rule)) {
                Ok(at) => self.other[at].1 = outcome,
                Err(at) => self.other.insert(at, (rule.into(), outcome)),
            }
        }
    }

    /// The outcome of a rule, if it ran.
    #[must_use]
    pub fn get(&self, rule: &str) -> Option<Outcome> {
        match index_of(rule) {
            Some(index) => self
                .known
                .binary_search_by_key(&index, |&(i, _)| i)
                .ok()
                .map(|at| self.known[at].1),
            None => self
                .other
                .binary_search_by(|(id, _)| (**id).cmp(rule))
                .ok()
                .map(|at| self.other[at].1),
        }
    }

    /// Whether the rule ran.
    #[must_use]
    pub fn contains(&self, rule: &str) -> bool {
        self.get(rule).is_some()
    }

    /// How many rules ran.
    #[must_use]
    pub fn len(&self) -> usize {
        self.known.len() + self.other.len()
    }

    /// Whether no rule ran.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every (rule id, outcome), in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Outcome)> + '_ {
        let ids = sorted_ids();
        let mut known = self
            .known
            .iter()
            .map(move |&(i, o)| (ids[usize::from(i)], o))
            .peekable();
        let mut other = self.other.iter().map(|(id, o)| (&**id, *o)).peekable();
        std::iter::from_fn(move || match (known.peek(), other.peek()) {
            (Some(k), Some(o)) if o.0 < k.0 => other.next(),
            (Some(_), _) => known.next(),
            (None, _) => other.next(),
        })
    }

    /// Every rule id, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(id, _)| id)
    }

    /// Every outcome, in rule id order.
    pub fn values(&self) -> impl Iterator<Item = Outcome> + '_ {
        self.iter().map(|(_, o)| o)
    }

    /// Frees the spare capacity left by inserting one rule at a time.
    pub fn shrink_to_fit(&mut self) {
        self.known.shrink_to_fit();
        self.other.shrink_to_fit();
    }
}

impl<S: AsRef<str>> FromIterator<(S, Outcome)> for Outcomes {
    fn from_iter<I: IntoIterator<Item = (S, Outcome)>>(iter: I) -> Self {
        let mut outcomes = Outcomes::new();
        for (id, outcome) in iter {
            outcomes.insert(id.as_ref(), outcome);
        }
        outcomes.shrink_to_fit();
        outcomes
    }
}

impl From<BTreeMap<String, Outcome>> for Outcomes {
    fn from(map: BTreeMap<String, Outcome>) -> Self {
        map.into_iter().collect()
    }
}

impl Serialize for Outcomes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (id, outcome) in self.iter() {
            map.serialize_entry(id, &outcome)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Outcomes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OutcomesVisitor;
        impl<'de> Visitor<'de> for OutcomesVisitor {
            type Value = Outcomes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of rule id to outcome")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Outcomes, A::Error> {
                let mut outcomes = Outcomes::new();
                while let Some((id, outcome)) =
                    access.next_entry::<std::borrow::Cow<'de, str>, Outcome>()?
                {
                    outcomes.insert(&id, outcome);
                }
                outcomes.shrink_to_fit();
                Ok(outcomes)
            }
        }
        deserializer.deserialize_map(OutcomesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_and_unknown_ids_keep_id_order_and_round_trip() {
        let mut outcomes = Outcomes::new();
        outcomes.insert("link-broken", Outcome::Failed);
        outcomes.insert("zz-from-a-newer-version", Outcome::Passed);
        outcomes.insert("image-alt-missing", Outcome::Inapplicable);
        outcomes.insert("aaa-unknown", Outcome::CantTell);
        outcomes.insert("link-broken", Outcome::Passed);
        let keys: Vec<&str> = outcomes.keys().collect();
        assert_eq!(
            keys,
            [
                "aaa-unknown",
                "image-alt-missing",
                "link-broken",
                "zz-from-a-newer-version"
            ]
        );
        assert_eq!(outcomes.get("link-broken"), Some(Outcome::Passed));
        assert_eq!(outcomes.get("aaa-unknown"), Some(Outcome::CantTell));
        assert_eq!(outcomes.get("html-lang-missing"), None);
        assert_eq!(outcomes.len(), 4);

        let json = serde_json::to_string(&outcomes).unwrap();
        assert_eq!(
            json,
            r#"{"aaa-unknown":"cant_tell","image-alt-missing":"inapplicable","link-broken":"passed","zz-from-a-newer-version":"passed"}"#
        );
        let back: Outcomes = serde_json::from_str(&json).unwrap();
        assert_eq!(back, outcomes);
        // The same JSON as the map it replaces.
        let map: BTreeMap<String, Outcome> = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), json);
        assert_eq!(Outcomes::from(map), outcomes);
    }

    #[test]
    fn a_registered_outcome_takes_four_bytes() {
        assert_eq!(std::mem::size_of::<(u16, Outcome)>(), 4);
        assert!(sorted_ids().len() < usize::from(u16::MAX));
    }
}
