//! Unwrapping wrappers (`sudo`, `env`, `timeout`, `xargs`, …) and following
//! nested shells (`sh -c`, `eval`, `watch`, `su -c`) down to the program that
//! really runs.

use super::flags::{self, Split};
use super::flow::Roles;
use super::launchers::{self, Launch};
use super::word::{basename, join_texts};
use super::{Walker, bomb, effects, hidden, options};
use crate::action::{Arg, Problem, SimpleCommand, Stdin, Text};

/// Programs that run code they read (from stdin when given no script).
pub(crate) const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "mksh", "csh", "tcsh",
];

/// Interpreters of other languages.
pub(crate) const INTERPRETERS: &[&str] = &[
    "python",
    "python2",
    "python3",
    "perl",
    "ruby",
    "node",
    "nodejs",
    "php",
    "lua",
    "deno",
    "bun",
    "pwsh",
    "powershell",
    "osascript",
    "Rscript",
];

/// Names a line redefines, in the order it does: `alias ls='rm -rf ~'` and
/// `hash -p /bin/rm ls` make `ls` run something else; `enable -n echo` makes
/// `echo` whatever the PATH finds.
#[derive(Default)]
pub(crate) struct Names {
    /// Name → what it now runs (`None`: only known at run time).
    defined: Vec<(String, Option<String>)>,
    /// Functions the line defines: name → body text.
    functions: Vec<(String, String)>,
}

impl Names {
    /// Records `name() { body }`: a later call runs the body with its
    /// arguments in `$1`…, `$@`.
    pub(crate) fn define_function(&mut self, name: &str, body: &str) {
        self.functions.retain(|(n, _)| n != name);
        self.defined.retain(|(n, _)| n != name);
        if self.functions.len() < 64 && !name.is_empty() {
            self.functions.push((name.to_owned(), body.to_owned()));
        }
    }

    /// The body of function `name` called with `args`, its parameters
    /// replaced by the arguments as written.
    fn call(&self, name: &str, args: &[Arg]) -> Option<String> {
        let (_, body) = self.functions.iter().rev().find(|(n, _)| n == name)?;
        let words: Vec<String> = args.iter().map(|a| super::render_word(&a.text)).collect();
        let all = words.join(" ");
        let mut text = body.replace("\"$@\"", &all).replace("$@", &all);
        text = text.replace("\"$*\"", &all).replace("$*", &all);
        for i in (1..=9).rev() {
            let value = words.get(i - 1).cloned().unwrap_or_default();
            text = text
                .replace(&format!("\"${{{i}}}\""), &value)
                .replace(&format!("${{{i}}}"), &value)
                .replace(&format!("\"${i}\""), &value)
                .replace(&format!("${i}"), &value);
        }
        Some(text)
    }

    fn get(&self, name: &str) -> Option<&Option<String>> {
        self.defined
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn set(&mut self, name: &str, value: Option<String>) {
        self.defined.retain(|(n, _)| n != name);
        if self.defined.len() < 256 {
            self.defined.push((name.to_owned(), value));
        }
    }

    /// Records what `cmd` redefines.
    fn learn(&mut self, cmd: &SimpleCommand) {
        let words = || cmd.args.iter().filter(|a| !a.text.starts_with('-'));
        match cmd.program.as_str() {
            "alias" => {
                for a in cmd.args.iter().filter(|a| !a.text.starts_with('-')) {
                    if let Some((name, value)) = a.text.split_once('=') {
                        let v = (!a.dynamic).then(|| value.to_owned());
                        self.set(name, v);
                    }
                }
            }
            "unalias" => {
                for a in words() {
                    self.defined.retain(|(n, _)| *n != a.text);
                }
            }
            "hash" if cmd.args.iter().any(|a| a.text == "-p") => {
                let rest: Vec<&Arg> = cmd
                    .args
                    .iter()
                    .skip_while(|a| a.text != "-p")
                    .skip(1)
                    .collect();
                if let [path, names @ ..] = rest.as_slice() {
                    for n in names {
                        let v = (!path.dynamic).then(|| super::render_word(&path.text));
                        self.set(&n.text, v);
                    }
                }
            }
            "enable"
                if cmd.args.iter().any(|a| {
                    a.text.starts_with('-') && (a.text.contains('n') || a.text.contains('f'))
                }) =>
            {
                for a in words() {
                    self.set(&a.text, None);
                }
            }
            _ => {}
        }
    }
}

enum Unwrap {
    /// The wrapper and this many following words are dropped.
    Skip(usize),
    /// The rest is a shell string to parse.
    Shell(String, bool),
    /// Code only known at run time: ambiguous.
    Dynamic(String),
    /// Not a wrapper (or a wrapper used without a command).
    No,
}

impl Walker {
    /// Normalises one simple command and records it with its effects.
    pub(crate) fn emit(&mut self, mut words: Vec<Arg>, mut cmd: SimpleCommand, level: usize) {
        if self.out.len() >= super::MAX_COMMANDS {
            self.problem(Problem::TooManyCommands);
            return;
        }
        let mut roles = None;
        loop {
            let Some(first) = words.first() else { return };
            if first.dynamic {
                self.problem(Problem::DynamicProgram(first.text.to_string()));
                break;
            }
            if !self.names.functions.is_empty()
                && let Some(body) = self
                    .names
                    .call(&first.text, words.get(1..).unwrap_or_default())
            {
                // The call runs the body; while it does, the name is not
                // followed again (a recursive function is judged once).
                let name = first.text.clone();
                let saved = std::mem::take(&mut self.names.functions);
                self.names.functions = saved.iter().filter(|(n, _)| *n != name).cloned().collect();
                self.nested(&body, &cmd, level);
                self.names.functions = saved;
                return;
            }
            if let Some(value) = self.names.get(&first.text).cloned() {
                let Some(value) = value else {
                    self.problem(Problem::DynamicProgram(first.text.to_string()));
                    break;
                };
                // The name stands for its value; while expanding it, it is
                // not expanded again (as bash does for `alias ls='ls -l'`).
                let name = first.text.clone();
                let saved = std::mem::take(&mut self.names.defined);
                self.names.defined = saved.iter().filter(|(n, _)| *n != name).cloned().collect();
                let mut text = format!("{value} ");
                super::push_joined(&mut text, words.get(1..).unwrap_or_default());
                self.nested(&text, &cmd, level);
                self.names.defined = saved;
                return;
            }
            let prog = basename(&first.text);
            let rest = words.get(1..).unwrap_or_default();
            let r = Roles::of(prog);
            match unwrap(prog, r, rest, &mut cmd) {
                Unwrap::Skip(n) => {
                    cmd.wrappers.push(prog.into());
                    words.drain(..(1 + n).min(words.len()));
                }
                Unwrap::Shell(text, remote) => {
                    let prog: Text = prog.into();
                    cmd.wrappers.push(prog.clone());
                    let remote = remote || self.xargs_feeds_code(&cmd);
                    self.nested(&text, &cmd, level);
                    if remote {
                        cmd.effects.push(crate::action::Effect::RunsRemoteCode {
                            source: "download".into(),
                        });
                    }
                    // Effects the wrappers gave (`yes | xargs -P0 sh -c …`)
                    // stay with the command that carries them.
                    if !cmd.effects.is_empty() {
                        cmd.program = prog;
                        self.out.push(cmd);
                    }
                    return;
                }
                Unwrap::Dynamic(text) => {
                    self.problem(Problem::DynamicProgram(text));
                    break;
                }
                Unwrap::No => {
                    // The program is `prog`: its roles serve below.
                    roles = Some(r);
                    break;
                }
            }
        }
        if words.is_empty() {
            return;
        }
        // The rest of `words` becomes the arguments, in the same buffer.
        let first = words.remove(0);
        cmd.program = if first.dynamic {
            first.text.clone()
        } else {
            basename(&first.text).into()
        };
        let written = first.text;
        cmd.args = words;
        options::normalize(&cmd.program, &mut cmd.args);
        // `echo / | xargs rm -rf`: xargs appends what the pipe carries.
        if cmd.wrappers.iter().any(|w| w == "xargs")
            && let Some(Stdin::Pipe { text, .. }) = &cmd.stdin
        {
            cmd.args.extend(text.split_whitespace().map(Arg::lit));
        }
        let roles = roles.unwrap_or_else(|| Roles::of(&cmd.program));
        // Emptied by the emit that left it (drained below).
        let mut nested = std::mem::take(&mut self.spare_nested);
        effects::extract(&mut cmd, roles, &mut nested);
        hidden::commands(&cmd, roles, &mut nested);
        self.names.learn(&cmd);
        if let Some(script) = self.flow_step(&mut cmd, roles, &written) {
            nested.push(effects::Nested::Shell(script));
        }
        let wrappers = if nested.is_empty() {
            Vec::new()
        } else {
            cmd.wrappers.clone()
        };
        self.out.push(cmd);
        for inner in nested.drain(..) {
            let template = SimpleCommand {
                wrappers: wrappers.clone(),
                ..SimpleCommand::default()
            };
            match inner {
                effects::Nested::Words(words, open) => {
                    let t = SimpleCommand {
                        open_args: open,
                        ..template
                    };
                    self.emit(words, t, level + 1);
                }
                effects::Nested::Shell(text) => self.nested(&text, &template, level),
                effects::Nested::Guess(text) => {
                    let known = self.problems.len();
                    self.nested(&text, &template, level);
                    self.problems.truncate(known);
                }
                effects::Nested::Dynamic(text) => {
                    self.problem(Problem::DynamicProgram(super::snippet(&text)));
                }
            }
        }
        // A nested emit may have kept a buffer meanwhile: the larger stays.
        if nested.capacity() > self.spare_nested.capacity() {
            self.spare_nested = nested;
        }
    }

    /// A variable assigned on its own (`export GIT_SSH_COMMAND='…'`).
    pub(crate) fn assigned(&mut self, text: &str, level: usize) {
        let mut found = Vec::new();
        hidden::env_commands(&[hidden::without_export(text)], &mut found);
        let template = SimpleCommand::default();
        for inner in found {
            match inner {
                effects::Nested::Shell(t) | effects::Nested::Guess(t) => {
                    self.nested(&t, &template, level);
                }
                effects::Nested::Dynamic(t) => {
                    self.problem(Problem::DynamicProgram(super::snippet(&t)));
                }
                effects::Nested::Words(w, open) => {
                    let t = SimpleCommand {
                        open_args: open,
                        ..SimpleCommand::default()
                    };
                    self.emit(w, t, level + 1);
                }
            }
        }
    }

    /// Parses a nested shell string; the commands it yields inherit wrappers.
    fn nested(&mut self, text: &str, outer: &SimpleCommand, level: usize) {
        let before = self.out.len();
        self.parse_into(text, level + 1);
        if outer.wrappers.is_empty() {
            return;
        }
        // The outer wrappers come first, then the command's own.
        for c in self.out.iter_mut().skip(before) {
            c.wrappers.splice(0..0, outer.wrappers.iter().cloned());
        }
    }
}

fn unwrap(prog: &str, roles: Roles, rest: &[Arg], cmd: &mut SimpleCommand) -> Unwrap {
    // Most programs run nothing given in their words: one bit test instead
    // of the name compared with every wrapper and launcher below.
    if !roles.wrapper() {
        return Unwrap::No;
    }
    unwrap_named(prog, roles, rest, cmd)
}

/// [`unwrap`] by the program's name: `Unwrap::No` for every name without
/// the wrapper role (`normalize/tests.rs` checks each name in these files).
fn unwrap_named(prog: &str, roles: Roles, rest: &[Arg], cmd: &mut SimpleCommand) -> Unwrap {
    match prog {
        "sudo" => skip_flags(
            rest,
            &[
                "u",
                "g",
                "p",
                "C",
                "h",
                "U",
                "r",
                "t",
                "D",
                "R",
                "T",
                "user",
                "group",
                "prompt",
                "close-from",
                "host",
                "other-user",
                "role",
                "type",
                "chdir",
                "chroot",
                "command-timeout",
            ],
            // `-s`/`-i`/`-k` with a command still run it (through the shell).
            &["e", "l", "v", "K", "V", "edit", "list", "validate"],
        ),
        "doas" => skip_flags(rest, &["u", "C"], &["s"]),
        "env" => unwrap_env(rest, cmd),
        "nohup" | "builtin" | "unbuffer" | "chronic" | "nocache" | "caffeinate" | "busybox"
        | "toybox" => skip_flags(rest, &[], &[]),
        "time" => skip_flags(rest, &["f", "o", "format", "output"], &[]),
        "setsid" => skip_flags(rest, &[], &["V", "version", "h", "help"]),
        "command" => skip_flags(rest, &[], &["v", "V"]),
        "exec" => skip_flags(rest, &["a"], &[]),
        "nice" => skip_flags(rest, &["n", "adjustment"], &[]),
        "ionice" => skip_flags(
            rest,
            &["c", "n", "class", "classdata"],
            &["p", "P", "u", "pid", "pgid", "uid"],
        ),
        "stdbuf" => skip_flags(rest, &["i", "o", "e", "input", "output", "error"], &[]),
        "timeout" => match skip_flags(rest, &["s", "k", "signal", "kill-after"], &[]) {
            Unwrap::Skip(n) if n < rest.len() => Unwrap::Skip(n + 1),
            _ => Unwrap::No,
        },
        "xargs" => {
            cmd.open_args = true;
            if bomb::unbounded_xargs(rest, cmd.stdin.as_ref()) {
                cmd.effects.push(crate::action::Effect::ForkBomb);
            }
            match skip_flags(
                rest,
                &[
                    "n",
                    "I",
                    "P",
                    "d",
                    "L",
                    "s",
                    "E",
                    "a",
                    "max-args",
                    "replace",
                    "max-procs",
                    "delimiter",
                    "max-lines",
                    "max-chars",
                    "eof",
                    "arg-file",
                ],
                &[],
            ) {
                Unwrap::Skip(n) => Unwrap::Skip(n),
                // bare `xargs` runs echo
                _ => Unwrap::No,
            }
        }
        "watch" => {
            let split_at = flag_end(rest, &["n", "interval", "g", "q"]);
            let Some(tail) = rest.get(split_at..).filter(|t| !t.is_empty()) else {
                return Unwrap::No;
            };
            let exec = rest
                .get(..split_at)
                .unwrap_or_default()
                .iter()
                .any(|a| a.text == "-x" || a.text == "--exec");
            if exec {
                Unwrap::Skip(split_at)
            } else {
                Unwrap::Shell(join_texts(tail), tail.iter().any(|a| a.remote))
            }
        }
        "su" => {
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                if a.text == "-c" || a.text == "--command" {
                    return it
                        .next()
                        .map_or(Unwrap::No, |s| Unwrap::Shell(s.text.to_string(), s.remote));
                }
                if let Some(c) = a.text.strip_prefix("--command=") {
                    return Unwrap::Shell(c.to_owned(), a.remote);
                }
            }
            Unwrap::No
        }
        "eval" => {
            if rest.is_empty() || rest.iter().all(|a| super::flow::init_hook(&a.text)) {
                return Unwrap::No;
            }
            if let Some(a) = rest.iter().find(|a| a.dynamic && !a.remote) {
                return Unwrap::Dynamic(a.text.to_string());
            }
            Unwrap::Shell(join_texts(rest), rest.iter().any(|a| a.remote))
        }
        _ if roles.shell() => match shell_command_string(rest) {
            Some(a) if a.remote => Unwrap::Shell(String::new(), true),
            Some(a) if a.dynamic => Unwrap::Dynamic(a.text.to_string()),
            Some(a) => Unwrap::Shell(a.text.to_string(), false),
            None => Unwrap::No,
        },
        _ => match launchers::launch(prog, rest) {
            Launch::Skip(n) => Unwrap::Skip(n),
            Launch::Shell(text, remote) => Unwrap::Shell(text, remote),
            Launch::No => Unwrap::No,
        },
    }
}

/// Skips leading flags (`value` names take a value); `stop` names mean the
/// wrapper runs no command. Returns how many words to drop.
fn skip_flags(rest: &[Arg], value: &[&str], stop: &[&str]) -> Unwrap {
    let end = flag_end(rest, value);
    let head = rest.get(..end).unwrap_or_default();
    let split: Split<'_> = flags::split(head, &|n| value.contains(&n));
    if split.has(stop) || end >= rest.len() {
        return Unwrap::No;
    }
    Unwrap::Skip(end)
}

/// The index of the first word that is not a flag or a flag's value.
fn flag_end(rest: &[Arg], value: &[&str]) -> usize {
    let mut i = 0;
    while let Some(a) = rest.get(i) {
        let t = a.text.as_str();
        if t == "--" {
            return i + 1;
        }
        if !t.starts_with('-') || t == "-" || a.dynamic {
            return i;
        }
        i += 1;
        if let Some(long) = t.strip_prefix("--") {
            if !long.contains('=') && value.contains(&long) {
                i += 1;
            }
        } else if let Some(last) = t.chars().last() {
            let bundle = t.get(1..).unwrap_or_default();
            let first_value = bundle.char_indices().find(|(_, c)| {
                value
                    .iter()
                    .any(|v| v.len() == c.len_utf8() && v.starts_with(*c))
            });
            if let Some((pos, c)) = first_value
                && pos + c.len_utf8() == bundle.len()
                && last == c
            {
                i += 1;
            }
        }
    }
    i
}

fn unwrap_env(rest: &[Arg], cmd: &mut SimpleCommand) -> Unwrap {
    let mut i = 0;
    while let Some(a) = rest.get(i) {
        let t = a.text.as_str();
        if t == "-S" || t == "--split-string" {
            return rest.get(i + 1).map_or(Unwrap::No, |s| {
                let mut all = s.text.to_string();
                for more in rest.get(i + 2..).unwrap_or_default() {
                    all.push(' ');
                    all.push_str(&more.text);
                }
                Unwrap::Shell(all, s.remote)
            });
        }
        if let Some(s) = t
            .strip_prefix("--split-string=")
            .or_else(|| t.strip_prefix("-S").filter(|s| !s.is_empty()))
        {
            return Unwrap::Shell(s.to_owned(), a.remote);
        }
        if matches!(t, "-u" | "--unset" | "-C" | "--chdir") {
            i += 2;
        } else if t.starts_with('-') && t != "-" {
            i += 1;
        } else if !a.dynamic && t.contains('=') && !t.starts_with('=') {
            cmd.assignments.push(t.to_owned());
            i += 1;
        } else {
            break;
        }
    }
    if i >= rest.len() {
        Unwrap::No
    } else {
        Unwrap::Skip(i)
    }
}

/// The `-c STRING` of a shell invocation, if it has one.
fn shell_command_string(rest: &[Arg]) -> Option<&Arg> {
    let mut it = rest.iter();
    let mut want = false;
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if want {
            return Some(a);
        }
        if t == "--" || !(t.starts_with('-') || t.starts_with('+')) {
            return None;
        }
        if t == "-o" || t == "+o" || t == "-O" || t == "+O" || t == "--rcfile" || t == "--init-file"
        {
            it.next();
            continue;
        }
        if !t.starts_with("--") && t.contains('c') {
            want = true;
        }
    }
    None
}

pub(crate) fn is_decoder(c: &SimpleCommand) -> bool {
    let has = |names: &[&str]| c.args.iter().any(|a| names.contains(&a.text.as_str()));
    match c.program.as_str() {
        "base64" | "base32" | "basenc" => has(&["-d", "--decode", "-D"]),
        "xxd" => has(&["-r", "-revert"]) || c.args.iter().any(|a| a.text.starts_with("-r")),
        "uudecode" => true,
        "openssl" => has(&["-d", "base64"]) && has(&["-d"]),
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod tests;
