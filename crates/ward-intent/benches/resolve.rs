//! In-process resolution of typical requests (target: ≤ 50 µs median).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use ward_intent::{Scope, resolve};

const REQUESTS: &[(&str, &str)] = &[
    (
        "port_scan",
        "quick stealth port scan of 10.0.0.0/24 and 10.0.1.0/24",
    ),
    (
        "web_sqli",
        "test http://10.0.0.4/item.php?id=3&cat=2 for SQL injection",
    ),
    (
        "hydra",
        "crack the ftp password of user bob on 192.168.2.2 port 2121 with /srv/lists/pw.txt",
    ),
    (
        "refused_unknown",
        "please make me a sandwich with extra cheese",
    ),
];

fn bench(c: &mut Criterion) {
    let scope = Scope::parse("domains = [\"*.example.com\"]", None).unwrap();
    let mut g = c.benchmark_group("resolve");
    for (name, req) in REQUESTS {
        g.bench_function(*name, |b| b.iter(|| resolve(black_box(req), &scope)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
