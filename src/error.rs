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
    /// A command-line value is invalid.
    #[error("{0}")]
    Usage(String),
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
}

impl Error {
    /// Whether this is a usage error or a run failure.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Ruleset { .. } | Error::Config { .. } | Error::Usage(_) | Error::Read { .. } => {
                ErrorKind::Usage
            }
            Error::Write { .. }
            | Error::NothingAudited(_)
            | Error::Client(_)
            | Error::Store { .. } => ErrorKind::Run,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
