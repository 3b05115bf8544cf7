//! The library's typed errors. A finding is never an error: an error means the
//! tool could not do what was asked (bad usage or configuration, nothing to audit,
//! output not writable). `main.rs` turns these into messages and exit codes.

use std::path::PathBuf;

/// Whether an error is the user's input or the run's circumstances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad usage or configuration (exit code 2).
    Usage,
    /// The audit could not run (exit code 3).
    Run,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A ruleset file is malformed or refers to something unknown.
    #[error("ruleset {file}: {message}")]
    Ruleset {
        /// The file (or `embedded:<name>`).
        file: String,
        /// What is wrong, with line and column when known.
        message: String,
    },
    /// A configuration file is malformed.
    #[error("config {file}: {message}")]
    Config {
        /// The file.
        file: String,
        /// What is wrong, with line and column when known.
        message: String,
    },
    /// A report or baseline file is not one this version reads.
    #[error("report {file}: {message}")]
    Report {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A command-line value is invalid (free text, in English: prefer a typed
    /// variant below, which `main.rs` says in the user's language).
    #[error("{0}")]
    Usage(String),
    /// `--rule` names no rule.
    #[error("unknown rule id `{0}`; `portal-audit rules` lists the ids")]
    UnknownRule(String),
    /// `--format` names no format.
    #[error("unknown report format `{name}` (known: {known})")]
    UnknownFormat {
        /// The name given.
        name: String,
        /// The formats, comma-separated.
        known: String,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("{option} `{text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-06-30")]
    BadDate {
        /// Where it was given (`--as-of`, `as_of`).
        option: String,
        /// The text given.
        text: String,
    },
    /// A portal address without `http://` or `https://`.
    #[error("`{0}` has no scheme: write it as https://{0} (or http:// for a site without HTTPS)")]
    NoScheme(String),
    /// `audit` without a URL, configuration or `--resume`.
    #[error("give the portal's URL, --config FILE, or --resume")]
    NoTarget,
    /// A file that would be overwritten without `--force`.
    #[error("{} already exists: add --force to overwrite it, or write elsewhere with --output FILE", .0.display())]
    Exists(PathBuf),
    /// `--role` names no role.
    #[error("unknown role `{role}`; known roles: {known}{}", .suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownRole {
        /// The role given.
        role: String,
        /// The roles, comma-separated.
        known: String,
        /// The known role it most likely means.
        suggestion: Option<String>,
    },
    /// A `check` input that is neither a file, a folder nor an http(s) URL.
    #[error(
        "`{0}` does not exist (give an HTML file, a folder, or a URL with http:// or https://)"
    )]
    NoInput(String),
    /// A `check` URL with another scheme.
    #[error("`{0}`: only http:// and https:// URLs can be checked")]
    UnsupportedScheme(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Output could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not a single input could be audited.
    #[error("nothing could be audited: {0}")]
    NothingAudited(String),
    /// The audit store could not be read or written.
    #[error("store {path}: {message}")]
    Store {
        /// The SQLite file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The network client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    /// `--render chromium` (or `[crawl] render`) without a Chromium to run.
    #[error("browser mode: {0}")]
    NoBrowser(String),
    /// `--store` names a file that is not a portal-audit store: it is never
    /// replaced.
    #[error("{} is not a portal-audit store: it is left as it is; give another --store", .0.display())]
    NotAStore(PathBuf),
    /// `--shard` that is not `I/N` with `0 ≤ I < N`.
    #[error("--shard `{0}`: write it as I/N with 0 ≤ I < N, e.g. 0/4 for the first of four shards")]
    BadShard(String),
    /// `--sites` names a site the configuration does not have.
    #[error("--sites: the configuration has no site `{name}`; its sites: {known}")]
    UnknownSite {
        /// The name given.
        name: String,
        /// The configuration's site ids, comma-separated.
        known: String,
    },
    /// `merge` was given reports that are not parts of one audit.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// `--resume` where no audit was started with this store.
    #[error("{}: no audit was started with this store, so there is nothing to resume: start it again with the command that started it, without --resume (portal-audit audit <URL | --config FILE> --out DIR)", .0.display())]
    NothingToResume(PathBuf),
    /// `--resume` of an audit stopped before its store was made.
    #[error("{}: the audit was stopped before its store was made, so there is nothing to resume: start it again with the command that started it, without --resume (portal-audit audit <URL | --config FILE> --out DIR)", .0.display())]
    StoppedBeforeStore(PathBuf),
    /// A new audit over a store that holds an unfinished one.
    #[error("{} holds an unfinished audit: continue it with --resume, or delete the file (or give another --store) to start afresh", .0.display())]
    UnfinishedStore(PathBuf),
    /// Another run holds the store's lock.
    #[error("another run is using this store (pid {pid}): {}", path.display())]
    StoreInUse {
        /// The store.
        path: PathBuf,
        /// The process holding it, as it wrote it in the lock file.
        pid: String,
    },
}

impl Error {
    /// Whether this is a usage error or a run failure.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Ruleset { .. }
            | Error::Config { .. }
            | Error::Report { .. }
            | Error::Usage(_)
            | Error::UnknownRule(_)
            | Error::UnknownFormat { .. }
            | Error::BadDate { .. }
            | Error::NoScheme(_)
            | Error::NoTarget
            | Error::Exists(_)
            | Error::UnknownRole { .. }
            | Error::NoInput(_)
            | Error::UnsupportedScheme(_)
            | Error::Read { .. }
            | Error::NotAStore(_)
            | Error::BadShard(_)
            | Error::UnknownSite { .. }
            | Error::Merge(_)
            | Error::NothingToResume(_)
            | Error::StoppedBeforeStore(_)
            | Error::UnfinishedStore(_)
            | Error::StoreInUse { .. } => ErrorKind::Usage,
            Error::Write { .. }
            | Error::NothingAudited(_)
            | Error::Client(_)
            | Error::NoBrowser(_)
            | Error::Store { .. } => ErrorKind::Run,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What makes reports not parts of one audit.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No report given.
    #[error("merge: give the report.json of every shard")]
    Nothing,
    /// A report differs from the first in something a single run has once.
    #[error(
        "{file} cannot be merged with {first}: its {} is `{theirs}`, the first report's is `{ours}`",
        .field.en()
    )]
    Differs {
        /// The report that differs.
        file: String,
        /// The first report.
        first: String,
        /// What differs.
        field: MergeField,
        /// The first report's value.
        ours: String,
        /// This report's value.
        theirs: String,
    },
    /// A site audited in two reports.
    #[error(
        "site `{site}` is in both {first} and {second}: each site belongs to one shard; merge the reports of one split"
    )]
    Overlap {
        /// The site id.
        site: String,
        /// One report.
        first: String,
        /// The other.
        second: String,
    },
    /// A shard of the split is not among the reports.
    #[error(
        "shard {shard} is missing: give the report.json of each shard 0/{count} … {last}/{count} once"
    )]
    MissingShard {
        /// The shard missing (`I/N`).
        shard: String,
        /// How many shards the split has.
        count: u32,
        /// The last shard's index.
        last: u32,
    },
    /// A shard of the split given twice.
    #[error(
        "shard {shard} is given twice: give the report.json of each shard 0/{count} … {last}/{count} once"
    )]
    TwiceShard {
        /// The shard given twice (`I/N`).
        shard: String,
        /// How many shards the split has.
        count: u32,
        /// The last shard's index.
        last: u32,
    },
}

/// What two reports of one audit must share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeField {
    /// The tool's version.
    Version,
    /// The report format.
    Format,
    /// `check` or `audit`.
    Command,
    /// The ruleset files.
    Rulesets,
    /// The reference date.
    AsOf,
    /// The legal profiles applied.
    Profiles,
    /// The gate's threshold, tolerance, baseline and counting.
    Gate,
    /// The configuration's sites.
    Configuration,
    /// The number of shards.
    Shards,
    /// The province.
    Province,
}

impl MergeField {
    /// The key of its name in `messages.toml` (`merge-field.<id>`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            MergeField::Version => "version",
            MergeField::Format => "format",
            MergeField::Command => "command",
            MergeField::Rulesets => "rulesets",
            MergeField::AsOf => "as-of",
            MergeField::Profiles => "profiles",
            MergeField::Gate => "gate",
            MergeField::Configuration => "configuration",
            MergeField::Shards => "shards",
            MergeField::Province => "province",
        }
    }

    /// Its name in English (the error's `Display`).
    #[must_use]
    pub fn en(self) -> &'static str {
        match self {
            MergeField::Version => "portal-audit version",
            MergeField::Format => "report format",
            MergeField::Command => "command",
            MergeField::Rulesets => "ruleset files",
            MergeField::AsOf => "reference date (--as-of)",
            MergeField::Profiles => "legal profiles",
            MergeField::Gate => "gate (--fail-on, --max-findings, --baseline, --gate-by)",
            MergeField::Configuration => "configuration (its sites)",
            MergeField::Shards => "number of shards",
            MergeField::Province => "province",
        }
    }
}
