//! `ward doctor` and `ward install` as a new user meets them (issue 20):
//! an installed ward writes a hook doctor calls healthy; moving the binary
//! away makes doctor fail naming the hook.

use super::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `ward` "installed" into `dir/bin` (a hard link, else a copy, of the built binary).
fn installed(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("ward");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_ward"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_ward"), &exe).unwrap();
    }
    exe
}

/// `exe` with the harness's private environment, run in `project`.
fn at(home: &Path, exe: &Path, project: &Path) -> Command {
    let c = ward(home);
    let mut run = Command::new(exe);
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => run.env(k, v),
            None => run.env_remove(k),
        };
    }
    let path = format!("{}:/usr/bin:/bin", exe.parent().unwrap().display());
    run.env("PATH", path)
        .env("WARD_SOCKET", home.join("run/ward.sock"))
        .current_dir(project)
        .stdin(Stdio::null());
    run
}

#[test]
fn doctor_shows_a_healthy_hook_then_fails_naming_it_when_the_binary_moves() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let project = home.join("project");
    std::fs::create_dir(&project).unwrap();
    let exe = installed(home);
    let o = run(at(home, &exe, &project).args(["install", "claude", "--project"]));
    assert!(o.status.success(), "{}", err(&o));
    assert!(!err(&o).contains("build directory"), "{}", err(&o));
    let settings = std::fs::read_to_string(project.join(".claude/settings.json")).unwrap();
    assert!(settings.contains(&exe.display().to_string()), "{settings}");

    let o = run(at(home, &exe, &project).arg("doctor"));
    let report = out(&o);
    assert_eq!(o.status.code(), Some(0), "{report}");
    let hook = report.lines().find(|l| l.contains(" hook ")).unwrap();
    assert!(hook.starts_with("ok"), "{report}");
    assert!(hook.contains("claude (project)"), "{hook}");
    assert!(hook.contains(&exe.display().to_string()), "{hook}");
    assert!(report.contains("the `ward` on PATH"), "{report}");
    let v: Value = serde_json::from_str(&out(&run(
        at(home, &exe, &project).args(["doctor", "--json"])
    )))
    .unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let hooks: Vec<&Value> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["area"] == "hook")
        .collect();
    assert_eq!(hooks.len(), 1, "{v}");
    assert_eq!(hooks[0]["state"], "ok");

    // The binary moves away: the hook now runs nothing, and doctor says so.
    let moved = home.join("elsewhere");
    std::fs::create_dir(&moved).unwrap();
    std::fs::rename(&exe, moved.join("ward")).unwrap();
    let o = run(at(home, &moved.join("ward"), &project).arg("doctor"));
    let report = out(&o);
    assert_eq!(o.status.code(), Some(1), "{report}");
    let hook = report.lines().find(|l| l.contains(" hook ")).unwrap();
    assert!(hook.starts_with("FAIL"), "{report}");
    assert!(hook.contains(&exe.display().to_string()), "{hook}");
    assert!(hook.contains("does not exist"), "{hook}");
    assert!(
        report.contains("fix: ward install claude --project"),
        "{report}"
    );
    let v: Value = serde_json::from_str(&out(&run(
        at(home, &moved.join("ward"), &project).args(["doctor", "--json"])
    )))
    .unwrap();
    assert_eq!(v["ok"], false, "{v}");
}

#[test]
fn install_from_a_build_directory_says_how_to_install() {
    let t = tempfile::tempdir().unwrap();
    let project = t.path().join("p");
    std::fs::create_dir(&project).unwrap();
    // No `ward` on PATH: the build's binary is used, with a warning.
    let o = run(ward(t.path())
        .env("PATH", "/usr/bin:/bin")
        .current_dir(&project)
        .args(["install", "claude", "--project"]));
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("build directory"), "{}", err(&o));
    assert!(
        err(&o).contains("cargo install --locked --path crates/ward"),
        "{}",
        err(&o)
    );
    // An installed `ward` on PATH: the hook runs that one.
    let exe = installed(t.path());
    let o = run(ward(t.path())
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", exe.parent().unwrap().display()),
        )
        .current_dir(&project)
        .args(["install", "claude", "--project"]));
    assert!(o.status.success(), "{}", err(&o));
    let settings = std::fs::read_to_string(project.join(".claude/settings.json")).unwrap();
    assert!(settings.contains(&exe.display().to_string()), "{settings}");
    assert!(!settings.contains("target/debug"), "{settings}");
}

#[test]
fn doctor_fails_on_a_policy_that_does_not_load() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("config/ward");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("policy.toml"), "[[rule]]\nid = 3\n").unwrap();
    let o = run(ward(t.path()).current_dir(t.path()).arg("doctor"));
    let report = out(&o);
    assert_eq!(o.status.code(), Some(1), "{report}");
    let line = report.lines().find(|l| l.contains(" policy ")).unwrap();
    assert!(
        line.starts_with("FAIL") && line.contains("policy.toml"),
        "{report}"
    );
    assert!(report.contains("fix: ward policy check"), "{report}");
}
