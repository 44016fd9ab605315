//! The hook decision in-process: payload bytes → call → judgement → answer.
//! The whole process (start-up included) is measured by `scripts/bench-hook.sh`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use ward_core::Policy;
use ward_hook::{answer, judge, payload};

const BASH: &[u8] = br#"{"session_id":"abc","transcript_path":"/tmp/t.jsonl","cwd":"/work/project","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -p ward-core 2>&1 | tail -n 20","description":"run tests"}}"#;
const DENY: &[u8] = br#"{"session_id":"abc","cwd":"/work/project","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"sudo rm -rf --no-preserve-root /"}}"#;
const WRITE: &[u8] = br##"{"session_id":"abc","cwd":"/work/project","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/work/project/deploy.sh","content":"#!/bin/bash\nset -e\ncargo build --release\nscp target/release/app host:/srv/app\nssh host systemctl restart app\n"}}"##;

fn decide(policy: &Policy, bytes: &[u8]) -> String {
    let call = payload::parse(bytes, None, "/work/project", "/home/user").unwrap();
    let j = judge::judge(policy, &call, "/home/user", &[]);
    answer::render(call.agent, &call.event, j.decision, &j.reason)
}

fn bench(c: &mut Criterion) {
    let policy = Policy::embedded();
    c.bench_function("hook/claude-bash-allow", |b| {
        b.iter(|| decide(policy, black_box(BASH)))
    });
    c.bench_function("hook/claude-bash-deny", |b| {
        b.iter(|| decide(policy, black_box(DENY)))
    });
    c.bench_function("hook/claude-write-script", |b| {
        b.iter(|| decide(policy, black_box(WRITE)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
