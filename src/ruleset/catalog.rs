//! The mandatory-information data: canonical categories with the vocabulary
//! that reveals them (`rulesets/categories.toml`), the roles of sites, and the
//! legal profiles (`rulesets/profiles/*.toml`): which categories each legal
//! document requires, by article and clause, for which roles, while it is in
//! force. Built-in profiles are embedded; a user adds one for another
//! province with `--profile FILE` without touching code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::legal::{Confidence, LegalBasis, Strength, push_unique, resolve};
use crate::ruleset::{AppliedBasis, Localized, Ruleset, one_line};
use crate::vietnamese::text::fold;

/// The embedded category file.
pub const CATEGORIES: &str = include_str!("../../rulesets/categories.toml");

/// The embedded profiles, by file name.
pub const PROFILES: &[(&str, &str)] = &[
    (
        "nd-43-2011.toml",
        include_str!("../../rulesets/profiles/nd-43-2011.toml"),
    ),
    (
        "luat-cntt-2006.toml",
        include_str!("../../rulesets/profiles/luat-cntt-2006.toml"),
    ),
    (
        "luat-tctt-2016.toml",
        include_str!("../../rulesets/profiles/luat-tctt-2016.toml"),
    ),
    (
        "nd-42-2022.toml",
        include_str!("../../rulesets/profiles/nd-42-2022.toml"),
    ),
    (
        "nd-224-2026.toml",
        include_str!("../../rulesets/profiles/nd-224-2026.toml"),
    ),
    (
        "qd-1526-2019-travinh.toml",
        include_str!("../../rulesets/profiles/qd-1526-2019-travinh.toml"),
    ),
];

/// An information category and how to recognise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id (`work-schedule`).
    pub id: String,
    /// Its name.
    pub name: Localized,
    /// Labels that name it (any case, with or without diacritics).
    #[serde(default)]
    pub terms: Vec<String>,
    /// Extra URL slug words (`llv`, `tiepcd`); the terms' own slugs always count.
    #[serde(default)]
    pub slugs: Vec<String>,
    /// Labels that look alike but are something else (`Thống kê truy cập`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Link hosts that reveal it (a link to `dichvucong.` counts for public services).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Table columns of a real section: every entry (alternatives separated by `|`)
    /// is found in one table's header row.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Footer signs: every entry (alternatives separated by `|`) is in the footer text.
    #[serde(default)]
    pub footer: Vec<String>,
    /// Pages in this language count (`en` for the English section).
    #[serde(default)]
    pub lang: Option<String>,
    /// The section is stale when its newest date is older than this many days.
    #[serde(default)]
    pub max_age_days: Option<u32>,
    /// The section is stale when it shows no date in the current week (work schedules).
    #[serde(default)]
    pub weekly: bool,
    /// A header cell (alternatives separated by `|`) that marks a table listing
    /// the section's items (`tên dự án`); without it, `columns` mark it.
    #[serde(default)]
    pub items: Option<String>,
    /// What the section's pages show in headings, table headers or `Label:`
    /// lines (alternatives separated by `|`), e.g. the method of statistics.
    #[serde(default)]
    pub details: Vec<String>,
    /// Fields every item of the section shows (alternatives separated by `|`).
    #[serde(default)]
    pub fields: Vec<String>,
}

/// A role a site can have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Id used by `--role` and profiles (`so-khdt`).
    pub id: String,
    /// Its name.
    pub name: Localized,
    /// Broader roles it also has (`so-khdt` is a `so`).
    #[serde(default)]
    pub is: Vec<String>,
    /// The last day the body existed, when it was merged or abolished.
    #[serde(default)]
    pub ended: Option<NaiveDate>,
    /// The role of the body that took over its duties.
    #[serde(default)]
    pub successor: Option<String>,
    /// What the end and the succession rest on.
    #[serde(default)]
    pub note: Option<String>,
}

impl Role {
    /// Whether the body no longer existed on `as_of`.
    #[must_use]
    pub fn ended_by(&self, as_of: NaiveDate) -> bool {
        self.ended.is_some_and(|end| end < as_of)
    }
}

/// One required category of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The category id.
    pub category: String,
    /// Article, clause and point (`Điều 10 khoản 1 điểm c`).
    pub article: String,
    /// The roles it applies to (every role when empty).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Another document than the profile's, when the requirement rests on it.
    #[serde(default)]
    pub document: Option<String>,
    /// Whether the article binds or recommends, when not the document's.
    #[serde(default)]
    pub strength: Option<Strength>,
    /// How well this item is established, when less than the document's.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// The unit that must supply the item to the site (Quy chế Trà Vinh
    /// Điều 10 khoản 2: each unit supplies its items to the provincial
    /// portal); its linked component site may carry it.
    #[serde(default)]
    pub supplier: Option<String>,
    /// The duty holds only for an agency that has such information (Luật
    /// Tiếp cận thông tin Điều 19 khoản 1: "trong các thông tin quy định tại
    /// Điều 17"): a person confirms a missing item instead of an error.
    #[serde(default)]
    pub conditional: bool,
    /// `false` when the period's law may require the item but its text is
    /// not established (Nghị định 42/2022 items the research lacks): the
    /// checklist keeps the item as not assessed rather than not required.
    #[serde(default = "yes")]
    pub established: bool,
}

fn yes() -> bool {
    true
}

/// An article of a profile's document that applies another profile's
/// requirements by reference (Quy chế Trà Vinh Điều 10 khoản 1: the portal
/// publishes per Nghị định 43/2011 Chương II), whether or not that other
/// document is still in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incorporation {
    /// The profile whose requirements are incorporated.
    pub profile: String,
    /// The incorporating article of this profile's document.
    pub article: String,
    /// The roles it applies to (every role when empty).
    #[serde(default)]
    pub roles: Vec<String>,
}

/// An article of a profile's document that a rule, or every rule of a group,
/// rests on where the profile applies (Quy chế Trà Vinh Điều 11 khoản 3 for
/// the link rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileBasis {
    /// The rules it applies to.
    #[serde(default)]
    pub rules: Vec<String>,
    /// The groups (`[[group]]` in `legal.toml`) whose rules it applies to.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Another document than the profile's.
    #[serde(default)]
    pub document: Option<String>,
    /// The article, in reference order.
    pub article: String,
    /// Whether it binds or recommends, when not the document's.
    #[serde(default)]
    pub strength: Option<Strength>,
    /// How well established, when less than the document's.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Only for findings with these `id` values.
    #[serde(default)]
    pub ids: Vec<String>,
    /// Only for findings on sites with one of these roles (site rules);
    /// every site when empty.
    #[serde(default)]
    pub roles: Vec<String>,
}

impl ProfileBasis {
    /// The citation, with the profile's document unless it names another.
    #[must_use]
    pub fn citation(&self, profile_document: &str) -> LegalBasis {
        LegalBasis {
            document: self
                .document
                .clone()
                .unwrap_or_else(|| profile_document.to_string()),
            article: self.article.clone(),
            confidence: self.confidence,
            strength: self.strength,
            ids: self.ids.clone(),
        }
    }
}

/// How long a dated category may go without an update: the tool's policy,
/// set in `audit.toml` (`[freshness]`), not a limit of the law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FreshnessLimit {
    /// At most this many days.
    Days(u32),
    /// `"week"` (a date in the current week) or `"off"` (not judged).
    Word(String),
}

/// The header of a profile file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileHead {
    /// Stable id (`qd-1526-2019-travinh`).
    pub id: String,
    /// The legal document (from `legal.toml` or the user's ruleset).
    pub document: String,
    /// Its name.
    pub name: Localized,
    /// Applied to every site without being asked (national law); provincial
    /// profiles are applied with `--profile ID`.
    #[serde(default)]
    pub default: bool,
    /// First day it applies, when not the document's.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day it applies, when not the document's.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// Other documents the profile names (a regulation it replaced), listed
    /// in the report's bibliography where the profile applies.
    #[serde(default)]
    pub related: Vec<String>,
}

/// A legal profile: the categories a document requires, the requirements
/// of other profiles it incorporates by reference, and the articles rules
/// rest on where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The header.
    pub profile: ProfileHead,
    /// The requirements.
    #[serde(default)]
    pub require: Vec<Requirement>,
    /// Other profiles' requirements applied by reference.
    #[serde(default)]
    pub incorporate: Vec<Incorporation>,
    /// Articles that rules rest on where this profile applies.
    #[serde(default)]
    pub basis: Vec<ProfileBasis>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    #[serde(default)]
    role: Vec<Role>,
    #[serde(default)]
    category: Vec<Category>,
}

/// Categories, roles and profiles, with the profiles a run applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Categories in file order.
    pub categories: Vec<Category>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Profiles in load order.
    pub profiles: Vec<Profile>,
    /// Profiles applied besides the default ones (`--profile`).
    pub selected: BTreeSet<String>,
}

/// A requirement resolved for one site and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required<'a> {
    /// The category.
    pub category: &'a Category,
    /// The legal bases requiring it, in profile order (established ones only).
    pub bases: Vec<AppliedBasis>,
    /// The units that must supply it to the site (role ids), in profile order.
    pub suppliers: Vec<String>,
    /// Whether every basis holds only for an agency that has such information.
    pub conditional: bool,
    /// Whether the period's law may require it but no established basis does:
    /// the item is kept as not assessed.
    pub unestablished: bool,
}

impl Catalog {
    /// The embedded categories and profiles.
    ///
    /// # Errors
    /// When an embedded file is malformed (a test guards against it).
    pub fn embedded() -> Result<Self> {
        let file: CategoryFile = toml::from_str(CATEGORIES).map_err(|e| Error::Ruleset {
            file: "embedded:rulesets/categories.toml".into(),
            message: one_line(&e.to_string()),
        })?;
        let mut catalog = Self {
            categories: file.category,
            roles: file.role,
            ..Self::default()
        };
        for (name, text) in PROFILES {
            catalog.add_profile(&format!("embedded:rulesets/profiles/{name}"), text, false)?;
        }
        Ok(catalog)
    }

    /// Adds a profile from TOML text; `select` applies it in this run.
    ///
    /// # Errors
    /// When it is malformed, defined twice, or names an unknown category or role.
    pub fn add_profile(&mut self, file: &str, text: &str, select: bool) -> Result<()> {
        let profile: Profile = toml::from_str(text).map_err(|e| Error::Ruleset {
            file: file.to_string(),
            message: super::toml_message(text, &e),
        })?;
        let bad = |message: String| Error::Ruleset {
            file: file.to_string(),
            message,
        };
        if self.profile(&profile.profile.id).is_some() {
            return Err(bad(format!(
                "profile `{}` is defined twice",
                profile.profile.id
            )));
        }
        for req in &profile.require {
            if self.category(&req.category).is_none() {
                return Err(bad(format!(
                    "unknown category `{}` (see rulesets/categories.toml)",
                    req.category
                )));
            }
            if let Some(role) = req
                .roles
                .iter()
                .chain(req.supplier.as_ref())
                .chain(profile.basis.iter().flat_map(|b| b.roles.iter()))
                .find(|r| self.role(r).is_none())
            {
                return Err(bad(format!(
                    "unknown role `{role}` (see rulesets/categories.toml)"
                )));
            }
        }
        for inc in &profile.incorporate {
            if self.profile(&inc.profile).is_none() {
                return Err(bad(format!(
                    "incorporates unknown profile `{}` (a built-in id)",
                    inc.profile
                )));
            }
            if let Some(role) = inc.roles.iter().find(|r| self.role(r).is_none()) {
                return Err(bad(format!(
                    "unknown role `{role}` (see rulesets/categories.toml)"
                )));
            }
        }
        if select {
            self.selected.insert(profile.profile.id.clone());
        }
        self.profiles.push(profile);
        Ok(())
    }

    /// Applies a built-in profile by id, or loads and applies a profile file.
    ///
    /// # Errors
    /// When the id is unknown and no such file exists, or the file is malformed.
    pub fn select(&mut self, id_or_path: &str) -> Result<()> {
        if self.profile(id_or_path).is_some() {
            self.selected.insert(id_or_path.to_string());
            return Ok(());
        }
        let path = Path::new(id_or_path);
        if !path.exists() {
            let known: Vec<&str> = self
                .profiles
                .iter()
                .map(|p| p.profile.id.as_str())
                .collect();
            return Err(Error::Usage(format!(
                "`{id_or_path}` is neither a built-in profile ({}) nor a profile file",
                known.join(", ")
            )));
        }
        let text = super::read_text_file(path, super::MAX_USER_FILE_BYTES)?;
        self.add_profile(&path.display().to_string(), &text, true)
    }

    /// Checks that every profile names known documents, rules and groups,
    /// and that a role's successor is a role.
    ///
    /// # Errors
    /// On the first dangling reference.
    pub fn validate(&self, ruleset: &Ruleset) -> Result<()> {
        for role in &self.roles {
            if let Some(next) = role.successor.as_ref().filter(|r| self.role(r).is_none()) {
                return Err(Error::Ruleset {
                    file: "rulesets/categories.toml".into(),
                    message: format!("role `{}` names unknown successor `{next}`", role.id),
                });
            }
        }
        for profile in &self.profiles {
            let bad = |message: String| Error::Ruleset {
                file: format!("profile {}", profile.profile.id),
                message,
            };
            let docs = std::iter::once(&profile.profile.document)
                .chain(&profile.profile.related)
                .chain(profile.require.iter().filter_map(|r| r.document.as_ref()))
                .chain(profile.basis.iter().filter_map(|b| b.document.as_ref()));
            for doc in docs {
                if !ruleset.documents.contains_key(doc) {
                    return Err(bad(format!(
                        "unknown document `{doc}` (see rulesets/legal.toml)"
                    )));
                }
            }
            for basis in &profile.basis {
                if basis.rules.is_empty() && basis.groups.is_empty() {
                    return Err(bad(format!(
                        "the [[basis]] citing `{}` names no `rules` or `groups`",
                        basis.article
                    )));
                }
                // A user's profile may cite rules of a newer or older build:
                // only ids that are neither a rule nor a group are refused.
                if let Some(rule) = basis.rules.iter().find(|r| ruleset.rule(r).is_none()) {
                    return Err(bad(format!(
                        "unknown rule `{rule}`; `portal-audit rules` lists the ids"
                    )));
                }
                if let Some(group) = basis
                    .groups
                    .iter()
                    .find(|g| !ruleset.groups.contains_key(*g))
                {
                    return Err(bad(format!(
                        "unknown group `{group}` (see rulesets/legal.toml)"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Sets the freshness policy (`[freshness]` in `audit.toml`): per
    /// category, a number of days, `"week"`, or `"off"`.
    ///
    /// # Errors
    /// [`Error::Usage`] on an unknown category or value.
    pub fn set_freshness(&mut self, limits: &BTreeMap<String, FreshnessLimit>) -> Result<()> {
        for (id, limit) in limits {
            let Some(category) = self.categories.iter_mut().find(|c| c.id == *id) else {
                return Err(Error::Usage(format!(
                    "[freshness] names unknown category `{id}` (see rulesets/categories.toml)"
                )));
            };
            match limit {
                FreshnessLimit::Days(0) => {
                    return Err(Error::Usage(format!(
                        "[freshness] {id} = 0: give at least 1 day, \"week\" or \"off\""
                    )));
                }
                FreshnessLimit::Days(days) => {
                    category.max_age_days = Some(*days);
                    category.weekly = false;
                }
                FreshnessLimit::Word(word) if word == "week" => {
                    category.max_age_days = None;
                    category.weekly = true;
                }
                FreshnessLimit::Word(word) if word == "off" => {
                    category.max_age_days = None;
                    category.weekly = false;
                }
                FreshnessLimit::Word(word) => {
                    return Err(Error::Usage(format!(
                        "[freshness] {id} = \"{word}\": give a number of days, \"week\" or \"off\""
                    )));
                }
            }
        }
        Ok(())
    }

    /// A category by id.
    #[must_use]
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// A role by id.
    #[must_use]
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The error for a role id the catalog does not know, with the roles it
    /// knows and the one it most likely means: the id whose leading words
    /// were written out (`van-phong-ubnd` for `vpubnd`), else the closest id
    /// within two edits (`so-khđt`, `so-kh-dt` for `so-khdt`).
    #[must_use]
    pub fn unknown_role(&self, given: &str) -> crate::error::Error {
        let known: Vec<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        let folded = crate::vietnamese::text::fold(given).replace(' ', "-");
        let words: Vec<&str> = folded.split('-').filter(|w| !w.is_empty()).collect();
        // Initials of the first k words, then the rest as written.
        let abbreviations: Vec<String> = (1..words.len())
            .flat_map(|k| {
                let initials: String = words[..k].iter().filter_map(|w| w.chars().next()).collect();
                let rest = words[k..].join("-");
                [
                    format!("{initials}{}", words[k..].concat()),
                    format!("{initials}-{rest}"),
                ]
            })
            .collect();
        let suggestion = known
            .iter()
            .find(|id| abbreviations.iter().any(|a| a == *id))
            .or_else(|| {
                known
                    .iter()
                    .map(|id| (strsim::levenshtein(id, &folded), id))
                    .filter(|(d, _)| *d <= 2)
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, id)| id)
            })
            .map(|id| (*id).to_string());
        crate::error::Error::UnknownRole {
            role: given.to_string(),
            known: known.join(", "),
            suggestion,
        }
    }

    /// A profile by id.
    #[must_use]
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.profile.id == id)
    }

    /// A role and every broader role it is (`so-khdt` → `so-khdt`, `so`).
    #[must_use]
    pub fn role_closure(&self, role: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo = vec![role.to_string()];
        while let Some(r) = todo.pop() {
            if out.insert(r.clone())
                && let Some(def) = self.role(&r)
            {
                todo.extend(def.is.iter().cloned());
            }
        }
        out
    }

    /// The profiles applied on `as_of`: default and selected ones whose window
    /// (their own, else their document's) contains the date.
    #[must_use]
    pub fn profiles_in_force(&self, ruleset: &Ruleset, as_of: NaiveDate) -> Vec<&Profile> {
        self.profiles
            .iter()
            .filter(|p| p.profile.default || self.selected.contains(&p.profile.id))
            .filter(|p| {
                let doc = ruleset.documents.get(&p.profile.document);
                let from = p
                    .profile
                    .valid_from
                    .or(doc.map(|d| d.valid_from))
                    .unwrap_or(NaiveDate::MIN);
                let to = p.profile.valid_to.or(doc.and_then(|d| d.valid_to));
                from <= as_of && to.is_none_or(|to| as_of <= to)
            })
            .collect()
    }

    /// The requirements `profile` makes of a site whose roles (with the
    /// broader ones) are `roles` (`None`: any role), each with the citation
    /// that makes it apply: its own article, or for a requirement of another
    /// profile applied by reference, the incorporating article.
    #[must_use]
    pub fn requirement_citations<'p>(
        &'p self,
        ruleset: &Ruleset,
        profile: &'p Profile,
        roles: Option<&BTreeSet<String>>,
    ) -> Vec<(&'p Requirement, LegalBasis)> {
        let applies = |wanted: &[String]| {
            wanted.is_empty() || roles.is_none_or(|roles| wanted.iter().any(|r| roles.contains(r)))
        };
        let mut out = Vec::new();
        for req in profile.require.iter().filter(|r| applies(&r.roles)) {
            let basis = LegalBasis {
                document: req
                    .document
                    .clone()
                    .unwrap_or_else(|| profile.profile.document.clone()),
                article: req.article.clone(),
                confidence: req.confidence,
                strength: req.strength,
                ids: Vec::new(),
            };
            out.push((req, basis));
        }
        for inc in profile.incorporate.iter().filter(|i| applies(&i.roles)) {
            let Some(source) = self.profile(&inc.profile) else {
                continue;
            };
            for req in source.require.iter().filter(|r| applies(&r.roles)) {
                let doc_id = req.document.as_ref().unwrap_or(&source.profile.document);
                let Some(doc) = ruleset.documents.get(doc_id) else {
                    continue;
                };
                let referenced = doc.citation(&req.article).vi;
                let basis = LegalBasis {
                    document: profile.profile.document.clone(),
                    article: format!("{} (dẫn chiếu {referenced})", inc.article),
                    confidence: req.confidence,
                    strength: None,
                    ids: Vec::new(),
                };
                out.push((req, basis));
            }
        }
        out
    }

    /// The categories a site with `role` must publish on `as_of`, each with
    /// the bases requiring it (strength and confidence on that date), the
    /// units that must supply it, in category order. Requirements a profile
    /// incorporates by reference come with the incorporating article.
    #[must_use]
    pub fn required(
        &self,
        ruleset: &Ruleset,
        as_of: NaiveDate,
        role: Option<&str>,
    ) -> Vec<Required<'_>> {
        let roles = role.map(|r| self.role_closure(r)).unwrap_or_default();
        let citations: Vec<(&Requirement, LegalBasis, &str)> = self
            .profiles_in_force(ruleset, as_of)
            .into_iter()
            .flat_map(|profile| {
                self.requirement_citations(ruleset, profile, Some(&roles))
                    .into_iter()
                    .map(|(req, basis)| (req, basis, profile.profile.id.as_str()))
            })
            .collect();
        let mut out: Vec<Required<'_>> = Vec::new();
        for (req, basis, profile) in citations {
            let Some(doc) = ruleset.documents.get(&basis.document) else {
                continue;
            };
            let provincial = doc.province.is_some().then_some(profile);
            let Some(applied) = resolve(doc, &basis, provincial, as_of) else {
                continue;
            };
            let Some(category) = self.category(&req.category) else {
                continue;
            };
            let entry = match out.iter().position(|r| r.category.id == category.id) {
                Some(i) => &mut out[i],
                None => {
                    out.push(Required {
                        category,
                        bases: Vec::new(),
                        suppliers: Vec::new(),
                        conditional: true,
                        unestablished: false,
                    });
                    out.last_mut().expect("just pushed")
                }
            };
            if !req.established {
                entry.unestablished = true;
                continue;
            }
            entry.conditional &= req.conditional;
            push_unique(&mut entry.bases, applied);
            if let Some(supplier) = &req.supplier
                && !entry.suppliers.contains(supplier)
            {
                entry.suppliers.push(supplier.clone());
            }
        }
        for r in &mut out {
            // An item only an unestablished basis names stays "not assessed".
            r.unestablished &= r.bases.is_empty();
            r.conditional &= !r.bases.is_empty();
        }
        let order = |id: &str| self.categories.iter().position(|c| c.id == id);
        out.sort_by_key(|r| order(&r.category.id));
        out
    }
}

impl Category {
    /// The folded terms.
    #[must_use]
    pub fn folded_terms(&self) -> Vec<String> {
        self.terms.iter().map(|t| fold(t)).collect()
    }
}
