//! ward-core: typed actions, shell parsing, the policy language, its compiler
//! and evaluator.
#![deny(missing_docs)]

/// Placeholder until the core lands.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
