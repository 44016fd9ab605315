//! ward in front of real interactive shells, driven through tmux.

use crate::harness::{Session, have, ward};
use std::path::Path;

fn ready(shell: &str, test: &str) -> bool {
    have("tmux", test) && have(shell, test)
}

fn decided(s: &Session) -> Vec<(String, String)> {
    s.events()
        .iter()
        .map(|e| {
            (
                e["decision"].as_str().unwrap().to_owned(),
                e["decided_by"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The "must show" scenario, in any shell: deny, allow, ask (no, then yes).
fn guards_typed_lines(shell: &str) {
    guards_typed_lines_with(shell, &[]);
}

fn guards_typed_lines_with(shell: &str, env: &[(&str, &str)]) {
    let s = Session::start(shell, &ward(), env);
    std::fs::write(s.home.join("canary"), "alive").unwrap();
    std::fs::create_dir(s.home.join("x")).unwrap();

    // A dangerous line is refused with its reason, and nothing in it runs:
    // `fir''st` would print `first` if the echo before the `&&` had run.
    s.line("echo fir''st && rm -rf ~");
    // The hint is ward's last line, so the whole message is on screen.
    let screen = s.wait_for("type `ward! ` before the line", 1);
    assert!(
        screen.contains("ward: denied `echo fir''st && rm -rf ~`: recursive delete of the root, a home or a system directory"),
        "{screen}"
    );
    assert!(
        !screen.contains("first"),
        "part of a denied line ran:\n{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(s.home.join("canary")).unwrap(),
        "alive"
    );

    // A harmless line runs, with its output.
    s.line("echo hel''lo-there");
    s.wait_for("hello-there", 1);

    // An ask line waits for y/N before any of it runs; no (the default) keeps it from running.
    s.line("ls ~ && rm -rf ~/x");
    let screen = s.wait_for("run anyway? [y/N]", 1);
    assert!(screen.contains("needs confirmation"), "{screen}");
    assert!(
        !screen.contains("canary"),
        "`ls` ran before the answer:\n{screen}"
    );
    s.line("");
    let screen = s.wait_for("ward: not run", 1);
    assert!(!screen.contains("canary"), "`ls` ran after no:\n{screen}");
    assert!(s.home.join("x").is_dir());

    // Yes runs the whole line.
    s.line("ls ~ && rm -rf ~/x");
    s.wait_for("run anyway? [y/N]", 2);
    s.line("y");
    s.wait_for("canary", 1);
    wait_until(|| !s.home.join("x").exists());

    let want = [
        ("deny", "in-process"),
        ("allow", "in-process"),
        ("deny", "human:declined"),
        ("allow", "human:confirmed"),
    ];
    let got = decided(&s);
    let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got, want);
}

/// The one-shot override: `ward! ` asks even on deny and is recorded as such.
fn override_marker_asks_and_is_recorded(shell: &str) {
    let s = Session::start(shell, &ward(), &[]);
    std::fs::create_dir(s.home.join("y")).unwrap();
    s.line("ward! rm -rf ~/y");
    let screen = s.wait_for("run anyway? [y/N]", 1);
    assert!(screen.contains("ward: override: ward would"), "{screen}");
    s.line("y");
    wait_until(|| !s.home.join("y").exists());
    let ev = s.events();
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0]["decided_by"], "human:override");
    assert_eq!(ev[0]["raw"], "ward! rm -rf ~/y");
}

/// ward missing: said once, and the person keeps a working shell.
fn missing_ward_is_said_once(shell: &str) {
    let s = Session::start(shell, Path::new("/nonexistent/ward"), &[]);
    s.line("echo o''ne");
    s.wait_for("one", 1);
    s.line("echo t''wo");
    let screen = s.wait_for("two", 1);
    assert_eq!(
        screen.matches("the shell guard is not working").count(),
        1,
        "{screen}"
    );
}

fn wait_until(f: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !f() {
        assert!(std::time::Instant::now() < deadline, "condition never held");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

macro_rules! per_shell {
    ($($name:ident: $shell:literal => $f:ident;)*) => {$(
        #[test]
        fn $name() {
            if ready($shell, stringify!($name)) {
                $f($shell);
            }
        }
    )*};
}

per_shell! {
    bash_guards_typed_lines: "bash" => guards_typed_lines;
    zsh_guards_typed_lines: "zsh" => guards_typed_lines;
    fish_guards_typed_lines: "fish" => guards_typed_lines;
    bash_override_marker: "bash" => override_marker_asks_and_is_recorded;
    zsh_override_marker: "zsh" => override_marker_asks_and_is_recorded;
    fish_override_marker: "fish" => override_marker_asks_and_is_recorded;
    bash_missing_ward_is_said_once: "bash" => missing_ward_is_said_once;
    zsh_missing_ward_is_said_once: "zsh" => missing_ward_is_said_once;
    fish_missing_ward_is_said_once: "fish" => missing_ward_is_said_once;
}

/// With XDG_RUNTIME_DIR, bash reads its history through a private file
/// instead of a command substitution; the same scenario holds.
#[test]
fn bash_guards_typed_lines_with_runtime_dir() {
    if ready("bash", "bash_guards_typed_lines_with_runtime_dir") {
        guards_typed_lines_with("bash", &[("XDG_RUNTIME_DIR", "")]);
    }
}

/// A line bash keeps out of history (HISTCONTROL=ignorespace) is judged one
/// simple command at a time, so its dangerous part is still refused.
#[test]
fn bash_line_outside_history_is_judged_per_command() {
    if !ready("bash", "bash_line_outside_history_is_judged_per_command") {
        return;
    }
    let s = Session::start("bash", &ward(), &[("HISTCONTROL", "ignorespace")]);
    std::fs::write(s.home.join("canary"), "alive").unwrap();
    s.line(" echo o''ne; rm -rf ~");
    let screen = s.wait_for("type `ward! ` before the line", 1);
    assert!(screen.contains("ward: denied `rm -rf ~`"), "{screen}");
    assert!(screen.contains("one"), "{screen}");
    assert!(s.home.join("canary").exists());
    // The next line is judged whole again.
    s.line("echo fir''st && rm -rf ~");
    let screen = s.wait_for("type `ward! ` before the line", 2);
    assert!(
        screen.contains("ward: denied `echo fir''st && rm -rf ~`"),
        "{screen}"
    );
    assert!(!screen.contains("first"), "{screen}");
}

/// zsh hands a multi-line command to the widget one line at a time: the
/// unfinished first line is let through (zsh runs nothing yet) and the last
/// Enter judges all the lines together.
#[test]
fn zsh_multi_line_command_is_judged_whole() {
    if !ready("zsh", "zsh_multi_line_command_is_judged_whole") {
        return;
    }
    let s = Session::start("zsh", &ward(), &[]);
    std::fs::write(s.home.join("canary"), "alive").unwrap();
    s.line("for i in 1 2; do");
    s.line("echo n$i-ok");
    s.line("done");
    let screen = s.wait_for("n2-ok", 1);
    assert!(!screen.contains("needs confirmation"), "{screen}");
    s.line("for i in 1 2; do");
    s.line("rm -rf ~");
    let screen = s.wait_for("type `ward! ` before the line", 1);
    assert!(screen.contains("recursive delete of the root"), "{screen}");
    assert!(s.home.join("canary").exists());
    let raws: Vec<String> = s
        .events()
        .iter()
        .map(|e| e["raw"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        raws,
        [
            "for i in 1 2; do\necho n$i-ok\ndone",
            "for i in 1 2; do\nrm -rf ~"
        ]
    );
}
