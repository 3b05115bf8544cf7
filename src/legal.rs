//! The legal model: documents, the articles a rule or a profile cites, and
//! how a citation resolves on a reference date.
//!
//! A [`LegalDocument`] is a law, decree, circular, provincial regulation or
//! standard, with its type, number, issue date, the dates it was in force,
//! how well those are established ([`Confidence`]), from when its status is
//! no longer established (`status_uncertain_from`), the default strength of
//! its articles ([`Strength`]), and per-article exceptions ([`ArticleStatus`]:
//! an article that ended earlier, one that only recommends, one whose status
//! after a date is unverified). A provincial document names its `province`:
//! only a provincial profile may cite it, so it is cited only where that
//! province's profile applies.
//!
//! A [`LegalBasis`] cites an article of a document (in reference order,
//! `Điều 10 khoản 1 điểm a`); [`resolve`] turns it into an [`AppliedBasis`]
//! for one date: whether it applies, its strength, its confidence on that
//! date, and the citation in Vietnamese order with the document's type
//! ("điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP") and in English.
//!
//! The schema of the TOML files is described in `rulesets/README.md`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lang::{Lang, Localized};

mod article;

pub use article::Article;

/// How well a legal fact is established (see `shared/legal/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// General knowledge, not verified; or a status not established on the date.
    Unverified,
    /// From a secondary source.
    Secondary,
    /// Checked against a full-text copy of the legal text.
    Verified,
}

impl Confidence {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Confidence::Verified => "verified",
            Confidence::Secondary => "secondary",
            Confidence::Unverified => "unverified",
        }
    }

    /// Its name in a language.
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Confidence::Verified, Lang::Vi) => "đã đối chiếu văn bản",
            (Confidence::Verified, Lang::En) => "checked against the text",
            (Confidence::Secondary, Lang::Vi) => "theo nguồn thứ cấp",
            (Confidence::Secondary, Lang::En) => "from a secondary source",
            (Confidence::Unverified, Lang::Vi) => "chưa xác minh",
            (Confidence::Unverified, Lang::En) => "not verified",
        }
    }
}

/// Whether an article binds or only recommends.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// The article obliges ("phải", "bắt buộc").
    #[default]
    Mandatory,
    /// The article encourages or recommends ("khuyến khích", "khuyến nghị").
    Recommended,
}

impl Strength {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Strength::Mandatory => "mandatory",
            Strength::Recommended => "recommended",
        }
    }

    /// Its name in a language: "bắt buộc" / "khuyến nghị".
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Strength::Mandatory, Lang::Vi) => "bắt buộc",
            (Strength::Mandatory, Lang::En) => "mandatory",
            (Strength::Recommended, Lang::Vi) => "khuyến nghị",
            (Strength::Recommended, Lang::En) => "recommended",
        }
    }
}

/// The type of a legal document, which its citation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// Luật (a law of the National Assembly); cited with its title.
    Luat,
    /// Nghị định (a government decree).
    NghiDinh,
    /// Thông tư (a ministry's circular).
    ThongTu,
    /// Quyết định (a decision).
    QuyetDinh,
    /// Quy chế (a regulation issued with a decision: its articles are the
    /// regulation's, not the decision's).
    QuyChe,
    /// Tiêu chuẩn quốc gia (TCVN).
    Tcvn,
    /// A technical standard of another body (W3C WCAG).
    Standard,
}

impl DocumentKind {
    /// The type's name in a language.
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DocumentKind::Luat, Lang::Vi) => "Luật",
            (DocumentKind::Luat, Lang::En) => "Law",
            (DocumentKind::NghiDinh, Lang::Vi) => "Nghị định",
            (DocumentKind::NghiDinh, Lang::En) => "Decree",
            (DocumentKind::ThongTu, Lang::Vi) => "Thông tư",
            (DocumentKind::ThongTu, Lang::En) => "Circular",
            (DocumentKind::QuyetDinh, Lang::Vi) => "Quyết định",
            (DocumentKind::QuyetDinh, Lang::En) => "Decision",
            (DocumentKind::QuyChe, Lang::Vi) => "Quy chế",
            (DocumentKind::QuyChe, Lang::En) => "Regulation",
            (DocumentKind::Tcvn, Lang::Vi) => "Tiêu chuẩn quốc gia",
            (DocumentKind::Tcvn, Lang::En) => "National standard",
            (DocumentKind::Standard, Lang::Vi) => "Tiêu chuẩn",
            (DocumentKind::Standard, Lang::En) => "Standard",
        }
    }
}

/// A day, or only a year when the day is not known (`"2001"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IssueDate {
    /// The day.
    Day(NaiveDate),
    /// Only the year is known.
    Year(i32),
}

impl IssueDate {
    /// `13/8/2019`, or `2001`.
    #[must_use]
    pub fn display(self) -> String {
        match self {
            IssueDate::Day(d) => vi_date(d),
            IssueDate::Year(y) => y.to_string(),
        }
    }
}

impl fmt::Display for IssueDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            IssueDate::Year(y) => write!(f, "{y}"),
        }
    }
}

impl Serialize for IssueDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IssueDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // TOML dates arrive as a datetime value, JSON ones as a string.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Date(toml::value::Datetime),
            Text(String),
            Year(i64),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Date(d) => d.to_string(),
            Raw::Text(t) => t,
            Raw::Year(y) => y.to_string(),
        };
        if let Ok(day) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            return Ok(IssueDate::Day(day));
        }
        match text.parse::<i32>() {
            Ok(year) if (1900..=2200).contains(&year) => Ok(IssueDate::Year(year)),
            _ => Err(serde::de::Error::custom(format!(
                "`{text}` is neither a date (YYYY-MM-DD) nor a year"
            ))),
        }
    }
}

/// `13/8/2019`: the Vietnamese way of writing a date in a citation.
#[must_use]
pub fn vi_date(date: NaiveDate) -> String {
    format!("{}/{}/{}", date.day(), date.month(), date.year())
}

/// An exception for some articles of a document: they ended earlier, only
/// recommend, or their status is unverified from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleStatus {
    /// The article, clause or annex item it is about (`Điều 18`, `Điều 15
    /// khoản 4`); it covers every part below it.
    pub article: String,
    /// First day in force, when later than the document's.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day in force, when earlier than the document's.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// How well this is established, when not as the document.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// The day from which its status is not established (cited as unverified).
    #[serde(default)]
    pub status_uncertain_from: Option<NaiveDate>,
    /// Its strength, when not the document's.
    #[serde(default)]
    pub strength: Option<Strength>,
    /// What the exception rests on.
    #[serde(default)]
    pub note: Option<String>,
}

/// A legal document and when it was in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalDocument {
    /// Short stable id, e.g. `tt-32-2017`.
    pub id: String,
    /// The type: `luat`, `nghi-dinh`, `thong-tu`, `quyet-dinh`, `quy-che`,
    /// `tcvn`, `standard` (every built-in document has one; a user's file
    /// without it is cited by number alone).
    #[serde(default)]
    pub kind: Option<DocumentKind>,
    /// The official number, e.g. `32/2017/TT-BTTTT`; for a Quy chế, the
    /// number of the decision that issued it.
    pub number: String,
    /// Its title.
    pub title: Localized,
    /// The day it was issued (or only the year; every built-in document has it).
    #[serde(default)]
    pub issued: Option<IssueDate>,
    /// Who issued it, when the citation names it (provincial documents).
    #[serde(default)]
    pub issuer: Option<Localized>,
    /// The province, for a provincial document: only a profile may cite it.
    #[serde(default)]
    pub province: Option<String>,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, if it has ended.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// How well its text and validity are established.
    pub confidence: Confidence,
    /// How well its end date is established, when less than the rest.
    #[serde(default)]
    pub end_confidence: Option<Confidence>,
    /// The day from which whether it is still in force is not established:
    /// findings on a later date cite it as unverified.
    #[serde(default)]
    pub status_uncertain_from: Option<NaiveDate>,
    /// The strength of its articles unless an article or a citation says otherwise.
    #[serde(default)]
    pub strength: Strength,
    /// Exceptions for some articles.
    #[serde(default, rename = "article")]
    pub articles: Vec<ArticleStatus>,
    /// What the dates rest on, or what is uncertain.
    #[serde(default)]
    pub note: Option<String>,
}

impl LegalDocument {
    /// Whether the document as a whole was in force on `date`.
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date <= end)
    }

    /// The exceptions covering `article`, merged: a more specific one (`Điều
    /// 17 khoản 3`) overrides the fields it sets of a broader one (`Điều 17`).
    #[must_use]
    pub fn article_status(&self, article: &str) -> Option<ArticleStatus> {
        let parts = Article::parse(article);
        let mut covering: Vec<(usize, &ArticleStatus)> = self
            .articles
            .iter()
            .filter_map(|a| {
                let own = Article::parse(&a.article);
                parts.starts_with(&own).then_some((own.parts.len(), a))
            })
            .collect();
        covering.sort_by_key(|(depth, _)| *depth);
        covering
            .into_iter()
            .map(|(_, a)| a)
            .fold(None, |merged, a| {
                Some(match merged {
                    None => a.clone(),
                    Some(broad) => ArticleStatus {
                        article: a.article.clone(),
                        valid_from: a.valid_from.or(broad.valid_from),
                        valid_to: a.valid_to.or(broad.valid_to),
                        confidence: a.confidence.or(broad.confidence),
                        status_uncertain_from: a
                            .status_uncertain_from
                            .or(broad.status_uncertain_from),
                        strength: a.strength.or(broad.strength),
                        note: a.note.clone().or(broad.note),
                    },
                })
            })
    }

    /// Whether `article` was in force on `date`.
    #[must_use]
    pub fn article_in_force(&self, article: &str, date: NaiveDate) -> bool {
        let status = self.article_status(article);
        let from = status
            .as_ref()
            .and_then(|s| s.valid_from)
            .unwrap_or(self.valid_from);
        let to = status.as_ref().and_then(|s| s.valid_to).or(self.valid_to);
        from <= date && to.is_none_or(|end| date <= end)
    }

    /// The day from which `article`'s status is not established.
    #[must_use]
    pub fn uncertain_from(&self, article: &str) -> Option<NaiveDate> {
        self.article_status(article)
            .and_then(|s| s.status_uncertain_from)
            .or(self.status_uncertain_from)
    }

    /// The document as a citation names it, without an article:
    /// "Nghị định số 43/2011/NĐ-CP", "Luật Công nghệ thông tin số 67/2006/QH11",
    /// "Quy chế ban hành kèm theo Quyết định số 1526/QĐ-UBND ngày 13/8/2019 của UBND tỉnh Trà Vinh".
    #[must_use]
    pub fn cited(&self, lang: Lang) -> String {
        let issuer = self.issuer.as_ref().map(|i| i.get(lang).to_string());
        let issued = self.issued.map(IssueDate::display).unwrap_or_default();
        let Some(kind) = self.kind else {
            return self.number.clone();
        };
        match (kind, lang) {
            (DocumentKind::Luat, Lang::Vi) => format!("{} số {}", self.title.vi, self.number),
            (DocumentKind::Luat, Lang::En) => format!("{} {}", self.title.en, self.number),
            (DocumentKind::QuyChe, Lang::Vi) => {
                let mut out = format!(
                    "Quy chế ban hành kèm theo Quyết định số {} ngày {issued}",
                    self.number
                );
                if let Some(issuer) = issuer {
                    out.push_str(&format!(" của {issuer}"));
                }
                out
            }
            (DocumentKind::QuyChe, Lang::En) => {
                let mut out = format!(
                    "Regulation issued with Decision {} of {issued}",
                    self.number
                );
                if let Some(issuer) = issuer {
                    out.push_str(&format!(" of the {issuer}"));
                }
                out
            }
            (DocumentKind::Tcvn | DocumentKind::Standard, _) => self.number.clone(),
            (kind, Lang::Vi) => {
                let mut out = format!("{} số {}", kind.name(lang), self.number);
                if let Some(issuer) = issuer {
                    out.push_str(&format!(" của {issuer}"));
                }
                out
            }
            (kind, Lang::En) => {
                let mut out = format!("{} {}", kind.name(lang), self.number);
                if let Some(issuer) = issuer {
                    out.push_str(&format!(" of the {issuer}"));
                }
                out
            }
        }
    }

    /// The citation of `article` of this document, in both languages.
    #[must_use]
    pub fn citation(&self, article: &str) -> Localized {
        let parsed = Article::parse(article);
        Localized {
            vi: parsed.cite(&self.cited(Lang::Vi), Lang::Vi),
            en: parsed.cite(&self.cited(Lang::En), Lang::En),
        }
    }
}

/// A citation of an article, as a rule, a group or a profile writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The document id (from `legal.toml`); in a profile, the profile's
    /// document when left out.
    #[serde(default)]
    pub document: String,
    /// The article, clause and point in reference order (`Điều 18 khoản 1
    /// điểm c`); empty for the document as a whole.
    #[serde(default)]
    pub article: String,
    /// How well this mapping is established, when less than the document's.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Whether the article binds or recommends, when not the document's.
    #[serde(default)]
    pub strength: Option<Strength>,
    /// Only for findings whose `id` value is one of these (every finding of the rule when empty).
    #[serde(default)]
    pub ids: Vec<String>,
}

impl LegalBasis {
    /// Whether it applies to a finding with this `id` value.
    #[must_use]
    pub fn covers(&self, id: Option<&str>) -> bool {
        self.ids.is_empty() || id.is_some_and(|id| self.ids.iter().any(|i| i == id))
    }
}

/// Bases shared by several rules (every accessibility rule rests on Nghị định
/// 43/2011 Điều 8, …): a rule names the group instead of repeating them, and
/// a provincial profile can add its article to the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasisGroup {
    /// Stable id (`accessibility`).
    pub id: String,
    /// What the group is about.
    pub name: Localized,
    /// The bases.
    #[serde(default)]
    pub legal: Vec<LegalBasis>,
}

/// A legal basis resolved for a date: what a finding, a checklist item or a
/// report cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedBasis {
    /// The document id.
    pub document: String,
    /// The official number.
    pub number: String,
    /// The article in reference order (`Điều 10 khoản 1 điểm a`).
    pub article: String,
    /// The citation in Vietnamese order with the document's type, and in English.
    #[serde(default = "Localized::empty")]
    pub citation: Localized,
    /// Whether the article binds or recommends.
    #[serde(default)]
    pub strength: Strength,
    /// How well established on the reference date.
    pub confidence: Confidence,
    /// The provincial profile the basis comes from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

impl AppliedBasis {
    /// "điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP (bắt buộc)", with
    /// the confidence when less than verified.
    #[must_use]
    pub fn label(&self, lang: Lang) -> String {
        let citation = if self.citation.get(lang).is_empty() {
            format!("{} {}", self.number, self.article)
        } else {
            self.citation.get(lang).to_string()
        };
        if self.confidence == Confidence::Verified {
            format!("{citation} ({})", self.strength.name(lang))
        } else {
            format!(
                "{citation} ({}; {})",
                self.strength.name(lang),
                self.confidence.name(lang)
            )
        }
    }
}

/// Joins labels of bases: `a; b; c`.
#[must_use]
pub fn labels(bases: &[AppliedBasis], lang: Lang) -> String {
    bases
        .iter()
        .map(|b| b.label(lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether any of the bases binds: a finding that breaches a mandatory article.
#[must_use]
pub fn binding(bases: &[AppliedBasis]) -> bool {
    bases.iter().any(|b| b.strength == Strength::Mandatory)
}

/// Resolves a citation of `document` on `as_of`: `None` when the article was
/// not in force that day. Strength: the citation's, else the article's, else
/// the document's. Confidence: the lowest of the citation's, the article's (or
/// the document's), and `unverified` from the day the status is uncertain.
#[must_use]
pub fn resolve(
    document: &LegalDocument,
    basis: &LegalBasis,
    profile: Option<&str>,
    as_of: NaiveDate,
) -> Option<AppliedBasis> {
    if !document.article_in_force(&basis.article, as_of) {
        return None;
    }
    let status = document.article_status(&basis.article);
    let strength = basis
        .strength
        .or(status.as_ref().and_then(|s| s.strength))
        .unwrap_or(document.strength);
    let mut confidence = status
        .as_ref()
        .and_then(|s| s.confidence)
        .unwrap_or(document.confidence);
    if let Some(own) = basis.confidence {
        confidence = confidence.min(own);
    }
    if document
        .uncertain_from(&basis.article)
        .is_some_and(|from| from <= as_of)
    {
        confidence = Confidence::Unverified;
    }
    Some(AppliedBasis {
        document: document.id.clone(),
        number: document.number.clone(),
        article: basis.article.clone(),
        citation: document.citation(&basis.article),
        strength,
        confidence,
        profile: profile.map(str::to_string),
    })
}

/// Adds `basis` to `out` unless the same article of the same document is there.
pub fn push_unique(out: &mut Vec<AppliedBasis>, basis: AppliedBasis) {
    if !out
        .iter()
        .any(|b| b.document == basis.document && b.article == basis.article)
    {
        out.push(basis);
    }
}

#[cfg(test)]
mod tests;
