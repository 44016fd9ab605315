//! Errors of the shell integration and the shims.

use std::path::PathBuf;

/// What can go wrong while managing shims or choosing a shell.
#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// The shell name is not one ward has a snippet for.
    #[error("unknown shell `{0}` (expected bash, zsh or fish)")]
    UnknownShell(String),
    /// A program name cannot be a shim (empty, a path, `.`/`..`, or `ward`).
    #[error("`{0}` cannot be a shim name")]
    BadProgram(String),
    /// A file that is not a ward shim is in the way.
    #[error("`{}` exists and is not a ward shim; not touching it", .0.display())]
    NotAShim(PathBuf),
    /// A file-system operation failed.
    #[error("cannot {what} `{}`: {source}", path.display())]
    Io {
        /// What was being done (`create`, `read`, `remove`, …).
        what: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl ShellError {
    pub(crate) fn io(
        what: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_path_buf();
        move |source| Self::Io { what, path, source }
    }
}
