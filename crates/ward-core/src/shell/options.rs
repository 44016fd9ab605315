//! Options spelled as the real programs accept them, rewritten to one form
//! before effects and rules look at them.
//!
//! - GNU `getopt_long` and git's parse-options accept any unique prefix of a
//!   long option: `chmod --recur` is `--recursive`, `git reset --ha` is
//!   `--hard`. A prefix that fits several options is refused by the program
//!   and left as written.
//! - git reads its options left to right, the last one winning:
//!   `git clean -f --no-force` does not force, `--no-dry-run` undoes `-n`.
//! - `git SUB … --help` only shows the manual; `git -c clean.requireForce=false
//!   clean` deletes without `-f`.

use super::word::basename;
use crate::action::Arg;

/// Long options of GNU tools whose abbreviations change what they do.
fn gnu_longs(prog: &str) -> &'static [&'static str] {
    match prog {
        "rm" => &[
            "recursive",
            "force",
            "interactive",
            "dir",
            "verbose",
            "no-preserve-root",
            "preserve-root",
            "one-file-system",
            "help",
            "version",
        ],
        "chmod" | "chown" | "chgrp" => &[
            "recursive",
            "reference",
            "changes",
            "silent",
            "quiet",
            "verbose",
            "no-preserve-root",
            "preserve-root",
            "from",
            "dereference",
            "no-dereference",
            "help",
            "version",
        ],
        "cp" | "mv" | "install" | "ln" => &[
            "archive",
            "backup",
            "force",
            "interactive",
            "link",
            "no-clobber",
            "recursive",
            "remove-destination",
            "suffix",
            "symbolic",
            "target-directory",
            "no-target-directory",
            "update",
            "verbose",
            "parents",
            "preserve",
            "no-preserve",
            "dereference",
            "no-dereference",
            "strip-trailing-slashes",
            "one-file-system",
            "help",
            "version",
        ],
        "shred" => &[
            "iterations",
            "random-source",
            "remove",
            "size",
            "verbose",
            "exact",
            "zero",
            "force",
            "help",
            "version",
        ],
        "truncate" => &[
            "size",
            "reference",
            "no-create",
            "io-blocks",
            "help",
            "version",
        ],
        "tar" | "gtar" => &[
            "use-compress-program",
            "to-command",
            "info-script",
            "new-volume-script",
            "checkpoint-action",
            "checkpoint",
            "file",
            "directory",
            "create",
            "extract",
            "list",
            "remove-files",
            "overwrite",
            "overwrite-dir",
            "unlink-first",
            "recursive-unlink",
            "gzip",
            "verbose",
            "help",
            "version",
        ],
        _ => &[],
    }
}

/// Long options of git subcommands whose abbreviations change what they do.
fn git_longs(sub: &str) -> &'static [&'static str] {
    match sub {
        "reset" => &[
            "hard",
            "soft",
            "mixed",
            "merge",
            "keep",
            "quiet",
            "patch",
            "intent-to-add",
            "recurse-submodules",
            "pathspec-from-file",
            "refresh",
            "no-refresh",
        ],
        "clean" => &["force", "dry-run", "interactive", "quiet", "exclude"],
        "push" => &[
            "force",
            "force-with-lease",
            "force-if-includes",
            "dry-run",
            "delete",
            "mirror",
            "all",
            "branches",
            "tags",
            "porcelain",
            "prune",
            "verbose",
            "quiet",
            "set-upstream",
            "atomic",
            "follow-tags",
            "no-verify",
            "verify",
            "thin",
            "signed",
            "push-option",
            "receive-pack",
            "exec",
            "repo",
            "progress",
            "recurse-submodules",
        ],
        "checkout" => &[
            "force",
            "ours",
            "theirs",
            "track",
            "no-track",
            "detach",
            "orphan",
            "merge",
            "conflict",
            "patch",
            "overlay",
            "no-overlay",
            "quiet",
            "progress",
            "pathspec-from-file",
            "recurse-submodules",
            "guess",
            "ignore-other-worktrees",
            "overwrite-ignore",
            "ignore-skip-worktree-bits",
        ],
        "switch" => &[
            "create",
            "force-create",
            "detach",
            "discard-changes",
            "force",
            "merge",
            "conflict",
            "quiet",
            "progress",
            "track",
            "guess",
            "orphan",
            "ignore-other-worktrees",
            "recurse-submodules",
        ],
        "restore" => &[
            "source",
            "staged",
            "worktree",
            "ours",
            "theirs",
            "merge",
            "conflict",
            "patch",
            "quiet",
            "progress",
            "overlay",
            "no-overlay",
            "ignore-unmerged",
            "recurse-submodules",
            "pathspec-from-file",
        ],
        "branch" => &[
            "delete",
            "force",
            "move",
            "copy",
            "list",
            "all",
            "remotes",
            "verbose",
            "track",
            "set-upstream-to",
            "unset-upstream",
            "contains",
            "merged",
        ],
        "gc" => &["prune", "no-prune", "aggressive", "auto", "quiet", "force"],
        "stash" => &["include-untracked", "all", "keep-index", "quiet"],
        _ => &[],
    }
}

/// The unique option `prefix` abbreviates, if exactly one fits.
fn expand<'t>(prefix: &str, longs: &'t [&'t str]) -> Option<&'t str> {
    fits_one(prefix, longs.iter().copied())
}

/// The one option of `longs` that `prefix` starts and does not spell whole,
/// in one pass: an option spelled whole fits too, and means no rewrite.
fn fits_one<'t>(prefix: &str, longs: impl Iterator<Item = &'t str>) -> Option<&'t str> {
    let first = prefix.as_bytes().first()?;
    let mut found = None;
    let mut several = false;
    // The first byte screens out most options before a `memcmp` call.
    for l in longs.filter(|l| l.as_bytes().first() == Some(first) && l.starts_with(prefix)) {
        if l.len() == prefix.len() {
            return None;
        }
        several |= found.is_some();
        found = Some(l);
    }
    found.filter(|_| !several)
}

/// Rewrites one argument: `--recur` → `--recursive`, `--no-for` → `--no-force`,
/// keeping any `=value`.
fn rewrite_long(arg: &mut Arg, longs: &[&str]) {
    if arg.dynamic {
        return;
    }
    let Some(body) = arg.text.strip_prefix("--") else {
        return;
    };
    // A byte search: `split_once('=')` sets up a searcher for a few bytes.
    let (name, value) = match body.bytes().position(|b| b == b'=') {
        Some(at) => (body.get(..at).unwrap_or_default(), body.get(at + 1..)),
        None => (body, None),
    };
    let (no, full) = match expand(name, longs) {
        Some(full) => ("", full),
        None => match name
            .strip_prefix("no-")
            .and_then(|n| expand_positive(n, longs))
        {
            Some(full) => ("no-", full),
            None => return,
        },
    };
    // Built by pushes: `format_compact!` goes through `fmt` machinery.
    let mut text = crate::action::Text::with_capacity(
        2 + no.len() + full.len() + value.map_or(0, |v| v.len() + 1),
    );
    text.push_str("--");
    text.push_str(no);
    text.push_str(full);
    if let Some(v) = value {
        text.push('=');
        text.push_str(v);
    }
    arg.text = text;
}

/// [`expand`] among the options that do not start with `no-`.
fn expand_positive<'t>(prefix: &str, longs: &[&'t str]) -> Option<&'t str> {
    fits_one(
        prefix,
        longs.iter().copied().filter(|l| !l.starts_with("no-")),
    )
}

/// git's global options that take a value (`-C DIR`, `-c KEY=VALUE`).
const GIT_GLOBAL_VALUES: &[&str] = &[
    "-C",
    "-c",
    "--git-dir",
    "--work-tree",
    "--namespace",
    "--config-env",
    "--super-prefix",
];

/// The index of git's subcommand in `args`, after its global options.
pub(crate) fn git_sub(args: &[Arg]) -> Option<usize> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if !t.starts_with('-') || a.dynamic {
            return Some(i);
        }
        i += if GIT_GLOBAL_VALUES.contains(&t) { 2 } else { 1 };
    }
    None
}

/// Rewrites `args` of `prog` into the form the program itself reads.
pub(crate) fn normalize(prog: &str, args: &mut Vec<Arg>) {
    let prog = basename(prog);
    if prog == "git" {
        normalize_git(args);
        return;
    }
    // Most commands spell no long option: their program is not looked up.
    if args.iter().any(|a| a.text.starts_with("--")) {
        let longs = gnu_longs(prog);
        for a in args.iter_mut() {
            if a.text == "--" {
                break;
            }
            if a.text.starts_with("--") {
                rewrite_long(a, longs);
            }
        }
    }
    if matches!(prog, "mv" | "cp" | "install" | "ln") {
        target_last(args);
    }
}

/// `mv -t DIR a b` = `mv a b DIR`: the target directory becomes the last
/// operand, where the extractors look for the destination.
fn target_last(args: &mut Vec<Arg>) {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "--" || a.dynamic {
            i += 1;
            continue;
        }
        let glued = t.strip_prefix("--target-directory=").or_else(|| {
            t.strip_prefix("-t")
                .filter(|v| !v.is_empty() && !t.starts_with("--"))
        });
        if let Some(dir) = glued {
            let dir = Arg::lit(dir);
            args.remove(i);
            args.push(dir);
            return;
        }
        let bundle_t =
            !t.starts_with("--") && t.starts_with('-') && t.ends_with('t') && t.len() > 1;
        if t == "--target-directory" || bundle_t {
            if i + 1 >= args.len() {
                return;
            }
            let whole = t == "--target-directory" || t == "-t";
            let dir = args.remove(i + 1);
            if whole {
                args.remove(i);
            } else if let Some(a) = args.get_mut(i) {
                a.text.pop();
            }
            args.push(dir);
            return;
        }
        i += 1;
    }
}

fn normalize_git(args: &mut Vec<Arg>) {
    let Some(at) = git_sub(args) else { return };
    let Some(sub) = args.get(at) else { return };
    let longs = git_longs(&sub.text);
    let clean = sub.text == "clean";
    let mut end = args.len();
    // One pass rewrites the options and notes what the steps below look
    // for, so that a command without them is not searched again.
    let (mut help, mut negated) = (false, false);
    for (i, a) in args.iter_mut().enumerate().skip(at + 1) {
        if a.text == "--" {
            end = i;
            break;
        }
        if a.text.starts_with("--") {
            rewrite_long(a, longs);
            help |= a.text == "--help";
            negated |= a.text.starts_with("--no-");
        }
    }
    // `cancel` also reads a `--no-LONG` after `--`.
    negated = negated
        || args
            .get(end..)
            .unwrap_or_default()
            .iter()
            .any(|a| a.text.starts_with("--no-"));
    let opts = args.get(at + 1..end).unwrap_or_default();
    // `git SUB … --help` shows the manual and does nothing else.
    if help || (opts.len() == 1 && opts.iter().any(|a| a.text == "-h")) {
        let sub = args
            .get_mut(at)
            .map(|a| std::mem::take(&mut a.text))
            .unwrap_or_default();
        args.truncate(at);
        args.push(Arg::lit("help"));
        args.push(Arg::lit(sub));
        return;
    }
    // The last of `--force`/`--no-force` (and `-n`/`--no-dry-run`) wins;
    // without a `--no-` option after the subcommand nothing is cancelled.
    if negated {
        for (long, short) in [("force", 'f'), ("dry-run", 'n')] {
            cancel(args, at + 1, long, short);
        }
    }
    if clean && config_value(args, at, "clean.requireforce").is_some_and(is_false) {
        args.insert(at + 1, Arg::lit("--force"));
    }
}

/// Drops `--LONG`/`-SHORT` given before a later `--no-LONG`, and the
/// `--no-LONG` itself.
fn cancel(args: &mut Vec<Arg>, from: usize, long: &str, short: char) {
    let neg = |t: &str| t.strip_prefix("--no-") == Some(long);
    let pos = |t: &str| t.strip_prefix("--") == Some(long);
    let Some(last_neg) = args.iter().rposition(|a| neg(&a.text)) else {
        return;
    };
    if last_neg < from {
        return;
    }
    let mut i = from;
    let mut cut = last_neg;
    while i < cut {
        let Some(a) = args.get_mut(i) else { break };
        if pos(&a.text) {
            args.remove(i);
            cut -= 1;
            continue;
        }
        if !a.text.starts_with("--") && a.text.starts_with('-') && a.text.contains(short) {
            a.text = a.text.replace(short, "").into();
            if a.text == "-" {
                args.remove(i);
                cut -= 1;
                continue;
            }
        }
        i += 1;
    }
    args.retain(|a| !neg(&a.text));
}

/// The value of `-c KEY=VALUE` (key case-insensitive) among git's globals.
pub(crate) fn config_value<'a>(args: &'a [Arg], sub: usize, key: &str) -> Option<&'a str> {
    git_configs(args.get(..sub).unwrap_or_default())
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
        .last()
}

/// Every `-c KEY=VALUE` among git's global options.
pub(crate) fn git_configs(globals: &[Arg]) -> impl Iterator<Item = (&str, &str)> {
    globals
        .windows(2)
        .filter(|w| w.first().is_some_and(|a| a.text == "-c"))
        .filter_map(|w| w.get(1))
        .map(|a| match a.text.split_once('=') {
            Some((k, v)) => (k, v),
            None => (a.text.as_str(), "true"),
        })
}

fn is_false(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "false" | "no" | "off" | "0" | ""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(prog: &str, words: &[&str]) -> String {
        let mut args: Vec<Arg> = words.iter().map(|w| Arg::lit(*w)).collect();
        normalize(prog, &mut args);
        args.iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn gnu_abbreviations() {
        assert_eq!(run("chmod", &["--recur", "777", "/"]), "--recursive 777 /");
        assert_eq!(
            run("rm", &["--rec", "--forc", "/"]),
            "--recursive --force /"
        );
        // ambiguous prefixes stay as written: the program refuses them
        assert_eq!(run("rm", &["--v", "x"]), "--v x");
        assert_eq!(run("rm", &["--no-preserve", "/"]), "--no-preserve-root /");
        assert_eq!(run("mv", &["-t", "/dev/null", "a", "b"]), "a b /dev/null");
        assert_eq!(run("cp", &["-vt", "/etc", "x"]), "-v x /etc");
        assert_eq!(run("mv", &["--target=/etc", "x"]), "x /etc");
    }

    fn plain_expand<'t>(prefix: &str, longs: &'t [&'t str]) -> Option<&'t str> {
        if prefix.is_empty() || longs.contains(&prefix) {
            return None;
        }
        let mut fits = longs.iter().filter(|l| l.starts_with(prefix));
        let first = fits.next()?;
        fits.next().is_none().then_some(*first)
    }

    /// The rewrite of round 6, kept as the oracle of [`rewrite_long`].
    fn plain_rewrite(arg: &mut Arg, longs: &[&str]) {
        let Some(body) = arg.text.strip_prefix("--").filter(|_| !arg.dynamic) else {
            return;
        };
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let positive: Vec<&str> = longs
            .iter()
            .filter(|l| !l.starts_with("no-"))
            .copied()
            .collect();
        let full = match plain_expand(name, longs) {
            Some(full) => full.to_owned(),
            None => match name
                .strip_prefix("no-")
                .and_then(|n| plain_expand(n, &positive).map(|f| format!("no-{f}")))
            {
                Some(full) => full,
                None => return,
            },
        };
        arg.text = match value {
            Some(v) => compact_str::format_compact!("--{full}={v}"),
            None => compact_str::format_compact!("--{full}"),
        };
    }

    proptest::proptest! {
        #[test]
        fn rewriting_agrees_with_the_formatting_rewrite(
            word in "--(no-)?(re|pre|no-p|f|v|h|d|s|c)?[a-z-]{0,6}(=[a-z=]{0,3})?",
            prog in proptest::sample::select(vec!["rm", "chmod", "cp", "tar", "x"]),
        ) {
            let mut got = Arg::lit(word.as_str());
            let mut want = got.clone();
            rewrite_long(&mut got, gnu_longs(prog));
            plain_rewrite(&mut want, gnu_longs(prog));
            proptest::prop_assert_eq!(got.text, want.text);
        }
    }

    #[test]
    fn git_reads_options_as_git_does() {
        assert_eq!(run("git", &["reset", "--ha"]), "reset --hard");
        assert_eq!(run("git", &["clean", "-fd", "--no-force"]), "clean -d");
        assert_eq!(run("git", &["clean", "--no-force", "-f"]), "clean -f");
        assert_eq!(run("git", &["push", "--force", "--help"]), "help push");
        assert_eq!(
            run("git", &["-c", "clean.requireForce=false", "clean", "-d"]),
            "-c clean.requireForce=false clean --force -d"
        );
        assert_eq!(
            run("git", &["checkout", "--", "--help"]),
            "checkout -- --help"
        );
    }
}
