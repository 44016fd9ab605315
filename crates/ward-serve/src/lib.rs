//! ward-serve: ward's local HTTP API — crypto scans and their findings and
//! reports, the audit trail (filtered, verified, streamed), Prometheus
//! metrics, and the OpenAPI document that describes it all.
//!
//! Every request needs a bearer token (`ward serve token new`); tokens are
//! stored as blake3 hashes in a 0600 file. Scans run on blocking threads
//! (ward-crypto's `scan_tree` with its cache), at most `max_running` at once
//! and `queue_limit` more waiting; their history lives in SQLite.
//!
//! Layout:
//! - `server`: [`Config`], the router, authentication, [`serve`] / [`serve_tls`]
//! - `run`: [`run`] for the `ward-serve` binary (listen rules, signals)
//! - `scans`: `/v1/scans…` handlers
//! - `events`: `/v1/events…` handlers and the store follower behind the SSE stream
//! - `pages`: the cache of rendered findings pages (identity and gzip)
//! - `jobs`: the scan queue
//! - `history`: the scan history database (numbered migrations)
//! - `paths`: confining scan paths to the roots
//! - `token`: [`Tokens`], the hashed token file
//! - `metrics`: the Prometheus text
//! - `tls`: rustls listener
//! - `extract`: JSON-error extractors
//! - `error`: [`Error`] and the API's [`ApiError`]
//!
//! ```
//! # fn main() -> Result<(), ward_serve::Error> {
//! let dir = tempfile::tempdir().unwrap();
//! let tokens = ward_serve::Tokens::new(dir.path().join("tokens.json"));
//! let (_info, secret) = tokens.create("ci")?;
//! assert!(tokens.check(&secret)?);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

mod error;
mod events;
mod extract;
mod history;
mod jobs;
mod metrics;
mod pages;
mod paths;
mod run;
mod scans;
mod server;
mod tls;
mod token;

pub use error::{ApiError, Error, Result};
pub use run::{RunOptions, check_listen, run};
pub use server::{AppState, Config, OPENAPI, ROUTES, router, serve, serve_tls};
pub use tls::TlsFiles;
pub use token::{TOKEN_FILE, TokenInfo, Tokens};
