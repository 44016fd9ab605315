//! ward's audit store: an append-only, hash-chained event log on SQLite.
//!
//! Every decision that enforces something is appended here before the action
//! runs. Each event's blake3 hash covers a canonical encoding of the event and
//! the previous event's hash, so editing, deleting, inserting or reordering
//! rows breaks the chain; a sidecar file (`audit.db.tip`) holds the last-known
//! tip so that cutting off the tail is noticed too.
//!
//! ```
//! # fn main() -> Result<(), ward_audit::Error> {
//! let dir = tempfile::tempdir()?;
//! let mut store = ward_audit::Store::open(&dir.path().join("audit.db"))?;
//! let ev = ward_audit::NewEvent { actor: "human".into(), decision: "allow".into(), ..Default::default() };
//! assert_eq!(store.append(&ev)?.id, 1);
//! assert!(store.verify()?.ok());
//! # Ok(()) }
//! ```
//!
//! Layout:
//! - `event`: `NewEvent`, `Event` and the canonical encoding hashed into the chain
//! - `store`: opening (permissions, WAL, migrations) and appending
//! - `journal`: the append journal short-lived front ends record into, moved
//!   into the chain by the next open or append
//! - `verify`: walking the chain and naming the first bad event
//! - `query`: filtered streaming reads, export, stats, prune
//! - `ship`: RFC 5424 over TCP to a syslog collector, resumed from a cursor
//! - `transport`: one acknowledged frame over TCP or TLS (feature `tls`, rustls)
//! - `against`: checking the local chain against a shipped copy
//! - `display`: one-line renderings of events and stats for listings
//! - `tip`: the last-known tip sidecar
//! - `path`: where the store lives by default
//! - `time`: parsing `--since 1h` / dates and formatting times
//! - `error`: the one error type

#![deny(missing_docs)]

mod against;
mod display;
mod error;
mod event;
pub mod journal;
mod path;
mod query;
mod ship;
mod store;
mod time;
mod tip;
mod transport;
mod verify;

pub use against::AgainstReport;
pub use error::{Error, Result};
pub use event::{Event, GENESIS, HASH_LEN, Hash, NewEvent, chain_hash, hex};
pub use path::{FILE_NAME, resolve_path};
pub use query::{Filter, Format, Stats};
pub use ship::{
    SD_ID, ShipOptions, Shipped, Target, check_target, cursor_path, message, read_cursor,
};
pub use store::{Checkpoint, Options, SCHEMA_VERSION, Store, Sync};
pub use time::{format_time, now_ns, parse_time};
pub use tip::{Tip, read_tip, tip_path};
pub use verify::{Problem, ProblemKind, Report, TipStatus};
