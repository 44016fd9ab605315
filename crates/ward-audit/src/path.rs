//! Where the store lives: `--store` > `$WARD_HOME/audit.db` >
//! `$XDG_STATE_HOME/ward/audit.db` > `~/.local/state/ward/audit.db`.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The store file name inside `WARD_HOME` or the XDG state dir.
pub const FILE_NAME: &str = "audit.db";

/// Resolves the store path from an explicit `--store` and the environment.
pub fn resolve_path(explicit: Option<&Path>) -> Result<PathBuf> {
    resolve_with(explicit, |k| std::env::var_os(k))
}

fn resolve_with(
    explicit: Option<&Path>,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    // Empty values count as unset, as the XDG spec says.
    let var = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(home) = var("WARD_HOME") {
        return Ok(home.join(FILE_NAME));
    }
    if let Some(state) = var("XDG_STATE_HOME").filter(|p| p.is_absolute()) {
        return Ok(state.join("ward").join(FILE_NAME));
    }
    var("HOME")
        .map(|h| h.join(".local/state/ward").join(FILE_NAME))
        .ok_or(Error::NoHome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.into())
    }

    #[test]
    fn precedence() {
        let all = [
            ("WARD_HOME", "/w"),
            ("XDG_STATE_HOME", "/x"),
            ("HOME", "/h"),
        ];
        let got = resolve_with(Some(Path::new("/s.db")), env(&all)).unwrap();
        assert_eq!(got, PathBuf::from("/s.db"));
        assert_eq!(
            resolve_with(None, env(&all)).unwrap(),
            PathBuf::from("/w/audit.db")
        );
        let got = resolve_with(None, env(&all[1..])).unwrap();
        assert_eq!(got, PathBuf::from("/x/ward/audit.db"));
        let got = resolve_with(None, env(&all[2..])).unwrap();
        assert_eq!(got, PathBuf::from("/h/.local/state/ward/audit.db"));
        let rel = [("XDG_STATE_HOME", "rel"), ("HOME", "/h")];
        let got = resolve_with(None, env(&rel)).unwrap();
        assert_eq!(got, PathBuf::from("/h/.local/state/ward/audit.db"));
        assert!(matches!(resolve_with(None, env(&[])), Err(Error::NoHome)));
    }
}
