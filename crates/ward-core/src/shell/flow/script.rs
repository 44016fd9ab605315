//! Where a shell or interpreter takes its code from.

use super::Roles;
use super::is_code_program;
use crate::action::{Arg, SimpleCommand};

/// Whether `cmd` is a shell or interpreter that reads its script from
/// standard input (no script file, no `-c`/`-e` code).
pub(crate) fn reads_script_from_stdin(cmd: &SimpleCommand) -> bool {
    (is_code_program(&cmd.program) || matches!(cmd.program.as_str(), "source" | "."))
        && script(&cmd.program, &cmd.args) == Script::Stdin
}

/// Where a shell or interpreter takes its code from.
#[derive(Debug, PartialEq, Eq)]
enum Script<'a> {
    File(&'a Arg),
    Inline,
    Stdin,
}

pub(super) fn script_arg<'a>(p: &str, args: &'a [Arg]) -> Option<&'a Arg> {
    match script(p, args) {
        Script::File(a) => Some(a),
        _ => None,
    }
}

/// The script a shell or interpreter runs: a file, inline code (`-c`, `-e`,
/// `-m`), or standard input.
fn script<'a>(p: &str, args: &'a [Arg]) -> Script<'a> {
    if matches!(p, "source" | ".") {
        return match args.first() {
            Some(a) if a.text == "/dev/stdin" || a.text == "-" => Script::Stdin,
            Some(a) => Script::File(a),
            None => Script::Inline,
        };
    }
    let shell = Roles::of(p).shell();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if a.dynamic && !t.starts_with('-') {
            return Script::File(a);
        }
        // `sh 0</tmp/f`: the grammar reads a descriptor number as a word.
        if shell && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if t == "--" {
            return it.next().map_or(Script::Stdin, Script::File);
        }
        if matches!(t, "-f" | "-File" | "-file") && !shell {
            return it.next().map_or(Script::Inline, Script::File);
        }
        let inline = inline_flags(p);
        if t == "-" || t == "/dev/stdin" || t == "-s" && shell {
            return Script::Stdin;
        }
        if inline.contains(&t) {
            // `pwsh -Command -`, `python -c -`? only the dash reads stdin.
            return match it.next() {
                Some(n) if n.text == "-" || runs_stdin(&n.text) => Script::Stdin,
                _ => Script::Inline,
            };
        }
        if t.starts_with('-') || t.starts_with('+') {
            if shell && !t.starts_with("--") && t.contains('c') {
                return Script::Inline;
            }
            let opt_bundle = shell && !t.starts_with("--") && t.ends_with(['o', 'O']);
            if opt_bundle
                || matches!(
                    t,
                    "-o" | "+o"
                        | "-O"
                        | "+O"
                        | "--rcfile"
                        | "--init-file"
                        | "-W"
                        | "-X"
                        | "-I"
                        | "-r"
                        | "--require"
                        | "-M"
                )
            {
                it.next();
            }
            continue;
        }
        return Script::File(a);
    }
    Script::Stdin
}

/// Inline code that runs what it reads (`exec(sys.stdin.read())`, `eval
/// STDIN`).
fn runs_stdin(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    lower.contains("stdin") && (lower.contains("exec") || lower.contains("eval"))
}

/// The options that give `p` its code inline (`-c`, `-e`, `-r`, …).
pub(super) fn inline_flags(p: &str) -> &'static [&'static str] {
    match p {
        "php" => &["-r"],
        "perl" | "ruby" | "lua" | "osascript" | "Rscript" => &["-e", "-E"],
        "node" | "nodejs" | "deno" | "bun" => &["-e", "--eval", "-p", "--print"],
        "pwsh" | "powershell" => &[
            "-c",
            "-Command",
            "-command",
            "-EncodedCommand",
            "-e",
            "-enc",
        ],
        _ => &["-c", "-m"],
    }
}

/// Whether an installer only looks inside the package file it is given
/// (`dpkg -c x.deb`, `rpm -qpl x.rpm`, `pip download x`): nothing in it runs.
pub(super) fn installer_only_inspects(p: &str, args: &[Arg]) -> bool {
    let has = |set: &[&str]| args.iter().any(|a| set.contains(&a.text.as_str()));
    match p {
        "dpkg" | "dpkg-deb" => {
            has(&[
                "-c",
                "--contents",
                "-I",
                "--info",
                "-f",
                "--field",
                "-x",
                "--extract",
                "-X",
                "--vextract",
                "-e",
                "--control",
                "--fsys-tarfile",
            ]) && !has(&["-i", "--install", "--unpack", "-R", "--recursive"])
        }
        "rpm" => {
            args.iter().any(|a| {
                let t = a.text.as_str();
                t.starts_with("-q") || matches!(t, "--query" | "-K" | "--checksig" | "--checksum")
            }) && !args.iter().any(|a| {
                let t = a.text.as_str();
                t.starts_with("-i")
                    || t.starts_with("-U")
                    || t.starts_with("-F")
                    || matches!(t, "--install" | "--upgrade" | "--freshen" | "--reinstall")
            })
        }
        "pip" | "pip3" => args
            .iter()
            .find(|a| !a.text.starts_with('-'))
            .is_some_and(|a| matches!(a.text.as_str(), "download" | "hash" | "show" | "inspect")),
        _ => false,
    }
}
