//! `ward trust eval`: the detectors measured on a public data set.

use super::{EvalSet, print, usage};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use ward_trust::DetectorKind;
use ward_trust::eval::balabit::BalabitOptions;

/// Runs `ward trust eval`.
pub(super) fn run(set: EvalSet) -> anyhow::Result<ExitCode> {
    let threads = ward_trust::default_threads();
    match set {
        EvalSet::Balabit {
            data,
            detectors,
            actions,
            json,
        } => {
            let opts = BalabitOptions {
                detectors,
                max_actions: actions,
                threads,
            };
            balabit(&data, &opts, json)
        }
        EvalSet::Keystroke {
            csv,
            detectors,
            json,
        } => keystroke(&csv, &detectors, threads, json),
    }
}

fn balabit(data: &Path, opts: &BalabitOptions, json: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let report = match ward_trust::eval::balabit::evaluate(data, opts) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print::balabit(&report, started.elapsed());
    }
    Ok(ExitCode::SUCCESS)
}

fn keystroke(
    csv: &Path,
    detectors: &[DetectorKind],
    threads: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let figs = match ward_trust::eval::keystroke::evaluate_file(csv, detectors, threads) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&figs)?);
    } else {
        print::keystroke(&figs);
    }
    Ok(ExitCode::SUCCESS)
}
