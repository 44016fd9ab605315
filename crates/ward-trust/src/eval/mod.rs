//! Accuracy evaluations on public data sets.

pub mod balabit;
pub mod keystroke;
