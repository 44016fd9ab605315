#!/usr/bin/env bash
# Daemon figures that need a real process: start to ready (process spawn to
# socket answering a hello), Evaluate round trips from a separate client
# process, and RSS after 100,000 evaluations.
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
# Round trips from another process (criterion's in-process client shares the
# daemon's process and reads slower on a loaded machine).
python3 - "$sock" <<'PY'
import json, socket, statistics, struct, sys, time
path = sys.argv[1]
def frame(o):
    b = json.dumps(o).encode()
    return struct.pack(">I", len(b)) + b
def recv(s):
    h = b""
    while len(h) < 4:
        h += s.recv(4 - len(h))
    n, b = struct.unpack(">I", h)[0], b""
    while len(b) < n:
        b += s.recv(n - len(b))
    return b
ev = {"type": "evaluate", "action": {"kind": "command", "text": "ls -la"}, "actor": "agent:b",
      "interactive": False, "cwd": "/w", "home": "/h"}
def conn():
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(frame({"type": "hello", "version": 1}))
    recv(s)
    return s
s, ts = conn(), []
for _ in range(3000):
    t = time.perf_counter(); s.sendall(frame(ev)); recv(s); ts.append(time.perf_counter() - t)
print("evaluate round trip, one connection: median %.1f us" % (statistics.median(ts[500:]) * 1e6))
ts = []
for _ in range(1000):
    t = time.perf_counter(); c = conn(); c.sendall(frame(ev)); recv(c); c.close(); ts.append(time.perf_counter() - t)
print("connect + hello + evaluate: median %.1f us" % (statistics.median(ts[100:]) * 1e6))
PY
"$LOAD" "$sock" "$N" "$pid"
