//! Variables assigned on the line, static text it writes into files, and
//! what an output process substitution receives.

use super::script::inline_flags;
use super::{Roles, Taint, Var, after_last, key, key_ref, script_arg};
use crate::action::{Arg, Redirect, SimpleCommand, Stdin};
use crate::shell::generated;
use crate::shell::syntax::Node;
use crate::shell::{Src, Walker};

/// `eval "$(ssh-agent -s)"`, `eval "$(pyenv init -)"`: the shell set-up a
/// local tool prints for exactly this use. Its text is not known statically,
/// but it is the tool's own, not data from the line.
pub(crate) fn init_hook(text: &str) -> bool {
    const HOOKS: &[&str] = &[
        "ssh-agent -s",
        "ssh-agent",
        "pyenv init -",
        "pyenv init --path",
        "pyenv virtualenv-init -",
        "rbenv init -",
        "nodenv init -",
        "direnv hook bash",
        "direnv hook zsh",
        "direnv export bash",
        "brew shellenv",
        "/opt/homebrew/bin/brew shellenv",
        "/home/linuxbrew/.linuxbrew/bin/brew shellenv",
        "starship init bash",
        "starship init zsh",
        "zoxide init bash",
        "zoxide init zsh",
        "fnm env",
        "fnm env --use-on-cd",
        "opam env",
        "dircolors",
        "dircolors -b",
        "conda shell.bash hook",
        "mise activate bash",
        "rtx activate bash",
        "keychain --eval",
        "gpg-agent --daemon",
        "thefuck --alias",
        "luarocks path",
        "jenv init -",
        "goenv init -",
        "plenv init -",
    ];
    let inner = text
        .trim_matches('"')
        .strip_prefix("$(")
        .and_then(|t| t.strip_suffix(')'))
        .map(str::trim);
    inner.is_some_and(|i| HOOKS.contains(&i))
}

/// Builtins that never read standard input, so in `… | (cd d && bash)` the
/// input goes on to the next command of the group.
pub(crate) fn ignores_stdin(name: &str) -> bool {
    matches!(
        name,
        "cd" | "pushd"
            | "popd"
            | "export"
            | "set"
            | "unset"
            | "true"
            | ":"
            | "echo"
            | "printf"
            | "umask"
            | "shopt"
            | "alias"
            | "sleep"
            | "mkdir"
            | "local"
            | "declare"
            | "trap"
    )
}

impl Walker {
    /// Reads `$X`/`${X…}` from a variable assigned earlier on the line.
    /// Returns `false` (leaving `arg` to the caller) when it is not one.
    pub(in crate::shell) fn static_value(
        &mut self,
        node: Node<'_>,
        src: Src<'_>,
        arg: &mut Arg,
    ) -> bool {
        let Some(name) = node
            .named_child(0)
            .filter(|n| n.kind() == "variable_name")
            .map(|n| src.of(n))
        else {
            return false;
        };
        let Some(var) = self.flow.vars.get(name).cloned() else {
            return false;
        };
        arg.remote |= var.remote;
        self.flow.pending = self.flow.pending.or(var.data);
        if node.named_child_count() == 1 {
            match var.value {
                Some(v) => arg.text.push_str(&v),
                None => {
                    arg.text.push_str(src.of(node));
                    arg.dynamic = true;
                }
            }
            return true;
        }
        let vars = &self.flow.vars;
        match generated::expand(src.of(node), |n| vars.get(n).and_then(|v| v.value.clone())) {
            Some((value, assign)) => {
                arg.text.push_str(&value);
                if let Some((n, v)) = assign {
                    self.flow.vars.insert(
                        n,
                        Var {
                            value: Some(v),
                            remote: false,
                            data: Taint::default(),
                        },
                    );
                }
                true
            }
            None => false,
        }
    }

    /// Records `NAME=value` (standalone, or after `export`/`local`/`declare`).
    pub(crate) fn assign(&mut self, name: &str, value: &Arg) {
        let stat = self.flow.cond == 0 && !value.dynamic;
        let data = std::mem::take(&mut self.flow.pending);
        // A variable assigned again (in a loop, or a line that repeats
        // itself) keeps its name and its value's buffer.
        if let Some(var) = self.flow.vars.get_mut(name) {
            match (&mut var.value, stat) {
                (Some(old), true) => {
                    old.clear();
                    old.push_str(&value.text);
                }
                (slot, _) => *slot = stat.then(|| value.text.to_string()),
            }
            var.remote = value.remote;
            var.data = data;
            return;
        }
        self.flow.vars.insert(
            name.to_owned(),
            Var {
                value: stat.then(|| value.text.to_string()),
                remote: value.remote,
                data,
            },
        );
    }

    /// Notes what a `$(…)` fed its word; returns whether that is downloaded
    /// or decoded data.
    pub(crate) fn substituted(&mut self, fed: Option<&Stdin>) -> bool {
        let Some(Stdin::Pipe {
            network,
            decoded,
            secret,
            project,
            ..
        }) = fed
        else {
            return false;
        };
        self.flow.pending = self.flow.pending.or(Taint {
            network: *network,
            decoded: *decoded,
            secret: *secret,
            project: *project,
        });
        *network || *decoded
    }

    /// The text a shell runs from a file this line wrote statically.
    pub(super) fn generated_script(
        &self,
        cmd: &SimpleCommand,
        p: &str,
        r: Roles,
    ) -> Option<String> {
        // Only text the line wrote can be read back.
        if self.flow.texts.is_empty() {
            return None;
        }
        let reads_file_text = r.inline_code()
            && (matches!(
                p,
                "python" | "python2" | "python3" | "node" | "nodejs" | "perl" | "ruby" | "php"
            ) || p.starts_with("python3."));
        if let Some(flag) = inline_flags(p).first().filter(|_| reads_file_text) {
            // `printf 'import os…' > a.py && python3 a.py`: read as `python3 -c TEXT`.
            let text =
                script_arg(p, &cmd.args).and_then(|a| self.flow.texts.get(key_ref(&a.text)))?;
            return Some(format!("{p} {flag} {}", crate::shell::render_word(text)));
        }
        if !(r.shell() || r.source()) {
            return None;
        }
        let from_stdin = match &cmd.stdin {
            Some(Stdin::File { path }) => self.flow.texts.get(key_ref(path)),
            _ => None,
        };
        script_arg(p, &cmd.args)
            .and_then(|a| self.flow.texts.get(key_ref(&a.text)))
            .or(from_stdin)
            .cloned()
    }

    /// Remembers static text `echo`/`printf`/`cat <<EOF` write to a file.
    pub(super) fn keep_text(&mut self, cmd: &SimpleCommand, p: &str) {
        if !cmd.redirects.iter().any(writes_stdout) {
            return;
        }
        let text = match (p, &cmd.stdin) {
            ("echo" | "printf", _) => generated::output(cmd),
            ("cat", Some(Stdin::Here { text })) if cmd.args.is_empty() => Some(text.clone()),
            _ => None,
        };
        for r in cmd.redirects.iter().filter(|r| writes_stdout(r)) {
            let k = key(&r.target);
            match &text {
                Some(t) if r.op.contains(">>") => {
                    if let Some(old) = self.flow.texts.get_mut(&k) {
                        old.push_str(t);
                    }
                }
                Some(t) => {
                    self.flow.texts.insert(k, t.clone());
                }
                None => {
                    self.flow.texts.remove(&k);
                }
            }
        }
    }

    /// Sets what `>(…)` in the words of the command named `name` receives:
    /// its input, or the network when it is a fetcher.
    pub(crate) fn set_proc_feed(&mut self, name: &str, stdin: Option<&Stdin>) {
        // `word::basename`, without its char searcher.
        let name = after_last(name, b'/');
        let net = || {
            let r = Roles::of(name);
            r.fetcher() || r.net_client()
        };
        match stdin {
            Some(Stdin::Pipe {
                from,
                network,
                decoded,
                secret,
                project,
                text,
                transformed,
            }) => {
                let t = Taint {
                    network: *network || net(),
                    decoded: *decoded,
                    secret: *secret,
                    project: *project,
                };
                set_pipe(&mut self.flow.proc_feed, from, t, text, *transformed);
            }
            Some(Stdin::File { path }) => {
                let t = self.flow.read(path);
                set_pipe(&mut self.flow.proc_feed, name, t, "", false);
            }
            Some(here @ Stdin::Here { .. }) => self.flow.proc_feed = Some(here.clone()),
            None => {
                let t = Taint {
                    network: net(),
                    ..Taint::default()
                };
                set_pipe(&mut self.flow.proc_feed, name, t, "", false);
            }
        }
    }
}

/// A redirection of standard output into a file (not `>&`, not `2>`).
fn writes_stdout(r: &Redirect) -> bool {
    r.op.contains('>') && !r.op.contains('&') && r.fd.is_none_or(|n| n == 1)
}

/// Makes `slot` the pipe these say, in the strings it already holds: the
/// feed is set for every command and read for the few with a `>(…)`.
fn set_pipe(slot: &mut Option<Stdin>, from: &str, t: Taint, text: &str, transformed: bool) {
    if let Some(Stdin::Pipe {
        from: f,
        network,
        decoded,
        secret,
        project,
        text: x,
        transformed: tr,
    }) = slot
    {
        f.clear();
        f.push_str(from);
        x.clear();
        x.push_str(text);
        *network = t.network;
        *decoded = t.decoded;
        *secret = t.secret;
        *project = t.project;
        *tr = transformed;
    } else {
        *slot = Some(Stdin::Pipe {
            from: from.into(),
            network: t.network,
            decoded: t.decoded,
            secret: t.secret,
            project: t.project,
            text: text.to_owned(),
            transformed,
        });
    }
}
