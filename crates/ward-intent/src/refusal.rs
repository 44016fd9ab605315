//! Why a request was refused.

use thiserror::Error;

/// The kind of a refusal, stable for scripts (`--json` prints its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The request holds shell syntax or control characters.
    ShellSyntax,
    /// A word of the request looks like a command-line option.
    OptionInjection,
    /// A target, port, user or path failed its validator.
    Invalid,
    /// A target is not authorised by the scope.
    OutOfScope,
    /// Something the intent needs was not given.
    Missing,
    /// No intent matches the request.
    Unknown,
    /// Several intents match equally well.
    Ambiguous,
    /// The request asks for contradicting things.
    Conflict,
    /// The request gives something the intent does not take.
    Unused,
}

impl RefusalKind {
    /// The kind's name, as printed under `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalKind::ShellSyntax => "shell_syntax",
            RefusalKind::OptionInjection => "option_injection",
            RefusalKind::Invalid => "invalid",
            RefusalKind::OutOfScope => "out_of_scope",
            RefusalKind::Missing => "missing",
            RefusalKind::Unknown => "unknown",
            RefusalKind::Ambiguous => "ambiguous",
            RefusalKind::Conflict => "conflict",
            RefusalKind::Unused => "unused",
        }
    }
}

/// A refused request: what kind, why, and which intents come closest.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct Refusal {
    /// The kind of refusal.
    pub kind: RefusalKind,
    /// What is wrong, naming the offending input in backticks.
    pub message: String,
    /// The closest intents, each with an example request.
    pub suggestions: Vec<String>,
}

impl Refusal {
    /// A refusal without suggestions.
    pub fn new(kind: RefusalKind, message: impl Into<String>) -> Self {
        Refusal {
            kind,
            message: message.into(),
            suggestions: Vec::new(),
        }
    }
}
