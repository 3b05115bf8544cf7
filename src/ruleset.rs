//! Rule metadata as data: `rulesets/*.toml`, embedded in the binary.
//!
//! Code says *how* a rule checks; the rulesets say *what* it is: family,
//! severity, WCAG criteria, ACT rule ids, legal bases with their validity, and
//! the vi/en texts. `rulesets/legal.toml` lists the legal documents with the
//! dates they were in force and how well that is established; `--as-of`
//! selects the bases a finding cites. A user's ruleset (`--ruleset FILE`)
//! changes severities or disables rules. The mandatory-information catalog
//! (categories, roles, legal profiles) is data of the same kind ([`catalog`]).

pub mod catalog;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
// The languages and message filling are `crate::lang`'s; kept here under
// their old paths for the code that names them so.
pub use crate::lang::{Lang, Localized, fill, slots};
use catalog::Catalog;

/// The embedded ruleset files, in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("legal.toml", include_str!("../rulesets/legal.toml")),
    ("a11y.toml", include_str!("../rulesets/a11y.toml")),
    ("unicode.toml", include_str!("../rulesets/unicode.toml")),
    ("content.toml", include_str!("../rulesets/content.toml")),
    ("links.toml", include_str!("../rulesets/links.toml")),
    ("standards.toml", include_str!("../rulesets/standards.toml")),
    ("privacy.toml", include_str!("../rulesets/privacy.toml")),
];

/// The families of rules; each is a folder under `src/rules/` and a file under `rulesets/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Accessibility for people with disabilities (WCAG 2.0, Thông tư 32/2017 Điều 18).
    A11y,
    /// Vietnamese Unicode (TCVN 6909:2001).
    Unicode,
    /// Mandatory information categories.
    Content,
    /// Broken links and anchors.
    Links,
    /// Web standards (Thông tư 39/2017, 32/2017).
    Standards,
    /// Personal data (Thông tư 25/2010).
    Privacy,
}

impl Family {
    /// Every family, in report order.
    pub const ALL: [Family; 6] = [
        Family::A11y,
        Family::Unicode,
        Family::Content,
        Family::Links,
        Family::Standards,
        Family::Privacy,
    ];

    /// The family's id (`a11y`, `unicode`, ...), as in rulesets and reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Family::A11y => "a11y",
            Family::Unicode => "unicode",
            Family::Content => "content",
            Family::Links => "links",
            Family::Standards => "standards",
            Family::Privacy => "privacy",
        }
    }
}

/// How severe a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information; never fails a gate unless asked.
    Notice,
    /// Should be fixed.
    Warning,
    /// Must be fixed: a requirement is not met.
    Error,
}

impl Severity {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How well a legal fact is established (see `shared/legal/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Checked against a full-text copy of the legal text.
    Verified,
    /// From a secondary source.
    Secondary,
    /// General knowledge, not verified.
    Unverified,
}

/// A legal document and when it was in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalDocument {
    /// Short stable id, e.g. `tt-32-2017`.
    pub id: String,
    /// The official number, e.g. `32/2017/TT-BTTTT`.
    pub number: String,
    /// Its title.
    pub title: Localized,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, if it has ended.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// How well the validity window is established.
    pub confidence: Confidence,
    /// What the dates rest on, or what is uncertain.
    #[serde(default)]
    pub note: Option<String>,
}

impl LegalDocument {
    /// Whether the document was in force on `date`.
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date <= end)
    }
}

/// A rule's legal basis: a document and the article it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The document id (from `legal.toml`).
    pub document: String,
    /// The article, clause and point, in Vietnamese (`Điều 18 khoản 1 điểm c`).
    pub article: String,
    /// How well this mapping is established (defaults to the document's).
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// A WCAG success criterion a rule serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WcagCriterion {
    /// The number, e.g. `1.1.1`.
    pub sc: String,
    /// `A`, `AA` or `AAA`.
    pub level: String,
}

/// The texts of a rule in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTexts {
    /// What the defect is, in a few words.
    pub title: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it.
    pub fix: String,
    /// The message of one finding, with `{slot}`s.
    pub message: String,
    /// Other messages for particular cases, by name (a rule picks one with
    /// `RawFinding::variant`; e.g. `image` for a broken image), with the
    /// same slots.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, String>,
}

impl RuleTexts {
    /// The message of a variant, else the rule's message.
    #[must_use]
    pub fn message_for(&self, variant: Option<&str>) -> &str {
        variant
            .and_then(|v| self.messages.get(v))
            .unwrap_or(&self.message)
    }
}

/// One rule's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    /// The rule id.
    pub id: String,
    /// The family.
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// WCAG criteria served.
    #[serde(default)]
    pub wcag: Vec<WcagCriterion>,
    /// W3C ACT rule ids implemented.
    #[serde(default)]
    pub act: Vec<String>,
    /// Legal bases.
    #[serde(default)]
    pub legal: Vec<LegalBasis>,
    /// Vietnamese texts.
    pub vi: RuleTexts,
    /// English texts.
    pub en: RuleTexts,
    /// Whether the rule runs (a user's ruleset may disable it).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The message values (finding `args`) that say what a person must judge,
    /// for the manual review checklist: cant-tell findings of the rule on a
    /// site with the same values (NFC, case and white space folded) are one
    /// item. Absent: every value (only identical messages group); empty: the
    /// rule alone is the pattern. See `report::review`.
    #[serde(default)]
    pub review_by: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

impl RuleMeta {
    /// The texts in a language.
    #[must_use]
    pub fn texts(&self, lang: Lang) -> &RuleTexts {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// The title in both languages.
    #[must_use]
    pub fn title(&self) -> Localized {
        Localized {
            vi: self.vi.title.clone(),
            en: self.en.title.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesetFile {
    #[serde(default)]
    document: Vec<LegalDocument>,
    #[serde(default)]
    rule: Vec<RuleMeta>,
}

/// A user's changes to a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleOverride {
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    enabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserRuleset {
    #[serde(default)]
    rules: BTreeMap<String, RuleOverride>,
    #[serde(default)]
    document: Vec<LegalDocument>,
    #[serde(default)]
    rule: Vec<RuleMeta>,
}

/// A legal basis resolved against its document, for a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedBasis {
    /// The document id.
    pub document: String,
    /// The official number.
    pub number: String,
    /// The article.
    pub article: String,
    /// How well established.
    pub confidence: Confidence,
}

/// All rule metadata and legal documents.
#[derive(Debug, Clone, Default)]
pub struct Ruleset {
    /// Legal documents by id.
    pub documents: BTreeMap<String, LegalDocument>,
    /// Rule metadata by id.
    pub rules: BTreeMap<String, RuleMeta>,
    /// The files it was loaded from.
    pub sources: Vec<String>,
    /// Mandatory-information categories, roles and legal profiles.
    pub content: Catalog,
}

impl Ruleset {
    /// The embedded rulesets.
    ///
    /// # Errors
    /// When an embedded file is malformed (a test guards against it).
    pub fn embedded() -> Result<Self> {
        let mut set = Self::default();
        for (name, text) in EMBEDDED {
            set.add_file(&format!("embedded:rulesets/{name}"), text)?;
        }
        set.content = Catalog::embedded()?;
        set.validate()?;
        Ok(set)
    }

    fn add_file(&mut self, file: &str, text: &str) -> Result<()> {
        let parsed: RulesetFile = toml::from_str(text).map_err(|e| Error::Ruleset {
            file: file.to_string(),
            message: one_line(&e.to_string()),
        })?;
        self.add(file, parsed.document, parsed.rule)
    }

    fn add(
        &mut self,
        file: &str,
        documents: Vec<LegalDocument>,
        rules: Vec<RuleMeta>,
    ) -> Result<()> {
        for doc in documents {
            if self.documents.insert(doc.id.clone(), doc.clone()).is_some() {
                return Err(Error::Ruleset {
                    file: file.to_string(),
                    message: format!("document `{}` is defined twice", doc.id),
                });
            }
        }
        for rule in rules {
            if self.rules.insert(rule.id.clone(), rule.clone()).is_some() {
                return Err(Error::Ruleset {
                    file: file.to_string(),
                    message: format!("rule `{}` is defined twice", rule.id),
                });
            }
        }
        self.sources.push(file.to_string());
        Ok(())
    }

    /// Applies a user's ruleset file: severity changes, disabled rules, and
    /// additional documents and rule metadata.
    ///
    /// # Errors
    /// When the file cannot be read, is malformed, or names an unknown rule.
    pub fn apply_user_file(&mut self, path: &Path) -> Result<()> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let user: UserRuleset = toml::from_str(&text).map_err(|e| Error::Ruleset {
            file: file.clone(),
            message: one_line(&e.to_string()),
        })?;
        self.add(&file, user.document, user.rule)?;
        for (id, change) in user.rules {
            let Some(meta) = self.rules.get_mut(&id) else {
                return Err(Error::Ruleset {
                    file,
                    message: format!(
                        "unknown rule id `{id}` in [rules.{id}]; `portal-audit rules` lists the ids"
                    ),
                });
            };
            if let Some(severity) = change.severity {
                meta.severity = severity;
            }
            if let Some(enabled) = change.enabled {
                meta.enabled = enabled;
            }
        }
        self.validate()
    }

    /// Checks references: every legal basis names a known document.
    ///
    /// # Errors
    /// On the first dangling reference.
    pub fn validate(&self) -> Result<()> {
        for rule in self.rules.values() {
            for basis in &rule.legal {
                if !self.documents.contains_key(&basis.document) {
                    return Err(Error::Ruleset {
                        file: self.sources.last().cloned().unwrap_or_default(),
                        message: format!(
                            "rule `{}` cites unknown document `{}`",
                            rule.id, basis.document
                        ),
                    });
                }
            }
        }
        self.content.validate(self)
    }

    /// The metadata of a rule.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.get(id)
    }

    /// A rule's legal bases whose document was in force on `as_of`.
    #[must_use]
    pub fn bases_in_force(&self, rule: &RuleMeta, as_of: NaiveDate) -> Vec<AppliedBasis> {
        rule.legal
            .iter()
            .filter_map(|basis| {
                let doc = self.documents.get(&basis.document)?;
                doc.in_force(as_of).then(|| AppliedBasis {
                    document: doc.id.clone(),
                    number: doc.number.clone(),
                    article: basis.article.clone(),
                    confidence: basis.confidence.unwrap_or(doc.confidence),
                })
            })
            .collect()
    }
}

/// A multi-line parser message on one line.
pub(crate) fn one_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" | ")
}
