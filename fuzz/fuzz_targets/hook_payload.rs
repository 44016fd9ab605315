//! Any bytes as an agent's hook payload: parsing never panics, and whatever
//! parses is judged and answered with valid JSON in the agent's protocol.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_core::Policy;
use ward_hook::{answer, judge, payload};

fuzz_target!(|data: &[u8]| {
    let Ok(call) = payload::parse(data, None, "/w/p", "/home/u") else {
        return;
    };
    let j = judge::judge(Policy::embedded(), &call, "/home/u", &[]);
    let out = answer::render(call.agent, &call.event, j.decision, &j.reason);
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "invalid answer: {out}");
});
