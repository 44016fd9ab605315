//! ward-serve integration tests: a real server on an ephemeral loopback port,
//! a real HTTP client (ureq).

mod api;
mod contract;
mod harness;
mod scans;
