//! Launchers: programs that run the rest of their arguments as a command
//! (`strace -f rm -rf ~`, `systemd-run --user …`, `nsenter -t 1 -m …`,
//! `uv run …`). Each is described by the options that take a value, how many
//! operands come before the command, and the options that mean it runs no
//! command at all.

use super::flags;
use crate::action::Arg;

/// How a launcher spells its command line.
struct Spec {
    /// Short options that take a value.
    short: &'static str,
    /// Long options that take a value (as a separate word).
    long: &'static [&'static str],
    /// Operands before the command (`chroot NEWROOT`, `chrt PRIO`).
    operands: usize,
    /// Options after which no command runs (`strace -p PID`).
    stop: &'static [&'static str],
    /// Options whose value is a shell command string (`flock -c CMD`).
    shell: &'static [&'static str],
    /// A subcommand word that must come first (`uv run`, `bundle exec`).
    sub: Option<&'static str>,
}

const fn spec(short: &'static str, long: &'static [&'static str], operands: usize) -> Spec {
    Spec {
        short,
        long,
        operands,
        stop: &[],
        shell: &[],
        sub: None,
    }
}

fn spec_of(prog: &str) -> Option<Spec> {
    Some(match prog {
        "strace" => Spec {
            stop: &["p", "attach"],
            ..spec("oepsuEabIOSPX", &["output", "signal", "user"], 0)
        },
        "ltrace" => Spec {
            stop: &["p"],
            ..spec("oepsuanlALDFx", &["output", "library"], 0)
        },
        "systemd-run" => spec(
            "upEMHD",
            &[
                "unit",
                "property",
                "description",
                "slice",
                "setenv",
                "machine",
                "host",
                "uid",
                "gid",
                "nice",
                "working-directory",
                "on-active",
                "on-boot",
                "on-calendar",
                "timer-property",
                "service-type",
            ],
            0,
        ),
        "unshare" => spec("SGRw", &["setuid", "setgid", "root", "wd"], 0),
        "nsenter" => spec("tSGRw", &["target", "setuid", "setgid", "root", "wd"], 0),
        "chroot" => spec("", &["userspec", "groups"], 1),
        "flock" => Spec {
            shell: &["c", "command"],
            ..spec("wEc", &["timeout", "conflict-exit-code", "command"], 1)
        },
        "firejail" | "valgrind" | "catchsegv" | "fakeroot" | "fakechroot" | "pkexec" => {
            spec("", &["user"], 0)
        }
        "proxychains" | "proxychains4" => spec("f", &[], 0),
        "torsocks" | "tsocks" => spec("uapPi", &[], 0),
        "runuser" => Spec {
            shell: &["c", "command"],
            ..spec("ugGcsw", &["user", "group", "command", "shell"], 0)
        },
        "chrt" => Spec {
            stop: &["p", "pid"],
            ..spec(
                "TPD",
                &["sched-runtime", "sched-period", "sched-deadline"],
                1,
            )
        },
        "taskset" => Spec {
            stop: &["p", "pid"],
            ..spec("", &[], 1)
        },
        "prlimit" => Spec {
            stop: &["p", "pid"],
            ..spec("po", &["pid", "output"], 0)
        },
        "faketime" => spec("", &["date-prog"], 1),
        "xvfb-run" => spec(
            "nsfeps",
            &["server-num", "server-args", "auth-file", "error-file"],
            0,
        ),
        "cgexec" => spec("g", &[], 0),
        "numactl" => spec("NmCPlip", &[], 0),
        "trickle" => spec("udwtlns", &[], 0),
        "sg" => Spec {
            shell: &["c"],
            ..spec("c", &[], 1)
        },
        "script" => Spec {
            shell: &["c", "command"],
            stop: &[],
            ..spec(
                "cETIOBm",
                &[
                    "command",
                    "echo",
                    "log-timing",
                    "log-in",
                    "log-out",
                    "log-io",
                    "logging-format",
                ],
                usize::MAX,
            )
        },
        "uv" | "poetry" | "pipenv" | "pdm" | "hatch" | "rye" | "devbox" | "conda" | "mamba"
        | "micromamba" => Spec {
            sub: Some("run"),
            ..spec(
                "npw",
                &[
                    "with",
                    "python",
                    "name",
                    "prefix",
                    "env",
                    "package",
                    "directory",
                    "project",
                ],
                0,
            )
        },
        "npm" => Spec {
            sub: Some("exec"),
            shell: &["c", "call"],
            ..spec("wc", &["workspace", "package", "call"], 0)
        },
        "npx" => Spec {
            shell: &["c", "call"],
            ..spec("pc", &["package", "call"], 0)
        },
        "bundle" | "rbenv" | "pyenv" | "nodenv" | "asdf" | "mise" | "rtx" | "pnpm" | "yarn" => {
            Spec {
                sub: Some("exec"),
                ..spec("w", &["workspace", "package"], 0)
            }
        }
        "zellij" => Spec {
            sub: Some("run"),
            ..spec("nd", &["name", "direction", "cwd"], 0)
        },
        "sshpass" => spec("pfdP", &[], 0),
        "run0" => spec(
            "ugD",
            &[
                "user",
                "group",
                "nice",
                "chdir",
                "setenv",
                "unit",
                "property",
                "description",
                "slice",
            ],
            0,
        ),
        "gosu" | "su-exec" | "s6-setuidgid" => spec("", &[], 1),
        "setpriv" => spec(
            "",
            &[
                "reuid",
                "regid",
                "groups",
                "inh-caps",
                "ambient-caps",
                "bounding-set",
                "securebits",
                "selinux-label",
                "apparmor-profile",
            ],
            0,
        ),
        "chpst" => spec("uUbe/nlLmdofcrt", &[], 0),
        "ssh-agent" => Spec {
            stop: &["k", "D"],
            ..spec("aEPt", &[], 0)
        },
        "dbus-run-session" => spec("", &["config-file", "dbus-daemon"], 0),
        "dbus-launch" => spec("", &["config-file", "autolaunch"], 0),
        "direnv" => Spec {
            sub: Some("exec"),
            ..spec("", &[], 1)
        },
        "nix-shell" => Spec {
            shell: &["run", "command"],
            ..spec(
                "pIA",
                &[
                    "run", "command", "packages", "attr", "arg", "argstr", "include",
                ],
                usize::MAX,
            )
        },
        _ => return None,
    })
}

/// What a launcher runs.
pub(crate) enum Launch {
    /// Drop this many words: the command starts after them.
    Skip(usize),
    /// A shell string (`flock -c CMD`).
    Shell(String, bool),
    /// Not a launcher here.
    No,
}

/// The command `prog` launches from `rest`.
pub(crate) fn launch(prog: &str, rest: &[Arg]) -> Launch {
    let Some(spec) = spec_of(prog).or_else(|| (prog == "capsh").then(|| spec("", &[], 0))) else {
        return Launch::No;
    };
    // `capsh … -- -c CMD`: what follows `--` is handed to bash.
    if prog == "capsh" {
        let Some(at) = rest.iter().position(|a| a.text == "--") else {
            return Launch::No;
        };
        return match (rest.get(at + 1), rest.get(at + 2)) {
            (Some(c), Some(cmd)) if c.text == "-c" => {
                Launch::Shell(cmd.text.to_string(), cmd.remote)
            }
            _ => Launch::No,
        };
    }
    // `runuser [-l] USER -c CMD`: the su form takes `-c` after the user.
    if prog == "runuser"
        && !rest
            .iter()
            .any(|a| a.text == "-u" || a.text.starts_with("--user"))
    {
        let mut it = rest.iter();
        while let Some(a) = it.next() {
            if a.text == "-c" || a.text == "--command" {
                return it
                    .next()
                    .map_or(Launch::No, |c| Launch::Shell(c.text.to_string(), c.remote));
            }
            if let Some(c) = a.text.strip_prefix("--command=") {
                return Launch::Shell(c.to_owned(), a.remote);
            }
        }
        return Launch::No;
    }
    let mut skip = 0;
    if let Some(sub) = spec.sub {
        // `npm exec -- x`, `uv run x`: only the subcommand form launches.
        match rest.first() {
            Some(a) if a.text == sub && !a.dynamic => skip = 1,
            _ => return Launch::No,
        }
    }
    let tail = rest.get(skip..).unwrap_or_default();
    // One pass, collecting nothing: a stop option, the first command given
    // as an option's value, and where the launched command starts.
    let mut o = flags::reader(tail, spec.short, spec.long, spec.operands);
    let (mut stop, mut shell) = (false, None);
    for x in o.by_ref() {
        stop |= spec.stop.contains(&x.name);
        if shell.is_none() && spec.shell.contains(&x.name) {
            shell = x.value;
        }
    }
    if stop {
        return Launch::No;
    }
    if let Some(cmd) = shell {
        let remote = tail.iter().any(|a| a.remote && a.text == cmd);
        return Launch::Shell(cmd.to_owned(), remote);
    }
    if o.rest().is_empty() {
        return Launch::No;
    }
    Launch::Skip(rest.len() - o.rest().len())
}
