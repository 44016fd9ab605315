//! ward-crypto's integration tests: the labelled corpus, report schemas, tree scans.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cache;
mod corpus;
mod schema;
mod tree;

use std::path::PathBuf;

/// The labelled corpus.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"))
}
