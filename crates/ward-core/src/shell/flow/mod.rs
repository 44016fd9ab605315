//! One analysis of the whole line: what each simple command produces and
//! consumes, in execution order.
//!
//! - *Sources*: network fetchers and clients, decoders, secret reads,
//!   environment dumps, archives of the project or a home directory.
//! - *Carriers*: pipes, files written by redirection or `-o`/`-O`, `tee`,
//!   `dd of=`, file descriptors (`exec 3>`), copies and renames (`cp`, `mv`,
//!   `ln`, `install`, `rsync`), extraction of archives, and variables
//!   (`X=$(curl …)`).
//! - *Sinks*: anything that runs code (a shell or interpreter reading the
//!   carrier, `source`, running the file by path, `xargs sh -c`), and anything
//!   that sends data off the machine.
//!
//! Names are tracked as written (`mv a b; bash b`). A flow that cannot be
//! decided (a computed file name, files extracted from a downloaded archive)
//! is a problem, so the line is ambiguous rather than allowed.

use crate::action::{Arg, Effect, PathClass, Problem, SimpleCommand, Stdin};
use crate::paths::{classify, is_secret};
use crate::shell::bomb;
use crate::shell::generated;
use crate::shell::netshell::{self, NET_CLIENTS};
use crate::shell::normalize::{FETCHERS, INTERPRETERS, SHELLS, pipe_source};
use crate::shell::word::basename;
use crate::shell::{Src, Walker};
use std::collections::HashMap;

mod carry;
mod io;
mod script;

pub(crate) use script::reads_script_from_stdin;
use script::script_arg;
use tree_sitter::Node;

/// What a stream or a file carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Taint {
    network: bool,
    decoded: bool,
    secret: bool,
    project: bool,
}

impl Taint {
    const NETWORK: Taint = Taint {
        network: true,
        decoded: false,
        secret: false,
        project: false,
    };

    fn or(self, o: Taint) -> Taint {
        Taint {
            network: self.network || o.network,
            decoded: self.decoded || o.decoded,
            secret: self.secret || o.secret,
            project: self.project || o.project,
        }
    }

    /// Runs as code, this is downloaded or decoded code.
    fn code(self) -> bool {
        self.network || self.decoded
    }

    fn source(self) -> &'static str {
        if self.network { "download" } else { "decode" }
    }
}

/// A variable assigned on the line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Var {
    /// Its value when static; `None` when only known at run time.
    pub(crate) value: Option<String>,
    /// It holds downloaded or decoded data.
    pub(crate) remote: bool,
    /// It holds secret data, or the project's.
    data: Taint,
}

/// The dataflow state of one line, owned by the [`Walker`] for one parse.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    files: HashMap<String, Taint>,
    /// Open descriptors: the file they name (if any) and what they carry.
    fds: HashMap<u32, (Option<String>, Taint)>,
    /// Carried by files whose names are only known at run time.
    wild: Taint,
    /// Output of the command at this index of `Walker::out`.
    out: HashMap<usize, Taint>,
    pub(crate) vars: HashMap<String, Var>,
    /// Inside a branch, loop or function body: assignments are not static.
    pub(crate) cond: usize,
    /// Static text written to files on the line (`echo 'rm -rf ~' > x.sh`).
    texts: HashMap<String, String>,
    /// What a `coproc` reads from and whether it is a shell reading code.
    coproc: Taint,
    coproc_shell: bool,
    /// What an output process substitution `>(…)` of the command being read
    /// receives.
    pub(crate) proc_feed: Option<Stdin>,
    /// What the substitutions and variables in the words being read carry;
    /// taken by the command (or assignment) that owns those words.
    pending: Taint,
    /// Functions defined so far: name, the programs they call, and whether
    /// they run them concurrently.
    pub(crate) funcs: Vec<(String, Vec<String>, bool)>,
}

/// Programs whose output says nothing of their input's content.
const OPAQUE: &[&str] = &[
    "wc",
    "md5sum",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "ls",
    "stat",
    "file",
    "du",
    "test",
    "[",
    "chmod",
    "chown",
    "touch",
    "rm",
    "mkdir",
    "true",
    "false",
    "echo",
    "printf",
    "sleep",
    "cd",
    "export",
    "jq",
    "grep",
    "diff",
    "cmp",
];

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

/// Programs that install or run a package file they are given.
const INSTALLERS: &[&str] = &[
    "dpkg",
    "rpm",
    "apt",
    "apt-get",
    "yum",
    "dnf",
    "zypper",
    "pacman",
    "pip",
    "pip3",
    "pipx",
    "uv",
    "npm",
    "pnpm",
    "yarn",
    "gem",
    "java",
    "installer",
    "snap",
    "flatpak",
    "apk",
    "helm",
];

/// Programs that archive what they are given.
const ARCHIVERS: &[&str] = &[
    "tar", "gtar", "bsdtar", "zip", "7z", "7za", "7zr", "rar", "pax", "cpio", "zstd", "xz", "gzip",
    "bzip2", "pigz", "lz4",
];

fn key(name: &str) -> String {
    let mut k = name.trim();
    while let Some(rest) = k.strip_prefix("./") {
        k = rest;
    }
    k.trim_end_matches('/').to_owned()
}

fn is_dynamic_text(t: &str) -> bool {
    t.contains('$') || t.contains('`')
}

fn is_code_program(p: &str) -> bool {
    SHELLS.contains(&p)
        || INTERPRETERS.contains(&p)
        || p.starts_with("python3.")
        || p.starts_with("python2.")
}

impl Flow {
    fn file(&self, name: &str) -> Option<Taint> {
        self.files.get(&key(name)).copied()
    }

    /// What reading the file `name` gives: written on the line, or its class.
    fn read(&self, name: &str) -> Taint {
        let mut t = self.file(name).unwrap_or_default();
        if name.starts_with("/dev/tcp/") || name.starts_with("/dev/udp/") {
            t.network = true;
        }
        if is_secret(name) || name.starts_with("/proc/") && name.ends_with("/environ") {
            t.secret = true;
        }
        match classify(name, "", "") {
            PathClass::Home | PathClass::Root => t.secret = true,
            PathClass::Project => t.project = true,
            PathClass::InHome if name.starts_with("~/.") => t.project = true,
            _ => {}
        }
        t
    }

    fn write(&mut self, name: &str, t: Taint, append: bool) {
        // A computed name may be any file; it is also tracked as written,
        // so `curl -o "$f" …; sh "$f"` keeps the flow.
        if is_dynamic_text(name) {
            self.wild = self.wild.or(t);
        }
        let k = key(name);
        let old = if append {
            self.files.get(&k).copied().unwrap_or_default()
        } else {
            Taint::default()
        };
        self.files.insert(k, old.or(t));
    }

    /// A file written on this line into a directory of `PATH`, run by name.
    fn installed(&self, program: &str) -> Option<Taint> {
        const PATH_DIRS: &[&str] = &[
            "/usr/local/bin",
            "/usr/bin",
            "/bin",
            "/usr/sbin",
            "/sbin",
            "/usr/local/sbin",
            "~/bin",
            "~/.local/bin",
            "~/.cargo/bin",
            "/opt/bin",
        ];
        self.files.iter().find_map(|(k, t)| {
            let (dir, name) = k.rsplit_once('/')?;
            (name == program && PATH_DIRS.contains(&dir)).then_some(*t)
        })
    }

    fn any_code(&self) -> bool {
        self.wild.code() || self.files.values().any(|t| t.code())
    }

    fn fd(&self, n: &str) -> Option<Taint> {
        if n.contains("COPROC") {
            return Some(self.coproc);
        }
        let n: u32 = n.trim_start_matches('&').parse().ok()?;
        self.fds.get(&n).map(|(file, t)| match file {
            Some(f) => t.or(self.file(f).unwrap_or_default()),
            None => *t,
        })
    }
}

impl Walker {
    /// What the next pipeline stage reads, given the commands of this one
    /// (those from index `start` on): [`pipe_source`] plus the line's flows.
    pub(crate) fn feed(&self, start: usize) -> Option<Stdin> {
        let stage = self.out.get(start..).unwrap_or_default();
        let mut stdin = pipe_source(stage)?;
        let mut t = Taint::default();
        for i in start..self.out.len() {
            t = t.or(self.flow.out.get(&i).copied().unwrap_or_default());
        }
        if let Stdin::Pipe {
            network,
            decoded,
            secret,
            project,
            text,
            ..
        } = &mut stdin
        {
            *network |= t.network;
            *decoded |= t.decoded;
            *secret |= t.secret;
            *project |= t.project;
            if let Some(last) = stage.last()
                && matches!(last.program.as_str(), "echo" | "printf")
                && let Some(out) = generated::output(last)
            {
                *text = out;
            }
        }
        Some(stdin)
    }

    /// Reads `$X`/`${X…}` from a variable assigned earlier on the line.
    /// Returns `false` (leaving `arg` to the caller) when it is not one.
    pub(super) fn static_value(&mut self, node: Node<'_>, src: Src<'_>, arg: &mut Arg) -> bool {
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
        self.flow.vars.insert(
            name.to_owned(),
            Var {
                value: stat.then(|| value.text.clone()),
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

    /// `curl … | xargs sh -c '{}'`: xargs hands downloaded text to a shell.
    pub(crate) fn xargs_feeds_code(&self, cmd: &SimpleCommand) -> bool {
        cmd.wrappers.iter().any(|w| w == "xargs") && self.input(cmd).code()
    }

    /// The whole-line pass for one normalised command, before it is recorded:
    /// adds flow effects to `cmd` and updates what files and descriptors carry.
    /// `first` is the program word as written (`./p`, not `p`).
    /// Returns the static text of a script file the command runs, to be
    /// parsed as commands in turn.
    pub(crate) fn flow_step(&mut self, cmd: &mut SimpleCommand, first: &str) -> Option<String> {
        let idx = self.out.len();
        let in_words = std::mem::take(&mut self.flow.pending);
        let p = cmd.program.clone();
        let p = p.as_str();
        let mut input = self.input(cmd);
        if matches!(cmd.stdin, Some(Stdin::Here { .. })) {
            // `bash <<< "$(curl …)"`: the here-string carries the download.
            input.network |= in_words.network;
            input.decoded |= in_words.decoded;
        }
        let mut fx = Vec::new();

        // Sinks that run code.
        if is_code_program(p) || matches!(p, "source" | ".") {
            match script_arg(p, &cmd.args) {
                Some(script) => {
                    let dynamic = script.dynamic || is_dynamic_text(&script.text);
                    match self.flow.file(&script.text) {
                        Some(t) if t.code() => fx.push(Effect::RunsRemoteCode {
                            source: t.source().into(),
                        }),
                        _ if dynamic && self.flow.any_code() => {
                            self.unknown(
                                cmd,
                                "it runs a file whose name is only known at run time",
                            );
                        }
                        None if self.flow.wild.code() => {
                            self.unknown(cmd, "it runs a file that may come from the download");
                        }
                        _ => {}
                    }
                }
                None => {
                    let xargs = cmd.open_args && cmd.wrappers.iter().any(|w| w == "xargs");
                    if input.code() && (reads_script_from_stdin(cmd) || xargs) {
                        fx.push(Effect::RunsRemoteCode {
                            source: input.source().into(),
                        });
                    }
                }
            }
        } else if first.contains('/') && !is_dynamic_text(first) {
            match self.flow.file(first) {
                Some(t) if t.code() => fx.push(Effect::RunsRemoteCode {
                    source: t.source().into(),
                }),
                Some(_) => {}
                None if self.flow.wild.code()
                    && !first.starts_with("/usr/")
                    && !first.starts_with("/bin/") =>
                {
                    self.unknown(cmd, "it runs a file that may come from the download");
                }
                None => {}
            }
        } else if let Some(t) = self.flow.installed(p).filter(|t| t.code()) {
            fx.push(Effect::RunsRemoteCode {
                source: t.source().into(),
            });
        } else if is_dynamic_text(first) && self.flow.any_code() {
            self.unknown(cmd, "it runs a program named only at run time");
        }
        // `dpkg -i x.deb`, `java -jar x.jar`, `pip install x.whl` of a download.
        if INSTALLERS.contains(&p)
            && let Some(t) = cmd
                .args
                .iter()
                .filter_map(|a| self.flow.file(&a.text))
                .find(|t| t.code())
        {
            fx.push(Effect::RunsRemoteCode {
                source: t.source().into(),
            });
        }
        if netshell::inline_exfiltration(cmd) {
            fx.push(Effect::Egress { secret: true });
        }
        if bomb::inline_fork_bomb(cmd) {
            fx.push(Effect::ForkBomb);
        }

        let out = self.output(cmd, input);
        if p == "printf"
            && let Some((Some(var), text)) = generated::printf(&cmd.args)
        {
            let stat = self.flow.cond == 0 && !cmd.args.iter().any(|a| a.dynamic);
            let remote = cmd.args.iter().any(|a| a.remote);
            self.flow.vars.insert(
                var,
                Var {
                    value: stat.then_some(text),
                    remote,
                    data: in_words,
                },
            );
        }

        // Network shells.
        let net_redirect = cmd.redirects.iter().any(|r| {
            r.target.starts_with("/dev/tcp/")
                || r.target.starts_with("/dev/udp/")
                || r.op.contains('&') && self.flow.fd(&r.target).is_some_and(|t| t.network)
        });
        let shell_fed = NET_CLIENTS.contains(&p)
            && matches!(&cmd.stdin, Some(Stdin::Pipe { from, .. })
                if is_code_program(from)
                    && self.out.iter().rev().find(|c| &c.program == from)
                        .is_some_and(reads_script_from_stdin));
        if netshell::serves_shell(cmd)
            || shell_fed
            || net_redirect
                && is_code_program(p)
                && (reads_script_from_stdin(cmd) || cmd.args.iter().any(|a| a.text == "-i"))
        {
            fx.push(Effect::NetworkShell);
        }

        // Sinks that send data off the machine.
        let mut sent = self.sent(cmd, input, out);
        if FETCHERS.contains(&p)
            || NET_CLIENTS.contains(&p)
            || matches!(
                p,
                "ssh"
                    | "mail"
                    | "mailx"
                    | "sendmail"
                    | "nslookup"
                    | "dig"
                    | "host"
                    | "drill"
                    | "ping"
            )
        {
            sent = sent.or(in_words);
        }
        if sent.secret {
            fx.push(Effect::Egress { secret: true });
        } else if sent.project {
            fx.push(Effect::Upload {
                what: "project".into(),
            });
        }

        // `coproc nc h 1`, `coproc bash`: its descriptors carry the network,
        // or feed a shell.
        if p == "coproc"
            && let Some(inner) = cmd
                .args
                .iter()
                .map(|a| basename(&a.text))
                .find(|a| !a.is_empty())
        {
            if NET_CLIENTS.contains(&inner) || FETCHERS.contains(&inner) {
                self.flow.coproc = Taint::NETWORK;
            }
            let only = cmd.args.iter().skip(1).all(|a| a.text.starts_with('-'));
            self.flow.coproc_shell |= is_code_program(inner) && only;
        }
        if self.flow.coproc_shell
            && out.code()
            && cmd
                .redirects
                .iter()
                .any(|r| r.op.contains('>') && r.target.contains("COPROC"))
        {
            fx.push(Effect::RunsRemoteCode {
                source: out.source().into(),
            });
        }
        // `read -r x < <(curl …)`: the variable holds what was read.
        if p == "read" {
            // `read x < <(curl …)`: the substitution's data is in the words.
            let input = input.or(in_words);
            for a in cmd.args.iter().filter(|a| !a.text.starts_with('-')) {
                self.flow.vars.insert(
                    a.text.clone(),
                    Var {
                        value: None,
                        remote: input.code(),
                        data: input,
                    },
                );
            }
        }
        let script_text = self.generated_script(cmd, p);
        self.keep_text(cmd, p);

        self.carry(cmd, input, out);
        self.flow.out.insert(idx, out);
        for e in fx {
            if !cmd.effects.contains(&e) {
                cmd.effects.push(e);
            }
        }
        script_text
    }

    /// The text a shell runs from a file this line wrote statically.
    fn generated_script(&self, cmd: &SimpleCommand, p: &str) -> Option<String> {
        if !(SHELLS.contains(&p) || matches!(p, "source" | ".")) {
            return None;
        }
        let from_stdin = match &cmd.stdin {
            Some(Stdin::File { path }) => self.flow.texts.get(&key(path)),
            _ => None,
        };
        script_arg(p, &cmd.args)
            .and_then(|a| self.flow.texts.get(&key(&a.text)))
            .or(from_stdin)
            .cloned()
    }

    /// Remembers static text `echo`/`printf`/`cat <<EOF` write to a file.
    fn keep_text(&mut self, cmd: &SimpleCommand, p: &str) {
        let text = match (p, &cmd.stdin) {
            ("echo" | "printf", _) => generated::output(cmd),
            ("cat", Some(Stdin::Here { text })) if cmd.args.is_empty() => Some(text.clone()),
            _ => None,
        };
        for r in &cmd.redirects {
            if !r.op.contains('>') || r.op.contains('&') || r.fd.is_some_and(|n| n != 1) {
                continue;
            }
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
        let name = basename(name);
        let mut feed = stdin.cloned().or_else(|| {
            Some(Stdin::Pipe {
                from: name.to_owned(),
                network: false,
                decoded: false,
                secret: false,
                project: false,
                text: String::new(),
            })
        });
        if let Some(Stdin::Pipe { network, .. }) = &mut feed {
            *network |= FETCHERS.contains(&name) || NET_CLIENTS.contains(&name);
        }
        if let Some(Stdin::File { path }) = stdin {
            let t = self.flow.read(path);
            feed = Some(Stdin::Pipe {
                from: name.to_owned(),
                network: t.network,
                decoded: t.decoded,
                secret: t.secret,
                project: t.project,
                text: String::new(),
            });
        }
        self.flow.proc_feed = feed;
    }

    fn unknown(&mut self, cmd: &SimpleCommand, why: &str) {
        let mut line = cmd.line();
        if line.len() > 60 {
            line = line.chars().take(60).collect::<String>() + "…";
        }
        self.problem(Problem::UnknownFlow(format!("`{line}`: {why}")));
    }
}
