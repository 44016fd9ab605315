//! The store's one error type; each message is one lowercase line.

use std::path::PathBuf;

/// Why the audit store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No usable location for the store (no `--store`, `WARD_HOME`, XDG dir or home).
    #[error("cannot find a place for the audit store: set `WARD_HOME` or pass `--store`")]
    NoHome,
    /// The store's directory or file could not be created or opened.
    #[error("cannot open audit store `{path}`: {source}")]
    Open {
        /// The store file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A store that must already exist does not.
    #[error("no audit store at `{0}` (nothing recorded yet)")]
    Missing(PathBuf),
    /// SQLite refused (locked past the timeout, read-only, corrupt, disk full, …).
    #[error("audit store `{path}`: {what}: {source}")]
    Sqlite {
        /// The store file.
        path: PathBuf,
        /// What the store was doing.
        what: &'static str,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer ward.
    #[error(
        "audit store `{path}` has schema version {found}, newer than this ward knows ({known}); upgrade ward"
    )]
    SchemaTooNew {
        /// The store file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// A stored row could not be decoded.
    #[error("audit store `{path}`: event {id} is malformed: {what}")]
    Malformed {
        /// The store file.
        path: PathBuf,
        /// The row's id.
        id: i64,
        /// What was wrong.
        what: String,
    },
    /// The last-known-tip sidecar could not be read or written.
    #[error("audit tip file `{path}`: {source}")]
    Tip {
        /// The sidecar file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The append journal could not be written or read.
    #[error("audit journal `{path}`: {source}")]
    Journal {
        /// The journal file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Shipping to a collector failed.
    #[error("{0}")]
    Ship(String),
    /// Writing an export or listing failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
