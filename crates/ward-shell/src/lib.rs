//! ward-shell: ward in front of what people type and what scripts run.
//!
//! Two front ends live here. The shell snippets (`ward init bash|zsh|fish`)
//! send every line a person types to `ward shell-check` before the shell runs
//! it. PATH shims are links named after guarded programs that point at the
//! ward binary; invoked under such a name, ward judges the argv and then runs
//! the real program found later in `PATH`.
//!
//! Layout:
//! - [`snippet`]: the supported shells and the snippet each one evals.
//! - [`marker`]: the one-shot `ward!` override marker.
//! - [`shim`]: installing, listing and removing shim links.
//! - [`lookup`]: shim detection from argv[0] and the real-program search
//!   that skips every shim.
//! - [`select`]: which guarded programs `shim install` links by default.
//! - [`error`]: what can go wrong.
//!
//! ```
//! use ward_shell::{Shell, marker};
//! let snippet = Shell::Bash.snippet("/usr/local/bin/ward");
//! assert!(snippet.contains("extdebug"));
//! assert_eq!(marker::strip_override("ward! rm -rf build"), Some("rm -rf build"));
//! assert_eq!(ward_shell::shim_name("/home/u/.ward/shims/rm"), Some("rm"));
//! assert_eq!(ward_shell::shim_name("/usr/bin/ward"), None);
//! ```
#![deny(missing_docs)]

pub mod error;
pub mod lookup;
pub mod marker;
pub mod select;
pub mod shim;
pub mod snippet;

pub use error::ShellError;
pub use lookup::{find_real, shim_name};
pub use select::{Candidate, Choice, select};
pub use shim::{ShimEntry, install, list, remove};
pub use snippet::Shell;
