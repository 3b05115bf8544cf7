//! Reports: the model (the JSON schema as types) and one renderer per format.
//! Renderers only present what the model holds; they never re-check anything.

pub mod json;
pub mod model;
pub mod summary;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Result};
use crate::gate::{self, FailOn};
use crate::ruleset::{Lang, Ruleset};
use model::{
    Counts, DocumentStatus, Finding, PageReport, Problem, Report, RuleReport, RunInfo, SiteReport,
    Tool,
};

/// The output formats written to files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `report.json`, the canonical report.
    Json,
}

impl Format {
    /// Parses a format name.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown name.
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim() {
            "json" => Ok(Format::Json),
            other => Err(Error::Usage(format!(
                "unknown report format `{other}` (known: json)"
            ))),
        }
    }

    /// The file name written for this format.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "report.json",
        }
    }
}

/// Everything a command gathered, to assemble a report from.
#[derive(Debug)]
pub struct ReportParts<'a> {
    /// `check`, `audit`, ...
    pub command: &'static str,
    /// What was given to audit.
    pub inputs: Vec<String>,
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// Reference date.
    pub as_of: NaiveDate,
    /// Display language.
    pub lang: Lang,
    /// Gate threshold.
    pub fail_on: FailOn,
    /// Metadata.
    pub ruleset: &'a Ruleset,
    /// Sites.
    pub sites: Vec<SiteReport>,
    /// Pages.
    pub pages: Vec<PageReport>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Inputs that could not be audited.
    pub problems: Vec<Problem>,
}

/// Builds the report: rule and legal-document tables, counts and the gate.
#[must_use]
pub fn assemble(parts: ReportParts<'_>) -> Report {
    let ruleset = parts.ruleset;
    let rules: Vec<RuleReport> = crate::rules::all()
        .filter_map(|rule| ruleset.rule(rule.id))
        .filter(|meta| meta.enabled)
        .map(|meta| RuleReport {
            id: meta.id.clone(),
            family: meta.family,
            severity: meta.severity,
            wcag: meta.wcag.iter().map(|w| w.sc.clone()).collect(),
            act: meta.act.clone(),
            title: meta.title(),
            why: crate::ruleset::Localized {
                vi: meta.vi.why.clone(),
                en: meta.en.why.clone(),
            },
            fix: crate::ruleset::Localized {
                vi: meta.vi.fix.clone(),
                en: meta.en.fix.clone(),
            },
            legal: ruleset.bases_in_force(meta, parts.as_of),
        })
        .collect();
    let cited = ruleset.cited_documents();
    let legal_documents = ruleset
        .documents
        .values()
        .filter(|doc| cited.contains(doc.id.as_str()))
        .map(|doc| DocumentStatus {
            id: doc.id.clone(),
            number: doc.number.clone(),
            title: doc.title.clone(),
            valid_from: doc.valid_from,
            valid_to: doc.valid_to,
            in_force: doc.in_force(parts.as_of),
            confidence: doc.confidence,
            note: doc.note.clone(),
        })
        .collect();
    let mut findings = parts.findings;
    findings.sort_by(|a, b| {
        (&a.site, &a.url, a.line, &a.rule, &a.selector).cmp(&(
            &b.site,
            &b.url,
            b.line,
            &b.rule,
            &b.selector,
        ))
    });
    let counts = Counts::of(&parts.pages, &findings);
    let gate = gate::evaluate(&findings, parts.fail_on);
    Report {
        schema_version: model::SCHEMA_VERSION.to_string(),
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        run: RunInfo {
            command: parts.command.to_string(),
            inputs: parts.inputs,
            started_at: parts
                .started_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            finished_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            as_of: parts.as_of,
            lang: match parts.lang {
                Lang::Vi => "vi".to_string(),
                Lang::En => "en".to_string(),
            },
            rulesets: ruleset.sources.clone(),
        },
        legal_documents,
        sites: parts.sites,
        pages: parts.pages,
        rules,
        findings,
        problems: parts.problems,
        counts,
        gate,
        crawl: None,
    }
}

/// Writes the report in each format into `out_dir`, returning the paths written.
///
/// # Errors
/// [`Error::Write`] when the folder or a file cannot be written.
pub fn write_all(report: &Report, formats: &[Format], out_dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for format in formats {
        let path = out_dir.join(format.file_name());
        let bytes = match format {
            Format::Json => json::render(report),
        };
        write_atomic(&path, bytes.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a file so that readers see the old or the new content, never half:
/// a temporary file in the same folder, then a rename.
///
/// # Errors
/// [`Error::Write`] on any I/O failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let file_name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&tmp).map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    file.sync_all().map_err(err)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
