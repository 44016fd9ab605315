//! `ward trust score` (a recording, window by window) and `ward trust watch`
//! (live input, publishing the state).

use super::{print, profile_path, usage};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ward_trust::{Engine, Profile, TrustConfig, WatchSource};

/// Runs `ward trust score`.
pub(super) fn score(file: &Path, profile: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let path = profile_path(profile)?;
    let (p, events) =
        match Profile::load(&path).and_then(|p| Ok((p, ward_trust::source::read_file(file)?))) {
            Ok(x) => x,
            Err(e) => return usage(e),
        };
    let mut engine = Engine::new(p, TrustConfig::default());
    let mut windows = 0;
    for (ev, r) in engine.windows(&events) {
        windows += 1;
        if json {
            println!("{}", serde_json::to_string(&r)?);
        } else {
            print::window(ev, &r);
        }
    }
    if !json {
        print::scored(events.len(), windows, engine.state());
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `ward trust watch` until its readers end.
pub(super) fn watch(
    stdin: bool,
    terminal: bool,
    profile: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
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
    let rx = match source.spawn() {
        Ok(rx) => rx,
        Err(e) => return usage(e),
    };
    let mut engine = Engine::new(p, TrustConfig::default());
    let state_file = ward_trust::state_path(&path);
    ward_trust::watch(&mut engine, &rx, &state_file, print::watch_note)?;
    Ok(ExitCode::SUCCESS)
}
