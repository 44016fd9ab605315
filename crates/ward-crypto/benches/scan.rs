//! Hot paths of `ward scan`: the prefilter on files without crypto, the recognisers on files with
//! it, a whole-tree scan of the labelled corpus, and its unchanged rescan from the cache.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn plain_source() -> Vec<u8> {
    let mut s = String::new();
    for i in 0..2000 {
        s.push_str(&format!("fn handler_{i}(req: &Request) -> Response {{ let parsed = parse(req.body()); respond(parsed, {i}) }}\n"));
    }
    s.into_bytes()
}

fn crypto_source() -> Vec<u8> {
    let mut s = String::new();
    for i in 0..200 {
        s.push_str(&format!("def f{i}():\n    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n    h = hashlib.md5(b'x')\n    return k, h\n"));
    }
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let plain = plain_source();
    let crypto = crypto_source();
    let mut g = c.benchmark_group("scan_bytes");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("no_crypto_200kb", |b| {
        b.iter(|| ward_crypto::scan_bytes(Path::new("a.rs"), black_box(&plain)))
    });
    g.throughput(Throughput::Bytes(crypto.len() as u64));
    g.bench_function("crypto_dense_py", |b| {
        b.iter(|| ward_crypto::scan_bytes(Path::new("a.py"), black_box(&crypto)))
    });
    g.finish();
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus")).to_owned();
    let opts = ward_crypto::ScanOptions {
        roots: vec![corpus],
        threads: 1,
        ..ward_crypto::ScanOptions::default()
    };
    c.bench_function("scan_tree_corpus", |b| {
        b.iter(|| ward_crypto::scan_tree(&opts, &ward_crypto::Cache::disabled()))
    });
    // The no-change rescan as `ward scan` runs it: load the cache file, check every stamp,
    // build the report from the snapshot.
    let dir = tempfile::tempdir().unwrap();
    let cache_path = dir.path().join("cache.bin");
    let first = ward_crypto::Cache::load(&cache_path, ward_crypto::RULESET_VERSION);
    let full = ward_crypto::scan_tree(&opts, &first);
    first.save(ward_crypto::RULESET_VERSION).unwrap();
    c.bench_function("rescan_unchanged_corpus", |b| {
        b.iter(|| {
            let cache = ward_crypto::Cache::load(&cache_path, ward_crypto::RULESET_VERSION);
            let r = ward_crypto::scan_tree(&opts, &cache);
            assert_eq!(r.stats.files_read, 0);
            assert_eq!(r.findings.len(), full.findings.len());
            r
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
