//! `ward daemon status|stop`, the pid file, and the check that keeps a
//! second daemon from starting while one runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use ward_daemon::{Client, Request, Response};

/// Exit code of `ward daemon status` when no daemon answers (as LSB's
/// `status` does for a service that is not running).
pub const EXIT_NOT_RUNNING: u8 = 3;

/// Where a daemon serving `sock` writes its pid: beside the socket (its
/// directory is owner-only), so `status` and `stop` find it whoever started
/// the daemon, a terminal or systemd.
pub fn pid_path(sock: &Path) -> PathBuf {
    let mut p = sock.as_os_str().to_owned();
    p.push(".pid");
    PathBuf::from(p)
}

/// Writes this process's pid for `sock` (0600).
pub fn write_pid(sock: &Path) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = pid_path(sock);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)?;
    writeln!(f, "{}", std::process::id())
}

/// The pid in the pid file for `sock`, when that process still exists.
pub fn read_pid(sock: &Path) -> Option<u32> {
    let text = std::fs::read_to_string(pid_path(sock)).ok()?;
    let pid: u32 = text.trim().parse().ok()?;
    Path::new(&format!("/proc/{pid}")).exists().then_some(pid)
}

/// A connection to a daemon answering on `sock`, if one does.
pub fn answering(sock: &Path) -> Option<Client> {
    Client::connect(sock, Duration::from_millis(500)).ok()
}

/// `(pid N)` for messages, or nothing when the pid is unknown.
fn pid_note(sock: &Path) -> String {
    read_pid(sock).map_or_else(String::new, |p| format!(" (pid {p})"))
}

/// Refuses to start when a daemon already answers on `sock`: says so and
/// returns the exit code, instead of reporting a new daemon that exits at once.
pub fn refuse_second(sock: &Path) -> Option<ExitCode> {
    answering(sock)?;
    eprintln!(
        "ward: a daemon already runs on `{}`{}; `ward daemon status` shows it, `ward daemon stop` stops it",
        sock.display(),
        pid_note(sock)
    );
    Some(ExitCode::FAILURE)
}

/// Whether `pid` runs in systemd's `ward.service` (socket activated).
fn under_systemd(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/cgroup"))
        .is_ok_and(|c| c.lines().any(|l| l.ends_with("/ward.service")))
}

/// Runs `ward daemon status`.
pub fn status(sock: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let report = answering(sock).and_then(|mut c| match c.call(&Request::Stats) {
        Ok(Response::Stats(r)) => Some(r),
        _ => None,
    });
    let pid = read_pid(sock);
    let Some(r) = report else {
        if json {
            println!(
                "{}",
                serde_json::json!({"up": false, "socket": sock.display().to_string()})
            );
        } else {
            println!(
                "ward daemon: not running (nothing answers on `{}`); start it with `ward daemon` \
or `systemctl --user start ward.socket`",
                sock.display()
            );
        }
        return Ok(ExitCode::from(EXIT_NOT_RUNNING));
    };
    let policy = format!("{:016x}", r.policy_hash);
    if json {
        let v = serde_json::json!({
            "up": true,
            "pid": pid,
            "socket": sock.display().to_string(),
            "policy_hash": policy,
            "queue": r.queue_depth,
            "uptime_s": r.uptime_s,
            "evaluations": r.evaluations,
            "systemd": pid.is_some_and(under_systemd),
        });
        println!("{v}");
    } else {
        let pid = pid.map_or_else(|| "pid unknown".to_owned(), |p| format!("pid {p}"));
        println!("ward daemon: up, {pid}, socket `{}`", sock.display());
        println!(
            "  policy {policy}, {} pending, up {:.0} s, {} evaluations",
            r.queue_depth, r.uptime_s, r.evaluations
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `ward daemon stop`: SIGTERM to the daemon's pid, then waits until
/// it no longer answers (at most 10 s).
pub fn stop(sock: &Path) -> anyhow::Result<ExitCode> {
    if answering(sock).is_none() {
        println!(
            "ward: no daemon runs on `{}`; nothing to stop",
            sock.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let Some(pid) = read_pid(sock) else {
        anyhow::bail!(
            "a daemon answers on `{}` but left no pid file at `{}`; if systemd runs it, use `systemctl --user stop ward.socket ward`",
            sock.display(),
            pid_path(sock).display()
        );
    };
    let systemd = under_systemd(pid);
    let target = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .ok_or_else(|| anyhow::anyhow!("bad pid `{pid}` in `{}`", pid_path(sock).display()))?;
    rustix::process::kill_process(target, rustix::process::Signal::TERM)
        .map_err(|e| anyhow::anyhow!("cannot signal the daemon (pid {pid}): {e}"))?;
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(pid) {
        if start.elapsed() > Duration::from_secs(10) {
            anyhow::bail!("the daemon (pid {pid}) is still running 10 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    println!("ward: stopped the daemon (pid {pid})");
    if systemd {
        println!(
            "  systemd's ward.socket starts it again on the next connection; `systemctl --user stop ward.socket` stops that too"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A process that exited but was not yet reaped by its parent.
fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rfind(')')
            .and_then(|i| s.get(i + 2..))
            .is_some_and(|rest| rest.starts_with('Z'))
    })
}

#[cfg(test)]
mod tests {
    use super::{pid_path, read_pid, write_pid};

    #[test]
    fn pid_file_sits_beside_the_socket_and_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("ward.sock");
        assert_eq!(pid_path(&sock), dir.path().join("ward.sock.pid"));
        assert_eq!(read_pid(&sock), None);
        write_pid(&sock).unwrap();
        assert_eq!(read_pid(&sock), Some(std::process::id()));
        let mode = std::fs::metadata(pid_path(&sock))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
