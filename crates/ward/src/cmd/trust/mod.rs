//! `ward trust …`: behavioural trust from keystroke and mouse dynamics.
//!
//! Layout: this file holds the arguments and dispatch; `enrol`, `score`
//! (recordings and live watch) and `eval` run one subcommand each; `print`
//! formats what they report.

mod enrol;
mod eval;
mod print;
mod score;
pub mod usage;
mod usage_print;

use super::EXIT_USAGE;
use anyhow::Context as _;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use ward_trust::DetectorKind;

/// Arguments of `ward trust`.
#[derive(Debug, Args)]
pub struct TrustArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: TrustCommand,
}

/// `ward trust` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Enrol the owner: from recorded files, or live from input devices.
    #[command(
        after_help = "Examples:\n  ward trust enrol\n  ward trust enrol --from me.jsonl --others colleague.jsonl"
    )]
    Enrol {
        /// Recorded events (JSON lines or Balabit CSV); repeatable. Without it, records live.
        #[arg(long = "from")]
        from: Vec<PathBuf>,
        /// Other people's recordings to train the learned detector against; repeatable.
        #[arg(long)]
        others: Vec<PathBuf>,
        /// Mouse detector: manhattan, neighbour or forest (default: forest with --others, else neighbour).
        #[arg(long)]
        detector: Option<DetectorKind>,
        /// Live recording length in seconds (evdev devices, needs the `input` group).
        #[arg(long, default_value_t = 300)]
        seconds: u64,
        /// Record typing on this terminal (guided; Esc ends) instead of /dev/input.
        #[arg(long, conflicts_with = "from")]
        terminal: bool,
        /// Profile path (default: the state dir's trust/profile.json).
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Show the live trust state from input devices (or JSON lines on stdin).
    #[command(after_help = "Example:\n  ward trust watch")]
    Watch {
        /// Read JSON-lines events from stdin instead of /dev/input.
        #[arg(long)]
        stdin: bool,
        /// Read key events from this terminal instead of /dev/input (Esc or Ctrl-C ends).
        #[arg(long, conflicts_with = "stdin")]
        terminal: bool,
        /// Profile path.
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Score a recorded file against the profile, window by window.
    #[command(after_help = "Example:\n  ward trust score session.jsonl")]
    Score {
        /// Recorded events (JSON lines or Balabit CSV).
        file: PathBuf,
        /// Profile path.
        #[arg(long)]
        profile: Option<PathBuf>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Measure the detectors on a public data set.
    #[command(
        after_help = "Examples:\n  ward trust eval balabit --data ../shared/data/balabit-mouse\n  ward trust eval keystroke --csv DSL-StrongPasswordData.csv --json"
    )]
    Eval {
        /// Which data set.
        #[command(subcommand)]
        set: EvalSet,
    },
    /// The usage profile learned from the audit trail: top programs, usual
    /// hours, directories and pace, and why the current usage score is what it is.
    #[command(
        after_help = "Examples:\n  ward trust usage\n  ward trust usage --json\n  ward trust usage --reset"
    )]
    Usage {
        /// Print JSON for tools.
        #[arg(long)]
        json: bool,
        /// Forget what was learned and start learning from now.
        #[arg(long, conflicts_with = "off")]
        reset: bool,
        /// Turn usage profiling off (removes the profile).
        #[arg(long)]
        off: bool,
    },
    /// Delete the profile and the published state.
    #[command(after_help = "Example:\n  ward trust forget")]
    Forget {
        /// Profile path.
        #[arg(long)]
        profile: Option<PathBuf>,
    },
}

/// Data sets `ward trust eval` knows.
#[derive(Debug, Subcommand)]
pub enum EvalSet {
    /// Balabit mouse dynamics: per-account and overall ROC AUC and EER.
    Balabit {
        /// The data folder (holding training_files/, test_files/, dev_labels.csv).
        #[arg(long)]
        data: PathBuf,
        /// Detectors to run (comma-separated): manhattan, neighbour, forest.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "manhattan,neighbour,forest"
        )]
        detectors: Vec<DetectorKind>,
        /// Score a session from at most this many actions (0 = all).
        #[arg(long, default_value_t = 0)]
        actions: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Killourhy–Maxion fixed-text keystrokes (CMU DSL-StrongPasswordData.csv layout): EER per subject.
    Keystroke {
        /// The CSV file.
        #[arg(long)]
        csv: PathBuf,
        /// Detectors to run (comma-separated).
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "manhattan,neighbour,forest"
        )]
        detectors: Vec<DetectorKind>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn usage(e: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("ward: {e}");
    Ok(ExitCode::from(EXIT_USAGE))
}

fn profile_path(p: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    p.or_else(ward_trust::default_profile_path)
        .context("no state dir: set WARD_HOME or HOME, or pass --profile")
}

/// Runs `ward trust`.
pub fn run(args: TrustArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TrustCommand::Enrol {
            from,
            others,
            detector,
            seconds,
            terminal,
            profile,
        } => enrol::run(&from, &others, detector, seconds, terminal, profile),
        TrustCommand::Watch {
            stdin,
            terminal,
            profile,
        } => score::watch(stdin, terminal, profile),
        TrustCommand::Score {
            file,
            profile,
            json,
        } => score::score(&file, profile, json),
        TrustCommand::Eval { set } => eval::run(set),
        TrustCommand::Usage { json, reset, off } => usage::run(json, reset, off),
        TrustCommand::Forget { profile } => forget(profile),
    }
}

/// `ward trust forget`: removes the profile and the state published beside it.
fn forget(profile: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = profile_path(profile)?;
    match ward_trust::forget(&path, |f| println!("removed {}", f.display())) {
        Ok(0) => println!("nothing to forget at {}", path.display()),
        Ok(_) => {}
        Err(e) => return usage(e),
    }
    Ok(ExitCode::SUCCESS)
}
