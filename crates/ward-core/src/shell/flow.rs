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

use super::flags;
use super::generated;
use super::netshell::{self, NET_CLIENTS};
use super::normalize::{FETCHERS, INTERPRETERS, SHELLS, is_decoder, pipe_source};
use super::word::basename;
use super::{Src, Walker};
use crate::action::{Arg, Effect, PathClass, Problem, SimpleCommand, Stdin};
use crate::paths::{classify, is_secret};
use std::collections::HashMap;
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
        self.flow.pending.secret |= *secret;
        self.flow.pending.project |= *project;
        *network || *decoded
    }

    /// `curl … | xargs sh -c '{}'`: xargs hands downloaded text to a shell.
    pub(crate) fn xargs_feeds_code(&self, cmd: &SimpleCommand) -> bool {
        cmd.wrappers.iter().any(|w| w == "xargs") && self.input(cmd).code()
    }

    /// The whole-line pass for one normalised command, before it is recorded:
    /// adds flow effects to `cmd` and updates what files and descriptors carry.
    /// `first` is the program word as written (`./p`, not `p`).
    pub(crate) fn flow_step(&mut self, cmd: &mut SimpleCommand, first: &str) {
        let idx = self.out.len();
        let in_words = std::mem::take(&mut self.flow.pending);
        let p = cmd.program.clone();
        let p = p.as_str();
        let input = self.input(cmd);
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

        self.carry(cmd, input, out);
        self.flow.out.insert(idx, out);
        for e in fx {
            if !cmd.effects.contains(&e) {
                cmd.effects.push(e);
            }
        }
    }

    fn unknown(&mut self, cmd: &SimpleCommand, why: &str) {
        let mut line = cmd.line();
        if line.len() > 60 {
            line = line.chars().take(60).collect::<String>() + "…";
        }
        self.problem(Problem::UnknownFlow(format!("`{line}`: {why}")));
    }

    /// What `cmd` reads on standard input.
    fn input(&self, cmd: &SimpleCommand) -> Taint {
        let mut t = match &cmd.stdin {
            Some(Stdin::Pipe {
                network,
                decoded,
                secret,
                project,
                ..
            }) => Taint {
                network: *network,
                decoded: *decoded,
                secret: *secret,
                project: *project,
            },
            Some(Stdin::File { path }) => self.flow.read(path),
            _ => Taint::default(),
        };
        for r in &cmd.redirects {
            if r.op.starts_with('<') && r.op.contains('&') && r.fd.is_none_or(|n| n == 0) {
                t = t.or(self.flow.fd(&r.target).unwrap_or_default());
            } else if r.op == "<" && r.fd.is_none_or(|n| n == 0) {
                t = t.or(self.flow.read(&r.target));
            }
        }
        t
    }

    /// What `cmd` writes to its standard output (and to files it names as output).
    fn output(&self, cmd: &SimpleCommand, input: Taint) -> Taint {
        let p = cmd.program.as_str();
        let mut t = Taint::default();
        if !OPAQUE.contains(&p) {
            t = input;
            for a in &cmd.args {
                let name = a.text.strip_prefix("if=").unwrap_or(&a.text);
                if let Some(f) = self.flow.file(name) {
                    t = t.or(f);
                }
            }
        }
        let sub = cmd.args.first().map(|a| a.text.as_str());
        t.network |= FETCHERS.contains(&p)
            || NET_CLIENTS.contains(&p)
            || matches!(p, "ssh" | "sftp" | "ftp" | "lftp" | "tftp")
            || p == "git" && cmd.args.iter().any(|a| a.text.starts_with("--remote"))
            || cmd.args.iter().any(|a| a.remote);
        t.decoded |= is_decoder(cmd)
            || p == "gpg"
                && cmd
                    .args
                    .iter()
                    .any(|a| a.text == "-d" || a.text == "--decrypt");
        t.secret |= prints_secrets(cmd);
        if ARCHIVERS.contains(&p) || p == "git" && matches!(sub, Some("archive" | "bundle")) {
            t.project |= p == "git";
            for a in cmd.args.iter().filter(|a| !a.text.starts_with('-')) {
                t = t.or(self.flow.read(&a.text));
            }
        }
        t
    }

    /// What `cmd` sends off the machine.
    fn sent(&self, cmd: &SimpleCommand, input: Taint, out: Taint) -> Taint {
        let p = cmd.program.as_str();
        let mut t = Taint::default();
        for r in &cmd.redirects {
            let to_net = r.target.starts_with("/dev/tcp/") || r.target.starts_with("/dev/udp/");
            let to_fd = r.op.contains('>')
                && r.op.contains('&')
                && self.flow.fd(&r.target).is_some_and(|f| f.network);
            if (to_net || to_fd) && r.op.contains('>') {
                t = t.or(out);
            }
        }
        let args = &cmd.args;
        let file = |name: &str| {
            if name == "-" || name == "." && p == "curl" {
                input
            } else {
                self.flow.read(name)
            }
        };
        match p {
            "curl" | "wget" | "http" | "https" | "xh" | "httpie" | "curlie" | "lwp-request"
            | "GET" | "POST" => {
                if matches!(p, "http" | "https" | "xh" | "httpie" | "curlie" | "POST") {
                    t = t.or(input);
                }
                let mut it = args.iter().peekable();
                while let Some(a) = it.next() {
                    let s = a.text.as_str();
                    if matches!(s, "-T" | "--upload-file" | "--post-file" | "--body-file") {
                        if let Some(v) = it.next() {
                            t = t.or(file(&v.text));
                        }
                        continue;
                    }
                    for prefix in ["--upload-file=", "--post-file=", "--body-file="] {
                        if let Some(v) = s.strip_prefix(prefix) {
                            t = t.or(file(v));
                        }
                    }
                    if let Some(v) = s.strip_prefix("-T").filter(|v| !v.is_empty()) {
                        t = t.or(file(v));
                    }
                    let at = if let Some(v) = s.strip_prefix('@') {
                        Some(v)
                    } else {
                        s.find("=@").and_then(|i| s.get(i + 2..))
                    };
                    if let Some(v) = at {
                        let v = v.split(';').next().unwrap_or(v);
                        t = t.or(file(v));
                    }
                }
            }
            "ssh" | "mail" | "mailx" | "mutt" | "sendmail" | "msmtp" | "s-nail" => {
                t = t.or(input);
                let mut it = args.iter();
                while let Some(a) = it.next() {
                    if matches!(a.text.as_str(), "-a" | "-A" | "--attach")
                        && p != "ssh"
                        && let Some(v) = it.next()
                    {
                        t = t.or(file(&v.text));
                    }
                }
            }
            "socat" => {
                for a in args {
                    let lower = a.text.to_ascii_lowercase();
                    if a.text == "-" || lower.starts_with("stdin") || lower.starts_with("stdio") {
                        t = t.or(input);
                    }
                    for prefix in ["file:", "open:", "gopen:"] {
                        if let Some(v) = lower.strip_prefix(prefix) {
                            let name = a.text.get(prefix.len()..).unwrap_or(v);
                            t = t.or(file(name.split(',').next().unwrap_or(name)));
                        }
                    }
                }
            }
            _ if NET_CLIENTS.contains(&p) => t = t.or(input),
            "scp" | "rsync" | "sftp" | "rclone" | "gsutil" | "aws" | "s3cmd" | "gcloud"
            | "azcopy" => {
                let s = flags::split(args, &|n| {
                    matches!(
                        n,
                        "e" | "i"
                            | "P"
                            | "o"
                            | "F"
                            | "l"
                            | "S"
                            | "c"
                            | "J"
                            | "rsh"
                            | "exclude"
                            | "include"
                            | "filter"
                            | "profile"
                            | "region"
                            | "config"
                    )
                });
                let pos: Vec<&Arg> = s
                    .positional
                    .into_iter()
                    .filter(|a| {
                        !matches!(
                            a.text.as_str(),
                            "s3" | "cp"
                                | "sync"
                                | "mv"
                                | "copy"
                                | "storage"
                                | "put"
                                | "rsync"
                                | "copyto"
                                | "move"
                        )
                    })
                    .collect();
                if let Some((dest, sources)) = pos.split_last() {
                    let remote = dest.text.contains("://")
                        || dest.text.contains(':')
                            && !dest.text.starts_with('/')
                            && !dest.text.starts_with("./");
                    if remote {
                        for a in sources {
                            t = t.or(if a.dynamic {
                                Taint::default()
                            } else {
                                file(&a.text)
                            });
                        }
                    }
                }
            }
            _ => {}
        }
        t.network = false;
        t.decoded = false;
        t
    }

    /// Records what `cmd` writes into files and descriptors.
    fn carry(&mut self, cmd: &SimpleCommand, input: Taint, out: Taint) {
        let p = cmd.program.as_str();
        for r in &cmd.redirects {
            let fd = r.fd.unwrap_or(if r.op.starts_with('<') { 0 } else { 1 });
            if p == "exec" && cmd.args.is_empty() && fd > 2 {
                let (file, t) =
                    if r.target.starts_with("/dev/tcp/") || r.target.starts_with("/dev/udp/") {
                        (None, Taint::NETWORK)
                    } else if r.op.contains('&') {
                        (None, self.flow.fd(&r.target).unwrap_or_default())
                    } else {
                        (Some(key(&r.target)), self.flow.read(&r.target))
                    };
                self.flow.fds.insert(fd, (file, t));
                continue;
            }
            if !r.op.contains('>') || fd == 2 {
                continue;
            }
            if r.op.contains('&') && !matches!(r.op.as_str(), "&>" | "&>>") {
                // `>&3`: into what descriptor 3 names.
                let n: Option<u32> = r.target.parse().ok();
                if let Some((Some(file), _)) = n.and_then(|n| self.flow.fds.get(&n)).cloned() {
                    self.flow.write(&file, out, true);
                }
                continue;
            }
            self.flow.write(&r.target, out, r.op.contains(">>"));
        }
        let args = &cmd.args;
        let net = Taint::NETWORK;
        match p {
            "curl" | "wget" | "aria2c" | "fetch" | "http" | "https" | "xh" => {
                let mut default_name = p == "wget";
                let mut it = args.iter().peekable();
                while let Some(a) = it.next() {
                    let s = a.text.as_str();
                    let long = s.strip_prefix("--");
                    let named = match long {
                        Some("output" | "output-document" | "out") => {
                            it.next().map(|v| v.text.clone())
                        }
                        Some(l) => l
                            .strip_prefix("output=")
                            .or_else(|| l.strip_prefix("output-document="))
                            .or_else(|| l.strip_prefix("out="))
                            .map(str::to_owned),
                        None if s.starts_with('-') && s.len() > 1 => {
                            let bundle = s.get(1..).unwrap_or_default();
                            let out_flag = if p == "wget" { 'O' } else { 'o' };
                            if p == "curl" && bundle.contains('O') && !bundle.contains('o') {
                                default_name = true;
                            }
                            match bundle.find(out_flag) {
                                Some(i) => {
                                    let glued = bundle.get(i + 1..).unwrap_or_default();
                                    if glued.is_empty() {
                                        it.next().map(|v| v.text.clone())
                                    } else {
                                        Some(glued.to_owned())
                                    }
                                }
                                None => None,
                            }
                        }
                        _ => None,
                    };
                    if matches!(long, Some("remote-name" | "remote-name-all")) {
                        default_name = true;
                    }
                    if let Some(name) = named {
                        default_name = false;
                        if name != "-" {
                            self.flow.write(&name, net, false);
                        }
                    }
                }
                if default_name {
                    for a in args.iter().filter(|a| a.text.contains("://")) {
                        let path = a.text.split(['?', '#']).next().unwrap_or_default();
                        let name = basename(path.trim_end_matches('/'));
                        if a.dynamic || name.is_empty() || name.contains(':') {
                            self.flow.wild = self.flow.wild.or(net);
                        } else {
                            self.flow.write(name, net, false);
                        }
                    }
                }
            }
            "tee" => {
                for a in args.iter().filter(|a| !a.text.starts_with('-')) {
                    self.flow.write(&a.text, input, a.text.is_empty());
                }
            }
            "dd" => {
                for a in args {
                    if let Some(of) = a.text.strip_prefix("of=") {
                        self.flow.write(of, out, false);
                    }
                }
            }
            "cp" | "mv" | "ln" | "install" | "rsync" | "scp" | "rclone" => {
                let s = flags::split(args, &|n| {
                    matches!(
                        n,
                        "t" | "S"
                            | "m"
                            | "o"
                            | "g"
                            | "e"
                            | "i"
                            | "P"
                            | "F"
                            | "target-directory"
                            | "suffix"
                            | "mode"
                            | "owner"
                            | "group"
                            | "rsh"
                            | "exclude"
                            | "include"
                            | "filter"
                    )
                });
                let target_dir = args
                    .iter()
                    .position(|a| a.text == "-t")
                    .and_then(|i| args.get(i + 1));
                let (dest, sources): (&Arg, Vec<&Arg>) = match target_dir {
                    Some(d) => (d, s.positional.clone()),
                    None => match s.positional.split_last() {
                        Some((d, src)) if !src.is_empty() => (*d, src.to_vec()),
                        _ => return,
                    },
                };
                for src in sources {
                    let mut t = self.flow.read(&src.text);
                    t.network |= src.text.contains(':') && !src.text.starts_with('/');
                    let local = src.text.rsplit(':').next().unwrap_or(&src.text);
                    let name = basename(local.trim_end_matches('/'));
                    let into = format!("{}/{}", dest.text.trim_end_matches('/'), name);
                    if dest.dynamic {
                        self.flow.wild = self.flow.wild.or(t);
                    } else {
                        self.flow.write(&dest.text, t, true);
                        self.flow.write(&into, t, true);
                    }
                }
            }
            "tar" | "gtar" | "bsdtar" | "zip" | "unzip" | "7z" | "7za" | "gunzip" | "bunzip2"
            | "unxz" | "gzip" | "xz" | "bzip2" | "zstd" | "cpio" | "ar" | "unrar" => {
                let extract = match p {
                    "tar" | "gtar" | "bsdtar" => tar_mode(args) == Some('x'),
                    "7z" | "7za" | "ar" | "unrar" => args
                        .first()
                        .is_some_and(|a| a.text == "x" || a.text == "e" || a.text.starts_with('x')),
                    "gzip" | "xz" | "bzip2" | "zstd" => args
                        .iter()
                        .any(|a| a.text == "-d" || a.text == "--decompress"),
                    "cpio" => args.iter().any(|a| {
                        a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains('i')
                    }),
                    "zip" => false,
                    _ => true,
                };
                if extract {
                    let mut t = input;
                    for a in args.iter().filter(|a| !a.text.starts_with('-')) {
                        t = t.or(self.flow.file(&a.text).unwrap_or_default());
                        if let Some(plain) = a
                            .text
                            .strip_suffix(".gz")
                            .or_else(|| a.text.strip_suffix(".xz"))
                            .or_else(|| a.text.strip_suffix(".bz2"))
                        {
                            let ft = self.flow.file(&a.text).unwrap_or_default();
                            self.flow.write(plain, ft, false);
                        }
                    }
                    if t.code()
                        && !args
                            .iter()
                            .any(|a| a.text == "-O" || a.text == "--to-stdout" || a.text == "-c")
                    {
                        self.flow.wild = self.flow.wild.or(t);
                    }
                } else if matches!(p, "tar" | "gtar" | "bsdtar" | "zip" | "7z" | "7za")
                    && let Some(archive) = archive_name(p, args)
                {
                    self.flow.write(&archive, out, false);
                }
            }
            "xxd" | "base64" | "openssl" | "gpg" => {
                let mut it = args.iter();
                while let Some(a) = it.next() {
                    if matches!(a.text.as_str(), "-out" | "-o" | "--output")
                        && let Some(v) = it.next()
                    {
                        self.flow.write(&v.text, out, false);
                    }
                }
                if p == "xxd" && is_decoder(cmd) {
                    let pos: Vec<&Arg> = args.iter().filter(|a| !a.text.starts_with('-')).collect();
                    if let [_, dest] = pos.as_slice() {
                        self.flow.write(&dest.text, out, false);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `x`, `c`, `t`, … : what a tar invocation does.
fn tar_mode(args: &[Arg]) -> Option<char> {
    for (i, a) in args.iter().enumerate() {
        let t = a.text.as_str();
        match t {
            "--extract" | "--get" => return Some('x'),
            "--create" => return Some('c'),
            "--list" => return Some('t'),
            _ => {}
        }
        let bundle = match t.strip_prefix('-') {
            Some(b) if !b.starts_with('-') => b,
            None if i == 0 => t,
            _ => continue,
        };
        if let Some(m) = bundle
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .find(|c| matches!(c, 'x' | 'c' | 't' | 'r' | 'u' | 'A'))
        {
            return Some(m);
        }
    }
    None
}

/// Secret reads, environment dumps (`env`, `printenv`, `set`,
/// `/proc/*/environ`), shell history and exported private keys.
fn prints_secrets(cmd: &SimpleCommand) -> bool {
    let p = cmd.program.as_str();
    let flags_only = cmd.args.iter().all(|a| a.text.starts_with('-'));
    cmd.effects
        .iter()
        .any(|e| matches!(e, Effect::ReadSecret { .. }))
        || flags_only
            && matches!(
                p,
                "env" | "printenv" | "set" | "export" | "declare" | "typeset" | "history" | "fc"
            )
        || cmd
            .args
            .iter()
            .any(|a| a.text.starts_with("/proc/") && a.text.ends_with("/environ"))
        || p == "gpg"
            && cmd
                .args
                .iter()
                .any(|a| a.text.starts_with("--export-secret"))
}

/// The archive file `tar -czf NAME`, `zip NAME …`, `7z a NAME …` writes.
fn archive_name(p: &str, args: &[Arg]) -> Option<String> {
    match p {
        "zip" => args
            .iter()
            .find(|a| !a.text.starts_with('-'))
            .map(|a| a.text.clone()),
        "7z" | "7za" => args
            .iter()
            .filter(|a| !a.text.starts_with('-'))
            .nth(1)
            .map(|a| a.text.clone()),
        _ => {
            let mut it = args.iter().enumerate();
            while let Some((i, a)) = it.next() {
                let t = a.text.as_str();
                if let Some(v) = t.strip_prefix("--file=") {
                    return Some(v.to_owned());
                }
                if t == "--file" || t == "-f" {
                    return it.next().map(|(_, v)| v.text.clone());
                }
                let bundle = if i == 0 {
                    t.trim_start_matches('-')
                } else {
                    t.strip_prefix('-')?
                };
                if !t.starts_with("--")
                    && bundle.ends_with('f')
                    && bundle.chars().all(|c| c.is_ascii_alphabetic())
                {
                    return it.next().map(|(_, v)| v.text.clone());
                }
            }
            None
        }
    }
}

/// Whether `cmd` is a shell or interpreter that reads its script from
/// standard input (no script file, no `-c`/`-e` code).
pub(crate) fn reads_script_from_stdin(cmd: &SimpleCommand) -> bool {
    is_code_program(&cmd.program) && script(&cmd.program, &cmd.args) == Script::Stdin
}

/// Where a shell or interpreter takes its code from.
#[derive(Debug, PartialEq, Eq)]
enum Script<'a> {
    File(&'a Arg),
    Inline,
    Stdin,
}

fn script_arg<'a>(p: &str, args: &'a [Arg]) -> Option<&'a Arg> {
    match script(p, args) {
        Script::File(a) => Some(a),
        _ => None,
    }
}

/// The script a shell or interpreter runs: a file, inline code (`-c`, `-e`,
/// `-m`), or standard input.
fn script<'a>(p: &str, args: &'a [Arg]) -> Script<'a> {
    if matches!(p, "source" | ".") {
        return args.first().map_or(Script::Inline, Script::File);
    }
    let shell = SHELLS.contains(&p);
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
        let inline: &[&str] = match p {
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
        };
        if t == "-" || t == "/dev/stdin" || t == "-s" && shell {
            return Script::Stdin;
        }
        if inline.contains(&t) {
            // `pwsh -Command -`, `python -c -`? only the dash reads stdin.
            return match it.next() {
                Some(n) if n.text == "-" => Script::Stdin,
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
