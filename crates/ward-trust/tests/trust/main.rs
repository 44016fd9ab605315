#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Integration tests for ward-trust: evaluation protocols on generated fixtures
//! and, when present, a tiny slice of the real Balabit data.

mod balabit_slice;
mod keystroke_protocol;
mod live;
mod usage;
