//! ward-core: turn what an actor wants to do into one typed [`Action`], and
//! judge it with one compiled [`Policy`].
//!
//! Layout:
//! - [`action`]: `Action`, `Context`, `Actor`, simple commands and their effects.
//! - [`shell`]: shell text → simple commands (syntax trees from a hand
//!   parser or tree-sitter-bash, wrappers,
//!   nested `sh -c`, substitutions, heredocs), with effect extractors.
//! - [`paths`]: path classes (root, home, system, device, secret, project, …).
//! - [`policy`]: the TOML policy language, compiler, layering and evaluator,
//!   including `[[allow_exact]]` (exact command texts always allowed).
//! - [`decision`]: `Decision` (allow < ask < deny) and `Verdict`.
//!
//! ```
//! use ward_core::{Action, Actor, Context, Decision, Policy, shell};
//! let policy = Policy::embedded();
//! let ctx = Context { actor: Actor::Agent("claude".into()), interactive: false,
//!                     cwd: "/work/p".into(), home: "/home/u".into(), trust: None };
//! let verdict = policy.evaluate(&Action::Command(shell::parse("rm -rf ~")), &ctx);
//! assert_eq!(verdict.decision, Decision::Deny);
//! let verdict = policy.evaluate(&Action::Command(shell::parse("ls -la")), &ctx);
//! assert_eq!(verdict.decision, Decision::Allow);
//! ```
#![deny(missing_docs)]

pub mod action;
mod automata;
pub mod decision;
pub mod paths;
pub mod policy;
pub mod shell;

pub use action::{
    Action, Actor, CommandLine, Context, Effect, PathClass, SimpleCommand, Text, TrustLevel,
};
pub use decision::{Decision, RuleMatch, Verdict};
pub use policy::{Layer, Policy, PolicyError};
