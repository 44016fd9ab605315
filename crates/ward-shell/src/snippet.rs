//! The shells ward guards and the snippet each one evals from its rc file.
//!
//! Every snippet follows one protocol with `ward shell-check`: exit 0 runs
//! the line, 4 does not, 3 means ask (the snippet asks y/N on the terminal and
//! calls `ward shell-check --answer yes|no` to record the answer); anything
//! else means ward is missing or broken, which the snippet says once and then
//! stops guarding rather than lock the person out.

use crate::error::ShellError;
use std::fmt;
use std::str::FromStr;

/// A shell ward has a snippet for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shell {
    /// GNU bash 4.4 or later (uses `PS0`).
    Bash,
    /// zsh 5.
    Zsh,
    /// fish 3.
    Fish,
}

const BASH: &str = include_str!("../snippets/ward.bash");
const ZSH: &str = include_str!("../snippets/ward.zsh");
const FISH: &str = include_str!("../snippets/ward.fish");

impl Shell {
    /// Every supported shell.
    pub const ALL: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

    /// The snippet to eval, calling ward at `ward_bin` unless `$WARD_BIN`
    /// is set when the snippet loads.
    pub fn snippet(self, ward_bin: &str) -> String {
        let (template, quoted) = match self {
            Shell::Bash => (BASH, posix_quote(ward_bin)),
            Shell::Zsh => (ZSH, posix_quote(ward_bin)),
            Shell::Fish => (FISH, fish_quote(ward_bin)),
        };
        template.replace("@WARD_BIN@", &quoted)
    }

    /// The shell's name as typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
        }
    }
}

impl fmt::Display for Shell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Shell {
    type Err = ShellError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Shell::ALL
            .into_iter()
            .find(|sh| sh.name() == s)
            .ok_or_else(|| ShellError::UnknownShell(s.to_owned()))
    }
}

/// `'text'` for bash and zsh (a `'` becomes `'\''`).
fn posix_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `'text'` for fish (`\` and `'` escaped with a backslash).
fn fish_quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', r"\\").replace('\'', r"\'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("bash", Some(Shell::Bash))]
    #[case("zsh", Some(Shell::Zsh))]
    #[case("fish", Some(Shell::Fish))]
    #[case("sh", None)]
    #[case("Bash", None)]
    #[case("", None)]
    fn parses_shell_names(#[case] s: &str, #[case] want: Option<Shell>) {
        assert_eq!(s.parse::<Shell>().ok(), want);
        if let Some(sh) = want {
            assert_eq!(sh.to_string(), s);
        }
    }

    #[rstest]
    #[case(Shell::Bash, "/opt/it's/ward", r"'/opt/it'\''s/ward'")]
    #[case(Shell::Zsh, "/usr/bin/ward", "'/usr/bin/ward'")]
    #[case(Shell::Fish, r"/opt/it's\ward", r"'/opt/it\'s\\ward'")]
    fn quotes_the_binary_path(#[case] sh: Shell, #[case] bin: &str, #[case] want: &str) {
        let s = sh.snippet(bin);
        assert!(s.contains(want), "{sh}: {want} not in snippet");
        assert!(!s.contains("@WARD_BIN@"));
        assert!(s.contains("shell-check --shell"));
    }
}
