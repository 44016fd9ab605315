//! File paths from a payload, resolved against its cwd: `~` expanded, `.` and
//! `..` normalised, symlinks followed as far as the path exists, so
//! `src/../../.ssh/id_rsa` and a link into `~/.ssh` meet the same rules.

use std::path::{Component, Path, PathBuf};

/// How deep ward follows a chain of dangling symlinks.
const MAX_LINKS: usize = 16;

/// A path in both spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Absolute, `.`/`..` removed by text alone (what the agent named).
    pub lexical: String,
    /// Absolute, symlinks followed through the part that exists (what the
    /// write or read would touch).
    pub real: String,
}

/// Resolves `path` against `cwd`, expanding a leading `~` to `home`.
pub fn resolve(path: &str, cwd: &str, home: &str) -> Resolved {
    let joined = absolute(path, cwd, home);
    let lexical = normalise(&joined);
    let real = real(&joined, 0);
    Resolved {
        lexical: lexical.to_string_lossy().into_owned(),
        real: real.to_string_lossy().into_owned(),
    }
}

fn absolute(path: &str, cwd: &str, home: &str) -> PathBuf {
    let expanded = if path == "~" {
        PathBuf::from(home)
    } else if let Some(rest) = path.strip_prefix("~/") {
        Path::new(home).join(rest)
    } else {
        PathBuf::from(path)
    };
    if expanded.is_absolute() {
        expanded
    } else {
        Path::new(cwd).join(expanded)
    }
}

/// Removes `.` and `..` by text; `..` at the root stays at the root.
pub fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in p.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

/// Follows symlinks through the longest prefix of `p` that exists, then
/// appends the rest by text. A dangling symlink is followed to its target.
fn real(p: &Path, depth: usize) -> PathBuf {
    let comps: Vec<Component<'_>> = p.components().collect();
    for k in (1..=comps.len()).rev() {
        let prefix: PathBuf = comps.iter().take(k).collect();
        let rest = comps.iter().skip(k);
        let base = match std::fs::canonicalize(&prefix) {
            Ok(c) => c,
            Err(_) => match std::fs::read_link(&prefix) {
                // A link whose target does not exist (yet): writing through it
                // creates the target, so judge the target.
                Ok(target) if depth < MAX_LINKS => {
                    let parent = prefix.parent().unwrap_or(Path::new("/"));
                    real(&parent.join(target), depth + 1)
                }
                _ => continue,
            },
        };
        let mut out = base;
        for c in rest {
            match c {
                Component::Normal(n) => out.push(n),
                Component::ParentDir => {
                    out.pop();
                }
                _ => {}
            }
        }
        return normalise(&out);
    }
    normalise(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("src/../../.ssh/id_rsa", "/home/u/p", "/home/u/.ssh/id_rsa")]
    #[case("./a/./b", "/w", "/w/a/b")]
    #[case("/etc/../etc/passwd", "/w", "/etc/passwd")]
    #[case("../../../../..", "/w/x", "/")]
    #[case("~/.aws/credentials", "/w", "/home/u/.aws/credentials")]
    #[case("~", "/w", "/home/u")]
    fn resolves_lexically(#[case] path: &str, #[case] cwd: &str, #[case] want: &str) {
        assert_eq!(resolve(path, cwd, "/home/u").lexical, want);
    }

    #[test]
    fn follows_symlinks_in_existing_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("home/.ssh")).unwrap();
        std::fs::create_dir_all(root.join("proj")).unwrap();
        std::os::unix::fs::symlink(root.join("home/.ssh"), root.join("proj/keys")).unwrap();
        let cwd = root.join("proj");
        let r = resolve("keys/id_rsa", cwd.to_str().unwrap(), "/nohome");
        assert_eq!(r.real, root.join("home/.ssh/id_rsa").to_string_lossy());
        assert_eq!(r.lexical, root.join("proj/keys/id_rsa").to_string_lossy());
    }

    #[test]
    fn follows_dangling_symlink_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("home/.ssh")).unwrap();
        std::os::unix::fs::symlink(
            root.join("home/.ssh/authorized_keys"),
            root.join("innocent.txt"),
        )
        .unwrap();
        let r = resolve("innocent.txt", root.to_str().unwrap(), "/nohome");
        assert_eq!(
            r.real,
            root.join("home/.ssh/authorized_keys").to_string_lossy()
        );
    }

    #[test]
    fn symlink_loop_terminates() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::os::unix::fs::symlink(root.join("b"), root.join("a")).unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
        let r = resolve("a/x", root.to_str().unwrap(), "/nohome");
        assert!(r.real.starts_with('/'));
    }

    proptest::proptest! {
        #[test]
        fn lexical_is_absolute_and_clean(p in "[a-z./~]{0,40}") {
            let r = resolve(&p, "/w/p", "/home/u");
            proptest::prop_assert!(r.lexical.starts_with('/'));
            proptest::prop_assert!(!r.lexical.split('/').any(|c| c == ".." || c == "."));
        }
    }
}
