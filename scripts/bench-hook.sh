#!/usr/bin/env bash
# The whole `ward hook` process, stdin to stdout, for a Claude Code Bash
# payload, beside /bin/true in one hyperfine run. Target: ≤ 2 ms median.
# Usage: bash scripts/bench-hook.sh   (needs hyperfine: apt-get install -y hyperfine)
#        WITH_DAEMON=1 bash scripts/bench-hook.sh   (a `ward daemon` on a temp socket judges
#        and records; the hook process then loads no policy and opens no store;
#        SYNC=normal runs it with `--sync normal`)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench-hook: hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
cargo build --release -p ward >/dev/null
target=${CARGO_TARGET_DIR:-target}
ward="$target/release/ward"
tmp=$(mktemp -d)
daemon_pid=
trap '[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
cat > "$tmp/allow.json" <<'JSON'
{"session_id":"0b6c","transcript_path":"/tmp/t.jsonl","cwd":"/work/project","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -p ward-core 2>&1 | tail -n 20","description":"run the tests"}}
JSON
cat > "$tmp/deny.json" <<'JSON'
{"session_id":"0b6c","transcript_path":"/tmp/t.jsonl","cwd":"/work/project","permission_mode":"bypassPermissions","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"sudo rm -rf --no-preserve-root /"}}
JSON
# Session memory off (no session id) beside on (the payloads above name one),
# and a 100 KB harmless script that the hook reads and judges (issue 14).
cat > "$tmp/nosession.json" <<'JSON'
{"transcript_path":"/tmp/t.jsonl","cwd":"/work/project","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -p ward-core 2>&1 | tail -n 20","description":"run the tests"}}
JSON
mkdir -p "$tmp/proj"
python3 - "$tmp/proj/big.sh" <<'PY'
import sys
lines, n = ["#!/bin/sh", "set -e"], 0
while sum(len(l) + 1 for l in lines) < 100 * 1024:
    lines.append(f"echo step {n} && cp -r src/part{n} build/part{n}"); n += 1
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
printf '{"session_id":"0b6c","cwd":"%s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"bash big.sh"}}\n' "$tmp/proj" > "$tmp/script.json"
printf '{"session_id":"0b6c","cwd":"%s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"bash -c true"}}\n' "$tmp/proj" > "$tmp/noscript.json"
export WARD_HOME="$tmp/state"
if [ "${WITH_DAEMON:-0}" = 1 ]; then
  export WARD_SOCKET="$tmp/ward.sock"
  ready=$("$ward" daemon --socket "$WARD_SOCKET" --sync "${SYNC:-full}")
  daemon_pid=${ready##*pid }
  daemon_pid=${daemon_pid%)}
  echo "bench-hook: $ready"
else
  export WARD_NO_DAEMON=1
fi
# Debian's hyperfine has no `--input`, so stdin comes through the shell;
# hyperfine measures the shell's own start-up and subtracts it from both.
hyperfine --warmup 50 --runs "${RUNS:-1000}" --export-markdown "$tmp/report.md" --export-json "$tmp/report.json" \
  -n '/bin/true' "/bin/true < $tmp/allow.json" \
  -n 'ward --version (process floor, no policy)' "$ward --version < $tmp/allow.json" \
  -n 'ward hook (claude Bash, allow)' "$ward hook < $tmp/allow.json" \
  -n 'ward hook (claude Bash, deny)' "$ward hook < $tmp/deny.json" \
  -n 'ward hook (no session id: session memory off)' "$ward hook < $tmp/nosession.json" \
  -n 'ward hook (bash -c true)' "$ward hook < $tmp/noscript.json" \
  -n 'ward hook (bash big.sh, 100 KB script read)' "$ward hook < $tmp/script.json" \
  "$@"
cat "$tmp/report.md"
# hyperfine 1.15 prints means; the target is on the median.
python3 - "$tmp/report.json" <<'PY' || true
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:7.3f} ms  min {r['min'] * 1000:7.3f} ms  {r['command']}")
PY
# hyperfine subtracts a shell's start-up, which is noisy under load (medians of
# 0 ms happen); also spawn each command directly (posix_spawn, stdin from the
# payload file) and print median / p10 / min over the same runs.
python3 - "${RUNS:-1000}" "$tmp/allow.json" "$ward" <<'PY' || true
import os, sys, time, statistics
runs, payload, ward = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def one(cmd):
    fd = os.open(payload, os.O_RDONLY); null = os.open("/dev/null", os.O_WRONLY)
    t = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, fd, 0), (os.POSIX_SPAWN_DUP2, null, 1)])
    os.waitpid(pid, 0)
    d = time.perf_counter() - t
    os.close(fd); os.close(null)
    return d
for cmd in (["/bin/true"], [ward, "--version"], [ward, "hook"]):
    for _ in range(20): one(cmd)
    ts = sorted(one(cmd) for _ in range(runs))
    print(f"spawn: median {statistics.median(ts)*1000:7.3f} ms  p10 {ts[len(ts)//10]*1000:7.3f} ms  min {ts[0]*1000:7.3f} ms  {' '.join(cmd)} < allow.json")
PY
