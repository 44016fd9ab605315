//! Shipping the audit trail into a real rsyslog: `ward audit ship` across a
//! collector restart (`cli`), and a daemon started with `--ship-syslog`
//! shipping events as they are recorded (`daemon`), and `tls://` into
//! rsyslog's gtls driver with a test CA (`tls`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cli;
mod collector;
mod daemon;
mod tls;
