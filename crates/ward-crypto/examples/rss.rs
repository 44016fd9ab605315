//! Prints this process's resident memory (VmRSS, Linux) before and after the first `scan_bytes`
//! calls, the figure that matters to the long-lived `ward daemon`.
//!
//! `cargo run --release -p ward-crypto --example rss` (or `bash scripts/crypto-rss.sh`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let before = rss_kb();
    let t0 = std::time::Instant::now();
    // A file with no crypto: only the candidate gate runs.
    let plain = ward_crypto::scan_bytes(Path::new("a.rs"), b"fn main() { println!(\"hi\"); }\n");
    let gate = rss_kb();
    let t1 = std::time::Instant::now();
    // A write an agent might make, with a hit: the recognisers run.
    let hit = ward_crypto::scan_bytes(
        Path::new("a.py"),
        b"import hashlib\nk = rsa.generate_private_key(public_exponent=65537, key_size=1024)\nh = hashlib.md5(b'x')\n",
    );
    let first = rss_kb();
    let t2 = std::time::Instant::now();
    // Every language's rules once, so each rule's lazily built parts exist.
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"));
    let mut files = 0usize;
    if let Ok(rd) = std::fs::read_dir(corpus) {
        let mut stack: Vec<std::path::PathBuf> = rd.flatten().map(|e| e.path()).collect();
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                stack.extend(
                    std::fs::read_dir(&p)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                );
            } else if let Ok(b) = std::fs::read(&p) {
                let _ = ward_crypto::scan_bytes(&p, &b);
                files += 1;
            }
        }
    }
    let all = rss_kb();
    let t3 = std::time::Instant::now();
    println!(
        "rss_kb before={before} after_gate={gate} after_first_hit={first} after_corpus={all} (corpus files {files}; findings {} {})",
        plain.len(),
        hit.len()
    );
    println!(
        "first call {:.1} ms, first hit {:.1} ms, corpus {:.1} ms",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        (t3 - t2).as_secs_f64() * 1e3
    );
    println!(
        "a write without crypto then one with RSA and MD5 add {:.1} MB; the whole corpus adds {:.1} MB",
        (first.saturating_sub(before)) as f64 / 1024.0,
        (all.saturating_sub(before)) as f64 / 1024.0
    );
}
