//! `ward doctor`: one screen saying what is set up and what is not, each
//! line with the command that fixes it.
//!
//! Layout:
//! - `setup`: what a person installs — the binary on PATH, agent hooks,
//!   shell integration, PATH shims.
//! - `services`: what runs or is kept — daemon, audit store, policy files,
//!   trust watcher, shadow-workspace kernel support.
//!
//! Probes read a [`Probe`] (paths and variables gathered once) so tests can
//! point them at temporary directories.

mod services;
mod setup;

use serde::Serialize;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `ward doctor`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print one JSON object: `ok` and every check.
    #[arg(long)]
    pub json: bool,
}

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Set up and working.
    Ok,
    /// Not set up, or set up in a way that gives less than it could.
    Warn,
    /// Something that protects the user is broken: doctor exits non-zero.
    Fail,
    /// A fact, neither good nor bad.
    Info,
}

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What part of ward: `binary`, `hook`, `shell`, `shims`, `daemon`, …
    pub area: &'static str,
    /// What was found.
    pub state: State,
    /// In words, naming files and programs.
    pub detail: String,
    /// The command that fixes it, when something needs fixing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    fn new(area: &'static str, state: State, detail: impl Into<String>) -> Self {
        Check {
            area,
            state,
            detail: detail.into(),
            fix: None,
        }
    }

    fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

/// What the probes look at, gathered once from the process.
#[derive(Debug, Clone)]
pub struct Probe {
    /// The running ward binary (canonical).
    pub exe: PathBuf,
    /// The current directory (the project).
    pub cwd: PathBuf,
    /// The home directory, when known.
    pub home: Option<PathBuf>,
    /// `PATH`.
    pub path: OsString,
    /// ward's state directory.
    pub state: PathBuf,
    /// The daemon's socket.
    pub socket: PathBuf,
}

impl Probe {
    fn from_process() -> anyhow::Result<Probe> {
        let exe = std::env::current_exe()?;
        Ok(Probe {
            exe: std::fs::canonicalize(&exe).unwrap_or(exe),
            cwd: std::env::current_dir()?,
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            path: std::env::var_os("PATH").unwrap_or_default(),
            state: super::common::state_dir()?,
            socket: super::daemon::socket(None)?,
        })
    }
}

/// Every check, in the order of the report.
pub fn checks(p: &Probe) -> Vec<Check> {
    let mut out = Vec::new();
    out.extend(setup::binary(p));
    out.extend(setup::hooks(p));
    out.extend(setup::shells(p));
    out.extend(setup::shims(p));
    out.extend(services::daemon(p));
    out.extend(services::audit());
    out.extend(services::policy());
    out.extend(services::trust());
    out.extend(services::shadow());
    out
}

/// Runs `ward doctor`: exit 1 when a check failed.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let all = checks(&Probe::from_process()?);
    let ok = all.iter().all(|c| c.state != State::Fail);
    if args.json {
        println!("{}", serde_json::json!({"ok": ok, "checks": all}));
    } else {
        print!("{}", render(&all));
        let failed = all.iter().filter(|c| c.state == State::Fail).count();
        if failed > 0 {
            println!("{failed} problem(s) leave you less protected than you think; fix them above");
        } else {
            println!("nothing that protects you is broken");
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The text report: one line per check, its fix indented below it.
pub fn render(checks: &[Check]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for c in checks {
        let tag = match c.state {
            State::Ok => "ok",
            State::Warn => "warn",
            State::Fail => "FAIL",
            State::Info => "info",
        };
        let _ = writeln!(s, "{tag:<5} {:<7} {}", c.area, c.detail);
        if let Some(fix) = &c.fix {
            let _ = writeln!(s, "{:<13} fix: {fix}", "");
        }
    }
    s
}
