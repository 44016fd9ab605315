#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The usage profile: scoring one action, learning one action, and the
//! profile's size after 1,000,000 synthetic events (printed once).
//!
//! `cargo bench -p ward-trust --bench usage`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use ward_trust::{ProgramUse, UsageAction, UsageProfile};

const START: i64 = 1_793_577_600;

/// A varied history: 400 programs (heavy-tailed), 40 subcommands, 300 directory trees.
fn action(i: i64, seed: &mut u64) -> UsageAction {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    let n = *seed;
    let program = format!("p{}", (n % 997) % (1 + (n >> 10) % 400));
    UsageAction {
        id: i,
        time: START + i * 20,
        programs: vec![
            ProgramUse {
                program,
                sub: Some(format!("s{}", (n >> 16) % 40)),
                shape: format!("f{} o{}", (n >> 24) % 3, (n >> 28) % 3),
            },
            ProgramUse {
                program: "grep".into(),
                sub: None,
                shape: "f1 o1".into(),
            },
        ],
        dir: format!("~/d{}/e{}", (n >> 32) % 30, (n >> 40) % 10),
        actor: if n.is_multiple_of(5) {
            "agent:claude"
        } else {
            "human"
        }
        .into(),
        sensitive: if n.is_multiple_of(50) {
            vec!["egress".into()]
        } else {
            Vec::new()
        },
    }
}

fn usage(c: &mut Criterion) {
    let mut seed = 7u64;
    let mut p = UsageProfile::default();
    for i in 0..1_000_000 {
        p.learn(&action(i, &mut seed));
    }
    let size = serde_json::to_vec(&p).unwrap().len();
    eprintln!(
        "usage profile after 1,000,000 events: {size} bytes ({} programs, {} dirs)",
        p.programs.len(),
        p.dirs.len()
    );
    let probe: Vec<UsageAction> = (0..1_000)
        .map(|i| action(1_000_000 + i, &mut seed))
        .collect();
    let mut i = 0;
    c.bench_function("usage_score_one_action", |b| {
        b.iter(|| {
            i = (i + 1) % probe.len();
            black_box(p.score(&probe[i]))
        })
    });
    let mut q = p.clone();
    let mut id = 2_000_000;
    c.bench_function("usage_learn_one_action", |b| {
        b.iter(|| {
            id += 1;
            let a = action(id, &mut seed);
            q.learn(black_box(&a));
        })
    });
}

criterion_group!(benches, usage);
criterion_main!(benches);
