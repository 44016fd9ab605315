//! Entering the shadow: a new user + mount namespace in this process, the
//! overlay mounted over the tree, then `exec` of the command.
//!
//! Why in this process and not in a helper: after `unshare(CLONE_NEWUSER)`
//! the process holds every capability in the new namespace, but an `execve`
//! by a non-root uid drops them again, so the mount must happen before the
//! command is exec'd, in the process that unshared (`unshare(1)` with
//! `--map-current-user` followed by a `mount` helper fails for that reason).
//! Exec'ing the command in place also means no parent stays behind: the
//! terminal, signals (Ctrl-C) and the exit status belong to the command.
//!
//! `rustix::thread::unshare_unsafe` is `unsafe` only because of
//! `CLONE_FILES` (threads sharing a descriptor table); this module passes
//! just `NEWUSER | NEWNS`, in a process with one thread, through the safe
//! wrapper rustix keeps, so the workspace's `forbid(unsafe_code)` holds.

use crate::error::{Result, ShadowError};
use crate::state::{Lock, Shadow};
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::Path;

/// Runs `argv` in the shadow with the working directory `cwd` (re-entered
/// through the overlay). Returns only on failure: the error, or the
/// command's own failure to start as an exit code (127 not found, 126
/// otherwise) with its message.
pub fn run(shadow: &Shadow, lock: Lock, cwd: &Path, argv: &[OsString]) -> Result<(u8, String)> {
    let Some((program, rest)) = argv.split_first() else {
        return Err(ShadowError::Refused("no command given".into()));
    };
    if crate::fsio::lstat(&shadow.cut_short_mark())?.is_some() {
        // A landed file may still share its inode with the staged copy: a
        // write in the shadow would reach the real tree.
        return Err(ShadowError::Refused(format!(
            "an apply of shadow `{0}` was cut short; finish it with `ward shadow apply {0}` (or drop the shadow with `ward shadow discard {0}`)",
            shadow.name
        )));
    }
    preflight()?;
    let uid = rustix::process::getuid().as_raw();
    let gid = rustix::process::getgid().as_raw();
    unshare()?;
    write_proc("setgroups", "deny")?;
    write_proc("uid_map", &format!("{uid} {uid} 1"))?;
    write_proc("gid_map", &format!("{gid} {gid} 1"))?;
    use rustix::mount::{MountFlags, MountPropagationFlags, mount, mount_change};
    mount_change(
        "/",
        MountPropagationFlags::PRIVATE | MountPropagationFlags::REC,
    )
    .map_err(|e| {
        unavailable(format!(
            "cannot make mounts private in the new namespace: {e}"
        ))
    })?;
    let data = format!(
        "lowerdir={},upperdir={},workdir={},userxattr",
        escape(&shadow.project),
        escape(&shadow.upper()),
        escape(&shadow.work())
    );
    let data = std::ffi::CString::new(data)
        .map_err(|_| ShadowError::Refused("a staging path holds a NUL byte".into()))?;
    mount(
        "overlay",
        &shadow.project,
        "overlay",
        MountFlags::empty(),
        Some(data.as_c_str()),
    )
    .map_err(|e| mount_failed(shadow, e))?;
    // The old working directory is the real tree's inode; enter it again
    // through the overlay.
    std::env::set_current_dir(cwd).map_err(ShadowError::io("enter", cwd))?;
    // The lock stays held by the command (and what it starts): apply and
    // discard wait until the shadow is no longer mounted anywhere.
    rustix::io::fcntl_setfd(&lock.0, rustix::io::FdFlags::empty())
        .map_err(|e| ShadowError::io("keep the lock of", shadow.dir.join("lock"))(e.into()))?;
    let err = std::process::Command::new(program)
        .args(rest)
        .env("WARD_SHADOW", &shadow.name)
        .exec();
    let code = if err.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    };
    Ok((
        code,
        format!("cannot run `{}`: {err}", program.to_string_lossy()),
    ))
}

/// overlayfs option values escape `,`, `:` and `\` with a backslash.
fn escape(p: &Path) -> String {
    let mut out = String::new();
    for c in p.to_string_lossy().chars() {
        if matches!(c, ',' | ':' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn unavailable(msg: String) -> ShadowError {
    ShadowError::Unavailable(msg)
}

fn read_sys(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_owned())
}

/// Names what is missing before anything is changed.
fn preflight() -> Result<()> {
    let fs = std::fs::read_to_string("/proc/filesystems").unwrap_or_default();
    if !fs
        .lines()
        .any(|l| l.split_whitespace().last() == Some("overlay"))
    {
        return Err(unavailable(
            "the kernel has no overlayfs (`overlay` is not in /proc/filesystems); load it with `modprobe overlay` (as root) or use a kernel built with CONFIG_OVERLAY_FS".into(),
        ));
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let threads = status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .map(str::trim);
    if threads.is_some_and(|t| t != "1") {
        return Err(ShadowError::Refused(
            "ward started threads before entering the shadow (a new user namespace needs a single-threaded process); this is a bug in ward".into(),
        ));
    }
    Ok(())
}

fn unshare() -> Result<()> {
    use rustix::thread::UnshareFlags;
    #[expect(
        deprecated,
        reason = "unsafe only with CLONE_FILES; NEWUSER | NEWNS in a single-threaded process is sound (see the module docs)"
    )]
    let r = rustix::thread::unshare(UnshareFlags::NEWUSER | UnshareFlags::NEWNS);
    r.map_err(|e| {
        let why = if read_sys("/proc/sys/kernel/unprivileged_userns_clone").as_deref() == Some("0") {
            "unprivileged user namespaces are disabled; enable them with `sysctl -w kernel.unprivileged_userns_clone=1`".to_owned()
        } else if read_sys("/proc/sys/user/max_user_namespaces").as_deref() == Some("0") {
            "user namespaces are disabled (`user.max_user_namespaces` is 0); enable them with `sysctl -w user.max_user_namespaces=15000`".to_owned()
        } else if read_sys("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").as_deref() == Some("1") {
            "AppArmor forbids unprivileged user namespaces; allow them with `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` or an AppArmor profile for ward granting `userns`".to_owned()
        } else if e == rustix::io::Errno::NOSPC {
            "the limit of user namespaces is reached; raise `user.max_user_namespaces`".to_owned()
        } else if e == rustix::io::Errno::PERM {
            "the system forbids creating a user namespace here (a container or seccomp profile may block `unshare`; run ward on the host or allow `unshare(CLONE_NEWUSER)`)".to_owned()
        } else {
            "the kernel needs user-namespace support (CONFIG_USER_NS)".to_owned()
        };
        unavailable(format!("cannot create a user namespace ({e}): {why}"))
    })
}

fn write_proc(file: &str, text: &str) -> Result<()> {
    let path = format!("/proc/self/{file}");
    std::fs::write(&path, text).map_err(|e| {
        unavailable(format!(
            "cannot write `{path}` in the new user namespace: {e}"
        ))
    })
}

fn mount_failed(shadow: &Shadow, e: rustix::io::Errno) -> ShadowError {
    let hint = if e == rustix::io::Errno::PERM {
        "the kernel does not allow overlayfs in a user namespace (Linux 5.11 or later does)"
    } else {
        "the staging dir's filesystem must support `user.*` extended attributes and whiteouts (tmpfs before Linux 6.6 and some network filesystems do not; set `WARD_HOME` to a directory on ext4, xfs or btrfs), and the tree must be owned by you"
    };
    unavailable(format!(
        "cannot mount an overlay on `{}` with staging in `{}` ({e}): {hint}",
        shadow.project.display(),
        shadow.dir.display()
    ))
}
