//! Commands run inside containers and clusters: `docker|podman exec|run …
//! CMD`, `docker compose exec|run SERVICE CMD`, `kubectl exec|run|debug …
//! -- CMD`. They are judged as if run here: a reviewer would stop
//! `rm -rf /` in a container as surely as on the host.

use super::effects::Nested;
use super::flags;
use super::hidden::{is_dynamic, shell};
use crate::action::Arg;

pub(super) fn container(args: &[Arg], out: &mut Vec<Nested>) {
    let mut global = flags::reader(
        args,
        "Hcl",
        &[
            "host",
            "context",
            "config",
            "log-level",
            "tlscacert",
            "tlscert",
            "tlskey",
        ],
        0,
    );
    global.finish();
    let mut rest = global.rest();
    if rest.first().is_some_and(|a| a.text == "container") {
        rest = rest.get(1..).unwrap_or_default();
    }
    let Some((sub, tail)) = rest.split_first() else {
        return;
    };
    if sub.text == "compose" {
        compose(tail, out);
        return;
    }
    let mut o = match sub.text.as_str() {
        "exec" => flags::reader(
            tail,
            "euw",
            &["env", "env-file", "user", "workdir", "detach-keys"],
            1,
        ),
        "run" | "create" => flags::reader_until(
            tail,
            "aecvpuwhlmi",
            &[
                "env",
                "env-file",
                "volume",
                "publish",
                "user",
                "workdir",
                "hostname",
                "label",
                "memory",
                "name",
                "entrypoint",
                "network",
                "net",
                "mount",
                "add-host",
                "device",
                "cap-add",
                "cap-drop",
                "security-opt",
                "restart",
                "log-driver",
                "log-opt",
                "platform",
                "pull",
                "ulimit",
                "tmpfs",
                "expose",
                "link",
                "dns",
                "gpus",
                "shm-size",
                "stop-signal",
                "cpus",
                "cpu-shares",
                "pid",
                "ipc",
                "uts",
                "userns",
                "cgroupns",
                "runtime",
                "volumes-from",
                "label-file",
                "health-cmd",
                "attach",
                "memory-swap",
                "stop-timeout",
                "init-path",
                "network-alias",
                "ip",
                "mac-address",
            ],
            1,
        ),
        _ => return,
    };
    // One pass to size the words and see whether a health command is there.
    let (mut entrypoints, mut health) = (0, false);
    for opt in o.by_ref() {
        match (opt.name, opt.value) {
            ("entrypoint", Some(_)) => entrypoints += 1,
            ("health-cmd", _) => health = true,
            _ => {}
        }
    }
    let rest = o.rest();
    let mut words: Vec<Arg> = Vec::with_capacity(entrypoints + rest.len());
    if entrypoints > 0 {
        words.extend(o.values(&["entrypoint"]).map(Arg::lit));
    }
    words.extend(rest.iter().cloned());
    if health {
        for v in o.values(&["health-cmd"]) {
            shell(v, is_dynamic(tail, v), out);
        }
    }
    if !words.is_empty() {
        out.push(Nested::Words(words, false));
    }
}

/// `docker compose exec SERVICE CMD`, `docker-compose run SERVICE CMD`.
pub(super) fn compose(args: &[Arg], out: &mut Vec<Nested>) {
    let global = flags::options(
        args,
        "fp",
        &[
            "file",
            "project-name",
            "profile",
            "env-file",
            "project-directory",
            "ansi",
            "parallel",
        ],
        0,
    );
    let Some((sub, tail)) = global.rest.split_first() else {
        return;
    };
    if !matches!(sub.text.as_str(), "exec" | "run") {
        return;
    }
    let o = flags::options_until(
        tail,
        "euwvpl",
        &[
            "env",
            "user",
            "workdir",
            "volume",
            "publish",
            "label",
            "entrypoint",
            "name",
            "index",
        ],
        1,
    );
    let mut words: Vec<Arg> = o.values(&["entrypoint"]).map(Arg::lit).collect();
    words.extend(o.rest.iter().cloned());
    if !words.is_empty() {
        out.push(Nested::Words(words, false));
    }
}

pub(super) fn kubectl(args: &[Arg], out: &mut Vec<Nested>) {
    let subs = ["exec", "run", "debug", "attach"];
    let Some(sub) = args.iter().find(|a| !a.text.starts_with('-')) else {
        return;
    };
    if !subs.contains(&sub.text.as_str()) {
        return;
    }
    let words: Vec<Arg> = match args.iter().position(|a| a.text == "--") {
        Some(i) => args.get(i + 1..).unwrap_or_default().to_vec(),
        None if sub.text == "exec" => {
            let at = args.iter().position(|a| std::ptr::eq(a, sub)).unwrap_or(0);
            let tail = args.get(at + 1..).unwrap_or_default();
            flags::options(
                tail,
                "ncfs",
                &[
                    "namespace",
                    "container",
                    "context",
                    "kubeconfig",
                    "filename",
                ],
                1,
            )
            .rest
            .to_vec()
        }
        None => Vec::new(),
    };
    if !words.is_empty() {
        out.push(Nested::Words(words, false));
    }
}
