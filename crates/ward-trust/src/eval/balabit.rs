//! The Balabit mouse-dynamics protocol: per account, enrol on
//! `training_files/userN`, score each labelled test session of that account
//! (`dev_labels.csv`), report ROC AUC and EER per account and overall.

use crate::detect::{DetectorKind, Model};
use crate::error::Error;
use crate::metrics::{eer, roc_auc};
use crate::mouse::segment;
use crate::mouse_features::{action_features, squash};
use crate::par::par_map;
use crate::source::balabit::read_session;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to run the evaluation.
#[derive(Debug, Clone)]
pub struct BalabitOptions {
    /// Detectors to evaluate.
    pub detectors: Vec<DetectorKind>,
    /// Score a session from at most this many actions (0 = all of them).
    pub max_actions: usize,
    /// Worker threads.
    pub threads: usize,
}

/// One account's figures for one detector.
#[derive(Debug, Clone, Serialize)]
pub struct AccountFigures {
    /// The account, e.g. `user12`.
    pub user: String,
    /// Labelled sessions scored.
    pub sessions: usize,
    /// Of which made by someone else.
    pub illegal: usize,
    /// ROC AUC (`None` when a class is missing).
    pub auc: Option<f64>,
    /// Equal-error rate.
    pub eer: Option<f64>,
}

/// One detector's figures.
#[derive(Debug, Clone, Serialize)]
pub struct DetectorFigures {
    /// Which detector.
    pub detector: DetectorKind,
    /// AUC over all labelled sessions pooled (raw scores, one threshold for every account).
    pub auc: Option<f64>,
    /// EER over all labelled sessions pooled.
    pub eer: Option<f64>,
    /// Mean of the per-account AUCs.
    pub mean_account_auc: Option<f64>,
    /// Lowest per-account AUC.
    pub min_account_auc: Option<f64>,
    /// Per-account figures.
    pub accounts: Vec<AccountFigures>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct BalabitReport {
    /// Labelled sessions scored.
    pub sessions: usize,
    /// Labelled sessions with no usable action (scored as neutral).
    pub empty_sessions: usize,
    /// Training actions per account.
    pub training_actions: BTreeMap<String, usize>,
    /// Figures per detector.
    pub detectors: Vec<DetectorFigures>,
}

struct Labelled {
    user: String,
    path: PathBuf,
    illegal: bool,
}

/// Squashed per-action feature vectors of one session file.
pub fn session_actions(path: &Path) -> Result<Vec<Vec<f64>>, Error> {
    let events = read_session(path)?;
    Ok(segment(&events)
        .iter()
        .map(|a| action_features(a).iter().map(|&x| squash(x)).collect())
        .collect())
}

fn read_labels(dir: &Path) -> Result<Vec<Labelled>, Error> {
    let path = dir.join("dev_labels.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (i == 0 && line.starts_with("user")) {
            continue;
        }
        let err = |r: &str| Error::Parse {
            what: path.display().to_string(),
            line: i + 1,
            reason: r.to_owned(),
        };
        let mut f = line.split(',');
        let (Some(user), Some(session), Some(flag), None) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            return Err(err("expected `user,session,is_illegal`"));
        };
        if user.contains(['/', '.']) || session.contains(['/', '.']) {
            return Err(err("user and session must be plain names"));
        }
        let illegal = match flag.trim() {
            "0" => false,
            "1" => true,
            _ => return Err(err("is_illegal must be 0 or 1")),
        };
        out.push(Labelled {
            user: user.to_owned(),
            path: dir.join("test_files").join(user).join(session),
            illegal,
        });
    }
    Ok(out)
}

fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

/// Runs the protocol on the folder `dir`.
pub fn evaluate(dir: &Path, opts: &BalabitOptions) -> Result<BalabitReport, Error> {
    let labels = read_labels(dir)?;
    let users: Vec<String> = {
        let mut u: Vec<String> = labels.iter().map(|l| l.user.clone()).collect();
        u.sort();
        u.dedup();
        u
    };
    // Training: every session file of every account that has a training folder.
    let train_dirs: Vec<PathBuf> = list_dir(&dir.join("training_files"))?
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    let files: Vec<(String, PathBuf)> = train_dirs
        .iter()
        .map(|d| {
            Ok((
                d.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                list_dir(d)?,
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?
        .into_iter()
        .flat_map(|(u, fs)| fs.into_iter().map(move |f| (u.clone(), f)))
        .collect();
    let parsed = par_map(&files, opts.threads, |(_, p)| session_actions(p));
    let mut train: BTreeMap<String, Vec<Vec<f64>>> = BTreeMap::new();
    for ((u, _), acts) in files.iter().zip(parsed) {
        train.entry(u.clone()).or_default().extend(acts?);
    }
    let tests = par_map(&labels, opts.threads, |l| session_actions(&l.path));
    let tests: Vec<Vec<Vec<f64>>> = tests.into_iter().collect::<Result<_, _>>()?;
    let empty_sessions = tests.iter().filter(|t| t.is_empty()).count();

    let jobs: Vec<(String, DetectorKind)> = users
        .iter()
        .flat_map(|u| opts.detectors.iter().map(move |d| (u.clone(), *d)))
        .collect();
    let scored = par_map(
        &jobs,
        opts.threads,
        |(user, kind)| -> Result<Vec<(usize, f64)>, Error> {
            let owner = train.get(user).map_or(&[][..], Vec::as_slice);
            let others: Vec<Vec<f64>> = if kind.needs_others() {
                train
                    .iter()
                    .filter(|(u, _)| *u != user)
                    .flat_map(|(_, v)| v.iter().cloned())
                    .collect()
            } else {
                Vec::new()
            };
            let seed = user
                .bytes()
                .fold(17u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            let model = Model::fit(*kind, owner, &others, seed)?;
            let mut out = Vec::new();
            for (i, (l, acts)) in labels.iter().zip(&tests).enumerate() {
                if &l.user != user {
                    continue;
                }
                let take = if opts.max_actions == 0 {
                    acts.len()
                } else {
                    opts.max_actions.min(acts.len())
                };
                let s = acts
                    .iter()
                    .take(take)
                    .map(|a| model.anomaly(a))
                    .sum::<f64>();
                out.push((i, if take == 0 { f64::NAN } else { s / take as f64 }));
            }
            Ok(out)
        },
    );

    let mut detectors = Vec::new();
    for kind in &opts.detectors {
        let mut per_user: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
        for ((user, k), res) in jobs.iter().zip(&scored) {
            if k != kind {
                continue;
            }
            let res = res
                .as_ref()
                .map_err(|e| Error::NotEnough(format!("account `{user}`: {e}")))?;
            let entry = per_user.entry(user.clone()).or_default();
            // Neutral score for sessions without actions: the account's median.
            let mut known: Vec<f64> = res.iter().map(|r| r.1).filter(|s| s.is_finite()).collect();
            known.sort_by(f64::total_cmp);
            let median = known.get(known.len() / 2).copied().unwrap_or(0.0);
            for &(i, s) in res {
                let s = if s.is_finite() { s } else { median };
                if labels.get(i).is_some_and(|l| l.illegal) {
                    entry.1.push(s)
                } else {
                    entry.0.push(s)
                }
            }
        }
        detectors.push(summarise(*kind, &per_user));
    }
    Ok(BalabitReport {
        sessions: labels.len(),
        empty_sessions,
        training_actions: train.iter().map(|(u, v)| (u.clone(), v.len())).collect(),
        detectors,
    })
}

fn summarise(
    kind: DetectorKind,
    per_user: &BTreeMap<String, (Vec<f64>, Vec<f64>)>,
) -> DetectorFigures {
    let mut accounts = Vec::new();
    let (mut all_g, mut all_i) = (Vec::new(), Vec::new());
    for (user, (g, i)) in per_user {
        accounts.push(AccountFigures {
            user: user.clone(),
            sessions: g.len() + i.len(),
            illegal: i.len(),
            auc: roc_auc(g, i),
            eer: eer(g, i),
        });
        // Pooled as raw scores: a threshold must work across accounts.
        all_g.extend(g);
        all_i.extend(i);
    }
    let aucs: Vec<f64> = accounts.iter().filter_map(|a| a.auc).collect();
    DetectorFigures {
        detector: kind,
        auc: roc_auc(&all_g, &all_i),
        eer: eer(&all_g, &all_i),
        mean_account_auc: (!aucs.is_empty()).then(|| aucs.iter().sum::<f64>() / aucs.len() as f64),
        min_account_auc: aucs.iter().copied().reduce(f64::min),
        accounts,
    }
}
