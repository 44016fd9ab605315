//! What a command reads on standard input, prints, and sends off the machine.

use super::{Operands, Roles, Taint};
use crate::action::{Effect, SimpleCommand, Stdin};
use crate::shell::Walker;
use crate::shell::flags::last_and_count;
use crate::shell::normalize::is_decoder;

impl Walker {
    /// What `cmd` reads on standard input.
    #[inline]
    pub(super) fn input(&self, cmd: &SimpleCommand) -> Taint {
        // Most commands read nothing the line made.
        if cmd.stdin.is_none() && cmd.redirects.is_empty() {
            return Taint::default();
        }
        self.redirected_input(cmd)
    }

    /// [`Walker::input`] of a command with a standard input or redirections.
    #[inline(never)]
    fn redirected_input(&self, cmd: &SimpleCommand) -> Taint {
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
    pub(super) fn output(&self, cmd: &SimpleCommand, input: Taint, r: Roles) -> Taint {
        let p = cmd.program.as_str();
        let mut t = Taint::default();
        let files = !r.opaque() && self.flow.has_files();
        if !r.opaque() {
            t = input;
        }
        // One pass over the words for all that is read from each of them.
        let mut remote = false;
        let mut environ = false;
        for a in &cmd.args {
            remote |= a.remote;
            let s = a.text.as_str();
            if s.starts_with('/') {
                environ |= s.starts_with("/proc/") && s.ends_with("/environ");
            }
            if files {
                let name = s.strip_prefix("if=").unwrap_or(s);
                if let Some(f) = self.flow.file(name) {
                    t = t.or(f);
                }
            }
        }
        // `git` is a project dumper and `gpg` a secret printer: a bit test
        // before the name.
        let git = r.project_dump() && p == "git";
        let sub = cmd.args.first().map(|a| a.text.as_str());
        t.network |= r.net_output()
            || git && cmd.args.iter().any(|a| a.text.starts_with("--remote"))
            || remote;
        t.decoded |= r.decoder() && is_decoder(cmd)
            || r.secret_printer()
                && p == "gpg"
                && cmd
                    .args
                    .iter()
                    .any(|a| a.text == "-d" || a.text == "--decrypt");
        t.secret |= environ || prints_secrets(cmd, r);
        // Database dumps and the project's file list are the project's data.
        t.project |= r.project_dump()
            && (matches!(
                p,
                "pg_dump"
                    | "pg_dumpall"
                    | "mysqldump"
                    | "mariadb-dump"
                    | "mongodump"
                    | "mongoexport"
            ) || p == "sqlite3" && cmd.args.iter().any(|a| a.text == ".dump")
                || git && matches!(sub, Some("ls-files")));
        if r.archiver() || git && matches!(sub, Some("archive" | "bundle")) {
            t.project |= git;
            for a in cmd.args.iter().filter(|a| !a.text.starts_with('-')) {
                t = t.or(self.flow.read(&a.text));
            }
        }
        t
    }

    /// What `cmd` sends off the machine.
    pub(super) fn sent(&self, cmd: &SimpleCommand, input: Taint, out: Taint, r: Roles) -> Taint {
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
        if !r.sender() {
            t.network = false;
            t.decoded = false;
            return t;
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
                        // A byte window: a two-way searcher costs more to
                        // set up than these short words take to scan.
                        s.as_bytes()
                            .windows(2)
                            .position(|w| w == b"=@")
                            .and_then(|i| s.get(i + 2..))
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
            _ if r.net_client() => t = t.or(input),
            "scp" | "rsync" | "sftp" | "rclone" | "gsutil" | "aws" | "s3cmd" | "gcloud"
            | "azcopy" => {
                let words = Operands::new(args, upload_takes_value).filter(|a| {
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
                });
                if let Some((dest, n)) = last_and_count(words.clone()) {
                    let remote = dest.text.contains("://")
                        || dest.text.contains(':')
                            && !dest.text.starts_with('/')
                            && !dest.text.starts_with("./");
                    if remote {
                        for a in words.take(n) {
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
}

/// The options of `scp`, `rsync`, `sftp` and the cloud copiers that take a
/// value.
fn upload_takes_value(n: &str) -> bool {
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
}

/// Secret reads, environment dumps (`env`, `printenv`, `set`), shell
/// history and exported private keys; [`Walker::output`] notes
/// `/proc/*/environ` in its pass over the words.
#[inline]
fn prints_secrets(cmd: &SimpleCommand, r: Roles) -> bool {
    cmd.effects
        .iter()
        .any(|e| matches!(e, Effect::ReadSecret { .. }))
        || r.secret_printer() && prints_secrets_by_name(cmd)
}

/// [`prints_secrets`] for the programs that print them by name.
fn prints_secrets_by_name(cmd: &SimpleCommand) -> bool {
    let p = cmd.program.as_str();
    let flags_only = || cmd.args.iter().all(|a| a.text.starts_with('-'));
    matches!(
        p,
        "env" | "printenv" | "set" | "export" | "declare" | "typeset" | "history" | "fc"
    ) && flags_only()
        || p == "printenv" && cmd.args.iter().any(|a| secret_var(&a.text))
        || matches!(p, "echo" | "printf")
            && cmd
                .args
                .iter()
                .any(|a| a.dynamic && expands_secret_var(&a.text))
        || p == "gpg"
            && cmd
                .args
                .iter()
                .any(|a| a.text.starts_with("--export-secret"))
}

/// Whether an environment variable's name says it holds a credential
/// (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, `DB_PASSWORD`, `OPENAI_API_KEY`).
pub(crate) fn secret_var(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "SECRET",
        "SECRETS",
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "PASS",
        "APIKEY",
        "CREDENTIAL",
        "CREDENTIALS",
        "PRIVATE",
    ];
    const BEFORE_KEY: &[&str] = &["API", "ACCESS", "SIGNING", "MASTER", "ENCRYPTION"];
    let one_of = |w: &str, set: &[&str]| set.iter().any(|s| w.eq_ignore_ascii_case(s));
    let mut key_next = false;
    for w in name.split('_') {
        if one_of(w, WORDS) || key_next && w.eq_ignore_ascii_case("KEY") {
            return true;
        }
        key_next = one_of(w, BEFORE_KEY);
    }
    false
}

/// Whether a word expands a credential-named variable (`"$GITHUB_TOKEN"`,
/// `${AWS_SECRET_ACCESS_KEY}`).
fn expands_secret_var(word: &str) -> bool {
    word.split('$').skip(1).any(|rest| {
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = rest.get(..len).unwrap_or_default();
        !name.is_empty() && secret_var(name)
    })
}
