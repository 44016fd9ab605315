//! The usage profile: how a person normally works, learned from ward's own
//! audit trail, as a second trust signal beside keystrokes and mouse.
//!
//! Each recorded action becomes a [`UsageAction`] (programs and subcommands,
//! argument *shapes* rather than values, the working-directory tree, the hour
//! and weekday, the actor, sensitive effects). A [`UsageProfile`] keeps
//! exponentially decayed counts of each, bounded in size, updated one action
//! at a time; [`UsageProfile::score`] says how novel a new action is and why,
//! and [`combine`] merges that with the keystroke/mouse state.
//!
//! Layout:
//! - `decay`: [`Decayed`], a weight that halves every half-life.
//! - `profile`: [`UsageProfile`], its incremental update and eviction.
//! - `score`: [`UsageScore`], [`UsageReason`], [`UsageLevel`].
//! - `combine`: the documented table that merges the two signals.

mod combine;
mod decay;
mod profile;
mod score;

pub use combine::combine;
pub use decay::Decayed;
pub use profile::{Limits, ProgramStats, UsageProfile, usage_path};
pub use score::{UsageLevel, UsageReason, UsageScore};

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch (UTC).
pub type Seconds = i64;

/// One program a recorded action ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramUse {
    /// The program's basename.
    pub program: String,
    /// Its first operand when it names a subcommand (`git push` → `push`).
    pub sub: Option<String>,
    /// The shape of its arguments, never their values: `f2 o1` = two flags, one operand.
    pub shape: String,
}

/// One recorded action, reduced to what the profile keeps (no command text,
/// no argument values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageAction {
    /// The audit event id it came from (0 when scored before recording).
    pub id: i64,
    /// When it happened.
    pub time: Seconds,
    /// The programs it ran, first first (at most [`MAX_PROGRAMS_PER_ACTION`]).
    pub programs: Vec<ProgramUse>,
    /// The working directory's tree: its first two components under the home
    /// directory (`~/src/ward`) or under `/` (`/etc/nginx`).
    pub dir: String,
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// Sensitive effects (`read-secret`, `egress`, `runs-remote-code`, …).
    pub sensitive: Vec<String>,
}

/// Programs of one action the profile looks at (a long pipeline adds no more).
pub const MAX_PROGRAMS_PER_ACTION: usize = 8;

/// The shape of an argument list: counts of flags and operands, no values.
pub fn arg_shape<'a>(args: impl IntoIterator<Item = &'a str>) -> String {
    let (mut flags, mut operands) = (0u32, 0u32);
    for a in args {
        if a.len() > 1 && a.starts_with('-') {
            flags += 1;
        } else {
            operands += 1;
        }
    }
    format!("f{} o{}", flags.min(9), operands.min(9))
}

/// The directory tree of `cwd` as the profile keeps it: two components under
/// `home` (as `~/a/b`) or under `/`.
pub fn dir_tree(cwd: &str, home: &str) -> String {
    let (prefix, rest) = match cwd.strip_prefix(home).filter(|_| !home.is_empty()) {
        Some(r) if r.is_empty() || r.starts_with('/') => ("~", r),
        _ => ("", cwd),
    };
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).take(2).collect();
    match (prefix, parts.is_empty()) {
        ("~", true) => "~".to_owned(),
        (_, true) => "/".to_owned(),
        (p, false) => format!("{p}/{}", parts.join("/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_tree_keeps_two_components() {
        assert_eq!(
            dir_tree("/home/u/src/ward/crates/x", "/home/u"),
            "~/src/ward"
        );
        assert_eq!(dir_tree("/home/u", "/home/u"), "~");
        assert_eq!(dir_tree("/home/user2/x", "/home/u"), "/home/user2");
        assert_eq!(dir_tree("/etc/nginx/sites", "/home/u"), "/etc/nginx");
        assert_eq!(dir_tree("/", "/home/u"), "/");
    }

    #[test]
    fn arg_shape_counts_without_values() {
        assert_eq!(arg_shape(["-rf", "/tmp/x"]), "f1 o1");
        assert_eq!(arg_shape(["push", "--force", "origin", "main"]), "f1 o3");
        assert_eq!(arg_shape(["-"]), "f0 o1");
    }
}
