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
use ward_hook::store::{DEFAULT_IDLE, FileStore};
use ward_hook::{Extras, answer, judge, payload, script};

const BASH: &[u8] = br#"{"session_id":"abc","transcript_path":"/tmp/t.jsonl","cwd":"/work/project","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -p ward-core 2>&1 | tail -n 20","description":"run tests"}}"#;
const DENY: &[u8] = br#"{"session_id":"abc","cwd":"/work/project","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"sudo rm -rf --no-preserve-root /"}}"#;
const WRITE: &[u8] = br##"{"session_id":"abc","cwd":"/work/project","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/work/project/deploy.sh","content":"#!/bin/bash\nset -e\ncargo build --release\nscp target/release/app host:/srv/app\nssh host systemctl restart app\n"}}"##;

fn decide(policy: &Policy, bytes: &[u8]) -> String {
    let call = payload::parse(bytes, None, "/work/project", "/home/user").unwrap();
    let j = judge::judge(policy, &call, "/home/user", &[]);
    answer::render_answer(call.agent, &call.event, j.decision, j.deferred, &j.reason)
}

/// The hook's work with session memory on, as `ward hook` does it without a
/// daemon: load (and lock) the session's file, judge with it, save.
fn decide_in_session(policy: &Policy, store: &FileStore, bytes: &[u8], cwd: &str) -> String {
    let call = payload::parse(bytes, None, cwd, "/home/user").unwrap();
    let mut l = store.load(&call.session, &call.cwd);
    let mut cache = script::NoCache;
    let j = judge::judge_with(
        policy,
        &call,
        "/home/user",
        &[],
        Extras {
            scripts: &mut cache,
            memory: Some(&mut l.memory),
        },
    );
    store.save(l).unwrap();
    answer::render_answer(call.agent, &call.event, j.decision, j.deferred, &j.reason)
}

fn sessions(c: &mut Criterion, policy: &Policy) {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().join("project");
    std::fs::create_dir_all(&cwd).unwrap();
    let cwd = cwd.to_string_lossy().into_owned();
    let store = FileStore::new(dir.path(), DEFAULT_IDLE);
    let call = |tool: &str, input: serde_json::Value| {
        serde_json::json!({"session_id": "bench", "cwd": cwd, "hook_event_name": "PreToolUse",
                           "tool_name": tool, "tool_input": input})
        .to_string()
    };
    // A session that has done things: writes, a fetch, a secret read.
    std::fs::write(
        format!("{cwd}/.env"),
        "AWS_KEY=AKIAIOSFODNN7EXAMPLE\nTOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz\n",
    )
    .unwrap();
    for (i, p) in [
        call(
            "Write",
            serde_json::json!({"file_path": format!("{cwd}/a.sh"), "content": "cargo build\n"}),
        ),
        call(
            "Write",
            serde_json::json!({"file_path": format!("{cwd}/notes.txt"), "content": "rm -rf ~\n"}),
        ),
        call(
            "Bash",
            serde_json::json!({"command": "curl -o tool https://example.invalid/x"}),
        ),
        call(
            "Read",
            serde_json::json!({"file_path": format!("{cwd}/.env")}),
        ),
    ]
    .iter()
    .enumerate()
    {
        black_box((i, decide_in_session(policy, &store, p.as_bytes(), &cwd)));
    }
    let bash = call(
        "Bash",
        serde_json::json!({"command": "git status && cargo test -p ward-core 2>&1 | tail -n 20"}),
    );
    c.bench_function("hook/session-off (same payload)", |b| {
        b.iter(|| decide(policy, black_box(bash.as_bytes())))
    });
    c.bench_function("hook/session-on", |b| {
        b.iter(|| decide_in_session(policy, &store, black_box(bash.as_bytes()), &cwd))
    });
    // A 100 KB harmless script, read and judged on every call (no daemon cache).
    let mut text = String::from("#!/bin/sh\nset -e\n");
    let mut n = 0;
    while text.len() < 100 * 1024 {
        text.push_str(&format!(
            "echo step {n} && cp -r src/part{n} build/part{n}\n"
        ));
        n += 1;
    }
    std::fs::write(format!("{cwd}/big.sh"), &text).unwrap();
    let run = call("Bash", serde_json::json!({"command": "bash big.sh"}));
    let plain = call("Bash", serde_json::json!({"command": "bash -c true"}));
    c.bench_function("hook/script-none (bash -c true)", |b| {
        b.iter(|| decide(policy, black_box(plain.as_bytes())))
    });
    c.bench_function("hook/script-100k (bash big.sh)", |b| {
        b.iter(|| decide(policy, black_box(run.as_bytes())))
    });
    let mut dir_cache = script::DirCache::new(dir.path().join("scripts"));
    c.bench_function("hook/script-100k cached (hook process, state dir)", |b| {
        b.iter(|| {
            let call = payload::parse(run.as_bytes(), None, &cwd, "/home/user").unwrap();
            let j = judge::judge_with(
                policy,
                &call,
                "/home/user",
                &[],
                Extras {
                    scripts: &mut dir_cache,
                    memory: None,
                },
            );
            answer::render_answer(call.agent, &call.event, j.decision, j.deferred, &j.reason)
        })
    });
    let mut cache = script::MemCache::default();
    c.bench_function("hook/script-100k cached (daemon)", |b| {
        b.iter(|| {
            let call = payload::parse(run.as_bytes(), None, &cwd, "/home/user").unwrap();
            let j = judge::judge_with(
                policy,
                &call,
                "/home/user",
                &[],
                Extras {
                    scripts: &mut cache,
                    memory: None,
                },
            );
            answer::render_answer(call.agent, &call.event, j.decision, j.deferred, &j.reason)
        })
    });
}

fn bench(c: &mut Criterion) {
    let policy = Policy::embedded();
    sessions(c, policy);
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
