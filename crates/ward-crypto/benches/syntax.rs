//! The syntax layer per candidate file: tree-sitter parse, lowering, value resolution and the API
//! table, on the labelled corpus's Python, Java and Go files (each is a candidate: the prefilter
//! selected it). `scan_bytes` on the same files adds the line rules and the prefilter.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn files(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus")).join(dir);
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_resolve_per_file");
    for (name, dir) in [
        ("python", "python/service"),
        ("java", "java/resolve"),
        ("go", "go/resolve"),
    ] {
        let fs = files(dir);
        let bytes: usize = fs.iter().map(|(_, t)| t.len()).sum();
        // Per file: the group's time divided by the file count.
        g.throughput(Throughput::Elements(fs.len() as u64));
        g.bench_function(format!("{name}_{}_files_{bytes}_bytes", fs.len()), |b| {
            b.iter(|| {
                for (p, t) in &fs {
                    black_box(ward_crypto::parse_and_resolve(p, black_box(t)));
                }
            })
        });
        g.bench_function(format!("{name}_scan_bytes"), |b| {
            b.iter(|| {
                for (p, t) in &fs {
                    black_box(ward_crypto::scan_bytes(p, black_box(t.as_bytes())));
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
