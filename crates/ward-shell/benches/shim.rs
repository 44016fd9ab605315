//! The in-process parts of a shim and of a guarded shell line: finding the
//! real program behind a shim, and recognising the override marker.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use std::path::PathBuf;

fn bench(c: &mut Criterion) {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let ward = PathBuf::from("/nonexistent/ward");
    c.bench_function("find_real(ls) on this PATH", |b| {
        b.iter(|| ward_shell::find_real(black_box("ls"), &path, &ward, &[]))
    });
    c.bench_function("shim_name", |b| {
        b.iter(|| ward_shell::shim_name(black_box("/home/u/.local/state/ward/shims/git")))
    });
    c.bench_function("strip_override", |b| {
        b.iter(|| ward_shell::marker::strip_override(black_box("ward! rm -rf build && ls")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
