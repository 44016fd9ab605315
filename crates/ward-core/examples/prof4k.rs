#![allow(dead_code)]
use std::hint::black_box;
use ward_core::{Action, Actor, Context, Policy, shell};
include!("../benches/common/lines.rs");
fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    let line = match mode.as_str() {
        "hidden" => hidden_line(),
        "plain" => plain_line(),
        _ => four_kb_line(),
    };
    let policy = Policy::embedded();
    let ctx = Context {
        actor: Actor::Agent("bench".into()),
        interactive: false,
        cwd: "/home/u/p".into(),
        home: "/home/u".into(),
        trust: None,
    };
    let t = std::time::Instant::now();
    for _ in 0..n {
        black_box(policy.evaluate(&Action::Command(shell::parse(black_box(&line))), &ctx));
    }
    eprintln!(
        "{mode}: {:.1} us/iter",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
