//! `diff` and `apply` of 1,000 changed files (goal: ≤ 1 s each).
//! The staged files are written straight into the upper dir, which is what
//! overlayfs leaves there for modified regular files; no namespace needed.
//!
//! `cargo bench -p ward-shadow --bench shadow`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::time::{Duration, Instant};
use ward_shadow::{Shadow, apply, changes, render};

const FILES: usize = 1000;

fn content(i: usize, version: usize) -> String {
    let mut s = String::new();
    for line in 0..40 {
        if line == 20 {
            s.push_str(&format!("changed line of file {i}, version {version}\n"));
        } else {
            s.push_str(&format!("fn line_{line}() -> usize {{ {i} + {line} }}\n"));
        }
    }
    s
}

fn path(i: usize) -> String {
    format!("src/m{}/f{i}.rs", i % 20)
}

/// Stages version `v` of every file in the upper dir.
fn stage(s: &Shadow, v: usize) {
    for i in 0..FILES {
        let p = s.upper().join(path(i));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content(i, v)).unwrap();
    }
}

fn setup(root: &Path) -> Shadow {
    let project = root.join("project");
    for i in 0..FILES {
        let p = project.join(path(i));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content(i, 0)).unwrap();
    }
    let project = project.canonicalize().unwrap();
    Shadow::open_or_create(&root.join("state"), "bench", &project).unwrap()
}

fn bench(c: &mut Criterion) {
    let t =
        tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| "/tmp".into())).unwrap();
    let s = setup(t.path());
    stage(&s, 1);
    let mut g = c.benchmark_group("shadow");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("diff 1000 changed files", |b| {
        b.iter(|| {
            let all = changes::scan(&s.upper(), &s.project).unwrap();
            assert_eq!(all.len(), FILES);
            let sides = render::Sides {
                real: &s.project,
                staged: &s.upper(),
            };
            render::diff(sides, &all, false).unwrap().len()
        });
    });
    let mut version = 1;
    g.bench_function("apply 1000 changed files", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                stage(&s, version);
                let start = Instant::now();
                let out = apply::apply(&s, &[], &mut |_: &apply::Item| apply::Gate::Apply).unwrap();
                total += start.elapsed();
                assert_eq!(out.applied.len(), FILES);
            }
            total
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
