//! How much of a scan the syntax layer costs on a tree: the candidate Python, Java and Go files,
//! their bytes, how many the parse gate lets through, and the time spent gating, parsing and
//! resolving them (one thread).
//!   cargo run --release -p ward-crypto --example syntax_cost -- /tmp/ward-crypto-workload
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&p, out);
        } else if ft.is_file()
            && matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("py" | "java" | "go")
            )
        {
            out.push(p);
        }
    }
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/ward-crypto-workload".into());
    let mut files = Vec::new();
    walk(Path::new(&root), &mut files);
    let (mut cand, mut bytes, mut parsed, mut found) = (0usize, 0usize, 0usize, 0usize);
    let (mut gated, mut gated_bytes) = (0usize, 0usize);
    let mut spent = Duration::ZERO;
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for p in &files {
        let Ok(b) = std::fs::read(p) else { continue };
        if !ward_crypto::is_candidate(&b) {
            continue;
        }
        cand += 1;
        bytes += b.len();
        let text = String::from_utf8_lossy(&b);
        if ward_crypto::parse_wanted(p, &text) {
            gated += 1;
            gated_bytes += b.len();
        }
        let t = Instant::now();
        let n = ward_crypto::parse_and_resolve(p, &text);
        let d = t.elapsed();
        spent += d;
        if d > slowest.0 {
            slowest = (d, p.clone());
        }
        if let Some(n) = n {
            parsed += 1;
            found += n;
        }
    }
    println!(
        "{} py/java/go files, {cand} candidates ({bytes} bytes), {parsed} through the syntax layer, {gated} parsed ({gated_bytes} bytes), {found} uses, {:.1} ms; slowest {:.1} ms {}",
        files.len(),
        spent.as_secs_f64() * 1000.0,
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1.display()
    );
}
