#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Hot paths of the live pipeline: feature update + score per event.
//!
//! `cargo bench -p ward-trust --bench trust`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use ward_trust::{
    Button, DetectorKind, Engine, EnrolOptions, InputEvent, Model, MouseKind, Press, Profile, Rng,
    TrustConfig, action_features, mouse_vectors, segment, squash,
};

/// A synthetic mouse-and-keyboard stream: curved moves at ~60 Hz ended by clicks or pauses, and typing.
fn stream(seed: u64, speed: f64, len: usize) -> Vec<InputEvent> {
    let mut rng = Rng::new(seed);
    let (mut t, mut x, mut y) = (0u64, 500.0, 500.0);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let (tx, ty) = (rng.f64() * 1800.0, rng.f64() * 1000.0);
        let steps = 8 + rng.below(30);
        let bend = (rng.f64() - 0.5) * 200.0;
        for s in 1..=steps {
            let f = s as f64 / steps as f64;
            t += 16_000 + rng.below(4_000) as u64;
            let nx = x + (tx - x) * f + bend * (f * std::f64::consts::PI).sin() * speed;
            let ny = y + (ty - y) * f;
            out.push(InputEvent::Mouse {
                ts: t,
                x: nx.round(),
                y: ny.round(),
                kind: MouseKind::Move,
            });
        }
        (x, y) = (tx, ty);
        if rng.f64() < 0.6 {
            out.push(InputEvent::Mouse {
                ts: t + 90_000,
                x,
                y,
                kind: MouseKind::Press(Button::Left),
            });
            t += 90_000 + 60_000 + rng.below(80_000) as u64;
            out.push(InputEvent::Mouse {
                ts: t,
                x,
                y,
                kind: MouseKind::Release(Button::Left),
            });
        } else {
            t += 11_000_000;
        }
        for k in 0..rng.below(12) {
            let code = 16 + rng.below(20) as u32;
            t += 120_000 + rng.below(200_000) as u64;
            out.push(InputEvent::Key {
                ts: t,
                code,
                press: Press::Press,
            });
            out.push(InputEvent::Key {
                ts: t + 70_000 + k as u64 * 1000,
                code,
                press: Press::Release,
            });
        }
    }
    out.sort_by_key(InputEvent::ts);
    out
}

fn per_event(c: &mut Criterion) {
    let owner = stream(1, 1.0, 60_000);
    let others = mouse_vectors(&stream(2, 2.5, 60_000));
    let replay = stream(3, 1.0, 200_000);
    let mut g = c.benchmark_group("engine_push_per_event");
    for kind in DetectorKind::ALL {
        let profile = Profile::enrol(
            &owner,
            &others,
            &EnrolOptions {
                detector: kind,
                ..EnrolOptions::default()
            },
        )
        .unwrap();
        let mut engine = Engine::new(profile, TrustConfig::default());
        let mut i = 0usize;
        g.bench_function(BenchmarkId::from_parameter(kind), |b| {
            b.iter(|| {
                i = (i + 1) % replay.len();
                black_box(engine.push(&replay[i]))
            })
        });
    }
    g.finish();
}

fn features(c: &mut Criterion) {
    let actions = segment(&stream(4, 1.0, 20_000));
    let mut i = 0usize;
    c.bench_function("mouse_action_features", |b| {
        b.iter(|| {
            i = (i + 1) % actions.len();
            black_box(action_features(&actions[i]))
        })
    });
}

/// The worst event: one that completes an action, so features and the detector both run.
fn completing_event(c: &mut Criterion) {
    let owner = mouse_vectors(&stream(1, 1.0, 60_000));
    let others = mouse_vectors(&stream(2, 2.5, 60_000));
    let actions = segment(&stream(4, 1.0, 20_000));
    let mut g = c.benchmark_group("action_features_and_score");
    for kind in DetectorKind::ALL {
        let model = Model::fit(kind, &owner, &others, 1).unwrap();
        let mut i = 0usize;
        g.bench_function(BenchmarkId::from_parameter(kind), |b| {
            b.iter(|| {
                i = (i + 1) % actions.len();
                let f = action_features(&actions[i]).map(squash);
                black_box(model.anomaly(&f))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, per_event, features, completing_event);
criterion_main!(benches);
