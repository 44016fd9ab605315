//! `ward trust …`: behavioural trust from keystroke and mouse dynamics.

use super::EXIT_USAGE;
use anyhow::Context as _;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use ward_trust::eval::balabit::{BalabitOptions, BalabitReport};
use ward_trust::eval::keystroke::KeystrokeFigures;
use ward_trust::source::live::{self, Feed};
use ward_trust::{
    DetectorKind, Engine, EnrolOptions, InputEvent, Profile, TrustConfig, TrustState,
};

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

/// Where the live state is published (beside the profile) for the daemon and policy.
fn state_path(profile: &Path) -> PathBuf {
    profile.with_file_name("state")
}

/// Runs `ward trust`.
pub fn run(args: TrustArgs) -> anyhow::Result<ExitCode> {
    let threads = ward_trust::default_threads();
    match args.command {
        TrustCommand::Eval {
            set:
                EvalSet::Balabit {
                    data,
                    detectors,
                    actions,
                    json,
                },
        } => {
            let opts = BalabitOptions {
                detectors,
                max_actions: actions,
                threads,
            };
            let started = Instant::now();
            let report = match ward_trust::eval::balabit::evaluate(&data, &opts) {
                Ok(r) => r,
                Err(e) => return usage(e),
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_balabit(&report, started.elapsed());
            }
            Ok(ExitCode::SUCCESS)
        }
        TrustCommand::Eval {
            set:
                EvalSet::Keystroke {
                    csv,
                    detectors,
                    json,
                },
        } => {
            let figs = match ward_trust::eval::keystroke::evaluate_file(&csv, &detectors, threads) {
                Ok(f) => f,
                Err(e) => return usage(e),
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&figs)?);
            } else {
                print_keystroke(&figs);
            }
            Ok(ExitCode::SUCCESS)
        }
        TrustCommand::Enrol {
            from,
            others,
            detector,
            seconds,
            terminal,
            profile,
        } => {
            let path = profile_path(profile)?;
            let events = if terminal {
                println!(
                    "type the passage below (repeat it if you finish early); Esc ends, {seconds} s at most:\n\n{PASSAGE}\n"
                );
                let mut ev = Vec::new();
                let res = ward_trust::source::terminal::read_keys(
                    Some(Duration::from_secs(seconds)),
                    |e| {
                        ev.push(e);
                        true
                    },
                );
                match res {
                    Ok(true) => {}
                    Ok(false) => {
                        eprintln!("this terminal reports presses only: hold times read as zero")
                    }
                    Err(e) => return usage(e),
                }
                ev
            } else if from.is_empty() {
                eprintln!(
                    "recording for {seconds} s: type and use the mouse as you normally do (Ctrl-C to abort)"
                );
                match live::record_devices(Duration::from_secs(seconds)) {
                    Ok((ev, 0)) => ev,
                    Ok((ev, skipped)) => {
                        eprintln!("ignored {skipped} events from virtual devices");
                        ev
                    }
                    Err(e) => return usage(e),
                }
            } else {
                match read_all(&from) {
                    Ok(ev) => ev,
                    Err(e) => return usage(e),
                }
            };
            let other_vecs = match read_all_each(&others) {
                Ok(v) => v
                    .iter()
                    .flat_map(|ev| ward_trust::mouse_vectors(ev))
                    .collect::<Vec<_>>(),
                Err(e) => return usage(e),
            };
            let detector = detector.unwrap_or(if other_vecs.is_empty() {
                DetectorKind::Neighbour
            } else {
                DetectorKind::Forest
            });
            let opts = EnrolOptions {
                detector,
                ..EnrolOptions::default()
            };
            let p = match Profile::enrol(&events, &other_vecs, &opts) {
                Ok(p) => p,
                Err(e) => return usage(e),
            };
            p.save(&path)?;
            println!(
                "enrolled {} events: mouse {}, keys {}; profile written to {} (0600)",
                events.len(),
                p.mouse.as_ref().map_or_else(
                    || "no (too little mouse input)".to_owned(),
                    |m| format!("yes ({})", m.model.kind())
                ),
                if p.keys.is_some() {
                    "yes"
                } else {
                    "no (too little typing)"
                },
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        TrustCommand::Score {
            file,
            profile,
            json,
        } => {
            let path = profile_path(profile)?;
            let (p, events) = match Profile::load(&path)
                .and_then(|p| Ok((p, ward_trust::source::read_file(&file)?)))
            {
                Ok(x) => x,
                Err(e) => return usage(e),
            };
            let mut engine = Engine::new(p, TrustConfig::default());
            let mut windows = 0;
            for ev in &events {
                if let Some(r) = engine.push(ev) {
                    windows += 1;
                    if json {
                        println!("{}", serde_json::to_string(&r)?);
                    } else {
                        let score = r
                            .score
                            .map_or_else(|| "-".to_owned(), |s| format!("{s:.3}"));
                        let why = r.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                        println!(
                            "{:>12.3}s {:<10} {:<9} score {score:<8} -> {}{why}",
                            ev.ts() as f64 / 1e6,
                            r.source,
                            format!("{:?}", r.verdict).to_lowercase(),
                            r.state
                        );
                    }
                }
            }
            if !json {
                println!(
                    "{} events, {windows} windows, final state: {}",
                    events.len(),
                    engine.state()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TrustCommand::Watch {
            stdin,
            terminal,
            profile,
        } => {
            let path = profile_path(profile)?;
            let p = match Profile::load(&path) {
                Ok(p) => p,
                Err(e) => return usage(e),
            };
            let source = if terminal {
                WatchSource::Terminal
            } else if stdin {
                WatchSource::Stdin
            } else {
                WatchSource::Devices
            };
            watch(p, source, &state_path(&path))
        }
        TrustCommand::Forget { profile } => {
            let path = profile_path(profile)?;
            let mut removed = 0;
            for f in [path.clone(), state_path(&path)] {
                match std::fs::remove_file(&f) {
                    Ok(()) => {
                        println!("removed {}", f.display());
                        removed += 1;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return usage(format!("cannot remove `{}`: {e}", f.display())),
                }
            }
            if removed == 0 {
                println!("nothing to forget at {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read_all(files: &[PathBuf]) -> Result<Vec<InputEvent>, ward_trust::Error> {
    Ok(read_all_each(files)?.into_iter().flatten().collect())
}

fn read_all_each(files: &[PathBuf]) -> Result<Vec<Vec<InputEvent>>, ward_trust::Error> {
    files
        .iter()
        .map(|f| ward_trust::source::read_file(f))
        .collect()
}

fn now_micros() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// Where `watch` reads events from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WatchSource {
    Devices,
    Stdin,
    Terminal,
}

/// Text for guided enrolment: common digraphs, spaces, punctuation.
const PASSAGE: &str = "the quick brown fox jumps over the lazy dog, then there is another one and \
the other in the north where they thought that three of them had gone through the heather.";

fn watch(profile: Profile, source: WatchSource, state_file: &Path) -> anyhow::Result<ExitCode> {
    let started = match source {
        WatchSource::Terminal => Ok(live::spawn_terminal()),
        WatchSource::Stdin => Ok(live::spawn_stdin()),
        WatchSource::Devices => live::spawn_devices(),
    };
    let rx = match started {
        Ok(rx) => rx,
        Err(e) => return usage(e),
    };
    let mut engine = Engine::new(profile, TrustConfig::default());
    let mut shown: Option<TrustState> = None;
    // Idle decay runs on the events' clock, advanced by wall time since the last event.
    let (mut last_ts, mut last_at) = (now_micros(), Instant::now());
    loop {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(Feed::Event(ev, is_virtual)) => {
                (last_ts, last_at) = (ev.ts(), Instant::now());
                let r = if is_virtual {
                    Some(engine.virtual_input(ev.ts()))
                } else {
                    engine.push(&ev)
                };
                if let Some(why) = r.and_then(|r| r.reason) {
                    eprint!("automation: {why}\r\n");
                }
            }
            Ok(Feed::Failed(e)) => eprintln!("ward: {e}"),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        let now = last_ts + last_at.elapsed().as_micros() as u64;
        let state = engine.tick(now);
        if shown != Some(state) {
            shown = Some(state);
            // \r\n: the terminal may be in raw mode.
            print!("trust: {state}\r\n");
            ward_trust::write_private(state_file, format!("{state}\n").as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

fn print_balabit(r: &BalabitReport, took: Duration) {
    println!(
        "balabit: {} labelled sessions ({} without usable actions), {:.1} s",
        r.sessions,
        r.empty_sessions,
        took.as_secs_f64()
    );
    for d in &r.detectors {
        println!(
            "\n{}: overall AUC {}  EER {}  (mean account AUC {}, lowest {})",
            d.detector,
            fmt(d.auc),
            fmt(d.eer),
            fmt(d.mean_account_auc),
            fmt(d.min_account_auc)
        );
        println!(
            "  {:<8} {:>8} {:>8} {:>7} {:>7}",
            "account", "sessions", "illegal", "AUC", "EER"
        );
        for a in &d.accounts {
            println!(
                "  {:<8} {:>8} {:>8} {:>7} {:>7}",
                a.user,
                a.sessions,
                a.illegal,
                fmt(a.auc),
                fmt(a.eer)
            );
        }
    }
}

fn print_keystroke(figs: &[KeystrokeFigures]) {
    for f in figs {
        println!(
            "{}: mean EER {:.3} (sd {:.3}), mean AUC {:.3} over {} subjects",
            f.detector,
            f.mean_eer,
            f.sd_eer,
            f.mean_auc,
            f.subjects.len()
        );
    }
}
