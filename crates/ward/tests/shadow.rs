//! `ward shadow` on real overlays: a command in the shadow changes the
//! tree, the real tree stays byte-for-byte untouched, `diff` shows exactly
//! those changes, `apply` lands what is selected and allowed (conflicts and
//! policy holds stay staged), `discard` leaves no trace, and a SIGKILLed
//! apply never tears a file. Run as root, the round trip also runs as uid
//! 65534 on a copy of the tree it owns.
//!
//! Tests that cannot get a user namespace or an overlay say so and pass,
//! except under `CI=true` (the CI machine has both), where they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const WARD: &str = env!("CARGO_BIN_EXE_ward");
/// `ward shadow` runs in `ward-tools`, which `ward` finds next to itself.
const WARD_TOOLS: &str = env!("CARGO_BIN_EXE_ward-tools");

/// How one test runs ward: which binary, as whom, with which state dir.
#[derive(Clone)]
struct Ward {
    bin: PathBuf,
    home: PathBuf,
    /// `Some(uid)`: drop to this uid and gid with `setpriv`.
    user: Option<u32>,
}

impl Ward {
    fn cmd(&self, cwd: &Path, args: &[&str]) -> Command {
        let mut c = match self.user {
            Some(id) => {
                let mut c = Command::new("setpriv");
                c.args([
                    format!("--reuid={id}"),
                    format!("--regid={id}"),
                    "--clear-groups".into(),
                    "--".into(),
                ])
                .arg(&self.bin);
                c
            }
            None => Command::new(&self.bin),
        };
        c.args(args)
            .env("WARD_HOME", &self.home)
            .env("HOME", &self.home)
            .env("XDG_RUNTIME_DIR", "")
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("NO_COLOR", "1")
            .env("WARD_DAEMON_TIMEOUT_MS", "5000")
            .env_remove("WARD_POLICY")
            .env_remove("WARD_SOCKET")
            .env_remove("WARD_AGENT")
            .current_dir(cwd)
            .stdin(Stdio::null());
        c
    }

    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        self.cmd(cwd, args)
            .env("WARD_NO_DAEMON", "1")
            .output()
            .unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").unwrap().uid() == 0
}

/// A world-traversable temp dir (so uid 65534 can reach what is inside).
fn tempdir() -> tempfile::TempDir {
    let t = tempfile::Builder::new()
        .prefix("ward-shadow-")
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    t
}

/// A ward for `user`, with its own state dir and (for another uid) its own
/// copy of the binary where that user can run it.
fn ward_for(dir: &Path, user: Option<u32>) -> Ward {
    let home = dir.join("home");
    std::fs::create_dir(&home).unwrap();
    let bin = match user {
        Some(_) => {
            let b = dir.join("ward");
            std::fs::copy(WARD, &b).unwrap();
            std::fs::copy(WARD_TOOLS, dir.join("ward-tools")).unwrap();
            b
        }
        None => PathBuf::from(WARD),
    };
    if let Some(id) = user {
        std::os::unix::fs::chown(&home, Some(id), Some(id)).unwrap();
    }
    Ward { bin, home, user }
}

fn chown_tree(p: &Path, id: u32) {
    std::os::unix::fs::lchown(p, Some(id), Some(id)).unwrap();
    if std::fs::symlink_metadata(p).unwrap().is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            chown_tree(&e.unwrap().path(), id);
        }
    }
}

/// Whether `ward shadow run` works here; prints why not (and fails under
/// `CI=true`) when it does not.
fn available(w: &Ward, dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    if let Some(id) = w.user {
        chown_tree(&probe, id);
    }
    let p = probe.to_str().unwrap();
    let out = w.run(
        &probe,
        &["shadow", "run", "--dir", p, "--name", "probe", "--", "true"],
    );
    let _ = w.run(&probe, &["shadow", "discard", "--name", "probe"]);
    std::fs::remove_dir_all(&probe).unwrap();
    if out.status.success() {
        return true;
    }
    let why = text(&out.stderr);
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must provide user namespaces and overlayfs: {why}"
    );
    eprintln!("skipped: no shadow here (user {:?}): {why}", w.user);
    false
}

/// One test's set-up: a temp dir, a ward with its own state dir for `user`,
/// and the standard project owned by that user. `None` where no shadow can
/// run (said on stderr; a failure under `CI=true`).
struct Fixture {
    /// The temp dir, removed when the fixture drops.
    t: tempfile::TempDir,
    w: Ward,
    /// The project (see [`project`]).
    p: PathBuf,
}

fn fixture(user: Option<u32>) -> Option<Fixture> {
    let t = tempdir();
    let w = ward_for(t.path(), user);
    if !available(&w, t.path()) {
        return None;
    }
    let p = project(t.path());
    if let Some(id) = user {
        chown_tree(&p, id);
    }
    Some(Fixture { t, w, p })
}

impl Fixture {
    /// `ward shadow run --name NAME -- sh -c SCRIPT` in the project, no daemon.
    fn shadow_sh(&self, name: &str, script: &str) -> Output {
        self.w.run(
            &self.p,
            &["shadow", "run", "--name", name, "--", "sh", "-c", script],
        )
    }
}

/// Every path under `root` with its kind, mode and bytes (or link target).
fn snapshot(root: &Path) -> BTreeMap<String, (String, u32, Vec<u8>)> {
    fn walk(root: &Path, rel: &Path, out: &mut BTreeMap<String, (String, u32, Vec<u8>)>) {
        for e in std::fs::read_dir(root.join(rel)).unwrap() {
            let e = e.unwrap();
            let r = rel.join(e.file_name());
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            let mode = m.mode() & 0o7777;
            let key = r.display().to_string();
            if m.is_dir() {
                out.insert(key, ("dir".into(), mode, Vec::new()));
                walk(root, &r, out);
            } else if m.file_type().is_symlink() {
                let t = std::fs::read_link(e.path()).unwrap();
                out.insert(
                    key,
                    ("link".into(), 0, t.display().to_string().into_bytes()),
                );
            } else {
                out.insert(key, ("file".into(), mode, std::fs::read(e.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, Path::new(""), &mut out);
    out
}

fn write(p: &Path, bytes: &[u8], mode: u32) {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(p, bytes).unwrap();
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The project every round trip starts from.
fn project(dir: &Path) -> PathBuf {
    let p = dir.join("project");
    write(&p.join("a.txt"), b"one\ntwo\nthree\n", 0o644);
    write(&p.join("keep.txt"), b"kept\n", 0o644);
    write(&p.join("del.txt"), b"doomed\n", 0o644);
    write(&p.join("old_name.txt"), b"moving\n", 0o644);
    write(&p.join("run.sh"), b"#!/bin/sh\necho hi\n", 0o644);
    write(&p.join("data.bin"), b"\x00\x01\x02\x03", 0o644);
    write(&p.join("src/lib.rs"), b"pub fn f() {}\n", 0o644);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// What the agent does inside the shadow.
const EDITS: &str = "set -e
printf 'fresh\\n' > new.txt
printf 'one\\nTWO\\nthree\\n' > a.txt
rm del.txt
mv old_name.txt new_name.txt
chmod 755 run.sh
ln -s a.txt link
printf '\\000\\377\\001' > data.bin
grep -q TWO a.txt
test ! -e del.txt
exit 3";

fn round_trip(user: Option<u32>) {
    let Some(f) = fixture(user) else { return };
    let (w, p) = (&f.w, &f.p);
    let before = snapshot(p);

    // The command sees its own changes; its exit status is ward's.
    let out = f.shadow_sh("t", EDITS);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(snapshot(p), before, "the real tree changed");

    // A second run resumes the same staging.
    let out = f.shadow_sh("t", "grep -q TWO a.txt && test -L link");
    assert!(out.status.success(), "{}", text(&out.stderr));

    let status = text(&w.run(p, &["shadow", "status", "t"]).stdout);
    let listed: Vec<&str> = status.lines().skip(5).collect();
    assert_eq!(
        listed,
        [
            "modified      a.txt",
            "modified      data.bin",
            "deleted       del.txt",
            "created link  link",
            "created       new.txt",
            "created       new_name.txt",
            "deleted       old_name.txt",
            "mode          run.sh",
        ],
        "{status}"
    );
    let diff = text(&w.run(p, &["shadow", "diff", "t"]).stdout);
    for want in [
        "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n",
        "Binary files a/data.bin and b/data.bin differ\n",
        "diff --git a/del.txt b/del.txt\ndeleted file mode 100644\n--- a/del.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-doomed\n",
        "diff --git a/link b/link\nnew file mode 120777\n+symlink to a.txt\n",
        "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+fresh\n",
        "--- /dev/null\n+++ b/new_name.txt\n@@ -0,0 +1 @@\n+moving\n",
        "diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n",
    ] {
        assert!(diff.contains(want), "missing {want:?} in\n{diff}");
    }
    assert_eq!(diff.matches("diff --git").count(), 8, "{diff}");
    assert!(!diff.contains('\x1b'), "NO_COLOR is honoured");
    let stat = text(&w.run(p, &["shadow", "diff", "--stat", "t"]).stdout);
    assert!(
        stat.contains(" 8 files changed, 3 insertions(+), 3 deletions(-)"),
        "{stat}"
    );

    // Apply a subset: only that subset lands.
    let out = w.run(p, &["shadow", "apply", "t", "new.txt", "a.txt"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let mut want = before.clone();
    want.insert(
        "new.txt".into(),
        ("file".into(), 0o644, b"fresh\n".to_vec()),
    );
    want.insert(
        "a.txt".into(),
        ("file".into(), 0o644, b"one\nTWO\nthree\n".to_vec()),
    );
    assert_eq!(snapshot(p), want);

    // Someone edits run.sh in the real tree: its staged chmod is a conflict.
    write(&p.join("run.sh"), b"#!/bin/sh\necho changed\n", 0o644);
    if let Some(id) = user {
        chown_tree(&p.join("run.sh"), id);
    }
    let out = w.run(p, &["shadow", "apply", "t", "run.sh"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(
        said.contains("conflict  run.sh: `run.sh` changed in the real tree"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(p.join("run.sh")).unwrap(),
        b"#!/bin/sh\necho changed\n"
    );
    assert_eq!(
        std::fs::metadata(p.join("run.sh")).unwrap().mode() & 0o777,
        0o644
    );

    // Apply the rest: the rename, the delete, the link, the binary file.
    let out = w.run(p, &["shadow", "apply", "t"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "only the conflict is left: {}",
        text(&out.stdout)
    );
    let now = snapshot(p);
    assert!(!now.contains_key("del.txt") && !now.contains_key("old_name.txt"));
    assert_eq!(now["new_name.txt"].2, b"moving\n");
    assert_eq!(now["link"], ("link".into(), 0, b"a.txt".to_vec()));
    assert_eq!(now["data.bin"].2, b"\x00\xff\x01");
    let status = text(&w.run(p, &["shadow", "status", "t"]).stdout);
    // Against the edited real file, the staged copy now differs in content too.
    assert!(
        status.contains("changes  1\nmodified      run.sh\n"),
        "{status}"
    );

    // Discard: nothing of the shadow remains, the real tree is as it was.
    let before_discard = snapshot(p);
    let out = w.run(p, &["shadow", "discard", "t"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(snapshot(p), before_discard);
    assert!(!w.home.join("shadow/t").exists());
    let list = text(&w.run(p, &["shadow", "list"]).stdout);
    assert!(list.starts_with("no shadows"), "{list}");
}

#[test]
fn a_shadow_round_trip_as_this_user() {
    round_trip(None);
}

#[test]
fn a_shadow_round_trip_as_an_unprivileged_user() {
    if !is_root() {
        // This process is the unprivileged user: the other test covers it.
        eprintln!(
            "skipped: not root, so `a_shadow_round_trip_as_this_user` already runs unprivileged"
        );
        return;
    }
    round_trip(Some(65534));
}

#[test]
fn a_partial_discard_keeps_the_rest_staged() {
    let Some(f) = fixture(None) else { return };
    let (w, p) = (&f.w, &f.p);
    let out = f.shadow_sh("d", "echo x > x; echo y >> keep.txt; rm -r src");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = w.run(p, &["shadow", "discard", "d", "x", "src"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status = text(&w.run(p, &["shadow", "status", "d"]).stdout);
    assert!(
        status.contains("changes  1\nmodified      keep.txt\n"),
        "{status}"
    );
    let out = f.shadow_sh("d", "test ! -e x && test -f src/lib.rs");
    assert!(
        out.status.success(),
        "discarded paths show the real tree again"
    );
}

#[test]
fn secrets_and_keys_are_held_back_at_apply() {
    let Some(f) = fixture(None) else { return };
    let (w, p) = (&f.w, &f.p);
    let edits = "mkdir -p .ssh
echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB attacker' > .ssh/authorized_keys
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----\\n' > deploy_key
echo fine > ok.txt";
    let out = f.shadow_sh("s", edits);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = w.run(p, &["shadow", "apply", "s"]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("applied   ok.txt"), "{said}");
    assert!(
        said.contains(
            "held      .ssh/authorized_keys: ask: needs confirmation and no terminal is attached"
        ),
        "{said}"
    );
    assert!(said.contains("[file.write-secret-path]"), "{said}");
    assert!(
        said.contains("held      deploy_key: deny:") && said.contains("[file.write-private-key]"),
        "{said}"
    );
    assert!(!p.join(".ssh/authorized_keys").exists() && !p.join("deploy_key").exists());
    assert_eq!(std::fs::read(p.join("ok.txt")).unwrap(), b"fine\n");
    // Every judged file is in the audit log, held ones as denies.
    let log = text(&w.run(p, &["audit", "tail", "-n", "20", "--json"]).stdout);
    let rows: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let row = |needle: &str| {
        rows.iter()
            .find(|r| r["raw"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no record for {needle}: {log}"))
            .clone()
    };
    assert_eq!(row("deploy_key")["decision"], "deny");
    assert_eq!(row("authorized_keys")["decision"], "deny");
    assert_eq!(row("ok.txt")["decision"], "allow");
    assert_eq!(row("ok.txt")["source"], "shadow");
    // Still staged, for a person to decide.
    let status = text(&w.run(p, &["shadow", "status", "s"]).stdout);
    assert!(
        status
            .contains("changes  2\ncreated       .ssh/authorized_keys\ncreated       deploy_key\n"),
        "{status}"
    );
}

/// Starts `ward daemon` for `w`; returns its pid.
fn start_daemon(w: &Ward, cwd: &Path) -> String {
    let out = w
        .cmd(cwd, &["daemon", "--approval-timeout", "60"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .rsplit("pid ")
        .next()
        .unwrap()
        .trim_end_matches([')', '\n'])
        .to_owned()
}

#[test]
fn an_ask_waits_in_the_daemon_queue_and_lands_when_approved() {
    let Some(f) = fixture(None) else { return };
    let (w, p) = (&f.w, &f.p);
    let out = f.shadow_sh("q", "echo TOKEN=1 > .env");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pid = start_daemon(w, p);
    let apply = w
        .cmd(p, &["shadow", "apply", "q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A second process sees the item in the queue and approves it.
    let start = Instant::now();
    let id = loop {
        let pending = text(&w.cmd(p, &["pending"]).output().unwrap().stdout);
        if let Some(line) = pending.lines().find(|l| l.contains(".env")) {
            assert!(line.contains("`write .env` in shadow q"), "{line}");
            break line
                .split_whitespace()
                .next()
                .unwrap()
                .trim_start_matches('#')
                .to_owned();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "never queued: {pending}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!p.join(".env").exists(), "nothing lands before approval");
    let ok = w.cmd(p, &["approve", &id]).output().unwrap();
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let out = apply.wait_with_output().unwrap();
    Command::new("kill").arg(&pid).status().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("waits for approval"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(p.join(".env")).unwrap(), b"TOKEN=1\n");
}

/// A small deterministic generator (xorshift), seeded per run and printed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_killed_apply_never_tears_a_file_and_a_rerun_completes_it() {
    let Some(f) = fixture(None) else { return };
    let (t, w) = (&f.t, &f.w);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    const FILES: usize = 150;
    let old = |i: usize| format!("old {i}\n").repeat(2000).into_bytes();
    let new = |i: usize| format!("new {i}\n").repeat(3000).into_bytes();
    let mut full = Duration::from_millis(200);
    for round in 0..24 {
        let dir = t.path().join(format!("r{round}"));
        let p = dir.join("p");
        for i in 0..FILES {
            write(&p.join(format!("d{}/f{i}", i % 7)), &old(i), 0o644);
        }
        // Edit most files, delete some, create some.
        let script = format!(
            "for i in $(seq 0 {last}); do f=d$((i % 7))/f$i; case $((i % 10)) in 0) rm $f;; *) awk -v i=$i 'BEGIN{{for(k=0;k<3000;k++) print \"new \" i}}' > $f;; esac; done; mkdir -p n; for i in $(seq 0 20); do echo created $i > n/c$i; done",
            last = FILES - 1
        );
        let name = format!("k{round}");
        // This round's own tree, not the fixture's project.
        let out = w.run(
            &p,
            &["shadow", "run", "--name", &name, "--", "sh", "-c", &script],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let start = Instant::now();
        let mut child = w
            .cmd(&p, &["shadow", "apply", &name])
            .env("WARD_NO_DAEMON", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if round > 0 {
            let wait = rng.below(u64::try_from(full.as_micros()).unwrap() * 6 / 5);
            std::thread::sleep(Duration::from_micros(wait));
            let _ = child.kill();
        }
        let status = child.wait().unwrap();
        if round == 0 {
            assert!(status.success());
            full = start.elapsed();
            eprintln!("a whole apply took {full:?}; kills land within it");
        }
        // Every real file is its old or its new version, never torn.
        for i in 0..FILES {
            let f = p.join(format!("d{}/f{i}", i % 7));
            match std::fs::read(&f) {
                Ok(b) => assert!(
                    b == old(i) || (i % 10 != 0 && b == new(i)),
                    "round {round}: {} is torn",
                    f.display()
                ),
                Err(_) => assert_eq!(i % 10, 0, "round {round}: {} vanished", f.display()),
            }
        }
        for i in 0..=20 {
            if let Ok(b) = std::fs::read(p.join(format!("n/c{i}"))) {
                assert_eq!(b, format!("created {i}\n").into_bytes(), "round {round}");
            }
        }
        // A cut-short apply may leave a real file sharing its inode with the
        // staged copy: the shadow is not mounted again until an apply ends.
        let mark = w.home.join("shadow").join(&name).join("applying");
        if mark.exists() {
            let out = w.run(&p, &["shadow", "run", "--name", &name, "--", "true"]);
            assert!(
                !out.status.success() && text(&out.stderr).contains("was cut short"),
                "round {round}: {}",
                text(&out.stderr)
            );
        }
        // A re-run completes the apply.
        let out = w.run(&p, &["shadow", "apply", &name]);
        assert!(
            out.status.success(),
            "round {round}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        for i in 0..FILES {
            let f = p.join(format!("d{}/f{i}", i % 7));
            if i % 10 == 0 {
                assert!(!f.exists(), "round {round}");
            } else {
                assert_eq!(std::fs::read(&f).unwrap(), new(i), "round {round}");
                let links = std::fs::metadata(&f).unwrap().nlink();
                assert_eq!(links, 1, "round {round}: {} is still linked", f.display());
            }
        }
        assert!(!mark.exists(), "round {round}");
        let left: Vec<_> = snapshot(&p)
            .into_keys()
            .filter(|k| k.contains("ward-shadow~"))
            .collect();
        assert!(left.is_empty(), "round {round}: temp files left: {left:?}");
        let status = text(&w.run(&p, &["shadow", "status", &name]).stdout);
        assert!(status.contains("changes  0\n"), "round {round}: {status}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_replaced_directory_is_an_opaque_dir_and_applies_whole() {
    let Some(f) = fixture(None) else { return };
    let (w, p) = (&f.w, &f.p);
    write(&p.join("src/sub/deep.rs"), b"deep\n", 0o644);
    let edits = "rm -rf src && mkdir src && echo 'pub fn g() {}' > src/new.rs";
    let out = f.shadow_sh("o", edits);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status = text(&w.run(p, &["shadow", "status", "o"]).stdout);
    let listed: Vec<&str> = status.lines().skip(5).collect();
    assert_eq!(
        listed,
        [
            "deleted       src/lib.rs",
            "created       src/new.rs",
            "deleted dir   src/sub"
        ],
        "{status}"
    );
    let diff = text(&w.run(p, &["shadow", "diff", "o"]).stdout);
    assert!(
        diff.contains("diff --git a/src/sub/deep.rs b/src/sub/deep.rs\ndeleted file mode 100644"),
        "{diff}"
    );
    // The deletion under the replaced directory cannot be kept alone.
    let out = w.run(p, &["shadow", "discard", "o", "src/lib.rs"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("replaced `src` as a whole"),
        "{}",
        text(&out.stderr)
    );
    let out = w.run(p, &["shadow", "apply", "o"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let names: Vec<String> = snapshot(&p.join("src")).into_keys().collect();
    assert_eq!(names, ["new.rs"]);
    let status = text(&w.run(p, &["shadow", "status", "o"]).stdout);
    assert!(status.contains("changes  0\n"), "{status}");
    // A file the user adds later is not hidden by a stale opaque mark.
    write(&p.join("src/later.rs"), b"later\n", 0o644);
    let out = w.run(
        p,
        &[
            "shadow",
            "run",
            "--name",
            "o",
            "--",
            "test",
            "-f",
            "src/later.rs",
        ],
    );
    assert!(
        out.status.success(),
        "the opaque mark was cleared after apply"
    );
}

#[test]
fn the_command_keeps_its_environment_identity_directory_and_signals() {
    use std::os::unix::process::ExitStatusExt;
    let Some(f) = fixture(None) else { return };
    let (w, p) = (&f.w, &f.p);
    let src = p.join("src");
    let uid = std::fs::metadata("/proc/self").unwrap().uid();
    let script = format!(
        "test \"$FOO\" = bar && test \"$WARD_SHADOW\" = e && test \"$(id -u)\" = {uid} && test \"$(pwd)\" = {} && echo x > here && cat here",
        src.display()
    );
    let out = w
        .cmd(
            &src,
            &[
                "shadow",
                "run",
                "--dir",
                p.to_str().unwrap(),
                "--name",
                "e",
                "--",
                "sh",
                "-c",
                &script,
            ],
        )
        .env("WARD_NO_DAEMON", "1")
        .env("FOO", "bar")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "x\n");
    assert!(!src.join("here").exists());
    // ward is the command (exec), so a signal that ends it ends "ward".
    let out = f.shadow_sh("e", "kill -TERM $$");
    assert_eq!(out.status.signal(), Some(15));
    let out = w.run(
        p,
        &["shadow", "run", "--name", "e", "--", "no-such-program-ward"],
    );
    assert_eq!(out.status.code(), Some(127));
    assert!(text(&out.stderr).contains("cannot run `no-such-program-ward`"));
}

#[test]
fn staging_inside_the_project_is_refused() {
    let t = tempdir();
    let p = project(t.path());
    let out = Command::new(WARD)
        .args(["shadow", "run", "--", "true"])
        .env("WARD_HOME", p.join(".ward"))
        .env("WARD_NO_DAEMON", "1")
        .current_dir(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is inside the tree it shadows"),
        "{}",
        text(&out.stderr)
    );
    assert!(!p.join(".ward/shadow/project").exists());
}
