//! `ward daemon` as a user meets it: start, status, stop, a second daemon,
//! socket activation, and the systemd units (issue 20).

use super::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A private home with its own socket; stops any daemon it left on drop.
struct Home {
    dir: tempfile::TempDir,
    sock: PathBuf,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("run/ward.sock");
        Home { dir, sock }
    }

    fn ward(&self) -> Command {
        let mut c = ward(self.dir.path());
        c.env("WARD_SOCKET", &self.sock);
        c
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = self.ward().args(["daemon", "stop"]).output();
    }
}

#[test]
fn daemon_start_status_stop_and_a_second_daemon_is_refused() {
    let h = Home::new();
    let o = run(h.ward().arg("daemon"));
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("ready"), "{}", out(&o));
    // A second daemon says one runs and fails, in both modes.
    for args in [&["daemon"][..], &["daemon", "--foreground"]] {
        let o = run(h.ward().args(args));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", out(&o));
        assert!(err(&o).contains("a daemon already runs"), "{}", err(&o));
        assert!(!out(&o).contains("ready"), "{}", out(&o));
    }
    let o = run(h.ward().args(["daemon", "status"]));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("up, pid "), "{}", out(&o));
    let v: Value =
        serde_json::from_str(&out(&run(h.ward().args(["daemon", "status", "--json"])))).unwrap();
    assert_eq!(v["up"], true);
    assert!(v["pid"].as_u64().unwrap() > 1);
    assert_eq!(v["policy_hash"].as_str().unwrap().len(), 16);
    // daemon.log is owner-only like every state file.
    use std::os::unix::fs::PermissionsExt;
    let log = h.dir.path().join("state/daemon.log");
    let mode = std::fs::metadata(&log).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let o = run(h.ward().args(["daemon", "stop"]));
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("stopped the daemon"), "{}", out(&o));
    let o = run(h.ward().args(["daemon", "status"]));
    assert_eq!(o.status.code(), Some(3), "{}", out(&o));
    assert!(out(&o).contains("not running"), "{}", out(&o));
    // Stopping nothing is fine.
    assert!(run(h.ward().args(["daemon", "stop"])).status.success());
}

/// Whether a CI run must have this prerequisite (it installs it).
fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

#[test]
fn daemon_serves_a_socket_passed_by_socket_activation() {
    if Command::new("python3").arg("--version").output().is_err() {
        assert!(
            !ci(),
            "python3 is missing; scripts/test-deps.sh installs it"
        );
        eprintln!("skip: python3 not installed (it plays systemd passing the socket)");
        return;
    }
    let h = Home::new();
    std::fs::create_dir_all(h.sock.parent().unwrap()).unwrap();
    // What systemd does for ward.socket: bind, listen, then exec the
    // service with the socket at fd 3 and LISTEN_FDS/LISTEN_PID set.
    let script = r#"
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(16)
if s.fileno() != 3:
    os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_FDS"] = "1"
os.environ["LISTEN_PID"] = str(os.getpid())
os.execv(sys.argv[2], [sys.argv[2], "daemon", "--foreground"])
"#;
    let mut child = h.ward().spawn_python(script, &h.sock);
    let start = Instant::now();
    let up = loop {
        let o = run(h.ward().args(["daemon", "status"]));
        if o.status.success() {
            break Some(out(&o));
        }
        if start.elapsed() > Duration::from_secs(20) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let Some(up) = up else {
        let _ = child.kill();
        let o = child.wait_with_output().unwrap();
        panic!("never answered: {}", err(&o));
    };
    assert!(up.contains(&format!("pid {}", child.id())), "{up}");
    // Judged through the inherited socket.
    let o = run(h
        .ward()
        .args(["check", "--actor", "agent", "--record", "--", "rm -rf ~"]));
    assert_eq!(o.status.code(), Some(4), "{}", err(&o));
    let o = run(h.ward().args(["daemon", "stop"]));
    assert!(o.status.success(), "{}", err(&o));
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    // The socket file is systemd's: left in place.
    assert!(h.sock.exists());
}

/// Spawning the activation script with this command's environment.
trait SpawnPython {
    fn spawn_python(&mut self, script: &str, sock: &Path) -> std::process::Child;
}

impl SpawnPython for Command {
    fn spawn_python(&mut self, script: &str, sock: &Path) -> std::process::Child {
        let mut py = Command::new("python3");
        py.arg("-c")
            .arg(script)
            .arg(sock)
            .arg(env!("CARGO_BIN_EXE_ward"));
        for (k, v) in self.get_envs() {
            match v {
                Some(v) => py.env(k, v),
                None => py.env_remove(k),
            };
        }
        py.stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

#[test]
fn install_unit_passes_systemd_analyze_verify() {
    let h = Home::new();
    let units = h.dir.path().join("units");
    let o = run(h
        .ward()
        .args(["daemon", "install-unit", "--dir"])
        .arg(&units));
    assert!(o.status.success(), "{}", err(&o));
    let service = std::fs::read_to_string(units.join("ward.service")).unwrap();
    let socket = std::fs::read_to_string(units.join("ward.socket")).unwrap();
    assert!(
        service.contains(&format!(
            "ExecStart={} daemon --foreground",
            std::fs::canonicalize(env!("CARGO_BIN_EXE_ward"))
                .unwrap()
                .display()
        )),
        "{service}"
    );
    assert!(
        socket.contains("ListenStream=%t/ward/ward.sock"),
        "{socket}"
    );
    // From a build directory it says how to install properly.
    assert!(
        err(&o).contains("cargo install --locked --path crates/ward"),
        "{}",
        err(&o)
    );
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            !ci(),
            "systemd-analyze is missing; scripts/test-deps.sh installs `systemd`"
        );
        eprintln!(
            "skip: systemd-analyze not installed (scripts/test-deps.sh installs the `systemd` package)"
        );
        return;
    }
    let runtime = h.dir.path().join("xdg");
    std::fs::create_dir(&runtime).unwrap();
    let verify = |dir: &Path| {
        Command::new("systemd-analyze")
            .args(["--user", "verify"])
            .arg(dir.join("ward.socket"))
            .arg(dir.join("ward.service"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("HOME", h.dir.path())
            .output()
            .unwrap()
    };
    let o = verify(&units);
    let said = err(&o) + &out(&o);
    if said.contains("Failed to initialize manager") && !ci() {
        eprintln!("skip: systemd-analyze cannot start a user manager here: {said}");
        return;
    }
    assert!(o.status.success(), "{said}");
    assert!(said.trim().is_empty(), "{said}");
    // The check is real: a unit whose program does not exist is refused.
    let bad = h.dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("ward.socket"), &socket).unwrap();
    let wrong = service.replace(
        &std::fs::canonicalize(env!("CARGO_BIN_EXE_ward"))
            .unwrap()
            .display()
            .to_string(),
        "/nonexistent/ward",
    );
    std::fs::write(bad.join("ward.service"), wrong).unwrap();
    let o = verify(&bad);
    assert!(!o.status.success());
    assert!((err(&o) + &out(&o)).contains("/nonexistent/ward"));
}
