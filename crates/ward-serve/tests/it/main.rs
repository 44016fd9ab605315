//! ward-serve integration tests: a real server on an ephemeral loopback port,
//! a real HTTP client (ureq).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod api;
mod contract;
mod harness;
mod scans;
mod tls;
