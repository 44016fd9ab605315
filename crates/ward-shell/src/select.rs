//! Which programs `ward shim install` links by default.
//!
//! A shim costs a policy decision and a record on every call, so the default
//! set is narrow: programs that the policy's deny or ask rules name, that
//! are real executables on `PATH` (not SQL words like `DROP`, shell builtins
//! like `history`, or names nothing provides), and that are not everyday
//! tools that builds and scripts run hundreds of times (interpreters,
//! package managers, `find`, `mv`). Those are still judged whole by the
//! shell integration and the agent hooks; `--all` shims them too.

use crate::lookup::find_real;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Everyday tools left out of the default set (the cost of a shim on every
/// build step outweighs what it adds to the shell and hook checks).
pub const EVERYDAY: &[&str] = &[
    "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "deno", "bun", "php", "java",
    "npm", "pnpm", "yarn", "cargo", "gem", "twine", "find", "mv", "cp", "ln", "mkdir", "sed",
    "awk", "make", "sh", "bash",
];

/// A program the policy guards, with the rules that name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The program's name.
    pub program: String,
    /// Ids of the deny/ask rules that name it.
    pub rules: Vec<String>,
}

/// What the selection decided for one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Linked: the real program it stands in front of.
    Link(PathBuf),
    /// Not on `PATH` as an executable (a builtin, an SQL word, not installed).
    NotOnPath,
    /// An everyday tool, shimmed only with `--all` or by name.
    Everyday,
}

/// Decides each candidate: link it when `all` is set, else only when it is
/// a real executable on `path_var` (skipping `ward_exe` and `shim_dirs`,
/// exactly as a shim finds its program) and not an [`EVERYDAY`] tool.
pub fn select(
    candidates: &[Candidate],
    path_var: &OsStr,
    ward_exe: &Path,
    shim_dirs: &[PathBuf],
    all: bool,
) -> Vec<(Candidate, Choice)> {
    candidates
        .iter()
        .map(|c| {
            let choice = match find_real(&c.program, path_var, ward_exe, shim_dirs) {
                // The wide set: linked whether or not anything provides it yet.
                real if all => Choice::Link(real.unwrap_or_default()),
                None => Choice::NotOnPath,
                Some(_) if EVERYDAY.contains(&c.program.as_str()) => Choice::Everyday,
                Some(real) => Choice::Link(real),
            };
            (c.clone(), choice)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn exe(dir: &Path, name: &str) {
        let p = dir.join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    fn cand(p: &str) -> Candidate {
        Candidate {
            program: p.into(),
            rules: vec![format!("{p}.rule")],
        }
    }

    #[test]
    fn shim_install_default_set_is_real_guarded_executables() {
        let bin = tempfile::tempdir().unwrap();
        for p in ["rm", "kubectl", "python3", "cargo", "find", "mv"] {
            exe(bin.path(), p);
        }
        let names = [
            "rm", "kubectl", "python3", "cargo", "find", "mv", "DROP", "FLUSHALL", "history",
            "unset",
        ];
        let cands: Vec<Candidate> = names.iter().map(|p| cand(p)).collect();
        let path = bin.path().as_os_str();
        let ward = Path::new("/nonexistent/ward");
        let picked = select(&cands, path, ward, &[], false);
        let linked: Vec<&str> = picked
            .iter()
            .filter(|(_, c)| matches!(c, Choice::Link(_)))
            .map(|(c, _)| c.program.as_str())
            .collect();
        assert_eq!(linked, ["rm", "kubectl"]);
        for (c, choice) in &picked {
            match c.program.as_str() {
                "DROP" | "FLUSHALL" | "history" | "unset" => {
                    assert_eq!(*choice, Choice::NotOnPath, "{}", c.program);
                }
                "python3" | "cargo" | "find" | "mv" => {
                    assert_eq!(*choice, Choice::Everyday, "{}", c.program);
                }
                _ => assert_eq!(*choice, Choice::Link(bin.path().join(&c.program))),
            }
        }
        // `--all` links the wide set, as before.
        let all = select(&cands, path, ward, &[], true);
        assert!(all.iter().all(|(_, c)| matches!(c, Choice::Link(_))));
    }
}
