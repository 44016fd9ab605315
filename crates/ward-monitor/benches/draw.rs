//! Drawing a full screen with 100,000 buffered events.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ward_daemon::Event;
use ward_monitor::{Action, State, draw};

fn filled() -> State {
    let mut s = State::new(100_000);
    for i in 0..100_000u64 {
        let decision = ["allow", "ask", "deny"][(i % 3) as usize];
        s.push_event(Event {
            seq: i,
            ts_ms: i * 10,
            source: "exec".into(),
            actor: if i % 2 == 0 {
                "human".into()
            } else {
                "agent:claude".into()
            },
            kind: "command".into(),
            raw: format!("git commit -m 'change number {i}'"),
            commands: vec![format!("git commit -m 'change number {i}'")],
            decision: decision.into(),
            rules: vec![format!("rule.{}", i % 17)],
            reason: "a reason that is moderately long, like real ones".into(),
            decided_by: "daemon".into(),
            session: String::new(),
            ..Event::default()
        });
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut s = filled();
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut g = c.benchmark_group("monitor");
    g.bench_function("draw_100k_follow", |b| {
        b.iter(|| term.draw(|f| draw(&s, f)).unwrap().area)
    });
    s.apply(Action::CycleDecision);
    g.bench_function("draw_100k_deny_filter", |b| {
        b.iter(|| term.draw(|f| draw(&s, f)).unwrap().area)
    });
    s.apply(Action::ClearFilters);
    s.search = "rule.16".into();
    for _ in 0..1000 {
        s.apply(Action::Up);
    }
    g.bench_function("draw_100k_search_scrolled_1000", |b| {
        b.iter(|| term.draw(|f| draw(&s, f)).unwrap().area)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
