//! PATH shims: ward invoked under a guarded program's name.

use crate::harness::ward;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Shims {
    dir: tempfile::TempDir,
    shims: PathBuf,
}

const DENY_RM: &str = r#"
[[rule]]
id = "test.keep-canary"
decision = "deny"
reason = "the canary stays"
program = ["rm"]
match = ["rm canary"]
not_match = ["ls"]
"#;

impl Shims {
    fn new(programs: &[&str]) -> Shims {
        let dir = tempfile::tempdir().unwrap();
        let shims = dir.path().join("shims");
        let out = Command::new(ward())
            .args(["shim", "install", &format!("{}/", shims.display())])
            .args(programs)
            .env("WARD_HOME", dir.path().join("state"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Shims { dir, shims }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `argv` (a bare program name, found through `path`) as an agent would.
    fn run(&self, path: &str, cwd: &Path, argv: &[&str], policy: Option<&str>) -> Output {
        let mut cmd = Command::new(argv[0]);
        cmd.args(&argv[1..])
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.path())
            .env("WARD_HOME", self.path().join("state"))
            .env("WARD_AGENT", "test")
            .current_dir(cwd);
        if let Some(p) = policy {
            let file = self.path().join("policy.toml");
            std::fs::write(&file, p).unwrap();
            cmd.env("WARD_POLICY", file);
        }
        cmd.output().unwrap()
    }

    fn events(&self) -> Vec<serde_json::Value> {
        super::harness::audit_events(&self.path().join("state"))
    }
}

fn system_path(first: &[&Path]) -> String {
    let mut parts: Vec<String> = first.iter().map(|p| p.display().to_string()).collect();
    parts.extend(["/usr/local/bin", "/usr/bin", "/bin"].map(String::from));
    parts.join(":")
}

#[test]
fn rm_through_a_shim_with_a_deny_rule_refuses() {
    let s = Shims::new(&["rm"]);
    let work = s.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("canary"), "alive").unwrap();
    let out = s.run(
        &system_path(&[&s.shims]),
        &work,
        &["rm", "canary"],
        Some(DENY_RM),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(126), "{err}");
    assert!(
        err.contains("ward: denied `rm canary`: the canary stays [test.keep-canary]"),
        "{err}"
    );
    assert!(work.join("canary").exists());
    let ev = s.events();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["source"], "shim");
    assert_eq!(ev[0]["actor"], "agent:test");
    assert_eq!(ev[0]["decision"], "deny");
}

#[test]
fn allowed_git_status_runs_the_real_git_with_its_exit_status() {
    let s = Shims::new(&["git"]);
    let repo = s.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let path = system_path(&[&s.shims]);
    let init = s.run(&path, &repo, &["git", "init", "-q"], None);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let out = s.run(&path, &repo, &["git", "status"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("No commits yet"), "{stdout}");
    // Outside a repository the real git fails, and its status comes through.
    let out = s.run(&path, s.path(), &["git", "status"], None);
    assert_eq!(out.status.code(), Some(128));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a git repository"));
    let events = s.events();
    let decisions: Vec<&str> = events
        .iter()
        .map(|e| e["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["allow", "allow", "allow"]);
}

#[test]
fn no_recursion_with_the_shim_dir_twice_in_path() {
    let s = Shims::new(&["rm", "ward-test-nothing"]);
    let alias = s.path().join("alias");
    std::os::unix::fs::symlink(&s.shims, &alias).unwrap();
    let work = s.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("junk"), "").unwrap();
    let path = system_path(&[&s.shims, &s.shims, &alias]);
    let out = s.run(&path, &work, &["rm", "junk"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!work.join("junk").exists());
    // Called by its full path too.
    std::fs::write(work.join("junk"), "").unwrap();
    let full = s.shims.join("rm");
    let out = s.run(&path, &work, &[full.to_str().unwrap(), "junk"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!work.join("junk").exists());
    // Only shims in PATH: a clear refusal, not a loop.
    let out = s.run(&path, &work, &["ward-test-nothing"], None);
    assert_eq!(out.status.code(), Some(127));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no real program found in PATH after the shim")
    );
}

#[test]
fn install_list_remove_with_the_policys_programs() {
    let dir = tempfile::tempdir().unwrap();
    let shims = format!("{}/shims", dir.path().display());
    let run = |args: &[&str]| {
        let out = Command::new(ward())
            .args(args)
            .env("WARD_HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["shim", "install", &shims]);
    let listed = run(&["shim", "list", &shims]);
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    for p in ["rm", "git", "dd"] {
        assert!(names.contains(&p), "{p} not in {names:?}");
    }
    assert!(listed.contains(ward().canonicalize().unwrap().to_str().unwrap()));
    run(&["shim", "remove", &shims, "rm"]);
    assert!(
        !run(&["shim", "list", &shims])
            .lines()
            .any(|l| l.starts_with("rm\t"))
    );
    run(&["shim", "remove", &shims]);
    assert_eq!(run(&["shim", "list", &shims]), "");
    assert!(!Path::new(&shims).exists());
}

#[test]
fn shim_install_default_set_is_real_guarded_executables() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    // A PATH of our own: rm and cargo exist, python3 and history do not.
    for p in ["rm", "cargo", "kubectl"] {
        std::os::unix::fs::symlink("/bin/true", bin.join(p)).unwrap();
    }
    let shims = format!("{}/shims", dir.path().display());
    let install = |extra: &[&str]| {
        let out = Command::new(ward())
            .args(["shim", "install", &shims])
            .args(extra)
            .env("WARD_HOME", dir.path())
            .env("PATH", &bin)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let said = install(&[]);
    let linked = |said: &str| -> Vec<String> {
        let first = said.lines().find(|l| l.starts_with("ward: ")).unwrap();
        first
            .split(": ")
            .nth(2)
            .unwrap_or("")
            .split(' ')
            .map(str::to_owned)
            .collect()
    };
    let names = linked(&said);
    assert!(names.contains(&"rm".to_owned()), "{said}");
    assert!(names.contains(&"kubectl".to_owned()), "{said}");
    for gone in [
        "ALTER", "DROP", "FLUSHALL", "history", "unset", "python3", "cargo", "git",
    ] {
        assert!(!names.contains(&gone.to_owned()), "{gone} linked: {said}");
    }
    // Each link says what it stands in front of and which rules name it.
    let rm_line = said
        .lines()
        .find(|l| l.trim_start().starts_with("rm "))
        .unwrap();
    assert!(
        rm_line.contains(&format!("`{}`", bin.join("rm").display())),
        "{rm_line}"
    );
    assert!(rm_line.contains("fs."), "{rm_line}");
    assert!(
        said.contains("everyday tools") && said.contains("cargo"),
        "{said}"
    );
    // `--all` is the wide set.
    let wide = linked(&install(&["--all"]));
    assert!(wide.len() > 100, "{wide:?}");
    assert!(wide.contains(&"cargo".to_owned()) && wide.contains(&"DROP".to_owned()));
}

#[test]
fn completions_man_page_and_examples_on_every_subcommand() {
    for (shell, marker) in [
        ("bash", "_ward()"),
        ("zsh", "#compdef ward"),
        ("fish", "complete -c ward"),
    ] {
        let out = Command::new(ward())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(marker), "{shell}");
        assert!(text.contains("shim"), "{shell} completions lack `shim`");
    }
    let man = Command::new(ward()).arg("man").output().unwrap();
    assert!(
        String::from_utf8_lossy(&man.stdout).starts_with(".ie"),
        "not a roff page"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(ward())
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("ward-shim.1").exists());
    let help = Command::new(ward()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let subs: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help")
        .collect();
    assert!(subs.contains(&"init") && subs.contains(&"shim"), "{subs:?}");
    for sub in subs {
        let out = Command::new(ward()).args([sub, "--help"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // Groups (`policy`, `shim`) carry their examples on their subcommands.
        let has = text.contains("Example") || text.contains("Commands:");
        assert!(has, "`ward {sub} --help` has no examples:\n{text}");
    }
}
