//! The `ward` binary end to end: a small harness and a module per subcommand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod check;
mod daemon;
mod doctor;
mod exec;
mod policy;
mod rough;

use std::process::{Command, Output, Stdio};

/// A `ward` command with private state and cache dirs, no user policy and no
/// agent markers.
pub fn ward(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ward"));
    c.env("WARD_HOME", home.join("state"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("WARD_POLICY")
        .env_remove("WARD_NO_POLICY_CACHE")
        .env_remove("CLAUDECODE")
        .env_remove("CLAUDE_CODE_ENTRYPOINT")
        .env_remove("GEMINI_CLI")
        .env_remove("CODEX_SANDBOX")
        .stdin(Stdio::null());
    c
}

/// Runs and captures.
pub fn run(c: &mut Command) -> Output {
    c.output().unwrap()
}

/// Stdout as text.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as text.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
