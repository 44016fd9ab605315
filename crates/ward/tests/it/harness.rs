//! A small harness: a real interactive shell in a detached tmux session,
//! with HOME and WARD_HOME in a temp dir.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The ward binary under test.
pub fn ward() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ward"))
}

/// Whether `tool` can run; prints why a test skips when it cannot.
pub fn have(tool: &str, test: &str) -> bool {
    let ok = Command::new(tool)
        .arg(if tool == "tmux" { "-V" } else { "--version" })
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping {test}: `{tool}` is not installed (scripts/test-deps.sh installs it)");
    }
    ok
}

/// One interactive shell in its own tmux server.
pub struct Session {
    socket: String,
    pub home: PathBuf,
    pub state: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    /// Starts `shell` (bash, zsh or fish) with no rc files and only
    /// `extra_env` beyond a minimal environment, loads ward's snippet for it
    /// (calling `ward_bin`), and waits for the prompt.
    pub fn start(shell: &str, ward_bin: &Path, extra_env: &[(&str, &str)]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let state = dir.path().join("state");
        std::fs::create_dir_all(&home).unwrap();
        let snippet = Command::new(ward()).args(["init", shell]).output().unwrap();
        assert!(snippet.status.success());
        let rc = home.join("ward.rc");
        std::fs::write(&rc, &snippet.stdout).unwrap();
        let socket = format!(
            "ward-test-{}-{}",
            std::process::id(),
            dir.path().file_name().unwrap().to_string_lossy()
        );
        let argv: &[&str] = match shell {
            "bash" => &["bash", "--norc", "--noprofile", "-i"],
            "zsh" => &["zsh", "-f", "-i"],
            _ => &["fish", "--no-config", "-i"],
        };
        let mut env = vec![
            format!("HOME={}", home.display()),
            format!("WARD_HOME={}", state.display()),
            format!("WARD_BIN={}", ward_bin.display()),
            "PATH=/usr/local/bin:/usr/bin:/bin".to_owned(),
            "TERM=xterm".to_owned(),
            "LANG=C.UTF-8".to_owned(),
        ];
        // An empty XDG_RUNTIME_DIR asks for a private one in the temp dir.
        let run = dir.path().join("run");
        std::fs::create_dir(&run).unwrap();
        std::fs::set_permissions(&run, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        env.extend(extra_env.iter().map(|(k, v)| match (*k, *v) {
            ("XDG_RUNTIME_DIR", "") => format!("{k}={}", run.display()),
            _ => format!("{k}={v}"),
        }));
        let mut cmd = Command::new("tmux");
        cmd.args([
            "-L",
            &socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "200",
            "-y",
            "50",
            "-s",
            "t",
        ]);
        cmd.arg("env").arg("-i").args(&env).args(argv);
        cmd.current_dir(&home);
        assert!(cmd.status().unwrap().success(), "tmux new-session failed");
        let s = Session {
            socket,
            home,
            state,
            _dir: dir,
        };
        // A plain prompt, then the snippet, as an rc file would load it.
        let setup = match shell {
            "fish" => "function fish_prompt; echo '$ '; end; source ~/ward.rc; echo READ''Y",
            "zsh" => "PS1='$ '; source ~/ward.rc; echo READ''Y",
            _ => "PS1='$ '; source ~/ward.rc; echo READ''Y",
        };
        s.line(setup);
        s.wait_for("READY", 1);
        s
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` and presses Enter.
    pub fn line(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
        self.tmux(&["send-keys", "-t", "t", "Enter"]);
    }

    /// The visible screen.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// Waits (bounded) until `needle` shows `times` times; returns the screen.
    pub fn wait_for(&self, needle: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let screen = self.screen();
            if screen.matches(needle).count() >= times {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "`{needle}` x{times} never showed; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The recorded events, one JSON object each.
    pub fn events(&self) -> Vec<serde_json::Value> {
        audit_events(&self.state)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The events in the audit store under `state` (a `WARD_HOME`), oldest first.
pub fn audit_events(state: &std::path::Path) -> Vec<serde_json::Value> {
    if !state.join("audit.db").exists() {
        return Vec::new();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["audit", "export", "--format", "jsonl"])
        .env("WARD_HOME", state)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
