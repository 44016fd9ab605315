//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in ward-trust.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or device could not be read or written.
    #[error("cannot access `{path}`: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input line could not be understood.
    #[error("{what} line {line}: {reason}")]
    Parse {
        /// Which input (a file name or a format).
        what: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
    /// A file could not be removed.
    #[error("cannot remove `{path}`: {source}")]
    Remove {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Input devices need the `input` group.
    #[error("no permission to read `{0}`: add yourself to the `input` group (or run as root)")]
    Permission(PathBuf),
    /// Not enough data to enrol or evaluate.
    #[error("not enough data: {0}")]
    NotEnough(String),
    /// A profile file is malformed or from another version.
    #[error("bad profile `{path}`: {reason}")]
    Profile {
        /// The profile path.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::PermissionDenied {
            return Error::Permission(path);
        }
        Error::Io { path, source }
    }
}
