//! The sink a rule reports to, and the ACT outcome it records.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::Outcome;
use crate::page::{El, Target};

/// One failed or cant-tell occurrence, as a rule reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawFinding {
    /// The rule id.
    pub rule: String,
    /// `Failed` or `CantTell`.
    pub outcome: Outcome,
    /// Where, when the finding is about an element.
    pub target: Option<Target>,
    /// Values for the `{slots}` of the rule's message.
    pub args: BTreeMap<String, String>,
    /// A URL the finding is about, when it is not the page itself (site rules).
    pub url: Option<String>,
    /// The legal bases of this finding, when the rule knows them better than
    /// its metadata (a missing category: the articles requiring that
    /// category); else the engine takes the rule's bases for the finding's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal: Option<Vec<crate::legal::AppliedBasis>>,
}

impl RawFinding {
    /// Sets a message slot.
    pub fn arg(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// Sets the URL the finding is about (site rules).
    pub fn at_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the finding's legal bases (see [`RawFinding::legal`]).
    pub fn bases(&mut self, legal: Vec<crate::legal::AppliedBasis>) -> &mut Self {
        self.legal = Some(legal);
        self
    }
}

/// The sink handed to a rule. It knows the rule id and gathers findings and the outcome.
#[derive(Debug)]
pub struct Findings {
    rule: &'static str,
    applicable: bool,
    items: Vec<RawFinding>,
}

impl Findings {
    /// A sink for one rule.
    #[must_use]
    pub fn new(rule: &'static str) -> Self {
        Self {
            rule,
            applicable: false,
            items: Vec::new(),
        }
    }

    /// The rule this sink belongs to.
    #[must_use]
    pub fn rule(&self) -> &'static str {
        self.rule
    }

    /// Records that the rule applied to something that passed.
    pub fn pass(&mut self) {
        self.applicable = true;
    }

    /// Reports a failed element.
    pub fn fail(&mut self, el: El<'_>) -> &mut RawFinding {
        self.push(Outcome::Failed, Some(el.target()))
    }

    /// Reports an element a person must judge.
    pub fn cant_tell(&mut self, el: El<'_>) -> &mut RawFinding {
        self.push(Outcome::CantTell, Some(el.target()))
    }

    /// Reports a failure that has no element (a site, a header, a URL).
    pub fn fail_at(&mut self, target: Option<Target>) -> &mut RawFinding {
        self.push(Outcome::Failed, target)
    }

    /// Reports a cant-tell that has no element.
    pub fn cant_tell_at(&mut self, target: Option<Target>) -> &mut RawFinding {
        self.push(Outcome::CantTell, target)
    }

    fn push(&mut self, outcome: Outcome, target: Option<Target>) -> &mut RawFinding {
        self.applicable = true;
        self.items.push(RawFinding {
            rule: self.rule.to_string(),
            outcome,
            target,
            args: BTreeMap::new(),
            url: None,
            legal: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// The outcome: failed if anything failed, else cant_tell if anything needs
    /// review, else passed if the rule applied, else inapplicable.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        if self.items.iter().any(|f| f.outcome == Outcome::Failed) {
            Outcome::Failed
        } else if !self.items.is_empty() {
            Outcome::CantTell
        } else if self.applicable {
            Outcome::Passed
        } else {
            Outcome::Inapplicable
        }
    }

    /// The findings reported so far.
    #[must_use]
    pub fn items(&self) -> &[RawFinding] {
        &self.items
    }

    /// Takes the findings and the outcome.
    #[must_use]
    pub fn finish(self) -> (Outcome, Vec<RawFinding>) {
        (self.outcome(), self.items)
    }
}
