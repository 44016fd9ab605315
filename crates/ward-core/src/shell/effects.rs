//! Program-specific extractors: what a normalised command does to the world.

use super::flags::{self, no_values};
use super::flow::Roles;
use super::scripts;
use crate::action::{Arg, Effect, SimpleCommand, Stdin, Text};
use crate::paths::{classify, classify_secret, is_secret};
use known::{Known, bit};

/// A command found inside another one, to be normalised in turn.
#[cfg_attr(test, derive(Debug))]
pub(crate) enum Nested {
    /// Already-split words (`find -exec`); `true` when more args come at run time.
    Words(Vec<Arg>, bool),
    /// Shell text (a heredoc or echoed text fed to `sh`).
    Shell(String),
    /// Shell text guessed from inline code (`os.system("…")`): parse errors
    /// in it are not problems, since it may not be shell at all.
    Guess(String),
    /// A command only known at run time (`awk '{system($0)}'`): ambiguous.
    Dynamic(String),
}

fn path_effect(path: &str, make: impl Fn(Text, crate::action::PathClass) -> Effect) -> Effect {
    make(path.into(), classify(path, "", ""))
}

/// Fills `cmd.effects`; adds commands nested inside it to `nested` (a
/// buffer the caller reuses: one allocation per line, not per command).
/// `traits` are the roles of `cmd.program`.
pub(crate) fn extract(cmd: &mut SimpleCommand, traits: Roles, nested: &mut Vec<Nested>) {
    redirect_effects(cmd);
    // The words are read from their fields while the effects are added to
    // theirs (borrows of distinct fields: nothing is moved out and back).
    let p = cmd.program.as_str();
    let own = &cmd.args;
    // Effects are added after those already there (redirections, wrappers).
    let fx = &mut cmd.effects;
    // ssh's `-i KEY` authenticates with the key; it neither reads it out
    // nor sends it anywhere.
    // Arguments whose `is_secret` is known already (cp's sources), so the
    // scan below does not ask again.
    let mut known = Known::default();
    let stripped;
    // Most programs have no effects of their own: one bit test instead of
    // the name compared with every program below.
    let named = traits.effects_named();
    let args: &[Arg] = match (named && matches!(p, "ssh" | "scp" | "sftp" | "autossh" | "rsync"))
        .then(|| without_identity(p, own))
        .flatten()
    {
        Some(kept) => {
            stripped = kept;
            &stripped
        }
        None => own,
    };
    // cp's split, kept for `known`'s sources.
    let mut copied = None;
    // `names_secret` of cp's destination, answered when classifying it:
    // its index among `args` and the answer.
    let mut answer = None;
    match p {
        _ if !named => {}
        "rm" | "rmdir" | "unlink" | "srm" => {
            let recursive = p == "rmdir" || flags::has_flag(args, &["r", "R", "recursive"]);
            for a in flags::positional(args) {
                fx.push(delete(a, recursive));
            }
        }
        "shred" | "wipe" => {
            let s = flags::split(args, &|n| matches!(n, "n" | "s" | "iterations" | "size"));
            for a in &s.positional {
                fx.push(delete(a, false));
                // Shredding a device overwrites the whole disk.
                if arg_class(a) == crate::action::PathClass::Device {
                    fx.push(path_effect(&a.text, |path, class| Effect::Write {
                        path,
                        class,
                    }));
                }
            }
        }
        "truncate" => {
            let s = flags::split(args, &|n| matches!(n, "s" | "r" | "size" | "reference"));
            for a in &s.positional {
                fx.push(path_effect(&a.text, |path, class| Effect::Write {
                    path,
                    class,
                }));
            }
        }
        "dd" => {
            for a in args {
                if let Some(target) = a.text.strip_prefix("of=") {
                    fx.push(path_effect(target, |path, class| Effect::Write {
                        path,
                        class,
                    }));
                }
                if let Some(source) = a.text.strip_prefix("if=").filter(|s| is_secret(s)) {
                    fx.push(Effect::ReadSecret {
                        path: source.into(),
                    });
                }
            }
        }
        "chmod" | "chown" | "chgrp" => {
            let s = flags::split(args, &|n| matches!(n, "reference" | "from"));
            let recursive = s.has(&["R", "recursive"]);
            let skip = usize::from(!s.has(&["reference"]) && s.positional.len() > 1);
            for a in s.positional.iter().skip(skip) {
                let (path, class) = (a.text.clone(), arg_class(a));
                fx.push(if p == "chmod" {
                    Effect::Chmod {
                        path,
                        class,
                        recursive,
                    }
                } else {
                    Effect::Chown {
                        path,
                        class,
                        recursive,
                    }
                });
            }
        }
        "mv" => {
            let s = flags::split(args, &|n| {
                matches!(n, "t" | "S" | "target-directory" | "suffix")
            });
            if let Some((dest, sources)) = s.positional.split_last() {
                let dest_class = arg_class(dest);
                if dest_class == crate::action::PathClass::Null {
                    // Moving into /dev/null destroys the sources.
                    fx.extend(sources.iter().map(|a| delete(a, true)));
                } else if !sources.is_empty() {
                    fx.push(Effect::Write {
                        path: dest.text.clone(),
                        class: dest_class,
                    });
                    // `mv /* /tmp`, `mv ~ x`, `mv /etc/passwd x`: what moves
                    // away is gone from where the system needs it.
                    fx.extend(sources.iter().filter_map(|a| moved_away(a)));
                }
            }
        }
        "cp" | "install" | "ln" | "rsync" | "scp" => {
            let s = copied.insert(flags::split(args, &|n| {
                matches!(
                    n,
                    "t" | "S"
                        | "e"
                        | "i"
                        | "P"
                        | "o"
                        | "F"
                        | "target-directory"
                        | "suffix"
                        | "rsh"
                        | "exclude"
                        | "include"
                        | "filter"
                )
            }));
            if let Some((dest, sources)) = s.positional.split_last() {
                known = Known::of(sources);
                let remote = dest.text.contains(':') && !dest.text.starts_with('/');
                if remote {
                    let secret = sources.iter().enumerate().any(|(j, a)| known.secret(j, a));
                    fx.push(Effect::Egress { secret });
                } else {
                    let class;
                    (class, answer) = class_and_answer(dest, args);
                    fx.push(Effect::Write {
                        path: dest.text.clone(),
                        class,
                    });
                }
                for (j, a) in sources.iter().enumerate() {
                    if known.secret(j, a) {
                        fx.push(Effect::ReadSecret {
                            path: a.text.clone(),
                        });
                    }
                }
            }
        }
        "tee" => {
            let s = flags::split(args, &no_values);
            for a in &s.positional {
                fx.push(Effect::Write {
                    path: a.text.clone(),
                    class: arg_class(a),
                });
            }
        }
        "find" => find(args, fx, nested),
        "git" => fx.extend(super::gitcmd::git_reads(args)),
        _ => {}
    }
    // `names_secret` of every word, when already asked (ssh and the like):
    // bit i for word i, the first 64 (later ones are asked again).
    let mut named_all: Option<u64> = None;
    if traits.fetcher()
        || named
            && matches!(
                p,
                "ssh" | "sftp" | "ftp" | "telnet" | "rclone" | "aws" | "gsutil"
            )
    {
        let named = if traits.fetcher() {
            args.iter().any(|a| names_secret(&a.text))
        } else {
            // The scan of every word below asks the same of each word.
            let mut bits = 0u64;
            let mut any = false;
            for (i, a) in args.iter().enumerate() {
                let named = names_secret(&a.text);
                any |= named;
                bits |= bit(i, named);
            }
            named_all = Some(bits);
            any
        };
        let secret = named
            || matches!(&cmd.stdin, Some(Stdin::Pipe { secret: true, .. }))
            || matches!(&cmd.stdin, Some(Stdin::File { path }) if is_secret(path));
        if traits.fetcher() || secret {
            fx.push(Effect::Egress { secret });
        }
    }
    if !traits.metadata_only() && !traits.fetcher() {
        // `known`'s sources and `args` are both in argument order: walk
        // them together.
        let mut next = 0;
        let mut named = |i: usize, a: &Arg| {
            if let Some(bits) = named_all.filter(|_| i < 64) {
                return bit(i, true) & bits != 0;
            }
            if let Some((_, secret)) = answer.filter(|&(at, _)| at == i) {
                return secret;
            }
            let at = addr(a);
            while known.sources.get(next).is_some_and(|&s| addr(s) < at) {
                next += 1;
            }
            match known.sources.get(next) {
                // A plain word names a secret exactly when it is one.
                Some(&s) if addr(s) == at && plain(&a.text) => known.secret(next, a),
                _ => names_secret(&a.text),
            }
        };
        let words = args.iter().enumerate();
        for (_, a) in words.filter(|&(i, a)| !a.dynamic && named(i, a)) {
            let path = a
                .text
                .trim_start_matches('@')
                .rsplit('=')
                .next()
                .unwrap_or_default();
            fx.push(Effect::ReadSecret { path: path.into() });
        }
    }
    interpreter(&cmd.stdin, p, traits, args, fx, nested);
    drop(copied);
}

/// Effects of output redirections (`> /dev/sda`) and secret inputs (`< .env`).
pub(crate) fn redirect_effects(cmd: &mut SimpleCommand) {
    for r in &cmd.redirects {
        if r.op.contains('>') && !r.op.contains('&') || r.op == "&>" || r.op == "&>>" {
            use crate::action::PathClass::{InHome, Null, Project, Relative, Temp};
            // Only writes need the class (`2>&1`, `< f` do not).
            let class = classify(&r.target, "", "");
            // Appending to a dot-file in a home (`>> ~/.bashrc`) is no log.
            let dot_in_home = class == InHome && r.target.contains("/.");
            let benign_append = r.op.contains(">>")
                && matches!(class, Relative | Project | InHome | Temp)
                && !dot_in_home;
            if class != Null
                && !benign_append
                && !r.target.chars().all(|c| c.is_ascii_digit() || c == '-')
            {
                let e = Effect::Write {
                    path: r.target.clone(),
                    class,
                };
                if !cmd.effects.contains(&e) {
                    cmd.effects.push(e);
                }
            }
        } else if r.op.starts_with('<') && is_secret(&r.target) {
            cmd.effects.push(Effect::ReadSecret {
                path: r.target.clone(),
            });
        }
    }
}

/// `args` without the options naming files or commands the program uses
/// itself; `None` when there are none.
fn without_identity(p: &str, args: &[Arg]) -> Option<Vec<Arg>> {
    // Options whose value is a file the program uses itself, or a command
    // judged on its own (`rsync -e 'ssh -i KEY'`).
    let own: &[char] = if p == "rsync" {
        &['e']
    } else {
        &['i', 'F', 'E', 'S', 'o']
    };
    let own_long: &[&str] = if p == "rsync" {
        &["rsh", "rsync-path"]
    } else {
        &[]
    };
    let dropped = |t: &str| {
        if let Some(long) = t.strip_prefix("--") {
            own_long.contains(&long.split_once('=').map_or(long, |(n, _)| n))
        } else {
            t.strip_prefix('-')
                .is_some_and(|bundle| bundle.contains(own))
        }
    };
    // Most have none (`ssh host cmd`): no copy.
    if !args.iter().any(|a| dropped(&a.text)) {
        return None;
    }
    let mut out = Vec::with_capacity(args.len());
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        let t = a.text.as_str();
        if let Some(long) = t.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(n, _)| n);
            if own_long.contains(&name) {
                skip = !long.contains('=');
                continue;
            }
        } else if let Some(bundle) = t.strip_prefix('-') {
            // The first value option in a bundle takes the rest, or the next word.
            if let Some((at, _)) = bundle.char_indices().find(|(_, c)| own.contains(c)) {
                skip = at + 1 == bundle.len();
                continue;
            }
        }
        out.push(a.clone());
    }
    Some(out)
}

fn moved_away(a: &Arg) -> Option<Effect> {
    use crate::action::PathClass::{Home, Root, Secret, System};
    let class = arg_class(a);
    matches!(class, Root | Home | System | Secret).then(|| Effect::Delete {
        path: a.text.clone(),
        class,
        recursive: crate::paths::is_whole_tree(&a.text),
    })
}

fn delete(a: &Arg, recursive: bool) -> Effect {
    Effect::Delete {
        path: a.text.clone(),
        class: arg_class(a),
        recursive,
    }
}

/// [`arg_class`] of `a`, one of `args` (found by its address), and its
/// index with [`names_secret`] of it when classifying answered that: the
/// scan of every word need not ask again.
fn class_and_answer(a: &Arg, args: &[Arg]) -> (crate::action::PathClass, Option<(usize, bool)>) {
    if a.dynamic {
        return (crate::action::PathClass::Unknown, None);
    }
    let (class, secret) = classify_secret(&a.text);
    let at = addr(a).wrapping_sub(args.as_ptr().addr()) / size_of::<Arg>().max(1);
    // A plain word names a secret exactly when it is one.
    let answer = secret.filter(|_| at < args.len() && plain(&a.text));
    (class, answer.map(|s| (at, s)))
}

fn arg_class(a: &Arg) -> crate::action::PathClass {
    if a.dynamic {
        // `$HOME/x` was already resolved; `$DIR` is not knowable.
        crate::action::PathClass::Unknown
    } else {
        classify(&a.text, "", "")
    }
}

/// Where `a` sits in memory: tells the words of one argument list apart.
fn addr(a: &Arg) -> usize {
    std::ptr::from_ref(a).addr()
}

/// A word [`names_secret`] reads as a whole path: `names_secret` is
/// `is_secret` for it.
fn plain(text: &str) -> bool {
    !text.is_empty() && !text.starts_with('@') && !has_eq(text.as_bytes())
}

/// `@~/.ssh/id_rsa`, `file=@.env`, `--upload-file=~/.aws/credentials`.
fn names_secret(text: &str) -> bool {
    // Most words hold neither `=` nor a leading `@`: the word is the path.
    if plain(text) {
        return is_secret(text);
    }
    let after = match text.bytes().rposition(|b| b == b'=') {
        Some(at) => text.get(at + 1..).unwrap_or_default(),
        None => text,
    };
    let (t, whole) = (without_ats(after), without_ats(text));
    !t.is_empty() && (is_secret(t) || (whole.len() != t.len() && is_secret(whole)))
}

/// Whether `b` holds an `=`, eight bytes at a time: most words have none,
/// and a byte loop costs a few instructions a byte.
#[expect(
    clippy::manual_contains,
    reason = "`contains` on bytes calls `memchr`, dearer than a loop over fewer than eight"
)]
fn has_eq(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let hit = |chunk: &[u8]| {
        // A byte of `word` is `=` exactly when it is 0 after the xor; the
        // test for a zero byte is exact on whether there is one.
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ (ONES * 0x3d);
        word.wrapping_sub(ONES) & !word & HIGHS != 0
    };
    if b.len() < 8 {
        return b.iter().any(|&c| c == b'=');
    }
    let mut chunks = b.chunks_exact(8);
    if chunks.by_ref().any(hit) {
        return true;
    }
    // The last eight bytes (some seen already) cover the remainder.
    !chunks.remainder().is_empty() && b.get(b.len() - 8..).is_some_and(hit)
}

/// `s.trim_start_matches('@')` as a byte loop (a char pattern decodes
/// each character; `@` is ASCII, so the cut is at a boundary).
fn without_ats(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| b == b'@').count();
    s.get(n..).unwrap_or(s)
}

fn find(args: &[Arg], fx: &mut Vec<Effect>, nested: &mut Vec<Nested>) {
    let roots: Vec<&Arg> = args
        .iter()
        .take_while(|a| !a.text.starts_with('-') && a.text != "(" && a.text != "!")
        .collect();
    let roots: Vec<Text> = if roots.is_empty() {
        vec![".".into()]
    } else {
        roots.iter().map(|a| a.text.clone()).collect()
    };
    let expr = args.get(roots.len().min(args.len())..).unwrap_or_default();
    let filtered = expr.iter().any(|a| {
        matches!(
            a.text.as_str(),
            "-name"
                | "-iname"
                | "-path"
                | "-ipath"
                | "-regex"
                | "-iregex"
                | "-mtime"
                | "-mmin"
                | "-atime"
                | "-ctime"
                | "-newer"
                | "-size"
                | "-user"
                | "-group"
                | "-perm"
                | "-empty"
                | "-links"
                | "-wholename"
                | "-inum"
        )
    });
    let targets: Vec<Text> = roots
        .iter()
        .map(|r| {
            if filtered {
                format!("{}/{{}}", r.trim_end_matches('/')).into()
            } else {
                r.clone()
            }
        })
        .collect();
    let mut i = 0;
    while let Some(a) = expr.get(i) {
        match a.text.as_str() {
            "-delete" => {
                for t in &targets {
                    fx.push(Effect::Delete {
                        path: t.clone(),
                        class: classify(t, "", ""),
                        recursive: !filtered,
                    });
                }
            }
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                let mut words = Vec::new();
                let mut open = false;
                i += 1;
                while let Some(w) = expr.get(i) {
                    if w.text == ";" || w.text == "+" {
                        open = w.text == "+";
                        break;
                    }
                    words.push(w.clone());
                    i += 1;
                }
                for t in &targets {
                    let substituted = words
                        .iter()
                        .map(|w| {
                            if w.text.contains("{}") {
                                Arg {
                                    text: w.text.replace("{}", t).into(),
                                    ..w.clone()
                                }
                            } else {
                                w.clone()
                            }
                        })
                        .collect();
                    nested.push(Nested::Words(substituted, open));
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn interpreter(
    stdin: &Option<Stdin>,
    p: &str,
    traits: Roles,
    args: &[Arg],
    fx: &mut Vec<Effect>,
    nested: &mut Vec<Nested>,
) {
    let is_shell = traits.shell();
    let is_interp = traits.interpreter() || p.starts_with("python3.");
    if !is_shell && !is_interp && !matches!(p, "source" | ".") {
        return;
    }
    // `bash <(curl …)`, `source <(curl …)`, `python <(curl …)`
    if args.iter().any(|a| a.remote) {
        fx.push(Effect::RunsRemoteCode {
            source: "download".into(),
        });
        return;
    }
    if is_interp && let Some(code) = inline_code(p, args) {
        let (effects, shells) = scripts::analyze(p, &code);
        fx.extend(effects);
        nested.extend(shells.into_iter().map(Nested::Guess));
        return;
    }
    let reads_stdin = args
        .iter()
        .all(|a| a.text.starts_with('-') && a.text != "-c")
        || args.iter().any(|a| a.text == "-" || a.text == "/dev/stdin");
    if !reads_stdin {
        return;
    }
    match stdin {
        Some(Stdin::Pipe { from, .. }) if from == "history" || from == "fc" => {
            fx.push(Effect::RunsRemoteCode {
                source: "history".into(),
            });
        }
        Some(Stdin::Pipe {
            network,
            decoded,
            text,
            ..
        }) => {
            if *network || *decoded {
                let source = if *network { "download" } else { "decode" };
                fx.push(Effect::RunsRemoteCode {
                    source: source.into(),
                });
            } else if !text.is_empty() {
                push_code(p, is_shell, text, fx, nested);
            }
        }
        Some(Stdin::Here { text }) => push_code(p, is_shell, text, fx, nested),
        _ => {}
    }
}

fn push_code(p: &str, is_shell: bool, text: &str, fx: &mut Vec<Effect>, nested: &mut Vec<Nested>) {
    if is_shell {
        nested.push(Nested::Shell(text.to_owned()));
    } else {
        let (effects, shells) = scripts::analyze(p, text);
        fx.extend(effects);
        nested.extend(shells.into_iter().map(Nested::Guess));
    }
}

/// The code given inline with `-c`/`-e`/`-r`/`--eval`.
fn inline_code(p: &str, args: &[Arg]) -> Option<String> {
    let flags: &[&str] = match p {
        "perl" | "ruby" => &["-e", "-E"],
        "node" | "nodejs" | "deno" | "bun" => &["-e", "--eval", "-p", "--print", "eval"],
        "php" => &["-r"],
        "pwsh" | "powershell" => &["-c", "-Command", "-command"],
        "lua" => &["-e"],
        "osascript" => &["-e"],
        "Rscript" => &["-e"],
        _ => &["-c"],
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if flags.contains(&a.text.as_str()) {
            return it.next().map(|c| c.text.to_string());
        }
        // perl -le 'code', python -Bc 'code'
        if a.text.starts_with('-')
            && !a.text.starts_with("--")
            && a.text.len() > 2
            && flags
                .iter()
                .any(|f| f.len() == 2 && f.get(1..).is_some_and(|c| a.text.ends_with(c)))
        {
            return it.next().map(|c| c.text.to_string());
        }
        if !a.text.starts_with('-') {
            return None;
        }
    }
    None
}

mod known;
#[cfg(test)]
mod tests;
