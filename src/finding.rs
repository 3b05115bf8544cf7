//! What the rules tell: the ACT outcome of a rule on a page or a site, and
//! a finding (one failed or cant-tell occurrence, with its metadata). Made by
//! the rule engine, kept by the store, gated, and presented by every report
//! format; below all of them.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ruleset::{AppliedBasis, Family, Localized, Severity};

/// The outcome of a rule on a page or site, in the W3C ACT vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applicable and nothing wrong was found.
    Passed,
    /// Applicable and at least one occurrence fails.
    Failed,
    /// Applicable, but a person must decide ("needs review").
    CantTell,
    /// Nothing to look at: never counted as a pass.
    Inapplicable,
}

impl Outcome {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::CantTell => "cant_tell",
            Outcome::Inapplicable => "inapplicable",
        }
    }
}

/// Which view of a page a finding or an outcome comes from: the HTML as
/// served, or the DOM a browser built from it (`--render chromium`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The bytes the server sent.
    #[default]
    Served,
    /// The DOM after the browser ran the page's scripts.
    Rendered,
}

impl View {
    /// Whether this is the served view (the default, left out of reports).
    #[must_use]
    pub fn is_served(&self) -> bool {
        *self == View::Served
    }
}

/// One failed or cant-tell occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Family (absent only for rules without metadata, which a test forbids).
    pub family: Option<Family>,
    /// `failed` or `cant_tell`.
    pub outcome: Outcome,
    /// Severity.
    pub severity: Severity,
    /// Site id.
    pub site: String,
    /// Page URL or path.
    pub url: String,
    /// Unique CSS selector.
    pub selector: Option<String>,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column.
    pub column: Option<u64>,
    /// Outer HTML, truncated.
    pub snippet: Option<String>,
    /// The message in both languages (shared by the findings of one rule
    /// with the same values: [`Shared`]).
    pub message: Shared<Localized>,
    /// Legal bases in force on the reference date ([`Shared`] like the message).
    pub legal: Shared<Vec<AppliedBasis>>,
    /// WCAG criteria ([`Shared`] like the message).
    pub wcag: Shared<Vec<String>>,
    /// The values in the message ([`Shared`] like the message).
    pub args: Shared<BTreeMap<String, String>>,
    /// Stable hash for baselines ([`fingerprint`]: rule, site, URL path and
    /// query, the element's index-free signature and its normalised snippet).
    pub fingerprint: String,
    /// The view of the page it was found in (absent: served).
    #[serde(default, skip_serializing_if = "View::is_served")]
    pub view: View,
    /// Whether a baseline (`--baseline`) accepts this finding; absent when the
    /// run had no baseline (every finding is then new).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_state: Option<BaselineState>,
    /// The element without any index (tag, id, classes, landmarks; see
    /// `El::signature`), when the finding is about an element (format 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The template defect this occurrence belongs to (`Report::templates`):
    /// the same rule failing on the same element on many pages of a site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// A part of a finding that many findings hold alike (the message, the
/// legal bases, the WCAG criteria, the values): one value behind an [`Arc`], so the findings the store reads
/// with one shared text hold it once instead of a copy each (a 2 004-page
/// report: 23 MB of copies). It reads and serialises as the value itself
/// (JSON unchanged), compares by value, and a change through `DerefMut`
/// copies it first (copy on write), so code that reads or edits a finding's
/// field is unchanged; only building one says `.into()`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    /// The value, copied only when it is shared.
    #[must_use]
    pub fn into_inner(self) -> T
    where
        T: Clone,
    {
        Arc::unwrap_or_clone(self.0)
    }

    /// Whether `a` and `b` are one value (not only equal ones).
    #[must_use]
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T: PartialEq> PartialEq<T> for Shared<T> {
    fn eq(&self, other: &T) -> bool {
        *self.0 == *other
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Shared::from)
    }
}

/// The most characters of one value in a finding (a message argument, a
/// selector): a page with 2 MiB attributes must not make reports of
/// megabytes per finding ([`clip`]).
pub const MAX_VALUE_CHARS: usize = 1000;

/// `text` cut after `max` characters, with its full length said
/// (`… [2097152 ký tự / characters]`); as it is when not longer.
#[must_use]
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… [{} ký tự / characters]",
            &text[..cut],
            text.chars().count()
        )),
    }
}

impl Finding {
    /// Whether the finding is new: no baseline, or one that does not accept it.
    #[must_use]
    pub fn is_new(&self) -> bool {
        self.baseline_state != Some(BaselineState::Accepted)
    }

    /// Marks the finding as found in the rendered page: its fingerprint is
    /// told apart from the same finding in the served HTML.
    pub fn mark_rendered(&mut self) {
        self.fingerprint = digest(&["rendered", &self.fingerprint]);
        self.view = View::Rendered;
    }

    /// The fingerprint this finding had before report format 1.4 (rule, site,
    /// URL path and query, the `:nth-of-type` selector and the snippet), so
    /// baselines and reports of earlier versions still match where the
    /// selector did not change. Recomputed from the finding's own fields.
    #[must_use]
    pub fn legacy_fingerprint(&self) -> String {
        // A finding about an element (or a line) always has a line; a site
        // finding without one was identified by its values.
        let identity = if self.line.is_some() {
            self.snippet.clone().unwrap_or_default()
        } else {
            legacy_identity(&self.args)
        };
        legacy_fingerprint(
            &self.rule,
            &self.site,
            &self.url,
            self.selector.as_deref().unwrap_or(""),
            &identity,
        )
    }
}

/// Whether a baseline accepts a finding (report format 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineState {
    /// Not in the baseline: counts for the gate.
    New,
    /// In the baseline: never counts.
    Accepted,
}

impl BaselineState {
    /// The id used in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Accepted => "accepted",
        }
    }
}

/// A finding as a baseline remembers it: enough for a person to recognise it,
/// and its fingerprint, which is what is matched. A baseline entry that no
/// finding of the run matches is reported as `absent` (fixed, or gone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// Site id.
    pub site: String,
    /// Page URL or path.
    pub url: String,
    /// Rule id.
    pub rule: String,
    /// Selector, when the finding is about an element.
    pub selector: Option<String>,
    /// The finding's fingerprint: what is matched.
    pub fingerprint: String,
}

impl BaselineEntry {
    /// The entry of a finding.
    #[must_use]
    pub fn of(f: &Finding) -> Self {
        BaselineEntry {
            site: f.site.clone(),
            url: f.url.clone(),
            rule: f.rule.clone(),
            selector: f.selector.clone(),
            fingerprint: f.fingerprint.clone(),
        }
    }
}

/// The URL's path and query (the host may change between audits: staging,
/// production, a folder checked locally).
fn path_and_query(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) if parsed.has_host() => {
            let mut p = parsed.path().to_string();
            if let Some(q) = parsed.query() {
                p.push('?');
                p.push_str(q);
            }
            p
        }
        _ => url.to_string(),
    }
}

fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    // Every finding passes here: hex by table, not one `format!` per byte.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in &digest[..16] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

/// The identity of a site finding without an element before format 1.4: its
/// `id` value, else all its values.
fn legacy_identity(args: &BTreeMap<String, String>) -> String {
    values_identity(args, None)
}

/// A finding's `id` value, else its values but `skip`.
fn values_identity(args: &BTreeMap<String, String>, skip: Option<&str>) -> String {
    match args.get("id") {
        Some(id) => id.clone(),
        None => args
            .iter()
            .filter(|(k, _)| Some(k.as_str()) != skip)
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\u{1f}"),
    }
}

/// The fingerprint of report formats before 1.4 (kept to match old baselines).
#[must_use]
pub fn legacy_fingerprint(
    rule: &str,
    site: &str,
    url: &str,
    selector: &str,
    snippet: &str,
) -> String {
    let path = path_and_query(url);
    let snippet: String = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    digest(&[rule, site, &path, selector, &snippet])
}

/// The identity of a finding without an element signature or snippet (a site
/// finding, a parse error): its `id` value, else its values except counts
/// (a count changes without the problem changing).
#[must_use]
pub fn identity_of_values(args: &BTreeMap<String, String>) -> String {
    values_identity(args, Some("count"))
}

/// A snippet with white space made irrelevant: runs collapsed to one space,
/// and none kept next to `<`, `>`, `=` or a quote, so re-indenting or
/// re-wrapping the source changes nothing; a void element's `/>` is `>`.
#[must_use]
pub fn normalise_snippet(snippet: &str) -> String {
    let collapsed = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.peek().copied();
            let tight = |c: Option<char>| matches!(c, Some('<' | '>' | '=' | '"' | '\''));
            if tight(prev) || tight(next) {
                continue;
            }
        }
        out.push(c);
    }
    // `<img …/>` and `<img …>` are the same element.
    out.replace("/>", ">").trim_end_matches('…').to_string()
}

/// What a finding is on any page of its site: rule, site, the element's
/// signature and normalised snippet — its fingerprint without the URL. `None`
/// for a finding that is not about an element.
#[must_use]
pub fn template_key(f: &Finding) -> Option<String> {
    let signature = f.signature.as_deref().filter(|s| !s.is_empty())?;
    let snippet = normalise_snippet(f.snippet.as_deref().unwrap_or(""));
    Some(digest(&["template", &f.rule, &f.site, signature, &snippet])[..16].to_string())
}

/// The fingerprint of a finding (report format 1.4): rule, site, the URL's
/// path and query, the element's index-free signature (tag, id, classes,
/// landmark path: no `:nth-of-type`, no line) and its normalised snippet —
/// or, without an element, `identity` (see [`identity_of_values`]). So
/// inserting a sibling above, reordering paragraphs or re-indenting the page
/// keeps it. Versioned (`v2`), so it never equals a legacy fingerprint.
#[must_use]
pub fn fingerprint(rule: &str, site: &str, url: &str, signature: &str, identity: &str) -> String {
    let path = path_and_query(url);
    digest(&[
        "v2",
        rule,
        site,
        &path,
        signature,
        &normalise_snippet(identity),
    ])
}

/// The lowest severity of a failed finding that fails the gate.
/// `error`, `warning`, `notice` or `never` on the command line (`--fail-on`),
/// in `audit.toml` and in reports, by these derives alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    /// Errors fail.
    #[default]
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Every failed finding fails.
    Notice,
    /// Nothing fails.
    Never,
}

impl FailOn {
    /// The id used on the command line and in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Notice => "notice",
            FailOn::Never => "never",
        }
    }

    /// The lowest severity that counts; `None` for `never`.
    #[must_use]
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Notice => Some(Severity::Notice),
            FailOn::Never => None,
        }
    }
}

/// What the gate counts (`--gate-by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum GateBy {
    /// A template defect (one element failing on many pages) once, every
    /// other failed finding once.
    #[default]
    Group,
    /// Every failed occurrence (reports before format 1.4 counted so).
    Occurrence,
}

impl GateBy {
    /// The id used on the command line and in reports.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            GateBy::Group => "group",
            GateBy::Occurrence => "occurrence",
        }
    }
}

impl std::fmt::Display for FailOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_differ_only_by_white_space_normalise_alike() {
        let a = normalise_snippet("<img class=\"logo\" src=\"/a.png\">");
        for b in [
            "<img   class=\"logo\"\n\t src=\"/a.png\" >",
            "<img class = \"logo\" src=\"/a.png\"/>",
            "<img class=\"logo\" src=\"/a.png\" />",
        ] {
            assert_eq!(normalise_snippet(b), a, "{b}");
        }
        assert_ne!(
            normalise_snippet("<p>a b</p>"),
            normalise_snippet("<p>ab</p>")
        );
    }

    #[test]
    fn fingerprints_are_versioned() {
        let v2 = fingerprint("r", "s", "https://x.gov.vn/a?b=1", "img", "<img>");
        assert_eq!(
            v2,
            fingerprint("r", "s", "http://staging/a?b=1", "img", "<img >")
        );
        assert_ne!(
            v2,
            legacy_fingerprint("r", "s", "https://x.gov.vn/a?b=1", "img", "<img>")
        );
        assert_eq!(v2.len(), 32);
    }
}
