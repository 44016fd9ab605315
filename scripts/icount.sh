#!/usr/bin/env bash
# The instruction-count regression gate: counts the instructions of fixed
# workloads under Valgrind (cachegrind, no cache simulation) and compares them
# with the committed baseline, benches/icount-baseline.json. Counts, not
# times: the same binary on the same input gives the same count (±1%) on a
# loaded 2-core machine, so a 10% threshold is signal, never noise.
#
#   bash scripts/icount.sh            compare; exit 1 when a count grows > 10%
#   bash scripts/icount.sh --save     accept the current counts as the baseline
#                                     (after a deliberate change; commit the file)
#   WARD_ICOUNT_SLOWDOWN=15 bash scripts/icount.sh
#                                     dry run: repeats each in-process workload's
#                                     loop 15% more often, which must fail the gate
#   ICOUNT_THRESHOLD=10               the allowed growth, in percent
#   ICOUNT_NO_BUILD=1                 count the binaries already in target/release
#
# Workloads (crates/ward/examples/icount.rs, release build):
#   eval   parse + evaluate of a fixed set of 16 command lines, 20 times over
#   hook   the hook's in-process path on 4 Claude Code payloads, 40 times over
#   scan   ward-crypto `scan_bytes` of a fixed corpus (Rust, Python, Go), 4 times
#   trust  enrol a profile from a fixed keyboard/mouse stream, score 10,000 events
# and whole `ward` processes (policy load, parse, judge, output, exit):
#   check-ls, check-python   `ward check -- ls -la` / `… python3 -c 'print(1)'`
#   hook-process             `ward hook` on a Claude Bash payload, recorded to a
#                            fresh audit store (no daemon): creates the store
#   hook-journal             the same call again, the store existing: recorded
#                            to the append journal (the steady state)
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=benches/icount-baseline.json
save=0
[ "${1:-}" = --save ] && save=1
threshold=${ICOUNT_THRESHOLD:-10}
if ! command -v valgrind >/dev/null; then
  echo "icount: valgrind is missing (bash scripts/test-deps.sh installs it)" >&2
  exit 2
fi
[ "${ICOUNT_NO_BUILD:-0}" = 1 ] || cargo build --release --locked -q -p ward --bin ward --example icount
target=${CARGO_TARGET_DIR:-target}
ward="$target/release/ward"
icount="$target/release/examples/icount"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A fixed, minimal environment: the count of a process depends (slightly) on
# its environment and arguments, and must not depend on the caller's.
run_env=(env -i PATH=/usr/bin:/bin HOME="$tmp/home" WARD_HOME="$tmp/state" WARD_NO_DAEMON=1 LC_ALL=C
  WARD_ICOUNT_SLOWDOWN="${WARD_ICOUNT_SLOWDOWN:-0}")
mkdir -p "$tmp/home"
count() { # name, stdin file, command… → prints "name count"
  local name=$1 input=$2; shift 2
  local out
  out=$("${run_env[@]}" valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null <"$input") || true
  local n
  n=$(printf '%s\n' "$out" | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d , | head -n1)
  [ -n "$n" ] || { echo "icount: no count for $name:" >&2; printf '%s\n' "$out" >&2; exit 2; }
  echo "$name $n"
}
payload='{"session_id":"0b6c","cwd":"/work/project","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -p ward-core 2>&1 | tail -n 20"}}'
printf '%s\n' "$payload" > "$tmp/payload.json"
{
  for w in eval hook scan trust; do
    count "$w" /dev/null "$icount" "$w"
  done
  count check-ls /dev/null "$ward" check -- ls -la
  count check-python /dev/null "$ward" check -- "python3 -c 'print(1)'"
  rm -rf "$tmp/state"
  count hook-process "$tmp/payload.json" "$ward" hook
  count hook-journal "$tmp/payload.json" "$ward" hook
} > "$tmp/counts"
python3 - "$tmp/counts" "$baseline" "$save" "$threshold" <<'PY'
import json, os, platform, subprocess, sys
counts_file, baseline, save, threshold = sys.argv[1], sys.argv[2], sys.argv[3] == "1", float(sys.argv[4])
counts = {}
for line in open(counts_file):
    name, n = line.split()
    counts[name] = int(n)
def machine():
    cpu = "unknown cpu"
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip(); break
    except OSError:
        pass
    vg = subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{platform.machine()} {cpu}, {os.cpu_count()} cores; {vg}; {rustc}"
if save:
    with open(baseline, "w") as f:
        json.dump({"machine": machine(), "threshold_percent": threshold, "counts": counts}, f, indent=2)
        f.write("\n")
    for k, v in counts.items():
        print(f"{k:14} {v:>14,}")
    print(f"icount: saved {baseline}; commit it")
    sys.exit(0)
try:
    base = json.load(open(baseline))
except (OSError, ValueError) as e:
    print(f"icount: no baseline ({e}); run `bash scripts/icount.sh --save`", file=sys.stderr)
    sys.exit(2)
bad = []
print(f"{'workload':14} {'baseline':>14} {'now':>14} {'change':>8}")
for k, v in counts.items():
    b = base["counts"].get(k)
    if b is None:
        print(f"{k:14} {'-':>14} {v:>14,}     new")
        continue
    change = (v - b) / b * 100
    flag = ""
    if change > threshold:
        flag = f"  FAIL (> +{threshold:g}%)"; bad.append(k)
    elif change < -threshold:
        flag = "  faster: accept with --save"
    print(f"{k:14} {b:>14,} {v:>14,} {change:>+7.1f}%{flag}")
print(f"baseline taken on: {base.get('machine', 'unknown')}")
if bad:
    print(f"icount: {', '.join(bad)} grew by more than {threshold:g}%; if deliberate, run "
          "`bash scripts/icount.sh --save` and commit benches/icount-baseline.json", file=sys.stderr)
    sys.exit(1)
print("icount: every count within the threshold")
PY
