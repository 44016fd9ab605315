//! ward-trust: behavioural trust from keystroke and mouse dynamics.
//!
//! Input events from any source become one [`InputEvent`] type; mouse streams
//! are segmented into actions and keystrokes into windows, each described by
//! a fixed feature vector; detectors trained on an owner's enrolment score new
//! input; a `TrustMachine` turns window verdicts into a `TrustState` with
//! hysteresis and idle decay, and automation (input no person produces) is
//! flagged on its own.
//!
//! Layout:
//! - `event`: the [`InputEvent`] type.
//! - `source`: evdev devices, JSON lines, Balabit CSV.
//! - `mouse`, `mouse_features`: action segmentation and per-action features.
//! - `keys`: keystroke strokes, the four flights per digraph, window statistics.
//! - `detect`, `forest`: the detectors (scaled Manhattan, nearest neighbour, a learned forest).
//! - `metrics`: ROC AUC and equal-error rate.
//! - `eval`: the Balabit and Killourhy–Maxion protocols.
//! - `par`, `rng`: a scoped-thread parallel map and a seeded generator.
#![deny(missing_docs)]

mod detect;
mod error;
mod event;
mod forest;
mod keys;
mod metrics;
mod mouse;
mod mouse_features;
mod par;
mod rng;

pub mod eval;
pub mod source;

pub use detect::{DetectorKind, Model};
pub use error::Error;
pub use event::{Button, InputEvent, Micros, MouseKind, Press, char_code};
pub use forest::{Forest, ForestParams};
pub use keys::{Flights, KEY_BACKSPACE, KeyWindow, Stroke, StrokeBuilder, flights};
pub use metrics::{eer, roc_auc};
pub use mouse::{ActionKind, MouseAction, Segmenter, segment};
pub use mouse_features::{MOUSE_FEATURES, N_MOUSE, Stat, action_features, squash};
pub use par::{default_threads, par_map};
pub use rng::Rng;
