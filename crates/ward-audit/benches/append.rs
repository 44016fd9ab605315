//! Append costs: one durable append (what `ward exec` pays before running a
//! command) and batched appends (what a daemon can sustain), both with the
//! hash chain; plus a full `verify` walk.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ward_audit::{NewEvent, Options, Store, Sync};

fn event(i: usize) -> NewEvent {
    NewEvent {
        actor: "agent:claude".into(),
        source: "exec".into(),
        kind: "command".into(),
        raw: format!("git push --force origin main # {i}"),
        commands: vec!["git push --force origin main".into()],
        decision: "ask".into(),
        rules: vec!["git-force-push".into()],
        reason: "force-push rewrites shared history".into(),
        cwd: "/home/me/project".into(),
        pid: 4242,
        ppid: 4241,
        uid: 1000,
        session: "0b6c9f3e".into(),
        decided_by: "in-process".into(),
        ..NewEvent::default()
    }
}

fn single(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("append");
    for (name, sync) in [
        ("single_full_sync", Sync::Full),
        ("single_normal_sync", Sync::Normal),
    ] {
        let path = dir.path().join(format!("{name}.db"));
        let mut store = Store::open_with(
            &path,
            Options {
                sync,
                ..Options::default()
            },
        )
        .unwrap();
        let ev = event(0);
        g.bench_function(name, |b| b.iter(|| store.append(&ev).unwrap()));
    }
    // A fresh `ward exec` process opens the store, then appends once.
    let path = dir.path().join("open.db");
    drop(Store::open(&path).unwrap());
    let ev = event(0);
    g.bench_function("open_and_append_full_sync", |b| {
        b.iter(|| Store::open(&path).unwrap().append(&ev).unwrap())
    });
    g.finish();
}

fn batched(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("batch.db")).unwrap();
    let mut g = c.benchmark_group("append");
    for n in [100usize, 1_000] {
        let evs: Vec<NewEvent> = (0..n).map(event).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("batch_{n}"), |b| {
            b.iter(|| store.append_batch(&evs).unwrap())
        });
    }
    g.finish();
}

fn verify(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("verify.db")).unwrap();
    let evs: Vec<NewEvent> = (0..10_000).map(event).collect();
    store.append_batch(&evs).unwrap();
    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Elements(10_000));
    g.sample_size(20);
    g.bench_function("10k_events", |b| {
        b.iter_batched(
            || (),
            |()| assert!(store.verify().unwrap().ok()),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, single, batched, verify);
criterion_main!(benches);
