//! `ward trust enrol`: record or read the owner's input, enrol, save the profile.

use super::{profile_path, usage};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use ward_trust::source::{live, read_files, terminal};
use ward_trust::{DetectorKind, EnrolOptions, InputEvent, Profile};

/// Text for guided enrolment: common digraphs, spaces, punctuation.
const PASSAGE: &str = "the quick brown fox jumps over the lazy dog, then there is another one and \
the other in the north where they thought that three of them had gone through the heather.";

/// Runs `ward trust enrol`.
pub(super) fn run(
    from: &[PathBuf],
    others: &[PathBuf],
    detector: Option<DetectorKind>,
    seconds: u64,
    terminal: bool,
    profile: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let path = profile_path(profile)?;
    let enrolled = record(from, Duration::from_secs(seconds), terminal)
        .and_then(|events| enrol(events, others, detector));
    let (events, p) = match enrolled {
        Ok(x) => x,
        Err(e) => return usage(e),
    };
    p.save(&path)?;
    super::print::enrolled(events, &p, &path);
    Ok(ExitCode::SUCCESS)
}

/// The owner's events: guided typing on this terminal, live devices, or files.
fn record(
    from: &[PathBuf],
    len: Duration,
    terminal: bool,
) -> Result<Vec<InputEvent>, ward_trust::Error> {
    let seconds = len.as_secs();
    if terminal {
        println!(
            "type the passage below (repeat it if you finish early); Esc ends, {seconds} s at most:\n\n{PASSAGE}\n"
        );
        let (events, releases) = terminal::record(len)?;
        if !releases {
            eprintln!("this terminal reports presses only: hold times read as zero");
        }
        Ok(events)
    } else if from.is_empty() {
        eprintln!(
            "recording for {seconds} s: type and use the mouse as you normally do (Ctrl-C to abort)"
        );
        let (events, skipped) = live::record_devices(len)?;
        if skipped > 0 {
            eprintln!("ignored {skipped} events from virtual devices");
        }
        Ok(events)
    } else {
        read_files(from)
    }
}

/// Enrols from `events`, training against the `others` recordings; returns
/// the event count with the profile.
fn enrol(
    events: Vec<InputEvent>,
    others: &[PathBuf],
    detector: Option<DetectorKind>,
) -> Result<(usize, Profile), ward_trust::Error> {
    let others = ward_trust::others_vectors(others)?;
    let opts = EnrolOptions::for_others(detector, &others);
    Ok((events.len(), Profile::enrol(&events, &others, &opts)?))
}
