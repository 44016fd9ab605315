//! What can go wrong, named for the person reading it.

use std::path::PathBuf;

/// An error of a shadow operation.
#[derive(Debug, thiserror::Error)]
pub enum ShadowError {
    /// A filesystem operation failed.
    #[error("cannot {what} `{}`: {source}", path.display())]
    Io {
        /// What was being done (`read`, `create`, …).
        what: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// No shadow of that name exists.
    #[error("no shadow named `{0}` (see `ward shadow list`)")]
    NoSuchShadow(String),
    /// A name ward cannot use as a directory name.
    #[error(
        "invalid shadow name `{0}`: use letters, digits, `.`, `_` and `-`, not starting with `.`"
    )]
    BadName(String),
    /// A shadow of that name already shadows another tree.
    #[error("shadow `{name}` already shadows `{}`; pick another `--name`", project.display())]
    OtherProject {
        /// The shadow's name.
        name: String,
        /// The tree it shadows.
        project: PathBuf,
    },
    /// The shadow is mounted by a running `ward shadow run`.
    #[error("shadow `{0}` is in use by a running `ward shadow run`; try again when it has exited")]
    Busy(String),
    /// The kernel or system cannot give a namespace or an overlay.
    #[error("{0}")]
    Unavailable(String),
    /// The shadow's own files are damaged.
    #[error("the shadow's record `{}` is damaged: {why}", path.display())]
    Damaged {
        /// The damaged file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// A request ward cannot carry out as asked.
    #[error("{0}")]
    Refused(String),
}

impl ShadowError {
    /// An [`ShadowError::Io`] for `path`.
    pub fn io(what: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| ShadowError::Io { what, path, source }
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, ShadowError>;
