#!/usr/bin/env bash
# Daemon figures that need a real process: start to ready (process spawn to
# socket answering a hello) and RSS after 100,000 evaluations.
# Usage: bash scripts/bench-daemon.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p ward
cargo build --release -q -p ward-daemon --example load
WARD="$CARGO_TARGET_DIR/release/ward"
LOAD="$CARGO_TARGET_DIR/release/examples/load"
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export WARD_HOME="$tmp" XDG_RUNTIME_DIR=""
unset WARD_POLICY WARD_SOCKET
sock="$tmp/ward.sock"
# Start to ready: spawn to the "listening" line (socket bound, signals set), median of 20.
python3 - "$WARD" "$sock" <<'PY'
import subprocess, sys, time, statistics
ward, sock = sys.argv[1], sys.argv[2]
ts = []
for _ in range(20):
    t = time.perf_counter()
    p = subprocess.Popen([ward, "daemon", "--foreground", "--socket", sock], stderr=subprocess.PIPE)
    p.stderr.readline()
    ts.append((time.perf_counter() - t) * 1000)
    p.terminate(); p.wait()
print("start to ready: median %.2f ms (min %.2f, max %.2f)" % (statistics.median(ts), min(ts), max(ts)))
PY
pid=0
"$WARD" daemon --foreground --socket "$sock" 2>/dev/null &
pid=$!
for _ in $(seq 500); do [ -S "$sock" ] && break; sleep 0.01; done
"$LOAD" "$sock" "$N" "$pid"
