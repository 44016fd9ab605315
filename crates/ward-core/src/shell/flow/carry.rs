//! What a command writes into files and descriptors: redirections, `-o`
//! and `-O` of fetchers, `tee`, `dd of=`, copies and renames, archives
//! written and extracted.

use super::{Roles, Taint, after_last, key};
use crate::action::{Arg, Effect, Redirect, SimpleCommand};
use crate::shell::Walker;
use crate::shell::flags;
use crate::shell::flags::Operands;
use crate::shell::normalize::is_decoder;
use crate::shell::options::git_sub;
use crate::shell::word::basename;
use std::borrow::Cow;

impl Walker {
    /// Records what `cmd` writes into files and descriptors.
    pub(super) fn carry(&mut self, cmd: &SimpleCommand, input: Taint, out: Taint, r: Roles) {
        let p = cmd.program.as_str();
        if !cmd.redirects.is_empty() {
            self.carry_redirects(p == "exec" && cmd.args.is_empty(), &cmd.redirects, out);
        }
        if r.carrier() {
            self.carry_files(cmd, input, out);
        }
    }

    /// `{ a; b; } > f`, `x && y > f`: redirections the grammar puts around
    /// a list reach the file after its commands were seen; what all of
    /// them print is what the file carries.
    pub(crate) fn redirected_late(&mut self, start: usize, redirects: &[Redirect]) {
        let mut out = Taint::default();
        for i in start..self.out.len() {
            out = out.or(self.flow.out.get(i).copied().unwrap_or_default());
        }
        self.carry_redirects(false, redirects, out);
        let to_net = redirects.iter().any(|r| {
            r.op.contains('>')
                && (r.target.starts_with("/dev/tcp/") || r.target.starts_with("/dev/udp/"))
        });
        if let Some(last) = self.out.last_mut()
            && to_net
        {
            let e = if out.secret {
                Some(Effect::Egress { secret: true })
            } else if out.project {
                Some(Effect::Upload {
                    what: "project".into(),
                })
            } else {
                None
            };
            if let Some(e) = e.filter(|e| !last.effects.contains(e)) {
                last.effects.push(e);
            }
        }
    }

    fn carry_redirects(&mut self, opens_fds: bool, redirects: &[Redirect], out: Taint) {
        for r in redirects {
            let fd = r.fd.unwrap_or(if r.op.starts_with('<') { 0 } else { 1 });
            if opens_fds && fd > 2 {
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
    }

    fn carry_files<'a>(&mut self, cmd: &'a SimpleCommand, input: Taint, out: Taint) {
        let p = cmd.program.as_str();
        let args = &cmd.args;
        let net = Taint::NETWORK;
        match p {
            "cd" | "pushd" => {
                // Exactly one word that is not an option: no list of them.
                let mut dirs = args.iter().filter(|a| !a.text.starts_with('-'));
                if let (Some(dir), None) = (dirs.next(), dirs.next()) {
                    self.flow.change_dir(&dir.text);
                }
            }
            "git" => {
                // Only a `clone` or a `remote` word can make either.
                let word = |w: &str| args.iter().any(|a| a.text == w);
                if word("clone")
                    && let Some(dir) = clone_dir(args)
                {
                    self.flow.clone_into(&dir);
                }
                if word("remote")
                    && let Some(name) = added_remote(args)
                {
                    self.flow.remotes.push(name);
                }
                // `git bundle create FILE --all`, `git archive -o FILE HEAD`:
                // FILE holds the project.
                if let Some(file) = git_archive_file(args) {
                    self.flow.write(file, out, false);
                }
            }
            "curl" | "wget" | "aria2c" | "fetch" | "http" | "https" | "xh" => {
                let dir = output_dir(p, args);
                // Borrowed unless a directory is named: no copy of most names.
                let in_dir = |name: &'a str| -> Cow<'a, str> {
                    match &dir {
                        Some(d) if !name.starts_with('/') => Cow::Owned(format!("{d}/{name}")),
                        _ => Cow::Borrowed(name),
                    }
                };
                let mut default_name = p == "wget";
                let mut it = args.iter().peekable();
                while let Some(a) = it.next() {
                    let s = a.text.as_str();
                    let long = s.strip_prefix("--");
                    let named = match long {
                        Some("output" | "output-document" | "out") => {
                            it.next().map(|v| v.text.as_str())
                        }
                        Some(l) => l
                            .strip_prefix("output=")
                            .or_else(|| l.strip_prefix("output-document="))
                            .or_else(|| l.strip_prefix("out=")),
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
                                        it.next().map(|v| v.text.as_str())
                                    } else {
                                        Some(glued)
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
                            self.flow.write(&in_dir(name), net, false);
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
                            self.flow.write(&in_dir(name), net, false);
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
                let words = Operands::new(args, copy_takes_value);
                let target_dir = args
                    .iter()
                    .position(|a| a.text == "-t")
                    .and_then(|i| args.get(i + 1));
                // With `-t DIR` every word is a source; else the last word
                // is the destination, after at least one source.
                let (dest, n) = match target_dir {
                    Some(d) => (d, usize::MAX),
                    None => match words.last_and_count() {
                        Some((d, n)) if n > 0 => (d, n),
                        _ => return,
                    },
                };
                let sources = words.take(n);
                for src in sources {
                    let mut t = self.flow.read(&src.text);
                    t.network |= src.text.contains(':') && !src.text.starts_with('/');
                    let local = after_last(&src.text, b':');
                    let name = after_last(local.trim_end_matches('/'), b'/');
                    if dest.dynamic {
                        self.flow.wild = self.flow.wild.or(t);
                    } else {
                        let dir = dest.text.trim_end_matches('/');
                        // In the line's scratch buffer: no allocation once
                        // it grew, and plain copies.
                        let mut into = std::mem::take(&mut self.flow.joined);
                        into.clear();
                        into.push_str(dir);
                        into.push('/');
                        into.push_str(name);
                        self.flow.write(&dest.text, t, true);
                        self.flow.write(&into, t, true);
                        self.flow.joined = into;
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
                    self.flow.write(archive, out, false);
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

/// The options of `cp`, `mv`, `ln`, `install`, `rsync`, `scp` and `rclone`
/// that take a value.
fn copy_takes_value(n: &str) -> bool {
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

/// The file `git bundle create FILE` or `git archive -o FILE` writes.
fn git_archive_file(args: &[Arg]) -> Option<&str> {
    let mut words = args.iter().skip_while(|a| a.text.starts_with('-'));
    match words.next()?.text.as_str() {
        "bundle" => {
            let mut rest = words.filter(|a| !a.text.starts_with('-'));
            rest.next().filter(|a| a.text == "create")?;
            rest.next().map(|a| a.text.as_str())
        }
        "archive" => {
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if let Some(file) = a.text.strip_prefix("--output=") {
                    return Some(file);
                }
                if a.text == "-o" || a.text == "--output" {
                    return it.next().map(|a| a.text.as_str());
                }
            }
            None
        }
        _ => None,
    }
}

/// The archive file `tar -czf NAME`, `zip NAME …`, `7z a NAME …` writes.
fn archive_name<'a>(p: &str, args: &'a [Arg]) -> Option<&'a str> {
    match p {
        "zip" => args
            .iter()
            .find(|a| !a.text.starts_with('-'))
            .map(|a| a.text.as_str()),
        "7z" | "7za" => args
            .iter()
            .filter(|a| !a.text.starts_with('-'))
            .nth(1)
            .map(|a| a.text.as_str()),
        _ => {
            let mut it = args.iter().enumerate();
            while let Some((i, a)) = it.next() {
                let t = a.text.as_str();
                if let Some(v) = t.strip_prefix("--file=") {
                    return Some(v);
                }
                if t == "--file" || t == "-f" {
                    return it.next().map(|(_, v)| v.text.as_str());
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
                    return it.next().map(|(_, v)| v.text.as_str());
                }
            }
            None
        }
    }
}

/// Where a fetcher saves its files: `wget -P DIR` / `--directory-prefix`,
/// `curl --output-dir DIR`.
fn output_dir(p: &str, args: &[Arg]) -> Option<String> {
    // wget's options that take a value, so that none of them is read as one.
    let (short, long, names): (&str, &[&str], &[&str]) = match p {
        "wget" => (
            "oaOPeiBtTwQUlARDXI",
            &["directory-prefix"],
            &["P", "directory-prefix"],
        ),
        "curl" => ("", &["output-dir"], &["output-dir"]),
        _ => return None,
    };
    // An option named `P` comes from a word starting with `-` that holds a
    // `P`, one named `directory-prefix` or `output-dir` from a word starting
    // with `--` and the name: most lines have neither, and skip the reading.
    let may_name = |t: &str| {
        t.strip_prefix("--")
            .is_some_and(|l| long.iter().any(|n| l.starts_with(n)))
            || p == "wget" && t.starts_with('-') && t.contains('P')
    };
    if !args.iter().any(|a| may_name(&a.text)) {
        return None;
    }
    let o = flags::options(args, short, long, usize::MAX);
    let dir = o.values(names).next()?;
    Some(dir.trim_end_matches('/').to_owned())
}

/// `git [-C D] clone [OPTIONS] URL [DIR]`: the directory the clone creates.
fn clone_dir(args: &[Arg]) -> Option<String> {
    const VALUED: &[&str] = &[
        "-b",
        "--branch",
        "-o",
        "--origin",
        "-c",
        "--config",
        "--depth",
        "--reference",
        "-u",
        "--upload-pack",
        "-j",
        "--jobs",
        "--template",
        "--separate-git-dir",
        "--filter",
        "--shallow-since",
        "--shallow-exclude",
        "-C",
    ];
    let mut it = args.iter();
    let mut words = Vec::new();
    let mut cloning = false;
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        if VALUED.contains(&t) {
            it.next();
        } else if t == "clone" && !cloning {
            cloning = true;
        } else if cloning && !t.starts_with('-') {
            words.push(a);
        } else if !cloning && !t.starts_with('-') {
            return None;
        }
    }
    let url = words.first()?;
    if !(url.text.contains("://") || url.text.contains('@') || url.text.contains(':')) {
        return None;
    }
    match words.get(1) {
        Some(dir) => Some(dir.text.to_string()),
        None => {
            let name = basename(url.text.trim_end_matches('/'));
            let name = name.rsplit(':').next().unwrap_or(name);
            let name = name.strip_suffix(".git").unwrap_or(name);
            (!name.is_empty()).then(|| name.to_owned())
        }
    }
}

/// `git remote add [OPTIONS] NAME URL`: the remote's name.
fn added_remote(args: &[Arg]) -> Option<String> {
    let at = git_sub(args)?;
    let rest = args.get(at..)?;
    let words: Vec<&str> = rest
        .iter()
        .map(|a| a.text.as_str())
        .filter(|t| !t.starts_with('-'))
        .collect();
    match words.as_slice() {
        ["remote", "add", name, _url, ..] => Some((*name).to_owned()),
        _ => None,
    }
}

/// `git push NAME …` to a remote the line added itself: the project leaves
/// for a place nobody configured before.
pub(super) fn pushes_to(args: &[Arg], added: &[String]) -> bool {
    let Some(at) = git_sub(args) else {
        return false;
    };
    let mut rest = args.get(at..).unwrap_or_default().iter();
    rest.next().is_some_and(|a| a.text == "push")
        && rest
            .find(|a| !a.text.starts_with('-'))
            .is_some_and(|a| added.iter().any(|n| *n == a.text))
}
