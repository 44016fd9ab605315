//! Confining scan paths to the configured roots: `..` and symlinks are
//! resolved first, so neither can lead outside.

use crate::error::ApiError;
use axum::http::StatusCode;
use std::path::{Path, PathBuf};

/// Canonicalises each root; a root that does not exist is a startup error.
pub fn canonical_roots(roots: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    roots
        .iter()
        .map(|r| {
            std::fs::canonicalize(r)
                .map_err(|e| format!("root `{}` cannot be used: {e}", r.display()))
        })
        .collect()
}

/// The canonical path of `requested` when it lies inside one of `roots`
/// (canonical). A relative path is taken relative to the first root.
pub fn confine(roots: &[PathBuf], requested: &str) -> Result<PathBuf, ApiError> {
    if requested.is_empty() || requested.contains('\0') {
        return Err(ApiError::bad_request("`path` must be a non-empty path"));
    }
    let given = Path::new(requested);
    let joined = match (given.is_absolute(), roots.first()) {
        (true, _) => given.to_path_buf(),
        (false, Some(first)) => first.join(given),
        (false, None) => return Err(outside(requested)),
    };
    let real = std::fs::canonicalize(&joined).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_path",
                format!("path `{requested}` does not exist"),
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_path",
                format!("path `{requested}` cannot be used: {e}"),
            )
        }
    })?;
    if roots.iter().any(|r| real.starts_with(r)) {
        Ok(real)
    } else {
        Err(outside(requested))
    }
}

fn outside(requested: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "outside_roots",
        format!("path `{requested}` is outside the roots this server may scan"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotdot_and_symlinks_cannot_leave_a_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(dir.path().join("secret")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
        let roots = canonical_roots(std::slice::from_ref(&root)).unwrap();
        let real = roots[0].clone();
        assert_eq!(confine(&roots, "a").unwrap(), real.join("a"));
        assert_eq!(confine(&roots, "a/../a").unwrap(), real.join("a"));
        let abs = real.join("a").display().to_string();
        assert_eq!(confine(&roots, &abs).unwrap(), real.join("a"));
        for bad in ["..", "../secret", "a/../../secret", "link", "/etc"] {
            let e = confine(&roots, bad).unwrap_err();
            assert_eq!(e.code, "outside_roots", "{bad}");
        }
        assert_eq!(confine(&roots, "nope").unwrap_err().code, "bad_path");
        assert_eq!(confine(&roots, "").unwrap_err().code, "bad_request");
    }
}
