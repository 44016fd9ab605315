//! Shim detection and the search for the real program behind a shim.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The program a shim stands for, from argv[0]: its basename, unless that is
/// `ward` itself (then ward runs as its normal command line).
pub fn shim_name(argv0: &str) -> Option<&str> {
    let base = argv0.rsplit('/').next()?;
    (!base.is_empty() && base != "ward" && base != "." && base != "..").then_some(base)
}

/// The real `program` a shim stands for: the first executable named
/// `program` in `path_var` that is not ward itself.
///
/// A directory is skipped when it resolves to one of `shim_dirs`, and a
/// candidate is skipped when it resolves to `ward_exe`: so listing the shim
/// directory twice, under another spelling, or through a symlink never loops
/// back into ward; a link to any other binary named `ward` is skipped too
/// (a shim made by another ward build). Empty `PATH` entries (the current directory) are skipped:
/// a shim never runs a program from wherever the caller happens to be.
pub fn find_real(
    program: &str,
    path_var: &OsStr,
    ward_exe: &Path,
    shim_dirs: &[PathBuf],
) -> Option<PathBuf> {
    if program.is_empty() || program.contains('/') {
        return None;
    }
    let ward_exe = ward_exe
        .canonicalize()
        .unwrap_or_else(|_| ward_exe.to_path_buf());
    for dir in std::env::split_paths(path_var) {
        if dir.as_os_str().is_empty() || !dir.is_absolute() {
            continue;
        }
        // Resolving a directory costs syscalls; only pay it when there are shim dirs to skip.
        if !shim_dirs.is_empty() && dir.canonicalize().is_ok_and(|d| shim_dirs.contains(&d)) {
            continue;
        }
        let candidate = dir.join(program);
        let Ok(meta) = candidate.metadata() else {
            continue;
        };
        if !meta.is_file() || meta.permissions().mode() & 0o111 == 0 {
            continue;
        }
        // A link to any ward binary is another shim, never the real program.
        let links_to_ward = std::fs::read_link(&candidate)
            .is_ok_and(|t| t.file_name().is_some_and(|n| n == "ward"));
        match candidate.canonicalize() {
            Ok(real) if real == ward_exe => continue,
            _ if links_to_ward => continue,
            Ok(_) | Err(_) => return Some(candidate),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::os::unix::fs::symlink;

    #[rstest]
    #[case("rm", Some("rm"))]
    #[case("/home/u/.local/state/ward/shims/git", Some("git"))]
    #[case("./shims/kubectl", Some("kubectl"))]
    #[case("ward", None)]
    #[case("/usr/local/bin/ward", None)]
    #[case("", None)]
    #[case("/usr/bin/", None)]
    fn names_shims_by_basename(#[case] argv0: &str, #[case] want: Option<&str>) {
        assert_eq!(shim_name(argv0), want);
    }

    fn exe(path: &Path) {
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn skips_shims_listed_twice_and_through_symlinks() {
        let t = tempfile::tempdir().unwrap();
        let ward = t.path().join("ward");
        exe(&ward);
        let shims = t.path().join("shims");
        std::fs::create_dir(&shims).unwrap();
        symlink(&ward, shims.join("rm")).unwrap();
        let alias = t.path().join("alias");
        symlink(&shims, &alias).unwrap();
        let bin = t.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        exe(&bin.join("rm"));
        let path = std::env::join_paths([&shims, &alias, &shims, &bin]).unwrap();
        let found = find_real("rm", &path, &ward, &[]).unwrap();
        assert_eq!(found, bin.join("rm"));
        // Naming the shim dir skips it even when its links do not point at ward.
        let shim_canon = shims.canonicalize().unwrap();
        assert_eq!(
            find_real("rm", &path, Path::new("/nonexistent"), &[shim_canon]),
            Some(bin.join("rm"))
        );
    }

    #[test]
    fn finds_nothing_when_only_shims_exist() {
        let t = tempfile::tempdir().unwrap();
        let ward = t.path().join("ward");
        exe(&ward);
        symlink(&ward, t.path().join("rm")).unwrap();
        let path = std::env::join_paths([t.path(), t.path()]).unwrap();
        assert_eq!(find_real("rm", &path, &ward, &[]), None);
    }

    #[test]
    fn skips_non_executables_relative_dirs_and_paths() {
        let t = tempfile::tempdir().unwrap();
        let bin = t.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::write(bin.join("tool"), "data").unwrap();
        let path = std::env::join_paths([Path::new(""), Path::new("rel"), &bin]).unwrap();
        let ward = t.path().join("ward");
        assert_eq!(find_real("tool", &path, &ward, &[]), None);
        assert_eq!(find_real("../tool", &path, &ward, &[]), None);
        exe(&bin.join("tool"));
        assert_eq!(find_real("tool", &path, &ward, &[]), Some(bin.join("tool")));
    }
}
