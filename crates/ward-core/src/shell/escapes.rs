//! Shell escapes of debuggers, database clients and editors: gdb's `shell`,
//! psql's `\\!`, mysql's `system`, sqlite3's `.shell`, ed's `!`, emacs's
//! `(shell-command …)`.

use super::effects::Nested;
use super::flags;
use super::text::string_at;
use crate::action::Arg;

fn shell(value: &str, out: &mut Vec<Nested>) {
    if !value.trim().is_empty() {
        out.push(Nested::Shell(value.to_owned()));
    }
}

/// gdb's `-ex 'shell CMD'`, `-ex '!CMD'`.
pub(crate) fn gdb(args: &[Arg], out: &mut Vec<Nested>) {
    let o = flags::options(
        args,
        "xp",
        &[
            "ex",
            "eval-command",
            "iex",
            "init-eval-command",
            "x",
            "command",
            "p",
            "pid",
        ],
        usize::MAX,
    );
    // gdb also reads single-dash long options (`-ex`, `-iex`, `-batch`).
    let mut values: Vec<&str> = o
        .values(&["ex", "eval-command", "iex", "init-eval-command"])
        .collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if matches!(a.text.as_str(), "-ex" | "-iex" | "-eval-command") {
            values.extend(it.next().map(|v| v.text.as_str()));
        }
    }
    for v in values {
        let v = v.trim();
        if let Some(cmd) = v.strip_prefix('!').or_else(|| v.strip_prefix("shell ")) {
            shell(cmd, out);
        } else if let Some(cmd) = v.strip_prefix("pipe ").and_then(|r| r.split_once('|')) {
            shell(cmd.1, out);
        }
    }
}

/// Shell escapes of database clients and line editors: `psql -c '\! CMD'`,
/// `mysql -e 'system CMD'`, `sqlite3 db '.shell CMD'`, `ed` reading `!CMD`.
pub(crate) fn client(prog: &str, args: &[Arg], stdin: Option<&str>, out: &mut Vec<Nested>) {
    let mut texts: Vec<&str> = Vec::new();
    match prog {
        "psql" => {
            let o = flags::options(
                args,
                "cfUhpdv",
                &[
                    "command", "file", "username", "host", "port", "dbname", "set",
                ],
                usize::MAX,
            );
            texts.extend(o.values(&["c", "command"]));
        }
        "mysql" | "mariadb" => {
            let o = flags::options(
                args,
                "euhpPDS",
                &["execute", "user", "host", "port", "database", "socket"],
                usize::MAX,
            );
            texts.extend(o.values(&["e", "execute"]));
        }
        "sqlite3" => {
            let o = flags::options(
                args,
                "",
                &["cmd", "init", "separator", "nullvalue"],
                usize::MAX,
            );
            texts.extend(o.values(&["cmd"]));
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if a.text == "-cmd" {
                    texts.extend(it.next().map(|v| v.text.as_str()));
                }
            }
            texts.extend(o.positional.iter().skip(1).map(|a| a.text.as_str()));
        }
        _ => {}
    }
    texts.extend(stdin);
    for text in texts {
        for line in text.split(['\n', ';']) {
            let l = line.trim();
            let cmd = match prog {
                "ed" | "red" => l.strip_prefix('!'),
                "sqlite3" => l
                    .strip_prefix(".shell ")
                    .or_else(|| l.strip_prefix(".system ")),
                _ => l
                    .strip_prefix("\\!")
                    .or_else(|| l.strip_prefix("system "))
                    .or_else(|| l.strip_prefix("\\system ")),
            };
            if let Some(cmd) = cmd {
                shell(cmd, out);
            }
        }
    }
}

/// `emacs --batch --eval '(shell-command "CMD")'`.
pub(crate) fn emacs(args: &[Arg], out: &mut Vec<Nested>) {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let code = if matches!(a.text.as_str(), "--eval" | "-eval" | "--execute") {
            it.next().map(|v| v.text.as_str())
        } else {
            a.text.strip_prefix("--eval=")
        };
        let Some(code) = code else { continue };
        for f in [
            "(shell-command ",
            "(shell-command-to-string ",
            "(async-shell-command ",
        ] {
            let mut rest = code;
            while let Some(at) = rest.find(f) {
                let after = rest.get(at + f.len()..).unwrap_or_default().trim_start();
                match after.strip_prefix('"') {
                    Some(body) => {
                        let (lit, _) = string_at(after, 0);
                        shell(&lit, out);
                        rest = body;
                    }
                    None => {
                        out.push(Nested::Dynamic("emacs (shell-command …)".into()));
                        rest = after;
                    }
                }
            }
        }
    }
}
