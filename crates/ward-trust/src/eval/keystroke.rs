//! The Killourhy–Maxion fixed-text protocol (CMU `DSL-StrongPasswordData.csv`
//! layout: `subject,sessionIndex,rep,H.…,DD.…,UD.…`): per subject, train on
//! the first 200 repetitions, test the remaining ones as genuine and the first
//! 5 of every other subject as impostors; equal-error rate per subject, mean
//! and standard deviation.

use crate::detect::{DetectorKind, Model};
use crate::error::Error;
use crate::metrics::{eer, roc_auc};
use crate::par::par_map;
use serde::Serialize;
use std::path::Path;

/// Repetitions per subject used for training.
pub const TRAIN_REPS: usize = 200;
/// Repetitions of every other subject used as impostor attempts.
pub const IMPOSTOR_REPS: usize = 5;

/// One subject's rows, in file order.
#[derive(Debug, Clone)]
pub struct Subject {
    /// Subject id.
    pub id: String,
    /// Timing vectors (seconds), one per repetition.
    pub reps: Vec<Vec<f64>>,
}

/// Per-subject result.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectFigures {
    /// Subject id.
    pub subject: String,
    /// Equal-error rate.
    pub eer: f64,
    /// ROC AUC.
    pub auc: f64,
}

/// One detector's result.
#[derive(Debug, Clone, Serialize)]
pub struct KeystrokeFigures {
    /// Which detector.
    pub detector: DetectorKind,
    /// Mean EER over subjects.
    pub mean_eer: f64,
    /// Standard deviation of the EER over subjects.
    pub sd_eer: f64,
    /// Mean AUC over subjects.
    pub mean_auc: f64,
    /// Per subject.
    pub subjects: Vec<SubjectFigures>,
}

/// Parses the CSV: a header whose timing columns start with `H.`, `DD.` or `UD.`.
pub fn parse_csv(text: &str, what: &str) -> Result<Vec<Subject>, Error> {
    let mut lines = text.lines().enumerate();
    let err = |line: usize, reason: String| Error::Parse {
        what: what.to_owned(),
        line,
        reason,
    };
    let Some((_, header)) = lines.next() else {
        return Err(err(1, "empty file".into()));
    };
    let cols: Vec<&str> = header.trim().split(',').collect();
    if cols.first() != Some(&"subject") {
        return Err(err(1, "header must start with `subject`".into()));
    }
    let timing: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.starts_with("H.") || c.starts_with("DD.") || c.starts_with("UD."))
        .map(|(i, _)| i)
        .collect();
    if timing.is_empty() {
        return Err(err(1, "no `H.`, `DD.` or `UD.` columns".into()));
    }
    let mut subjects: Vec<Subject> = Vec::new();
    for (i, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != cols.len() {
            return Err(err(
                i + 1,
                format!("expected {} fields, found {}", cols.len(), f.len()),
            ));
        }
        let id = f.first().copied().unwrap_or_default();
        let row = timing
            .iter()
            .map(|&c| {
                let v = f.get(c).copied().unwrap_or_default();
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| err(i + 1, format!("bad number `{v}`")))
            })
            .collect::<Result<Vec<f64>, Error>>()?;
        match subjects.last_mut() {
            Some(s) if s.id == id => s.reps.push(row),
            _ => match subjects.iter_mut().find(|s| s.id == id) {
                Some(s) => s.reps.push(row),
                None => subjects.push(Subject {
                    id: id.to_owned(),
                    reps: vec![row],
                }),
            },
        }
    }
    Ok(subjects)
}

/// Runs the protocol for each detector.
pub fn evaluate(
    subjects: &[Subject],
    detectors: &[DetectorKind],
    threads: usize,
) -> Result<Vec<KeystrokeFigures>, Error> {
    if subjects.len() < 2 {
        return Err(Error::NotEnough(
            "the protocol needs at least two subjects".into(),
        ));
    }
    if let Some(s) = subjects.iter().find(|s| s.reps.len() <= TRAIN_REPS) {
        return Err(Error::NotEnough(format!(
            "subject `{}` has {} repetitions, needs more than {TRAIN_REPS}",
            s.id,
            s.reps.len()
        )));
    }
    let jobs: Vec<(usize, DetectorKind)> = detectors
        .iter()
        .flat_map(|&d| (0..subjects.len()).map(move |i| (i, d)))
        .collect();
    let results = par_map(
        &jobs,
        threads,
        |&(i, kind)| -> Result<SubjectFigures, Error> {
            let me = subjects
                .get(i)
                .ok_or_else(|| Error::NotEnough("subject".into()))?;
            let train = me.reps.get(..TRAIN_REPS).unwrap_or_default();
            // The learned detector trains against other subjects' training reps,
            // never against the impostor attempts it is tested on.
            let others: Vec<Vec<f64>> = if kind.needs_others() {
                subjects
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .flat_map(|(_, s)| s.reps.iter().take(TRAIN_REPS).skip(IMPOSTOR_REPS).cloned())
                    .collect()
            } else {
                Vec::new()
            };
            let model = Model::fit(kind, train, &others, i as u64 + 1)?;
            let genuine: Vec<f64> = me
                .reps
                .iter()
                .skip(TRAIN_REPS)
                .map(|r| model.anomaly(r))
                .collect();
            let impostor: Vec<f64> = subjects
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, s)| s.reps.iter().take(IMPOSTOR_REPS))
                .map(|r| model.anomaly(r))
                .collect();
            Ok(SubjectFigures {
                subject: me.id.clone(),
                eer: eer(&genuine, &impostor).unwrap_or(0.5),
                auc: roc_auc(&genuine, &impostor).unwrap_or(0.5),
            })
        },
    );
    let mut out = Vec::new();
    let mut results = results.into_iter();
    for &kind in detectors {
        let subs = results
            .by_ref()
            .take(subjects.len())
            .collect::<Result<Vec<_>, Error>>()?;
        let n = subs.len().max(1) as f64;
        let mean = subs.iter().map(|s| s.eer).sum::<f64>() / n;
        let var = subs.iter().map(|s| (s.eer - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        let mean_auc = subs.iter().map(|s| s.auc).sum::<f64>() / n;
        out.push(KeystrokeFigures {
            detector: kind,
            mean_eer: mean,
            sd_eer: var.sqrt(),
            mean_auc,
            subjects: subs,
        });
    }
    Ok(out)
}

/// Reads and evaluates a CSV file.
pub fn evaluate_file(
    path: &Path,
    detectors: &[DetectorKind],
    threads: usize,
) -> Result<Vec<KeystrokeFigures>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    evaluate(
        &parse_csv(&text, &path.display().to_string())?,
        detectors,
        threads,
    )
}
