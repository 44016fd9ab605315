//! Any bytes: parse as a shell command, evaluate for an agent and a human.
//! Nothing may panic, hang, or allow what could not be understood.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_core::{shell, Action, Actor, Context, Decision, Policy};

fuzz_target!(|data: &[u8]| {
    let line = shell::parse_bytes(data);
    let policy = Policy::embedded();
    for actor in [Actor::Agent("fuzz".into()), Actor::Human] {
        let ctx = Context { actor, interactive: false, cwd: "/w/p".into(), home: "/home/u".into(), trust: None };
        let v = policy.evaluate(&Action::Command(line.clone()), &ctx);
        if !line.problems.is_empty() {
            assert_ne!(v.decision, Decision::Allow, "allowed what could not be understood: {:?}", line.raw);
        }
    }
});
