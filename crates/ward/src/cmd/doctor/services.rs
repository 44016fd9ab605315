//! Probes of what runs or is kept: the daemon, the audit store, policy
//! files, the trust watcher, shadow-workspace kernel support.

use super::{Check, Probe, State};
use crate::cmd::{common, daemon_ctl};
use std::path::Path;
use std::time::Duration;
use ward_daemon::{Request, Response};

/// The daemon: up or not, its socket, pid, policy hash and queue.
pub fn daemon(p: &Probe) -> Vec<Check> {
    let sock = &p.socket;
    let report = daemon_ctl::answering(sock).and_then(|mut c| match c.call(&Request::Stats) {
        Ok(Response::Stats(r)) => Some(r),
        _ => None,
    });
    let mut out = vec![match report {
        Some(r) => {
            let pid = daemon_ctl::read_pid(sock)
                .map_or_else(|| "pid unknown".to_owned(), |p| format!("pid {p}"));
            Check::new(
                "daemon",
                State::Ok,
                format!(
                    "up ({pid}) on `{}`, policy {:016x}, {} pending approvals",
                    sock.display(),
                    r.policy_hash,
                    r.queue_depth
                ),
            )
        }
        None => Check::new(
            "daemon",
            State::Info,
            format!(
                "not running on `{}` (front ends judge in-process; approvals from another terminal need it)",
                sock.display()
            ),
        )
        .fix("ward daemon   # or as a service: ward daemon install-unit"),
    }];
    let log = p.state.join("daemon.log");
    if let Ok(meta) = std::fs::metadata(&log) {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            out.push(
                Check::new(
                    "daemon",
                    State::Warn,
                    format!("`{}` is readable by others (mode {mode:o})", log.display()),
                )
                .fix(format!("chmod 600 '{}'", log.display())),
            );
        }
    }
    out
}

/// The audit store: writable, and what `verify` says.
pub fn audit() -> Vec<Check> {
    let path = match ward_audit::resolve_path(None) {
        Ok(p) => p,
        Err(e) => {
            return vec![
                Check::new(
                    "audit",
                    State::Fail,
                    format!("no audit store location: {e}"),
                )
                .fix("export WARD_HOME=~/.local/state/ward"),
            ];
        }
    };
    if !path.exists() {
        let dir = path.parent().unwrap_or(Path::new("."));
        return vec![match writable(dir) {
            Ok(()) => Check::new(
                "audit",
                State::Ok,
                format!(
                    "no events yet; `{}` will be created on the first record",
                    path.display()
                ),
            ),
            Err(e) => Check::new(
                "audit",
                State::Fail,
                format!(
                    "cannot create the audit store in `{}`: {e}; every guarded action is refused",
                    dir.display()
                ),
            )
            .fix(format!("mkdir -p -m 700 '{}'", dir.display())),
        }];
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Err(e) = writable(dir) {
        return vec![
            Check::new(
                "audit",
                State::Fail,
                format!(
                    "`{}` is not writable: {e}; every guarded action is refused",
                    dir.display()
                ),
            )
            .fix(format!("chmod 700 '{}'", dir.display())),
        ];
    }
    let report = ward_audit::Store::open_existing(&path).and_then(|s| s.verify());
    vec![match report {
        Ok(r) if r.ok() => Check::new("audit", State::Ok, format!("`{}`: {r}", path.display())),
        Ok(r) => Check::new("audit", State::Fail, format!("`{}`: {r}", path.display()))
            .fix("ward audit verify   # names the first bad event"),
        Err(e) => Check::new(
            "audit",
            State::Fail,
            format!(
                "`{}` cannot be read: {}",
                path.display(),
                common::chain(&anyhow::Error::from(e))
            ),
        )
        .fix("ward audit verify"),
    }]
}

/// Whether a file can be created in `dir` (created and removed again).
fn writable(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        // Created 0700 on first use, so its nearest existing parent decides.
        return dir.parent().map_or(Ok(()), writable);
    }
    let probe = dir.join(format!(".ward-doctor-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}

/// The user's policy file: loads, and its rules' examples pass.
pub fn policy() -> Vec<Check> {
    let layer = match common::user_policy_layer(None) {
        Ok(None) => {
            return vec![Check::new(
                "policy",
                State::Ok,
                format!(
                    "the embedded default ({} rules); no user policy file",
                    ward_core::Policy::embedded().len()
                ),
            )];
        }
        Ok(Some(l)) => l,
        Err(e) => {
            return vec![
                Check::new("policy", State::Fail, common::chain(&e))
                    .fix("ward policy check ~/.config/ward/policy.toml"),
            ];
        }
    };
    let origin = layer.origin.clone();
    let fix = format!("ward policy check '{origin}'");
    match ward_core::Policy::layered(vec![layer]) {
        Ok(p) => {
            let failures = p.check_user_examples();
            if failures.is_empty() {
                vec![Check::new(
                    "policy",
                    State::Ok,
                    format!("`{origin}` loads over the default ({} rules)", p.len()),
                )]
            } else {
                vec![
                    Check::new(
                        "policy",
                        State::Fail,
                        format!(
                            "`{origin}`: {} rule examples fail, so its rules do not do what they say",
                            failures.len()
                        ),
                    )
                    .fix(fix),
                ]
            }
        }
        Err(e) => vec![
            Check::new(
                "policy",
                State::Fail,
                format!("`{origin}` does not load ({e}): every front end refuses to judge"),
            )
            .fix(fix),
        ],
    }
}

/// How long a published trust state counts (as `ward check` reads it).
const TRUST_FRESH: Duration = Duration::from_secs(15 * 60);

/// The trust profile and the state the watcher publishes, with its age.
pub fn trust() -> Vec<Check> {
    let Some(profile) = ward_trust::default_profile_path() else {
        return vec![Check::new(
            "trust",
            State::Info,
            "no state directory for a trust profile",
        )];
    };
    if !profile.exists() {
        return vec![
            Check::new(
                "trust",
                State::Info,
                "no trust profile (behavioural trust is optional)",
            )
            .fix("ward trust enrol --terminal"),
        ];
    }
    let state = ward_trust::state_path(&profile);
    let age = std::fs::metadata(&state)
        .and_then(|m| m.modified())
        .map(|t| t.elapsed().unwrap_or_default());
    let level = std::fs::read_to_string(&state).unwrap_or_default();
    vec![match age {
        Ok(age) if age <= TRUST_FRESH => Check::new(
            "trust",
            State::Ok,
            format!(
                "watcher publishing `{}` ({} s old)",
                level.trim(),
                age.as_secs()
            ),
        ),
        Ok(age) => Check::new(
            "trust",
            State::Warn,
            format!(
                "the published state `{}` is {} s old, so policy ignores it: the watcher is not running",
                level.trim(),
                age.as_secs()
            ),
        )
        .fix("ward trust watch"),
        Err(_) => Check::new(
            "trust",
            State::Warn,
            format!("a profile at `{}`, but no watcher publishes a state", profile.display()),
        )
        .fix("ward trust watch"),
    }]
}

/// Kernel support for the shadow workspace: unprivileged user namespaces
/// and overlayfs.
pub fn shadow() -> Vec<Check> {
    let read = |p: &str| std::fs::read_to_string(p).ok().map(|s| s.trim().to_owned());
    let clone = read("/proc/sys/kernel/unprivileged_userns_clone");
    let max = read("/proc/sys/user/max_user_namespaces");
    let overlay = read("/proc/filesystems").is_some_and(|f| {
        f.lines()
            .any(|l| l.split_whitespace().last() == Some("overlay"))
    });
    let userns = clone.as_deref() != Some("0") && max.as_deref().is_none_or(|m| m != "0");
    let facts = format!(
        "user namespaces {} (unprivileged_userns_clone {}, max_user_namespaces {}), overlayfs {}",
        if userns { "allowed" } else { "off" },
        clone.as_deref().unwrap_or("absent"),
        max.as_deref().unwrap_or("absent"),
        if overlay {
            "available"
        } else {
            "not in /proc/filesystems"
        }
    );
    vec![if userns && overlay {
        Check::new("shadow", State::Ok, facts)
    } else if !userns {
        Check::new("shadow", State::Info, facts)
            .fix("sudo sysctl -w kernel.unprivileged_userns_clone=1 user.max_user_namespaces=15000")
    } else {
        Check::new("shadow", State::Info, facts).fix("sudo modprobe overlay")
    }]
}
