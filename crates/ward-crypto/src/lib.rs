//! ward-crypto: the cryptography inventory. Finds quantum-vulnerable (RSA, DSA, DH, ECC) and
//! already-weak (MD5, SHA-1, DES, RC4, ECB) cryptography in source trees, keys and configuration,
//! at close to ripgrep's speed.
//!
//! A scan is two stages: an aho-corasick prefilter over each file's bytes picks the few files and
//! lines that name a crypto API; per-language recognisers then classify each hit with its context
//! (key size from literals or same-file constants, curve, mode, padding; comment/test/doc).
//! Python, Java and Go candidates are also parsed (tree-sitter) and their values resolved, so a
//! curve returned by a helper or a size from a loop is found on the line that uses it, with the
//! trail of lines it came through.
//!
//! Layout:
//! - `finding`: [`Finding`], statuses, severities, scan errors
//! - `algo`: the algorithm catalogue and classification ([`Algo`], [`Profile`])
//! - `lang`: file kinds, comment spans, test/doc paths
//! - `keys`: PEM/DER/OpenSSH key parsing
//! - `rules`: the recognisers (code, more languages, config and keys)
//! - `syntax`: tree-sitter parsing (Python, Java, Go), value resolution, the API table
//! - `scan`: [`scan_bytes`], one file's content to findings, pure
//! - `walk`: [`scan_tree`], the parallel walk with the incremental cache
//! - `cache`: the incremental cache: stamps, the binary snapshot and its codec, the no-walk rescan
//! - `report`: text, JSON, SARIF 2.1.0 and CycloneDX 1.6 CBOM writers, baselines
//!
//! ```
//! use std::path::Path;
//! let f = ward_crypto::scan_bytes(Path::new("a.py"), b"k = rsa.generate_private_key(65537, key_size=1024)\n");
//! assert_eq!(f[0].algorithm, "RSA-1024");
//! assert_eq!(f[0].status, ward_crypto::QuantumStatus::Broken);
//! ```
#![deny(missing_docs)]

mod algo;
mod cache;
mod finding;
mod keys;
mod lang;
mod report;
mod rules;
mod scan;
mod syntax;
mod walk;

pub use algo::{Algo, Family, Profile};
pub use cache::{Cache, CacheError};
pub use finding::{
    CodeContext, Finding, Primitive, QuantumStatus, ScanError, ScanErrorKind, Severity, TrailStep,
};
pub use lang::Lang;
pub use report::{
    Report, Stats, Summary, baseline_filter, load_baseline, to_cbom, to_sarif, to_text,
};
pub use scan::{RULESET_VERSION, is_candidate, prefilter_patterns, scan_bytes, scan_bytes_with};
pub use syntax::{gate_misses, parse_and_resolve, parse_wanted};
pub use walk::{ScanOptions, scan_tree};
