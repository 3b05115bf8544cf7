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
    /// Which of the rule's messages says it (`RuleTexts::messages`), when not
    /// the rule's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// The legal bases of this finding, when the rule knows them better than
    /// its metadata (a missing category: the articles requiring that
    /// category); else the engine takes the rule's bases for the finding's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal: Option<Vec<crate::legal::AppliedBasis>>,
    /// The slots whose value is a decimal number: kept as Rust writes it in
    /// `args` (`4.5`), said in each language's notation in the messages
    /// (`4,5:1` in Vietnamese).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decimals: Vec<String>,
}

impl RawFinding {
    /// Sets a message slot.
    pub fn arg(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// Sets a message slot to a decimal number written as Rust writes it
    /// (`4.5`, or `?` when unknown): the messages say it in each language's
    /// notation.
    pub fn decimal_arg(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        if !self.decimals.iter().any(|d| d == name) {
            self.decimals.push(name.to_string());
        }
        self.arg(name, value)
    }

    /// The slots' values for a message in `lang`: the decimal ones in its
    /// notation.
    #[must_use]
    pub fn args_in(
        &self,
        lang: crate::lang::Lang,
    ) -> std::borrow::Cow<'_, BTreeMap<String, String>> {
        if self.decimals.is_empty() || lang == crate::lang::Lang::En {
            return std::borrow::Cow::Borrowed(&self.args);
        }
        let mut args = self.args.clone();
        for name in &self.decimals {
            if let Some(value) = args.get_mut(name) {
                *value = crate::lang::number(value, lang).into_owned();
            }
        }
        std::borrow::Cow::Owned(args)
    }

    /// Says the finding with the rule's message of this name.
    pub fn variant(&mut self, name: &str) -> &mut Self {
        self.variant = Some(name.to_string());
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

/// The most findings one page rule keeps on one page: a hostile or broken
/// 20 MB page gave 256 410 findings (1.17 GB, a 328 MB report.json); past
/// the cap occurrences are only counted, so memory and report size are
/// bounded by the page size cap.
pub const MAX_FINDINGS_PER_RULE_PER_PAGE: usize = 1000;

/// The sink handed to a rule. It knows the rule id and gathers findings and the outcome.
#[derive(Debug)]
pub struct Findings {
    rule: &'static str,
    applicable: bool,
    items: Vec<RawFinding>,
    /// Findings kept at most (`usize::MAX`: all).
    cap: usize,
    /// Occurrences past the cap: counted, not kept.
    omitted: usize,
    /// Whether one of them failed (the outcome stays right).
    omitted_failed: bool,
    /// Where occurrences past the cap are written, then forgotten.
    scratch: Option<RawFinding>,
    /// The rule's `threshold_ms` from its metadata, when it has one.
    threshold_ms: Option<u32>,
}

impl Findings {
    /// A sink for one rule.
    #[must_use]
    pub fn new(rule: &'static str) -> Self {
        Self {
            rule,
            applicable: false,
            items: Vec::new(),
            cap: usize::MAX,
            omitted: 0,
            omitted_failed: false,
            scratch: None,
            threshold_ms: None,
        }
    }

    /// The sink with the rule's limit from its metadata (`threshold_ms`).
    #[must_use]
    pub fn with_threshold_ms(self, threshold_ms: Option<u32>) -> Self {
        Self {
            threshold_ms,
            ..self
        }
    }

    /// The limit the rule's metadata sets (`threshold_ms` in the ruleset),
    /// for rules that judge a measured value.
    #[must_use]
    pub fn threshold_ms(&self) -> Option<u32> {
        self.threshold_ms
    }

    /// A sink keeping at most `cap` findings; the others are counted
    /// ([`Findings::omitted`]).
    #[must_use]
    pub fn capped(rule: &'static str, cap: usize) -> Self {
        Self {
            cap,
            ..Self::new(rule)
        }
    }

    /// Occurrences reported past the cap (counted, not kept).
    #[must_use]
    pub fn omitted(&self) -> usize {
        self.omitted
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

    /// The finding reported last, to refine it.
    pub fn last_mut(&mut self) -> Option<&mut RawFinding> {
        self.items.last_mut()
    }

    /// Reports a cant-tell that has no element.
    pub fn cant_tell_at(&mut self, target: Option<Target>) -> &mut RawFinding {
        self.push(Outcome::CantTell, target)
    }

    fn push(&mut self, outcome: Outcome, target: Option<Target>) -> &mut RawFinding {
        self.applicable = true;
        let finding = RawFinding {
            rule: self.rule.to_string(),
            outcome,
            target,
            args: BTreeMap::new(),
            url: None,
            variant: None,
            legal: None,
            decimals: Vec::new(),
        };
        if self.items.len() >= self.cap {
            self.omitted += 1;
            self.omitted_failed |= outcome == Outcome::Failed;
            return self.scratch.insert(finding);
        }
        self.items.push(finding);
        self.items.last_mut().expect("just pushed")
    }

    /// The outcome: failed if anything failed, else cant_tell if anything needs
    /// review, else passed if the rule applied, else inapplicable.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        if self.omitted_failed || self.items.iter().any(|f| f.outcome == Outcome::Failed) {
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
