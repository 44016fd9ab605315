//! The patterns `scripts.rs` reads inline interpreter code with, and the
//! literals that every match of them starts with: code that holds none of
//! those literals (most `python -c` one-liners) is answered without
//! compiling a regex in the process.
//!
//! INVARIANT: every pattern `scripts.rs` matches code itself with is in
//! [`prefilter`], and each of its matches starts with a literal that contains
//! one of [`KEYWORDS`] (checked by this module's test with regex-syntax's
//! literal extractor); patterns only run inside another pattern's match
//! (`STRING_LIT`) need not be.

/// A quoted literal, captured as group 1, 2 or 3.
const QUOTED: &str = r#"(?:'([^']*)'|"([^"]*)"|`([^`]*)`)"#;

/// Recursive deletes with a literal path.
pub(crate) fn delete_tree() -> String {
    format!(
        r"(?:rmtree|rm_rf|rm_r|remove_tree|rmSync|rmdirSync|\brm|rimraf|removedirs|Remove-Item)\s*\(?\s*(?:Path\()?\s*{QUOTED}"
    )
}

/// File deletes with a literal path.
pub(crate) fn delete_file() -> String {
    format!(
        r"(?:\bos\.remove|\bos\.unlink|\bunlinkSync|\bunlink(?:\s+glob)?|\bFile\.delete|\bFileUtils\.rm|\.unlink)\s*\(?\s*{QUOTED}"
    )
}

/// Shell-outs with a literal command.
pub(crate) fn shell_out() -> String {
    format!(
        r"(?:\bos\.system|\bos\.popen|\bsubprocess\.\w+|\bexecSync|\bexec|\bspawnSync|\bsystem|\bshell_exec|\bpassthru|\bpopen|%x)\s*\(?\s*{QUOTED}"
    )
}

/// Programs run from an argument list (`subprocess.run(["rm", …])`).
pub(crate) const ARGV_LIST: &str =
    r"(?:subprocess\.\w+|execFileSync|spawnSync|spawn|call|run|Popen)\s*\(\s*\[([^\]]*)\]";

/// Backtick shell-outs (perl, ruby, php).
pub(crate) const BACKTICKS: &str = r"`([^`]+)`";

/// A string literal inside an argument list.
pub(crate) const STRING_LIT: &str = r#"'([^']*)'|"([^"]*)""#;

/// Words one of which every match of a [`prefilter`] pattern contains.
pub(crate) const KEYWORDS: &[&str] = &[
    "rm",
    "remove",
    "Remove",
    "rimraf",
    "unlink",
    "File.delete",
    "system",
    "popen",
    "Popen",
    "subprocess",
    "exec",
    "spawn",
    "passthru",
    "%x",
    "call",
    "run",
    "`",
];

/// Whether `code` may hold something a [`prefilter`] pattern matches.
pub(crate) fn may_match(code: &str) -> bool {
    KEYWORDS.iter().any(|k| code.contains(k))
}

/// Every pattern matched against the code itself.
#[cfg(test)]
pub(crate) fn prefilter() -> Vec<String> {
    vec![
        delete_tree(),
        delete_file(),
        shell_out(),
        ARGV_LIST.to_owned(),
        BACKTICKS.to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_syntax::hir::literal::{ExtractKind, Extractor};

    #[test]
    fn every_match_of_every_pattern_starts_with_a_keyword() {
        for p in prefilter() {
            let hir = regex_syntax::parse(&p).unwrap();
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
            let lits = seq
                .literals()
                .unwrap_or_else(|| panic!("`{p}` has no finite prefixes"));
            assert!(!lits.is_empty(), "`{p}` has no prefix literal");
            for lit in lits {
                let lit = String::from_utf8_lossy(lit.as_bytes());
                assert!(
                    KEYWORDS.iter().any(|k| lit.contains(k)),
                    "a match of `{p}` may start with `{lit}`, which holds no keyword"
                );
            }
        }
    }
}
