//! Reports: the model (the JSON schema as types) and one renderer per format.
//! Renderers only present what the model holds; they never re-check anything.

pub mod annotations;
pub mod availability;
pub mod codequality;
pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod junit;
pub mod load;
pub mod locale;
pub mod location;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod province;
pub mod review;
pub mod safe;
pub mod sarif;
pub mod split;
pub mod statistics;
pub mod status;
pub mod stream;
pub mod summary;
pub mod templates;
pub mod xlsx;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Result};
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
    /// `report.html`, one self-contained page for people (and print).
    Html,
    /// `report.sarif`, SARIF 2.1.0 for code scanning.
    Sarif,
    /// `junit.xml`, a test suite per site and a test case per rule.
    Junit,
    /// `findings.csv`, one row per finding, and `province.csv`, one row per
    /// site (the province table); UTF-8 with BOM.
    Csv,
    /// `summary.md`, a short Markdown summary for a pull request or a CI job.
    Markdown,
    /// `gl-code-quality-report.json`, GitLab's Code Quality report.
    CodeQuality,
    /// `province.xlsx`, the province table as a spreadsheet sheet.
    Xlsx,
}

impl Format {
    /// Every format, in the order they are listed.
    pub const ALL: [Format; 8] = [
        Format::Json,
        Format::Html,
        Format::Sarif,
        Format::Junit,
        Format::Csv,
        Format::Markdown,
        Format::CodeQuality,
        Format::Xlsx,
    ];

    /// The name used on the command line.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Csv => "csv",
            Format::Markdown => "md",
            Format::CodeQuality => "codequality",
            Format::Xlsx => "xlsx",
        }
    }

    /// Parses a format name.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown name.
    pub fn parse(name: &str) -> Result<Self> {
        let name = name.trim();
        if name == "markdown" {
            return Ok(Format::Markdown);
        }
        Format::ALL
            .into_iter()
            .find(|f| f.id() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                Error::UnknownFormat {
                    name: name.to_string(),
                    known: known.join(", "),
                }
            })
    }

    /// The file name written for this format.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "report.json",
            Format::Html => "report.html",
            Format::Sarif => "report.sarif",
            Format::Junit => "junit.xml",
            Format::Csv => "findings.csv",
            Format::Markdown => "summary.md",
            Format::CodeQuality => "gl-code-quality-report.json",
            Format::Xlsx => "province.xlsx",
        }
    }

    /// Writes the report in this format to `out` as it is made: a format
    /// with a row or an element per finding (JSON, SARIF, HTML, JUnit, CSV,
    /// Code Quality) never holds its whole text in memory; Markdown and the
    /// spreadsheet, bounded by sites and rules (their lists are capped), are
    /// rendered whole, then written.
    ///
    /// # Errors
    /// The writer's I/O errors.
    pub fn write(
        self,
        report: &Report,
        options: &RenderOptions<'_>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match self {
            Format::Json => json::write(report, out),
            Format::Html => html::write(report, options, out),
            Format::Sarif => sarif::write(report, options, out),
            Format::Junit => junit::write(report, options, out),
            Format::Csv => csv::write(report, options, out),
            Format::Markdown => out.write_all(markdown::render(report, options).as_bytes()),
            Format::CodeQuality => codequality::write(report, options, out),
            Format::Xlsx => out.write_all(&xlsx::render(report, options.lang)?),
        }
    }
}

impl Format {
    /// Whether this format is written from a report streamed from its rows
    /// ([`stream::Streamed`], [`write_all_streamed`]): its head in memory,
    /// its pages and findings read one at a time. The others take the
    /// whole report in memory. (Markdown's trend against a previous report
    /// compares every finding: with `--previous`, it does not stream,
    /// [`streams_with`].)
    #[must_use]
    pub fn streams(self) -> bool {
        matches!(
            self,
            Format::Json
                | Format::Csv
                | Format::CodeQuality
                | Format::Sarif
                | Format::Markdown
                | Format::Html
                | Format::Junit
        )
    }

    /// Writes the report streamed from its rows in this format (one that
    /// [`Format::streams`]): the same bytes as [`Format::write`] of the
    /// report in memory.
    ///
    /// # Errors
    /// The writer's I/O errors, the rows' as I/O errors; a format that does
    /// not stream is [`std::io::ErrorKind::Unsupported`].
    pub fn write_streamed(
        self,
        streamed: &stream::Streamed<'_>,
        options: &RenderOptions<'_>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let body = stream::Body::Stream(streamed);
        match self {
            Format::Json => json::write_streamed(streamed, out),
            Format::Csv => csv::write_body(body, options, out),
            Format::CodeQuality => codequality::write_body(body, options, out),
            Format::Sarif => sarif::write_body(body, options, out),
            Format::Markdown => out.write_all(markdown::render_body(body, options)?.as_bytes()),
            Format::Html => html::write_body(body, options, out),
            Format::Junit => junit::write_body(body, options, out),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                format!("{} is not written from a streamed report", self.id()),
            )),
        }
    }
}

/// Whether a report in these formats, with or without a previous report to
/// compare with (`--previous`), is written streamed from its rows ([`write_all_streamed`]) rather than
/// assembled in memory: every format [`Format::streams`], and Markdown only
/// without a previous report. The one rule `audit`, `check` and
/// `report <store>` decide by.
#[must_use]
pub fn streams_with(formats: &[Format], previous: bool) -> bool {
    formats
        .iter()
        .all(|f| f.streams() && !(previous && *f == Format::Markdown))
}

/// What a renderer needs besides the report.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// The language of the texts.
    pub lang: Lang,
    /// A previous report of the same scope, for the trend (new, fixed, unchanged).
    pub previous: Option<&'a Report>,
    /// The repository root checked files are made relative to (SARIF, Code
    /// Quality); without it, paths stay as the report has them.
    pub source_root: Option<&'a location::SourceRoot>,
    /// SARIF: also one result per needs-review occurrence (left out by
    /// default: code scanning would open an alert for each).
    pub sarif_review: bool,
    /// JUnit: also the rules that applied nowhere, as skipped cases.
    pub junit_skipped: bool,
    /// HTML: also one report per site in `sites/` (`--split-sites`), linked
    /// from `report.html`.
    pub split_sites: bool,
}

impl<'a> RenderOptions<'a> {
    /// The options a report asks for itself: its own language, no previous
    /// report, paths as they are, the defaults of each format.
    #[must_use]
    pub fn of(report: &Report) -> RenderOptions<'a> {
        RenderOptions {
            lang: report.run.lang,
            previous: None,
            source_root: None,
            sarif_review: false,
            junit_skipped: false,
            split_sites: false,
        }
    }
}

/// The province table's file, written with `findings.csv` (format `csv`).
pub const PROVINCE_CSV: &str = "province.csv";

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
    /// The gate's verdict on the findings, evaluated once by the command.
    pub gate: model::GateResult,
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

/// The report's order of findings: site, page, line, rule, selector (a
/// stable sort: ties in the order found). The store reads its findings in
/// this order from an index ([`crate::store::Store::each_finding_in_report_order`]).
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.site, &a.url, a.line, &a.rule, &a.selector).cmp(&(
            &b.site,
            &b.url,
            b.line,
            &b.rule,
            &b.selector,
        ))
    });
}

/// Builds the report: rule and legal-document tables, counts and the gate.
#[must_use]
pub fn assemble(parts: ReportParts<'_>) -> Report {
    let ruleset = parts.ruleset;
    // The rules that ran: those with an outcome somewhere (not those left out
    // by `--rule` or disabled), so every format lists only what was checked.
    let ran: std::collections::BTreeSet<&str> = parts
        .pages
        .iter()
        .flat_map(|p| p.outcomes.keys())
        .chain(parts.sites.iter().flat_map(|s| s.outcomes.keys()))
        .collect();
    let rules = rules_that_ran(ruleset, parts.as_of, &ran);
    let legal_documents = bibliography(
        ruleset,
        parts.as_of,
        &rules,
        parts
            .findings
            .iter()
            .flat_map(|f| f.legal.iter())
            .map(|b| b.document.as_str()),
        &parts.sites,
    );
    let mut parts = parts;
    let mut findings = std::mem::take(&mut parts.findings);
    let pages = std::mem::take(&mut parts.pages);
    sort_findings(&mut findings);
    let templates = templates::group(&mut findings);
    let counts = Counts::of(&pages, &findings);
    let review = review::group(&findings, ruleset);
    let mut report = head(
        parts,
        Head {
            legal_documents,
            rules,
            review,
            templates,
            counts,
            statistics: statistics::Statistics::default(),
        },
    );
    report.pages = pages;
    report.findings = findings;
    report.statistics = statistics::compute(&report);
    report
}

/// What a report holds besides its parts as a command gathered them:
/// what [`assemble`] makes of them, or the report streamed from a store
/// ([`stream`]) counts as it reads them.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) legal_documents: Vec<DocumentStatus>,
    pub(crate) rules: Vec<RuleReport>,
    pub(crate) review: Vec<model::ReviewItem>,
    pub(crate) templates: Vec<model::TemplateGroup>,
    pub(crate) counts: Counts,
    pub(crate) statistics: statistics::Statistics,
}

/// The report of `parts` (its pages and findings as they are, often none)
/// with `head`.
pub(crate) fn head(parts: ReportParts<'_>, head: Head) -> Report {
    let ReportParts {
        command,
        inputs,
        started_at,
        as_of,
        lang,
        gate,
        ruleset,
        sites,
        pages,
        findings,
        problems,
    } = parts;
    Report {
        schema_version: model::SCHEMA_VERSION.to_string(),
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        run: RunInfo {
            command: command.to_string(),
            inputs,
            started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            finished_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            as_of,
            lang,
            rulesets: ruleset.sources.clone(),
            province: None,
            selection: None,
        },
        legal_documents: head.legal_documents,
        sites,
        pages,
        rules: head.rules,
        findings,
        review: head.review,
        templates: head.templates,
        problems,
        counts: head.counts,
        statistics: head.statistics,
        gate,
        crawl: None,
    }
}

/// The rules table: the rules of `ran` (those with an outcome somewhere),
/// in the order rules are registered.
pub(crate) fn rules_that_ran(
    ruleset: &Ruleset,
    as_of: NaiveDate,
    ran: &std::collections::BTreeSet<&str>,
) -> Vec<RuleReport> {
    crate::rules::all()
        .filter_map(|rule| ruleset.rule(rule.id))
        .filter(|meta| ran.contains(meta.id.as_str()))
        .map(|meta| RuleReport {
            id: meta.id.clone(),
            family: meta.family,
            severity: meta.severity,
            wcag: meta.wcag.iter().map(|w| w.sc.clone()).collect(),
            wcag_level: meta
                .wcag
                .iter()
                .map(|w| w.level.clone())
                .min_by_key(String::len),
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
            legal: ruleset.bases_in_force(meta, as_of),
        })
        .collect()
}

/// The report's bibliography: every document cited anywhere — the bases of the
/// rules that ran, of every finding (`cited_by_findings`) and of every
/// checklist item — and the documents of the profiles applied on `as_of`
/// (their own, those they name, those their requirements rest on), in
/// `legal.toml` order.
pub(crate) fn bibliography<'a>(
    ruleset: &'a Ruleset,
    as_of: NaiveDate,
    rules: &'a [RuleReport],
    cited_by_findings: impl IntoIterator<Item = &'a str>,
    sites: &'a [SiteReport],
) -> Vec<DocumentStatus> {
    let mut cited: std::collections::BTreeSet<&str> = rules
        .iter()
        .flat_map(|r| r.legal.iter())
        .map(|b| b.document.as_str())
        .chain(cited_by_findings)
        .chain(
            sites
                .iter()
                .filter_map(|s| s.checklist.as_ref())
                .flat_map(|c| c.items.iter())
                .flat_map(|i| i.required_by.iter())
                .map(|b| b.document.as_str()),
        )
        .collect();
    let applied: std::collections::BTreeSet<&str> = sites
        .iter()
        .filter_map(|s| s.checklist.as_ref())
        .flat_map(|c| c.profiles.iter().map(String::as_str))
        .collect();
    for profile in ruleset
        .content
        .profiles_in_force(ruleset, as_of)
        .into_iter()
        .filter(|p| !p.profile.default || applied.contains(p.profile.id.as_str()))
    {
        cited.insert(&profile.profile.document);
        cited.extend(profile.profile.related.iter().map(String::as_str));
    }
    ruleset
        .documents
        .values()
        .filter(|doc| cited.contains(doc.id.as_str()))
        .map(|doc| DocumentStatus::of(doc, as_of))
        .collect()
}

/// Writes the report in each format into `out_dir` in the language and with
/// the trend (previous report) of `options`, returning the paths written.
///
/// # Errors
/// [`Error::Write`] when the folder or a file cannot be written.
pub fn write_all_with(
    report: &Report,
    formats: &[Format],
    out_dir: &Path,
    options: &RenderOptions<'_>,
) -> Result<Vec<PathBuf>> {
    write_formats(
        report,
        formats,
        out_dir,
        options,
        |format, out| format.write(report, options, out),
        || write_site_files(report, out_dir, options),
    )
}

/// [`write_all_with`] for a report streamed from its rows, in formats that
/// [`Format::streams`]: the same files, byte for byte.
///
/// # Errors
/// [`Error::Write`] when the folder or a file cannot be written (or the
/// rows cannot be read while it is).
pub fn write_all_streamed(
    streamed: &stream::Streamed<'_>,
    formats: &[Format],
    out_dir: &Path,
    options: &RenderOptions<'_>,
) -> Result<Vec<PathBuf>> {
    write_formats(
        &streamed.head,
        formats,
        out_dir,
        options,
        |format, out| format.write_streamed(streamed, options, out),
        || html::write_site_files_streamed(streamed, out_dir, options),
    )
}

/// Writes each format's file with `write`, and what goes with it (the
/// province table from `report`, each site's HTML with `site_files`).
fn write_formats(
    report: &Report,
    formats: &[Format],
    out_dir: &Path,
    options: &RenderOptions<'_>,
    write: impl Fn(Format, &mut dyn std::io::Write) -> std::io::Result<()>,
    site_files: impl Fn() -> Result<PathBuf>,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for format in formats {
        let path = out_dir.join(format.file_name());
        write_atomic_with(&path, |out| write(*format, out))?;
        written.push(path);
        // The province table goes with the findings, for the same spreadsheet users.
        if *format == Format::Csv {
            let path = out_dir.join(PROVINCE_CSV);
            write_atomic(&path, province::csv(report, options.lang).as_bytes())?;
            written.push(path);
        }
        // Each webmaster's own report, beside the province's.
        if *format == Format::Html && options.split_sites {
            written.push(site_files()?);
        }
    }
    Ok(written)
}

/// Writes `sites/<file>.html` for every site of the report (the file names of
/// [`split::file_names`]), returning the folder.
///
/// # Errors
/// [`Error::Write`] when the folder or a file cannot be written.
pub fn write_site_files(
    report: &Report,
    out_dir: &Path,
    options: &RenderOptions<'_>,
) -> Result<PathBuf> {
    let dir = out_dir.join(split::SITES_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    for (index, name) in split::file_names(report).iter().enumerate() {
        let one = split::site_report(report, index);
        write_atomic_with(&dir.join(name), |out| html::write_site(&one, options, out))?;
    }
    Ok(dir)
}

/// Writes a file so that readers see the old or the new content, never half:
/// a temporary file in the same folder, then a rename.
///
/// # Errors
/// [`Error::Write`] on any I/O failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] with the content written by `write` into a buffered file.
///
/// # Errors
/// [`Error::Write`] on any I/O failure, `write`'s included.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
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
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()
    });
    if let Err(source) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(source));
    }
    std::fs::rename(&tmp, path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    remove_stale_temporaries(dir, &file_name);
    Ok(())
}

/// Removes `.<file_name>.<pid>.tmp` files this function left in `dir` when
/// its process was killed while writing (a `kill -9` during report writing
/// left 150 MB behind): only files of exactly that name whose process no
/// longer runs.
fn remove_stale_temporaries(dir: &Path, file_name: &str) {
    let prefix = format!(".{file_name}.");
    crate::process::remove_left_by_gone(dir, |name| {
        name.strip_prefix(&prefix)?
            .strip_suffix(".tmp")?
            .parse()
            .ok()
    });
}
