//! Commands git runs that the line names without calling them: aliases,
//! config keys and environment that hold commands (`-c core.sshCommand=…`,
//! `GIT_SSH_COMMAND`), `ext::` remotes, `--upload-pack`, `rebase -x`,
//! `bisect run`, `submodule foreach`; and secrets read out of the object
//! store (`git show HEAD:.env`).

use super::effects::Nested;
use super::flags;
use super::hidden::{is_dynamic, shell, shell_owned};
use super::options::{git_configs, git_sub};
use super::push_joined;
use crate::action::Arg;

/// Whether git runs the value of config `key` as a command.
fn git_key_runs(key: &str, value: &str) -> bool {
    let k = key.to_ascii_lowercase();
    let (section, name) = match (k.split_once('.'), k.rsplit_once('.')) {
        (Some((s, _)), Some((_, n))) => (s.to_owned(), n.to_owned()),
        _ => return false,
    };
    let is_bool = matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1" | ""
    );
    match (section.as_str(), name.as_str()) {
        ("core", "sshcommand" | "pager" | "editor" | "askpass" | "gitproxy") => true,
        ("core", "fsmonitor") | ("pager", _) => !is_bool,
        ("sequence", "editor") | ("diff", "external" | "textconv" | "command") => true,
        ("merge", "driver") | ("filter", "clean" | "smudge" | "process") => true,
        ("gpg", "program") | ("uploadpack", "packobjectshook") => true,
        ("interactive", "difffilter") | ("browser" | "difftool" | "mergetool", "cmd") => true,
        ("sendemail", "sendmailcmd" | "tocmd" | "cccmd") => true,
        _ => false,
    }
}

/// One `-c KEY=VALUE` (or the same from the environment).
pub(super) fn git_config(key: &str, value: &str, dynamic: bool, out: &mut Vec<Nested>) {
    let k = key.to_ascii_lowercase();
    if k == "core.hookspath" {
        if !matches!(value, "/dev/null" | "") {
            out.push(Nested::Dynamic(format!("git core.hooksPath={value}")));
        }
    } else if k.starts_with("credential.") && k.ends_with(".helper") || k == "credential.helper" {
        // `store`, `cache`, `manager` name `git credential-NAME`; `!…` and
        // paths are commands.
        if let Some(cmd) = value.strip_prefix('!') {
            shell(cmd, dynamic, out);
        } else if value.contains('/') || value.contains(' ') {
            shell(value, dynamic, out);
        }
    } else if git_key_runs(key, value) {
        shell(value, dynamic, out);
    }
}

/// Long options whose value git runs as a command ([`RUN`]), then the
/// others that take a value.
const LONG: &[&str] = &[
    "upload-pack",
    "receive-pack",
    "exec",
    "extcmd",
    "tree-filter",
    "index-filter",
    "msg-filter",
    "env-filter",
    "commit-filter",
    "parent-filter",
    "config",
    "tag-name-filter",
];
/// The long options whose value git runs.
const RUN: &[&str] = LONG.split_at(10).0;

pub(super) fn git(args: &[Arg], out: &mut Vec<Nested>) {
    let Some(at) = git_sub(args) else { return };
    let globals = args.get(..at).unwrap_or_default();
    let sub = args.get(at).map(|a| a.text.as_str()).unwrap_or_default();
    let rest = args.get(at + 1..).unwrap_or_default();
    // `--config-env=KEY=ENVVAR`: the command is whatever ENVVAR holds.
    for a in globals {
        if let Some((k, var)) = a
            .text
            .strip_prefix("--config-env=")
            .and_then(|kv| kv.split_once('='))
        {
            let mut probe = Vec::new();
            git_config(k, "x", false, &mut probe);
            if !probe.is_empty() {
                out.push(Nested::Dynamic(format!("git {k} from ${var}")));
            }
        }
    }
    for (k, v) in git_configs(globals) {
        let dynamic = is_dynamic(globals, v);
        if let Some(name) = k.strip_prefix("alias.") {
            if name != sub {
                continue;
            }
            // `!cmd` runs in a shell with the arguments appended; anything
            // else expands to a git command line.
            // Built once, in place: `CMD ARGS…` or `git V ARGS…`.
            let mut line = String::with_capacity(v.len() + 5 + rest.len() * 8);
            match v.strip_prefix('!') {
                Some(cmd) => line.push_str(cmd),
                None => {
                    line.push_str("git ");
                    line.push_str(v);
                }
            }
            line.push(' ');
            push_joined(&mut line, rest);
            shell_owned(line, dynamic, out);
        } else {
            git_config(k, v, dynamic, out);
        }
    }
    // `ext::CMD` remotes run CMD (`% ` is a space).
    for a in rest.iter().filter(|a| a.text.starts_with("ext::")) {
        if a.dynamic {
            out.push(Nested::Dynamic(a.text.to_string()));
            continue;
        }
        let words = ext_words(a.text.trim_start_matches("ext::"));
        if !words.is_empty() {
            out.push(Nested::Words(words, false));
        }
    }
    let short = match sub {
        "clone" => "uc",
        "fetch" | "ls-remote" | "pull" => "u",
        "rebase" | "difftool" => "x",
        _ => "",
    };
    // Without short options that take a value, only a long option named
    // `u`, `x` or in [`RUN`] hands back a command, and only `bisect` and
    // `submodule` look at their first operand: the options of the others
    // (most `git push …`) need no reading unless a word names one of those.
    if short.is_empty()
        && !matches!(sub, "bisect" | "submodule")
        && !rest.iter().any(|a| long_runs(&a.text))
    {
        return;
    }
    // One pass reads the options and the first operand; the values are
    // read again only when some option took one (most git commands: none).
    let mut o = flags::reader(rest, short, LONG, usize::MAX);
    let mut valued = false;
    for opt in o.by_ref() {
        valued |= opt.value.is_some();
    }
    if valued {
        // `git clone -c KEY=VALUE`: the new repository's config, used at once.
        if sub == "clone" {
            for v in o.values(&["c", "config"]) {
                if let Some((k, val)) = v.split_once('=') {
                    git_config(k, val, is_dynamic(rest, v), out);
                }
            }
        }
        for v in o.values(&["u", "x"]).chain(o.values(RUN)) {
            shell(v, is_dynamic(rest, v), out);
        }
    }
    match (sub, o.first().map(|a| a.text.as_str())) {
        ("bisect", Some("run")) => {
            let words: Vec<Arg> = rest
                .iter()
                .skip_while(|a| a.text != "run")
                .skip(1)
                .cloned()
                .collect();
            if !words.is_empty() {
                out.push(Nested::Words(words, false));
            }
        }
        ("submodule", Some("foreach")) => {
            let words: Vec<&Arg> = rest
                .iter()
                .skip_while(|a| a.text != "foreach")
                .skip(1)
                .filter(|a| a.text != "--recursive" && a.text != "-q" && a.text != "--quiet")
                .collect();
            let text = words
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            shell(&text, words.iter().any(|a| a.dynamic), out);
        }
        _ => {}
    }
}

/// Whether `word` is `--NAME` or `--NAME=…` with NAME `u`, `x` or in
/// [`RUN`]: the only words that give the values [`git`] runs when no
/// short option takes one.
fn long_runs(word: &str) -> bool {
    let Some(body) = word.strip_prefix("--") else {
        return false;
    };
    let name = match body.bytes().position(|b| b == b'=') {
        Some(eq) => body.get(..eq).unwrap_or_default(),
        None => body,
    };
    matches!(name, "u" | "x") || RUN.contains(&name)
}

/// The argv of an `ext::` remote: words split at spaces, `% ` a literal
/// space, `%%` a literal `%`.
fn ext_words(spec: &str) -> Vec<Arg> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => match chars.next() {
                Some(' ') => cur.push(' '),
                Some('%') => cur.push('%'),
                Some(other) => {
                    cur.push('%');
                    cur.push(other);
                }
                None => cur.push('%'),
            },
            ' ' => {
                if !cur.is_empty() {
                    words.push(Arg::lit(std::mem::take(&mut cur)));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(Arg::lit(cur));
    }
    words
}

/// `git show HEAD:.env`, `git cat-file -p main:~/.ssh/id_rsa`: secrets read
/// out of the object store.
pub(crate) fn git_reads(args: &[Arg]) -> Vec<crate::action::Effect> {
    // Each read names `REV:PATH`: without a colon there is none, and the
    // subcommand need not be found.
    if !args.iter().any(|a| a.text.as_bytes().contains(&b':')) {
        return Vec::new();
    }
    let Some(at) = git_sub(args) else {
        return Vec::new();
    };
    let sub = args.get(at).map(|a| a.text.as_str()).unwrap_or_default();
    if !matches!(sub, "show" | "cat-file" | "archive" | "grep") {
        return Vec::new();
    }
    args.iter()
        .skip(at + 1)
        .filter_map(|a| a.text.split_once(':').map(|(_, p)| p))
        .filter(|p| crate::paths::is_secret(p))
        .map(|p| crate::action::Effect::ReadSecret { path: p.into() })
        .collect()
}
