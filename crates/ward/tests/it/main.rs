//! Integration tests of the `ward` binary: real shells driven through tmux,
//! and PATH shims.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod harness;
mod shell;
mod shell_check;
mod shim;
