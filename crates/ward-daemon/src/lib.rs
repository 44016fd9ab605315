//! ward-daemon: the long-running service that coordinates what single
//! processes cannot — a person approves an agent's `ask` from another
//! terminal, everyone sees decisions live, and one writer appends to the
//! audit store. It accelerates and coordinates; front ends evaluate the same
//! policy in-process when it is down.
//!
//! Layout:
//! - [`proto`]: the wire protocol — length-prefixed JSON frames, max frame
//!   size, hello with protocol version, typed requests, responses, errors.
//! - [`daemon`]: shared state — policy (hot-swappable), queue, stats, fan-out.
//! - [`expert`]: escalation of a queued `ask` to a configured expert command.
//! - [`hook`]: agent hook payloads judged exactly as `ward hook` does.
//! - [`metrics`]: `--metrics`, the counters in Prometheus text format over a
//!   tiny loopback HTTP/1.1 responder.
//! - `always`: "always allow this exact command" — an approval that writes an
//!   `[[allow_exact]]` entry to the user policy file and reloads.
//! - [`queue`]: pending approvals, persisted to a file, timeouts to deny.
//! - [`server`]: `serve(listener, daemon, shutdown)`, peer-credential check.
//! - [`client`]: the blocking client front ends use, with a short timeout.
//! - [`event`]: recorded events, live notices, the [`EventSink`] store seam.
//! - [`stats`]: counters and latency percentiles.
//! - [`run`]: the process wrapper — runtime, owner-only socket (or one
//!   handed over by systemd socket activation), signals.
//!
//! ```no_run
//! use std::sync::Arc;
//! use ward_daemon::{Config, Daemon, MemorySink, SharedPolicy};
//! let daemon = Daemon::new(
//!     Config::new(None),
//!     Box::new(|| Ok(SharedPolicy::Static(ward_core::Policy::embedded()))),
//!     Arc::new(MemorySink::default()),
//! ).unwrap();
//! ward_daemon::run(daemon, std::path::Path::new("/tmp/ward.sock"), || {}).unwrap();
//! ```
#![deny(missing_docs)]

mod always;
pub mod client;
pub mod daemon;
pub mod event;
pub mod expert;
pub mod hook;
pub mod metrics;
pub mod proto;
pub mod queue;
mod run;
pub mod server;
pub mod stats;

pub use client::{Client, ClientError, socket_path};
pub use daemon::{Config, Daemon, DaemonError, PolicyLoader, SharedPolicy};
pub use event::{Event, EventSink, MemorySink, Notice, SinkError};
pub use hook::Scanners;
pub use proto::{
    ErrorKind, EvalRequest, HookRequest, HookVerdict, Request, Response, Scope, WireAction,
    WireVerdict,
};
pub use queue::PendingItem;
pub use run::{inherited_listener, run, run_inherited};
pub use server::{peer_allowed, serve};
pub use stats::StatsReport;
