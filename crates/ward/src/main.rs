//! The one `ward` command-line program: parses arguments and calls the
//! libraries. Logic lives in the library crates.

use clap::Parser;
use std::process::ExitCode;
use ward::{cli, cmd};

fn main() -> ExitCode {
    cmd::common::quiet_on_closed_pipe();
    // Invoked under another program's name (a PATH shim): judge, then run it.
    if let Some(code) = cmd::shim::run_if_shim() {
        return code;
    }
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let cli = hot_path(&argv).unwrap_or_else(cli::Cli::parse);
    match cmd::run_with(cli, cmd::tools::exec) {
        Ok(code) => code,
        // The reader of a pipe went away (`ward man | head`): end quietly.
        Err(err) if cmd::common::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ward: {}", cmd::common::chain(&err));
            ExitCode::from(cmd::EXIT_USAGE)
        }
    }
}

/// `ward hook`, `ward check` and `ward shell-check` run on every tool call
/// or typed line: parse only the subcommand's own flags instead of building
/// the whole command-line definition (about 0.15 ms of each call). Help and
/// anything that does not parse take the normal path and its messages.
fn hot_path(argv: &[std::ffi::OsString]) -> Option<cli::Cli> {
    use clap::{Args, FromArgMatches};
    fn own<A: Args + FromArgMatches>(argv: &[std::ffi::OsString]) -> Option<A> {
        let matches = A::augment_args(clap::Command::new("ward"))
            .try_get_matches_from(argv)
            .ok()?;
        A::from_arg_matches(&matches).ok()
    }
    if argv.iter().any(|a| a == "-h" || a == "--help") {
        return None;
    }
    let command = match argv.first()?.to_str()? {
        "hook" => cli::Command::Hook(own(argv)?),
        "check" => cli::Command::Check(own(argv)?),
        "shell-check" => cli::Command::ShellCheck(own(argv)?),
        _ => return None,
    };
    Some(cli::Cli { command })
}

#[cfg(test)]
mod tests {
    use super::{cli, hot_path};
    use clap::Parser;

    #[test]
    fn the_hot_path_parses_exactly_as_the_whole_cli() {
        for line in [
            &["hook"][..],
            &["hook", "--agent", "codex"],
            &["hook", "--policy", "/p.toml", "--agent=gemini"],
            &["check", "--", "rm", "-rf", "/"],
            &[
                "check", "--actor", "agent", "--json", "--record", "--", "ls -la",
            ],
            &["check", "--stdin", "--policy", "x.toml"],
            &[
                "shell-check",
                "--shell",
                "zsh",
                "--answer",
                "no",
                "--",
                "ward! rm -rf ~",
            ],
        ] {
            let argv: Vec<std::ffi::OsString> = line.iter().map(Into::into).collect();
            let fast = hot_path(&argv).map(|c| format!("{c:?}"));
            let full =
                cli::Cli::try_parse_from(std::iter::once("ward").chain(line.iter().copied()))
                    .map(|c| format!("{c:?}"))
                    .ok();
            assert!(fast.is_some(), "{line:?} missed the hot path");
            assert_eq!(fast, full, "{line:?}");
        }
        // Help, other subcommands and errors take the normal path.
        for line in [
            &["hook", "--help"][..],
            &["audit", "tail"],
            &["check", "--actor"],
            &[],
        ] {
            let argv: Vec<std::ffi::OsString> = line.iter().map(Into::into).collect();
            assert!(hot_path(&argv).is_none(), "{line:?}");
        }
    }
}
