//! Commands hidden in other programs' options and arguments: ssh's
//! `ProxyCommand`, rsync's `--rsh`, tar's `--use-compress-program`, git's
//! `-c alias.x=!…` and the commands git runs from its config and environment,
//! containers' and remote hosts' command lines, terminal multiplexers,
//! schedulers and `trap`. Each is handed back as a nested command, parsed and
//! judged like `sh -c` (bounded by the same depth); a command that is only
//! known at run time is ambiguous.

use super::effects::Nested;
use super::flags::{self, Reader};
use super::flow::Roles;
use super::word;
use super::{escapes, gitcmd, remote, text};
use crate::action::{Arg, SimpleCommand, Stdin};

/// Adds to `out` the nested commands hidden in `cmd`'s options, arguments
/// and environment.
/// `roles` are the roles of `cmd.program`.
pub(crate) fn commands(cmd: &SimpleCommand, roles: Roles, out: &mut Vec<Nested>) {
    if !cmd.assignments.is_empty() {
        env_commands(&cmd.assignments, out);
    }
    // Most programs hide nothing: one bit test instead of the name compared
    // with every program below.
    if roles.hides() {
        by_name(cmd, out);
    }
}

/// The commands hidden in the words of the programs named here: none for
/// a name without the `hides` role (`hidden/tests.rs` checks each name).
/// Kept out of [`commands`], which most commands leave at once: its
/// entry then saves few registers.
#[inline(never)]
fn by_name(cmd: &SimpleCommand, out: &mut Vec<Nested>) {
    let args = cmd.args.as_slice();
    match cmd.program.as_str() {
        "ssh" | "autossh" => ssh(cmd, out),
        "scp" | "sftp" => scp(args, out),
        "rsync" => rsync(args, out),
        "tar" | "gtar" | "bsdtar" => tar(args, out),
        "git" => gitcmd::git(args, out),
        "awk" | "gawk" | "mawk" | "nawk" => text::awk(args, out),
        "sed" | "gsed" => text::sed(args, out),
        "vi" | "vim" | "nvim" | "gvim" | "view" | "ex" | "vimdiff" | "nvi" => {
            text::vim(args, out);
        }
        "tmux" => text::tmux(args, out),
        "screen" => text::screen(args, out),
        "parallel" | "sem" => parallel(args, out),
        "at" | "batch" => at(cmd, out),
        "crontab" => crontab(cmd, out),
        "trap" => trap(args, out),
        "docker" | "podman" | "nerdctl" => remote::container(args, out),
        "docker-compose" | "podman-compose" => remote::compose(args, out),
        "zip" => zip(args, out),
        "man" => man(args, out),
        "less" | "more" => pager_commands(args, out),
        "expect" => expect(args, out),
        "byobu" => text::tmux(args, out),
        "gdb" | "cgdb" => escapes::gdb(args, out),
        "psql" | "mysql" | "mariadb" | "sqlite3" | "ed" | "red" => {
            escapes::client(&cmd.program, args, stdin_text(cmd), out);
        }
        "emacs" | "emacsclient" => escapes::emacs(args, out),
        "xdotool" => xdotool(args, out),
        "kubectl" | "oc" | "k" => remote::kubectl(args, out),
        _ => {}
    }
}

/// A command string as a program would run it through `sh -c`: ambiguous
/// when the whole string is only known at run time.
pub(super) fn shell(value: &str, dynamic: bool, out: &mut Vec<Nested>) {
    if let Some(make) = shell_kind(value, dynamic) {
        out.push(make(value.to_owned()));
    }
}

/// [`shell`] for text built here: it is moved, not copied.
pub(super) fn shell_owned(value: String, dynamic: bool, out: &mut Vec<Nested>) {
    if let Some(make) = shell_kind(&value, dynamic) {
        out.push(make(value));
    }
}

/// What [`shell`] makes of `value`, if anything.
fn shell_kind(value: &str, dynamic: bool) -> Option<fn(String) -> Nested> {
    // Most values start with a printable ASCII byte, which trimming keeps:
    // only `$` then needs a closer look.
    if value
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_graphic() && !(dynamic && b == b'$'))
    {
        return Some(Nested::Shell);
    }
    let v = value.trim();
    if dynamic && v.starts_with('$') && !v.contains(char::is_whitespace) {
        // The whole command is a variable or a substitution.
        Some(Nested::Dynamic)
    } else if !v.is_empty() {
        // Parts only known at run time (`ssh -i $KEY`) stay as written;
        // the nested parse reads them as unknown words.
        Some(Nested::Shell)
    } else {
        None
    }
}

pub(super) fn is_dynamic(args: &[Arg], value: &str) -> bool {
    args.iter().any(|a| a.dynamic && a.text.contains(value))
}

/// Environment variables whose value is a command some program runs.
const COMMAND_VARS: &[&str] = &[
    "GIT_SSH_COMMAND",
    "GIT_SSH",
    "GIT_EXTERNAL_DIFF",
    "GIT_PAGER",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "SUDO_ASKPASS",
    "GIT_PROXY_COMMAND",
    "PAGER",
    "MANPAGER",
    "SYSTEMD_PAGER",
    "EDITOR",
    "VISUAL",
    "BROWSER",
    "PROMPT_COMMAND",
    "RSYNC_RSH",
    "RSYNC_CONNECT_PROG",
    "TAR_OPTIONS",
    "LESSOPEN",
    "LESSCLOSE",
];

/// `GIT_SSH_COMMAND='…' git fetch`, `env PAGER=… man x`, `export EDITOR=…`.
pub(crate) fn env_commands<S: AsRef<str>>(assignments: &[S], out: &mut Vec<Nested>) {
    let mut git_keys: Vec<(String, String)> = Vec::new();
    let mut git_values: Vec<(String, String)> = Vec::new();
    for a in assignments {
        let a = a.as_ref();
        // A byte scan: `split_once('=')` builds a searcher per word.
        let Some(eq) = a.bytes().position(|b| b == b'=') else {
            continue;
        };
        let (name, raw) = (
            a.get(..eq).unwrap_or_default(),
            a.get(eq + 1..).unwrap_or_default(),
        );
        let name = without_export(name).trim();
        // Most names (`f=x.sh`) are none of those below: their value is
        // not decoded.
        if !holds_commands(name) {
            continue;
        }
        let (value, dynamic) = unquote(raw);
        if name == "TAR_OPTIONS" {
            let words: Vec<Arg> = value.split_whitespace().map(Arg::lit).collect();
            tar(&words, out);
        } else if name == "LESSOPEN" || name == "LESSCLOSE" {
            let v = value.trim_start_matches(['|', '-']).replace("%s", "x");
            shell(&v, dynamic, out);
        } else if COMMAND_VARS.contains(&name) {
            shell_owned(value, dynamic, out);
        } else if name == "GIT_CONFIG_PARAMETERS" {
            for pair in value.split("' '") {
                let pair = pair.trim_matches('\'');
                if let Some((k, v)) = pair.split_once("'='").or_else(|| pair.split_once('=')) {
                    gitcmd::git_config(k, v, dynamic, out);
                }
            }
        } else if let Some(n) = name.strip_prefix("GIT_CONFIG_KEY_") {
            git_keys.push((n.to_owned(), value));
        } else if let Some(n) = name.strip_prefix("GIT_CONFIG_VALUE_") {
            git_values.push((n.to_owned(), value));
        }
    }
    for (n, key) in &git_keys {
        if let Some((_, v)) = git_values.iter().find(|(m, _)| m == n) {
            gitcmd::git_config(key, v, false, out);
        }
    }
}

/// Whether [`env_commands`] reads the variable `name`.
fn holds_commands(name: &str) -> bool {
    COMMAND_VARS.contains(&name)
        || name == "GIT_CONFIG_PARAMETERS"
        || name.starts_with("GIT_CONFIG_KEY_")
        || name.starts_with("GIT_CONFIG_VALUE_")
}

/// `text` without its leading `export ` words (a byte compare: a `&str`
/// pattern would build a substring searcher for each assignment).
pub(super) fn without_export(mut text: &str) -> &str {
    while let Some(rest) = text.strip_prefix("export ") {
        text = rest;
    }
    text
}

/// The value of a raw `NAME=value` word, quotes removed; `true` when part
/// of it is only known at run time.
fn unquote(raw: &str) -> (String, bool) {
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return (inner.to_owned(), false);
    }
    if raw.starts_with("$'") {
        return (word::decode_ansi_c(raw), false);
    }
    let (v, d) = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => (word::unescape_double(inner), true),
        None => (word::unescape_bare(raw), true),
    };
    let dynamic = d && (v.contains('$') || v.contains('`'));
    (v, dynamic)
}

fn ssh_option(value: &str, dynamic: bool, out: &mut Vec<Nested>) {
    let (key, val) = match value.split_once(['=', ' ', '\t']) {
        Some((k, v)) => (k.trim(), v.trim_start_matches(['=', ' ', '\t'])),
        None => return,
    };
    let runs = [
        "proxycommand",
        "localcommand",
        "knownhostscommand",
        "remotecommand",
    ];
    if runs.iter().any(|r| key.eq_ignore_ascii_case(r)) && !val.eq_ignore_ascii_case("none") {
        // `%h`/`%p` tokens are filled in by ssh; they are plain words here.
        shell(val, dynamic, out);
    }
}

const SSH_VALUES: &str = "BbcDEeFIiJLlmOopQRSWw";

fn ssh(cmd: &SimpleCommand, out: &mut Vec<Nested>) {
    let args = cmd.args.as_slice();
    let mut o = flags::reader(args, SSH_VALUES, &[], 1);
    // One pass: the `-o` commands, and whether `-N`/`-W` run no command.
    let mut no_command = false;
    for opt in o.by_ref() {
        match (opt.name, opt.value) {
            ("o", Some(v)) => ssh_option(v, is_dynamic(args, v), out),
            ("N" | "W", _) => no_command = true,
            _ => {}
        }
    }
    let rest = o.rest();
    // `echo CMD | ssh host`, `ssh host bash -s <<EOF`: the remote shell reads
    // its commands from standard input.
    let reads_stdin = match rest.first() {
        None => true,
        Some(first) => {
            super::normalize::SHELLS.contains(&word::basename(&first.text))
                && rest
                    .iter()
                    .skip(1)
                    .all(|a| a.text == "-s" || a.text == "-" || a.text == "-i")
        }
    };
    if reads_stdin
        && o.operands() > 0
        && let Some(text) = stdin_text(cmd)
    {
        shell(text, false, out);
    }
    if !rest.is_empty() && !no_command {
        // The remote shell joins the words with spaces and parses them.
        shell_owned(word::join_texts(rest), rest.iter().any(|a| a.dynamic), out);
    }
}

fn ssh_options(args: &[Arg], o: &Reader<'_, '_>, out: &mut Vec<Nested>) {
    for v in o.values(&["o"]) {
        ssh_option(v, is_dynamic(args, v), out);
    }
}

fn scp(args: &[Arg], out: &mut Vec<Nested>) {
    let o = flags::reader(args, "BbcDFiJlloPRSsX", &[], usize::MAX);
    ssh_options(args, &o, out);
    for v in o.values(&["S", "D"]) {
        shell(v, is_dynamic(args, v), out);
    }
}

fn rsync(args: &[Arg], out: &mut Vec<Nested>) {
    let long = &[
        "rsh",
        "rsync-path",
        "filter",
        "exclude",
        "include",
        "exclude-from",
        "include-from",
        "files-from",
        "temp-dir",
        "partial-dir",
        "compare-dest",
        "copy-dest",
        "link-dest",
        "backup-dir",
        "suffix",
        "chmod",
        "chown",
        "timeout",
        "port",
        "out-format",
        "log-file",
        "password-file",
        "bwlimit",
        "max-size",
        "min-size",
        "max-delete",
        "remote-option",
    ];
    for opt in flags::reader(args, "efTBM", long, usize::MAX) {
        if let ("e" | "rsh" | "rsync-path", Some(v)) = (opt.name, opt.value) {
            shell(v, is_dynamic(args, v), out);
        }
    }
}

pub(super) fn tar(args: &[Arg], out: &mut Vec<Nested>) {
    const SHORT: &str = "fCIFbKNTXgHLVs";
    // Every option read below is `-I`, `-F` (alone, in a bundle or in an
    // old-style first word) or a long one: without those letters and `--`
    // no word can name one.
    // (Bytes: a `char` set would decode each character.)
    if !args
        .iter()
        .any(|a| a.text.starts_with("--") || a.text.bytes().any(|b| b == b'I' || b == b'F'))
    {
        return;
    }
    // Old style `tar czfI x.tgz CMD`: the first word is a bundle without a
    // dash, whose value letters take the following words in order.
    let mut rebuilt = Vec::new();
    let args = match args.split_first() {
        Some((first, tail))
            if !first.dynamic
                && !first.text.starts_with('-')
                && !first.text.is_empty()
                && first.text.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            let mut tail = tail.iter();
            for c in first.text.chars() {
                rebuilt.push(Arg::lit(format!("-{c}")));
                if SHORT.contains(c)
                    && let Some(v) = tail.next()
                {
                    rebuilt.push(v.clone());
                }
            }
            rebuilt.extend(tail.cloned());
            rebuilt.as_slice()
        }
        _ => args,
    };
    let long = &[
        "file",
        "directory",
        "use-compress-program",
        "to-command",
        "info-script",
        "new-volume-script",
        "rsh-command",
        "exclude",
        "files-from",
        "exclude-from",
        "owner",
        "group",
        "transform",
        "xform",
    ];
    let o = flags::reader(args, SHORT, long, usize::MAX);
    let mut checkpoint = false;
    for opt in o.clone() {
        match (opt.name, opt.value) {
            (
                "I"
                | "use-compress-program"
                | "to-command"
                | "info-script"
                | "new-volume-script"
                | "F"
                | "rsh-command",
                Some(v),
            ) => shell(v, is_dynamic(args, v), out),
            ("checkpoint-action", _) => checkpoint = true,
            _ => {}
        }
    }
    // After the commands above, as they come.
    if checkpoint {
        for v in o.values(&["checkpoint-action"]) {
            if let Some(c) = v.strip_prefix("exec=") {
                shell(c, is_dynamic(args, v), out);
            }
        }
    }
}

fn parallel(args: &[Arg], out: &mut Vec<Nested>) {
    let split = args
        .iter()
        .position(|a| matches!(a.text.as_str(), ":::" | "::::" | ":::+" | "::::+"));
    let (head, inputs) = match split {
        Some(i) => (
            args.get(..i).unwrap_or_default(),
            args.get(i + 1..).unwrap_or_default(),
        ),
        None => (args, &[][..]),
    };
    let o = flags::options(
        head,
        "jSaIdEPX",
        &[
            "jobs",
            "sshlogin",
            "arg-file",
            "delimiter",
            "joblog",
            "results",
            "timeout",
            "retries",
            "workdir",
            "tmpdir",
            "colsep",
            "load",
            "memfree",
        ],
        0,
    );
    if o.rest.is_empty() {
        // `parallel ::: 'cmd1' 'cmd2'`: each input is a command line.
        for a in inputs.iter().take_while(|a| !a.text.starts_with(":::")) {
            shell(&a.text, a.dynamic, out);
        }
    } else {
        let template = o
            .rest
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let first = inputs.first().map_or("x", |a| a.text.as_str());
        let text = if template.contains("{}") {
            template.replace("{}", first)
        } else {
            format!("{template} {}", super::render_word(first))
        };
        shell(&text, o.rest.iter().any(|a| a.dynamic), out);
    }
}

/// Text a command reads on standard input, when it is known.
fn stdin_text(cmd: &SimpleCommand) -> Option<&str> {
    match &cmd.stdin {
        Some(Stdin::Here { text }) => Some(text),
        Some(Stdin::Pipe { text, .. }) if !text.is_empty() => Some(text),
        _ => None,
    }
}

fn at(cmd: &SimpleCommand, out: &mut Vec<Nested>) {
    let o = flags::options(&cmd.args, "qfmMtb", &[], usize::MAX);
    if o.has(&["l", "d", "r", "c"]) || o.has(&["f"]) {
        return;
    }
    match stdin_text(cmd) {
        Some(text) => shell(text, false, out),
        None if matches!(cmd.stdin, Some(Stdin::Pipe { .. })) => {
            out.push(Nested::Dynamic("at < …".into()));
        }
        None => {}
    }
}

fn crontab(cmd: &SimpleCommand, out: &mut Vec<Nested>) {
    let o = flags::options(&cmd.args, "u", &[], usize::MAX);
    if o.has(&["l", "r", "e"]) {
        return;
    }
    let Some(text) = stdin_text(cmd) else { return };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty()
            || line.starts_with('#')
            || line
                .split_whitespace()
                .next()
                .is_some_and(|w| w.contains('=') && !w.starts_with('@'))
        {
            continue;
        }
        let fields = if line.starts_with('@') { 1 } else { 5 };
        let command: Vec<&str> = line.split_whitespace().skip(fields).collect();
        shell(&command.join(" "), false, out);
    }
}

fn trap(args: &[Arg], out: &mut Vec<Nested>) {
    let Some(first) = args.first() else { return };
    if args.len() < 2 || matches!(first.text.as_str(), "-" | "-l" | "-p" | "--") {
        return;
    }
    shell(&first.text, first.dynamic, out);
}

fn zip(args: &[Arg], out: &mut Vec<Nested>) {
    let o = flags::options(
        args,
        "TbnPOt",
        &["unzip-command", "temp-path", "password"],
        usize::MAX,
    );
    for v in o.values(&["unzip-command"]) {
        shell(v, is_dynamic(args, v), out);
    }
    // `-TT CMD`: zip reads `-TT` as one option taking a value.
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.text == "-TT" {
            if let Some(v) = it.next() {
                shell(&v.text, v.dynamic, out);
            }
        } else if let Some(v) = a.text.strip_prefix("-TT").filter(|v| !v.is_empty()) {
            shell(v.trim_start_matches('='), a.dynamic, out);
        }
    }
}

fn man(args: &[Arg], out: &mut Vec<Nested>) {
    let o = flags::options(
        args,
        "PMLSm",
        &["pager", "manpath", "locale", "sections"],
        usize::MAX,
    );
    for v in o.values(&["P", "pager"]) {
        shell(v, is_dynamic(args, v), out);
    }
}

/// `less +'!CMD' f`: a start-up command that begins with `!` runs CMD in a
/// shell.
fn pager_commands(args: &[Arg], out: &mut Vec<Nested>) {
    for a in args {
        if let Some(cmds) = a.text.strip_prefix('+')
            && let Some((_, cmd)) = cmds.split_once('!')
        {
            shell(cmd, a.dynamic, out);
        }
    }
}

/// `expect -c 'spawn CMD; …'`: `spawn` and `exec` run their words.
fn expect(args: &[Arg], out: &mut Vec<Nested>) {
    let o = flags::options(args, "cf", &[], usize::MAX);
    for script in o.values(&["c"]) {
        for stmt in script.split([';', '\n']) {
            let stmt = stmt.trim();
            if let Some(cmd) = stmt
                .strip_prefix("spawn ")
                .or_else(|| stmt.strip_prefix("exec "))
            {
                shell(cmd, is_dynamic(args, script), out);
            }
        }
    }
}

/// `xdotool type TEXT` types into whatever has the focus, often a shell.
fn xdotool(args: &[Arg], out: &mut Vec<Nested>) {
    if args.first().is_none_or(|a| a.text != "type") {
        return;
    }
    let words: Vec<&Arg> = args
        .iter()
        .skip(1)
        .filter(|a| !a.text.starts_with("--"))
        .collect();
    let text = words
        .iter()
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    shell(&text, words.iter().any(|a| a.dynamic), out);
}

#[cfg(test)]
mod tests;
