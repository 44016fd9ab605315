//! Scripts judged by content: when a command runs a file by name (`bash F`,
//! `source F`, `./F`, `python F`, `npm test`, `make clean`, …) ward reads the
//! file (bounded) and judges its commands as the actor's own, so the decision
//! names the file and line. A file that cannot be read, or is too large, makes
//! the call ambiguous: `ask` where a person can answer, else `deny`.
//!
//! Reading happens here, before evaluation: [`ward_core::Policy::evaluate`]
//! stays pure.

use crate::content::ContentFinding;
use crate::makefile::Makefile;
use crate::payload::truncate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use ward_core::action::Stdin;
use ward_core::{Action, CommandLine, Context, Decision, Policy, SimpleCommand, shell};

/// The largest script ward reads: 1 MiB. A larger one is never allowed.
pub const MAX_SCRIPT: u64 = 1024 * 1024;
/// How deep scripts that run scripts are followed.
pub const MAX_DEPTH: usize = 3;
/// How many targets of one Makefile are followed.
const MAX_TARGETS: usize = 64;

/// What a simple command runs by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// A shell script (`bash F`, `source F`, `. F`).
    Shell(String),
    /// Code of another language (`python F`, `node F`, …), with the interpreter.
    Code(String, String),
    /// A file run directly (`./F`, `bin/F`): its shebang decides.
    Exec(String),
    /// A `package.json` script (`npm test`, `yarn run build`).
    Package(String),
    /// Make targets of a Makefile (empty: the default target).
    Make {
        /// The Makefile, when `-f` names one.
        file: Option<String>,
        /// The directory, when `-C` names one.
        dir: Option<String>,
        /// The targets.
        targets: Vec<String>,
    },
}

impl Run {
    /// The file this run names, when it is one file (not npm or make).
    pub fn file(&self) -> Option<&str> {
        match self {
            Run::Shell(f) | Run::Code(_, f) | Run::Exec(f) => Some(f),
            Run::Package(_) | Run::Make { .. } => None,
        }
    }
}

const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ksh", "ash", "mksh"];
const LANGS: &[&str] = &[
    "python", "python2", "python3", "node", "nodejs", "perl", "ruby", "php",
];

/// The words of a line as written that are paths (`./x`, `bin/x`, `/tmp/x`),
/// by their last component, quotes removed; the first spelling wins. The
/// parser keeps only a program's basename, so `./x` is found here. Built once
/// per line: a 100 KB script has thousands of commands.
#[derive(Debug, Default)]
pub struct Paths(HashMap<String, String>);

impl Paths {
    /// The path words of `raw`.
    pub fn of(raw: &str) -> Self {
        let mut m = HashMap::new();
        for w in
            raw.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '`'))
        {
            if !w.contains('/') {
                continue;
            }
            let w = w.replace(['\'', '"', '\\'], "");
            if let Some(base) = w.rsplit('/').next()
                && !base.is_empty()
            {
                m.entry(base.to_owned()).or_insert(w);
            }
        }
        Paths(m)
    }
}

/// What `cmd` runs by name, if anything; `paths` are the path words of the
/// line as written ([`Paths::of`]).
pub fn runs(cmd: &SimpleCommand, paths: &Paths) -> Option<Run> {
    let p = cmd.program.as_str();
    let args: Vec<&str> = cmd.args.iter().map(|a| a.text.as_str()).collect();
    let first_positional = || {
        args.iter()
            .find(|a| !a.starts_with('-') || **a == "-")
            .map(|a| (*a).to_owned())
    };
    if SHELLS.contains(&p) {
        if args.iter().any(|a| *a == "-c" || *a == "-s") {
            return None;
        }
        return first_positional().filter(|f| f != "-").map(Run::Shell);
    }
    if p == "source" || p == "." {
        return args.first().map(|a| Run::Shell((*a).to_owned()));
    }
    if LANGS.contains(&p) || p.starts_with("python3.") {
        let inline = ["-c", "-e", "-E", "-m", "-r", "--eval", "-p", "--print"];
        if args.iter().any(|a| inline.contains(a)) {
            return None;
        }
        return first_positional()
            .filter(|f| f != "-")
            .map(|f| Run::Code(p.to_owned(), f));
    }
    if matches!(p, "npm" | "pnpm" | "yarn") {
        let pos: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .collect();
        return match pos.as_slice() {
            ["run" | "run-script", name, ..] => Some(Run::Package((*name).to_owned())),
            ["test" | "t" | "tst", ..] => Some(Run::Package("test".into())),
            ["start", ..] => Some(Run::Package("start".into())),
            _ => None,
        };
    }
    if matches!(p, "make" | "gmake") {
        let mut file = None;
        let mut dir = None;
        let mut targets = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match *a {
                "-f" | "--file" | "--makefile" => file = it.next().map(|s| (*s).to_owned()),
                "-C" | "--directory" => dir = it.next().map(|s| (*s).to_owned()),
                "-j" | "-l" | "-o" | "-W" | "-I" => {
                    it.next();
                }
                a if a.starts_with('-') || a.contains('=') => {}
                a => targets.push(a.to_owned()),
            }
        }
        return Some(Run::Make { file, dir, targets });
    }
    paths.0.get(p).cloned().map(Run::Exec)
}

/// Resolves `path` against `cwd` (`~` against `home`).
pub fn resolve(path: &str, cwd: &str, home: &str) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/") {
        Path::new(home).join(rest)
    } else {
        Path::new(cwd).join(path)
    }
}

/// A cache of script judgements, by path, size, mtime, content hash and
/// policy; the daemon keeps one, a hook process none.
pub trait Cache {
    /// The findings stored under `key`.
    fn get(&mut self, key: &str) -> Option<Vec<ContentFinding>>;
    /// Stores `findings` under `key`.
    fn put(&mut self, key: String, findings: Vec<ContentFinding>);
}

/// No cache: every call reads and judges afresh.
pub struct NoCache;

impl Cache for NoCache {
    fn get(&mut self, _: &str) -> Option<Vec<ContentFinding>> {
        None
    }
    fn put(&mut self, _: String, _: Vec<ContentFinding>) {}
}

/// A bounded in-memory cache (the daemon's).
#[derive(Debug, Default)]
pub struct MemCache(HashMap<String, Vec<ContentFinding>>);

impl Cache for MemCache {
    fn get(&mut self, key: &str) -> Option<Vec<ContentFinding>> {
        self.0.get(key).cloned()
    }
    fn put(&mut self, key: String, findings: Vec<ContentFinding>) {
        if self.0.len() >= 4096 {
            self.0.clear();
        }
        self.0.insert(key, findings);
    }
}

/// Script judgements kept as files in a directory (the hook process's cache
/// when no daemon is up): one small JSON file per key, named by its hash,
/// written whole (temp file and rename), owner-only. A file that does not
/// parse is a miss. At most [`DirCache::MAX_ENTRIES`] files: past that the
/// directory is emptied and refills.
#[derive(Debug, Clone)]
pub struct DirCache {
    dir: PathBuf,
}

impl DirCache {
    /// How many judgements are kept.
    pub const MAX_ENTRIES: usize = 1024;

    /// A cache in `dir` (created 0700 on first write).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    fn file(&self, key: &str) -> PathBuf {
        let name = blake3::hash(key.as_bytes()).to_hex();
        self.dir.join(format!(
            "{}.json",
            name.as_str().get(..32).unwrap_or_default()
        ))
    }
}

impl Cache for DirCache {
    fn get(&mut self, key: &str) -> Option<Vec<ContentFinding>> {
        let bytes = std::fs::read(self.file(key)).ok()?;
        let (stored, findings): (String, Vec<ContentFinding>) =
            serde_json::from_slice(&bytes).ok()?;
        (stored == key).then_some(findings)
    }

    fn put(&mut self, key: String, findings: Vec<ContentFinding>) {
        use std::io::Write;
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir);
        if std::fs::read_dir(&self.dir).is_ok_and(|rd| rd.count() >= Self::MAX_ENTRIES) {
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir);
        }
        let path = self.file(&key);
        let Ok(bytes) = serde_json::to_vec(&(key, findings)) else {
            return;
        };
        let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
        let written = std::fs::OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .mode(0o600)
            .open(&tmp)
            .and_then(|mut f| f.write_all(&bytes));
        if written.is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Findings for every script `line` runs by name, judged as `ctx`'s own
/// commands; `depth` counts scripts run by scripts.
pub fn findings(
    policy: &Policy,
    ctx: &Context,
    line: &CommandLine,
    cache: &mut dyn Cache,
    depth: usize,
) -> Vec<ContentFinding> {
    let mut out = Vec::new();
    let paths = Paths::of(&line.raw);
    let written = written_by(line, ctx);
    for cmd in &line.commands {
        let Some(run) = runs(cmd, &paths) else {
            continue;
        };
        // A file the line itself writes and that is not there yet
        // (`echo '…' > a.py && python3 a.py`) has no content to read: the
        // line's own analysis judged what it writes (static text as code,
        // downloads and decodes as their flows).
        if let Some(f) = run.file() {
            let path = resolve(f, &ctx.cwd, &ctx.home);
            if written.contains(&path) && !path.exists() {
                continue;
            }
        }
        out.extend(judge_run(policy, ctx, &run, cache, depth));
    }
    out
}

/// Files the line writes with static text (`echo … > a.py`, `printf … >>
/// x.sh`, `cat <<EOF > y.sh`): ward-core judges that text where the line runs
/// the file. A copy of another file (`cat b.sh > a.sh`) is not one of them.
fn written_by(line: &CommandLine, ctx: &Context) -> Vec<PathBuf> {
    let static_text = |c: &&SimpleCommand| match c.program.as_str() {
        "echo" | "printf" => !c.args.iter().any(|a| a.dynamic),
        "cat" => c.args.is_empty() && matches!(c.stdin, Some(Stdin::Here { .. })),
        _ => false,
    };
    line.commands
        .iter()
        .filter(static_text)
        .flat_map(|c| &c.redirects)
        .filter(|r| r.op.contains('>') && !r.op.contains('&') && !r.target.contains('$'))
        .map(|r| resolve(&r.target, &ctx.cwd, &ctx.home))
        .collect()
}

fn ambiguous(ctx: &Context, rule: &str, reason: String) -> ContentFinding {
    ContentFinding {
        decision: if ctx.interactive {
            Decision::Ask
        } else {
            Decision::Deny
        },
        rule: rule.into(),
        reason,
    }
}

/// Reads `path` whole, bounded by [`MAX_SCRIPT`].
pub fn read_bounded(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let meta = f.metadata().map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err("is not a regular file".into());
    }
    if meta.len() > MAX_SCRIPT {
        return Err(format!(
            "is {} bytes, over ward's {} byte limit for reading scripts",
            meta.len(),
            MAX_SCRIPT
        ));
    }
    let mut bytes = Vec::new();
    f.take(MAX_SCRIPT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > MAX_SCRIPT {
        return Err("grew over ward's limit while being read".into());
    }
    Ok((bytes, meta))
}

/// Whether `path` starts like a binary (no `#!`, a NUL in its first KiB).
fn is_binary(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let head = head.get(..n).unwrap_or_default();
    !head.starts_with(b"#!") && head.contains(&0)
}

fn judge_run(
    policy: &Policy,
    ctx: &Context,
    run: &Run,
    cache: &mut dyn Cache,
    depth: usize,
) -> Vec<ContentFinding> {
    if depth >= MAX_DEPTH {
        return vec![ambiguous(
            ctx,
            "script.too-deep",
            format!("scripts run scripts more than {MAX_DEPTH} deep; ward stops reading there"),
        )];
    }
    let home = ctx.home.as_str();
    let (path, shown) = match run {
        Run::Shell(f) | Run::Code(_, f) | Run::Exec(f) => (resolve(f, &ctx.cwd, home), f.clone()),
        Run::Package(_) => (
            Path::new(&ctx.cwd).join("package.json"),
            "package.json".into(),
        ),
        Run::Make { file, dir, .. } => {
            let base = match dir {
                Some(d) => resolve(d, &ctx.cwd, home),
                None => PathBuf::from(&ctx.cwd),
            };
            match file {
                Some(f) => (base.join(f), f.clone()),
                None => {
                    let found = ["GNUmakefile", "makefile", "Makefile"]
                        .iter()
                        .map(|n| base.join(n))
                        .find(|p| p.exists())
                        .unwrap_or_else(|| base.join("Makefile"));
                    let shown = found.to_string_lossy().into_owned();
                    (found, shown)
                }
            }
        }
    };
    // A binary run by path (`./target/release/app`) is not a script: only
    // its first bytes are read, and its content is left to session memory.
    if matches!(run, Run::Exec(_)) && is_binary(&path) {
        return Vec::new();
    }
    let (bytes, meta) = match read_bounded(&path) {
        Ok(x) => x,
        Err(why) => {
            return vec![ambiguous(
                ctx,
                "script.unreadable",
                format!(
                    "the script `{}` {why}, so ward cannot judge what it runs",
                    truncate(&shown, 300)
                ),
            )];
        }
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let key = format!(
        "{}|{}|{}|{}|{:x}|{:?}|{}|{}|{}",
        path.display(),
        meta.len(),
        mtime,
        blake3::hash(&bytes).to_hex(),
        policy.hash(),
        run,
        ctx.cwd,
        ctx.interactive,
        depth
    );
    if let Some(hit) = cache.get(&key) {
        return hit;
    }
    let text = String::from_utf8_lossy(&bytes);
    let out = match run {
        Run::Shell(_) => shell_text(policy, ctx, &shown, &text, 0, cache, depth),
        Run::Code(lang, _) => code(policy, ctx, &shown, lang, &text),
        Run::Exec(_) => {
            let first = text.lines().next().unwrap_or_default();
            if let Some(interp) = first.strip_prefix("#!") {
                let words: Vec<&str> = interp.split_whitespace().collect();
                let prog = match words.as_slice() {
                    [env, p, ..] if env.ends_with("/env") => *p,
                    [p, ..] => p.rsplit('/').next().unwrap_or(p),
                    [] => "sh",
                };
                if SHELLS.contains(&prog) {
                    shell_text(policy, ctx, &shown, &text, 0, cache, depth)
                } else if LANGS.iter().any(|l| prog.starts_with(l)) {
                    code(policy, ctx, &shown, prog, &text)
                } else {
                    Vec::new()
                }
            } else {
                // No shebang: the shell runs a text file itself.
                shell_text(policy, ctx, &shown, &text, 0, cache, depth)
            }
        }
        Run::Package(name) => package(policy, ctx, &shown, &text, name, cache, depth),
        Run::Make { targets, .. } => make(policy, ctx, &shown, &text, targets, cache, depth),
    };
    cache.put(key, out.clone());
    out
}

/// Judges `text` (lines from `first_line`, 1-based offset 0) as shell run by
/// the actor; findings name `file` and the line.
fn shell_text(
    policy: &Policy,
    ctx: &Context,
    file: &str,
    text: &str,
    first_line: usize,
    cache: &mut dyn Cache,
    depth: usize,
) -> Vec<ContentFinding> {
    let line = shell::parse(text);
    let v = policy.evaluate(&Action::Command(line.clone()), ctx);
    let mut out = Vec::new();
    for m in v.matches.iter().filter(|m| m.decision > Decision::Allow) {
        let cmd = m
            .command
            .and_then(|i| line.commands.get(i))
            .map(SimpleCommand::line)
            .unwrap_or_default();
        let at = line_of(text, m.command.and_then(|i| line.commands.get(i)));
        out.push(ContentFinding {
            decision: m.decision,
            rule: m.rule.to_string(),
            reason: format!(
                "`{}` line {} runs `{}`: {}",
                truncate(file, 300),
                first_line + at,
                truncate(&cmd, 200),
                m.reason
            ),
        });
    }
    if !line.problems.is_empty() && v.matches.iter().all(|m| m.decision < v.decision) {
        out.push(ContentFinding {
            decision: v.decision,
            rule: "script.unparsed".into(),
            reason: format!("`{}`: {}", truncate(file, 300), v.reason),
        });
    }
    out.extend(findings(policy, ctx, &line, cache, depth + 1));
    out
}

/// The 1-based line of `text` where `cmd` is written: the first line with
/// its program and first argument.
fn line_of(text: &str, cmd: Option<&SimpleCommand>) -> usize {
    let Some(cmd) = cmd else { return 1 };
    let arg = cmd.args.first().map(|a| a.text.as_str()).unwrap_or("");
    text.lines()
        .position(|l| l.contains(cmd.program.as_str()) && l.contains(arg))
        .or_else(|| text.lines().position(|l| l.contains(cmd.program.as_str())))
        .map_or(1, |i| i + 1)
}

/// Code of another language: read for deletes and shell-outs as `-c` code is.
fn code(policy: &Policy, ctx: &Context, file: &str, lang: &str, text: &str) -> Vec<ContentFinding> {
    let line = shell::from_argv(&[lang.to_owned(), "-c".to_owned(), text.to_owned()]);
    let v = policy.evaluate(&Action::Command(line.clone()), ctx);
    v.matches
        .iter()
        .filter(|m| m.decision > Decision::Allow)
        .map(|m| {
            let cmd = m.command.and_then(|i| line.commands.get(i));
            // The nested shell-out's words, or the deleted path, find the line.
            let needle = cmd
                .and_then(|c| {
                    c.effects.iter().find_map(|e| match e {
                        ward_core::Effect::Delete { path, .. } => Some(path.to_string()),
                        _ => None,
                    })
                })
                .or_else(|| {
                    cmd.filter(|c| c.program != lang)
                        .and_then(|c| c.args.first().map(|a| a.text.to_string()))
                })
                .unwrap_or_default();
            let at = text
                .lines()
                .position(|l| !needle.is_empty() && l.contains(&needle))
                .map_or(1, |i| i + 1);
            let shown = match cmd {
                Some(c) if c.program != lang => c.line(),
                _ => needle.clone(),
            };
            ContentFinding {
                decision: m.decision,
                rule: m.rule.to_string(),
                reason: format!(
                    "`{}` line {at} ({lang}) does `{}`: {}",
                    truncate(file, 300),
                    truncate(&shown, 200),
                    m.reason
                ),
            }
        })
        .collect()
}

/// `npm run NAME`: the `pre`NAME, NAME and `post`NAME scripts of `package.json`.
fn package(
    policy: &Policy,
    ctx: &Context,
    file: &str,
    text: &str,
    name: &str,
    cache: &mut dyn Cache,
    depth: usize,
) -> Vec<ContentFinding> {
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![ambiguous(
                ctx,
                "script.unreadable",
                format!("`{file}` is not valid JSON ({e}), so ward cannot judge script `{name}`"),
            )];
        }
    };
    let scripts = v.get("scripts").and_then(serde_json::Value::as_object);
    let mut out = Vec::new();
    let mut any = false;
    for key in [format!("pre{name}"), name.to_owned(), format!("post{name}")] {
        let Some(body) = scripts
            .and_then(|s| s.get(&key))
            .and_then(serde_json::Value::as_str)
        else {
            continue;
        };
        any = true;
        let needle = format!("\"{key}\"");
        let at = text
            .lines()
            .position(|l| l.contains(&needle))
            .map_or(1, |i| i + 1);
        let shown = format!("{file}` script `{key}");
        out.extend(
            shell_text(policy, ctx, &shown, body, 0, cache, depth)
                .into_iter()
                .map(|mut f| {
                    f.reason = f.reason.replacen(" line 1 ", &format!(" line {at} "), 1);
                    f
                }),
        );
    }
    if !any && name != "test" && name != "start" {
        // npm refuses a missing script: nothing runs.
        return out;
    }
    out
}

/// `make [TARGET…]`: the targets' recipe lines and their prerequisites'
/// recipes, from one Makefile (no includes), simple `VAR = value` expanded.
fn make(
    policy: &Policy,
    ctx: &Context,
    file: &str,
    text: &str,
    targets: &[String],
    cache: &mut dyn Cache,
    depth: usize,
) -> Vec<ContentFinding> {
    let mf = Makefile::parse(text);
    let mut todo: Vec<String> = if targets.is_empty() {
        mf.default.iter().cloned().collect()
    } else {
        targets.to_vec()
    };
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    while let Some(t) = todo.pop() {
        if seen.contains(&t) || seen.len() >= MAX_TARGETS {
            continue;
        }
        seen.push(t.clone());
        let Some(rule) = mf.rules.get(&t) else {
            continue;
        };
        todo.extend(rule.prereqs.iter().cloned());
        for (ln, recipe) in &rule.recipe {
            let body = mf.expand(recipe);
            let shown = format!("{file}` target `{t}");
            out.extend(
                shell_text(policy, ctx, &shown, &body, 0, cache, depth)
                    .into_iter()
                    .map(|mut f| {
                        f.reason = f.reason.replacen(" line 1 ", &format!(" line {ln} "), 1);
                        f
                    }),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ward_core::Actor;

    fn ctx(cwd: &str) -> Context {
        Context {
            actor: Actor::Agent("claude".into()),
            interactive: true,
            cwd: cwd.into(),
            home: "/home/u".into(),
            trust: None,
        }
    }

    fn judge(dir: &Path, cmd: &str) -> Vec<ContentFinding> {
        let c = ctx(&dir.to_string_lossy());
        findings(Policy::embedded(), &c, &shell::parse(cmd), &mut NoCache, 0)
    }

    #[test]
    fn tells_what_a_command_runs() {
        let r = |s: &str| {
            let l = shell::parse(s);
            l.commands.first().and_then(|c| runs(c, &Paths::of(&l.raw)))
        };
        assert_eq!(r("bash -x setup.sh"), Some(Run::Shell("setup.sh".into())));
        assert_eq!(r("bash -c 'ls'"), None);
        assert_eq!(r(". ./env.sh"), Some(Run::Shell("./env.sh".into())));
        assert_eq!(r("./setup.sh --fast"), Some(Run::Exec("./setup.sh".into())));
        assert_eq!(
            r("python3 tool.py"),
            Some(Run::Code("python3".into(), "tool.py".into()))
        );
        assert_eq!(r("npm test"), Some(Run::Package("test".into())));
        assert_eq!(r("yarn run build"), Some(Run::Package("build".into())));
        assert_eq!(
            r("make -C sub clean"),
            Some(Run::Make {
                file: None,
                dir: Some("sub".into()),
                targets: vec!["clean".into()]
            })
        );
        assert_eq!(r("ls -la"), None);
    }

    #[test]
    fn destructive_scripts_name_file_and_line() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("setup.sh"), "#!/bin/sh\necho hi\nrm -rf ~\n").unwrap();
        let f = judge(d.path(), "bash ./setup.sh");
        assert!(
            f.iter().any(|f| f.decision == Decision::Deny
                && f.reason.contains("`./setup.sh` line 3 runs `rm -rf ~`")),
            "{f:?}"
        );
        std::fs::write(d.path().join("Makefile"), "all: build\nbuild:\n\tcargo build\nclean: tidy\n\t@echo cleaning\ntidy:\n\trm -rf $(DIR)\nDIR = /\n").unwrap();
        let f = judge(d.path(), "make clean");
        assert!(
            f.iter()
                .any(|f| f.decision == Decision::Deny && f.reason.contains("target `tidy` line 7")),
            "{f:?}"
        );
        assert!(judge(d.path(), "make build").is_empty());
        std::fs::write(
            d.path().join("package.json"),
            "{\n  \"scripts\": {\n    \"pretest\": \"rm -rf /\",\n    \"test\": \"jest\"\n  }\n}\n",
        )
        .unwrap();
        let f = judge(d.path(), "npm test");
        assert!(
            f.iter()
                .any(|f| f.decision == Decision::Deny
                    && f.reason.contains("script `pretest` line 3")),
            "{f:?}"
        );
        std::fs::write(
            d.path().join("t.py"),
            "import shutil\n\nshutil.rmtree('/')\n",
        )
        .unwrap();
        let f = judge(d.path(), "python3 t.py");
        assert!(
            f.iter()
                .any(|f| f.decision == Decision::Deny && f.reason.contains("`t.py` line 3")),
            "{f:?}"
        );
    }

    #[test]
    fn a_script_the_line_writes_is_not_asked_about_as_unreadable() {
        let d = tempfile::tempdir().unwrap();
        assert!(judge(d.path(), "echo 'print(1)' > hello.py && python3 hello.py").is_empty());
        assert!(judge(d.path(), "echo ls >> x.sh; bash x.sh").is_empty());
        // A copy of another file is read from that file, not skipped.
        std::fs::write(d.path().join("b.sh"), b"rm -rf ~\n").unwrap();
        let f = judge(d.path(), "cat b.sh > a.sh && bash a.sh");
        assert_eq!(f.len(), 1, "{f:?}");
        // Written somewhere else, or by a name only known at run time: still asked.
        let f = judge(d.path(), "echo ls > y.sh && bash x.sh");
        assert_eq!(f.len(), 1, "{f:?}");
        let f = judge(d.path(), "echo ls > \"$f\" && bash x.sh");
        assert_eq!(f.len(), 1, "{f:?}");
        // A file that exists is read even when the line appends to it.
        std::fs::write(d.path().join("z.sh"), b"rm -rf ~\n").unwrap();
        let f = judge(d.path(), "echo ls >> z.sh && bash z.sh");
        assert!(f.iter().any(|x| x.decision == Decision::Deny), "{f:?}");
    }

    #[test]
    fn unreadable_or_huge_scripts_are_ambiguous() {
        let d = tempfile::tempdir().unwrap();
        let f = judge(d.path(), "bash missing.sh");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].decision, Decision::Ask);
        assert!(f[0].reason.contains("`missing.sh` cannot be read"), "{f:?}");
        std::fs::write(d.path().join("big.sh"), b"#!/bin/sh\n").unwrap();
        let big = std::fs::OpenOptions::new()
            .write(true)
            .open(d.path().join("big.sh"))
            .unwrap();
        big.set_len(MAX_SCRIPT + 1).unwrap();
        let f = judge(d.path(), "./big.sh");
        assert!(f[0].reason.contains("over ward's"), "{f:?}");
        // A large binary run by path is not a script.
        let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
        elf.resize(3 * 1024 * 1024, 0);
        std::fs::write(d.path().join("app"), elf).unwrap();
        assert!(judge(d.path(), "./app --version").is_empty());
    }

    #[test]
    fn the_dir_cache_returns_what_was_judged_until_the_file_changes() {
        let d = tempfile::tempdir().unwrap();
        let mut cache = DirCache::new(d.path().join("cache"));
        std::fs::write(d.path().join("s.sh"), "rm -rf ~\n").unwrap();
        let c = ctx(&d.path().to_string_lossy());
        let line = shell::parse("bash s.sh");
        let first = findings(Policy::embedded(), &c, &line, &mut cache, 0);
        assert_eq!(first.len(), 1);
        assert_eq!(
            findings(Policy::embedded(), &c, &line, &mut cache, 0),
            first
        );
        std::fs::write(d.path().join("s.sh"), "echo fine\n").unwrap();
        assert!(findings(Policy::embedded(), &c, &line, &mut cache, 0).is_empty());
    }

    #[test]
    fn harmless_scripts_have_no_findings() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("ok.sh"), "set -e\ncargo build\necho done\n").unwrap();
        assert!(judge(d.path(), "bash ok.sh").is_empty());
        assert!(judge(d.path(), "sh ok.sh && ./ok.sh").is_empty());
    }
}
