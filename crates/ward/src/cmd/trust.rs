//! `ward trust …`: behavioural trust from keystroke and mouse dynamics.

use super::EXIT_USAGE;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use ward_trust::DetectorKind;
use ward_trust::eval::balabit::{BalabitOptions, BalabitReport, evaluate};

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
    /// Measure the detectors on a public data set.
    Eval {
        /// Which data set.
        #[command(subcommand)]
        set: EvalSet,
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
}

/// Runs `ward trust`.
pub fn run(args: TrustArgs) -> anyhow::Result<ExitCode> {
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
                threads: ward_trust::default_threads(),
            };
            let started = std::time::Instant::now();
            let report = match evaluate(&data, &opts) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("ward: {e}");
                    return Ok(ExitCode::from(EXIT_USAGE));
                }
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_balabit(&report, started.elapsed());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

fn print_balabit(r: &BalabitReport, took: std::time::Duration) {
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
