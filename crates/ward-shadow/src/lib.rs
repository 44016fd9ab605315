//! ward-shadow: a shadow workspace. A command (an AI agent, a shell) runs
//! in a new user + mount namespace where the project is an overlayfs mount:
//! the real tree below, a persistent staging dir above. Nothing it writes
//! reaches the real tree until a person applies it; applying checks each
//! file for conflicts, asks the caller's gate (ward's policy) about it, and
//! lands it atomically.
//!
//! Layout:
//! - [`state`]: where a shadow lives, its lock, listing and removal.
//! - [`base`]: the real files' stamps, for conflict detection.
//! - [`ns`]: entering the namespace, mounting, exec'ing the command.
//! - [`changes`]: the staged change set read from the upper dir.
//! - [`render`]: unified diff, `--stat`, listings.
//! - [`apply`]: apply (conflicts, gate, atomic writes) and discard.
//! - `land`: putting approved items in the real tree (hard links, one sync).
//! - [`fsio`]: atomic writes and overlay markers.
//!
//! ```
//! use ward_shadow::{Shadow, apply, changes};
//! let state = tempfile::tempdir().unwrap();
//! let project = tempfile::tempdir().unwrap();
//! let real = project.path().canonicalize().unwrap();
//! std::fs::write(real.join("a.txt"), "old\n").unwrap();
//! let s = Shadow::open_or_create(state.path(), "demo", &real).unwrap();
//! // What a command in the shadow would leave in the upper dir:
//! std::fs::write(s.upper().join("a.txt"), "new\n").unwrap();
//! let staged = changes::scan(&s.upper(), &s.project).unwrap();
//! assert_eq!(staged.len(), 1);
//! let done = apply::apply(&s, &[], &mut |_: &apply::Item| apply::Gate::Apply).unwrap();
//! assert_eq!(done.applied.len(), 1);
//! assert_eq!(std::fs::read_to_string(real.join("a.txt")).unwrap(), "new\n");
//! ```
#![deny(missing_docs)]

pub mod apply;
pub mod base;
pub mod changes;
pub mod error;
pub mod fsio;
mod land;
pub mod ns;
pub mod render;
pub mod state;

pub use apply::{Gate, Item, Op, Outcome};
pub use changes::{Change, ChangeKind};
pub use error::{Result, ShadowError};
pub use state::Shadow;
