//! ward-trust: behavioural trust from keystroke and mouse dynamics.
//!
//! Input events from any source become one [`InputEvent`] type; mouse streams
//! are segmented into actions and keystrokes into windows, each described by
//! a fixed feature vector; detectors trained on an owner's enrolment score new
//! input; a [`TrustMachine`] turns window verdicts into a [`TrustState`] with
//! hysteresis and idle decay, and automation (input no person produces) is
//! flagged on its own.
//!
//! Layout:
//! - `event`: the [`InputEvent`] type.
//! - `source`: evdev devices, terminal keys (crossterm), JSON lines, Balabit CSV, live reader threads.
//! - `mouse`, `mouse_features`: action segmentation and per-action features.
//! - `keys`, `keyprofile`: strokes, the four flights per digraph, window statistics, the typing profile.
//! - `automation`: input no person produces.
//! - `state`: [`TrustState`] and the [`TrustMachine`] (hysteresis, idle decay).
//! - `profile`, `enrol`: enrolment, calibrated thresholds, other people's vectors, the default detector.
//! - `home`: the state dir, profile and published-state paths, 0600 writes, forgetting.
//! - `engine`: the live pipeline, event in, window verdict and state out.
//! - `watch`: the live loop, reader feed in, notes and a published state file out.
//! - `detect`, `forest`: the detectors (scaled Manhattan, nearest neighbour, a learned forest).
//! - `metrics`: ROC AUC and equal-error rate.
//! - `eval`: the Balabit and Killourhy–Maxion protocols.
//! - `usage`: the usage profile learned from the audit trail, its novelty score, and how it combines with keys and mouse.
//! - `par`, `rng`: a scoped-thread parallel map and a seeded generator.
//!
//! ```
//! use ward_trust::{TrustConfig, TrustMachine, TrustState, Verdict};
//! let mut m = TrustMachine::new(TrustConfig::default());
//! for t in 0..4 {
//!     m.observe(Verdict::Owner, t);
//! }
//! assert_eq!(m.state(), TrustState::Trusted);
//! ```
#![deny(missing_docs)]

mod automation;
mod detect;
mod engine;
mod enrol;
mod error;
mod event;
mod forest;
mod home;
mod keyprofile;
mod keys;
mod metrics;
mod mouse;
mod mouse_features;
mod par;
mod profile;
mod rng;
mod state;
mod usage;
mod watch;

pub mod eval;
pub mod source;

pub use automation::{AutomationDetector, AutomationReason};
pub use detect::{DetectorKind, Model};
pub use engine::{Engine, WindowResult};
pub use enrol::others_vectors;
pub use error::Error;
pub use event::{Button, InputEvent, Micros, MouseKind, Press, char_code};
pub use forest::{Forest, ForestParams};
pub use home::{default_profile_path, forget, state_dir, state_path, write_private};
pub use keyprofile::{DigraphStats, HoldStats, KeyProfile};
pub use keys::{Flights, KEY_BACKSPACE, KeyWindow, Stroke, StrokeBuilder, flights};
pub use metrics::{eer, roc_auc};
pub use mouse::{ActionKind, MouseAction, Segmenter, segment};
pub use mouse_features::{MOUSE_FEATURES, N_MOUSE, Stat, action_features, squash};
pub use par::{default_threads, par_map};
pub use profile::{
    EnrolOptions, KeysProfile, MouseProfile, PROFILE_VERSION, Profile, Thresholds, key_windows,
    mouse_vectors,
};
pub use rng::Rng;
pub use state::{TrustConfig, TrustMachine, TrustState, Verdict};
pub use usage::{
    Decayed, Limits, MAX_PROGRAMS_PER_ACTION, ProgramStats, ProgramUse, UsageAction, UsageLevel,
    UsageProfile, UsageReason, UsageScore, arg_shape, combine, dir_tree, usage_path,
};
pub use watch::{WatchNote, WatchSource, watch};
