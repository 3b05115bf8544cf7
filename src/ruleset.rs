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

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
// The languages and message filling are `crate::lang`'s; kept here under
// their old paths for the code that names them so.
pub use crate::lang::{Lang, Localized, fill, slots};
pub use crate::legal::{AppliedBasis, BasisGroup, Confidence, LegalBasis, LegalDocument, Strength};
use catalog::{Catalog, Profile};

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
    /// Legal bases of this rule (national documents only: a provincial
    /// document's articles are added by its profile, `[[basis]]`).
    #[serde(default)]
    pub legal: Vec<LegalBasis>,
    /// Groups of bases shared with other rules (`[[group]]` in `legal.toml`).
    #[serde(default)]
    pub groups: Vec<String>,
    /// The rule's findings cite the profiles' requirements of their category
    /// (finding `id`): the articles that require *that* category.
    #[serde(default)]
    pub requirements: bool,
    /// The rule rests only on provincial regulations (a province's own
    /// regulation binds only that province): it has no national basis and
    /// runs only where a profile applied gives it one (`[[basis]] rules =
    /// [...]` in a provincial profile), so its findings always cite that
    /// regulation. Without such a profile it does not run, even when
    /// `--rule` names it.
    #[serde(default)]
    pub provincial: bool,
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
    /// The limit a measuring rule judges against, in milliseconds (the
    /// page-load rules: the 2025 national criteria's values). Data, so a
    /// user's ruleset may set another; the rule reads it from its sink
    /// ([`crate::rules::Findings::threshold_ms`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_ms: Option<u32>,
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
    group: Vec<BasisGroup>,
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
    group: Vec<BasisGroup>,
    #[serde(default)]
    rule: Vec<RuleMeta>,
}

/// All rule metadata and legal documents.
#[derive(Debug, Clone, Default)]
pub struct Ruleset {
    /// Legal documents by id.
    pub documents: BTreeMap<String, LegalDocument>,
    /// Groups of bases shared by several rules, by id.
    pub groups: BTreeMap<String, BasisGroup>,
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
        self.add(file, parsed.document, parsed.group, parsed.rule)
    }

    fn add(
        &mut self,
        file: &str,
        documents: Vec<LegalDocument>,
        groups: Vec<BasisGroup>,
        rules: Vec<RuleMeta>,
    ) -> Result<()> {
        for group in groups {
            if self
                .groups
                .insert(group.id.clone(), group.clone())
                .is_some()
            {
                return Err(Error::Ruleset {
                    file: file.to_string(),
                    message: format!("group `{}` is defined twice", group.id),
                });
            }
        }
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
        let text = read_text_file(path, MAX_USER_FILE_BYTES)?;
        let user: UserRuleset = toml::from_str(&text).map_err(|e| Error::Ruleset {
            file: file.clone(),
            message: toml_message(&text, &e),
        })?;
        self.add(&file, user.document, user.group, user.rule)?;
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
        let bad = |message: String| Error::Ruleset {
            file: self.sources.last().cloned().unwrap_or_default(),
            message,
        };
        let national = |owner: &str, basis: &LegalBasis| -> Result<()> {
            let Some(doc) = self.documents.get(&basis.document) else {
                return Err(bad(format!(
                    "{owner} cites unknown document `{}`",
                    basis.document
                )));
            };
            if let Some(province) = &doc.province {
                return Err(bad(format!(
                    "{owner} cites `{}`, a document of {province}: only that province's profile \
                     may cite it (a `[[basis]]` in the profile file)",
                    doc.id
                )));
            }
            Ok(())
        };
        for group in self.groups.values() {
            for basis in &group.legal {
                national(&format!("group `{}`", group.id), basis)?;
            }
        }
        for rule in self.rules.values() {
            for basis in &rule.legal {
                national(&format!("rule `{}`", rule.id), basis)?;
            }
            if rule.provincial && !(rule.legal.is_empty() && rule.groups.is_empty()) {
                return Err(bad(format!(
                    "rule `{}` is provincial: its bases come from provincial profiles only \
                     (no `legal` or `groups`)",
                    rule.id
                )));
            }
            if let Some(group) = rule.groups.iter().find(|g| !self.groups.contains_key(*g)) {
                return Err(bad(format!(
                    "rule `{}` names unknown group `{group}`",
                    rule.id
                )));
            }
        }
        self.content.validate(self)
    }

    /// The metadata of a rule.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.get(id)
    }

    /// Every citation of a rule: its own bases, those of its groups, and
    /// those the applied profiles add to it or to its groups (with the
    /// profile they come from), in that order.
    fn citations<'a>(
        &'a self,
        rule: &'a RuleMeta,
        profiles: &[&'a Profile],
        role: RoleFilter<'_>,
    ) -> Vec<(LegalBasis, Option<&'a str>)> {
        let roles = match role {
            RoleFilter::Site(Some(r)) => Some(self.content.role_closure(r)),
            RoleFilter::Site(None) => Some(BTreeSet::new()),
            RoleFilter::Any => None,
        };
        let mut out: Vec<(LegalBasis, Option<&str>)> =
            rule.legal.iter().map(|b| (b.clone(), None)).collect();
        for group in rule.groups.iter().filter_map(|g| self.groups.get(g)) {
            out.extend(group.legal.iter().map(|b| (b.clone(), None)));
        }
        if rule.requirements {
            for profile in profiles {
                let provincial = self
                    .documents
                    .get(&profile.profile.document)
                    .is_some_and(|d| d.province.is_some());
                let by_role = match role {
                    RoleFilter::Site(Some(_)) => roles.as_ref(),
                    _ => None,
                };
                for (req, mut basis) in self.content.requirement_citations(self, profile, by_role) {
                    if req.established {
                        basis.ids = vec![req.category.clone()];
                        out.push((basis, provincial.then_some(profile.profile.id.as_str())));
                    }
                }
            }
        }
        for profile in profiles {
            for basis in &profile.basis {
                let named = basis.rules.contains(&rule.id)
                    || basis.groups.iter().any(|g| rule.groups.contains(g));
                let for_role = basis.roles.is_empty()
                    || roles
                        .as_ref()
                        .is_none_or(|roles| basis.roles.iter().any(|r| roles.contains(r)));
                if named && for_role {
                    out.push((
                        basis.citation(&profile.profile.document),
                        Some(profile.profile.id.as_str()),
                    ));
                }
            }
        }
        out
    }

    /// Resolves citations on `as_of`, keeping those in force, once each.
    fn resolve_all(
        &self,
        citations: impl IntoIterator<Item = (LegalBasis, Option<impl AsRef<str>>)>,
        as_of: NaiveDate,
    ) -> Vec<AppliedBasis> {
        let mut out = Vec::new();
        for (basis, profile) in citations {
            let Some(doc) = self.documents.get(&basis.document) else {
                continue;
            };
            if let Some(applied) =
                crate::legal::resolve(doc, &basis, profile.as_ref().map(AsRef::as_ref), as_of)
            {
                crate::legal::push_unique(&mut out, applied);
            }
        }
        out
    }

    /// The bases of one finding of `rule` on `as_of`: the rule's citations
    /// that cover the finding's `id` value, with those of `profiles` (the
    /// provincial profiles applied to the site) for the site's `role` (a
    /// profile's role-limited bases only cite for a site with that role).
    #[must_use]
    pub fn bases(
        &self,
        rule: &RuleMeta,
        as_of: NaiveDate,
        profiles: &[&Profile],
        id: Option<&str>,
        role: Option<&str>,
    ) -> Vec<AppliedBasis> {
        let citations = self
            .citations(rule, profiles, RoleFilter::Site(role))
            .into_iter()
            .filter(|(basis, _)| basis.covers(id));
        self.resolve_all(citations, as_of)
    }

    /// Every basis of `rule` on `as_of` (whatever the finding), each with the
    /// finding `id` values it is limited to (empty: every finding), with the
    /// profiles applied in this run: what `portal-audit rules --as-of` shows
    /// (with a profile's bases limited to some roles, which findings cite
    /// only on sites of those roles).
    #[must_use]
    pub fn listed_bases(
        &self,
        rule: &RuleMeta,
        as_of: NaiveDate,
    ) -> Vec<(AppliedBasis, Vec<String>)> {
        let profiles = self.content.profiles_in_force(self, as_of);
        let mut out: Vec<(AppliedBasis, Vec<String>)> = Vec::new();
        for (basis, profile) in self.citations(rule, &profiles, RoleFilter::Any) {
            let ids = basis.ids.clone();
            for applied in self.resolve_all([(basis, profile)], as_of) {
                match out
                    .iter_mut()
                    .find(|(b, _)| b.document == applied.document && b.article == applied.article)
                {
                    Some((_, known)) => {
                        // Limited to some ids only while every citation is.
                        if known.is_empty() || ids.is_empty() {
                            known.clear();
                        } else {
                            known.extend(ids.iter().cloned());
                        }
                    }
                    None => out.push((applied, ids.clone())),
                }
            }
        }
        out
    }

    /// Every basis of `rule` on `as_of`, for any finding, with the profiles
    /// applied in this run (the rule tables of reports).
    #[must_use]
    pub fn bases_in_force(&self, rule: &RuleMeta, as_of: NaiveDate) -> Vec<AppliedBasis> {
        self.listed_bases(rule, as_of)
            .into_iter()
            .map(|(basis, _)| basis)
            .collect()
    }
}

/// Which sites' profile bases a citation list is for.
#[derive(Debug, Clone, Copy)]
enum RoleFilter<'r> {
    /// A site with this role (`None`: a page, whose site's role is not known).
    Site(Option<&'r str>),
    /// Every role (the rule listing).
    Any,
}

/// A multi-line parser message on one line.
/// Reads a text file a user names (ruleset, profile, configuration), at
/// most `max` bytes: `/dev/zero` or a huge file stops there.
///
/// # Errors
/// [`Error::Read`] when it cannot be read, is larger than `max`, or is not
/// UTF-8.
pub fn read_text_file(path: &Path, max: u64) -> Result<String> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > max {
        return Err(read_err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than {} KiB", max / 1024),
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        read_err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not UTF-8 text",
        ))
    })
}

/// A TOML error as its message and line, never quoting the file: a path
/// at a file that is not TOML (`/etc/passwd`) must not put its content in
/// an error message or a CI log.
/// The most of a user's ruleset or profile file read (4 MiB).
pub const MAX_USER_FILE_BYTES: u64 = 4 * 1024 * 1024;

pub(crate) fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let message = one_line(e.message());
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

pub(crate) fn one_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" | ")
}
